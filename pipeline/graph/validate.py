"""SHACL validation of the graph against ontology/shapes.ttl (pySHACL).

`python -m pipeline.graph.validate GRAPH` is what `make validate` runs: exit 0 when the
graph conforms, 1 with pySHACL's report when it does not, 2 when a file cannot be read.
"""
from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from pyshacl import validate
from rdflib import RDF, RDFS, Graph, Literal
from rdflib.term import Node

from .. import config
from ..errors import PipelineError
from .query import load_graph

SHAPES = config.ONTOLOGY_DIR / "shapes.ttl"
ONTOLOGY = config.ONTOLOGY_DIR / "policykg.ttl"


def validate_graph(graph: Graph) -> tuple[bool, str]:
    """(conforms, pySHACL's text report) under RDFS inference over the project ontology.

    The entailments the shapes can see — the types that domains, ranges and subclasses give
    and the values of super-properties — are worked out here in one pass over the graph
    (`rdfs_entailed`), and pySHACL validates with no inference of its own: its RDFS closure
    (OWL-RL's) re-reads the whole graph until nothing changes, minutes for one document of
    thousands of awards."""
    shapes = Graph().parse(SHAPES, format="turtle")
    data = Graph()
    for prefix, ns in graph.namespaces():
        data.bind(prefix, ns)
    for triple in graph:
        data.add(triple)
    for triple in _ontology():
        data.add(triple)
    for triple in rdfs_entailed(data):
        data.add(triple)
    conforms, _, text = validate(data, shacl_graph=shapes, inference="none", inplace=True, allow_warnings=True)
    return bool(conforms), str(text)


@lru_cache(maxsize=1)
def _ontology() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


def _closure(edges: dict[Node, set[Node]], node: Node) -> set[Node]:
    """`node` and everything it reaches along `edges` (a subclass's or subproperty's supers)."""
    seen, todo = {node}, [node]
    while todo:
        for up in edges.get(todo.pop(), ()):
            if up not in seen:
                seen.add(up)
                todo.append(up)
    return seen


def rdfs_entailed(graph: Graph) -> Iterable[tuple[Node, Node, Node]]:
    """The RDFS entailments of `graph` (data and schema together) that SHACL reads: rdfs2 and
    rdfs3 (a predicate's domain and range type its subject and its non-literal object), rdfs7
    (a triple holds for the predicate's super-properties), rdfs9 (a type's superclasses), each
    with the transitive subclass and subproperty closure (rdfs5, rdfs11).  What RDFS entails
    besides (every node an rdfs:Resource, every predicate an rdf:Property, axiomatic triples)
    no shape reads.  Linear in the graph: the schema's closures are worked out once per term."""
    supers: dict[Node, set[Node]] = defaultdict(set)
    super_props: dict[Node, set[Node]] = defaultdict(set)
    domains: dict[Node, set[Node]] = defaultdict(set)
    ranges: dict[Node, set[Node]] = defaultdict(set)
    for edges, predicate in ((supers, RDFS.subClassOf), (super_props, RDFS.subPropertyOf),
                             (domains, RDFS.domain), (ranges, RDFS.range)):
        for s, o in graph.subject_objects(predicate):
            edges[s].add(o)
    classes: dict[Node, set[Node]] = {}
    props: dict[Node, tuple[set[Node], set[Node], set[Node]]] = {}

    def types(cls: Iterable[Node]) -> set[Node]:
        out: set[Node] = set()
        for c in cls:
            if c not in classes:
                classes[c] = _closure(supers, c)
            out |= classes[c]
        return out

    def of_predicate(p: Node) -> tuple[set[Node], set[Node], set[Node]]:
        if p not in props:
            ups = _closure(super_props, p)
            props[p] = (ups - {p}, types(d for q in ups for d in domains.get(q, ())),
                        types(r for q in ups for r in ranges.get(q, ())))
        return props[p]

    entailed: set[tuple[Node, Node, Node]] = set()
    for s, p, o in graph:
        ups, domain, range_ = of_predicate(p)
        entailed.update((s, q, o) for q in ups)
        entailed.update((s, RDF.type, c) for c in domain)
        if not isinstance(o, Literal):
            entailed.update((o, RDF.type, c) for c in range_)
        if p == RDF.type:
            entailed.update((s, RDF.type, c) for c in types((o,)))
    return entailed


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
