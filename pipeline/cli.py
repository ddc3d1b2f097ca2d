"""`policykg` command line: parse arguments, call the library, turn errors into exit codes.

Exit codes: 0 ok; 1 a data problem (bad input, failed gate, query error);
2 a usage or tool problem (bad arguments, invalid configuration, a bug).
"""
from __future__ import annotations

import logging
import os
import shutil
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from . import config
from .errors import ConfigError, PipelineError
from .ingest import PDF_READERS, PdfReader
from .records import Header, Record

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="policykg: Chinese policy documents (公文) → checkable records and a lineage graph.")
console = Console(stderr=True)
# wide enough for whole 文号 and file names even when stdout is not a terminal
out = Console(width=max(shutil.get_terminal_size((140, 24)).columns, 140))


@app.callback()
def main(verbose: bool = typer.Option(False, "-v", "--verbose", help="Log details and show tracebacks."),
         quiet: bool = typer.Option(False, "-q", "--quiet", help="Only errors.")) -> None:
    level = logging.DEBUG if verbose else logging.ERROR if quiet else logging.WARNING
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr, force=True)
    # pdfminer warns about every odd font; our reader reports what matters, once, in our words
    logging.getLogger("pdfminer").setLevel(logging.DEBUG if verbose else logging.ERROR)
    _STATE["verbose"] = verbose
    _STATE["quiet"] = quiet


_STATE: dict[str, bool] = {"verbose": False, "quiet": False}


_PDF_READER_OPT = typer.Option("pdfplumber", "--pdf-reader", metavar="READER",
                               help="How PDFs are read: pdfplumber, or fast (pypdfium2, pdfplumber only for "
                                    "the pages that need it, e.g. tables); both give the same records.")


def _pdf_reader(value: str) -> PdfReader:
    """The --pdf-reader value, checked (a usage error, exit 2, for anything else)."""


    for reader in PDF_READERS:
        if value == reader:
            return reader
    raise fail(ConfigError(f"unknown --pdf-reader {value!r}", hint="use " + " or ".join(PDF_READERS)))


def fail(exc: PipelineError) -> typer.Exit:
    """One line on stderr naming the file and the reason; the traceback only with -v."""
    if _STATE["verbose"]:
        console.print_exception()
    print(f"policykg: error: {exc.one_line()}", file=sys.stderr)
    return typer.Exit(exc.exit_code)


def _progress(total: int) -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    # off the terminal a bar is noise: it left a blank line after the one-line errors
                    console=console, disable=_STATE["quiet"] or total < 2 or not console.is_terminal,
                    transient=True)


@app.command()
def extract(files: list[Path] = typer.Argument(..., exists=True, dir_okay=False, help="Input documents."),
            out_dir: Path = typer.Option(config.DEFAULT_OUT_DIR, "-o", "--out", help="Folder for <stem>.json."),
            max_bytes: int = typer.Option(config.DEFAULT_MAX_BYTES, "--max-bytes", min=1,
                                          help="Refuse inputs larger than this."),
            pdf_reader: str = _PDF_READER_OPT,
            ) -> None:
    """Extract one record per input file into OUT/<input stem>.json."""
    from .io import write_record
    from .maintain import process_input

    reader = _pdf_reader(pdf_reader)

    records = []
    with _progress(len(files)) as bar:
        task = bar.add_task("extract", total=len(files))
        for path in files:
            try:
                records.append(process_input(path, max_bytes=max_bytes, pdf_reader=reader))
            except PipelineError as exc:
                raise fail(exc)
            bar.advance(task)
    # written only once every input has been read, so a bad file changes nothing
    for record in records:
        write_record(out_dir, record)
    _summary([_row(r.source.file, r.header, _counts(r)) for r in records])


@app.command()
def build(raw_dir: Path = typer.Argument(config.DEFAULT_RAW_DIR, exists=True, file_okay=False),
          out_dir: Path = typer.Option(config.DEFAULT_OUT_DIR, "-o", "--out"),
          jobs: int = typer.Option(os.cpu_count() or 1, "-j", "--jobs", help="Worker processes."),
          scheduler: str | None = typer.Option(None, "--scheduler", metavar="ADDRESS",
                                                  help="Run the per-document stages on this Dask scheduler."),
          pdf_reader: str = _PDF_READER_OPT,
          ) -> None:
    """Run every stage over RAW_DIR: records, links and the graph into OUT."""
    from .runner import build_corpus, kept_views

    reader = _pdf_reader(pdf_reader)

    progress = _progress(2)
    with progress as bar:
        task = bar.add_task("build", total=None)
        try:
            result = build_corpus(raw_dir, out_dir, jobs=jobs, scheduler=scheduler,
                                  pdf_reader=reader,
                                  on_start=lambda n: bar.update(task, total=n),
                                  progress=lambda p: bar.advance(task))
        except PipelineError as exc:  # e.g. an unreachable scheduler
            raise fail(exc)
    _summary([_row(v.source.file, v.header, dict(v.counts)) for v in kept_views(result)])
    for name, reason in result.failures:
        print(f"policykg: error: {reason}", file=sys.stderr)
    if result.failures:
        raise typer.Exit(1)


