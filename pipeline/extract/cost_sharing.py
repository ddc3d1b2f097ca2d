"""Cost sharing between fiscal levels: `由市、县（区）按30:70分级承担`, `双方各承担一半`."""
from __future__ import annotations

import re
from collections.abc import Callable

from ..records import CostShare

_RATIO = re.compile(r"由(?P<parties>[^，。；,按]{1,30}?)按\s*(?P<ratio>\d+(?:\s*[:：]\s*\d+)+)\s*(?:的比例)?\s*\S{0,4}?[承分]担")
_HALVES = re.compile(r"由(?P<a>[^，。；,由]{1,20}?)与(?P<b>[^，。；,]{1,20}?)分担[，,]\s*(?P<text>双方各承担一半)")


def _party(name: str) -> str:
    """Brackets inside a party name in the full-width form (`县(区)` → `县（区）`)."""
    return name.strip().replace("(", "（").replace(")", "）")


def find_cost_sharing(text: str) -> list[tuple[int, int, tuple[str, ...], tuple[float, ...]]]:
    """(start, end, parties, shares) of every cost-sharing ratio in `text`."""
    out = []
    for m in _RATIO.finditer(text):
        parties = tuple(_party(p) for p in re.split(r"[、和与]", m.group("parties")) if p.strip())
        shares = tuple(float(x) for x in re.split(r"\s*[:：]\s*", m.group("ratio")))
        out.append((m.start("ratio"), m.end("ratio"), parties, shares))
    for m in _HALVES.finditer(text):
        out.append((m.start("text"), m.end("text"), (_party(m.group("a")), _party(m.group("b"))), (50.0, 50.0)))
    return sorted(out)


def cost_shares(text: str, offset: int, clause_at: Callable[[int], str | None]) -> list[CostShare]:
    """CostShare records for `text` starting at `offset` of the record's text."""
    return [
        CostShare(text=text[s:e], parties=parties, shares=shares, clause=clause_at(offset + s),
                  start=offset + s, end=offset + e)
        for s, e, parties, shares in find_cost_sharing(text)
    ]
