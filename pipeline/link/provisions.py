"""Inferred lineage: the same award in two documents of one area, and document succession.

An award is matched by its condition (the honour and its level): `省级重点工业互联网平台
（企业级）` in 连工信规〔2024〕1号 and in 连政办规〔2025〕6号 is one provision whose grant
went from 10万元 to 20万元.  Conditions are compared on a key without brackets, quotes and
the verbs of obtaining, so `(企业级)` and `（企业级）` agree; levels and numbers must be equal.
From provision links follow document-level links: a later document that changes earlier
provisions (`changes`), and one that takes over an expired document's instrument (`replaces`).
"""
from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterator
from functools import lru_cache

from ..normalize import title_key
from ..records import Award, LineageEdge, LinkView
from .calibration import rule_confidence
from .editions import made_day

_VERB = r"(?:被认定为|认定为|被评为|评为|获评为|获评|获得|获批|确定为|入选|取得|通过)"
_VERBS_RE = re.compile(r"^(?:对)?(?:首次|新)?" + _VERB)
# a subject written before the honour: `规上软件与信息服务业企业新取得软件产品评估证书`
_SUBJECT_RE = re.compile(r"^[^、，,（(]{2,30}?(?:企业|单位|机构)(?:新|首次)?" + _VERB)
_TAIL_RE = re.compile(r"(?:的企业|的单位|的)$")
# words around a share grant's base that do not change what it is a share of
_BASE_RE = re.compile(r"^(?:年度|当年度|实际|项目)?|(?:额|金额|总额)$")
# `国家级` and `国家` name the same level, as do `省级` and `省`
_LEVEL_RE = re.compile(r"(国家|省|市|县)级(?!以上)")
# share of the earlier document's awards that must reappear for a succession to be inferred
DEFAULT_SUCCESSION_SHARE = 0.3
DEFAULT_RATE_SUCCESSION_SHARE = 0.5


@lru_cache(maxsize=1 << 16)  # conditions repeat across a corpus (the same honours, worded alike)
def condition_key(condition: str) -> str:
    """`对被认定为省级重点工业互联网平台(企业级)的企业` → `省重点工业互联网平台企业级`."""
    s = re.sub(r"\s+", "", condition)
    s = _VERBS_RE.sub("", s)
    s = _SUBJECT_RE.sub("", s)
    s = _TAIL_RE.sub("", s)
    s = _LEVEL_RE.sub(r"\1", s)
    return title_key(s)


def award_key(award: Award) -> str:
    """What makes two awards one provision: the honour, or for a share grant what it is a share of.

    A share grant (`按不超过12%予以奖励` of `年度有效投入`) is named by its base, since its
    condition is a long description that each document words its own way.
    """
    if award.rate is not None and award.rate_base:
        return "rate:" + _BASE_RE.sub("", title_key(award.rate_base))
    return condition_key(award.condition)


