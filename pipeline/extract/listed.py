"""Grants whose conditions or amounts stand in a list below the sentence that grants them.

- One amount shared by numbered items: `符合下列条件之一的，给予一次性奖励10万元：（一）…；（二）…`
  gives one award per item, each with the item's condition (tests/gold/corpus/LABELLING.md).
- A standard given item by item: `对新引进的高层次人才给予安家补助，标准如下：（一）国家级领军人才，
  每人100万元；（二）…`, and a 奖励标准 table flattened to text (one row a line, its cells joined
  by a tab, `|` or a run of spaces: `国家级技术创新示范企业 | 100万元`): each item's or row's amount is
  granted to what it names, though the item holds no grant word of its own.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from ..records import Award, Clause, as_award_amount_role
from . import conditions as cond
from .awards import lead_condition
from .numbers import MoneyMatch

# the lead of a list of conditions sharing one grant
_SHARED_BY = re.compile(r"(?:符合|具备|属于|满足|具有)(?:下列|以下|如下)(?:条件|情形|情况|标准|要求)(?:之一)?")
# the lead of a list of amounts: a grant word, then `标准如下：`, `分别为：`, `如下：`
_GRANT = re.compile(r"给予|予以|奖励|补助|补贴|资助|奖补|支持|返还")
_LIST_COLON = re.compile(r"(?:如下|标准为|分别为|为|标准)\s*[：:]\s*$|[：:]\s*$")
_MAX = re.compile(r"最高|不超过|不高于|最多|上限")
# a table row flattened to a line: a label cell, a separator (tab, |, ｜ or a run of spaces) and
# cells; not the full-width indents that run a crawled page's paragraphs together (`　　`)
_CELL_SEP = re.compile(r"\t|[ \t]*[|｜][ \t]*| {2,}")
_ROW_MAX = 120  # a row is a short line; a paragraph is not a row
_ROW_GRANT = re.compile(r"奖励|补助|补贴|资助|奖补|支持|标准|金额|额度")
_ITEM_TAIL = re.compile(r"[的；;。，,\s]+$")
_LINE = re.compile(r"[^\n]+")

MoneyRoles = list[tuple[MoneyMatch, str]]


@dataclass(frozen=True)
class _Row:
    start: int  # of the label
    label: str
    money: int  # index into the money list


def _items_after(clauses: list[Clause], pos: int, text: str) -> list[Clause]:
    """The numbered items that follow `pos` directly (only spaces between), siblings of the first."""
    starts = [c.start for c in clauses]
    k = bisect.bisect_left(starts, pos)
    if k >= len(clauses) or text[pos:clauses[k].start].strip():
        return []
    first = clauses[k]
    out = [first]
    for c in clauses[k + 1:]:
        if c.parent == first.parent and c.level == first.level:
            out.append(c)
        elif c.level <= first.level:
            break
    return out


def _item_text(text: str, c: Clause) -> str:
    return text[c.start:c.end].removeprefix(c.number)


def _money_in(starts: list[int], lo: int, hi: int) -> list[int]:
    return list(range(bisect.bisect_left(starts, lo), bisect.bisect_left(starts, hi)))


def _colon_after(text: str, pos: int) -> int | None:
    """Where the list starts: after the colon that ends the grant's sentence (`10万元：`, `奖励：`)."""
    m = re.compile(r"[^。；;\n：:]{0,12}[：:]").match(text, pos)
    return m.end() if m else None


def split_shared(awards: list[Award], clauses: list[Clause], text: str, money: MoneyRoles) -> list[Award]:
    """Each award whose condition is `符合下列条件之一的…` and whose grant is followed by a list of
    numbered items without money, replaced by one award per item with the item's condition."""
    starts = [m.start for m, _ in money]
    ordered = sorted(clauses, key=lambda c: c.start)
    out: list[Award] = []
    for a in awards:
        colon = _colon_after(text, a.end) if _SHARED_BY.search(a.condition) else None
        items = _items_after(ordered, colon, text) if colon is not None else []
        if not items or any(_money_in(starts, c.start, c.end) for c in items):
            out.append(a)
            continue
        for c in items:
            condition, _ = cond.drop_obtaining(cond.clean(_ITEM_TAIL.sub("", _item_text(text, c))))
            out.append(replace(a, condition=condition))
    return out


