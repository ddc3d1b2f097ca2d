"""Frozen records handed from stage to stage.

Every stage takes and returns these; none of them holds a spaCy, pdfplumber or rdflib
object, so a stage can be tested, cached and serialised on its own.  Offsets (`start`,
`end`) are always character offsets into the normalised text produced by ingest
(`IngestedText.text`, which becomes the record's `text`).

Fields that hold a closed vocabulary are `Literal` types, the values those of the contract
(../shared/contract/RECORD.md, record.schema.json) and of the ontology's shapes (sh:in); they
stay plain strings in memory and in the JSON.  Every record type reads and writes its JSON
by one serialiser (`serialise`), driven by these declarations.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar, Literal, get_args

from .serialise import AS_OBJECT, Serialised, inline, json_key

SCHEMA_ID = "policykg.record/1"

# what ingest reads a file as (config.SUPPORTED_SUFFIXES; legacy Word is converted to docx)
SourceFormat = Literal["pdf", "text", "markdown", "docx", "html"]
# the GB/T 9704 parts structure cuts (structure/__init__.py), a site's label block (元数据), and each
# mention of the policy a 印发/转发 notice encloses (所附政策名称, structure/enclosed.py)
PartName = Literal["元数据", "发文机关标志", "文号", "标题", "主送机关", "正文", "附件说明", "发文机关署名和成文日期",
                   "附注", "政策标题", "政策正文", "附件", "抄送机关", "印发机关和印发日期", "所附政策名称"]
MoneyUnit = Literal["元", "万元", "亿元"]
AmountRole = Literal["max", "fixed", "threshold", "target", "other"]
PercentRole = Literal["rate", "max_rate", "target", "other"]
AwardAmountRole = Literal["max", "fixed"]  # an award grants at most (max) or exactly (fixed) its amount
# where a header field was read: the document's own text, or a site's or database's label block
HeaderSource = Literal["text", "metadata"]
LinkKind = Literal["cites", "repeals", "amends", "changes", "replaces", "precedence", "continues", "provision"]
StatementKind = Literal["repeal", "precedence", "continuation", "amendment", "revision"]
VOCABULARIES: dict[str, tuple[str, ...]] = {
    name: get_args(alias) for name, alias in (
        ("source_format", SourceFormat), ("part_name", PartName), ("money_unit", MoneyUnit),
        ("amount_role", AmountRole), ("percent_role", PercentRole), ("award_amount_role", AwardAmountRole),
        ("header_source", HeaderSource), ("link_kind", LinkKind), ("statement_kind", StatementKind))}


def _narrowing(alias: Any, what: str) -> Callable[[str], Any]:
    """A check that a string a stage read (a regex group, a spaCy label) is in the vocabulary:
    a value outside it is a bug in that stage (a ValueError, never a record that breaks the contract)."""
    allowed = get_args(alias)

    def narrow(value: str) -> Any:
        if value in allowed:
            return value
        raise ValueError(f"{value!r} is not a {what}: one of {', '.join(allowed)}")

    return narrow


as_source_format: Callable[[str], SourceFormat] = _narrowing(SourceFormat, "source format")
as_money_unit: Callable[[str], MoneyUnit] = _narrowing(MoneyUnit, "money unit")
as_amount_role: Callable[[str], AmountRole] = _narrowing(AmountRole, "amount role")
as_percent_role: Callable[[str], PercentRole] = _narrowing(PercentRole, "percentage role")
as_award_amount_role: Callable[[str], AwardAmountRole] = _narrowing(AwardAmountRole, "award amount role")


@dataclass(frozen=True)
class SourceInfo(Serialised):
    file: str
    sha256: str
    format: SourceFormat
    pages: int | None


@dataclass(frozen=True)
class PageSpan(Serialised):
    """Characters `start:end` of the normalised text came from PDF page `page` (1-based)."""

    page: int
    start: int
    end: int


@dataclass(frozen=True)
class TableRow(Serialised):
    cells: tuple[str, ...]
    start: int
    end: int
    page: int | None = None


@dataclass(frozen=True)
class IngestedText(Serialised):
    """Output of ingest: one file as normalised text, one paragraph per line."""

    source: SourceInfo
    text: str
    page_map: tuple[PageSpan, ...] = ()
    tables: tuple[tuple[TableRow, ...], ...] = ()
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Part(Serialised):
    """One GB/T 9704 part of a 公文 (发文机关标志, 文号, 标题, 主送机关, 正文, …)."""

    name: PartName
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Clause(Serialised):
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
class Header(Serialised):
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
    # or database's label/value block: `成文日期`, `发文字号`, `【发布部门】` …); fields left null are absent.
    # In the record's JSON, the object `header_sources`.
    sources: tuple[tuple[str, HeaderSource], ...] = field(default=(), metadata=json_key("header_sources", **AS_OBJECT))

    def __post_init__(self) -> None:
        # a mapping: one entry per field, in field order, as a JSON object reads back (sorted keys)
        canonical = tuple(sorted(dict(self.sources).items()))
        if canonical != self.sources:
            object.__setattr__(self, "sources", canonical)


@dataclass(frozen=True)
class StructuredDoc(Serialised):
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
class Amount(Serialised):
    text: str
    value: float
    value_max: float | None
    unit: MoneyUnit
    role: AmountRole
    clause: str | None
    start: int
    end: int


@dataclass(frozen=True)
class Percentage(Serialised):
    text: str
    value: float
    role: PercentRole
    clause: str | None
    start: int
    end: int


@dataclass(frozen=True)
class Award(Serialised):
    clause: str | None
    condition: str
    amount: float | None
    amount_role: AwardAmountRole | None
    rate: float | None
    rate_base: str | None
    threshold: float | None
    cap: float | None
    per: str | None
    start: int
    end: int


@dataclass(frozen=True)
class CostShare(Serialised):
    text: str
    parties: tuple[str, ...]
    shares: tuple[float, ...]
    clause: str | None
    start: int
    end: int


@dataclass(frozen=True)
class Reference(Serialised):
    doc_number: str | None
    title: str | None
    raw: str
    start: int
    end: int
    resolved: str | None = None
    lead_in: str | None = None  # 根据 / 按照 / 继续按照 … as written before the citation


@dataclass(frozen=True)
class Extraction(Serialised):
    """Output of extract: mentions found in one structured document."""

    amounts: tuple[Amount, ...] = ()
    percentages: tuple[Percentage, ...] = ()
    awards: tuple[Award, ...] = ()
    references: tuple[Reference, ...] = ()
    cost_sharing: tuple[CostShare, ...] = ()
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Record(Serialised):
    """One document's extraction record: the contract of ../shared/contract/RECORD.md.

    Its JSON is flat, as the contract's: the header's and the extraction's fields are the
    record's own keys (the extraction's warnings are the record's, see `__post_init__`)."""

    JSON_CONSTANTS: ClassVar[dict[str, str]] = {"schema": SCHEMA_ID}

    source: SourceInfo
    text: str
    header: Header = field(metadata=inline())
    clauses: tuple[Clause, ...]
    extraction: Extraction = field(metadata=inline("warnings"))
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


