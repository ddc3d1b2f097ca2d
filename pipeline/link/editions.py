"""Editions of one instrument: when a document was made, and which instrument it re-publishes.

A rule adopted at a meeting and published by a 令 prints no 成文日期 (its header's date stays null:
an adoption is not one), but its promulgation note says when it was made
(`（《X》已经2024年5月15日省政府第29次常务会议审议通过，现予公布，自公布之日起施行。）`,
`2020年3月9日甲市人民政府令第57号公布`, `自2020年5月1日起施行`).  `made_on` reads that date from the
text's head for link's view, `made_day` is the day lineage compares.

An amendment that re-publishes what it amends (`根据本修正案，《X》重新公布`, or titled `X修正案` /
`关于修改《X》的决定` and saying `《X》重新公布`) is the edition of X of its own date: a citation of X
with a number of that year (`《X》（省政府令〔2024〕第1号）`) names it (`republished`).
"""
from __future__ import annotations

import re

from ..normalize import normalize_title, parse_date
from ..records import LinkView

# the note stands under the title: only the text's head is read
NOTE_HEAD = 400
_DATE = (r"(?:[0-9０-９]{4}|[〇零一二三四五六七八九OoＯｏ○◯]{4})\s*年\s*(?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,2})\s*月\s*"
         r"(?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})\s*日")
# `…2024年5月15日省政府第29次常务会议审议通过`, `2020年3月9日甲市人民政府令第57号公布`, `自2020年5月1日起施行`
_MADE_RE = re.compile(rf"(?P<a>{_DATE})[^。；;\n（）()]{{0,40}}?(?:通过|公布|发布|颁布)|自(?P<b>{_DATE})起(?:施行|实施)")
# `《X》重新公布`: the re-published instrument, in the sentence that says so
_REPUBLISHED_RE = re.compile(r"《(?P<x>[^《》]{2,80})》[^。《》]{0,10}重新(?:公布|发布|印发)")
# the sentence ties the re-publication to this document: `根据本修正案`, `根据本决定`
_BY_THIS_RE = re.compile(r"本(?:修正案|修改决定|决定)")
# a title that names the instrument it amends: `X修正案`, `X修改决定`, `关于修改《X》的决定`
_AMENDING_TITLE_RE = re.compile(r"^(?:关于修改[《〈<]?(?P<a>.+?)[》〉>]?的决定|(?P<b>.+?)(?:修正案|修改决定))$")


def made_on(text: str) -> tuple[str, int, int] | None:
    """(ISO date, start, end) of the earliest date the promulgation note at the text's head gives,
    or None when there is no such note (or its date is not a valid one)."""
    best: tuple[str, int, int] | None = None
    for m in _MADE_RE.finditer(text[:NOTE_HEAD]):
        group = "a" if m.group("a") else "b"
        iso = parse_date(m.group(group))
        if iso and (best is None or iso < best[0]):
            best = (iso, m.start(group), m.end(group))
    return best


def made_day(view: LinkView) -> str | None:
    """When a document was made, for lineage: its 成文日期, else its note's date, else its first day in force."""
    return view.header.issue_date or (view.made[0] if view.made else None) or view.header.effective_from


def republished(view: LinkView) -> set[str]:
    """The titles of the instruments `view` re-publishes as amended (normalised): each sentence
    `《X》重新公布` tied to the document by `根据本修正案`/`本决定`, or in a document titled as X's amendment."""
    m = _AMENDING_TITLE_RE.match(normalize_title(view.header.title or ""))
    amended = normalize_title(m.group("a") or m.group("b")) if m else None
    out = set()
    for sentence in set(view.reference_sentences):
        for r in _REPUBLISHED_RE.finditer(sentence):
            x = normalize_title(r.group("x"))
            if _BY_THIS_RE.search(sentence[:r.start()]) or x == amended:
                out.add(x)
    return out
