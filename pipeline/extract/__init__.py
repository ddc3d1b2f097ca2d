"""Extract: clauses → amounts, percentages, awards, references (placeholder until issue 3)."""
from __future__ import annotations

from ..records import Extraction, StructuredDoc

__all__ = ["extract_mentions"]


def extract_mentions(doc: StructuredDoc) -> Extraction:
    return Extraction()
