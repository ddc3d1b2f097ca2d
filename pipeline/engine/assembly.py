"""The build: documents → link → records, graph and manifest, into a sink.

`build` is the one assembly of the pipeline.  `read_documents` runs `read_document` (ingest →
structure → extract, or the record cache) over the inputs on an executor; each record is
parked on disk and only its `LinkView` comes back, so memory holds views, never the corpus's
text.  `write_outputs` links the views (link alone decides what is a duplicate), then the
records come back one at a time, get link's resolutions and go to the sink, and the graph
is written from them.  `ingest` calls the two halves itself, to admit its files in between.
"""
from __future__ import annotations

import logging
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ConfigError
from ..io import StagedRecords
from ..link import apply_links, link_views, load_aliases, resolved_by_file
from ..records import LinkedCorpus, LinkView, Record
from .cache import RecordCache
from .document import DEFAULT_OPTIONS, Budget, Failure, Options, Outcome, Trace, cache_record, read_document
from .executors import Executor, SerialExecutor
from .manifest import build_manifest, stage_logs
from .sinks import RecordFiles, RecordWriter, Sink, Written

if TYPE_CHECKING:  # the graph's code (and rdflib) is imported where a graph is written: never by `extract`
    from .graphparts import Part

log = logging.getLogger(__name__)

Progress = Callable[[str], None]


@dataclass
class BuildResult:
    """What a build read and wrote."""

    views: list[LinkView] = field(default_factory=list)  # every document read, in input order
    failures: list[Failure] = field(default_factory=list)
    linked: LinkedCorpus | None = None  # `records` filled only by a MemorySink's `linked_records`
    kept: list[LinkView] = field(default_factory=list)  # the views of the documents link kept
    written: list[str] = field(default_factory=list)  # output names: records and graph files
    manifest: dict[str, Any] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)  # wall clock per step
    # this process's peak resident set when each step ended (MiB): what the step added to it
    peak_rss_mb: dict[str, float] = field(default_factory=dict)
    cached: int = 0  # records served by the cache


@dataclass
class Documents:
    """Documents read and parked: their outcomes in input order."""

    park: StagedRecords
    outcomes: list[Outcome] = field(default_factory=list)
    linkable: bool = True  # read with link evidence (`read_documents(link=True)`)
    seconds: dict[str, float] = field(default_factory=dict)
    peak_rss_mb: dict[str, float] = field(default_factory=dict)

    @property
    def failures(self) -> list[Failure]:
        return [o.failure for o in self.outcomes if o.failure is not None]

    def record(self, file: str) -> Record:
        return self.park.get(file)


@contextmanager
def parking(folder: Path | None = None) -> Iterator[StagedRecords]:
    """A private folder for parked records (in `folder`, so on its file system), removed afterwards.
    Its name starts `.staging-`: a killed run's leftover is recognised and removed by the next."""
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
    path = Path(tempfile.mkdtemp(prefix=".staging-", dir=folder))
    try:
        yield StagedRecords(path)
    finally:
        shutil.rmtree(path, ignore_errors=True)


@contextmanager
def _clock(seconds: dict[str, float], step: str, peaks: dict[str, float]) -> Iterator[None]:
    t0 = time.perf_counter()
    try:
        yield
    finally:
        seconds[step] = seconds.get(step, 0.0) + time.perf_counter() - t0
        peaks[step] = _peak_rss_mb()


