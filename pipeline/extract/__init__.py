"""Extract: clauses → amounts, percentages, cost sharing, awards and references.

Speed: the work goes where the mentions are.  One pass finds the characters every candidate
needs (元, %, :, 百分之, 各承担); only their sentences are cut out, and in those only the comma
segments with a money or percent match are read.  A mention's role comes from the cue words
around it (`roles`), as the spaCy SpanRuler matches them over jieba tokens; `cues.CueFinder`
runs jieba and the ruler's match (`segmenter.CueRuler`, spaCy's result without spaCy) over the
cue words and the stretch around them that jieba could cut otherwise, not over whole segments.
A segment it cannot settle goes through the whole spaCy pipeline (`nlp.build_nlp`), and only
then is spaCy imported.  Mentions come back as plain records with offsets into the
record's text; awards are then read sentence by sentence.
"""
from __future__ import annotations

import bisect
import heapq
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from ..records import (
    Amount,
    Award,
    CostShare,
    Extraction,
    Percentage,
    StructuredDoc,
    as_amount_role,
    as_money_unit,
    as_percent_role,
)
from .awards import ClauseState, Sentence, build_awards, labelled_list_end
from .cost_sharing import cost_shares
from .cues import cue_finder
from .listed import listed_grants, split_shared
from .numbers import (
    MoneyMatch,
    candidate_marks,
    find_money,
    find_percents,
    is_candidate,
    mark_grouping,
    percent_value,
    unmark_grouping,
)
from .references import extract_references
from .roles import assign_roles, condition_before, target_sentence
from .typos import fix_typos

__all__ = ["extract_mentions"]

log = logging.getLogger(__name__)
# a line break ends a sentence after a stop or before a new item (`（二）`, `2.`, `第三条`) or a
# blank line; inside a sentence it is a wrap (a page or column break) and the sentence goes on
_LINE_END = (r"(?<=[。；;：:！？!?\s])\n|\n(?=\s|$|[（(]?[一二三四五六七八九十百]+[、）)]|[0-9０-９]{1,2}[.．、）)](?![0-9０-９])"
             r"|第[一二三四五六七八九十百零〇0-9]+[章节条])")
# each leads with the characters its matches can start with (the lookahead changes no match: the
# regex engine skips to them instead of trying every alternative at every character)
_SENTENCE_END = re.compile(r"(?=[。；;！？!?\n])(?:[。；;！？!?]|" + _LINE_END + ")")
_SEGMENT_END = re.compile(r"(?=[，,；;：:。！？!?\n])(?:[，,；;：:。！？!?]|" + _LINE_END + ")")


