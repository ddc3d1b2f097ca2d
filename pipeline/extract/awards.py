"""Awards: one record per (condition → grant) in a sentence.

Works on one sentence at a time with its money and percent mentions already found and
given roles by the spaCy pipeline.  Money grants are lists of amounts (`分别给予最高
200 万元、100 万元奖励`) paired in order with the members of the condition before them;
rate grants are percentages with a base (`按项目贷款额的2%`), a threshold, a cap and
the cap's scope (`单个企业每年` → `企业/年`).
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field, replace

from ..records import Award
from . import conditions as cond
from .numbers import MoneyMatch

log = logging.getLogger(__name__)

_GRANT_ROLES = {"max", "fixed"}
_GAP = re.compile(r"^\s*[、和及]\s*$")
_LEAD_TAIL = re.compile(r"^(?:的)?(?:一次性)?(?:[奖类]励|补助|补贴|奖补)?\s*(?:[（(][^）)]*[）)])?")
_TAIL_CUES = re.compile(r"(?:最高|不超过|不高于|最多|上限|一次性|\s)+$")
# (?:分别)?(?:给予|予以|[奖类]励|…) written so that every branch starts with a literal: the
# regex engine then skips to the characters a match can start with
_VERB = re.compile(r"分别(?:给予|予以|奖励|类励|补助|补贴|奖补)|给予|予以|奖励|类励|补助|补贴|奖补")
_EACH = re.compile(r"每(?:个|家|项|一)([\u4e00-\u9fa5A-Za-z]{0,8})$")
# 对 at the start or after a separator: (?:^|(?<=[，,；;。、\s]))对, with 对 first for the same reason
_BOUNDARY_DUI = re.compile(r"对(?<![^，,；;。、\s]对)")
_CAP_PAREN = re.compile(r"[（(]\s*每(?:个|家)[^）)]*$")
_PER_SCOPE = re.compile(r"单个(企业|项目)(年度|每年)?|每个(企业)(每年)")
_RATE_MARK = re.compile(r"(?:按照|按|给予|依照|、)\s*(?:最高)?\s*(?:不超过)?")
_NOT_GRANTED = re.compile(r"争取")
_MAX_CUE = re.compile(r"最高|不超过|不高于|最多|上限")
_PHRASE_BREAK = re.compile(r"[，,、。；\s]")
_EACH_TAIL = re.compile(r"(?:分别|一次性)$")
_COMMA = re.compile(r"[，,]")
_COMMA_OR_DUI = re.compile(r"[，,对]")
_OF_COMMA = re.compile(r"的[，,]")
_LEVEL_HEAD = re.compile(r"^(?:国家级|国家|省级|省|市级|市)")
_GRANT_WORD = re.compile(r"[奖类]励|补助|补贴|奖补|贴息")
_BASE_TRIM = re.compile(r"^(?:企业|最高|不超过|\s)+|[的\s]+$")
_ALSO = re.compile(r"^(?:同时|此外)")
_REACH_TAIL = re.compile(r"(?:在|达到|达|超过)?\s*$")
_INCUR_TAIL = re.compile(r"(?:产生|发生)$")


@dataclass
class ClauseState:
    """What later sentences of one clause may refer back to."""

    clause: str | None = None
    last_condition: str | None = None
    last_group: list[str] = field(default_factory=list)


@dataclass
class Sentence:
    text: str
    offset: int
    money: list[tuple[MoneyMatch, str]]
    percents: list[tuple[int, int, float, str]]
    clause: str | None


def _groups(s: Sentence) -> list[list[int]]:
    """Indices of money mentions joined into lists (`200 万元、80 万元和 60 万元`)."""
    groups: list[list[int]] = []
    for i, (m, _) in enumerate(s.money):
        if groups and _GAP.match(s.text[s.money[groups[-1][-1]][0].end:m.start]):
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


def _parse_lead(lead: str) -> tuple[str, str | None, str, bool]:
    """(condition text, per, recipient, max cue) from the text before a grant's amounts."""
    s, per, recipient = lead, None, ""
    is_max = bool(_MAX_CUE.search(lead[-14:]))
    for _ in range(4):  # the grant phrase is a few pieces in any order: 每个产品给予最高…
        before = s
        s = _TAIL_CUES.sub("", s)
        verbs = list(_VERB.finditer(s))
        if verbs and not _PHRASE_BREAK.search(s[verbs[-1].end():]) and len(s) - verbs[-1].end() <= 12:
            tail = s[verbs[-1].end():]
            each = _EACH.search(tail) if tail.startswith("每") else None
            if each:
                per = each.group(1)
            else:
                recipient = recipient or tail
            s = s[:verbs[-1].start()]
        each = _EACH.search(s)
        if each:
            per = each.group(1)
            s = s[:each.start()]
        s = _EACH_TAIL.sub("", s).rstrip("，, ")
        if s == before:
            break
    return s, per, recipient, is_max


