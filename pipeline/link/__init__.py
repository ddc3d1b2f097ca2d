"""Link: corpus → resolved references and lineage (placeholder until issue 5)."""
from __future__ import annotations

from ..records import LinkedCorpus, Record

__all__ = ["link_corpus"]


def link_corpus(records: list[Record]) -> LinkedCorpus:
    return LinkedCorpus(records=tuple(records), documents=(), edges=())
