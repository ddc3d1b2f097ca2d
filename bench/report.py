"""The bench's verdicts (each target against its same-run reference) and the terminal tables."""
from __future__ import annotations

import sys
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

MEMORY_LIMIT_MB = 1024.0
E2E_TARGET_DOCS_S = 300.0
PDF_MAX_RATIO = 1.2
FAST_PATH_MIN_SPEEDUP = 5.0


def _verdict(name: str, holds: bool | None, measured: str, why: str = "") -> dict[str, Any]:
    return {"target": name, "holds": holds, "measured": measured, "note": why}


def _get(data: dict[str, Any], *keys: str) -> Any:
    for key in keys:
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def evaluate_targets(report: dict[str, Any]) -> list[dict[str, Any]]:
    """Every target of issues 7 and 19, each judged on figures measured in this run."""
    sizes = sorted(report["sizes"], key=int)
    largest = report["sizes"][sizes[-1]]
    jobs = int(report.get("machine", {}).get("jobs") or 1)
    return [_text_vs_jionlp(report), _e2e(largest, sizes[-1], jobs), *_memory(report, sizes),
            *_pdf(report.get("pdf", {})), *_sparql(report.get("sparql", {})), *_endpoint(report.get("endpoint", {})),
            *(wholeprocess_targets(report["wholeprocess"]) if "wholeprocess" in report else [])]


def _endpoint(endpoint: dict[str, Any]) -> list[dict[str, Any]]:
    """The endpoint's targets: no error under load, and ASK {} under 100 ms beside pathological queries."""
    load, ask = endpoint.get("load"), endpoint.get("ask_while_pathological")
    if not load or not ask:
        return [_verdict("endpoint under load", None, "not measured", str(endpoint.get("error", "")))]
    return [
        _verdict(f"endpoint: {load['clients']} clients × {load['requests_per_client']} requests, no error",
                 load["errors"] == 0,
                 f"{load['throughput_rps']} req/s, p50 {load['p50_ms']} ms, p99 {load['p99_ms']} ms, "
                 f"{load['errors']} errors", "one pathological query per client, stopped at the timeout (503)"),
        _verdict(f"endpoint: ASK {{}} < {ask['target_ms']:.0f} ms while {ask['pathological_running']} "
                 "pathological queries run (95% of the asks)", ask["holds"],
                 f"median {ask['p50_ms']} ms, p95 {ask.get('p95_ms', '—')} ms, max {ask['max_ms']} ms"),
        *_endpoint_memory(endpoint, load),
    ]


def _endpoint_memory(endpoint: dict[str, Any], load: dict[str, Any]) -> list[dict[str, Any]]:
    """Memory bounded under load: no worker seen above serve's --memory-mb (it stops one that is)."""
    bound = endpoint.get("memory_mb")
    if not bound:  # a report written before the bound was recorded
        return [_verdict("endpoint: memory bounded", None, "not measured", "no --memory-mb in the report")]
    peak = load["peak_worker_rss_mb"]
    return [_verdict(f"endpoint: each worker ≤ --memory-mb {bound} MiB under load", peak <= bound,
                     f"peak worker {peak} MiB, all workers {load['peak_workers_rss_mb']} MiB, "
                     f"front {endpoint.get('front_rss_mb')} MiB", "sampled every 0.1 s")]


def _text_vs_jionlp(report: dict[str, Any]) -> dict[str, Any]:
    ours = _get(report, "references", "contenders", "ours_structure_extract", "docs_per_s")
    peer = _get(report, "references", "contenders", "jionlp_money", "docs_per_s")
    if ours is None or peer is None:
        return _verdict("text extraction ≥ JioNLP extract_money", None, "not measured",
                        str(report.get("references", {}).get("error", "")))
    return _verdict("text extraction ≥ JioNLP extract_money", ours >= peer,
                    f"structure+extract {ours:.0f} docs/s vs JioNLP {peer:.0f} docs/s ({ours / peer:.2f}×)")


