"""`policykg` command line: parse arguments, call the library, turn errors into exit codes.

Exit codes: 0 ok; 1 a data problem (bad input, failed gate, query error);
2 a usage or tool problem (bad arguments, invalid configuration, a bug).
"""
from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from . import config
from .errors import PipelineError

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="policykg: Chinese policy documents (公文) → checkable records and a lineage graph.")
console = Console(stderr=True)
out = Console()


@app.callback()
def main(verbose: bool = typer.Option(False, "-v", "--verbose", help="Log details and show tracebacks."),
         quiet: bool = typer.Option(False, "-q", "--quiet", help="Only errors.")) -> None:
    level = logging.DEBUG if verbose else logging.ERROR if quiet else logging.WARNING
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr, force=True)
    _STATE["verbose"] = verbose
    _STATE["quiet"] = quiet


_STATE: dict[str, bool] = {"verbose": False, "quiet": False}


def fail(exc: PipelineError) -> "typer.Exit":
    """One line on stderr naming the file and the reason; the traceback only with -v."""
    if _STATE["verbose"]:
        console.print_exception()
    print(f"policykg: error: {exc.one_line()}", file=sys.stderr)
    return typer.Exit(exc.exit_code)


def _progress(total: int) -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=console, disable=_STATE["quiet"] or total < 2, transient=True)


@app.command()
def extract(files: list[Path] = typer.Argument(..., exists=True, dir_okay=False, help="Input documents."),
            out_dir: Path = typer.Option(config.DEFAULT_OUT_DIR, "-o", "--out", help="Folder for <stem>.json."),
            ) -> None:
    """Extract one record per input file into OUT/<input stem>.json."""
    from .io import write_record
    from .runner import process_file

    records = []
    with _progress(len(files)) as bar:
        task = bar.add_task("extract", total=len(files))
        for path in files:
            try:
                records.append(process_file(path))
            except PipelineError as exc:
                raise fail(exc)
            bar.advance(task)
    # written only once every input has been read, so a bad file changes nothing
    for record in records:
        write_record(out_dir, record)
    _summary(records)


@app.command()
def build(raw_dir: Path = typer.Argument(config.DEFAULT_RAW_DIR, exists=True, file_okay=False),
          out_dir: Path = typer.Option(config.DEFAULT_OUT_DIR, "-o", "--out"),
          jobs: int = typer.Option(os.cpu_count() or 1, "-j", "--jobs", help="Worker processes."),
          ) -> None:
    """Run every stage over RAW_DIR: records, links and the graph into OUT."""
    from .runner import build_corpus

    progress = _progress(2)
    with progress as bar:
        task = bar.add_task("build", total=None)
        result = build_corpus(raw_dir, out_dir, jobs=jobs,
                              on_start=lambda n: bar.update(task, total=n),
                              progress=lambda p: bar.advance(task))
    _summary(result.linked.records if result.linked else result.records)
    for name, reason in result.failures:
        print(f"policykg: error: {reason}", file=sys.stderr)
    if result.failures:
        raise typer.Exit(1)


def _summary(records: list) -> None:  # type: ignore[type-arg]
    if _STATE["quiet"]:
        return
    table = Table(title=f"{len(records)} records")
    for col in ("file", "文号", "type", "issue date", "clauses", "amounts", "%", "awards", "refs"):
        table.add_column(col)
    for r in records:
        ex = r.extraction
        table.add_row(r.source.file, r.header.doc_number or "—", r.header.doc_type or "—",
                      r.header.issue_date or "—", str(len(r.clauses)), str(len(ex.amounts)),
                      str(len(ex.percentages)), str(len(ex.awards)), str(len(ex.references)))
    out.print(table)


def run() -> None:
    try:
        app()
    except PipelineError as exc:  # errors raised outside a command's own handling
        print(f"policykg: error: {exc.one_line()}", file=sys.stderr)
        sys.exit(exc.exit_code)


if __name__ == "__main__":
    run()
