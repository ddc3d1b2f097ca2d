"""SHACL validation of the graph against ontology/shapes.ttl (pySHACL).

`python -m pipeline.graph.validate GRAPH` is what `make validate` runs: exit 0 when the
graph conforms, 1 with pySHACL's report when it does not, 2 when a file cannot be read.
"""
from __future__ import annotations

import sys
from pathlib import Path

from pyshacl import validate
from rdflib import Graph

from .. import config
from ..errors import PipelineError
from .query import load_graph

SHAPES = config.ONTOLOGY_DIR / "shapes.ttl"
ONTOLOGY = config.ONTOLOGY_DIR / "policykg.ttl"


def validate_graph(graph: Graph) -> tuple[bool, str]:
    """(conforms, pySHACL's text report); RDFS inference over the project ontology is on."""
    shapes = Graph().parse(SHAPES, format="turtle")
    ontology = Graph().parse(ONTOLOGY, format="turtle")
    conforms, _, text = validate(graph, shacl_graph=shapes, ont_graph=ontology, inference="rdfs",
                                 allow_warnings=True)
    return bool(conforms), str(text)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m pipeline.graph.validate GRAPH.ttl", file=sys.stderr)
        return 2
    try:
        graph = load_graph(Path(argv[0]))
    except PipelineError as exc:
        print(f"policykg: error: {exc.one_line()}", file=sys.stderr)
        return 2
    conforms, report = validate_graph(graph)
    print(f"{argv[0]}: {len(graph)} triples, {'conforms to' if conforms else 'VIOLATES'} {SHAPES.name}")
    if not conforms:
        print(report)
    return 0 if conforms else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