def _condition_text(s: str) -> tuple[str, int]:
    """Text after the last 对 that opens a phrase (else after the last separator), and its start."""
    dui = list(_BOUNDARY_DUI.finditer(s))
    if dui:
        return s[dui[-1].end():], dui[-1].end()
    lead = len(s) - len(s.lstrip("，,；;、 \t\n"))
    return s[lead:], lead


def _conditions(raw: str, n: int, lead: str, recipient: str, state: ClauseState) -> list[str] | None:
    """The n conditions of a grant group, or None when the list does not split into n."""
    text = cond.clean(raw)
    if text.startswith("复评"):
        base = state.last_group[-n:] if len(state.last_group) >= n else []
        return [c + "复评通过" for c in base] if len(base) == n else None
    context = ""
    parts = _COMMA.split(text)
    if len(parts) > 1 and n > 1 and cond.is_grade_list(parts[-1], n):
        # `对通过X评定的企业，按照评定分级，5A级、4A级…分别奖励`: the list is the last part
        context, text = parts[0], parts[-1]
    body, dropped = cond.drop_obtaining(text)
    if recipient and not dropped:
        return [cond.clean(raw) + recipient] if n == 1 else None
    if n == 1:
        return [body]
    items = cond.split_items(body, n)
    if items is None:
        return None
    out, bare = cond.distribute(items)
    if bare:
        context = context or _earlier_context(lead)
        if context:
            out = cond.attach_context(out, cond.context_head(context), cond.recipient_of(text))
    return out


def _earlier_context(lead: str) -> str:
    """The phrase a bare grade list refers to: an earlier 对-phrase or the segment before."""
    dui = list(_BOUNDARY_DUI.finditer(lead))
    if len(dui) >= 2:
        return _COMMA.split(lead[dui[-2].end():], maxsplit=1)[0]
    if dui:
        segs = _COMMA.split(lead[:dui[-1].start()].rstrip("，, "))
        return segs[-1] if segs else ""
    return ""


def _per_for_each(per: str | None, condition: str) -> str | None:
    """`每个` without a noun counts per the condition's own head (`新技术新产品`)."""
    if per != "":
        return per
    if "的" in condition:
        return condition.rsplit("的", 1)[1]
    return _LEVEL_HEAD.sub("", condition)


def _scope(text: str) -> str | None:
    m = _PER_SCOPE.search(text)
    if not m:
        return None
    unit = m.group(1) or m.group(3)
    return f"{unit}/年" if (m.group(2) or m.group(4)) else unit


def _rate_awards(s: Sentence, state: ClauseState) -> tuple[list[Award], list[int]]:
    """Awards computed as a share, and the money indices used as their caps."""
    awards: list[Award] = []
    caps: list[int] = []
    lead_end = None
    for ps, pe, value, role in s.percents:
        if role not in ("rate", "max_rate"):
            continue
        seg_start = max(s.text.rfind(ch, 0, ps) for ch in "，,；;。") + 1
        seg_end = min([i for i in (s.text.find(ch, pe) for ch in "，,；;。") if i >= 0] or [len(s.text)])
        seg = s.text[seg_start:seg_end]
        if _NOT_GRANTED.search(seg) or not _GRANT_WORD.search(s.text[ps:seg_end + 12]):
            continue
        marks = list(_RATE_MARK.finditer(s.text, seg_start, ps))
        mark = marks[-1] if marks else None
        base = s.text[mark.end():ps] if mark else ""
        base = _BASE_TRIM.sub("", base)
        if "奖励" in base:
            continue
        if lead_end is None or not (mark and mark.group().startswith("、")):
            first = marks[0] if marks else None
            lead_end = first.start() if first and first.start() > seg_start else seg_start
        awards.append(_rate_award(s, state, lead_end, ps, pe, value, base, caps))
    return awards, caps