def _peak_rss_mb() -> float:
    """This process's peak resident set so far, in MiB (Linux counts ru_maxrss in KiB, macOS in bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


def read_documents(paths: list[Path], park: StagedRecords, *, options: Options = DEFAULT_OPTIONS,
                   executor: Executor | None = None, cache: RecordCache | None = None, fill_cache: bool = True,
                   progress: Progress | None = None, link: bool = True) -> Documents:
    """Every input through `read_document` on `executor`, outcomes in input order.

    With `cache`, cached records are reused and (with `fill_cache`) new ones stored.  `link=False`
    (`extract`): the documents will be written by `write_outputs(..., link=False)`, never linked,
    so no link evidence or manifest trace is made for them."""
    executor = executor or SerialExecutor()
    if cache is not None and not executor.shares_files:
        raise ConfigError("the record cache needs workers that share this machine's folders",
                          hint="run ingest without a Dask scheduler")
    if link:
        # the alias table is read again by link; reading it here makes a missing or malformed table
        # an error at start, before every document has been read
        load_aliases()
    docs = Documents(park, linkable=link)
    n = len(paths)
    shared = park if executor.shares_files else None  # else records come back and are parked here
    with _clock(docs.seconds, "documents", docs.peak_rss_mb):
        for outcome in executor.map(read_document, paths, [options] * n, [shared] * n, [cache] * n,
                                    [fill_cache] * n, [link] * n):
            if outcome.record is not None:
                park.put(outcome.record)
                outcome = replace(outcome, record=None)
            if outcome.failure is not None:
                # the CLI prints each failure once, as one line; logging it too would print it twice
                log.info("failed: %s", outcome.failure.line)
            docs.outcomes.append(outcome)
            if progress:
                progress(outcome.file)
    return docs


def _write_linked(park: StagedRecords, file: str, resolved: dict[int, str | None], write: RecordWriter) -> Written:
    """Run where the sink's writer runs: one parked record, linked, to the sink."""
    return write(apply_links(park.get(file), resolved))


def _write_linked_part(park: StagedRecords, file: str, resolved: dict[int, str | None], write: RecordWriter,
                       context: Any) -> tuple[Written, Part]:
    """`_write_linked`, and the record's graph triples into a part beside its parked record:
    the record is read back once for both."""
    from .graphparts import part_of

    record = apply_links(park.get(file), resolved)
    return write(record), part_of(record, context, park.folder)


def _write_with_parts(park: StagedRecords, linked: LinkedCorpus, kept: list[LinkView],
                      links: list[dict[int, str | None]], write: RecordWriter, run: Executor, sink: Sink,
                      graph_dir: Path, result: BuildResult) -> tuple[list[Written], list[str]]:
    """Records and graph when workers write the records: each worker makes its record's triples
    too (engine/graphparts.py), appended to graph.nt here as they come back, in input order."""
    from ..graph.build import corpus_context, record_context
    from .graphparts import graph_from_parts

    corpus = corpus_context(linked)
    contexts = [record_context(corpus, v.key, len(v.awards)) for v in kept]
    files, n = [v.source.file for v in kept], len(kept)
    graph: list[str] = []
    with graph_from_parts(linked, graph_dir, graph, run) as parts:
        with _clock(result.seconds, "records", result.peak_rss_mb):
            written = []
            for done, part in run.map(_write_linked_part, [park] * n, files, links, [write] * n, contexts):
                written.append(done)
                parts.add(part)
            sink.records_done(written)
        t0 = time.perf_counter()  # the corpus-level triples and the Turtle are written as the block ends
    result.seconds["graph"] = result.seconds.get("graph", 0.0) + time.perf_counter() - t0
    result.peak_rss_mb["graph"] = _peak_rss_mb()
    return written, graph


