"""`policykg ingest`: add documents to a corpus folder, incrementally and all-or-nothing.

The corpus is `root/raw_docs/` (inputs) and `root/extracted/` (records, graph, manifest).
Ingest = admit the files, then the engine's build of the resulting corpus, with the record
cache, into a journalled transaction:

1. under the corpus lock (after rolling back what a killed run left), the new files are
   read; any bad input raises before anything is written;
2. the corpus is read (unchanged documents from the cache); a new file is unchanged when it
   has a corpus file's name and bytes, or when link calls it a copy of a corpus document
   (`dedupe.py`); a new file with a known name and new bytes replaces the old one;
3. the engine links the corpus as it will be and stages records, graph and manifest — the
   very bytes a fresh `policykg build` of the new raw_docs/ writes — and the raw copies;
4. the staged graph is checked against ontology/shapes.ttl, then everything is committed.
"""
from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ..config import OUT_DIR_NAME, RAW_DIR_NAME
from ..engine import Documents, Executor, Options, Outcome, local_executor, read_documents, write_outputs
from ..engine.assembly import fill_cache, link_only
from ..engine.cache import RecordCache, pipeline_version
from ..engine.document import DEFAULT_OPTIONS, Budget
from ..engine.manifest import SCHEMA
from ..engine.outputs import clean_leftovers, writing
from ..engine.sinks import MANIFEST
from ..errors import ConfigError, InputError
from ..io import StagedRecords, list_inputs, record_path
from ..link import apply_links, resolved_by_file
from ..normalize import sha256_bytes
from ..records import LineageEdge, LinkedCorpus
from .dedupe import Duplicate, find_duplicates
from .graph_stage import check_graph
from .report import DocumentChange, IngestReport, ShaclOutcome
from .sink import TransactionSink
from .transaction import Transaction

log = logging.getLogger(__name__)


@dataclass
class _Admission:
    incoming: list[Outcome]  # the new files that enter the corpus
    status: dict[str, str]  # their names → added | replaced
    corpus: list[Outcome]  # the corpus files that stay, read
    replaced: list[Outcome]  # the old versions of the replaced files, read (parked apart)
    paths: dict[str, Path]  # where each incoming file is


def ingest_documents(files: Iterable[str | Path], root: str | Path, *, options: Options = DEFAULT_OPTIONS,
                     jobs: int = 1, validate: bool = True) -> IngestReport:
    """Add `files` to the corpus under `root`; return what changed.

    Any bad input raises (a PipelineError naming the file) before anything is written; any
    later failure — a graph that violates the shapes included — rolls back, so raw_docs/,
    extracted/ and the graph stay byte-identical.  `validate=False` skips SHACL."""
    root = Path(root)
    raw_dir = root / RAW_DIR_NAME
    if not raw_dir.is_dir():
        raise ConfigError(f"no {RAW_DIR_NAME}/ folder here", locator=str(root),
                          hint="--root must be a corpus folder holding raw_docs/ (and extracted/)")
    paths = _distinct([Path(p) for p in files])
    report = IngestReport(root=root)
    cache = RecordCache(root)
    with writing(root / OUT_DIR_NAME, root=root), local_executor(jobs) as executor, Transaction(root) as txn:
        park, old_park = StagedRecords(txn.scratch("records")), StagedRecords(txn.scratch("replaced"))
        clean_leftovers(cache.dir)  # a cache entry a killed run was writing

        def read(some: list[Path], into: StagedRecords) -> Documents:
            # the cache is filled only once the ingest has committed
            return read_documents(some, into, options=options, executor=executor, cache=cache, fill_cache=False)

        new = read(paths, park)
        if new.failures:
            raise new.failures[0].error
        admitted = _admit(new, paths, list_inputs(raw_dir), read, park, old_park, report)
        if not admitted.incoming:
            if _up_to_date(root / OUT_DIR_NAME, admitted.corpus):
                return report
            report.rebuilt = True  # extracted/ does not match raw_docs/ (an interrupted build): rebuild it
        outcomes = sorted(admitted.corpus + admitted.incoming, key=lambda o: o.file)
        sink = TransactionSink(txn)
        # the stages the new documents trigger after their reading count in the same --max-seconds:
        # what is left of it for the document whose reading took longest
        budget = Budget(options.max_seconds, ", ".join(sorted(o.file for o in admitted.incoming)) or str(root),
                        spent=max((o.seconds for o in admitted.incoming), default=0.0))
        with budget.running():  # ended before the commit: a timer never interrupts it
            result = write_outputs(new, sink, executor=executor, outcomes=outcomes, budget=budget)
            assert result.linked is not None
            for outcome in admitted.incoming:
                _stage_raw_copy(txn, admitted.paths[outcome.file], outcome)
            # a fresh build writes no record for a document link drops or a file that fails: nor does ingest
            for name in _stale_records(outcomes, set(result.written)):
                txn.remove(f"{OUT_DIR_NAME}/{name}")
            old_files = {o.file for o in admitted.replaced}  # the corpus as it was, for the report
            with budget.stage("link"):
                before = link_only(admitted.corpus + admitted.replaced,
                                   lambda v: (old_park if v.source.file in old_files else park).get(v.source.file))
                _describe(report, admitted, result.linked, before, park, old_park)
            report.failures = [(f.file, f.line) for f in result.failures]
            if validate:
                with budget.stage("SHACL check"):
                    report.shacl = check_graph(sink.graph_nt or root / OUT_DIR_NAME / "graph.nt", check=budget.check)
            else:
                report.shacl = ShaclOutcome(False, skipped=True)
        report.changed_files = sorted(txn.commit())
        _fill_cache(new, [o.file for o in outcomes if not o.cached and o.view is not None], cache, executor)
    try:
        cache.prune()
    except OSError as exc:
        log.warning("the record cache's old versions in %s were not removed (%s)", cache.base, exc.strerror or exc)
    return report