@app.command()
def ingest(files: list[Path] = typer.Argument(..., exists=True, dir_okay=False, help="Documents to add."),
           root: Path = typer.Option(config.PROJECT_DIR, "--root", file_okay=False,
                                     help="Corpus folder holding raw_docs/ and extracted/."),
           max_bytes: int = typer.Option(config.DEFAULT_MAX_BYTES, "--max-bytes", min=1,
                                         help="Refuse inputs larger than this."),
           jobs: int = typer.Option(1, "-j", "--jobs", help="Worker processes for cache misses."),
           shacl: bool = typer.Option(True, "--shacl/--no-shacl", help="SHACL-validate the updated graph."),
           pdf_reader: str = _PDF_READER_OPT,
           ) -> None:
    """Add FILEs to the corpus: copy into raw_docs/, extract, re-link, update extracted/ and the graph."""
    from .maintain import ingest_documents, render_report

    try:
        report = ingest_documents(files, root, max_bytes=max_bytes, jobs=jobs, validate=shacl,
                                  pdf_reader=_pdf_reader(pdf_reader))
    except PipelineError as exc:
        raise fail(exc)
    except Exception as exc:  # a bug: still one line (the transaction has already rolled back)
        if _STATE["verbose"]:
            console.print_exception()
        print(f"policykg: error: internal error: {type(exc).__name__}: {exc} (run with -v for the traceback)",
              file=sys.stderr)
        raise typer.Exit(2)
    if not _STATE["quiet"]:
        for line in render_report(report):
            out.print(line, markup=False, highlight=False, soft_wrap=True)


@app.command("eval")
def eval_(raw_dir: Path = typer.Option(config.DEFAULT_RAW_DIR, "--raw", exists=True, file_okay=False,
                                       help="The seed documents to run the pipeline on afresh."),
          gold_dir: Path = typer.Option(config.GOLD_DIR, "--gold", help="Gold labels of the seeds (<stem>.json)."),
          corpus_dir: Path = typer.Option(config.CORPUS_DIR, "--corpus", exists=True, file_okay=False,
                                          help="The development corpus."),
          corpus_gold: Path = typer.Option(config.CORPUS_GOLD_DIR, "--corpus-gold", help="Gold of the corpus."),
          split: Path = typer.Option(config.CORPUS_SPLIT, "--split", help="Tuning / check split of the corpus gold."),
          only: list[str] = typer.Option([], "--set", help="Score only these sets (seeds, tuning, check)."),
          reveal_check: bool = typer.Option(False, "--reveal-check",
                                            help="Also list the check set's mismatches (not while developing)."),
          report_path: Path = typer.Option(config.DEFAULT_EVAL_REPORT, "--report",
                                           help="JSON report; the HTML report goes beside it (.html)."),
          thresholds_path: Path = typer.Option(config.THRESHOLDS_FILE, "--thresholds",
                                               help="Per-set, per-field minimum F1 (the gate)."),
          jobs: int = typer.Option(1, "-j", "--jobs", help="Worker processes."),
          ) -> None:
    """Run the pipeline afresh on the seeds and the corpus, score each set against its gold; exit 1 below the thresholds."""
    from .evaluate import check_gate, evaluate_records, load_thresholds
    from .evaluate.html import render_sets_html
    from .evaluate.lineage import add_lineage, load_lineage_gold
    from .evaluate.sets import SET_NAMES, default_sets
    from .records import LinkedCorpus
    from .evaluate.tables import attribute_table, document_table, field_table
    from .io import atomic_write_json, atomic_write_text, list_inputs
    from .link import link_corpus
    from .runner import process_many

    try:
        unknown = sorted(set(only) - set(SET_NAMES))
        if unknown:
            raise ConfigError(f"unknown evaluation set {', '.join(unknown)}", hint=f"use {', '.join(SET_NAMES)}")
        thresholds = load_thresholds(thresholds_path)
        sets = [s for s in default_sets(raw_dir, gold_dir, corpus_dir, corpus_gold, split, reveal_check=reveal_check)
                if not only or s.name in only]
        linked: dict[Path, tuple[LinkedCorpus, list]] = {}
        for folder in dict.fromkeys(s.raw_dir for s in sets):  # each folder is one corpus, linked once
            result = process_many(list_inputs(folder), jobs=jobs)
            linked[folder] = (link_corpus(result.records), list(result.failures))
        reports = [(s, evaluate_records(list(linked[s.raw_dir][0].records), s.gold_dir, stems=s.stems))
                   for s in sets]
        for eval_set, report in reports:
            if eval_set.lineage_gold is not None:
                add_lineage(report, linked[eval_set.raw_dir][0], load_lineage_gold(eval_set.lineage_gold),
                            eval_set.stems or (), reveal=eval_set.reveal_mismatches)
    except PipelineError as exc:
        raise fail(exc)
    data: dict[str, object] = {"sets": {}}
    failures: list[str] = []
    pages = []
    for eval_set, report in reports:
        limits = thresholds.get(eval_set.name, {})
        set_failures = [f"{eval_set.name}: {f.one_line()}" for f in check_gate(report.f1(), limits.get("min_f1", {}))]
        failures += set_failures
        body = report.to_dict()
        if not eval_set.reveal_mismatches:
            body["mismatches"] = f"{len(report.mismatches)} withheld (check set; --reveal-check lists them)"
        body["gate"] = {"passed": not set_failures, "failures": set_failures, **limits,
                        "raw": str(eval_set.raw_dir), "failed_inputs": dict(linked[eval_set.raw_dir][1])}
        data["sets"][eval_set.name] = body  # type: ignore[index]
        pages.append((eval_set.name, report, limits, eval_set.reveal_mismatches))
        if not _STATE["quiet"]:
            out.print(field_table(report, limits, title=f"{eval_set.name}: {len(report.documents)} documents"))
            if eval_set.reveal_mismatches:
                out.print(document_table(report))
            out.print(attribute_table(report))
    atomic_write_json(report_path, data)
    atomic_write_text(report_path.with_suffix(".html"), render_sets_html(pages))
    if not _STATE["quiet"]:
        out.print(f"report: {report_path} and {report_path.with_suffix('.html')}", markup=False, highlight=False)
    for folder in linked:
        for _, reason in linked[folder][1]:
            print(f"policykg: error: {reason}", file=sys.stderr)
    for failure in failures:
        print(f"policykg: error: gate: {failure}", file=sys.stderr)
    if failures:
        raise typer.Exit(1)


