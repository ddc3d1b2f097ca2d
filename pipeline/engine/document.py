"""One document through ingest → structure → extract: the only place the three stages meet.

`process_file` is the per-document function every command runs (build, extract, ingest,
eval; in this process, in worker processes or on a Dask cluster).  `read_document` wraps it
for an executor: the record cache is consulted first, the record is parked (or sent back),
and every failure — a PipelineError or a crash — comes back as data naming the file and
the stage, never as an exception that would stop the other documents.
"""
from __future__ import annotations

import hashlib
import signal
import threading
import time
import traceback
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

from .. import config
from ..errors import BudgetExceeded, ConfigError, InternalError, Locator, OffsetMismatch, PipelineError
from ..extract import extract_mentions
from ..ingest import PDF_READERS, PdfReader, ingest_file
from ..io import StagedRecords, check_record_name
from ..link import view_of
from ..normalize import sha256_bytes
from ..records import Extraction, IngestedText, LinkView, Record, SourceInfo, StructuredDoc
from ..structure import structure_document

if TYPE_CHECKING:
    from .cache import RecordCache

STAGES = ("ingest", "structure", "extract")


@dataclass(frozen=True)
class Options:
    """How documents are read: the same for every command and every executor."""

    max_bytes: int = config.DEFAULT_MAX_BYTES
    pdf_reader: PdfReader = config.DEFAULT_PDF_READER  # type: ignore[assignment]
    max_seconds: float | None = config.DEFAULT_MAX_SECONDS  # per document; None or 0: no budget

    def __post_init__(self) -> None:
        if self.pdf_reader not in PDF_READERS:
            raise ConfigError(f"unknown --pdf-reader {self.pdf_reader!r}", hint="use " + " or ".join(PDF_READERS))
        if self.max_bytes < 1:
            raise ConfigError(f"--max-bytes must be at least 1, not {self.max_bytes}")
        if self.max_seconds is not None and self.max_seconds < 0:
            raise ConfigError(f"--max-seconds must not be negative, not {self.max_seconds:g}")


DEFAULT_OPTIONS = Options()


def process_file(path: str | Path, options: Options = DEFAULT_OPTIONS, budget: Budget | None = None) -> Record:
    """One file through ingest → structure → extract, as a pre-link contract record.

    Any error names the file and carries the stage that raised it (`error.stage`); an
    unexpected exception becomes an InternalError (exit 2) chained to the original.  The
    document's budget (`--max-seconds`) is `budget` when given: its `spent` then says how long
    these stages took, for the stages that follow (`ingest`'s link, graph, SHACL check)."""
    name = Path(path).name
    budget = budget if budget is not None else Budget(options.max_seconds, name)
    try:
        if budget.seconds is not None:  # the one-time set-up of a process (spaCy, jieba's dictionary) is
            warm_up()  # no document's cost; a failure in it is still one error naming the file
        with budget.running():
            with budget.stage("ingest"):
                check_record_name(name)
                ingested = ingest_file(path, max_bytes=options.max_bytes, pdf_reader=options.pdf_reader)
            with budget.stage("structure"):
                doc = structure_document(ingested)
            with budget.stage("extract"):
                return assemble_record(doc, extract_mentions(doc))
    except PipelineError as exc:
        exc.stage = exc.stage or budget.current
        exc.locate(file=name)  # a stage that knew only the offset or the page: the file too
        raise
    except Exception as exc:  # a bug in a stage: still one line naming the file (chained for -v)
        error = InternalError(f"internal error while reading it: {type(exc).__name__}: {exc}", locator=name,
                              hint="run with -v for the traceback")
        error.stage = budget.current
        raise error from exc


@lru_cache(maxsize=1)
def warm_up() -> None:
    """Run structure and extract once on a two-line 公文, so their libraries are loaded."""
    text = "关于支持企业发展的通知\n一、对符合条件的企业给予不超过50万元奖励。"
    ingested = IngestedText(source=SourceInfo("warm-up.txt", "0" * 64, "text", None), text=text)
    extract_mentions(structure_document(ingested))


def assemble_record(doc: StructuredDoc, extraction: Extraction) -> Record:
    """The contract record of a structured document and its mentions, offsets checked."""
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
            raise OffsetMismatch(f"{kind} offsets {start}:{end} hold {record.text[start:end]!r}, not {text!r}",
                                 locator=Locator(record.source.file, offset=start, excerpt=record.text[start:end]))


