"""SHACL validation of the graph against ontology/shapes.ttl (pySHACL).

`python -m pipeline.graph.validate GRAPH` is what `make validate` runs: exit 0 when the
graph conforms, 1 with pySHACL's report when it does not, 2 when a file cannot be read.

Two ways to one report.  `validate_graph` hands a whole rdflib graph to pySHACL.
`validate_file` (ingest's check, `make validate`) reads the file with Oxigraph's parser and
validates it in bounded chunks of focus nodes (`validate_triples`): each chunk holds its
nodes' own triples, the triples into them along the shapes' inverse paths, and the types of
every node they reach (what `sh:class` reads), and pySHACL validates each shape on the
chunk's own focus nodes only.  The report is the same to the text: pySHACL sorts its
results' descriptions, and each result is made from the same triples.  Shapes that read
further than that (a target by object or by node, a SPARQL constraint, a nested shape on
value nodes, a path of more than one step) are validated on the whole graph instead.
"""
from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Callable, Generator, Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from pyshacl import validate
from pyshacl.constraints import ALL_CONSTRAINT_PARAMETERS
from pyshacl.graph_abstraction import DataGraph
from pyshacl.pytypes import SHACLExecutor
from pyshacl.shape import Shape
from pyshacl.shapes_graph import ShapesGraph
from pyshacl.validator import Validator
from rdflib import RDF, RDFS, SH, XSD, BNode, Graph, Literal, URIRef
from rdflib.plugins.stores.memory import SimpleMemory
from rdflib.term import Node

from .. import config
from ..errors import PipelineError, QueryError
from .vocab import PREFIXES

SHAPES = config.ONTOLOGY_DIR / "shapes.ttl"
ONTOLOGY = config.ONTOLOGY_DIR / "policykg.ttl"
# triples per chunk: pySHACL's graph of a chunk stays in tens of MB, whatever the graph's size
CHUNK_TRIPLES = 40_000

Triple = tuple[Node, Node, Node]


