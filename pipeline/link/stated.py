"""Lineage a document states in words: repeals, precedence and continuation clauses.

`同时废止《X》` / `自…起，《X》废止` / `《X》同时失效` / `《X》不再执行` → repeal of X;
`此前政策与本意见不一致的，以本意见为准` (or `按本意见执行`) → precedence over earlier policies (named or not);
`本政策未尽事宜，继续按照《A》《B》等文件执行` → continuation of A and B;
`对《X》作如下修改` / `将第三条修改为` / `《X》修正案` → an amendment of X (`eli:amends`);
`对《X》（文号）进行了修订，现将修订后的《X》印发`, `本办法代替《X》` → a revised edition that takes X's place.
Each sentence is kept as written; the documents it names become targets.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from ..records import StatedClause
from .resolve import Resolution

if TYPE_CHECKING:  # the closed vocabularies, for the checker only
    from ..records import LinkKind, StatementKind

# 废止 and 失效 (`同时失效`), 不再/停止 with 执行 or 施行
_REPEAL_RE = re.compile(r"(?:同时|予以|宣布|即行)(?:废止|失效)|自[^。；]{0,30}起[^。；]{0,80}(?:废止|失效)|废止[《〈]"
                        r"|不再(?:执行|施行)|停止(?:执行|施行)")
# `以本办法为准`, or after a 不一致 `按（照）本办法（规定）执行`: alone, `按本办法执行` is procedure, not precedence
_PRECEDENCE_RE = re.compile(r"不一致的?[，,]?\s*(?:以本[\u4e00-\u9fff]{1,6}为准|(?:按|按照|依照)本[\u4e00-\u9fff]{1,6}执行)"
                            r"|以本[\u4e00-\u9fff]{1,6}为准")
_CONTINUE_RE = re.compile(r"未尽事宜[^。]{0,10}(?:继续)?(?:按照|参照|依照|执行)")
# an amendment changes the text of an earlier instrument in place: the words of 修改/修正
_AMEND_RE = re.compile(r"作(?:如下|以下)(?:修改|修正)|(?:部分条款|条款)予以(?:修改|修正)|(?:修改|修正)(?:如下|为)[：:]|第[一二三四五六七八九十百零〇]+条"
                       r"(?:第[一二三四五六七八九十]+款)?(?:修改为|删去|中的)|修正案")
# a revision re-issues it (修订, not 修改, with the revised text handed out), or says it takes its place
_REVISE_RE = re.compile(r"进行了?(?:全面)?修订|修订后的[《〈]|予以修订|重新修订|(?:代替|取代|替代)原?[《〈]")
_SENTENCE_END = "。；;！？\n"
KINDS: tuple[tuple[StatementKind, re.Pattern[str]], ...] = (
    ("repeal", _REPEAL_RE), ("precedence", _PRECEDENCE_RE), ("continuation", _CONTINUE_RE),
    ("amendment", _AMEND_RE), ("revision", _REVISE_RE))
# the lineage edge each stated kind becomes when it names a document
EDGE_KIND: dict[str, LinkKind] = {"repeal": "repeals", "precedence": "precedence", "continuation": "continues",
                                  "amendment": "amends", "revision": "replaces"}
# lead-ins of a legal basis: a document cites it, but neither repeals, amends nor replaces it
BASIS_LEAD_INS = frozenset({"根据", "按照", "依据", "依照", "为贯彻落实", "贯彻落实", "为深入贯彻落实", "落实", "遵照"})
CONFIDENCE = {"repeal": 0.95, "precedence": 0.9, "continuation": 0.95, "amendment": 0.95, "revision": 0.9}


# evidence is a quote, not a chapter: a sentence is cut this far from its mention at most, so a
# run-on text without full stops (a crawled page, a hostile file) gives bounded quotes — and the
# graph, which stores one per edge, stays linear in the number of citations
MAX_SENTENCE_REACH = 200


def sentence_at(text: str, start: int, end: int, reach: int = MAX_SENTENCE_REACH) -> tuple[int, int]:
    """The sentence around `start:end`: from the previous 。；or line break to the next one,
    at most `reach` characters either side of the mention."""
    low = max(0, start - reach)
    s = max([text.rfind(ch, low, start) for ch in _SENTENCE_END] + [low - 1]) + 1
    found = [i for i in (text.find(ch, end, end + reach + 1) for ch in _SENTENCE_END) if i >= 0]
    e = min(found) if found else min(len(text), end + reach)
    if e < len(text) and found and text[e] != "\n":
        e += 1  # keep the full stop with the sentence
    return s, e


def stated_clauses(statements: tuple[StatedClause, ...], resolutions: list[Resolution]) -> list[StatedClause]:
    """A document's stated sentences (`views.find_statements`) with the documents each names:
    the resolved targets of the references that stand in the sentence."""
    out = []
    for clause in statements:
        named = [r for r in resolutions if clause.start <= r.reference.start < clause.end]
        if clause.kind != "continuation":  # `根据《A》，现决定对…予以废止`: A is the basis, not the one repealed
            named = [r for r in named if r.reference.lead_in not in BASIS_LEAD_INS]
        targets = tuple(dict.fromkeys(r.target for r in named))
        out.append(replace(clause, targets=targets))
    return out
