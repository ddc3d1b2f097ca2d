"""`policykg` command line: parse arguments, call the library, turn errors into exit codes.

Exit codes: 0 ok; 1 a data problem (bad input, failed gate, query error);
2 a usage or tool problem (bad arguments, invalid configuration, a bug).

Every error of every command reaches `report_error` (the app's command group catches what
a command raises): one line on stderr, `policykg: error: …`, the traceback only with -v.
Nothing heavy is imported at start: `policykg --help` loads no stage and no NLP library.
"""
from __future__ import annotations

import logging
import shutil
import sys
import traceback
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console
from rich.table import Table
from typer.core import TyperGroup
from typer.exceptions import TyperException

from . import config
from .errors import ConfigError, InternalError, PipelineError, SystemProblem

if TYPE_CHECKING:
    from rich.progress import Progress

    from .engine import Failure, Options
    from .records import Header, LinkedCorpus


def report_error(exc: BaseException) -> int:
    """The one error path: print `policykg: error: <where>: <reason> (<hint>)` — where is the
    error's locator (`a.pdf, page 3`, `a.txt, offset 120, at "…"`) — with -v the traceback
    first; return the exit code (the PipelineError's own; 2 for anything unexpected: a bug)."""
    if isinstance(exc, PipelineError):
        error = exc
    elif isinstance(exc, OSError):
        error = SystemProblem.of(exc)
    else:
        error = InternalError(f"internal error: {type(exc).__name__}: {exc}", hint="run with -v for the traceback")
    if _STATE["verbose"]:  # an error from a worker process carries its traceback as text
        sys.stderr.write(error.detail or "".join(traceback.format_exception(exc)))
    print(f"policykg: error: {error.one_line()}", file=sys.stderr)
    return error.exit_code


def _exit_on(failures: list[Failure]) -> None:
    """Each input that could not be read, one line each; then exit with the worst code."""
    for failure in failures:
        report_error(failure.error)
    if failures:
        if len(failures) > 1:
            print(f"policykg: error: {len(failures)} inputs not read", file=sys.stderr)
        raise typer.Exit(max(f.error.exit_code for f in failures))


class _Commands(TyperGroup):
    """Runs a command and turns whatever it raises into one line and an exit code."""

    def get_help_option(self, ctx: Any) -> Any:
        # typer leaves a flag not given as None, and coerces None through a pydantic adapter
        # (0.15 s of imports): a False default keeps `policykg COMMAND --help` from loading pydantic
        option = super().get_help_option(ctx)
        if option is not None and option.default is None:
            option.default = False
        return option

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except (TyperException, typer.Exit, typer.Abort):  # usage errors, --help, a chosen exit code
            raise
        except Exception as exc:
            raise typer.Exit(report_error(exc)) from exc


# plain help and no rich tracebacks: --help stays quick, and errors are one line (`report_error`)
app = typer.Typer(cls=_Commands, add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  pretty_exceptions_enable=False,
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


_PDF_READER_OPT = typer.Option(config.DEFAULT_PDF_READER, "--pdf-reader", metavar="READER",
                               help="How PDFs are read: pdfplumber, or fast (pypdfium2, pdfplumber only for "
                                    "the pages that need it, e.g. tables); both give the same records.")
_MAX_BYTES_OPT = typer.Option(config.DEFAULT_MAX_BYTES, "--max-bytes", min=1, help="Refuse inputs larger than this.")
_MAX_SECONDS_OPT = typer.Option(config.DEFAULT_MAX_SECONDS or 0, "--max-seconds", min=0,
                                help="Refuse a document still in a stage after this many seconds (0: no limit); "
                                     "the other documents go on.")
_JOBS_OPT = typer.Option(None, "-j", "--jobs", min=1, help="Worker processes (default: all cores).")


def _options(max_bytes: int = config.DEFAULT_MAX_BYTES, pdf_reader: str = config.DEFAULT_PDF_READER,
             max_seconds: float = 0) -> Options:
    from .engine import Options

    return Options(max_bytes=max_bytes, pdf_reader=pdf_reader, max_seconds=max_seconds or None)  # type: ignore[arg-type]


def _progress(total: int) -> Progress:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    # off the terminal a bar is noise: it left a blank line after the one-line errors
                    console=console, disable=_STATE["quiet"] or total < 2 or not console.is_terminal,
                    transient=True)