def validate_graph(graph: Graph) -> tuple[bool, str]:
    """(conforms, pySHACL's text report) under RDFS inference over the project ontology, the
    whole graph at once.

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


def validate_file(path: str | Path, *, chunk: int = CHUNK_TRIPLES,
                  check: Callable[[], None] | None = None) -> tuple[bool, str, int]:
    """(conforms, report, triples read) of a graph file (N-Triples or Turtle), chunk by chunk
    (`validate_triples`); `check` is called between chunks (a time budget may raise there)."""
    path = Path(path)
    formats = {".nt": ox.RdfFormat.N_TRIPLES, ".ttl": ox.RdfFormat.TURTLE}
    if path.suffix.lower() not in formats:
        raise QueryError(f"cannot tell the RDF format of {path.name}", hint=f"use one of {sorted(formats)}")
    try:
        triples = list(rdflib_triples(q.triple for q in ox.parse(path=path, format=formats[path.suffix.lower()])))
    except OSError as exc:
        raise QueryError(f"cannot read {path}: {exc.strerror or exc}") from exc
    except SyntaxError as exc:
        raise QueryError(f"cannot parse {path}: {exc}") from exc
    conforms, text = validate_triples(triples, chunk=chunk, check=check)
    return conforms, text, len(triples)


def rdflib_triples(triples: Iterable[Any]) -> Iterator[Triple]:
    """Oxigraph's triples as the rdflib terms rdflib's own parsers make (a plain string has no
    datatype; each IRI one shared object)."""
    iris: dict[str, URIRef] = {}
    bnodes: dict[str, BNode] = {}
    literals: dict[tuple[str, str | None, str | None], Literal] = {}  # a graph repeats its figures, roles, units
    xsd_string = str(XSD.string)

    def iri(value: str) -> URIRef:
        node = iris.get(value)
        if node is None:
            node = iris[value] = URIRef(value)
        return node

    def term(t: Any) -> Node:
        if isinstance(t, ox.NamedNode):
            return iri(t.value)
        if isinstance(t, ox.BlankNode):
            return bnodes.setdefault(t.value, BNode(t.value))
        language, datatype = t.language, t.datatype.value
        key = (t.value, language, datatype)
        lit = literals.get(key)
        if lit is None:
            lit = literals[key] = (Literal(t.value, lang=language) if language else
                                   Literal(t.value, datatype=None if datatype == xsd_string else iri(datatype)))
        return lit

    for t in triples:
        yield iri(t.subject.value) if isinstance(t.subject, ox.NamedNode) else term(t.subject), \
            iri(t.predicate.value), term(t.object)


def validate_triples(triples: Iterable[Triple], *, chunk: int = CHUNK_TRIPLES,
                     check: Callable[[], None] | None = None) -> tuple[bool, str]:
    """`validate_graph`'s report on the graph of `triples`, validated in chunks of about
    `chunk` triples: memory bounded by the chunk, work linear in the graph."""
    shapes = Graph().parse(SHAPES, format="turtle")
    every = list(triples)
    every += _ontology()
    every += rdfs_entailed(every)
    plan = _Plan(ShapesGraph(shapes))
    if not plan.local:
        whole = Graph()
        for prefix, ns in PREFIXES.items():
            whole.bind(prefix, ns)
        for t in every:
            whole.add(t)
        conforms, _, text = validate(whole, shacl_graph=shapes, inference="none", inplace=True, allow_warnings=True)
        return bool(conforms), str(text)
    index = _Index(every, plan)
    del every
    conforms, reports = True, []
    for nodes in index.chunks(chunk):
        ok, found = plan.run(index.graph_of(nodes), nodes)
        conforms = conforms and ok
        reports += found
        if check is not None:
            check()
    _, text = Validator.create_validation_report(plan.sg, conforms, reports)
    return conforms, str(text)


class _Index:
    """The triples pySHACL reads by subject, the inverse-path triples by object, the types by node."""

    def __init__(self, triples: list[Triple], plan: _Plan) -> None:
        self.plan = plan
        self.out: dict[Node, list[Triple]] = defaultdict(list)
        self.into: dict[Node, list[Triple]] = defaultdict(list)
        self.types: dict[Node, list[Triple]] = defaultdict(list)
        self.schema: list[Triple] = []  # what sh:class reads besides the types: the subclass tree
        rdf_type, subclass, read, inverse = RDF.type, RDFS.subClassOf, plan.read, plan.inverse
        for t in triples:
            s, p, o = t
            if read is None or p in read:
                self.out[s].append(t)
            elif s not in self.out:
                self.out[s] = []  # a subject all the same: every subject is in a chunk
            if p == rdf_type:
                self.types[s].append(t)
            elif p == subclass:
                self.schema.append(t)
            if p in inverse:
                self.into[o].append(t)

    def chunks(self, size: int) -> Iterator[set[Node]]:
        """The subjects (every focus node is one: a target is typed or a subject) in sets whose
        own and incoming triples add up to about `size`."""
        nodes: set[Node] = set()
        count = 0
        for s, out in self.out.items():
            nodes.add(s)
            count += len(out) + len(self.into.get(s, ()))
            if count >= size:
                yield nodes
                nodes, count = set(), 0
        if nodes:
            yield nodes

    def graph_of(self, nodes: set[Node]) -> Graph:
        g = Graph(store=_ChunkStore())
        for prefix, ns in PREFIXES.items():
            g.bind(prefix, ns)
        forward, backward = self.plan.classed, self.plan.classed_inverse
        reached: set[Node] = set()  # the nodes whose types sh:class reads
        for s in nodes:
            for t in self.out[s]:
                g.add(t)
                if t[1] in forward:
                    reached.add(t[2])
            for t in self.into.get(s, ()):
                g.add(t)
                if t[1] in backward:
                    reached.add(t[0])
        for n in reached - nodes:
            for t in self.types.get(n, ()):
                g.add(t)
        for t in self.schema:
            g.add(t)
        return g


class _ChunkStore(SimpleMemory):
    """The store of one chunk's graph: three indexes (by subject, predicate, object; the last made
    only when a pattern asks for it) and nothing else — no per-triple contexts, no events, the
    half of rdflib's default store's cost that a chunk, one graph filled once and then only read,
    does not need.  pySHACL wraps the graph in a
    Dataset, which asks for a context- and graph-aware store: a chunk has its one context."""

    context_aware = True
    graph_aware = True

    def __init__(self) -> None:
        super().__init__()  # the prefixes (SimpleMemory's); its triple indexes stay empty
        self._spo: dict[Node, dict[Node, set[Node]]] = {}
        self._pos: dict[Node, dict[Node, set[Node]]] = {}
        self._osp: dict[Node, dict[Node, set[Node]]] | None = None
        self._size = 0

    def add(self, triple: Any, context: Any = None, quoted: bool = False) -> None:
        s, p, o = triple
        objects = self._spo.setdefault(s, {}).setdefault(p, set())
        if o in objects:
            return
        objects.add(o)
        self._pos.setdefault(p, {}).setdefault(o, set()).add(s)
        self._osp = None  # made when a pattern of an object alone first asks for it
        self._size += 1

    def triples(self, pattern: Any, context: Any = None) -> Iterator[Any]:
        s, p, o = pattern
        none: tuple[Any, ...] = ()
        if s is not None:
            by_p = self._spo.get(s, {})
            if p is not None:
                found = by_p.get(p, ())
                if o is not None:
                    if o in found:
                        yield (s, p, o), iter(none)
                    return
                for obj in list(found):
                    yield (s, p, obj), iter(none)
                return
            for pred, objs in list(by_p.items()):
                if o is None:
                    for obj in list(objs):
                        yield (s, pred, obj), iter(none)
                elif o in objs:
                    yield (s, pred, o), iter(none)
            return
        if p is not None:
            by_o = self._pos.get(p, {})
            if o is not None:
                for subj in list(by_o.get(o, ())):
                    yield (subj, p, o), iter(none)
                return
            for obj, subjs in list(by_o.items()):
                for subj in list(subjs):
                    yield (subj, p, obj), iter(none)
            return
        if o is not None:
            if self._osp is None:
                self._osp = {}
                for subj, by_p in self._spo.items():
                    for pred, objs in by_p.items():
                        for obj in objs:
                            self._osp.setdefault(obj, {}).setdefault(subj, set()).add(pred)
            for subj, preds in list(self._osp.get(o, {}).items()):
                for pred in list(preds):
                    yield (subj, pred, o), iter(none)
            return
        for subj, by_p in list(self._spo.items()):
            for pred, objs in list(by_p.items()):
                for obj in list(objs):
                    yield (subj, pred, obj), iter(none)

    def __len__(self, context: Any = None) -> int:
        return self._size

    def contexts(self, triple: Any = None) -> Generator[Graph, None, None]:
        yield from ()

    def add_graph(self, graph: Any) -> None:
        pass


# what a shape may read for chunks to give the whole graph's report: its focus node's own
# triples (paths of one predicate), triples into it (sh:inversePath of one predicate), the
# types of the nodes they reach (sh:class) and the subclass tree
_OTHER_TARGETS = {SH.targetNode, SH.targetObjectsOf, SH.target}
_NON_LOCAL = {SH.sparql, SH.qualifiedValueShape, SH.qualifiedMinCount, SH.qualifiedMaxCount}
# constraints and targets that name a predicate of the focus node besides sh:path
_NAMING_PREDICATES = {SH.targetSubjectsOf, SH.equals, SH.disjoint, SH.lessThan, SH.lessThanOrEquals}
# nested shapes validate the same focus node: local at a node shape, not at a property shape
# (there they validate the value nodes, whose own triples a chunk may not hold)
_NESTING = {SH["or"], SH["and"], SH["not"], SH.xone, SH.node, SH.property}


class _Plan:
    """Which pySHACL shapes to run on each chunk, and whether chunks can give the report."""

    def __init__(self, sg: ShapesGraph) -> None:
        self.sg = sg
        self.executor = SHACLExecutor(allow_warnings=True)
        self.shapes = list(sg.shapes)
        graph = sg.graph
        paths = list(graph.objects(None, SH.path))
        self.inverse: set[Node] = {o for p in paths for o in graph.objects(p, SH.inversePath)}
        # the predicates pySHACL reads (None: all of them, for a closed shape), and those whose
        # values' types it reads (sh:class on a path, forward or inverse)
        self.read: set[Node] | None = None if (None, SH.closed, None) in graph else (
            {p for p in paths if isinstance(p, URIRef)} | self.inverse | {RDF.type, RDFS.subClassOf}
            | {o for p in _NAMING_PREDICATES for o in graph.objects(None, p)})
        classed = [p for shape in graph.subjects(SH["class"], None) for p in graph.objects(shape, SH.path)]
        self.classed: set[Node] = {p for p in classed if isinstance(p, URIRef)}
        self.classed_inverse: set[Node] = {o for p in classed for o in graph.objects(p, SH.inversePath)}
        self.lifted = {shape.node: self._lifted(shape) for shape in self.shapes}
        self.disjunctions = {shape.node: self._disjunction(shape) for shape in self.shapes}
        self.local = (not sg.custom_constraints
                      and not any((None, p, None) in graph for p in _OTHER_TARGETS | _NON_LOCAL)
                      and all(isinstance(p, URIRef) or (p, SH.inversePath, None) in graph for p in paths)
                      and all(isinstance(i, URIRef) for i in self.inverse)
                      and all(not self._nests(s) for s in self.shapes if s.is_property_shape))

    def _nests(self, shape: Shape) -> bool:
        return any(p in _NESTING for p, _ in self.sg.graph.predicate_objects(shape.node))

    def _lifted(self, shape: Shape) -> list[Shape] | None:
        """A node shape whose only constraints are sh:property: its property shapes, which
        pySHACL then validates on all the focus nodes at once (nested, it validates each
        property shape once per focus node, rebuilding its constraints every time)."""
        constraints = {p for p, _ in self.sg.graph.predicate_objects(shape.node) if p in ALL_CONSTRAINT_PARAMETERS}
        if constraints != {SH.property} or shape.deactivated:
            return None
        nodes = [o for o in self.sg.graph.objects(shape.node, SH.property) if not self.sg.is_filtered_out_shape(o)]
        return [self.sg.lookup_shape_from_node(o) for o in nodes]

    def run(self, graph: Graph, nodes: set[Node]) -> tuple[bool, list[Any]]:
        """Every shape validated on the focus nodes of `graph` that are `nodes`."""
        data = DataGraph.from_rdflib(graph)
        conforms, reports = True, []
        for shape in self.shapes:
            if shape.deactivated:
                continue
            focus = [f for f in shape.focus_nodes(data) if f in nodes]
            if not focus:
                continue
            for one, some in self._parts(shape, data, focus):
                ok, found = one.validate(self.executor, data, focus=some)
                conforms = conforms and ok
                reports += found
        return conforms, reports

    def _parts(self, shape: Shape, data: DataGraph, focus: list[Any]) -> list[tuple[Shape, list[Any]]]:
        """The shapes to validate for `shape` on `focus`, and on which nodes.  A node shape of one
        sh:or (and sh:property): pySHACL validates every member of the sh:or on each focus node
        alone; here each member is validated on all the nodes at once, and only the nodes that
        fail every member get the shape itself (their report is pySHACL's), the others only its
        property shapes (as `_lifted`)."""
        split = self.disjunctions[shape.node]
        if split is None:
            return [(one, focus) for one in self.lifted[shape.node] or [shape]]
        members, properties = split
        failing = set(focus)
        for member in members:
            if not failing:
                break
            _, found = member.validate(self.executor, data, focus=[f for f in focus if f in failing])
            # a result's focus node is held as (its graph, the node)
            failing &= {o[1] if isinstance(o, tuple) else o for _, _, parts in found for _, p, o in parts
                        if p == SH.focusNode}
        parts = [(shape, [f for f in focus if f in failing])] if failing else []
        rest = [f for f in focus if f not in failing]
        return parts + ([(one, rest) for one in properties] if rest else [])

    def _disjunction(self, shape: Shape) -> tuple[list[Shape], list[Shape]] | None:
        """(the members of its sh:or, its property shapes) for a node shape whose constraints are
        one sh:or of members that are violations when they fail (no sh:severity of their own),
        and sh:property; else None."""
        graph = self.sg.graph
        constraints = [p for p, _ in graph.predicate_objects(shape.node) if p in ALL_CONSTRAINT_PARAMETERS]
        if (shape.is_property_shape or shape.deactivated or constraints.count(SH["or"]) != 1
                or not set(constraints) <= {SH["or"], SH.property}):
            return None
        members = graph.value(shape.node, SH["or"])
        nodes = [o for o in graph.items(members) if not self.sg.is_filtered_out_shape(o)] if members else []
        if not nodes or any((o, SH.severity, None) in graph or (o, SH.deactivated, None) in graph for o in nodes):
            return None
        properties = [o for o in graph.objects(shape.node, SH.property) if not self.sg.is_filtered_out_shape(o)]
        return ([self.sg.lookup_shape_from_node(o) for o in nodes],
                [self.sg.lookup_shape_from_node(o) for o in properties])


@lru_cache(maxsize=1)
def _ontology_graph() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


def _ontology() -> list[Triple]:
    return list(_ontology_graph())


def _closure(edges: dict[Node, set[Node]], node: Node) -> set[Node]:
    """`node` and everything it reaches along `edges` (a subclass's or subproperty's supers)."""
    seen, todo = {node}, [node]
    while todo:
        for up in edges.get(todo.pop(), ()):
            if up not in seen:
                seen.add(up)
                todo.append(up)
    return seen


def rdfs_entailed(graph: Iterable[Triple]) -> set[Triple]:
    """The RDFS entailments of `graph` (data and schema together; a Graph or a list of triples)
    that SHACL reads: rdfs2 and rdfs3 (a predicate's domain and range type its subject and its non-literal object), rdfs7
    (a triple holds for the predicate's super-properties), rdfs9 (a type's superclasses), each
    with the transitive subclass and subproperty closure (rdfs5, rdfs11).  What RDFS entails
    besides (every node an rdfs:Resource, every predicate an rdf:Property, axiomatic triples)
    no shape reads.  Linear in the graph: the schema's closures are worked out once per term."""
    supers: dict[Node, set[Node]] = defaultdict(set)
    super_props: dict[Node, set[Node]] = defaultdict(set)
    domains: dict[Node, set[Node]] = defaultdict(set)
    ranges: dict[Node, set[Node]] = defaultdict(set)
    schema: dict[Node, dict[Node, set[Node]]] = {RDFS.subClassOf: supers, RDFS.subPropertyOf: super_props,
                                                 RDFS.domain: domains, RDFS.range: ranges}
    for s, p, o in graph:
        edges = schema.get(p)
        if edges is not None:
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
    rdf_type, add = RDF.type, entailed.add
    for s, p, o in graph:
        ups, domain, range_ = props[p] if p in props else of_predicate(p)
        for q in ups:
            add((s, q, o))
        for c in domain:
            add((s, rdf_type, c))
        if range_ and not isinstance(o, Literal):
            for c in range_:
                add((o, rdf_type, c))
        if p == rdf_type:
            for c in classes[o] if o in classes else types((o,)):
                add((s, rdf_type, c))
    return entailed


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m pipeline.graph.validate GRAPH.ttl", file=sys.stderr)
        return 2
    try:
        conforms, report, count = validate_file(Path(argv[0]))
    except PipelineError as exc:
        print(f"policykg: error: {exc.one_line()}", file=sys.stderr)
        return 2
    print(f"{argv[0]}: {count} triples, {'conforms to' if conforms else 'VIOLATES'} {SHAPES.name}")
    if not conforms:
        print(report)
    return 0 if conforms else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
