"""What an ingest did, as data (IngestReport) and as the lines the CLI prints.

A document is named by its IRI in the graph (`pipeline/graph/vocab.py`), so what the
maintainer reads is what a query finds.  A replaced document shows what changed — header
fields, amounts and awards, old → new — and the report lists the lineage edges that
appeared and those that vanished.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, fields
from pathlib import Path

from ..graph.vocab import doc_iri
from ..records import Amount, Award, Header, LineageEdge, Record
from .dedupe import Duplicate


@dataclass(frozen=True)
class ShaclOutcome:
    """The graph stage's validation of the staged graph (`skipped`: --no-shacl)."""

    available: bool
    conforms: bool | None = None
    summary: str = ""
    skipped: bool = False


@dataclass(frozen=True)
class DocumentChange:
    """A document the ingest added (or replaced, when its file name was already there)."""

    file: str
    status: str  # added | replaced
    record: Record  # after linking, so references carry `resolved`
    # corpus documents whose references resolve to this one
    cited_by: tuple[str, ...] = ()
    previous: Record | None = None  # the replaced version, as it was in the corpus

    @property
    def iri(self) -> str:
        return str(doc_iri(self.record.key))


@dataclass
class IngestReport:
    """Result of `ingest_documents`: what was added, skipped and rewritten."""

    root: Path
    documents: list[DocumentChange] = field(default_factory=list)
    skipped: list[Duplicate] = field(default_factory=list)  # identical copies: not added
    copies: list[Duplicate] = field(default_factory=list)  # near-identical copies: added, linked once
    changed_files: list[str] = field(default_factory=list)  # relative to root, sorted
    new_edges: list[LineageEdge] = field(default_factory=list)
    vanished_edges: list[LineageEdge] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)  # corpus files that failed
    reused: int = 0  # corpus records served from the cache
    processed: int = 0  # corpus records read afresh (cache misses)
    shacl: ShaclOutcome = field(default_factory=lambda: ShaclOutcome(False))
    # link's document key → the corpus file holding it, for keys of ingested documents
    corpus_files: dict[str, str] = field(default_factory=dict)
    rebuilt: bool = False  # extracted/ did not match raw_docs/ (an interrupted build) and was rebuilt

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
    for dup in report.copies:
        lines.append(f"copy: {dup.file} is the same document as {dup.same_as} ({dup.reason}); "
                     "both files are kept as sources, the graph holds the document once")
    if report.documents or report.new_edges or report.vanished_edges:
        lines += _edge_lines("new lineage edges", "+", report.new_edges)
        if report.vanished_edges:
            lines += _edge_lines("lineage edges gone", "-", report.vanished_edges)
    if report.rebuilt:
        lines.append("extracted/ did not match raw_docs/ (an interrupted build?): rebuilt")
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


def _edge_lines(title: str, mark: str, edges: list[LineageEdge]) -> list[str]:
    if not edges:
        return [f"{title}: none"]
    return [f"{title}: {len(edges)}"] + [
        f"  {mark} {doc_iri(e.source)} --{e.kind}--> {doc_iri(e.target)} ({e.confidence:.2f})" for e in edges]


def _document_lines(doc: DocumentChange, corpus_files: dict[str, str]) -> list[str]:
    r = doc.record
    h, ex = r.header, r.extraction
    refs = ex.references
    in_corpus = [ref for ref in refs if ref.resolved in corpus_files]
    outside = [ref for ref in refs if ref.resolved and ref.resolved not in corpus_files]
    unresolved = [ref for ref in refs if not ref.resolved]
    lines = [
        f"{doc.status}: {doc.file}  {doc.iri}",
        f"  文号: {h.doc_number or '—'}   title: {h.title or '—'}",
        (f"  type: {h.doc_type or '—'}   issuers: {'、'.join(h.issuers) or '—'}   issued: {h.issue_date or '—'}"
         f"   in force: {h.effective_from or '—'} … {h.effective_to or '—'}"),
        (f"  counts: {len(r.clauses)} clauses, {len(ex.amounts)} amounts, {len(ex.percentages)} percentages, "
         f"{len(ex.awards)} awards, {len(refs)} references"),
    ]
    if doc.previous is not None:
        lines += _changes(doc.previous, r)
    lines.append(f"  references resolved: {len(in_corpus) + len(outside)} ({len(in_corpus)} to corpus documents), "
                 f"unresolved: {len(unresolved)}")
    lines += [f"    ✓ {ref.raw} → {doc_iri(ref.resolved)} = {corpus_files[ref.resolved]}"  # type: ignore[index,arg-type]
              for ref in in_corpus]
    lines += [f"    ✓ {ref.raw} → {doc_iri(ref.resolved)} (not in the corpus)" for ref in outside]  # type: ignore[arg-type]
    lines += [f"    ✗ {ref.raw}" for ref in unresolved]
    if doc.cited_by:
        lines.append(f"  cited by: {', '.join(doc.cited_by)}")
    lines += [f"  warning: {w}" for w in r.warnings]
    return lines


def _changes(old: Record, new: Record) -> list[str]:
    """What a replacement changed: header fields, amounts and awards, old → new."""
    out = []
    for f in fields(Header):
        before, after = getattr(old.header, f.name), getattr(new.header, f.name)
        if before != after:
            out.append(f"    {f.name}: {_show(before)} → {_show(after)}")
    out += _list_changes("amount", [_amount(a) for a in old.extraction.amounts],
                         [_amount(a) for a in new.extraction.amounts])
    out += _list_changes("award", [_award(a) for a in old.extraction.awards],
                         [_award(a) for a in new.extraction.awards])
    return ["  changed:" + ("" if out else " the text only (no field, amount or award)")] + out


def _list_changes(kind: str, old: list[str], new: list[str]) -> list[str]:
    """Items in one position that differ as old → new; the rest as removed (−) and added (+)."""
    if old == new:
        return []
    if len(old) == len(new):
        return [f"    {kind}: {a} → {b}" for a, b in zip(old, new) if a != b]
    removed = (Counter(old) - Counter(new)).elements()
    added = (Counter(new) - Counter(old)).elements()
    return [f"    {kind} − {item}" for item in removed] + [f"    {kind} + {item}" for item in added]


def _show(value: object) -> str:
    if value is None or value == ():
        return "—"
    return "、".join(value) if isinstance(value, tuple) else str(value)


def _amount(a: Amount) -> str:
    return f"{a.text} ({a.role}, clause {a.clause or '—'})"


def _award(a: Award) -> str:
    grant = f"{a.amount:g} 元" if a.amount is not None else f"{a.rate:g}%" if a.rate is not None else "—"
    return f"{a.condition}: {grant}{' ' + a.amount_role if a.amount_role else ''} (clause {a.clause or '—'})"


def _shacl_line(outcome: ShaclOutcome) -> str:
    if outcome.skipped:
        return "SHACL: skipped (--no-shacl)"
    verdict = "conforms" if outcome.conforms else "does NOT conform"
    return f"SHACL: {verdict}" + (f" — {outcome.summary}" if outcome.summary else "")