@app.command()
def agreement(gold_dir: Path = typer.Option(config.GOLD_DIR, "--gold", help="First labelling (labeller A)."),
              second_dir: Path = typer.Option(config.GOLD_DIR / "second", "--second",
                                              help="Second labelling (labeller B)."),
              raw_dir: Path = typer.Option(config.DEFAULT_RAW_DIR, "--raw", exists=True, file_okay=False,
                                           help="Documents, for quoting the sentences of disagreements."),
              report_path: Path | None = typer.Option(None, "--report", help="Also write a JSON report."),
              ) -> None:
    """Inter-annotator agreement of the two gold labellings, per field (F1) and Cohen's kappa."""
    from .evaluate import compare_labelings
    from .evaluate.tables import attribute_table, field_table, kappa_table
    from .io import atomic_write_json, list_inputs
    from .runner import process_many

    try:
        records = process_many(list_inputs(raw_dir)).records
        report = compare_labelings(gold_dir, second_dir, records)
    except PipelineError as exc:
        raise fail(exc)
    if report_path:
        atomic_write_json(report_path, report.to_dict())
    for table in (field_table(report, title="agreement of the second labelling with the first"),
                  attribute_table(report), kappa_table(report)):
        out.print(table)
    for m in report.mismatches:
        attr = m.field.partition(".")[2]
        a, b = (m.gold.get(attr), m.predicted.get(attr)) if attr else (m.gold, m.predicted)
        out.print(f"{m.document} {m.field} {m.kind}: A={a} B={b}", markup=False, highlight=False, soft_wrap=True)


@app.command()
def push(graph: Path = typer.Argument(..., exists=True, dir_okay=False, help="The graph as N-Triples (.nt)."),
         endpoint: str = typer.Argument(..., help="Graph Store Protocol URL, e.g. http://host:7878/store"),
         graph_iri: str | None = typer.Option(None, "--graph", help="Named graph (default: the default graph)."),
         merge: bool = typer.Option(False, "--merge", help="POST (add to the graph) instead of PUT (replace it)."),
         ) -> None:
    """Send the graph to any SPARQL 1.1 store over the Graph Store Protocol."""

    from .graph.store import push_graph_store

    try:
        if graph.suffix != ".nt":
            raise ConfigError(f"{graph.name} is not N-Triples", hint="push the .nt file that build writes")
        status = push_graph_store(graph, endpoint, graph_iri=graph_iri, replace=not merge)
    except PipelineError as exc:
        raise fail(exc)
    if not _STATE["quiet"]:
        out.print(f"pushed {graph.name} to {endpoint}: HTTP {status}", markup=False, highlight=False)