@app.command()
def extract(files: list[Path] = typer.Argument(..., exists=True, dir_okay=False, help="Input documents."),
            out_dir: Path = typer.Option(config.DEFAULT_OUT_DIR, "-o", "--out", help="Folder for <stem>.json."),
            max_bytes: int = _MAX_BYTES_OPT,
            pdf_reader: str = _PDF_READER_OPT,
            max_seconds: float = _MAX_SECONDS_OPT,
            jobs: int | None = _JOBS_OPT,
            ) -> None:
    """Extract one record per input file into OUT/<input stem>.json (nothing is written if any input fails)."""
    from .engine import FileSink, local_executor, read_documents, write_outputs
    from .engine.outputs import settle, staged

    options = _options(max_bytes, pdf_reader, max_seconds)
    settle(*dict.fromkeys(f.parent for f in files))
    # each record goes into the staged folder as it is read (never linked, it is final then); the
    # folder is swapped in only once every input has been read, so a bad file or a full disk
    # changes nothing
    with _progress(len(files)) as bar, local_executor(jobs) as executor, staged(out_dir) as stage:
        task = bar.add_task("extract", total=len(files))
        sink = FileSink(stage.folder)
        docs = read_documents(files, sink.parking(), options=options, executor=executor, link=False,
                              progress=lambda _: bar.advance(task))
        _exit_on(docs.failures)
        result = write_outputs(docs, sink, executor=executor, link=False)
        stage.commit()
    _summary([_row(v.source.file, v.header, dict(v.counts)) for v in result.kept])


@app.command()
def build(raw_dir: Path = typer.Argument(config.DEFAULT_RAW_DIR, exists=True, file_okay=False),
          out_dir: Path = typer.Option(config.DEFAULT_OUT_DIR, "-o", "--out"),
          jobs: int | None = _JOBS_OPT,
          scheduler: str | None = typer.Option(None, "--scheduler", metavar="ADDRESS",
                                               help="Run the per-document stages on this Dask scheduler."),
          pdf_reader: str = _PDF_READER_OPT,
          max_bytes: int = _MAX_BYTES_OPT,
          max_seconds: float = _MAX_SECONDS_OPT,
          ) -> None:
    """Run every stage over RAW_DIR: records, links and the graph into OUT."""
    from contextlib import AbstractContextManager

    from .engine import Executor, FileSink, build, local_executor
    from .engine.outputs import settle, staged
    from .engine.sinks import MANIFEST
    from .io import list_inputs

    options = _options(max_bytes, pdf_reader, max_seconds)
    # the whole build is staged beside OUT and swapped in once complete (engine/outputs.py)
    with staged(out_dir) as stage:
        settle(raw_dir)  # the inputs as a killed ingest's rollback leaves them: listed only now
        paths = list_inputs(raw_dir)
        executors: AbstractContextManager[Executor]
        if scheduler:
            from .scale import dask_executor  # dask is only imported when a cluster is named

            executors = dask_executor(scheduler)
        else:
            executors = local_executor(jobs if len(paths) > 1 else 1)
        with _progress(len(paths)) as bar, executors as executor:
            task = bar.add_task("build", total=len(paths))
            result = build(paths, FileSink(stage.folder), options=options, executor=executor, park_in=stage.scratch,
                           progress=lambda _: bar.advance(task))
        stage.commit(manifest=MANIFEST)
    _summary([_row(v.source.file, v.header, dict(v.counts)) for v in result.kept])
    _exit_on(result.failures)


@app.command()
def ingest(files: list[Path] = typer.Argument(..., exists=True, dir_okay=False, help="Documents to add."),
           root: Path = typer.Option(config.PROJECT_DIR, "--root", file_okay=False,
                                     help="Corpus folder holding raw_docs/ and extracted/."),
           max_bytes: int = _MAX_BYTES_OPT,
           jobs: int = typer.Option(1, "-j", "--jobs", min=1, help="Worker processes for cache misses."),
           shacl: bool = typer.Option(True, "--shacl/--no-shacl",
                                      help="Check the updated graph against ontology/shapes.ttl (a violation "
                                           "rolls the ingest back)."),
           pdf_reader: str = _PDF_READER_OPT,
           max_seconds: float = _MAX_SECONDS_OPT,
           ) -> None:
    """Add FILEs to the corpus: copy into raw_docs/, extract, re-link, update extracted/ and the graph."""
    from .maintain import ingest_documents, render_report

    report = ingest_documents(files, root, options=_options(max_bytes, pdf_reader, max_seconds), jobs=jobs,
                              validate=shacl)
    if not _STATE["quiet"]:
        for line in render_report(report):
            out.print(line, markup=False, highlight=False, soft_wrap=True)


