"""The clause tree: every numbered item of the body, with id paths and offsets."""
from __future__ import annotations

import re

from ..records import Clause
from .numbering import ItemNumber, match_number
from .paragraphs import Para

_HEADING_MAX = 30
_UNITS_RE = re.compile(
    r"[（(〔\[]\s*(?:牵头单位\s*[：:](?P<lead>[^）)〕\]]*?)\s*)?责任单位\s*[：:](?P<resp>[^）)〕\]]*)[）)〕\]]"
)
_LEAD_ONLY_RE = re.compile(r"[（(〔\[]\s*牵头单位\s*[：:](?P<lead>[^）)〕\]]*)[）)〕\]]")
_FIRST_SENTENCE = re.compile(r"([^。！？]*?)[。！？]")
_CLAUSE_MARK = re.compile(r"[，,；;：:]")
_UNIT_SEPARATORS = re.compile(r"[、，,；;\s]+")


def build_clauses(paras: list[Para], body_end: int) -> list[Clause]:
    """Clauses from the body's paragraphs; a clause runs to the next item of its rank or higher."""
    items: list[tuple[Para, ItemNumber]] = [(p, n) for p in paras if (n := match_number(p.text))]
    clauses: list[Clause] = []
    stack: list[tuple[ItemNumber, str]] = []  # open ancestors: (number, id)
    for i, (para, num) in enumerate(items):
        while stack and stack[-1][0].rank >= num.rank:
            stack.pop()
        parent = stack[-1][1] if stack else None
        clause_id = f"{parent}/{num.canonical}" if parent else num.canonical
        end = _clause_end(items, i, body_end)
        own_end = items[i + 1][0].start if i + 1 < len(items) else end
        own_text = para.source[para.start:own_end]
        lead, resp = _units(own_text)
        body = para.source[para.start:end].rstrip()
        clauses.append(Clause(
            id=clause_id, number=num.written, heading=_heading(para.text[num.length:]),
            text=body, parent=parent, start=para.start, end=para.start + len(body),
            level=len(stack) + 1, lead_units=lead, responsible_units=resp,
        ))
        stack.append((num, clause_id))
    return _dedupe_ids(clauses)


def _clause_end(items: list[tuple[Para, ItemNumber]], i: int, body_end: int) -> int:
    rank = items[i][1].rank
    for para, num in items[i + 1:]:
        if num.rank <= rank:
            return para.start
    return body_end


def _heading(rest: str) -> str | None:
    """The item's title: a short first sentence without commas, or a whole short line."""
    rest = rest.strip()
    m = _FIRST_SENTENCE.match(rest)
    if m and not rest[m.end():].strip():
        return None  # a one-sentence item is all content, no title
    first = m.group(1) if m else rest
    if not first or len(first) > _HEADING_MAX or _CLAUSE_MARK.search(first):
        return None
    return first.strip()


def _split_units(s: str | None) -> tuple[str, ...]:
    if not s:
        return ()
    return tuple(u.strip() for u in _UNIT_SEPARATORS.split(s) if u.strip())


def _units(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    m = _UNITS_RE.search(text)
    if m:
        return _split_units(m.group("lead")), _split_units(m.group("resp"))
    m = _LEAD_ONLY_RE.search(text)
    return (_split_units(m.group("lead")), ()) if m else ((), ())


def _dedupe_ids(clauses: list[Clause]) -> list[Clause]:
    """Two items with one path (a numbering slip in the source) get `#2`, `#3` suffixes."""
    seen: dict[str, int] = {}
    out = []
    for c in clauses:
        n = seen.get(c.id, 0) + 1
        seen[c.id] = n
        if n > 1:
            c = Clause(**{**c.__dict__, "id": f"{c.id}#{n}"})
        out.append(c)
    return out
