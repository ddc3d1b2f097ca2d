"""Issue 20: link and graph linear in their input, and the SHACL check's RDFS entailments the
same as pySHACL's own.  Work is counted, not timed (tests/linear_work.py): one document of the
hostile inputs of bench/hostile.py at n and at 4n, linked and turned into triples."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from linear_work import HOSTILE, LINEAR_BAR, growth, structured
from pyshacl import validate
from rdflib import RDF, Graph, Literal, URIRef

from bench.hostile import many_references_text, run_on_text
from pipeline.engine.document import assemble_record
from pipeline.extract import extract_mentions
from pipeline.graph import graph_triples, load_graph
from pipeline.graph.build import award_figures
from pipeline.graph.validate import ONTOLOGY, SHAPES, rdfs_entailed, validate_graph
from pipeline.graph.vocab import PKG
from pipeline.link import link_corpus
from pipeline.records import Record


def record(text: str) -> Record:
    doc = structured(text)
    return assemble_record(doc, extract_mentions(doc))


def link_and_graph(rec: Record) -> None:
    for _ in graph_triples(link_corpus([rec])):
        pass


@pytest.mark.parametrize(("text_of", "n"), HOSTILE)
def test_link_and_graph_work_grow_linearly(text_of: Callable[[int], str], n: int) -> None:
    assert growth((record(text_of(n)), record(text_of(4 * n))), link_and_graph) < LINEAR_BAR


def test_each_award_of_a_run_on_paragraph_has_its_own_amount_as_its_figure() -> None:
    """Thousands of awards and amounts in one clause: each award ends on its own amount."""
    n = 300
    ex = record(run_on_text(n)).extraction
    assert len(ex.awards) == len(ex.amounts) == 2 * n
    assert award_figures(ex) == [{"amount": j} for j in range(2 * n)]


def test_many_references_each_cite_their_own_document() -> None:
    n = 300
    linked = link_corpus([record(many_references_text(n))])
    cited = {d.doc_number for d in linked.documents if d.doc_number}
    assert cited >= {f"冀政办字〔20{10 + i % 14}〕{i}号" for i in range(1, n + 1)}


def test_entailments_are_rdfs_domains_ranges_subclasses_and_subproperties() -> None:
    ex = "http://example.org/"
    g = Graph()
    sub, sup, p, q, d, r = (URIRef(ex + x) for x in ("Sub", "Super", "p", "q", "D", "R"))
    a, b = URIRef(ex + "a"), URIRef(ex + "b")
    rdfs = "http://www.w3.org/2000/01/rdf-schema#"
    g.add((sub, URIRef(rdfs + "subClassOf"), sup))
    g.add((p, URIRef(rdfs + "subPropertyOf"), q))
    g.add((q, URIRef(rdfs + "domain"), d))
    g.add((q, URIRef(rdfs + "range"), r))
    g.add((r, URIRef(rdfs + "subClassOf"), sub))
    g.add((a, p, b))
    g.add((a, p, Literal("x")))
    assert set(rdfs_entailed(g)) == {(a, q, b), (a, q, Literal("x")), (a, RDF.type, d),
                                     (b, RDF.type, r), (b, RDF.type, sub), (b, RDF.type, sup)}


@pytest.mark.parametrize("breakage", ["none", "untyped_cited_document", "untyped_citation"])
def test_the_check_reports_what_pyshacl_with_its_own_rdfs_inference_reports(seed_graph_file: Path,
                                                                            breakage: str) -> None:
    """The same report, to the text: nodes typed only by a range (a cited document no triple
    types) or a domain (a citation whose type is gone) included."""
    g = load_graph(seed_graph_file)
    citation = next(g.subjects(RDF.type, PKG.Citation))
    if breakage == "untyped_cited_document":
        g.set((citation, PKG.citedDocument, URIRef("http://example.org/nowhere")))
    elif breakage == "untyped_citation":
        g.remove((citation, RDF.type, PKG.Citation))
    conforms, _, text = validate(g, shacl_graph=Graph().parse(SHAPES), ont_graph=Graph().parse(ONTOLOGY),
                                 inference="rdfs", allow_warnings=True)
    assert validate_graph(g) == (conforms, text)
    assert conforms == (breakage != "untyped_cited_document")
