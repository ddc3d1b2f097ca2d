"""Issue 20: the SHACL check validates in bounded chunks of focus nodes and reports exactly what
pySHACL reports on the whole graph (`validate_graph`): the same conformance and the same text,
result by result, on the seed graph as it is and broken in ways that need other nodes' triples
(sh:class on an object typed elsewhere, an inverse path, a nested sh:or), with the broken nodes
in a later chunk than the first."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import XSD

from pipeline.graph import load_graph
from pipeline.graph.validate import SHAPES, _Index, _Plan, validate_file, validate_graph, validate_triples
from pipeline.graph.vocab import ELI, PKG

NOWHERE = URIRef("http://example.org/nowhere")


def _last(g: Graph, cls: URIRef) -> URIRef:
    """The instance of `cls` whose triples come last: it falls in the last chunk."""
    nodes = [s for s in dict.fromkeys(s for s, _, _ in g) if (s, RDF.type, cls) in g]
    assert nodes, cls
    return nodes[-1]


def _untyped_cited_document(g: Graph) -> str:
    # typed a LegalResource by pkg:citedDocument's range (from a node of another chunk), it has no status
    g.set((_last(g, PKG.Citation), PKG.citedDocument, NOWHERE))
    return "Constraint Violation in MinCountConstraintComponent"


def _award_without_its_document(g: Graph) -> str:
    award = _last(g, PKG.Award)
    g.remove((None, PKG.hasAward, award))  # [ sh:inversePath pkg:hasAward ; sh:minCount 1 ]
    return "Constraint Violation in MinCountConstraintComponent"


def _award_of_two_documents(g: Graph) -> str:
    award = _last(g, PKG.Award)
    other = next(d for d in g.subjects(RDF.type, ELI.LegalResource) if (d, PKG.hasAward, award) not in g)
    g.add((other, PKG.hasAward, award))  # the inverse path's sh:maxCount 1
    return "Constraint Violation in MaxCountConstraintComponent"


def _lineage_link_to_an_untyped_node(g: Graph) -> str:
    link = _last(g, PKG.LineageLink)
    g.set((link, RDF.object, NOWHERE))  # pkgsh:DocumentLink's sh:or: neither branch holds
    return "Constraint Violation in OrConstraintComponent"


def _mention_typed_as_something_else(g: Graph) -> str:
    award = _last(g, PKG.Award)
    mention = g.value(award, PKG.amountMention)
    assert mention is not None
    g.remove((mention, RDF.type, PKG.Amount))
    g.add((mention, RDF.type, PKG.Wording))  # still an Amount by pkg:amountMention's range: a Wording with no text
    return "Constraint Violation in MinCountConstraintComponent"


def _issuer_that_is_a_clause(g: Graph) -> str:
    doc = next(iter(g.subjects(ELI.passed_by, None)))
    g.set((doc, ELI.passed_by, _last(g, ELI.LegalResourceSubdivision)))  # sh:class eli:Agent, typed in its chunk
    return "Constraint Violation in ClassConstraintComponent"


def _bad_literals(g: Graph) -> str:
    sub = _last(g, ELI.LegalResourceSubdivision)
    g.set((sub, PKG.startOffset, Literal("-3", datatype=XSD.integer)))
    g.set((sub, PKG.clauseId, Literal(7)))
    return "Constraint Violation in MinInclusiveConstraintComponent"


def _document_known_by_nothing(g: Graph) -> str:
    doc = _last(g, ELI.LegalResource)
    g.remove((doc, ELI.title, None))
    g.remove((doc, ELI.id_local, None))  # pkgsh:KnownDocument: a warning, the graph still conforms
    return "Validation Result in OrConstraintComponent"


def _as_it_is(g: Graph) -> str:
    return ""


BREAKAGES: list[Callable[[Graph], str]] = [
    _as_it_is, _untyped_cited_document, _award_without_its_document, _award_of_two_documents,
    _lineage_link_to_an_untyped_node, _mention_typed_as_something_else, _issuer_that_is_a_clause, _bad_literals,
    _document_known_by_nothing]


@pytest.fixture(scope="module")
def seed_graph(seed_graph_file: Path) -> Graph:
    return load_graph(seed_graph_file)


def _copy(g: Graph) -> Graph:
    out = Graph()
    for prefix, ns in g.namespaces():
        out.bind(prefix, ns)
    for t in g:
        out.add(t)
    return out


@pytest.mark.parametrize("breakage", BREAKAGES, ids=lambda b: b.__name__.strip("_"))
def test_chunks_report_what_the_whole_graph_reports(seed_graph: Graph, breakage: Callable[[Graph], str]) -> None:
    g = _copy(seed_graph)
    component = breakage(g)
    whole = validate_graph(g)
    for chunk in (60, 2_000, 10**9):  # tiny chunks, chunks, one chunk
        assert validate_triples(list(g), chunk=chunk) == whole, chunk
    if component:  # the breakage is seen, so equal reports are not two empty ones
        assert component in whole[1]
    assert whole[0] == (breakage in (_as_it_is, _document_known_by_nothing))


def test_the_broken_node_is_in_a_later_chunk(seed_graph: Graph) -> None:
    """With 60-triple chunks the last award is far from the first chunk (else the tests above
    would not try a violation found after the first chunk's nodes)."""
    plan = _Plan(_shapes())
    index = _Index(list(seed_graph), plan)
    chunks = list(index.chunks(60))
    award = _last(seed_graph, PKG.Award)
    assert len(chunks) > 10 and award not in chunks[0] and award in next(c for c in reversed(chunks) if award in c)
    assert sum(len(c) for c in chunks) == len(index.out)  # every subject in exactly one chunk
    assert len(set().union(*chunks)) == len(index.out)


def _shapes():  # type: ignore[no-untyped-def]
    from pyshacl.shapes_graph import ShapesGraph

    return ShapesGraph(Graph().parse(SHAPES))


def test_the_project_shapes_can_be_checked_in_chunks() -> None:
    """Each shape reads its focus node's triples, the triples into it along an inverse path and
    the types of what they reach: chunks hold those.  Were a shape to read further, the check
    would go back to the whole graph (so it stays right, only slower)."""
    plan = _Plan(_shapes())
    assert plan.local
    assert plan.inverse == {PKG.hasAward, PKG.hasWording, PKG.awardLineage}


@pytest.mark.parametrize("further", [
    "ex:S a sh:NodeShape ; sh:targetObjectsOf ex:p ; sh:property [ sh:path ex:q ; sh:minCount 1 ] .",
    "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:node ex:T ] .",
    "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ( ex:p ex:q ) ; sh:minCount 1 ] .",
    ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; "
     "sh:qualifiedValueShape [ sh:class ex:D ] ; sh:qualifiedMinCount 1 ] ."),
])
def test_shapes_that_read_further_are_checked_on_the_whole_graph(further: str) -> None:
    from pyshacl.shapes_graph import ShapesGraph

    text = f"@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> . {further}"
    assert not _Plan(ShapesGraph(Graph().parse(data=text, format="turtle"))).local