def _e2e(largest: dict[str, Any], n: str, jobs: int) -> dict[str, Any]:
    rate = _get(largest, "e2e", "docs_per_s")
    if rate is None:
        bound = _per_document_bound(largest, jobs)
        if bound is not None and bound < E2E_TARGET_DOCS_S:  # even perfect scaling without link/graph falls short
            return _verdict(f"end to end ≥ {E2E_TARGET_DOCS_S:.0f} docs/s", False,
                            f"≤ {bound:.0f} docs/s on {n} docs (upper bound)",
                            f"ingest+structure+extract alone, × {jobs} cores; link/graph did not finish in time")
        return _verdict(f"end to end ≥ {E2E_TARGET_DOCS_S:.0f} docs/s", None, "not measured",
                        str(_get(largest, "e2e", "error") or ""))
    return _verdict(f"end to end ≥ {E2E_TARGET_DOCS_S:.0f} docs/s", rate >= E2E_TARGET_DOCS_S,
                    f"{rate:.0f} docs/s on {n} docs, --jobs {_get(largest, 'e2e', 'jobs')}")


def _per_document_bound(size: dict[str, Any], jobs: int) -> float | None:
    """docs/s of the per-document stages measured in one process, times the cores: an upper bound."""
    rate = _get(size, "text", "per_document", "docs_per_s")
    return rate * jobs if rate else None


def _memory(report: dict[str, Any], sizes: list[str]) -> list[dict[str, Any]]:
    out = []
    for phase, label in (("text", "one worker's stages"), ("e2e", "policykg build")):
        peaks = {n: _get(report["sizes"][n], phase, "peak_rss_mb") for n in sizes}
        top = peaks[sizes[-1]]
        if top is None:
            out.append(_verdict(f"peak RSS < 1 GiB ({label})", None, "not measured",
                                str(_get(report["sizes"][sizes[-1]], phase, "error") or "")))
            continue
        flat = f"; {sizes[0]} docs: {peaks[sizes[0]]:.0f} MiB" if len(sizes) > 1 and peaks[sizes[0]] else ""
        unfinished = _get(report["sizes"][sizes[-1]], phase, "error")
        # a phase stopped early gives a lower bound: it settles "no", never "yes"
        holds = False if top >= MEMORY_LIMIT_MB else (None if unfinished else True)
        out.append(_verdict(f"peak RSS < 1 GiB ({label})", holds,
                            f"{sizes[-1]} docs: {'≥ ' if unfinished else ''}{top:.0f} MiB{flat}",
                            "lower bound: the phase did not finish" if unfinished else ""))
    return out


def _pdf(pdf: dict[str, Any]) -> list[dict[str, Any]]:
    if "error" in pdf or not pdf:
        why = str(pdf.get("error", "PDF phase did not run"))
        return [_verdict("PDF ingest ≤ 1.2× pdfplumber", None, "not measured", why),
                _verdict("PDF fast path ≥ 5× and same records", None, "not measured", why)]
    ratio = _get(pdf, "ratios", "pipeline_vs_pdfplumber")
    speedup = _get(pdf, "ratios", "fast_vs_pipeline")
    agree = _get(pdf, "agreement", "records_identical_share")
    first = _verdict("PDF ingest ≤ 1.2× pdfplumber", None if ratio is None else ratio <= PDF_MAX_RATIO,
                     "not measured" if ratio is None else f"{ratio:.2f}× pdfplumber's plain extract_text")
    if speedup is None:
        second = _verdict("PDF fast path ≥ 5× and same records", None, "not measured",
                          str(pdf.get("fast_path_missing", "")))
    else:
        second = _verdict("PDF fast path ≥ 5× and same records", speedup >= FAST_PATH_MIN_SPEEDUP and agree == 1.0,
                          f"{speedup:.1f}× faster; identical records {agree:.0%}")
    return [first, second]