class Budget:
    """`max_seconds` for one document, one total over all its stages: a timer interrupts a stage
    that runs over (in a main thread, where signals are delivered), and the time is checked again
    at each stage's end (so a stage that swallowed the interruption, or a thread, is still
    refused) and wherever a long stage calls `check` (the SHACL check, between its chunks).
    `spent`: seconds the document already took in earlier stages (`ingest` carries what the
    reading took into link, graph and the SHACL check, run for its new documents together: the
    budget left is that of the one that took longest); after `running`, the total."""

    def __init__(self, seconds: float | None, file: str, spent: float = 0.0) -> None:
        self.seconds = seconds or None
        self.file = file
        self.current = STAGES[0]
        self.started = 0.0
        self.spent = spent

    def check(self) -> None:
        """Raise BudgetExceeded when the time is up (within `running`)."""
        if self.seconds is not None and self.started and time.monotonic() - self.started > self.seconds:
            raise self._exceeded()

    def _exceeded(self) -> BudgetExceeded:
        return BudgetExceeded(f"refused: still in the {self.current} stage after the {self.seconds:g}-second budget",
                              locator=self.file, hint="raise --max-seconds, or split the document")

    def _alarm(self, signum: int, frame: FrameType | None) -> None:
        raise self._exceeded()

    @contextmanager
    def running(self) -> Iterator[None]:
        self.started = time.monotonic() - self.spent
        self.check()  # the earlier stages took it all: refused before this one starts
        armed = (self.seconds is not None and threading.current_thread() is threading.main_thread()
                 and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, None))
        if armed:
            signal.signal(signal.SIGALRM, self._alarm)
            signal.setitimer(signal.ITIMER_REAL, max(self.seconds - self.spent, 0.001))  # type: ignore[operator]
        try:
            yield
        finally:
            if armed:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, signal.SIG_DFL)
            self.spent = time.monotonic() - self.started

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        self.current = name
        yield
        self.check()


@dataclass(frozen=True)
class Trace:
    """What the per-document stages read and wrote, as hashes, for the manifest's stage logs."""

    bytes_sha: str  # the input file (ingest's input)
    text_sha: str  # the normalised text (ingest's output, structure's input)
    structure_sha: str  # header, parts and clauses (structure's output, extract's input)
    extraction_sha: str  # the mentions (extract's output)


def trace_of(record: Record) -> Trace:
    """The same hashes whether the record was just made or came from the cache."""

    def digest(value: object) -> str:
        return hashlib.sha256(repr(value).encode("utf-8")).hexdigest()

    ex = replace(record.extraction, warnings=())
    return Trace(record.source.sha256, hashlib.sha256(record.text.encode("utf-8")).hexdigest(),
                 digest((record.header, record.parts, record.clauses)), digest(ex))


@dataclass(frozen=True)
class Failure:
    """An input that could not be read: `error` names the file, `error.stage` the stage."""

    file: str
    error: PipelineError

    @property
    def line(self) -> str:
        return self.error.one_line()


@dataclass(frozen=True)
class Outcome:
    """What one document's task sends back: its view, or its failure (and the record itself
    when the worker cannot park it where the client reads)."""

    file: str
    view: LinkView | None = None
    record: Record | None = None
    trace: Trace | None = None
    failure: Failure | None = None
    cached: bool = False
    seconds: float = 0.0  # what its per-document stages took (0 from the cache), counted in its budget


def read_document(path: Path, options: Options, park: StagedRecords | None,
                  cache: RecordCache | None = None, fill: bool = True, link: bool = True) -> Outcome:
    """The task an executor runs per input: the cache, else `process_file` (and, with `fill`,
    the new record into the cache); park the record; never raises.  `link=False`: the record
    will not be linked (`extract`), so its view carries no evidence and no trace is taken."""
    name = path.name
    try:
        sha = _cache_key_sha(path, options.max_bytes) if cache is not None else None
        record = cache.get(name, sha) if cache is not None and sha is not None else None
        cached = record is not None
        budget = Budget(options.max_seconds, name)
        if record is None:
            record = process_file(path, options, budget)
            if cache is not None and fill:
                cache.put(record)
    except PipelineError as exc:
        # the traceback does not cross processes: keep its text for `-v`
        exc.detail = exc.detail or "".join(traceback.format_exception(exc))
        return Outcome(name, failure=Failure(name, _portable(exc)))
    view, trace = (view_of(record), trace_of(record)) if link else (view_of(record, evidence=False), None)
    if park is None:
        return Outcome(name, view=view, record=record, trace=trace, cached=cached, seconds=budget.spent)
    park.put(record)
    return Outcome(name, view=view, trace=trace, cached=cached, seconds=budget.spent)


def cache_record(park: StagedRecords, file: str, cache: RecordCache) -> None:
    """A parked record into the cache (`ingest` fills the cache only once it has committed)."""
    cache.put(park.get(file))


def _cache_key_sha(path: Path, max_bytes: int) -> str | None:
    """sha256 of a regular file within the size limit; None sends it to `process_file`, which
    refuses FIFOs, devices and oversized files with their own errors."""
    try:
        if not path.is_file() or path.stat().st_size > max_bytes:
            return None
        return sha256_bytes(path.read_bytes())
    except OSError:
        return None


def _portable(exc: PipelineError) -> PipelineError:
    """The error without its chain and frames, which may hold objects that do not pickle."""
    exc.__cause__ = exc.__context__ = None
    exc.__traceback__ = None
    return exc