def _fill_cache(docs: Documents, files: list[str], cache: RecordCache, executor: Executor) -> None:
    """Store the records read in the cache, once the ingest has committed.  The cache is an
    optimisation: a write that fails (a full disk, a quota) is one warning, not an error of an
    ingest that is done — those documents are read again next time."""
    try:
        fill_cache(docs, files, cache, executor=executor)
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        log.warning("the ingest is committed, but its records were not stored in the record cache %s: %s%s; "
                    "the next run reads those documents again", cache.dir, exc.strerror or exc, where)


def _distinct(paths: list[Path]) -> list[Path]:
    """Each input once (the same file given twice is one); two files of one name are refused."""
    seen: dict[str, Path] = {}
    for path in paths:
        other = seen.setdefault(path.name, path)
        if other != path and other.resolve() != path.resolve():
            raise InputError(f"given twice, from {other.parent} and {path.parent}", locator=path.name,
                             hint="ingest one of them, or rename the other")
    return list(seen.values())


def _admit(new: Documents, paths: list[Path], corpus_paths: list[Path], read: Callable[..., Documents],
           park: StagedRecords, old_park: StagedRecords, report: IngestReport) -> _Admission:
    """Which new files enter the corpus, and the corpus read as the engine will build it."""
    known = {p.name: p for p in corpus_paths}
    outcomes = {o.file: o for o in new.outcomes}
    same = {name for name, o in outcomes.items() if name in known and o.view is not None
            and sha256_bytes(known[name].read_bytes()) == o.view.source.sha256}
    report.skipped += [Duplicate(name, name, "identical bytes") for name in sorted(same)]
    replacing = {name for name in outcomes if name in known and name not in same}
    _refuse_record_clashes([o for n, o in outcomes.items() if n not in same], corpus_paths)
    corpus = read([p for p in corpus_paths if p.name not in replacing], park)
    old = read([known[n] for n in sorted(replacing)], old_park)
    report.reused = sum(o.cached for o in corpus.outcomes + old.outcomes)
    report.processed = len(corpus.outcomes) + len(old.outcomes) - report.reused
    views = [o.view for o in corpus.outcomes if o.view is not None]
    added = [o.view for n, o in outcomes.items() if n not in same and n not in replacing and o.view is not None]
    copies = find_duplicates(added, views, lambda v: park.get(v.source.file).text)
    # an identical copy is not added; a near-identical one is (both files stay as sources)
    report.skipped += [copies[n] for n in sorted(copies) if copies[n].identical]
    report.copies += [copies[n] for n in sorted(copies) if not copies[n].identical]
    incoming = [o for n, o in outcomes.items() if n not in same and not (n in copies and copies[n].identical)]
    return _Admission(incoming, {o.file: "replaced" if o.file in replacing else "added" for o in incoming},
                      corpus.outcomes, old.outcomes, {p.name: p for p in paths})


