"""Building a StructuredDoc from a bare sentence, for pattern tests of extract."""
from __future__ import annotations

from pipeline.records import Clause, Header, IngestedText, SourceInfo, StructuredDoc


def doc_of(text: str, clause: str | None = "一") -> StructuredDoc:
    """`text` as a one-clause document (clause id `clause`, or no clause at all)."""
    clauses = (Clause(id=clause, number=clause, heading=None, text=text, parent=None,
                      start=0, end=len(text)),) if clause else ()
    ingested = IngestedText(source=SourceInfo(file="t.txt", sha256="0", format="text", pages=None), text=text)
    return StructuredDoc(ingested=ingested, header=Header(), parts=(), clauses=clauses,
                         body_start=0, body_end=len(text))
