"""Run the stages over one file or a folder.  The CLI is a thin layer over this."""
from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .config import DEFAULT_MAX_BYTES
from .errors import OffsetMismatch, PipelineError
from .extract import extract_mentions
from .graph import write_graph_files
from .ingest import PdfReader, ingest_file
from .io import (StagedRecords, atomic_write_json, check_record_name, list_inputs, staging_area, sync_folder,
                 write_record)
from .link import apply_links, link_views, resolved_by_file, view_of
from .records import Extraction, LinkedCorpus, LinkView, Record, StructuredDoc
from .structure import structure_document

log = logging.getLogger(__name__)


@dataclass
class BuildResult:
    records: list[Record] = field(default_factory=list)  # `process_many` only: `build_corpus` streams
    failures: list[tuple[str, str]] = field(default_factory=list)  # (file, one-line reason)
    written: list[Path] = field(default_factory=list)
    linked: LinkedCorpus | None = None
    views: list[LinkView] = field(default_factory=list)  # `build_corpus`: every document read, in input order
    seconds: dict[str, float] = field(default_factory=dict)  # wall-clock time of each step of a build


def process_file(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES,
                 pdf_reader: PdfReader = "pdfplumber") -> Record:
    """One file through ingest → structure → extract, as a contract record."""
    check_record_name(Path(path).name)
    ingested = ingest_file(path, max_bytes=max_bytes, pdf_reader=pdf_reader)
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


def _process_safely(path: Path, pdf_reader: PdfReader = "pdfplumber") -> tuple[Record | None, str | None]:
    try:
        return process_file(path, pdf_reader=pdf_reader), None
    except PipelineError as exc:
        return None, exc.one_line()


