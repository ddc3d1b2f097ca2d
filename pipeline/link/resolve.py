"""Resolve every reference to one node per real document, however it is cited.

Order of evidence: a 文号 written with the citation (canonicalised and localised), then an
exact title key known from the corpus (an ingested document's title or enclosed policy, or
another citation that gives the same title with its 文号), then a fuzzy title key at or above
the measured threshold.  A reference none of these resolves keeps a title node of its own.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace

from .. import config
from ..normalize import normalize_doc_number, normalize_order_number, normalize_title, title_key
from ..records import CitedDocument, LinkView, Reference
from .aliases import AliasTable, Place, localize_number, record_place
from .titles import TitleIndex, best_match, title_keys

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Resolution:
    """How one reference was resolved: the node key, the method and its confidence."""

    citing: str  # key of the citing document
    reference: Reference
    target: str  # node key: canonical 文号 or `title:<scope>|<key>`
    method: str  # number | title-exact | title-fuzzy | unresolved
    confidence: float
    citing_file: str = ""
    evidence: str = ""  # the sentence the citation stands in


@dataclass
class _Node:
    key: str
    doc_number: str | None
    titles: list[str] = field(default_factory=list)
    record_file: str | None = None
    aliases: list[str] = field(default_factory=list)

    def add(self, title: str | None, alias: str | None) -> None:
        if title and title not in self.titles:
            self.titles.append(title)
        if alias and alias not in self.aliases:
            self.aliases.append(alias)


def scopes_for(table: AliasTable, place: Place | None) -> dict[str, str]:
    """Relative head word → the name of the citing document's area of that level."""
    if place is None:
        return {}
    out = {}
    for word in ("省", "市", "县", "区"):
        area = table.parent_of(place, word)
        if area is not None:
            out[word] = area.name
    return out


def canonical_number(table: AliasTable, raw: str, place: Place | None) -> str | None:
    """A cited 文号 in its one canonical form: normalised, then localised to its area; a 令 number
    (`科学技术部令第1号`) in its normal form (its issuer is written out, nothing to localise)."""
    number = normalize_doc_number(raw)
    if number is None:
        return normalize_order_number(raw)
    return localize_number(table, number, place)


def resolve_references(records: list[LinkView], table: AliasTable,
                       threshold: float = config.DEFAULT_TITLE_MATCH,
                       ) -> tuple[list[CitedDocument], list[Resolution], list[str]]:
    """How every reference of every record resolves, and the document nodes they make."""
    places = {r.key: record_place(table, r) for r in records}
    nodes: dict[str, _Node] = {}
    index = TitleIndex()
    _index_records(records, table, places, nodes, index)
    _index_numbered_refs(records, table, places, nodes, index)
    resolutions: list[Resolution] = []
    warnings: list[str] = []
    for record in records:
        place = places[record.key]
        for ref, sentence in zip(record.references, record.reference_sentences):
            res = _resolve_one(record, ref, table, place, index, threshold, warnings)
            res = replace(res, citing_file=record.source.file, evidence=sentence)
            node = nodes.setdefault(res.target, _Node(res.target, None if res.method == "unresolved" else res.target))
            node.add(ref.title, ref.raw)
            resolutions.append(res)
    documents = [CitedDocument(key=n.key, doc_number=n.doc_number, title=n.titles[0] if n.titles else None,
                               record_file=n.record_file, aliases=tuple(n.aliases))
                 for n in sorted(nodes.values(), key=lambda n: n.key)]
    return documents, resolutions, warnings


def _index_records(records: list[LinkView], table: AliasTable, places: dict[str, Place | None],
                   nodes: dict[str, _Node], index: TitleIndex) -> None:
    for record in records:
        key = record.key
        node = nodes.setdefault(key, _Node(key, record.header.doc_number))
        node.record_file = node.record_file or record.source.file
        # the enclosed policy's title first: it is how other documents cite the instrument
        for title in (record.header.policy_title, record.header.title):
            if title:
                node.add(normalize_title(title), None)
                for k in title_keys(title, scopes_for(table, places[key])):
                    index.add(k, key)


def _index_numbered_refs(records: list[LinkView], table: AliasTable, places: dict[str, Place | None],
                         nodes: dict[str, _Node], index: TitleIndex) -> None:
    """A title cited with its 文号 anywhere lends that 文号 to title-only citations elsewhere."""
    for record in records:
        place = places[record.key]
        for ref in record.references:
            number = canonical_number(table, ref.doc_number, place) if ref.doc_number else None
            if number is None:
                continue
            nodes.setdefault(number, _Node(number, number))
            if ref.title:
                for k in title_keys(ref.title, scopes_for(table, place)):
                    index.add(k, number)


def _resolve_one(record: LinkView, ref: Reference, table: AliasTable, place: Place | None,
                 index: TitleIndex, threshold: float, warnings: list[str]) -> Resolution:
    if ref.doc_number:
        number = canonical_number(table, ref.doc_number, place)
        if number:
            return Resolution(record.key, ref, number, "number", 1.0)
    keys = title_keys(ref.title, scopes_for(table, place)) if ref.title else []
    match, targets = best_match(keys, index, threshold)
    targets = targets - {record.key}  # a document does not cite itself
    if match and len(targets) == 1:
        method = "title-exact" if match.score >= 100 else "title-fuzzy"
        log.debug("%s: %r → %s (%s %.1f)", record.source.file, ref.title, next(iter(targets)), method, match.score)
        return Resolution(record.key, ref, next(iter(targets)), method, round(match.score / 100, 3))
    if len(targets) > 1:
        warnings.append(f"{record.source.file}: reference {ref.raw!r} matches several documents "
                        f"({', '.join(sorted(targets))}): left unresolved")
    return Resolution(record.key, ref, unresolved_key(ref, keys), "unresolved", 0.0)


def unresolved_key(ref: Reference, keys: list[tuple[str, str]]) -> str:
    """The node of a citation nothing resolves: its first title key, scoped like the title."""
    if keys:
        scope, key = keys[0]
        return f"title:{scope}|{key}" if scope else f"title:{key}"
    return f"title:{title_key(ref.raw)}"
