"""`policykg ingest`: add documents to a corpus folder, incrementally and all-or-nothing.

The corpus is `root/raw_docs/` (inputs) and `root/extracted/` (records, graph, manifest).
Unchanged documents come from the record cache; the whole corpus is re-linked, because a
new document can resolve old dangling citations and the other way round; every output is
staged and swapped in by one Transaction, under the corpus lock.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

from ..config import DEFAULT_MAX_BYTES
from ..errors import ConfigError, InputError, PipelineError
from ..ingest import PdfReader
from ..io import dumps_json, list_inputs, record_path
from ..link import link_corpus, view_of
from ..normalize import sha256_bytes
from ..records import LinkedCorpus, Record
from ..runner import BuildResult, build_manifest, process_file, process_many
from .cache import RecordCache
from .dedupe import Duplicate, find_duplicate, link_duplicate
from .graph_stage import validate_graph_files, write_graph_outputs
from .lock import corpus_lock
from .report import DocumentChange, IngestReport, ShaclOutcome
from .transaction import Transaction, recover

log = logging.getLogger(__name__)

RAW_DIR_NAME = "raw_docs"
OUT_DIR_NAME = "extracted"


class ReaderFailure(PipelineError):
    """A stage crashed on an input instead of raising a PipelineError: a bug to report."""

    code = "internal"
    exit_code = 2


def process_input(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES,
                  pdf_reader: PdfReader = "pdfplumber") -> Record:
    """`process_file`, with any unexpected exception turned into a one-line error naming the file."""
    try:
        return process_file(path, max_bytes=max_bytes, pdf_reader=pdf_reader)
    except PipelineError:
        raise
    except Exception as exc:  # chained, so -v still shows the real traceback
        raise ReaderFailure(f"internal error while reading it: {type(exc).__name__}: {exc}",
                            locator=Path(path).name, hint="run with -v for the traceback") from exc


def ingest_documents(files: Iterable[str | Path], root: str | Path, *,
                     max_bytes: int = DEFAULT_MAX_BYTES, jobs: int = 1, validate: bool = True,
                     pdf_reader: PdfReader = "pdfplumber") -> IngestReport:
    """Add `files` to the corpus under `root`; return what changed.

    `validate` runs the graph stage's SHACL validation on the staged graph (the slow part:
    RDFS inference over the whole graph); its result is reported, it does not block.

    Any bad input raises (a PipelineError naming the file) before anything is written; any
    later failure rolls back, so raw_docs/, extracted/ and the graph stay byte-identical.
    A file already there (same bytes, or the same document in another format) is skipped.
    """
    root = Path(root)
    if not (root / RAW_DIR_NAME).is_dir():
        raise ConfigError(f"no {RAW_DIR_NAME}/ folder here", locator=str(root),
                          hint="--root must be a corpus folder holding raw_docs/ (and extracted/)")
    report = IngestReport(root=root)
    with corpus_lock(root):
        recover(root)
        incoming = [(Path(p), process_input(Path(p), max_bytes=max_bytes, pdf_reader=pdf_reader)) for p in files]
        cache = RecordCache(root)
        corpus, fresh = _load_corpus(root / RAW_DIR_NAME, cache, jobs, report, pdf_reader)
        accepted = _admit(incoming, corpus, root / RAW_DIR_NAME, report)
        if not accepted:
            return report
        records = dict(corpus)
        records.update({rec.source.file: rec for _, rec, _ in accepted})
        linked = _link_without_duplicates(records, accepted, set(corpus), report)
        if not accepted:
            return report
        report.new_edges = _new_edges(link_corpus(_ordered(corpus)), linked)
        report.corpus_files = {d.key: d.record_file for d in linked.documents if d.record_file}
        _commit(root, accepted, records, linked, report, validate)
        for record in fresh + [rec for _, rec, _ in accepted]:
            cache.put(record)
        cache.prune()
    return report


def _ordered(records: dict[str, Record]) -> list[Record]:
    # build processes raw_docs/ in sorted name order; ingest must produce the same outputs
    return [records[name] for name in sorted(records)]


def _load_corpus(raw_dir: Path, cache: RecordCache, jobs: int, report: IngestReport,
                 pdf_reader: PdfReader = "pdfplumber") -> tuple[dict[str, Record], list[Record]]:
    """Pre-link records of every file in raw_docs/: cached ones reused, the rest processed."""
    corpus: dict[str, Record] = {}
    misses = []
    for path in list_inputs(raw_dir):
        cached = cache.get(path.name, sha256_bytes(path.read_bytes()))
        if cached is None:
            misses.append(path)
        else:
            corpus[path.name] = cached
    result = process_many(misses, jobs=jobs, pdf_reader=pdf_reader)
    corpus.update({r.source.file: r for r in result.records})
    report.failures = list(result.failures)
    report.reused, report.processed = len(corpus) - len(result.records), len(misses)
    return corpus, list(result.records)


def _admit(incoming: list[tuple[Path, Record]], corpus: dict[str, Record], raw_dir: Path,
           report: IngestReport) -> list[tuple[Path, Record, str]]:
    """New inputs that are not already in the corpus, with `added` or `replaced`."""
    accepted: list[tuple[Path, Record, str]] = []
    for path, record in incoming:
        name = record.source.file
        same_name = corpus.get(name)
        if same_name is not None and same_name.source.sha256 == record.source.sha256:
            report.skipped.append(Duplicate(name, name, f"identical file already in {RAW_DIR_NAME}/"))
            continue
        others = [r for n, r in corpus.items() if n != name] + [rec for _, rec, _ in accepted]
        duplicate = find_duplicate(record, others)
        if duplicate is not None:
            report.skipped.append(duplicate)
            continue
        _check_record_name(record, others)
        accepted = [a for a in accepted if a[1].source.file != name]  # the later of two same-named inputs wins
        accepted.append((path, record, "replaced" if (raw_dir / name).exists() else "added"))
    return accepted


def _check_record_name(record: Record, others: list[Record]) -> None:
    """Refuse an input whose record would overwrite another document's (x.pdf beside x.txt)."""
    stem = Path(record.source.file).stem
    for other in others:
        if Path(other.source.file).stem == stem:
            raise InputError(f"its record extracted/{stem}.json would overwrite that of {other.source.file}, "
                             "a different document", locator=record.source.file,
                             hint="rename the file before ingesting it")