@app.command()
def recover(root: Path = typer.Argument(config.PROJECT_DIR, exists=True, file_okay=False,
                                        help="Corpus folder (holding raw_docs/ and extracted/).")) -> None:
    """Roll back a commit a killed ingest or build left unfinished, and remove what it left behind
    (every command that writes or reads the corpus does this first; this does only that)."""
    from .engine.outputs import clean_leftovers
    from .maintain.lock import corpus_lock
    from .maintain.transaction import recover as recover_root

    with corpus_lock(root):
        cleaned = recover_root(root) + clean_leftovers(root / config.OUT_DIR_NAME)
    if not _STATE["quiet"]:
        out.print(f"{root}: " + (f"cleaned {', '.join(cleaned)}" if cleaned else "nothing to recover"),
                  markup=False, highlight=False, soft_wrap=True)


def _in_memory(folder: Path, jobs: int | None, *, link: bool = True) -> tuple[LinkedCorpus, list[Failure]]:
    """`folder` through the engine into memory: its (linked) records and the inputs that failed."""
    from .engine import MemorySink, local_executor, parking, read_documents, write_outputs
    from .engine.outputs import settle
    from .io import list_inputs
    from .records import LinkedCorpus

    settle(folder)  # a killed ingest's half-commit is rolled back (or refused) before reading
    sink = MemorySink()
    with local_executor(jobs) as executor, parking() as park:
        docs = read_documents(list_inputs(folder), park, executor=executor, link=link)
        result = write_outputs(docs, sink, executor=executor, link=link)
        # a copy link keeps once is still a document that was read: its own record, as structure
        # and extract made it, is scored against its own gold (the sink holds only the kept copy)
        dropped = tuple(docs.record(file) for file, _ in (result.linked.duplicates if result.linked else ()))
    linked = result.linked or LinkedCorpus(records=(), documents=(), edges=())
    return replace(linked, records=tuple(sink.records) + dropped), result.failures


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
          jobs: int = typer.Option(1, "-j", "--jobs", min=1, help="Worker processes."),
          ) -> None:
    """Run the pipeline afresh on the seeds and the corpus, score each set against its gold; exit 1 below the thresholds."""
    from .evaluate import check_gate, evaluate_records, load_gold, load_thresholds
    from .evaluate.html import render_sets_html
    from .evaluate.lineage import add_lineage, load_lineage_gold, reliability_table
    from .evaluate.sets import SET_NAMES, default_sets
    from .evaluate.tables import attribute_table, document_table, field_table
    from .io import atomic_write_json, atomic_write_text

    unknown = sorted(set(only) - set(SET_NAMES))
    if unknown:
        raise ConfigError(f"unknown evaluation set {', '.join(unknown)}", hint=f"use {', '.join(SET_NAMES)}")
    thresholds = load_thresholds(thresholds_path)
    sets = [s for s in default_sets(raw_dir, gold_dir, corpus_dir, corpus_gold, split, reveal_check=reveal_check)
            if not only or s.name in only]
    # each folder is one corpus, run through the engine (as `build` runs it) once
    linked = {folder: _in_memory(folder, jobs) for folder in dict.fromkeys(s.raw_dir for s in sets)}
    reports = [(s, evaluate_records(list(linked[s.raw_dir][0].records), s.gold_dir, stems=s.stems))
               for s in sets]
    for eval_set, report in reports:
        lineage_gold = load_lineage_gold(eval_set.lineage_gold) if eval_set.lineage_gold is not None else None
        add_lineage(report, linked[eval_set.raw_dir][0], lineage_gold, eval_set.stems, load_gold(eval_set.gold_dir),
                    reveal=eval_set.reveal_mismatches)
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
                        "raw": str(eval_set.raw_dir),
                        "failed_inputs": {f.file: f.line for f in linked[eval_set.raw_dir][1]}}
        data["sets"][eval_set.name] = body  # type: ignore[index]
        pages.append((eval_set.name, report, limits, eval_set.reveal_mismatches))
        if not _STATE["quiet"]:
            out.print(field_table(report, limits, title=f"{eval_set.name}: {len(report.documents)} documents"))
            if eval_set.reveal_mismatches:
                out.print(document_table(report))
            out.print(attribute_table(report))
            out.print(reliability_table(report))
    atomic_write_json(report_path, data)
    atomic_write_text(report_path.with_suffix(".html"), render_sets_html(pages))
    if not _STATE["quiet"]:
        out.print(f"report: {report_path} and {report_path.with_suffix('.html')}", markup=False, highlight=False)
    for folder in linked:
        for unread in linked[folder][1]:
            report_error(unread.error)
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
    from .io import atomic_write_json

    # every document's own record (not only those link keeps), to quote sentences from
    linked, failures = _in_memory(raw_dir, 1, link=False)
    for failure in failures:
        report_error(failure.error)
    report = compare_labelings(gold_dir, second_dir, list(linked.records))
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
         timeout: float = typer.Option(60.0, "--timeout", min=0.001,
                                       help="Seconds to wait for the store to take the graph and answer."),
         ) -> None:
    """Send the graph to any SPARQL 1.1 store over the Graph Store Protocol."""

    from .graph.store import push_graph_store

    if graph.suffix != ".nt":
        raise ConfigError(f"{graph.name} is not N-Triples", hint="push the .nt file that build writes")
    status = push_graph_store(graph, endpoint, graph_iri=graph_iri, replace=not merge, timeout=timeout)
    if not _STATE["quiet"]:
        out.print(f"pushed {graph.name} to {endpoint}: HTTP {status}", markup=False, highlight=False)


