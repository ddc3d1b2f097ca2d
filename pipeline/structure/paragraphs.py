"""Paragraphs of the normalised text with their offsets (ingest puts one per line)."""
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


def split_paragraphs(text: str) -> list[Para]:
    paras = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            lead = len(line) - len(line.lstrip())
            paras.append(Para(text, pos + lead, pos + len(line.rstrip())))
        pos += len(line) + 1
    return paras
