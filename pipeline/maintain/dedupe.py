"""Is a new document already in the corpus, perhaps in another format?

A PDF and the text rendering of the same 公文 differ in bytes but not in substance:
the same 文号 and (near-)identical text.  Link's own `duplicates` is consulted as well
(ingest passes it in), so whichever rule link applies is honoured too.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz

from ..normalize import fold_width, text_fingerprint, title_key
from ..records import Record

# share of identical characters (rapidfuzz ratio, 0-100) above which two texts with the same
# 文号 or title are one document: a PDF's text layer differs from its text rendering only by
# stray line furniture, well under 5 %; two different 公文 under one 文号 differ far more
DEFAULT_DUPLICATE_SIMILARITY = 95.0


@dataclass(frozen=True)
class Duplicate:
    """`file` is the same document as the corpus's `same_as`, for `reason`."""

    file: str
    same_as: str
    reason: str


def _core(text: str) -> str:
    return re.sub(r"[\s\u3000]+", "", fold_width(text))


def text_similarity(a: str, b: str) -> float:
    """Similarity of two texts, 0-100, with layout (spaces, line breaks, widths) ignored."""
    return float(fuzz.ratio(_core(a), _core(b)))


def find_duplicate(new: Record, corpus: Iterable[Record],
                   threshold: float = DEFAULT_DUPLICATE_SIMILARITY) -> Duplicate | None:
    """The corpus record `new` duplicates, or None.

    Identical bytes, or an identical text fingerprint, always match.  Otherwise the same
    文号 (or, with none, the same title) and text similarity ≥ `threshold`.
    """
    fingerprint = text_fingerprint(new.text)
    for old in corpus:
        if old.source.sha256 == new.source.sha256:
            return Duplicate(new.source.file, old.source.file, "identical bytes")
        if text_fingerprint(old.text) == fingerprint:
            return Duplicate(new.source.file, old.source.file, "identical text")
        if not _same_identity(new, old):
            continue
        score = text_similarity(new.text, old.text)
        if score >= threshold:
            label = f"文号 {new.header.doc_number}" if new.header.doc_number else "title"
            return Duplicate(new.source.file, old.source.file, f"same {label}, text {score:.1f}% identical")
    return None


def _same_identity(a: Record, b: Record) -> bool:
    if a.header.doc_number and b.header.doc_number:
        return a.header.doc_number == b.header.doc_number
    if a.header.title and b.header.title:
        return title_key(a.header.title) == title_key(b.header.title)
    return False


def link_duplicate(new_file: str, duplicates: Iterable[tuple[str, str]],
                   corpus_files: set[str]) -> Duplicate | None:
    """The pair in link's `duplicates` that ties `new_file` to a corpus file, if any."""
    for dropped, kept in duplicates:
        if dropped == new_file and kept in corpus_files:
            return Duplicate(new_file, kept, "link found the same document")
        if kept == new_file and dropped in corpus_files:
            return Duplicate(new_file, dropped, "link found the same document")
    return None