def _link_without_duplicates(records: dict[str, Record], accepted: list[tuple[Path, Record, str]],
                             corpus_files: set[str], report: IngestReport) -> LinkedCorpus:
    """Link the corpus; an accepted input that link calls a duplicate of a corpus file is dropped."""
    while True:
        linked = link_corpus(_ordered(records))
        dropped = [(a, d) for a in accepted
                   if (d := link_duplicate(a[1], linked.duplicates, records, corpus_files)) is not None]
        if not dropped:
            return linked
        for entry, duplicate in dropped:
            report.skipped.append(duplicate)
            accepted.remove(entry)
            del records[entry[1].source.file]


def _edge_key(edge: object) -> tuple[object, ...]:
    return tuple(getattr(edge, f) for f in ("source", "target", "kind", "source_provision", "target_provision"))


def _new_edges(before: LinkedCorpus, after: LinkedCorpus) -> list:  # type: ignore[type-arg]
    old = {_edge_key(e) for e in before.edges}
    return [e for e in after.edges if _edge_key(e) not in old]


def _commit(root: Path, accepted: list[tuple[Path, Record, str]], records: dict[str, Record],
            linked: LinkedCorpus, report: IngestReport, validate: bool) -> None:
    """Stage raw copies, records, graph and manifest; swap in what differs, all or nothing."""
    out_dir = root / OUT_DIR_NAME
    with Transaction(root) as txn:
        for path, record, status in accepted:
            data = path.read_bytes()
            if sha256_bytes(data) != record.source.sha256:
                raise InputError("the file changed while it was being ingested", locator=record.source.file,
                                 hint="run the command again")
            txn.stage(f"{RAW_DIR_NAME}/{record.source.file}", data)
            report.documents.append(_document_change(linked, record, status))
        written = []
        for record in linked.records:
            path = record_path(out_dir, record.source.file)
            txn.stage(str(path.relative_to(root)), dumps_json(record.to_dict()).encode("utf-8"))
            written.append(path)
        scratch = txn.scratch("graph")
        for path in write_graph_outputs(linked, scratch):
            rel = path.relative_to(scratch)
            txn.stage(f"{OUT_DIR_NAME}/{rel}", path.read_bytes())
            written.append(out_dir / rel)
        manifest = build_manifest(BuildResult(views=[view_of(r) for r in _ordered(records)], failures=report.failures,
                                         written=written, linked=linked))
        txn.stage(f"{OUT_DIR_NAME}/manifest.json", dumps_json(manifest).encode("utf-8"))
        report.shacl = validate_graph_files(linked, scratch) if validate else ShaclOutcome(False, skipped=True)
        report.changed_files = sorted(txn.commit())


def _document_change(linked: LinkedCorpus, record: Record, status: str) -> DocumentChange:
    """The linked form of a new record, and which other documents' references now reach it."""
    mine = next((r for r in linked.records if r.source.file == record.source.file), record)
    cited_by = sorted({r.source.file for r in linked.records if r.source.file != mine.source.file
                       and any(ref.resolved == mine.key for ref in r.extraction.references)})
    return DocumentChange(record.source.file, status, mine, tuple(cited_by))