def _row(text: str, line: re.Match[str], starts: list[int]) -> _Row | None:
    """A table row: a label cell without money, then cells holding one amount."""
    sep = _CELL_SEP.search(line.group().strip())
    if not sep or len(line.group()) > _ROW_MAX:
        return None
    lead = len(line.group()) - len(line.group().lstrip())
    label_end = line.start() + lead + sep.start()
    inside = _money_in(starts, label_end, line.end())
    if len(inside) != 1 or _money_in(starts, line.start(), label_end):
        return None
    return _Row(line.start() + lead, text[line.start() + lead:label_end], inside[0])


def _is_lead(text: str, line: re.Match[str], starts: list[int]) -> bool:
    """A line that opens a list of granted amounts: a table's header row naming the standard
    (`奖励项目 | 奖励标准`), or a sentence that grants and ends with a colon (`…标准如下：`)."""
    if _money_in(starts, line.start(), line.end()):
        return False
    cells = _CELL_SEP.split(line.group().strip())
    if len(cells) > 1:
        return _ROW_GRANT.search("".join(cells[1:])) is not None
    sentence = re.split(r"[。；;]", line.group())[-1]
    return _LIST_COLON.search(sentence) is not None and _GRANT.search(sentence) is not None


def _list_grants(text: str, clauses: list[Clause], money: MoneyRoles) -> list[tuple[int, int, str]]:
    """(money index, start of what it is granted to, its label) of the amounts listed below a
    line that grants without an amount of its own (`…给予安家补助，标准如下：`, a table's header
    `奖励项目 | 奖励标准`), item by item or row by row."""
    starts = [m.start for m, _ in money]
    ordered = sorted(clauses, key=lambda c: c.start)
    found: list[tuple[int, int, str]] = []
    granting = False
    for line in _LINE.finditer(text):
        row = _row(text, line, starts) if granting else None
        if row is not None:
            found.append((row.money, row.start, text[row.start:money[row.money][0].start]))
            continue
        granting = _is_lead(text, line, starts)
        if granting and line.group().rstrip().endswith(("：", ":")):
            for c in _items_after(ordered, line.end() + 1, text):
                inside = _money_in(starts, c.start, c.end)
                if len(inside) == 1:
                    k = inside[0]
                    found.append((k, c.start + len(c.number), text[c.start + len(c.number):money[k][0].start]))
    return found


def listed_grants(text: str, clauses: list[Clause], money: MoneyRoles,
                  clause_at: Callable[[int], str | None]) -> tuple[MoneyRoles, list[Award], set[int]]:
    """The money with the roles of the listed grants, their awards, and the indices of the money
    they take (the sentence reading must not make awards of them again)."""
    out = list(money)
    awards: list[Award] = []
    taken: set[int] = set()
    for k, start, label in _list_grants(text, clauses, money):
        m, role = money[k]
        if role not in ("other", "fixed", "max"):
            continue
        role = "max" if _MAX.search(label[-8:]) else ("fixed" if role == "other" else role)
        condition, per = lead_condition(_CELL_SEP.sub("，", label.strip()))
        if not condition:
            continue
        out[k] = (m, role)
        taken.add(k)
        value, grant_role = (m.value_max, "max") if m.value_max is not None else (m.value, role)
        awards.append(Award(clause=clause_at(m.start), condition=condition, amount=value,
                            amount_role=as_award_amount_role(grant_role), rate=None, rate_base=None, threshold=None,
                            cap=None, per=per, start=start, end=m.end))
    return out, awards, taken
