"""The sentence a mismatch is about, so a reader can judge it without opening the file.

A prediction carries offsets, so its sentence is the one around `start`.  A gold item has
no offsets (the labels must not depend on any program's normalisation), so its sentence
is searched: its literal text first (an amount's `200 万元`), then the sentence most like
its condition or title, within the span of its clause when the record has that clause.
"""
from __future__ import annotations

import re
from typing import Any

from rapidfuzz import fuzz

from ..records import Record
from .labels import norm_text

_SENTENCE_END = "。；;！？!?\n"
MAX_SENTENCE = 240  # a whole table row or run-on paragraph is cut, with a mark


def sentence_at(text: str, offset: int) -> str:
    """The sentence of `text` that holds character `offset`."""
    offset = max(0, min(offset, len(text)))
    start = max((text.rfind(ch, 0, offset) for ch in _SENTENCE_END), default=-1) + 1
    ends = [i for i in (text.find(ch, offset) for ch in _SENTENCE_END) if i >= 0]
    end = min(ends) + 1 if ends else len(text)
    return _clip(text[start:end].strip())


def _clip(s: str) -> str:
    return s if len(s) <= MAX_SENTENCE else s[:MAX_SENTENCE] + "…"


def _sentences(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """(offset, sentence) for every sentence in text[start:end]."""
    out, pos = [], start
    for m in re.finditer(f"[{re.escape(_SENTENCE_END)}]", text[start:end]):
        stop = start + m.end()
        if text[pos:stop].strip():
            out.append((pos, text[pos:stop]))
        pos = stop
    if text[pos:end].strip():
        out.append((pos, text[pos:end]))
    return out


def clause_span(record: Record | None, clause_id: str | None) -> tuple[int, int] | None:
    if record is None:
        return None
    for clause in record.clauses:
        if clause.id == clause_id:
            return clause.start, clause.end
    return None


def find_literal(text: str, needle: str, span: tuple[int, int] | None) -> int | None:
    """Offset of `needle` in the span (else anywhere), not glued to a digit on its left,
    so `50万元` is not found inside `150万元`."""
    if not needle:
        return None
    pattern = re.compile(r"(?<![0-9.０-９])" + re.escape(needle))
    for lo, hi in ([span] if span else []) + [(0, len(text))]:
        m = pattern.search(text, lo, hi)
        if m:
            return m.start()
    return None


def find_similar(text: str, needle: str, span: tuple[int, int] | None) -> str | None:
    """The sentence in the span (else the text) most like `needle`; None if nothing is close."""
    key = norm_text(needle)
    if not key or not text:
        return None
    for lo, hi in ([span] if span else []) + [(0, len(text))]:
        scored = [(fuzz.partial_ratio(key, norm_text(s)), -off, s) for off, s in _sentences(text, lo, hi)]
        if scored:
            best = max(scored)
            if best[0] >= 60:
                return _clip(best[2].strip())
    return None


def gold_sentence(record: Record | None, field: str, item: Any) -> str | None:
    """Best-effort sentence for a gold item of `field` (None when it cannot be located)."""
    if record is None or item is None:
        return None
    text = record.text
    if isinstance(item, dict):
        span = clause_span(record, item.get("clause"))
        literal = item.get("text") if field in ("amounts", "percentages", "cost_sharing") else None
        if literal:
            at = find_literal(text, literal, span) or find_literal(text, norm_text(literal), span)
            if at is not None:
                return sentence_at(text, at)
        needle = item.get("condition") or item.get("title") or item.get("doc_number") or literal
        return find_similar(text, needle or "", span)
    if field == "clauses":
        return _clause_sentence(record, str(item))
    if isinstance(item, str) and field in ("doc_number", "title", "policy_title"):
        return find_similar(text, item, None)
    return None


def _clause_sentence(record: Record, clause_id: str) -> str | None:
    """A gold clause id the prediction lacks: look for its number under its parent."""
    parent, _, number = clause_id.rpartition("/")
    span = clause_span(record, parent) if parent else None
    bare = number.strip("（）()")
    for form in (number, f"({bare})", f"{bare}、", f"{bare}．", f"{bare}.", bare):
        at = find_literal(record.text, form, span)
        if at is not None:
            return sentence_at(record.text, at)
    return None


def predicted_sentence(record: Record | None, item: Any) -> str | None:
    """Sentence of a predicted item: by its offset."""
    if record is None or not isinstance(item, dict) or item.get("start") is None:
        return None
    return sentence_at(record.text, int(item["start"]))
