"""Frozen records handed from stage to stage.

Every stage takes and returns these; none of them holds a spaCy, pdfplumber or rdflib
object, so a stage can be tested, cached and serialised on its own.  Offsets (`start`,
`end`) are always character offsets into the normalised text produced by ingest
(`IngestedText.text`, which becomes the record's `text`).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

SCHEMA_ID = "policykg.record/1"


@dataclass(frozen=True)
class SourceInfo:
    file: str
    sha256: str
    format: str  # pdf | text | markdown | docx | html
    pages: int | None


@dataclass(frozen=True)
class PageSpan:
    """Characters `start:end` of the normalised text came from PDF page `page` (1-based)."""

    page: int
    start: int
    end: int


@dataclass(frozen=True)
class TableRow:
    cells: tuple[str, ...]
    start: int
    end: int
    page: int | None = None


@dataclass(frozen=True)
class IngestedText:
    """Output of ingest: one file as normalised text, one paragraph per line."""

    source: SourceInfo
    text: str
    page_map: tuple[PageSpan, ...] = ()
    tables: tuple[tuple[TableRow, ...], ...] = ()
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Part:
    """One GB/T 9704 part of a 公文 (发文机关标志, 文号, 标题, 主送机关, 正文, …)."""

    name: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Clause:
    id: str
    number: str
    heading: str | None
    text: str
    parent: str | None
    start: int
    end: int
    level: int = 1
    lead_units: tuple[str, ...] = ()
    responsible_units: tuple[str, ...] = ()


@dataclass(frozen=True)
class Header:
    doc_number: str | None = None
    order_number: str | None = None  # a 令 / 公告 number (`科学技术部令第1号`); doc_number holds only 〔年〕 文号
    title: str | None = None
    policy_title: str | None = None
    doc_type: str | None = None
    issuers: tuple[str, ...] = ()
    issue_date: str | None = None
    effective_from: str | None = None
    effective_to: str | None = None
    addressees: tuple[str, ...] = ()
    cc: tuple[str, ...] = ()
    printed_by: str | None = None
    printed_date: str | None = None
    publicity: str | None = None
    signer: str | None = None
    attachments: tuple[str, ...] = ()
    # where each header field was read: "text" (the document's own text) or "metadata" (a site's
    # or database's label/value block: `成文日期`, `发文字号`, `【发布部门】` …); fields left null are absent
    sources: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class StructuredDoc:
    """Output of structure: the ingested text cut into 公文 parts and the clause tree."""

    ingested: IngestedText
    header: Header
    parts: tuple[Part, ...]
    clauses: tuple[Clause, ...]
    body_start: int
    body_end: int
    warnings: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return self.ingested.text

    def clause_at(self, offset: int) -> str | None:
        """The innermost clause whose span holds `offset`."""
        best: Clause | None = None
        for clause in self.clauses:
            if clause.start <= offset < clause.end and (best is None or clause.level >= best.level):
                best = clause
        return best.id if best else None


@dataclass(frozen=True)
class Amount:
    text: str
    value: float
    value_max: float | None
    unit: str
    role: str
    clause: str | None
    start: int
    end: int


@dataclass(frozen=True)
class Percentage:
    text: str
    value: float
    role: str
    clause: str | None
    start: int
    end: int


@dataclass(frozen=True)
class Award:
    clause: str | None
    condition: str
    amount: float | None
    amount_role: str | None
    rate: float | None
    rate_base: str | None
    threshold: float | None
    cap: float | None
    per: str | None
    start: int
    end: int


@dataclass(frozen=True)
class CostShare:
    text: str
    parties: tuple[str, ...]
    shares: tuple[float, ...]
    clause: str | None
    start: int
    end: int


@dataclass(frozen=True)
class Reference:
    doc_number: str | None
    title: str | None
    raw: str
    start: int
    end: int
    resolved: str | None = None
    lead_in: str | None = None  # 根据 / 按照 / 继续按照 … as written before the citation


@dataclass(frozen=True)
class Extraction:
    """Output of extract: mentions found in one structured document."""

    amounts: tuple[Amount, ...] = ()
    percentages: tuple[Percentage, ...] = ()
    awards: tuple[Award, ...] = ()
    references: tuple[Reference, ...] = ()
    cost_sharing: tuple[CostShare, ...] = ()
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Record:
    """One document's extraction record: the contract of ../shared/contract/RECORD.md."""

    source: SourceInfo
    text: str
    header: Header
    clauses: tuple[Clause, ...]
    extraction: Extraction
    page_map: tuple[PageSpan, ...] = ()
    parts: tuple[Part, ...] = ()
    warnings: tuple[str, ...] = ()  # all of them: the extraction's are moved here (the JSON has one list)

    def __post_init__(self) -> None:
        # one list of warnings, as the JSON writes it, so that from_dict(to_dict(r)) == r
        if self.extraction.warnings:
            object.__setattr__(self, "warnings", self.warnings + self.extraction.warnings)
            object.__setattr__(self, "extraction", replace(self.extraction, warnings=()))

    @property
    def key(self) -> str:
        """Deterministic identity: the canonical 文号, else its 令 number, else a hash of its file's
        name — not of its bytes, so that an edited document keeps its key (and its IRI)."""
        import hashlib

        if self.header.doc_number or self.header.order_number:
            return self.header.doc_number or self.header.order_number  # type: ignore[return-value]
        return f"sha:{hashlib.sha256(('file:' + self.source.file).encode('utf-8')).hexdigest()[:16]}"

    def to_dict(self) -> dict[str, Any]:
        h = self.header
        ex = self.extraction
        return {
            "schema": SCHEMA_ID,
            "source": asdict(self.source),
            "text": self.text,
            "doc_number": h.doc_number,
            "order_number": h.order_number,
            "title": h.title,
            "policy_title": h.policy_title,
            "doc_type": h.doc_type,
            "issuers": list(h.issuers),
            "issue_date": h.issue_date,
            "effective_from": h.effective_from,
            "effective_to": h.effective_to,
            "references": [_plain(r) for r in ex.references],
            "clauses": [_plain(c) for c in self.clauses],
            "amounts": [_plain(a) for a in ex.amounts],
            "percentages": [_plain(p) for p in ex.percentages],
            "awards": [_plain(a) for a in ex.awards],
            # extras beyond the contract
            "cost_sharing": [_plain(c) for c in ex.cost_sharing],
            "addressees": list(h.addressees),
            "cc": list(h.cc),
            "printed_by": h.printed_by,
            "printed_date": h.printed_date,
            "publicity": h.publicity,
            "signer": h.signer,
            "attachments": list(h.attachments),
            "header_sources": dict(h.sources),
            "parts": [_plain(p) for p in self.parts],
            "page_map": [_plain(p) for p in self.page_map],
            "warnings": list(self.warnings),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Record:
        header = Header(
            doc_number=data["doc_number"], order_number=data.get("order_number"), title=data["title"],
            policy_title=data["policy_title"], doc_type=data["doc_type"],
            issuers=tuple(data["issuers"]), issue_date=data["issue_date"],
            effective_from=data["effective_from"], effective_to=data["effective_to"],
            addressees=tuple(data.get("addressees", ())), cc=tuple(data.get("cc", ())),
            printed_by=data.get("printed_by"), printed_date=data.get("printed_date"),
            publicity=data.get("publicity"), signer=data.get("signer"),
            attachments=tuple(data.get("attachments", ())),
            sources=tuple((data.get("header_sources") or {}).items()),
        )
        extraction = Extraction(
            amounts=tuple(_build(Amount, d) for d in data["amounts"]),
            percentages=tuple(_build(Percentage, d) for d in data["percentages"]),
            awards=tuple(_build(Award, d) for d in data["awards"]),
            references=tuple(_build(Reference, d) for d in data["references"]),
            cost_sharing=tuple(_build(CostShare, d) for d in data.get("cost_sharing", ())),
        )
        return cls(
            source=SourceInfo(**data["source"]),
            text=data["text"],
            header=header,
            clauses=tuple(_build(Clause, d) for d in data["clauses"]),
            extraction=extraction,
            page_map=tuple(_build(PageSpan, d) for d in data.get("page_map", ())),
            parts=tuple(_build(Part, d) for d in data.get("parts", ())),
            warnings=tuple(data.get("warnings", ())),
        )


def _plain(obj: Any) -> dict[str, Any]:
    """A record as JSON-ready data: tuples become lists."""
    out: dict[str, Any] = {}
    for f in fields(obj):
        value = getattr(obj, f.name)
        out[f.name] = list(value) if isinstance(value, tuple) else value
    return out


def _build(cls: Any, data: dict[str, Any]) -> Any:
    names = {f.name for f in fields(cls)}
    kwargs = {k: (tuple(v) if isinstance(v, list) else v) for k, v in data.items() if k in names}
    return cls(**kwargs)


@dataclass
class StageLog:
    """What one stage read and wrote, in the spirit of a DVC lock file."""

    stage: str
    inputs: dict[str, str] = field(default_factory=dict)  # name -> sha256
    outputs: dict[str, str] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class CitedDocument:
    """A document known to the corpus: ingested (`record_file` set) or only cited."""

    key: str  # canonical 文号, or `title:<normalised title>` when no 文号 is known
    doc_number: str | None
    title: str | None
    record_file: str | None = None  # the record's source file when it was ingested
    aliases: tuple[str, ...] = ()  # other ways it was cited (raw 文号 / titles)
    # an ingested document that shows no number of its own takes the one a citer gives it:
    # `doc_number` is then that number, and this says which file and citation gave it
    number_source: str | None = None


@dataclass(frozen=True)
class LineageEdge:
    """A lineage link from a later document (`source`) to an earlier one (`target`)."""

    source: str
    target: str
    kind: str  # cites | repeals | amends | changes | replaces | precedence | continues | provision
    confidence: float
    evidence: str  # the sentence that states or suggests the link
    lag_days: int | None
    source_provision: str | None = None  # clause id in the later document (provision links)
    target_provision: str | None = None
    details: tuple[tuple[str, str], ...] = ()  # e.g. (("before", "100000"), ("after", "200000"))
    # provision links: index of the award in each document's `extraction.awards`
    source_award: int | None = None
    target_award: int | None = None


@dataclass(frozen=True)
class LinkedCorpus:
    """Output of link: records with resolved references, the documents and the lineage."""

    records: tuple[Record, ...]
    documents: tuple[CitedDocument, ...]
    edges: tuple[LineageEdge, ...]
    duplicates: tuple[tuple[str, str], ...] = ()  # (dropped file, kept file)
    warnings: tuple[str, ...] = ()
    statements: tuple[StatedClause, ...] = ()  # precedence / continuation / repeal sentences
    places: tuple[tuple[str, str], ...] = ()  # (document key, jurisdiction's full name)
    citation_targets: tuple[tuple[str, int, str], ...] = ()  # (citing key, reference start, node key)
    # keys of the ingested (kept) documents; with `records` empty when records are streamed
    ingested: tuple[str, ...] = ()
    # (citing file, reference start, resolved node key or None): what `apply_links` writes back
    resolved: tuple[tuple[str, int, str | None], ...] = ()


@dataclass(frozen=True)
class StatedClause:
    """A sentence in which a document states its relation to earlier ones, kept as written.

    `kind` is repeal | precedence | continuation | amendment | revision; `targets` are the keys of the documents the
    sentence names (empty when it speaks of earlier policies in general).
    """

    document: str
    kind: str
    evidence: str
    start: int
    end: int
    targets: tuple[str, ...] = ()


@dataclass(frozen=True)
class LinkView:
    """What link needs of one record, without its text, so a corpus can be linked in memory
    while the records themselves stream through disk.

    The sentences are the evidence lineage edges quote: `award_sentences[i]` is the sentence
    around `awards[i]`, `reference_sentences[i]` the one around `references[i]`.
    `statements` are the record's repeal / precedence / continuation sentences, their
    targets not yet known (link fills them).
    """

    key: str
    source: SourceInfo
    header: Header
    references: tuple[Reference, ...]
    awards: tuple[Award, ...]
    award_sentences: tuple[str, ...]
    reference_sentences: tuple[str, ...]
    statements: tuple[StatedClause, ...]
    fingerprint: str  # text_fingerprint of the text: equal fingerprints are one document
    core_length: int  # characters of the text without layout, for the near-duplicate check
    warning_count: int
    counts: tuple[tuple[str, int], ...] = ()  # mentions per kind, for the manifest

    @property
    def found(self) -> int:
        """Clauses + amounts + awards + references: the richer copy of a duplicate is kept."""
        c = dict(self.counts)
        return c.get("clauses", 0) + c.get("amounts", 0) + c.get("awards", 0) + c.get("references", 0)