def parse_day(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def record_date(record: LinkView) -> dt.date | None:
    """When a document took effect in time: its 成文日期, else its note's date, else its first day in
    force (`editions.made_day`)."""
    return parse_day(made_day(record))


def _award_value(award: Award) -> str:
    if award.amount is not None:
        return _num(award.amount)
    if award.rate is not None:
        return f"{_num(award.rate)}%" + (f" of {award.rate_base}" if award.rate_base else "")
    return "?"


def provision_links(later: LinkView, earlier: LinkView, keys: set[str] | None = None) -> list[LineageEdge]:
    """One link per award of `later` whose condition an award of `earlier` also has
    (only for the award keys in `keys`, when given)."""
    by_key: dict[str, list[tuple[int, Award]]] = defaultdict(list)
    for j, award in enumerate(earlier.awards):
        by_key[award_key(award)].append((j, award))
    lag = _lag(later, earlier)
    edges = []
    used: set[int] = set()
    for i, award in enumerate(later.awards):
        key = award_key(award)
        if not key or (keys is not None and key not in keys):
            continue
        found = next(((j, a) for j, a in by_key.get(key, []) if j not in used), None)
        if found is None:
            continue
        j, match = found
        used.add(j)
        changed = _grant(award) != _grant(match)
        # the terms of both grants are the awards themselves (`source_award`, `target_award`);
        # details keep what queries and readers want without them, as little as that is,
        # since a national corpus has millions of these links
        details = (("rule", "provision/awards"), ("award_key", key), ("changed", "yes" if changed else "no"),
                   ("condition", award.condition),
                   ("condition_before", match.condition), ("before", _award_value(match)),
                   ("after", _award_value(award)), ("target_evidence", earlier.award_sentences[j]))
        edges.append(LineageEdge(source=later.key, target=earlier.key, kind="provision",
                                 confidence=rule_confidence("provision/awards", 0.9),
                                 evidence=later.award_sentences[i], lag_days=lag, source_provision=award.clause,
                                 target_provision=match.clause, details=details, source_award=i, target_award=j))
    return edges


def _grant(award: Award) -> tuple[float | None, ...]:
    """The terms of a grant, wording aside: amount, rate, cap and eligibility floor."""
    return (award.amount, award.rate, award.cap, award.threshold)


def _num(value: float | None) -> str:
    """A number as plain digits (1000000, 0.5), never in exponent form; "" when unknown."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _lag(later: LinkView, earlier: LinkView) -> int | None:
    a, b = record_date(later), record_date(earlier)
    return (a - b).days if a and b else None


def document_links(later: LinkView, earlier: LinkView, links: list[LineageEdge]) -> list[LineageEdge]:
    """`changes` when shared provisions changed; `replaces` when the earlier had expired.

    The drafted confidence grows with the share of the earlier document's awards that reappear;
    once the gold exercises a rule, its measured confidence (`calibration`) is used instead.
    """
    if not links:
        return []
    total = max(1, min(len(earlier.awards), len(later.awards)))
    share = len(links) / total
    changed = [e for e in links if dict(e.details)["changed"] == "yes"]
    lag = _lag(later, earlier)
    out = []
    summary = (f"inferred: {len(links)} of {len(earlier.awards)} awards of {earlier.key} reappear "
               f"in {later.key}, {len(changed)} with a changed grant")
    if changed:
        drafted = round(min(0.95, 0.5 + 0.5 * share), 3)
        out.append(LineageEdge(later.key, earlier.key, "changes", rule_confidence("changes/awards", drafted),
                               summary, lag, details=(("rule", "changes/awards"), ("shared_awards", str(len(links))),
                                                      ("changed_awards", str(len(changed))))))
    expired = parse_day(earlier.header.effective_to)
    starts = parse_day(later.header.effective_from) or record_date(later)
    if not (expired and starts and expired < starts):
        return out
    # the instrument taken over: most of the awards, or the earlier's share grants
    rates = [a for a in earlier.awards if a.rate is not None]
    taken = sum(1 for e in links if dict(e.details)["award_key"].startswith("rate:"))
    rate_share = min(1.0, taken / len(rates)) if rates else 0.0
    # one rate grant shared among many (`按实际投入的20%`) is common drafting, not an instrument
    # taken over: the rate path needs at least half of the earlier's rate grants
    rate_path = rate_share >= DEFAULT_RATE_SUCCESSION_SHARE
    confidence = max(0.4 + 0.6 * share if share >= DEFAULT_SUCCESSION_SHARE else 0.0,
                     0.6 + 0.3 * rate_share if rate_path else 0.0)
    if confidence:
        evidence = f"{summary}; {earlier.key} in force until {expired}, {later.key} from {starts}"
        drafted = round(min(0.9, confidence), 3)
        out.append(LineageEdge(later.key, earlier.key, "replaces", rule_confidence("replaces/awards", drafted),
                               evidence, lag, details=(("rule", "replaces/awards"), ("shared_awards", str(len(links))),
                                                       ("share", f"{share:.2f}"),
                                        ("shared_rate_grants", f"{rate_share:.2f}"))))
    return out


def infer_lineage(records: list[LinkView], places: dict[str, str | None]) -> list[LineageEdge]:
    """Provision and document links within each area, later → earlier.

    A provision links to its latest earlier version in the same area, not to every earlier
    one: the versions of a provision form a chain (`eli:changes+` walks it), and the number
    of links grows with the corpus, not with its square.
    """
    return list(iter_lineage(records, places))


def iter_lineage(records: list[LinkView], places: dict[str, str | None]) -> Iterator[LineageEdge]:
    """`infer_lineage`'s links as they are found (link spills each at once: `spill.EdgeSpill`)."""
    dated = sorted((r for r in records if record_date(r)), key=lambda r: (record_date(r), r.key))
    having: dict[tuple[str, str], list[LinkView]] = defaultdict(list)  # (area, award key) → documents, by date
    for later in dated:
        place = places.get(later.key)
        if place is None:
            continue
        keys = {award_key(a) for a in later.awards} - {""}
        shared: dict[str, tuple[LinkView, set[str]]] = {}
        for key in keys:
            earlier = _latest_before(having[(place, key)], record_date(later))
            if earlier is not None:
                shared.setdefault(earlier.key, (earlier, set()))[1].add(key)
        for earlier, with_keys in sorted(shared.values(), key=lambda p: (record_date(p[0]), p[0].key)):
            links = provision_links(later, earlier, with_keys)
            yield from links
            yield from document_links(later, earlier, links)
        for key in keys:
            having[(place, key)].append(later)


def _latest_before(documents: list[LinkView], day: dt.date | None) -> LinkView | None:
    """The last of `documents` (sorted by date) dated strictly before `day`: same day, no order."""
    for doc in reversed(documents):
        if day and record_date(doc) and record_date(doc) < day:  # type: ignore[operator]
            return doc
    return None
