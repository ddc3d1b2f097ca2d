"""Cost sharing between fiscal levels: `由市、县（区）按30:70分级承担`, `双方各承担一半`, and a
sum split by level without a ratio (`每吨800元，其中省级补贴500元、市县补贴300元`,
`省级财政承担60%、市县财政承担40%`): the shares are the numbers as written."""
from __future__ import annotations

import re
from collections.abc import Callable

from ..normalize import fold_digits
from ..records import CostShare

_RATIO = re.compile(r"由(?P<parties>[^，。；,按]{1,30}?)按(?:照)?\s*(?P<ratio>\d+(?:\s*[:：]\s*\d+)+)\s*(?:的)?(?:比例)?\s*\S{0,4}?[承分]担")
# `市、区两级财政`: the levels are the parties
_LEVELS_TAIL = re.compile(r"[两三四]级(?:财政)?$")
_HALVES = re.compile(r"由(?P<a>[^，。；,由]{1,20}?)与(?P<b>[^，。；,]{1,20}?)分担[，,]\s*(?P<text>双方各承担一半)")


# a fiscal level as a party: 中央, 省级, 市县, 县（市、区）, 市级财政 …
_LEVEL = r"(?:中央|省|自治区|市|州|盟|县|区|旗|乡镇|乡|镇)"
_PARTY = f"{_LEVEL}(?:本级|级)?(?:{_LEVEL}(?:级)?)*(?:[（(][市县区旗、,，]{{1,8}}[）)])?(?:财政)?"
_SHARE_VERB = r"(?:补贴|补助|奖补|奖励|承担|负担|分担|出资|配套|安排|支付)?"
_NUM = r"[0-9０-９]+(?:[.．][0-9０-９]+)?"
_SHARE = re.compile(f"(?P<party>{_PARTY})\\s*(?P<verb>{_SHARE_VERB})\\s*(?P<num>{_NUM})\\s*(?P<unit>亿元|万元|元|%|％)")
_SHARE_GAP = re.compile(r"\s*[、，,和]\s*(?:由)?\s*")
_SPLIT_LEAD = re.compile(r"其中[，,\s]*")
_COST_VERB = ("承担", "负担", "分担")


def _shares_at(text: str, pos: int) -> list[re.Match[str]]:
    """The run of `<level><verb><number><unit>` shares from `pos`, joined by 、/，/和."""
    out: list[re.Match[str]] = []
    while True:
        m = _SHARE.match(text, pos)
        if not m or (out and m.group("unit") != out[0].group("unit")):
            break
        out.append(m)
        gap = _SHARE_GAP.match(text, m.end())
        if not gap:
            break
        pos = gap.end()
    return out


def _level_splits(text: str) -> list[tuple[int, int, tuple[str, ...], tuple[float, ...]]]:
    """A sum split by fiscal level without a ratio: after `其中` any grant verb, else every
    share must say it bears the cost (`承担`)."""
    out = []
    taken = -1
    for m in _SHARE.finditer(text):
        if m.start() < taken:
            continue
        lead = _SPLIT_LEAD.search(text, max(0, m.start() - 4), m.start())
        run = _shares_at(text, m.start())
        if len(run) < 2:
            continue
        if not (lead and lead.end() == m.start()) and not all(r.group("verb") in _COST_VERB for r in run):
            continue
        start = lead.start() if lead and lead.end() == m.start() else m.start()
        out.append((start, run[-1].end(), tuple(_party(r.group("party")) for r in run),
                    tuple(float(fold_digits(r.group("num")).replace("．", ".")) for r in run)))
        taken = run[-1].end()
    return out


def _party(name: str) -> str:
    """Brackets inside a party name in the full-width form (`县(区)` → `县（区）`), a line break inside it removed."""
    return "".join(name.split()).replace("(", "（").replace(")", "）")


# without 由, the parties must be fiscal levels (`市、区两级财政按照6:4比例分担`, `自治区与盟市按照7:3
# 比例分担补助资金`, `省、市、县按5:3:2的比例分担`): one party per share
_LEVEL_RATIO = re.compile(
    f"(?<!由)(?P<parties>{_PARTY}(?:\\s*[、和与]\\s*{_PARTY})+)(?:[两三四]级)?(?:财政)?\\s*(?:按照|按)\\s*"
    r"(?P<ratio>\d+(?:\s*[:：]\s*\d+)+)\s*(?:的)?(?:比例)?\s*(?:分级|分别|共同)?(?:承担|分担|负担|出资)")


def find_cost_sharing(text: str) -> list[tuple[int, int, tuple[str, ...], tuple[float, ...]]]:
    """(start, end, parties, shares) of every cost-sharing ratio in `text`."""
    out = []
    for m in _RATIO.finditer(text):
        parties = tuple(_party(p) for p in re.split(r"[、和与]", _LEVELS_TAIL.sub("", m.group("parties").strip()))
                        if p.strip())
        shares = tuple(float(fold_digits(x)) for x in re.split(r"\s*[:：]\s*", m.group("ratio")))
        out.append((m.start("ratio"), m.end("ratio"), parties, shares))
    for m in _LEVEL_RATIO.finditer(text):
        parties = tuple(_party(p) for p in re.split(r"\s*[、和与]\s*", m.group("parties")) if p.strip())
        shares = tuple(float(fold_digits(x)) for x in re.split(r"\s*[:：]\s*", m.group("ratio")))
        if len(parties) == len(shares) and all(o[0] != m.start("ratio") for o in out):
            out.append((m.start("ratio"), m.end("ratio"), parties, shares))
    for m in _HALVES.finditer(text):
        out.append((m.start("text"), m.end("text"), (_party(m.group("a")), _party(m.group("b"))), (50.0, 50.0)))
    out.extend(_level_splits(text))
    return sorted(out)


def cost_shares(text: str, offset: int, clause_at: Callable[[int], str | None]) -> list[CostShare]:
    """CostShare records for `text` starting at `offset` of the record's text."""
    return [
        CostShare(text=text[s:e], parties=parties, shares=shares, clause=clause_at(offset + s),
                  start=offset + s, end=offset + e)
        for s, e, parties, shares in find_cost_sharing(text)
    ]