@dataclass
class StageLog(Serialised):
    """What one stage read and wrote, in the spirit of a DVC lock file."""

    stage: str
    inputs: dict[str, str] = field(default_factory=dict)  # name -> sha256
    outputs: dict[str, str] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class CitedDocument(Serialised):
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
class LineageEdge(Serialised):
    """A lineage link from a later document (`source`) to an earlier one (`target`)."""

    source: str
    target: str
    kind: LinkKind
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
class LinkedCorpus(Serialised):
    """Output of link: records with resolved references, the documents and the lineage."""

    records: tuple[Record, ...]
    documents: tuple[CitedDocument, ...]
    # a tuple, or link's `SpilledEdges` (read back from disk each time it is walked)
    edges: Sequence[LineageEdge]
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
class StatedClause(Serialised):
    """A sentence in which a document states its relation to earlier ones, kept as written.

    `kind` is repeal | precedence | continuation | amendment | revision; `targets` are the keys of the documents the
    sentence names (empty when it speaks of earlier policies in general).
    """

    document: str
    kind: StatementKind
    evidence: str
    start: int
    end: int
    targets: tuple[str, ...] = ()


@dataclass(frozen=True)
class LinkView(Serialised):
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
    # when a document without a 成文日期 was made, for lineage only (the header's date stays null):
    # (ISO date, start, end) of its promulgation note's date (`已经…通过`, `…公布`, `自…起施行`)
    made: tuple[str, int, int] | None = None

    @property
    def found(self) -> int:
        """Clauses + amounts + awards + references: the richer copy of a duplicate is kept."""
        c = dict(self.counts)
        return c.get("clauses", 0) + c.get("amounts", 0) + c.get("awards", 0) + c.get("references", 0)