def _rate_award(s: Sentence, state: ClauseState, lead_end: int, ps: int, pe: int,
                value: float, base: str, caps: list[int]) -> Award:
    lead = s.text[:lead_end]
    raw, start = _condition_text(lead)
    text = cond.clean(raw)
    if not _BOUNDARY_DUI.search(lead) and _ALSO.match(text) and state.last_condition:
        text = state.last_condition
    text = _OF_COMMA.split(text, maxsplit=1)[0].rstrip("的，,")
    text, _ = cond.drop_obtaining(text)
    threshold = next(((m, i) for i, (m, r) in enumerate(s.money) if r == "threshold" and m.end <= lead_end), None)
    if not base and threshold:  # `年度有效投入在100万元以上…按不超过12%`: the share is of the floor's subject
        seg = _COMMA_OR_DUI.split(s.text[:threshold[0].start])[-1]
        base = cond.clean(_REACH_TAIL.sub("", seg))
    if not base and "的" in text:  # `…攻关产生的研发费用给予30%`
        text, base = text.rsplit("的", 1)
        text = _INCUR_TAIL.sub("", text)
    nxt = _BOUNDARY_DUI.search(s.text, pe)
    stop = nxt.start() if nxt else len(s.text)
    cap = next((i for i, (m, r) in enumerate(s.money) if r == "max" and pe <= m.start < stop), None)
    if cap is not None:
        caps.append(cap)
    # a sentence that names no recipient (`按设备投资额的20%给予补助`) is conditioned by the
    # clause's previous subject, else by its own grant phrase as written; never left empty
    text = text or state.last_condition or cond.clean(s.text[:pe])
    return Award(
        clause=s.clause, condition=text, amount=None, amount_role=None, rate=value,
        rate_base=base or None, threshold=threshold[0].value if threshold else None,
        cap=s.money[cap][0].value if cap is not None else None, per=_scope(s.text[pe:stop]),
        start=s.offset + start, end=s.offset + pe,
    )


def build_awards(s: Sentence, state: ClauseState) -> tuple[list[Award], list[str]]:
    """The awards granted in sentence `s`, and warnings for lists that do not pair up."""
    awards, caps = _rate_awards(s, state)
    warnings: list[str] = []
    prev_end = 0
    last: list[int] = []  # indices into awards of the previous grant group
    for group in _groups(s):
        first, role = s.money[group[0]]
        if role not in _GRANT_ROLES or group[0] in caps:
            continue
        before = s.text[prev_end:first.start]
        if _CAP_PAREN.search(before) and last:
            for k in last:
                awards[k] = replace(awards[k], cap=first.value)
            continue
        tail = _LEAD_TAIL.match(before)
        lead = before[tail.end():] if prev_end and tail else before
        prev_end = s.money[group[-1]][0].end
        if _NOT_GRANTED.search(lead):
            continue
        raw, per, recipient, _ = _parse_lead(lead)
        raw, _ = _condition_text(raw)
        conds = _conditions(raw, len(group), s.text[:first.start], recipient, state)
        if conds is None:
            msg = (f"clause {s.clause}: {len(group)} amounts but the condition {cond.clean(raw)!r} "
                   f"does not split into {len(group)}; no awards made")
            log.warning(msg)
            warnings.append(msg)
            continue
        threshold = next((m.value for m, r in s.money if r == "threshold"
                          and first.start - len(lead) <= m.start < first.start), None)
        last = []
        for c, i in zip(conds, group):
            m = s.money[i][0]
            c = c or state.last_condition or cond.clean(s.text[:m.end])
            last.append(len(awards))
            awards.append(Award(
                clause=s.clause, condition=c, amount=m.value, amount_role=role, rate=None,
                rate_base=None, threshold=threshold, cap=None, per=_per_for_each(per, c),
                start=s.offset + first.start - len(lead), end=s.offset + m.end,
            ))
        state.last_group = conds
    first_dui = _BOUNDARY_DUI.search(s.text)
    if first_dui:
        state.last_condition = cond.clean(_COMMA.split(s.text[first_dui.end():], maxsplit=1)[0])
    return awards, warnings

