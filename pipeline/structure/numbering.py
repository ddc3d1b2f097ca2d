"""公文 item numbers (GB/T 9704-2012 §7.3.3): 一、 > （一） > 1． > （1）, and 第N章/第N条.

Ranks are fixed by the standard rather than learned from order of appearance, so a
document that skips a level (一、 straight to 1．) still nests correctly.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_CN = "一二三四五六七八九十百零〇"
NUMBER_RE = re.compile(
    r"^\s*(?:"
    rf"(?P<chapter>第[{_CN}0-9]+章)|(?P<section>第[{_CN}0-9]+节)|(?P<article>第[{_CN}0-9]+条)"
    rf"|(?P<cn>[{_CN}]+)\s*、"
    rf"|[（(]\s*(?P<pcn>[{_CN}]+)\s*[）)]"
    r"|(?P<ar>[0-9]{1,3})\s*[．.、](?![0-9])"
    r"|[（(]\s*(?P<par>[0-9]{1,3})\s*[）)]"
    r"|(?P<circ>[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])"
    r")\s*"
)
RANKS = {"chapter": 0, "section": 1, "article": 2, "cn": 3, "pcn": 4, "ar": 5, "par": 6, "circ": 7}


@dataclass(frozen=True)
class ItemNumber:
    kind: str
    written: str  # as in the text, e.g. `(三) `→`(三)`
    canonical: str  # id segment: `三`, `（三）`, `3`, `（3）`, `第三条`
    rank: int
    length: int  # characters the number and the spaces after it take


def match_number(paragraph: str) -> ItemNumber | None:
    m = NUMBER_RE.match(paragraph)
    if not m:
        return None
    kind = m.lastgroup  # each alternative has one named group, so the one that matched
    assert kind is not None
    value = m.group(kind)
    canonical = {"pcn": f"（{value}）", "par": f"（{value}）"}.get(kind, value)
    written = m.group(0).strip()
    return ItemNumber(kind, written, canonical, RANKS[kind], len(m.group(0)))
