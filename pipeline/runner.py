"""Run the stages over one file or a folder.  The CLI is a thin layer over this."""
from __future__ import annotations

import logging
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from .config import DEFAULT_MAX_BYTES
from .errors import OffsetMismatch, PipelineError
from .extract import extract_mentions
from .ingest import ingest_file
from .io import atomic_write_json, list_inputs, write_record
from .link import link_corpus
from .records import Extraction, LinkedCorpus, Record, StructuredDoc
from .structure import structure_document

log = logging.getLogger(__name__)


@dataclass
class BuildResult:
    records: list[Record] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (file, one-line reason)
    written: list[Path] = field(default_factory=list)
    linked: LinkedCorpus | None = None


def process_file(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Record:
    """One file through ingest → structure → extract, as a contract record."""
    ingested = ingest_file(path, max_bytes=max_bytes)
    doc = structure_document(ingested)
    return assemble_record(doc, extract_mentions(doc))


def assemble_record(doc: StructuredDoc, extraction: Extraction) -> Record:
    record = Record(
        source=doc.ingested.source, text=doc.text, header=doc.header, clauses=doc.clauses,
        extraction=extraction, page_map=doc.ingested.page_map, parts=doc.parts,
        warnings=doc.ingested.warnings + doc.warnings,
    )
    check_offsets(record)
    return record


def check_offsets(record: Record) -> None:
    """Every mention's offsets slice exactly its text; a mismatch is a bug, never data."""
    ex = record.extraction
    spans: Iterable[tuple[str, int, int, str]] = (
        [("amount", a.start, a.end, a.text) for a in ex.amounts]
        + [("percentage", p.start, p.end, p.text) for p in ex.percentages]
        + [("reference", r.start, r.end, r.raw) for r in ex.references]
        + [("clause", c.start, c.end, c.text) for c in record.clauses]
    )
    for kind, start, end, text in spans:
        if record.text[start:end] != text:
            raise OffsetMismatch(
                f"{kind} offsets {start}:{end} hold {record.text[start:end]!r}, not {text!r}",
                locator=record.source.file,
            )


def _process_safely(path: Path) -> tuple[Record | None, str | None]:
    try:
        return process_file(path), None
    except PipelineError as exc:
        return None, exc.one_line()


def process_many(paths: list[Path], *, jobs: int = 1,
                 progress: Callable[[Path], None] | None = None) -> BuildResult:
    """Records for many files, in input order whatever `jobs` is; failures are collected."""
    result = BuildResult()
    if jobs > 1 and len(paths) > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            outcomes = pool.map(_process_safely, paths, chunksize=max(1, len(paths) // (jobs * 8)))
            for path, (record, error) in zip(paths, outcomes):
                _collect(result, path, record, error, progress)
    else:
        for path in paths:
            record, error = _process_safely(path)
            _collect(result, path, record, error, progress)
    return result


def _collect(result: BuildResult, path: Path, record: Record | None, error: str | None,
             progress: Callable[[Path], None] | None) -> None:
    if record is not None:
        result.records.append(record)
    else:
        # the CLI prints each failure once, as one line; logging it too would print it twice
        log.info("failed: %s", error)
        result.failures.append((path.name, error or "failed"))
    if progress:
        progress(path)


def build_corpus(raw_dir: Path, out_dir: Path, *, jobs: int = 1,
                 progress: Callable[[Path], None] | None = None,
                 on_start: Callable[[int], None] | None = None,
                 scheduler: str | None = None) -> BuildResult:
    """Every stage that exists over a folder: records, links, graph, manifest.

    With `scheduler` (a dask.distributed address) the per-document stages run on that
    cluster instead of a local process pool (pipeline/scale.py); the output is the same."""
    paths = list_inputs(raw_dir)
    if on_start:
        on_start(len(paths))
    if scheduler:
        from .scale import process_many_dask  # dask is only imported when a cluster is named

        result = process_many_dask(paths, scheduler, progress=progress)
    else:
        result = process_many(paths, jobs=jobs, progress=progress)
    linked = link_corpus(result.records)
    result.linked = linked
    for dropped, kept in linked.duplicates:
        log.warning("%s is the same document as %s: kept once", dropped, kept)
    result.written = [write_record(out_dir, r) for r in linked.records]
    result.written += _write_graph(linked, out_dir)
    atomic_write_json(out_dir / "manifest.json", _manifest(result))
    return result


def _write_graph(linked: LinkedCorpus, out_dir: Path) -> list[Path]:
    try:
        from .graph import write_graph_files
    except ImportError:  # the graph stage is optional until it lands
        return []
    return write_graph_files(linked, out_dir)


def _manifest(result: BuildResult) -> dict[str, object]:
    return {
        "inputs": {r.source.file: r.source.sha256 for r in result.records},
        "failed": dict(result.failures),
        "outputs": sorted(p.name for p in result.written),
        "counts": {
            "documents": len(result.records),
            "failed": len(result.failures),
            "duplicates": len(result.linked.duplicates) if result.linked else 0,
            "amounts": sum(len(r.extraction.amounts) for r in result.records),
            "awards": sum(len(r.extraction.awards) for r in result.records),
            "references": sum(len(r.extraction.references) for r in result.records),
        },
    }