_GRAPH_OPT = typer.Option(config.DEFAULT_OUT_DIR / "graph.ttl", "--graph", "-g", help="Graph file (.ttl or .nt).")
_STORE_OPT = typer.Option(None, "--store", metavar="STORE",
                          help="oxigraph (default: a store beside the graph file, built once and again when the "
                               "graph changes), oxigraph:DIR, or memory (rdflib).")
_TIMEOUT_OPT = typer.Option(30.0, "--timeout", min=0.001, help="Seconds a query may run.")
_QUERY_FORMATS = ("table", "csv", "tsv", "json", "xml", "ttl", "nt", "rdfxml", "jsonld")


def _open_graph(graph: Path, store: str | None):  # type: ignore[no-untyped-def]
    """The graph in the store asked for; by default Oxigraph beside the graph file, and rdflib in
    memory (with a warning) when that folder cannot be written.  A commit a killed ingest or
    build left unfinished in the graph's corpus is rolled back first (or the command refuses)."""
    from .engine.outputs import settle
    from .graph.store import open_graph

    settle(graph.parent)
    if store is not None:
        return open_graph(store, graph)
    try:
        return open_graph("oxigraph", graph)
    except ConfigError as exc:
        if not graph.exists():
            raise
        logging.getLogger("policykg").warning("%s; querying in memory instead (slower)", exc.one_line())
        return open_graph("memory", graph)


