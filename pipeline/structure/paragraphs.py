"""Paragraphs of the normalised text with their offsets.

Ingest puts one paragraph per line when the source has line breaks.  Crawled pages often do
not: paragraphs run together with only full-width indents (`　　`, NBSP runs) between them, or
with nothing at all.  `split_paragraphs` recovers paragraph spans inside a line from cues true of
any 公文 (see `recover.py`); the text itself is never rewritten, a `Para` is a slice of it.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Para:
    source: str  # the whole normalised text, so slices stay offsets into it
    start: int
    end: int

    @property
    def text(self) -> str:
        return self.source[self.start:self.end]


def line_paragraphs(text: str) -> list[Para]:
    """One paragraph per non-blank line, outer whitespace trimmed."""
    paras = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            lead = len(line) - len(line.lstrip())
            paras.append(Para(text, pos + lead, pos + len(line.rstrip())))
        pos += len(line) + 1
    return paras


def split_paragraphs(text: str) -> list[Para]:
    from .recover import recover_paragraphs

    return recover_paragraphs(text, line_paragraphs(text))