def _up_to_date(out_dir: Path, corpus: list[Outcome]) -> bool:
    """Does extracted/ hold the build of exactly these inputs?  Its manifest, written last, says."""
    try:
        manifest = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    inputs = {o.view.source.file: o.view.source.sha256 for o in corpus if o.view is not None}
    failed = {o.file for o in corpus if o.failure is not None}
    return (isinstance(manifest, dict) and manifest.get("manifest_format") == SCHEMA and manifest.get("inputs") == inputs
            and manifest.get("pipeline") == pipeline_version()
            and set(manifest.get("failed", {})) == failed
            and all((out_dir / name).is_file() for name in manifest.get("outputs", [])))


def _stale_records(outcomes: list[Outcome], written: set[str]) -> list[str]:
    """Record files of corpus documents this build does not write (dropped copies, failures)."""
    stale = []
    for outcome in outcomes:
        try:
            name = record_path(Path("."), outcome.file).name
        except InputError:  # a reserved name (`manifest.txt`) never has a record
            continue
        if name not in written:
            stale.append(name)
    return stale


def _refuse_record_clashes(incoming: list[Outcome], corpus_paths: list[Path]) -> None:
    """An input whose record would overwrite another document's (`x.pdf` beside `x.txt`)."""
    owners: dict[str, str] = {p.stem: p.name for p in corpus_paths}
    for outcome in incoming:
        stem = Path(outcome.file).stem
        other = owners.get(stem)
        if other is not None and other != outcome.file:
            raise InputError(f"its record {OUT_DIR_NAME}/{stem}.json would overwrite that of {other}, "
                             "a different document", locator=outcome.file, hint="rename the file before ingesting it")
        owners[stem] = outcome.file


def _stage_raw_copy(txn: Transaction, path: Path, outcome: Outcome) -> None:
    data = path.read_bytes()
    assert outcome.view is not None
    if sha256_bytes(data) != outcome.view.source.sha256:
        raise InputError("the file changed while it was being ingested", locator=outcome.file,
                         hint="run the command again")
    txn.stage(f"{RAW_DIR_NAME}/{outcome.file}", data)


def _edge_key(edge: LineageEdge) -> tuple[object, ...]:
    return (edge.source, edge.target, edge.kind, edge.source_provision, edge.target_provision)


def _describe(report: IngestReport, admitted: _Admission, after: LinkedCorpus, before: LinkedCorpus,
              park: StagedRecords, old_park: StagedRecords) -> None:
    """Each admitted document as linked, what a replacement changed, and the lineage's change."""
    resolved = resolved_by_file(after)
    old_resolved = resolved_by_file(before)
    # a reference names a numberless document by the number lent to it, else by its key
    named = {d.key: d.doc_number if d.number_source else d.key for d in after.documents}
    for outcome in admitted.incoming:
        name = outcome.file
        record = apply_links(park.get(name), resolved.get(name, {}))
        me = named.get(record.key, record.key)
        cited_by = sorted({f for f, targets in resolved.items() if f != name and me in targets.values()})
        previous = None
        if admitted.status[name] == "replaced":
            previous = apply_links(old_park.get(name), old_resolved.get(name, {}))
        report.documents.append(DocumentChange(name, admitted.status[name], record, tuple(cited_by), previous))
    old_keys, new_keys = {_edge_key(e) for e in before.edges}, {_edge_key(e) for e in after.edges}
    report.new_edges = [e for e in after.edges if _edge_key(e) not in old_keys]
    report.vanished_edges = [e for e in before.edges if _edge_key(e) not in new_keys]
    report.corpus_files = {name: d.record_file for d in after.documents if d.record_file
                           for name in dict.fromkeys((d.key, named[d.key])) if name}