def _sparql(sparql: dict[str, Any]) -> list[dict[str, Any]]:
    queries = sparql.get("queries") or {}
    if not queries:
        return [_verdict("SPARQL latency targets", None, "not measured",
                         str(sparql.get("error", "no saved queries in ontology/queries/")))]
    out = []
    for name, q in sorted(queries.items()):
        best = min((q[s]["median_ms"] for s in ("memory", "oxigraph") if "median_ms" in q[s]), default=None)
        if best is None:
            out.append(_verdict(f"query {name} ({q['kind']})", None, "failed", str(q["oxigraph"].get("error"))))
            continue
        store = "oxigraph" if q["oxigraph"].get("median_ms") == best else "memory"
        agree = q["stores_agree"]
        holds = False if best >= q["target_ms"] or agree is False else (True if agree else None)
        out.append(_verdict(f"query {name} ({q['kind']}) < {q['target_ms']:.0f} ms", holds,
                            f"{best:.1f} ms ({store}); stores agree: {'unchecked' if agree is None else agree}",
                            "" if agree is not None else "rdflib did not load the graph in time"))
    return out


def _fmt(value: Any, digits: int = 1) -> str:
    if value is None:
        return "—"
    return f"{value:,.{digits}f}" if isinstance(value, float) else str(value)


def print_report(report: dict[str, Any], console: Console | None = None) -> None:
    """The stage table per corpus size, the references, PDF, SPARQL and the verdicts."""
    # a pipe (CI logs, `| tee`) gets a wide table rather than rich's 80-column default
    console = console or Console(width=None if sys.stdout.isatty() else 150)
    for n, size in sorted(report["sizes"].items(), key=lambda kv: int(kv[0])):
        console.print(_stage_table(n, size))
    console.print(_references_table(report.get("references", {})))
    if report.get("wholeprocess"):
        console.print(_wholeprocess_table(report["wholeprocess"]))
    if report.get("pdf") and "error" not in report["pdf"]:
        console.print(_pdf_table(report["pdf"]))
    if report.get("sparql", {}).get("queries"):
        console.print(_sparql_table(report["sparql"]))
    if report.get("endpoint", {}).get("load"):
        console.print(_endpoint_table(report["endpoint"]))
    table = Table(title="Targets (same-run references)")
    for col in ("target", "holds", "measured", "note"):
        table.add_column(col)
    for v in report["targets"]:
        mark = {True: "[green]yes[/]", False: "[red]no[/]", None: "[yellow]n/a[/]"}[v["holds"]]
        table.add_row(v["target"], mark, v["measured"], v["note"])
    console.print(table)


def _stage_table(n: str, size: dict[str, Any]) -> Table:
    text, build = size.get("text", {}), size.get("e2e", {})
    table = Table(title=f"{n} documents ({size.get('corpus_mb')} MB) — per-document stages in one process, "
                        f"then `policykg build -j{build.get('jobs', '?')}` step by step")
    for col in ("stage", "seconds", "docs/s", "MB/s", "note"):
        table.add_column(col, justify="right" if col not in ("stage", "note") else "left")
    for stage in ("ingest", "structure", "extract"):
        s = _get(text, "stages", stage) or {}
        table.add_row(stage, _fmt(s.get("seconds"), 2), _fmt(s.get("docs_per_s")), _fmt(s.get("mb_per_s"), 2),
                      "one process")
    p = text.get("per_document", {})
    table.add_row("per document (sum)", _fmt(p.get("seconds"), 2), _fmt(p.get("docs_per_s")),
                  _fmt(p.get("mb_per_s"), 2),
                  text.get("error") or f"one process, peak RSS {_fmt(text.get('peak_rss_mb'), 0)} MiB")
    notes = {"documents": f"ingest+structure+extract on {build.get('jobs', '?')} workers, records parked on disk",
             "link": f"{_fmt(build.get('edges'))} lineage edges",
             "records": "JSON with resolved references, by the workers",
             "graph": f"{_fmt(build.get('triples'))} triples ({_fmt(build.get('triples_per_doc'))}/doc), "
                      f"N-Triples {_fmt(build.get('graph_nt_mb'))} MB + Turtle"}
    for step, note in notes.items():
        s = _get(build, "steps", step) or {}
        table.add_row(f"build: {step}", _fmt(s.get("seconds"), 2), _fmt(s.get("docs_per_s")),
                      _fmt(s.get("mb_per_s"), 2), note)
    table.add_row(f"policykg build -j{build['jobs']}" if "jobs" in build else "policykg build",
                  _fmt(build.get("seconds"), 2), _fmt(build.get("docs_per_s")), _fmt(build.get("mb_per_s"), 2),
                  build.get("error") or f"end to end; peak RSS {_fmt(build.get('peak_rss_mb'), 0)} MiB "
                                        f"(workers {_fmt(build.get('peak_rss_workers_mb'), 0)} MiB)")
    return table