def _parse_binds(binds: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in binds:
        name, sep, value = item.partition("=")
        name = name.strip().lstrip("?$")
        if not sep or not name:
            raise ConfigError(f"bad --bind {item!r}", hint="write --bind name=value, e.g. --bind date=2025-01-01")
        if name in out:
            raise ConfigError(f"--bind {name} given twice")
        out[name] = value
    return out


def _print_result(result, fmt: str) -> None:  # type: ignore[no-untyped-def]
    from .graph.query import format_result
    from .graph.store import _rdflib_term

    if fmt != "table" or result.kind != "SELECT":
        text = format_result(result, {"table": "json"}.get(fmt, fmt))
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    table = Table(title=f"{len(result.rows)} rows")
    for var in result.variables:
        table.add_column(var, overflow="fold")
    for row in result.rows:  # numbers as written once (100000, not 100000.0), whatever the store
        table.add_row(*("" if t is None else _rdflib_term(t) or "" for t in row))
    out.print(table)


def _list_saved() -> None:
    from .graph.query import saved_queries, saved_query

    for name in saved_queries():
        saved = saved_query(name)
        out.print(f"{name}: {saved.description}", markup=False, highlight=False, soft_wrap=True)
        for p in saved.params:
            out.print(f"    --bind {p.name}=…  {p.kind}, default {p.default!r}: {p.description}",
                      markup=False, highlight=False, soft_wrap=True)


@app.command()
def query(query_text: str | None = typer.Argument(None, metavar="QUERY",
                                                  help="SPARQL text, a .rq file or a saved query name."),
          graph: Path = _GRAPH_OPT,
          fmt: str = typer.Option("table", "--format", "-f",
                                  help="table | csv | tsv | json | xml (SELECT, ASK); ttl | nt | rdfxml | jsonld "
                                       "(CONSTRUCT, DESCRIBE; table gives ttl)."),
          bind: list[str] = typer.Option([], "--bind", "-b",
                                         help="Set a query parameter: name=value (checked: a date must be a date, "
                                              "a 文号 is normalised)."),
          store: str | None = _STORE_OPT,
          timeout: float = _TIMEOUT_OPT,
          list_saved: bool = typer.Option(False, "--list", help="Name the saved queries and their parameters."),
          ) -> None:
    """Run a read-only SPARQL query over the graph."""
    from .graph import run_query
    from .graph.query import bind_query, resolve_query

    if list_saved:
        _list_saved()
        return
    if query_text is None:
        raise ConfigError("no QUERY given", hint="give SPARQL text, a .rq file or a saved query; --list names them")
    if fmt not in _QUERY_FORMATS:
        raise ConfigError(f"unknown --format {fmt!r}", hint="use " + ", ".join(_QUERY_FORMATS))
    text, _name = resolve_query(query_text)
    text = bind_query(text, _parse_binds(bind))
    result = run_query(_open_graph(graph, store), text, timeout=timeout)
    _print_result(result, fmt)


@app.command()
def unresolved(graph: Path = _GRAPH_OPT,
               fmt: str = typer.Option("table", "--format", "-f", help="table | csv | tsv | json | xml."),
               store: str | None = _STORE_OPT,
               timeout: float = _TIMEOUT_OPT,
               ) -> None:
    """List references no document in the corpus resolves: the documents to fetch next."""
    from .graph import read_query, run_query

    if fmt not in _QUERY_FORMATS[:5]:
        raise ConfigError(f"unknown --format {fmt!r}", hint="use " + ", ".join(_QUERY_FORMATS[:5]))
    result = run_query(_open_graph(graph, store), read_query("unresolved"), timeout=timeout)
    _print_result(result, fmt)


@app.command()
def serve(graph: Path = _GRAPH_OPT,
          host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (loopback by default)."),
          port: int = typer.Option(8765, "--port", "-p", min=0, max=65535, help="Port (0 = any free port)."),
          store: str = typer.Option("oxigraph", "--store", metavar="STORE",
                                    help="oxigraph (beside the graph file) or oxigraph:DIR."),
          timeout: float = typer.Option(30.0, "--timeout", min=0.1, help="Seconds a query may run; then its "
                                                                         "worker is stopped and replaced."),
          workers: int = typer.Option(4, "--workers", min=1, max=64, help="Oxigraph worker processes "
                                                                          "(queries answered at once)."),
          max_body: int = typer.Option(1024 * 1024, "--max-body", min=1024, help="Largest request body (bytes)."),
          request_timeout: float = typer.Option(10.0, "--request-timeout", min=0.1,
                                                help="Seconds a client has to send its request."),
          max_connections: int = typer.Option(256, "--max-connections", min=1, help="Connections open at once."),
          memory_mb: int = typer.Option(2048, "--memory-mb", min=64, help="Memory one query may use (MiB)."),
          ) -> None:
    """Serve the graph read-only: Oxigraph's SPARQL 1.1 server at /sparql (behind a bounded front)
    and the research page at /."""
    from .graph.serve import EndpointConfig
    from .graph.serve import serve as serve_graph
    from .graph.store import parse_store_spec

    spec = parse_store_spec(store)
    if spec.kind != "oxigraph":
        raise ConfigError("serve runs Oxigraph's server", hint="use --store oxigraph or oxigraph:DIR")
    from .engine.outputs import settle

    settle(graph.parent)
    if not graph.exists():
        raise ConfigError(f"graph file {graph} not found", hint="run `policykg build RAW_DIR -o DIR` first")
    serve_graph(EndpointConfig(graph, spec.path, host, port, timeout, workers, max_body, request_timeout,
                               max_connections, memory_mb))


SUMMARY_ROWS = 40  # a bigger corpus gets its totals, not a table nobody scrolls


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
    """The console script: the app, whose command group sends every error to `report_error`."""
    app()


if __name__ == "__main__":
    run()