_GRAPH_OPT = typer.Option(config.DEFAULT_OUT_DIR / "graph.ttl", "--graph", "-g", help="Graph file (.ttl or .nt).")
_STORE_OPT = typer.Option("memory", "--store", metavar="STORE",
                          help="memory (rdflib) or oxigraph:DIR (on disk; loaded once from --graph).")


def _open_graph(graph: Path, store: str):  # type: ignore[no-untyped-def]
    from .graph.store import open_graph

    return open_graph(store, graph)


def _parse_binds(binds: list[str]) -> dict[str, str]:


    out = {}
    for item in binds:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise ConfigError(f"bad --bind {item!r}", hint="write --bind name=value, e.g. --bind date=2025-01-01")
        out[name.lstrip("?")] = value
    return out


def _print_result(result, fmt: str) -> None:  # type: ignore[no-untyped-def]
    from .graph.query import format_result

    if fmt != "table" or result.kind != "SELECT":
        sys.stdout.write(format_result(result, "json" if fmt == "table" else fmt))
        return
    table = Table(title=f"{len(result.rows)} rows")
    for var in result.variables:
        table.add_column(var, overflow="fold")
    for row in result.rows:
        table.add_row(*("" if t is None else str(t) for t in row))
    out.print(table)


@app.command()
def query(query_text: str = typer.Argument(..., metavar="QUERY", help="SPARQL text, a .rq file or a saved query name."),
          graph: Path = _GRAPH_OPT,
          fmt: str = typer.Option("table", "--format", "-f", help="table | csv | tsv | json (SPARQL 1.1 results JSON)."),
          bind: list[str] = typer.Option([], "--bind", "-b", help="Set a saved query's VALUES parameter: name=value."),
          store: str = _STORE_OPT,
          ) -> None:
    """Run a read-only SPARQL query over the graph."""

    from .graph import read_query, run_query
    from .graph.query import apply_bindings

    try:
        if fmt not in ("table", "csv", "tsv", "json"):
            raise ConfigError(f"unknown --format {fmt!r}", hint="use table, csv, tsv or json")
        text = apply_bindings(read_query(query_text), _parse_binds(bind))
        result = run_query(_open_graph(graph, store), text)
    except PipelineError as exc:
        raise fail(exc)
    _print_result(result, fmt)


@app.command()
def unresolved(graph: Path = _GRAPH_OPT,
               fmt: str = typer.Option("table", "--format", "-f", help="table | csv | tsv | json."),
               store: str = _STORE_OPT,
               ) -> None:
    """List references no document in the corpus resolves: the documents to fetch next."""
    from .graph import read_query, run_query

    try:
        result = run_query(_open_graph(graph, store), read_query("unresolved"))
    except PipelineError as exc:
        raise fail(exc)
    _print_result(result, fmt)


@app.command()
def serve(graph: Path = _GRAPH_OPT,
          host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
          port: int = typer.Option(8765, "--port", "-p", help="Port (0 = any free port)."),
          store: str = _STORE_OPT,
          ) -> None:
    """Serve a read-only SPARQL 1.1 endpoint at /sparql and a query page at /."""
    from .graph.serve import serve as serve_graph

    try:
        loaded = _open_graph(graph, store)
    except PipelineError as exc:
        raise fail(exc)
    serve_graph(loaded, host, port)


SUMMARY_ROWS = 40  # a bigger corpus gets its totals, not a table nobody scrolls


def _counts(record: Record) -> dict[str, int]:
    ex = record.extraction
    return {"clauses": len(record.clauses), "amounts": len(ex.amounts), "percentages": len(ex.percentages),
            "awards": len(ex.awards), "references": len(ex.references)}


def _row(file: str, header: Header, counts: dict[str, int]) -> tuple[str, Header, dict[str, int]]:
    return file, header, counts


def _summary(rows: list[tuple[str, Header, dict[str, int]]]) -> None:
    if _STATE["quiet"]:
        return
    kinds = ("clauses", "amounts", "percentages", "awards", "references")
    if len(rows) > SUMMARY_ROWS:
        totals = ", ".join(f"{sum(c.get(k, 0) for _, _, c in rows):,} {k}" for k in kinds)
        out.print(f"{len(rows):,} records: {totals}")
        return
    table = Table(title=f"{len(rows)} records")
    for col in ("file", "文号", "type", "issue date", "clauses", "amounts", "%", "awards", "refs"):
        table.add_column(col)
    for file, h, c in rows:
        table.add_row(file, h.doc_number or "—", h.doc_type or "—", h.issue_date or "—",
                      *(str(c.get(k, 0)) for k in kinds))
    out.print(table)


def run() -> None:
    try:
        app()
    except PipelineError as exc:  # errors raised outside a command's own handling
        print(f"policykg: error: {exc.one_line()}", file=sys.stderr)
        sys.exit(exc.exit_code)


if __name__ == "__main__":
    run()