def _marked_sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) of the sentences holding a character every candidate needs (元, %,
    : …): the marks are few, so only their sentences are cut out and tried."""
    ends = [m.end() for m in _SENTENCE_END.finditer(text + "\n")]
    out = []
    for k in sorted({bisect.bisect_right(ends, pos) for pos in candidate_marks(text)}):
        start = ends[k - 1] if k else 0
        out.append((start, text[start:ends[k]]))
    return out


def _candidate_sentences(sentences: list[tuple[int, str]], segments: list[_Segment]) -> list[tuple[int, str]]:
    """The sentences the pre-filter lets through: one with a mention always passes."""
    with_mentions = {seg.sentence for seg in segments}
    return [(start, s) for start, s in sentences if start in with_mentions or is_candidate(s)]


def _item_numbers(doc: StructuredDoc) -> dict[int, int]:
    """Clause start → length of the item number and the spaces after it."""
    out = {}
    for clause in doc.clauses:
        if doc.text.startswith(clause.number, clause.start):
            end = clause.start + len(clause.number)
            while end < len(doc.text) and doc.text[end] in " \u3000":
                end += 1
            out[clause.start] = end - clause.start
    return out


MoneyRoles = list[tuple[MoneyMatch, str]]
PercentRoles = list[tuple[int, int, float, str]]


@dataclass(frozen=True)
class _Segment:
    """A comma segment holding mentions: its start in the record's text, its text, its
    sentence's start, whether that sentence states goals, whether the segment is in the
    condition of a grant of its sentence, and its mentions as the regexes find them."""

    start: int
    text: str
    sentence: int  # start of its sentence
    goal: bool
    condition: bool
    money: list[MoneyMatch]
    percents: list[re.Match[str]]


def _segments(sentences: list[tuple[int, str]]) -> list[_Segment]:
    """The comma segments of `sentences` that hold a money or percent mention."""
    out: list[_Segment] = []
    for offset, sentence in sentences:
        goal = None
        seg_start = 0
        for m in _SEGMENT_END.finditer(sentence + "\n"):
            piece = sentence[seg_start:m.start()]
            money, percents = find_money(piece), find_percents(piece)
            if money or percents:
                goal = target_sentence(sentence) if goal is None else goal
                condition = condition_before(sentence, seg_start, m.start())
                out.append(_Segment(offset + seg_start, piece, offset, goal, condition, money, percents))
            seg_start = m.end()
    return out


def _plain_mentions(seg: _Segment, cues: list[tuple[int, int, str]]) -> tuple[MoneyRoles, PercentRoles]:
    """Roles of a segment's mentions from its cue spans (what the spaCy pipeline computes,
    without a Doc); offsets into the segment."""
    whole = [(0, len(seg.text))]
    money_roles, percent_roles = assign_roles(seg.text, seg.money, [m.span() for m in seg.percents], cues,
                                              whole if seg.goal else [], whole if seg.condition else [])
    return (list(zip(seg.money, money_roles)),
            [(m.start(), m.end(), percent_value(m), r) for m, r in zip(seg.percents, percent_roles)])


def _pipeline_mentions(segments: list[_Segment]) -> list[tuple[MoneyRoles, PercentRoles]]:
    """Mentions of segments through the spaCy pipeline, offsets into each segment.

    The segments make one Doc, joined by 。: a sentence end to every pattern of extract and a
    block edge to jieba, so each segment is read as if alone."""
    starts, goals, conditions, pos = [], [], [], 0
    for seg in segments:
        starts.append(pos)
        if seg.goal:
            goals.append((pos, pos + len(seg.text)))
        if seg.condition:
            conditions.append((pos, pos + len(seg.text)))
        pos += len(seg.text) + 1
    from .nlp import build_nlp, mentions_of, process  # spaCy: imported only for such segments

    money, percents = mentions_of(process(build_nlp(), "。".join(seg.text for seg in segments), goals, conditions))
    out: list[tuple[MoneyRoles, PercentRoles]] = [([], []) for _ in segments]
    for m, role in money:
        k = bisect.bisect_right(starts, m.start) - 1
        out[k][0].append((m.shifted(-starts[k]), role))
    for s, e, v, role in percents:
        k = bisect.bisect_right(starts, s) - 1
        out[k][1].append((s - starts[k], e - starts[k], v, role))
    return out


def _mentions(segments: list[_Segment]) -> tuple[MoneyRoles, PercentRoles]:
    """Every money and percent mention of the segments with its role, record offsets.

    The cue words of a segment are found by `cue_finder` with jieba run over them
    alone; a segment it cannot settle goes through the spaCy pipeline whole."""
    find_cues = cue_finder()
    found: list[tuple[MoneyRoles, PercentRoles] | None] = []
    for seg in segments:
        cues = find_cues(seg.text)
        found.append(None if cues is None else _plain_mentions(seg, cues))
    rest = [k for k, f in enumerate(found) if f is None]
    if rest:
        for k, read in zip(rest, _pipeline_mentions([segments[k] for k in rest])):
            found[k] = read
    money: MoneyRoles = []
    percents: PercentRoles = []
    for seg, f in zip(segments, found):
        assert f is not None
        money.extend((m.shifted(seg.start), r) for m, r in f[0])
        percents.extend((seg.start + s, seg.start + e, v, r) for s, e, v, r in f[1])
    return money, percents


def _award_sentences(sentences: list[tuple[int, str]], numbers: dict[int, int]) -> Iterator[tuple[int, str]]:
    """The candidate sentences without the item number that opens a clause (`（一）`): the
    number is layout, not wording, and left in place it would become part of a condition
    (`（一）对经认定的国家、省…` must distribute like `对经认定的国家、省…`)."""
    for start, sentence in sentences:
        skip = numbers.get(start, 0)
        if not skip:
            yield start, sentence
        elif is_candidate(sentence[skip:]):
            yield start + skip, sentence[skip:]


class _ClauseLookup:
    """`StructuredDoc.clause_at`, worked out once per stretch between two clause edges (the
    answer cannot change inside one), all stretches in one sweep over the clauses: the innermost
    clause open at each edge (the highest level, the later of two at one level) is the top of a
    heap, so a document of thousands of clauses costs n log n, not a scan of them per stretch."""

    def __init__(self, doc: StructuredDoc) -> None:
        self._edges = sorted({c.start for c in doc.clauses} | {c.end for c in doc.clauses})
        order = sorted(range(len(doc.clauses)), key=lambda i: doc.clauses[i].start)
        open_: list[tuple[int, int, int, str]] = []  # (-level, -index, end, id)
        self._known: list[str | None] = [None]  # stretch k is edges[k - 1] ≤ offset < edges[k]
        nxt = 0
        for edge in self._edges[:-1]:
            while nxt < len(order) and doc.clauses[order[nxt]].start <= edge:
                c = doc.clauses[order[nxt]]
                heapq.heappush(open_, (-c.level, -order[nxt], c.end, c.id))
                nxt += 1
            while open_ and open_[0][2] <= edge:  # ended before the stretch
                heapq.heappop(open_)
            self._known.append(open_[0][3] if open_ else None)

    def __call__(self, offset: int) -> str | None:
        k = bisect.bisect_right(self._edges, offset)
        return self._known[k] if k < len(self._known) else None


def _awards(doc: StructuredDoc, sentences: list[tuple[int, str]], money: MoneyRoles, percents: PercentRoles,
            clause_at: _ClauseLookup) -> tuple[list[Award], list[CostShare], list[str]]:
    """Awards and cost sharing of the candidate sentences, and warnings for grants that do not pair up."""
    awards: list[Award] = []
    shares: list[CostShare] = []
    warnings: list[str] = []
    states: dict[str | None, ClauseState] = {}
    open_rates: dict[str | None, list[int]] = {}  # rate grants of a clause still without a cap
    money_starts = [m.start for m, _ in money]
    percent_starts = [s for s, _, _, _ in percents]
    for offset, sentence in _award_sentences(sentences, _item_numbers(doc)):
        end = offset + len(sentence)
        lo, hi = bisect.bisect_left(money_starts, offset), bisect.bisect_left(money_starts, end)
        s_money = [(m.shifted(-offset), r) for m, r in money[lo:hi]]
        lo, hi = bisect.bisect_left(percent_starts, offset), bisect.bisect_left(percent_starts, end)
        s_pct = [(s - offset, e - offset, v, r) for s, e, v, r in percents[lo:hi]]
        # the clause of the first mention; a sentence with none is in the clause of its first
        # word (the spaces before an item number still belong to the item before)
        lead = len(sentence) - len(sentence.lstrip(" \u3000\t\n"))
        clause = clause_at(offset + (s_money[0][0].start if s_money else s_pct[0][0] if s_pct else lead))
        shares.extend(cost_shares(sentence, offset, clause_at))
        state = states.setdefault(clause, ClauseState(clause=clause))
        found, notes = build_awards(Sentence(sentence, offset, s_money, s_pct, clause), state)
        if state.ceiling is not None:  # a ceiling sentence: the cap of the open rate grants
            for k in open_rates.get(clause, []):
                awards[k] = replace(awards[k], cap=state.ceiling)
            open_rates[clause] = []
            state.ceiling = None
        for a in found:
            if a.rate is None:
                open_rates[clause] = []
            elif a.cap is None:
                open_rates.setdefault(clause, []).append(len(awards))
            awards.append(a)
        warnings.extend(notes)
    return awards, shares, warnings


def _labelled_grants(sentences: list[tuple[int, str]], money: MoneyRoles) -> MoneyRoles:
    """`奖金数额分别为：一等奖9万元，二等奖6万元`: each amount of the list after the colon is
    granted, though its own comma segment holds no grant word (roles are read per segment)."""
    starts = [start for start, _ in sentences]
    out: MoneyRoles = []
    for m, role in money:
        if role == "other":
            k = bisect.bisect_right(starts, m.start) - 1
            if k >= 0:
                start, sentence = sentences[k]
                colon = labelled_list_end(sentence)
                if colon is not None and start + colon <= m.start:
                    role = "fixed"
        out.append((m, role))
    return out


def _as_written(award: Award) -> Award:
    """An award whose wording was cut from the reading, with grouping commas as written."""
    return replace(award, condition=unmark_grouping(award.condition),
                   rate_base=award.rate_base and unmark_grouping(award.rate_base),
                   per=award.per and unmark_grouping(award.per))


def extract_mentions(doc: StructuredDoc) -> Extraction:
    """Money, percent, cost-sharing, award and reference mentions of one structured document."""
    text = doc.text
    # misprinted grant words (`类励`) are read as meant; same length, so offsets hold
    reading, typo_notes = fix_typos(text)
    for note in typo_notes:
        log.warning(note)
    reading = mark_grouping(reading)  # `1,000万元`: one number to every comma rule (same length)
    marked = _marked_sentences(reading)
    segments = _segments(marked)
    money, percents = _mentions(segments)
    money = _labelled_grants(marked, money)
    clause_at = _ClauseLookup(doc)
    money, listed, taken = listed_grants(reading, list(doc.clauses), money, clause_at)
    amounts = [Amount(text=text[m.start:m.end], value=m.value, value_max=m.value_max, unit=as_money_unit(m.unit), role=as_amount_role(role),
                      clause=clause_at(m.start), start=m.start, end=m.end) for m, role in money]
    percentages = [Percentage(text=text[s:e], value=v, role=as_percent_role(role), clause=clause_at(s), start=s, end=e)
                   for s, e, v, role in percents]
    awards, shares, warnings = _awards(doc, _candidate_sentences(marked, segments),
                                       [x for k, x in enumerate(money) if k not in taken], percents, clause_at)
    awards = sorted(split_shared(awards, list(doc.clauses), reading, money) + listed, key=lambda a: a.start)
    if reading is not text and "," in text:
        awards = [_as_written(a) for a in awards]
    return Extraction(amounts=tuple(amounts), percentages=tuple(percentages), awards=tuple(awards),
                      references=tuple(extract_references(doc)), cost_sharing=tuple(shares),
                      warnings=tuple(typo_notes) + tuple(warnings))
