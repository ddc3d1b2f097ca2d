"""Resolve every reference to one node per real document, however it is cited.

Order of evidence: a 文号 written with the citation (canonicalised and localised), then an
exact title key known from the corpus (an ingested document's title or enclosed policy, or
another citation that gives the same title with its 文号), then a fuzzy title key at or above
the measured threshold.  A reference none of these resolves keeps a title node of its own.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field, replace

from .. import config
from ..normalize import DOC_NUMBER_RE, normalize_doc_number, normalize_order_number, normalize_title, title_key
from ..records import CitedDocument, LinkView, Reference
from .aliases import AliasTable, Place, localize_number, record_place
from .editions import made_day, republished
from .titles import TitleIndex, best_match, title_keys

log = logging.getLogger(__name__)
# confidence factor of a title citation that several editions share, resolved to the one in force
EDITION_CONFIDENCE = 0.8
# drafted confidence of a number read as an ingested document's with a series character dropped
SERIES_VARIANT_CONFIDENCE = 0.8


@dataclass(frozen=True)
class Resolution:
    """How one reference was resolved: the node key, the method and its confidence."""

    citing: str  # key of the citing document
    reference: Reference
    target: str  # node key: canonical 文号 or `title:<scope>|<key>`
    method: str  # number | number-variant | title-exact | title-fuzzy | title-edition | title-numbered | unresolved
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
    number_source: str | None = None  # where a number the document does not show came from

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
    numberless = {r.key: r for r in records if r.key.startswith("sha:")}
    editions = _edition_keys(numberless, table, places)
    dated = {r.key: _day(r) for r in records}
    for record in records:
        place = places[record.key]
        for ref, sentence in zip(record.references, record.reference_sentences):
            res = _resolve_one(record, ref, table, place, index, threshold, warnings, dated)
            res = _lend_number(res, ref, record, numberless, index, table, place, threshold, nodes, warnings, editions)
            resolutions.append(replace(res, citing_file=record.source.file, evidence=sentence))
    # a number lent to a document that shows none is that document's now, not a node of its own:
    # every citation resolved to that number (by another title, or bare) is of the document
    holders: dict[str, set[str]] = {}
    for n in nodes.values():
        if n.number_source and n.doc_number:
            holders.setdefault(n.doc_number, set()).add(n.key)
    owner = {number: next(iter(keys)) for number, keys in holders.items() if len(keys) == 1}
    by_key = {r.key: r for r in records}
    for i, res in enumerate(resolutions):
        if res.target not in owner or getattr(nodes.get(res.target), "record_file", None):
            continue
        if owner[res.target] != res.citing:
            resolutions[i] = replace(res, target=owner[res.target])
        elif res.method != "number":  # a title matched the citer's own later number: the edition before it
            record = by_key[res.citing]
            again = _resolve_one(record, res.reference, table, places[record.key], index, threshold, warnings, dated,
                                 exclude=frozenset({res.target}))
            resolutions[i] = replace(again, citing_file=res.citing_file, evidence=res.evidence)
    for res in resolutions:
        node = nodes.setdefault(res.target, _Node(res.target, None if res.method == "unresolved" else res.target))
        node.add(res.reference.title, res.reference.raw)
    targeted = {r.target for r in resolutions}
    lent = set(holders)
    nodes = {k: n for k, n in nodes.items() if not (k in lent and k not in targeted and not n.record_file)}
    documents = [CitedDocument(key=n.key, doc_number=n.doc_number, title=n.titles[0] if n.titles else None,
                               record_file=n.record_file, aliases=tuple(n.aliases), number_source=n.number_source)
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


def _day(view: LinkView) -> str | None:
    return view.header.issue_date or view.header.effective_from


def _when(key: str, dated: dict[str, str | None]) -> str | None:
    """When a candidate was made: an ingested document's date, else the year its number gives."""
    if key in dated:
        return dated[key]
    year = re.search(r"〔(\d{4})〕", key)
    return f"{year.group(1)}-01-01" if year else None