def _references_table(refs: dict[str, Any]) -> Table:
    table = Table(title=f"Text extraction vs references — same {refs.get('docs', '?')} documents, interleaved")
    for col in ("contender", "docs/s", "MB/s", "found"):
        table.add_column(col)
    found = refs.get("found", {})
    names = {"regex_floor": ("bare compiled regex (floor)", "regex_floor"),
             "jionlp_money": ("JioNLP extract_money (money only)", "jionlp_money"),
             "ours_structure_extract": ("policykg structure + extract", "ours_amounts"),
             "ours_extract": ("policykg extract only", "ours_amounts")}
    for key, (label, found_key) in names.items():
        c = _get(refs, "contenders", key) or {}
        table.add_row(label, _fmt(c.get("docs_per_s")), _fmt(c.get("mb_per_s"), 2), _fmt(found.get(found_key)))
    return table


def _pdf_table(pdf: dict[str, Any]) -> Table:
    table = Table(title=f"PDF — {pdf.get('docs')} documents, {pdf.get('pages')} pages")
    for col in ("reader", "seconds", "pages/s", "docs/s", "MB/s"):
        table.add_column(col)
    for key, c in pdf.get("contenders", {}).items():
        table.add_row(key, _fmt(c.get("seconds"), 2), _fmt(c.get("pages_per_s")), _fmt(c.get("docs_per_s")),
                      _fmt(c.get("mb_per_s"), 2))
    return table


def _sparql_table(sparql: dict[str, Any]) -> Table:
    stores = sparql.get("stores", {})
    title = (f"SPARQL on the {sparql.get('on_size')}-document graph "
             f"({_get(stores, 'oxigraph', 'triples') or '?'} triples; load: memory "
             f"{_get(stores, 'memory', 'load_s')}s, oxigraph bulk {_get(stores, 'oxigraph', 'load_s')}s)")
    table = Table(title=title)
    for col in ("query", "kind", "rdflib memory ms", "oxigraph ms", "rows", "agree", "target ms"):
        table.add_column(col)
    for name, q in sorted(sparql["queries"].items()):
        table.add_row(name, q["kind"], _fmt(q["memory"].get("median_ms"), 1) if "error" not in q["memory"]
                      else "error", _fmt(q["oxigraph"].get("median_ms"), 1), _fmt(q["oxigraph"].get("rows")),
                      str(q["stores_agree"]), _fmt(q["target_ms"], 0))
    return table


def _endpoint_table(endpoint: dict[str, Any]) -> Table:
    load = endpoint["load"]
    table = Table(title=f"policykg serve under load — {load['clients']} clients × {load['requests_per_client']} "
                        f"requests, {endpoint.get('workers')} workers, timeout {endpoint.get('timeout_s')} s: "
                        f"{load['throughput_rps']} req/s, {load['errors']} errors, workers' peak "
                        f"{load['peak_workers_rss_mb']} MiB")
    for col in ("request", "n", "p50 ms", "p99 ms", "max ms", "statuses", "errors"):
        table.add_column(col, justify="left" if col in ("request", "statuses") else "right")
    for kind, k in sorted(load["kinds"].items()):
        table.add_row(escape(kind), str(k["n"]), _fmt(k["p50_ms"]), _fmt(k["p99_ms"]), _fmt(k["max_ms"]),
                      " ".join(f"{s}×{n}" for s, n in k["statuses"].items()), str(k["errors"]))
    return table


