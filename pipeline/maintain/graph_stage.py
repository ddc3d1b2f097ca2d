"""SHACL on the graph an ingest is about to commit (the graph stage's shapes and validator).

Violations stop the ingest: it is rolled back with one line naming the violated shape
(`NonConformingGraph`, exit 1).  Shapes marked `sh:severity sh:Warning` in
ontology/shapes.ttl are advisory (a text that is not a 公文 has no title, and is still
ingested, with its warning): they are reported, not enforced.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from ..errors import NonConformingGraph
from ..graph.validate import validate_file
from .report import ShaclOutcome


def check_graph(graph: Path, *, check: Callable[[], None] | None = None) -> ShaclOutcome:
    """Validate the staged graph (graph.nt, or graph.ttl: the same triples) in bounded chunks;
    raise NonConformingGraph when it violates a shape.  `check` is called between chunks (the
    per-document budget raises there when no timer can interrupt)."""
    conforms, text, _ = validate_file(graph, check=check)
    outcome = ShaclOutcome(True, conforms, _summary(conforms, text))
    if not conforms:
        raise NonConformingGraph(f"the updated graph does not conform to ontology/shapes.ttl: {outcome.summary}",
                                 hint="nothing was changed; run `make validate` for the whole report")
    return outcome


def _summary(conforms: bool, text: str) -> str:
    """'N results' from pySHACL's report, and the first violation's shape and message."""
    count = re.search(r"Results \((\d+)\)", text)
    summary = f"{count.group(1)} results" if count else ""
    blocks = re.split(r"\n(?=Constraint Violation|Validation Result)", text)
    first = next((b for b in blocks if "Severity: sh:Violation" in b), None) if not conforms else None
    if first is None:
        warnings = sum("Severity: sh:Warning" in b for b in blocks)
        return f"{summary}, {warnings} advisory (sh:Warning)" if warnings else summary
    shape = re.search(r"Source Shape: (\S+)", first)
    component = re.search(r"Constraint Violation in (\w+)", first)
    message = re.search(r"Message: (.+)", first)
    named = shape.group(1) if shape and not shape.group(1).startswith("[") else None
    what = named or (component.group(1) if component else "a shape")
    return f"{summary}; first: {message.group(1).strip() if message else 'a violation'} ({what})"
