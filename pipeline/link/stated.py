"""Lineage a document states in words: repeals, precedence and continuation clauses.

`同时废止《X》` / `自…起，《X》废止` / `《X》不再执行` → repeal of X;
`此前政策与本意见不一致的，以本意见为准` → precedence over earlier policies (named or not);
`本政策未尽事宜，继续按照《A》《B》等文件执行` → continuation of A and B.
Each sentence is kept as written; the documents it names become targets.
"""
from __future__ import annotations

import re

from ..records import Record, StatedClause
from .resolve import Resolution

_REPEAL_RE = re.compile(r"同时废止|予以废止|宣布废止|自[^。；]{0,30}起[^。；]{0,80}废止|废止[《〈]|不再执行|停止执行")
_PRECEDENCE_RE = re.compile(r"不一致的?[，,]?\s*以本[\u4e00-\u9fff]{1,6}为准|以本[\u4e00-\u9fff]{1,6}为准")
_CONTINUE_RE = re.compile(r"未尽事宜[^。]{0,10}(?:继续)?(?:按照|参照|依照|执行)")
_SENTENCE_END = "。；;！？\n"
KINDS = (("repeal", _REPEAL_RE), ("precedence", _PRECEDENCE_RE), ("continuation", _CONTINUE_RE))
# the lineage edge each stated kind becomes when it names a document
EDGE_KIND = {"repeal": "repeals", "precedence": "precedence", "continuation": "continues"}
CONFIDENCE = {"repeal": 0.95, "precedence": 0.9, "continuation": 0.95}


def sentence_at(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around `start:end`: from the previous 。；or line break to the next one."""
    s = start
    while s > 0 and text[s - 1] not in _SENTENCE_END:
        s -= 1
    e = end
    while e < len(text) and text[e] not in _SENTENCE_END:
        e += 1
    if e < len(text) and text[e] != "\n":
        e += 1  # keep the full stop with the sentence
    return s, e


def stated_clauses(record: Record, resolutions: list[Resolution]) -> list[StatedClause]:
    """Every repeal / precedence / continuation sentence of `record`, with the documents it names."""
    text = record.text
    out: list[StatedClause] = []
    seen: set[tuple[str, int]] = set()
    for kind, pattern in KINDS:
        for m in pattern.finditer(text):
            s, e = sentence_at(text, m.start(), m.end())
            if (kind, s) in seen:
                continue
            seen.add((kind, s))
            targets = tuple(dict.fromkeys(r.target for r in resolutions if s <= r.reference.start < e))
            out.append(StatedClause(document=record.key, kind=kind, evidence=text[s:e], start=s, end=e,
                                    targets=targets))
    out.sort(key=lambda c: c.start)
    return out