WHOLE_EXTRACT_MAX_RATIO = 1.0
WHOLE_BUILD_SIZE = "10000"
WHOLE_BUILD_MIN_DOCS_S = 100.0
WHOLE_HELP_MAX_S = 0.3


def wholeprocess_targets(whole: dict[str, Any]) -> list[dict[str, Any]]:
    """Issue 19's targets, on whole processes: extract vs JioNLP on one core, --help, build at 10,000 documents."""
    ratio = _get(whole, "extract", "ratio_policykg_vs_jionlp", "one_core")
    best = _get(whole, "extract", "best") or {}
    out = [_verdict("whole `policykg extract` ≤ JioNLP extract_money, one core", None if ratio is None
                    else ratio <= WHOLE_EXTRACT_MAX_RATIO,
                    "not measured" if ratio is None else
                    f"{best['policykg_one_core']['seconds']} s vs {best['jionlp_one_core']['seconds']} s ({ratio:.2f}×); "
                    f"CPU {best['policykg_one_core']['cpu_s']} s vs {best['jionlp_one_core']['cpu_s']} s",
                    "" if ratio is None else
                    f"load {best['policykg_one_core']['load'][0]}–{best['policykg_one_core']['load'][1]}")]
    helps = [_get(whole, "startup", "best", name) or {} for name in ("help", "query_help")]
    help_ok = all("error" not in h and h.get("exit") == 0 and h.get("seconds") is not None for h in helps)
    out.append(_verdict(f"whole `policykg --help` and `policykg query --help` < {WHOLE_HELP_MAX_S} s",
                        max(h["seconds"] for h in helps) < WHOLE_HELP_MAX_S if help_ok else None,
                        f"{helps[0]['seconds']} s and {helps[1]['seconds']} s" if help_ok else "not measured",
                        f"load {helps[0]['load'][0]}–{helps[0]['load'][1]}" if help_ok else ""))
    build = _get(whole, "build", WHOLE_BUILD_SIZE) or {}
    rate, peak = build.get("docs_per_s"), build.get("peak_rss_mb")
    ok = "error" not in build and build.get("exit") == 0 and rate is not None
    load = f"load {build['load'][0]}–{build['load'][1]}" if ok else str(build.get("error", ""))
    out.append(_verdict(f"whole `policykg build -j{build.get('jobs', 2)}` on {WHOLE_BUILD_SIZE} docs ≥ "
                        f"{WHOLE_BUILD_MIN_DOCS_S:.0f} docs/s", rate >= WHOLE_BUILD_MIN_DOCS_S if ok else None,
                        f"{rate} docs/s ({build['seconds']} s)" if ok else "not measured", load))
    out.append(_verdict(f"whole `policykg build` on {WHOLE_BUILD_SIZE} docs: peak RSS < 1 GiB",
                        peak < MEMORY_LIMIT_MB if ok and peak is not None else None,
                        f"{peak:.0f} MiB (largest process)" if ok and peak is not None else "not measured"))
    return out


def merge_wholeprocess(bench_json: Any, whole: dict[str, Any]) -> None:
    """Put the whole-process figures (and their verdicts) into an existing bench.json, or start one."""
    import json
    from pathlib import Path

    path = Path(bench_json)
    report = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {"sizes": {}, "targets": []}
    report["wholeprocess"] = whole
    kept = [v for v in report.get("targets", []) if not v["target"].startswith("whole ")]
    report["targets"] = kept + wholeprocess_targets(whole)
    path.write_text(json.dumps(report, ensure_ascii=False, sort_keys=True, indent=2) + "\n", encoding="utf-8")