def write_outputs(docs: Documents, sink: Sink, *, executor: Executor | None = None,
                  outcomes: list[Outcome] | None = None, link: bool = True, budget: Budget | None = None) -> BuildResult:
    """Link `outcomes` (default: all of `docs`) and write records, graph and manifest to `sink`.

    `link=False` (`policykg extract`) writes the records as read, with no graph: each
    document on its own.  `budget` (ingest's, running) names the stage a refusal is in."""
    def stage(name: str) -> AbstractContextManager[None]:
        return budget.stage(name) if budget is not None else nullcontext()

    executor = executor or SerialExecutor()
    if link and not docs.linkable:
        raise ValueError("documents read with read_documents(link=False) have no link evidence: they cannot be linked")
    outcomes = docs.outcomes if outcomes is None else outcomes
    result = BuildResult(seconds=dict(docs.seconds), peak_rss_mb=dict(docs.peak_rss_mb),
                         cached=sum(o.cached for o in outcomes))
    result.views = [o.view for o in outcomes if o.view is not None]
    result.failures = [o.failure for o in outcomes if o.failure is not None]
    traces: dict[str, Trace] = {o.file: o.trace for o in outcomes if o.trace is not None}
    if link:
        with _clock(result.seconds, "link", result.peak_rss_mb), stage("link"):
            linked = link_views(result.views, lambda v: docs.record(v.source.file).text, spill_in=docs.park.folder)
        for dropped, twin in linked.duplicates:
            log.warning("%s is the same document as %s: kept once", dropped, twin)
        dropped_files = {d for d, _ in linked.duplicates}
        result.linked = linked
        result.kept = [v for v in result.views if v.source.file not in dropped_files]
        resolved = resolved_by_file(linked)
    else:
        result.kept, resolved = list(result.views), {}
    files = [v.source.file for v in result.kept]
    write, n = sink.writer(), len(files)
    links = [resolved.get(f, {}) for f in files]
    run = executor if sink.parallel and executor.shares_files else SerialExecutor()
    graph_dir: Path | None = getattr(sink, "graph_dir", None) if link and run.parallel else None
    graph: list[str] = []
    if graph_dir is not None:
        assert result.linked is not None
        written, graph = _write_with_parts(docs.park, result.linked, result.kept, links, write, run, sink, graph_dir,
                                           result)
    else:
        with _clock(result.seconds, "records", result.peak_rss_mb), stage("records"):
            if not link and isinstance(docs.park, RecordFiles) and docs.park.folder == getattr(sink, "out_dir", None):
                written = [docs.park.written(f) for f in files]  # the sink's own files, written as read
            else:
                written = list(run.map(_write_linked, [docs.park] * n, files, links, [write] * n))
            sink.records_done(written)
    if link and graph_dir is None:
        with _clock(result.seconds, "graph", result.peak_rss_mb), stage("graph"):
            assert result.linked is not None
            graph = sink.write_graph(result.linked, (apply_links(docs.record(f), r) for f, r in zip(files, links)))
    result.written = [name for name, _, _ in written] + graph
    logs = stage_logs(traces, result.failures, result.linked, result.kept,
                      {name: sha for name, _, sha in written}, graph)
    result.manifest = build_manifest(result.views, result.failures, result.linked, result.written, logs)
    if link:
        sink.write_manifest(result.manifest)
    log.info("build of %d documents: %s", len(outcomes),
             ", ".join(f"{k} {v:.1f}s (peak RSS {result.peak_rss_mb.get(k, 0):.0f} MiB)"
                       for k, v in result.seconds.items()))
    return result


def fill_cache(docs: Documents, files: list[str], cache: RecordCache, *, executor: Executor | None = None) -> None:
    """Store the parked records of `files` in `cache` (by the workers, when they share files)."""
    run = executor if executor is not None and executor.shares_files else SerialExecutor()
    n = len(files)
    for _ in run.map(cache_record, [docs.park] * n, files, [cache] * n):
        pass


def link_only(outcomes: list[Outcome], record_of: Callable[[LinkView], Record]) -> LinkedCorpus:
    """Link documents already read, writing nothing: the corpus as it was, for `ingest` to say
    which lineage edges appeared and which vanished."""
    views = [o.view for o in sorted(outcomes, key=lambda o: o.file) if o.view is not None]
    return link_views(views, lambda v: record_of(v).text)


def build(paths: list[Path], sink: Sink, *, options: Options = DEFAULT_OPTIONS, executor: Executor | None = None,
          cache: RecordCache | None = None, park_in: Path | None = None,
          progress: Progress | None = None) -> BuildResult:
    """Every stage over `paths` into `sink`: read, link, write (records parked in `park_in`)."""
    with parking(park_in) as park:
        docs = read_documents(paths, park, options=options, executor=executor, cache=cache, progress=progress)
        return write_outputs(docs, sink, executor=executor)