def process_many(paths: list[Path], *, jobs: int = 1,
                 progress: Callable[[Path], None] | None = None,
                 pdf_reader: PdfReader = "pdfplumber") -> BuildResult:
    """Records for many files, in input order whatever `jobs` is; failures are collected."""
    result = BuildResult()
    if jobs > 1 and len(paths) > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            outcomes = pool.map(_process_safely, paths, [pdf_reader] * len(paths),
                                chunksize=max(1, len(paths) // (jobs * 8)))
            for path, (record, error) in zip(paths, outcomes):
                collect_outcome(result, path, record, error, progress)
    else:
        for path in paths:
            record, error = _process_safely(path, pdf_reader)
            collect_outcome(result, path, record, error, progress)
    return result


def collect_outcome(result: BuildResult, path: Path, record: Record | None, error: str | None,
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
                 scheduler: str | None = None, pdf_reader: PdfReader = "pdfplumber") -> BuildResult:
    """Every stage over a folder: records, links, graph, manifest — with records streaming.

    The per-document stages park each record on disk and hand link only its `LinkView`;
    after link, records come back one at a time to be written with their resolved
    references and turned into triples.  Memory holds the views, never the corpus's text.
    With `scheduler` (a dask.distributed address) the per-document stages run on that
    cluster instead of a local process pool (pipeline/scale.py); the output is the same."""
    paths = list_inputs(raw_dir)
    if on_start:
        on_start(len(paths))
    result = BuildResult()
    clock = _Clock(result.seconds)
    with staging_area(out_dir) as staged, _workers(jobs if len(paths) > 1 else 1) as run:
        with clock("documents"):
            views = _stage_documents(paths, staged, result, run=run, scheduler=scheduler, progress=progress,
                                     pdf_reader=pdf_reader)
        with clock("link"):
            linked = link_views(views, lambda v: staged.get(v.source.file).text)
        result.linked = linked
        for dropped, twin in linked.duplicates:
            log.warning("%s is the same document as %s: kept once", dropped, twin)
        result.views = views
        kept = kept_views(result)
        with clock("records"):
            result.written = _write_records(staged, kept, linked, out_dir, run)
        with clock("graph"):
            result.written += write_graph_files(linked, out_dir, records=_linked_records(staged, kept, linked))
    atomic_write_json(out_dir / "manifest.json", build_manifest(result))
    log.info("build of %d documents: %s", len(paths), ", ".join(f"{k} {v:.1f}s" for k, v in result.seconds.items()))
    return result


class _Clock:
    """`with clock("step"):` adds the step's wall-clock seconds to a dict."""

    def __init__(self, into: dict[str, float]) -> None:
        self.into = into

    @contextmanager
    def __call__(self, step: str) -> Iterator[None]:
        t0 = time.perf_counter()
        try:
            yield
        finally:
            self.into[step] = self.into.get(step, 0.0) + time.perf_counter() - t0


Run = Callable[..., Iterator]  # like the builtin map: fn over zipped iterables, results in order


@contextmanager
def _workers(jobs: int) -> Iterator[Run]:
    """An ordered `map` over `jobs` worker processes (or this process for one job)."""
    if jobs <= 1:
        yield map
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        def run(fn: Callable[..., object], *items: Iterable[object]) -> Iterator:
            lists = [list(i) for i in items]
            # small chunks keep results flowing back in order (progress, bounded memory)
            return pool.map(fn, *lists, chunksize=max(1, min(16, len(lists[0]) // (jobs * 8))))
        yield run


def _stage_documents(paths: list[Path], staged: StagedRecords, result: BuildResult, *, run: Run,
                     scheduler: str | None, progress: Callable[[Path], None] | None,
                     pdf_reader: PdfReader = "pdfplumber") -> list[LinkView]:
    """Records of `paths` parked in `staged`; their views in input order; failures into `result`."""
    views = []
    for path, view, error in _staged_outcomes(paths, staged, run=run, scheduler=scheduler, pdf_reader=pdf_reader):
        if view is not None:
            views.append(view)
        else:
            log.info("failed: %s", error)
            result.failures.append((path.name, error or "failed"))
        if progress:
            progress(path)
    return views


def _staged_outcomes(paths: list[Path], staged: StagedRecords, *, run: Run, scheduler: str | None,
                     pdf_reader: PdfReader = "pdfplumber") -> Iterator[tuple[Path, LinkView | None, str | None]]:
    """(path, view, error) per input in input order, from a Dask cluster or local workers."""
    if scheduler:
        from .scale import connect, iter_records_dask  # dask is only imported when a cluster is named

        client = connect(scheduler)
        try:  # records come back to the client, which parks them itself: workers may not share out_dir
            for path, record, error in iter_records_dask(paths, client, pdf_reader=pdf_reader):
                yield path, (_stage(staged, record) if record else None), error
        finally:
            client.close()
        return
    for path, (view, error) in zip(paths, run(_stage_safely, paths, [staged] * len(paths),
                                              [pdf_reader] * len(paths))):
        yield path, view, error


def _stage(staged: StagedRecords, record: Record) -> LinkView:
    staged.put(record)
    return view_of(record)


def _stage_safely(path: Path, staged: StagedRecords,
                  pdf_reader: PdfReader = "pdfplumber") -> tuple[LinkView | None, str | None]:
    """Run in a worker: the record goes to disk, only its view travels back."""
    try:
        return _stage(staged, process_file(path, pdf_reader=pdf_reader)), None
    except PipelineError as exc:
        return None, exc.one_line()


def _linked_records(staged: StagedRecords, views: list[LinkView], linked: LinkedCorpus) -> Iterator[Record]:
    """The kept records, one at a time, with link's resolutions written into their references."""
    resolved = resolved_by_file(linked)
    for view in views:
        yield apply_links(staged.get(view.source.file), resolved.get(view.source.file, {}))


def _write_records(staged: StagedRecords, views: list[LinkView], linked: LinkedCorpus, out_dir: Path,
                   run: Run) -> list[Path]:
    """Every kept record as JSON, each atomically, by the workers; one file-system sync for all."""
    resolved = resolved_by_file(linked)
    files = [v.source.file for v in views]
    n = len(files)
    written = list(run(_write_linked_record, [staged] * n, files, [resolved.get(f, {}) for f in files], [out_dir] * n))
    sync_folder(out_dir)
    return written


def _write_linked_record(staged: StagedRecords, file: str, resolved: dict[int, str | None], out_dir: Path) -> Path:
    return write_record(out_dir, apply_links(staged.get(file), resolved), durable=False)


def kept_views(result: BuildResult) -> list[LinkView]:
    """The views of the documents link kept (a duplicate copy is read, counted, not kept)."""
    dropped = {file for file, _ in result.linked.duplicates} if result.linked else set()
    return [v for v in result.views if v.source.file not in dropped]


def build_manifest(result: BuildResult) -> dict[str, object]:
    """What a build read (every input, duplicates included) and wrote, with counts."""
    counts = [dict(v.counts) for v in result.views]
    return {
        "inputs": {v.source.file: v.source.sha256 for v in result.views},
        "failed": dict(result.failures),
        "outputs": sorted(p.name for p in result.written),
        "counts": {
            "documents": len(result.views),
            "failed": len(result.failures),
            "duplicates": len(result.linked.duplicates) if result.linked else 0,
            "amounts": sum(c["amounts"] for c in counts),
            "awards": sum(c["awards"] for c in counts),
            "references": sum(c["references"] for c in counts),
        },
    }