def _wholeprocess_table(whole: dict[str, Any]) -> Table:
    ex = whole.get("extract", {})
    table = Table(title=f"Whole processes — wall clock from outside (start-up included), peak RSS of the "
                        f"process tree; extract on the same {ex.get('docs', '?')} documents")
    for col in ("command", "seconds", "docs/s", "CPU s", "peak RSS MiB", "load", "note"):
        table.add_column(col, justify="left" if col in ("command", "note", "load") else "right")
    labels = {"policykg_one_core": "policykg extract -j1, one core", "jionlp_one_core": "JioNLP extract_money, one core",
              "policykg_defaults": "policykg extract (all cores)", "jionlp_defaults": "JioNLP extract_money"}
    ratios = ex.get("ratio_policykg_vs_jionlp", {})
    for key, label in labels.items():
        r = _get(ex, "best", key) or {}
        setting = key.split("_", 1)[1]
        peer = _get(ex, "best", f"jionlp_{setting}") or {}
        cpu = f", {r['cpu_s'] / peer['cpu_s']:.2f}× its CPU seconds" if r.get("cpu_s") and peer.get("cpu_s") else ""
        note = r.get("error") or (f"{ratios[setting]:.2f}× JioNLP's time{cpu}"
                                  if key.startswith("policykg") and setting in ratios else "")
        table.add_row(label, *_whole_cells(r, ex.get("docs")), note)
    for n, b in sorted(whole.get("build", {}).items(), key=lambda kv: int(kv[0])):
        table.add_row(f"policykg build -j{b.get('jobs', '?')}, {int(n):,} docs", *_whole_cells(b, b.get("docs")),
                      b.get("error") or _steps_note(b))
    start = _get(whole, "startup", "best") or {}
    start_labels = {"help": "policykg --help, one core", "query_help": "policykg query --help, one core",
                    "extract_one_doc": "policykg extract -j1 of one document, one core"}
    for key, label in start_labels.items():
        if key in start:
            table.add_row(label, *_whole_cells(start[key], None), start[key].get("error") or "")
    c = whole.get("corpus") or {}
    if c:
        table.add_row(f"policykg build, labelled corpus ({c.get('docs')} files, {_fmt(c.get('bytes', 0) / 1e6)} MB)",
                      *_whole_cells(c, c.get("docs")), c.get("error") or _steps_note(c))
    return table


def _whole_cells(r: dict[str, Any], docs: int | None) -> list[str]:
    wall = r.get("seconds")
    load = r.get("load")
    return [_fmt(wall, 2), _fmt(docs / wall if docs and wall else None), _fmt(r.get("cpu_s"), 1),
            _fmt(r.get("peak_rss_mb"), 0), f"{load[0]}–{load[1]}" if load else "—"]


def _steps_note(b: dict[str, Any]) -> str:
    order = ("documents", "link", "records", "graph")  # as the build runs them (bench.json sorts keys)
    steps = ", ".join(f"{k} {v['seconds']:.1f} s" for k, v in
                      sorted(b.get("steps", {}).items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 9))
    main_peak = max((v["main_peak_rss_mb"] for v in b.get("steps", {}).values()), default=None)
    failed = f"; {b['failed_inputs']} inputs refused" if b.get("failed_inputs") else ""
    return f"{steps}; main process {_fmt(main_peak, 0)} MiB{failed}"


def print_wholeprocess(whole: dict[str, Any], console: Console | None = None) -> None:
    console = console or Console(width=None if sys.stdout.isatty() else 170)
    console.print(_wholeprocess_table(whole))
    table = Table(title="Targets (issue 19, whole processes)")
    for col in ("target", "holds", "measured", "note"):
        table.add_column(col)
    for v in wholeprocess_targets(whole):
        table.add_row(v["target"], {True: "[green]yes[/]", False: "[red]no[/]", None: "[yellow]n/a[/]"}[v["holds"]],
                      v["measured"], v["note"])
    console.print(table)
