"""Is a new document already in the corpus, perhaps in another format?

"The same document" is the same text once layout is ignored (spaces, line breaks, widths:
what a PDF's text layer and its text rendering differ by) — exactly, never by a similarity
ratio: a corrected notice that changes one amount is a new edition, not a copy.  Link's
near-duplicate rule for crawled copies (`link/duplicates.py`, which also requires the same
numbers) is consulted as well: ingest passes its pairs in through `link_duplicate`.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..link.duplicates import describe_difference
from ..normalize import text_fingerprint
from ..records import Record


@dataclass(frozen=True)
class Duplicate:
    """`file` is the same document as the corpus's `same_as`, for `reason`."""

    file: str
    same_as: str
    reason: str


def find_duplicate(new: Record, corpus: Iterable[Record]) -> Duplicate | None:
    """The corpus record `new` is a copy of (identical bytes, or identical text without layout), or None."""
    fingerprint = text_fingerprint(new.text)
    for old in corpus:
        if old.source.sha256 == new.source.sha256:
            return Duplicate(new.source.file, old.source.file, "identical bytes")
        if text_fingerprint(old.text) == fingerprint:
            return Duplicate(new.source.file, old.source.file, "identical text once layout is ignored")
    return None


def link_duplicate(new: Record, duplicates: Iterable[tuple[str, str]], records: Mapping[str, Record],
                   corpus_files: set[str]) -> Duplicate | None:
    """The pair in link's `duplicates` that ties `new` to a corpus file, if any, with what differs."""
    for dropped, kept in duplicates:
        other = kept if dropped == new.source.file else dropped if kept == new.source.file else None
        if other is not None and other in corpus_files:
            old = records[other]
            label = f"文号 {new.header.doc_number}" if new.header.doc_number else "title"
            return Duplicate(new.source.file, other, f"link found the same document: same {label} and numbers, "
                             + describe_difference(old.text, new.text))
    return None
