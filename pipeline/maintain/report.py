"""What an ingest did, as data (IngestReport) and as the lines the CLI prints."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..records import LineageEdge, Record
from .dedupe import Duplicate


@dataclass(frozen=True)
class ShaclOutcome:
    """The graph stage's validation: `available` False when it offers none."""

    available: bool
    conforms: bool | None = None
    summary: str = ""
    skipped: bool = False  # the caller asked for no validation


@dataclass(frozen=True)
class DocumentChange:
    """A document the ingest added (or replaced, when its file name was already there)."""

    file: str
    status: str  # added | replaced
    record: Record  # after linking, so references carry `resolved`
    # corpus documents whose references now resolve to this one (old dangling citations it answers)
    cited_by: tuple[str, ...] = ()


@dataclass
class IngestReport:
    """Result of `ingest_documents`: what was added, skipped and rewritten."""

    root: Path
    documents: list[DocumentChange] = field(default_factory=list)
    skipped: list[Duplicate] = field(default_factory=list)
    changed_files: list[str] = field(default_factory=list)  # relative to root, sorted
    new_edges: list[LineageEdge] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)  # corpus files that failed
    reused: int = 0  # corpus records served from the cache
    processed: int = 0  # corpus records read afresh (cache misses)
    shacl: ShaclOutcome = field(default_factory=lambda: ShaclOutcome(False))
    # link's document key → the corpus file holding it, for keys of ingested documents
    corpus_files: dict[str, str] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(self.changed_files)


def render_report(report: IngestReport) -> list[str]:
    """Plain lines for a maintainer: per new document its header, counts and references."""
    lines: list[str] = []
    for doc in report.documents:
        lines += _document_lines(doc, report.corpus_files)
    for dup in report.skipped:
        lines.append(f"unchanged: {dup.file} is already in the corpus as {dup.same_as} ({dup.reason})")
    if report.new_edges:
        lines.append(f"new lineage edges: {len(report.new_edges)}")
        lines += [f"  {e.source} --{e.kind}--> {e.target} ({e.confidence:.2f})" for e in report.new_edges]
    elif report.documents:
        lines.append("new lineage edges: none")
    for name, reason in report.failures:
        lines.append(f"corpus file failed (left out): {name}: {reason}")
    lines.append(_shacl_line(report.shacl) if report.changed else "SHACL: not run (nothing changed)")
    lines.append(f"cache: {report.reused} records reused, {report.processed} re-processed")
    if report.changed:
        lines.append(f"changed files ({len(report.changed_files)}):")
        lines += [f"  {rel}" for rel in report.changed_files]
    else:
        lines.append("nothing changed")
    return lines


def _document_lines(doc: DocumentChange, corpus_files: dict[str, str]) -> list[str]:
    r = doc.record
    h, ex = r.header, r.extraction
    refs = ex.references
    in_corpus = [ref for ref in refs if ref.resolved in corpus_files]
    outside = [ref for ref in refs if ref.resolved and ref.resolved not in corpus_files]
    unresolved = [ref for ref in refs if not ref.resolved]
    lines = [
        f"{doc.status}: {doc.file}",
        f"  文号: {h.doc_number or '—'}   title: {h.title or '—'}",
        (f"  type: {h.doc_type or '—'}   issuers: {'、'.join(h.issuers) or '—'}   issued: {h.issue_date or '—'}"
        f"   in force: {h.effective_from or '—'} … {h.effective_to or '—'}"),
        (f"  counts: {len(r.clauses)} clauses, {len(ex.amounts)} amounts, {len(ex.percentages)} percentages, "
        f"{len(ex.awards)} awards, {len(refs)} references"),
        (f"  references resolved: {len(in_corpus) + len(outside)} ({len(in_corpus)} to corpus documents), "
        f"unresolved: {len(unresolved)}"),
    ]
    lines += [f"    ✓ {ref.raw} → {ref.resolved} = {corpus_files[ref.resolved]}" for ref in in_corpus]  # type: ignore[index]
    lines += [f"    ✓ {ref.raw} → {ref.resolved} (not in the corpus)" for ref in outside]
    lines += [f"    ✗ {ref.raw}" for ref in unresolved]
    if doc.cited_by:
        lines.append(f"  now resolves citations in: {', '.join(doc.cited_by)}")
    lines += [f"  warning: {w}" for w in r.warnings]
    return lines


def _shacl_line(outcome: ShaclOutcome) -> str:
    if outcome.skipped:
        return "SHACL: skipped (--no-shacl)"
    if not outcome.available:
        return "SHACL: not available (the graph stage offers no validation yet)"
    verdict = "conforms" if outcome.conforms else "does NOT conform"
    return f"SHACL: {verdict}" + (f" — {outcome.summary}" if outcome.summary else "")
