"""Extract: clauses → amounts, percentages, cost sharing, awards and references.

Speed: only the comma segments that a compiled regex pre-filter marks as holding a money,
percent or ratio candidate go through jieba and the spaCy pipeline (`nlp.build_nlp`),
joined into one Doc per document (one line each) so spaCy's per-Doc cost is paid once.
Their spans come back as plain records with offsets into the record's text and the
clause from `StructuredDoc.clause_at`; awards are then read sentence by sentence.
"""
from __future__ import annotations

import bisect
import logging
import re
from dataclasses import replace
from typing import Iterator

from ..records import Amount, Award, CostShare, Extraction, Percentage, StructuredDoc
from .awards import ClauseState, Sentence, build_awards
from .cost_sharing import cost_shares
from .nlp import build_nlp, mentions_of, process
from .numbers import CANDIDATE_RE, MoneyMatch
from .references import extract_references
from .roles import target_sentence

__all__ = ["extract_mentions"]

log = logging.getLogger(__name__)
_SENTENCE_END = re.compile(r"[。；;！？!?\n]")
_SEGMENT_END = re.compile(r"[，,；;：:。！？!?\n]")


def _candidate_sentences(text: str, numbers: dict[int, int] | None = None) -> Iterator[tuple[int, str]]:
    """(offset, sentence) for every sentence the pre-filter lets through.

    `numbers` maps a clause's start to the length of its item number (`（一）`): the number
    is layout, not wording, and left in place it would become part of a condition
    (`（一）对经认定的国家、省…` must distribute like `对经认定的国家、省…`).
    """
    numbers = numbers or {}
    start = 0
    for m in _SENTENCE_END.finditer(text + "\n"):
        skip = numbers.get(start, 0)
        sentence = text[start + skip:m.end()]
        if CANDIDATE_RE.search(sentence):
            yield start + skip, sentence
        start = m.end()


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


def _segments(sentences: list[tuple[int, str]]) -> tuple[str, list[int], list[int], list[tuple[int, int]]]:
    """The candidate comma segments joined by newlines, with where each came from:
    (joined text, start of each piece in the joined text, its start in the record's text,
    goal ranges in the joined text)."""
    parts: list[str] = []
    starts: list[int] = []
    origins: list[int] = []
    goals: list[tuple[int, int]] = []
    pos = 0
    for offset, sentence in sentences:
        goal = target_sentence(sentence)
        seg_start = 0
        for m in _SEGMENT_END.finditer(sentence + "\n"):
            piece = sentence[seg_start:m.start()]
            if CANDIDATE_RE.search(piece):
                parts.append(piece)
                starts.append(pos)
                origins.append(offset + seg_start)
                if goal:
                    goals.append((pos, pos + len(piece)))
                pos += len(piece) + 1
            seg_start = m.end()
    return "\n".join(parts), starts, origins, goals


def _mentions(doc: StructuredDoc) -> tuple[list[tuple[MoneyMatch, str]], list[tuple[int, int, float, str]]]:
    """Every money and percent mention of the document with its role, record offsets."""
    joined, starts, origins, goals = _segments(list(_candidate_sentences(doc.text)))
    money, percents = mentions_of(process(build_nlp(), joined, goals))

    def shift(pos: int) -> int:
        k = bisect.bisect_right(starts, pos) - 1
        return origins[k] + pos - starts[k]

    money = [(replace(m, start=shift(m.start), end=shift(m.start) + len(m.text)), r) for m, r in money]
    percents = [(shift(s), shift(s) + e - s, v, r) for s, e, v, r in percents]
    return money, percents


def extract_mentions(doc: StructuredDoc) -> Extraction:
    """Money, percent, cost-sharing, award and reference mentions of one structured document."""
    text = doc.text
    money, percents = _mentions(doc)
    amounts = [Amount(text=m.text, value=m.value, value_max=m.value_max, unit=m.unit, role=role,
                      clause=doc.clause_at(m.start), start=m.start, end=m.end) for m, role in money]
    percentages = [Percentage(text=text[s:e], value=v, role=role, clause=doc.clause_at(s), start=s, end=e)
                   for s, e, v, role in percents]
    awards: list[Award] = []
    shares: list[CostShare] = []
    warnings: list[str] = []
    states: dict[str | None, ClauseState] = {}
    for offset, sentence in _candidate_sentences(text, _item_numbers(doc)):
        end = offset + len(sentence)
        s_money = [(replace(m, start=m.start - offset, end=m.end - offset), r)
                   for m, r in money if offset <= m.start < end]
        s_pct = [(s - offset, e - offset, v, r) for s, e, v, r in percents if offset <= s < end]
        clause = doc.clause_at(offset + (s_money[0][0].start if s_money else 0))
        shares.extend(cost_shares(sentence, offset, doc.clause_at))
        state = states.setdefault(clause, ClauseState(clause=clause))
        found, notes = build_awards(Sentence(sentence, offset, s_money, s_pct, clause), state)
        awards.extend(found)
        warnings.extend(notes)
    return Extraction(amounts=tuple(amounts), percentages=tuple(percentages), awards=tuple(awards),
                      references=tuple(extract_references(doc)), cost_sharing=tuple(shares),
                      warnings=tuple(warnings))