def test_the_file_check_reads_the_nt_beside_the_turtle(seed_graph_file: Path, seed_graph: Graph) -> None:
    """graph.nt read by Oxigraph's parser gives rdflib's own terms: the report of the Turtle
    read by rdflib, and the same triple count."""
    conforms, text, count = validate_file(seed_graph_file.with_suffix(".nt"), chunk=500)
    assert (conforms, text) == validate_graph(seed_graph)
    assert count == len(seed_graph)
    assert validate_file(seed_graph_file, chunk=500)[:2] == (conforms, text)


def test_the_chunk_store_answers_every_pattern_as_rdflibs_store(seed_graph_file: Path) -> None:
    """The chunks' own three-index store (issue 20: half the cost of an add) finds what rdflib's
    default store finds, for each of the eight triple patterns, with a triple added twice once."""
    import itertools
    import random

    from pipeline.graph.validate import _ChunkStore

    triples = list(load_graph(seed_graph_file))
    ours, theirs = Graph(store=_ChunkStore()), Graph()
    for t in triples + triples[:50]:
        ours.add(t)
        theirs.add(t)
    assert len(ours) == len(theirs) == len(set(triples))
    sample = random.Random(0).sample(triples, 40) + [(URIRef("urn:none"), RDF.type, Literal("none"))]
    for s, p, o in sample:
        for keep in itertools.product((True, False), repeat=3):
            pattern = tuple(term if kept else None for term, kept in zip((s, p, o), keep, strict=True))
            assert set(ours.triples(pattern)) == set(theirs.triples(pattern)), pattern  # type: ignore[arg-type]