def _made_after(targets: set[str], record: LinkView, dated: dict[str, str | None]) -> set[str]:
    """Candidates made after the citing document: a title cannot name a document not yet written
    (`对《X》进行了修订` in the 2022 notice means the earlier X, never the corpus's 2024 edition of X).
    An ingested document is compared by its date, one known by its number by the number's year."""
    day = _day(record)
    if day is None:
        return set()
    out = set()
    for target in targets:
        made = _when(target, dated)
        if made is not None and (made[:4] > day[:4] or (target in dated and made > day)):
            out.add(target)
    return out


def _by_date(targets: set[str], record: LinkView, dated: dict[str, str | None]) -> set[str]:
    """Several documents share a cited title (editions of one instrument): a citation by title
    alone names the edition in force when it was written — the latest one made before it.
    Editions made after the citing document cannot be meant.  Undated, an ingested edition
    is preferred to one known only from another citation's number, when it is the only one."""
    day = _day(record)
    if day is None:
        ingested = {t for t in targets if t in dated}
        return ingested if len(ingested) == 1 else targets
    known = {t: _when(t, dated) for t in targets}
    before = {t: d for t, d in known.items() if d is not None and d[:4] <= day[:4] and (t not in dated or d <= day)}
    if not before:
        return targets
    latest = max(before.values())
    chosen = {t for t, d in before.items() if d == latest}
    return chosen if len(chosen) == 1 else targets


def _resolve_one(record: LinkView, ref: Reference, table: AliasTable, place: Place | None,
                 index: TitleIndex, threshold: float, warnings: list[str],
                 dated: dict[str, str | None] | None = None, exclude: frozenset[str] = frozenset()) -> Resolution:
    if ref.doc_number:
        number = canonical_number(table, ref.doc_number, place)
        if number:
            variant = _series_variant(number, record, ref, table, place, index, dated or {})
            if variant is not None:
                return Resolution(record.key, ref, variant, "number-variant", SERIES_VARIANT_CONFIDENCE)
            return Resolution(record.key, ref, number, "number", 1.0)
    keys = title_keys(ref.title, scopes_for(table, place)) if ref.title else []
    match, targets = best_match(keys, index, threshold)
    targets = targets - {record.key} - exclude  # a document does not cite itself
    if dated is not None:
        targets = targets - _made_after(targets, record, dated)
    editions = match is not None and len(targets) > 1 and dated is not None
    if editions:
        targets = _by_date(targets, record, dated or {})
    if match and len(targets) == 1:
        method = "title-edition" if editions else "title-exact" if match.score >= 100 else "title-fuzzy"
        log.debug("%s: %r → %s (%s %.1f)", record.source.file, ref.title, next(iter(targets)), method, match.score)
        # an edition chosen by date is likelier wrong than a title that names one document
        confidence = round(match.score / 100 * (EDITION_CONFIDENCE if editions else 1.0), 3)
        return Resolution(record.key, ref, next(iter(targets)), method, confidence)
    if len(targets) > 1:
        warnings.append(f"{record.source.file}: reference {ref.raw!r} matches several documents "
                        f"({', '.join(sorted(targets))}): left unresolved")
    return Resolution(record.key, ref, unresolved_key(ref, keys), "unresolved", 0.0)


def _series_variant(number: str, record: LinkView, ref: Reference, table: AliasTable, place: Place | None,
                    index: TitleIndex, ingested: dict[str, str | None]) -> str | None:
    """`《X》（甲工信〔2020〕5号）` where no document is 甲工信〔2020〕5号 but X is exactly the title of the
    one ingested document numbered 甲工信规〔2020〕5号: the citation dropped a series character (规, 办,
    字 …) from its number.  The title must agree — a bare number may be another series' document
    (规 numbers run apart from 发 numbers), so it is never re-read on its own."""
    if number in ingested or not ref.title:
        return None
    keys = title_keys(ref.title, scopes_for(table, place))
    targets = {t for k in keys if k in index for t in index[k] if t in ingested and t != record.key}
    if len(targets) != 1:
        return None
    target = next(iter(targets))
    return target if drops_series_characters(number, target) else None


