"""The RDF graph: ELI as in RECORD.md, stable IRIs, SHACL shapes, the ontology documents every term."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from pipeline import config
from pipeline.graph import build_graph, load_graph
from pipeline.graph.validate import validate_graph
from pipeline.graph.vocab import ELI, PKG, RDF, XSD, doc_iri

GRAPH_DIR = Path(__file__).resolve().parents[2] / "pipeline" / "graph"


@pytest.fixture(scope="module")
def seed_graph(seed_graph_file):
    return load_graph(seed_graph_file)


def _doc(g, number):
    return next(g.subjects(ELI.id_local, Literal(number)))


def test_every_document_is_a_legal_resource_with_id_or_title(seed_graph, seed_linked):
    for doc in seed_linked.documents:
        node = doc_iri(doc.key)
        assert (node, RDF.type, ELI.LegalResource) in seed_graph
        assert seed_graph.value(node, ELI.id_local) or seed_graph.value(node, ELI.title)


def test_citations_from_the_issue(seed_graph):
    g = seed_graph
    lg = _doc(g, "连工信规〔2024〕1号")
    assert (lg, ELI.cites, _doc(g, "连制造强市办〔2022〕11号")) in g
    for number in ("苏政办发〔2021〕109号", "连政办发〔2022〕3号"):
        assert len(set(g.subjects(ELI.cites, _doc(g, number)))) == 2
    ask = g.query('ASK { ?a eli:id_local "连工信规〔2024〕1号" . ?b eli:id_local "苏政办发〔2021〕109号" . '
                  '?a eli:cites+ ?b }', initNs={"eli": ELI})
    assert ask.askAnswer


def test_literals_are_plain_strings_and_dates_are_xsd_date(seed_graph):
    for p in (ELI.id_local, ELI.title):
        for o in seed_graph.objects(None, p):
            assert isinstance(o, Literal) and o.datatype is None and o.language is None
    dates = list(seed_graph.objects(None, ELI.date_document))
    assert dates and all(o.datatype == XSD.date for o in dates)


def test_lineage_links_carry_confidence_evidence_lag(seed_graph):
    links = list(seed_graph.subjects(RDF.type, PKG.LineageLink))
    assert links
    for link in links:
        assert seed_graph.value(link, PKG.evidence)
        assert 0 <= float(seed_graph.value(link, PKG.confidence)) <= 1
    lags = [int(o) for o in seed_graph.objects(None, PKG.lagDays)]
    assert 672 in lags  # 连工信规〔2024〕1号 (2024-04-22) cites 连制造强市办〔2022〕11号 (2022-06-20)


def test_iris_are_stable_and_graph_rebuilds_identically(seed_linked):
    a, b = build_graph(seed_linked), build_graph(seed_linked)
    if not isomorphic(a, b):
        _, only_a, only_b = graph_diff(to_isomorphic(a), to_isomorphic(b))
        pytest.fail(f"rebuild differs:\n{only_a.serialize(format='nt')}\n---\n{only_b.serialize(format='nt')}")
    assert str(doc_iri("连工信规〔2024〕1号")) == config.BASE_IRI + "doc/连工信规〔2024〕1号"
    assert doc_iri("title:南通市X") == doc_iri("title:南通市X") != doc_iri("title:南通市Y")


def test_turtle_and_ntriples_round_trip(seed_graph_file):
    ttl = load_graph(seed_graph_file)
    nt = load_graph(seed_graph_file.with_suffix(".nt"))
    assert isomorphic(ttl, nt)
    again = Graph().parse(data=ttl.serialize(format="turtle"), format="turtle")
    assert isomorphic(ttl, again)


def test_seed_graph_conforms_to_shapes(seed_graph):
    conforms, report = validate_graph(seed_graph)
    assert conforms, report


@pytest.mark.parametrize("breakage", ["date_as_string", "confidence_above_one", "two_grant_mentions",
                                      "amount_of_a_clause"])
def test_shapes_catch_broken_graphs(seed_graph, breakage):
    g = Graph()
    for t in seed_graph:
        g.add(t)
    doc = _doc(g, "连工信规〔2024〕1号")
    if breakage == "date_as_string":
        g.set((doc, ELI.date_document, Literal("2024-04-22")))
    elif breakage == "confidence_above_one":
        link = next(g.subjects(RDF.type, PKG.LineageLink))
        g.set((link, PKG.confidence, Literal(1.5)))
    else:  # an award's grant stated by two mentions; a mention the figure of no award
        award, mention = next(g.subject_objects(PKG.amountMention))
        if breakage == "two_grant_mentions":
            g.add((award, PKG.amountMention, next(m for m in g.subjects(RDF.type, PKG.Amount) if m != mention)))
        else:
            g.add((mention, PKG.amountOf, next(g.subjects(RDF.type, ELI.LegalResourceSubdivision))))
    conforms, _ = validate_graph(g)
    assert not conforms


def test_a_document_without_title_is_an_advisory_result(seed_graph):
    """A text that is not a 公文 has no title: reported (sh:Warning), not a violation (ontology/shapes.ttl)."""
    g = Graph()
    for t in seed_graph:
        g.add(t)
    doc = _doc(g, "连工信规〔2024〕1号")
    g.remove((doc, ELI.title, None))
    g.remove((doc, ELI.id_local, None))
    conforms, report = validate_graph(g)
    assert conforms and "Severity: sh:Warning" in report and "Severity: sh:Violation" not in report


def test_ontology_documents_every_term_the_graph_uses():
    """Meta-test: each pkg: term in the graph code is defined with zh and en labels and comments."""
    ontology = Graph().parse(config.ONTOLOGY_DIR / "policykg.ttl", format="turtle")
    code = "".join(p.read_text(encoding="utf-8") for p in GRAPH_DIR.glob("*.py"))
    used = set(re.findall(r"PKG\.([A-Za-z0-9_]+)", code)) | {f"{n}Grant" for n in ("before", "after")}
    rdfs_label = URIRef("http://www.w3.org/2000/01/rdf-schema#label")
    rdfs_comment = URIRef("http://www.w3.org/2000/01/rdf-schema#comment")
    for name in sorted(used):
        term = PKG[name]
        for prop in (rdfs_label, rdfs_comment):
            langs = {o.language for o in ontology.objects(term, prop)}
            assert {"en", "zh"} <= langs, f"pkg:{name} lacks an en/zh {prop.split('#')[1]}"
    for term in set(ontology.subjects()) :
        if str(term).startswith(str(PKG)):
            assert {o.language for o in ontology.objects(term, rdfs_label)} >= {"en", "zh"}, term