def drops_series_characters(cited: str, own: str, most: int = 2) -> bool:
    """`甲工信〔2020〕5号` is `甲工信规〔2020〕5号` less its series character: the same year and serial,
    and the cited agency code is the document's with at most `most` characters left out (never its first)."""
    a, b = DOC_NUMBER_RE.fullmatch(cited), DOC_NUMBER_RE.fullmatch(own)
    if not (a and b) or (a["year"], a["serial"]) != (b["year"], b["serial"]):
        return False
    short, full = a["agency"], b["agency"]
    if not (len(short) < len(full) <= len(short) + most) or short[0] != full[0]:
        return False
    rest = iter(full)
    return all(ch in rest for ch in short)  # `short` is a subsequence of `full`


def _edition_keys(numberless: dict[str, LinkView], table: AliasTable,
                  places: dict[str, Place | None]) -> dict[str, set[tuple[str, str]]]:
    """Numberless document → the title keys of the instruments it re-publishes as amended (`editions`)."""
    out: dict[str, set[tuple[str, str]]] = {}
    for key, view in numberless.items():
        keys = {k for title in republished(view) for k in title_keys(title, scopes_for(table, places[key]))}
        if keys:
            out[key] = keys
    return out


def _lend_number(res: Resolution, ref: Reference, record: LinkView, numberless: dict[str, LinkView],
                 index: TitleIndex, table: AliasTable, place: Place | None, threshold: float,
                 nodes: dict[str, _Node], warnings: list[str],
                 editions: dict[str, set[tuple[str, str]]] | None = None) -> Resolution:
    """`《X》（N）` where no document of the corpus is N but X is the title of one that shows no
    number of its own: the citation is of that document, which takes N from its citer.

    Only when the dates agree: a number with a year (`〔2024〕`) names a document of that year,
    so a same-titled document of another year (an earlier edition) never takes it; it names the
    edition of X made that year, which may be the amendment that re-published X (`editions`).
    Never a document made after the citer (`made_day`: a rule's note dates it where no 成文日期 does)."""
    if res.method != "number" or not ref.title or not numberless or res.target in nodes and nodes[res.target].record_file:
        return res
    keys = title_keys(ref.title, scopes_for(table, place))
    match, targets = best_match(keys, index, threshold)
    targets = {t for t in targets if t in numberless and t != record.key} if match and match.score >= 100 else set()
    year = re.search(r"〔(\d{4})〕", res.target)
    if year:  # a number of a year: an edition of X re-published as amended is X of its own date too
        targets |= {t for t, ks in (editions or {}).items() if t != record.key and ks & set(keys)}
    day = _day(record)
    made = {t: made_day(numberless[t]) or "" for t in targets}
    targets = {t for t in targets if not (day and made[t] > day) and (not year or made[t].startswith(year.group(1)))}
    if len(targets) != 1:
        return res
    target = next(iter(targets))
    node = nodes.setdefault(target, _Node(target, None))
    if node.doc_number is None:
        node.doc_number = res.target
        node.number_source = f"{record.source.file}: {ref.raw}"
        warnings.append(f"{numberless[target].source.file} shows no number of its own; it takes {res.target} "
                        f"from the citation in {record.source.file}")
    return replace(res, target=target, method="title-numbered")


def unresolved_key(ref: Reference, keys: list[tuple[str, str]]) -> str:
    """The node of a citation nothing resolves: its first title key, scoped like the title."""
    if keys:
        scope, key = keys[0]
        return f"title:{scope}|{key}" if scope else f"title:{key}"
    return f"title:{title_key(ref.raw)}"
