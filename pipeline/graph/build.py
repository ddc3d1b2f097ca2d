"""Linked corpus → RDF: ELI for documents and lineage, the project ontology for the rest.

Every document node (ingested or only cited) is an eli:LegalResource; clauses are
eli:LegalResourceSubdivision; each lineage edge is a direct triple (eli:cites, eli:repeals,
eli:changes, dcterms:replaces, …) plus a reified pkg:LineageLink carrying its confidence,
evidence sentence and lag in days, so plain ELI queries and provenance queries both work.
"""
from __future__ import annotations

from decimal import Decimal

from rdflib import BNode, Graph, Literal, URIRef

from ..records import Award, CitedDocument, LineageEdge, LinkedCorpus, Record
from .vocab import ELI, FOAF, LINK_PREDICATES, PKG, PREFIXES, RDF, XSD, agent_iri, doc_iri, link_iri, part_iri

__all__ = ["build_graph"]


def _date(value: str | None) -> Literal | None:
    return Literal(value, datatype=XSD.date) if value else None


def _dec(value: float | None) -> Literal | None:
    """xsd:decimal in its canonical lexical form (`500000.0`, `0.25`), never in exponent form.

    The canonical form is what Turtle's decimal shorthand writes, so a graph read back from
    Turtle or from N-Triples holds the same literal.
    """
    if value is None:
        return None
    number = Decimal(str(value))
    lexical = f"{int(number)}.0" if number == number.to_integral_value() else format(number.normalize(), "f")
    return Literal(lexical, datatype=XSD.decimal)


def _add(g: Graph, s: URIRef | BNode, p: URIRef, o: URIRef | Literal | None) -> None:
    """Add a triple unless the value is unknown (unknown stays absent, never a placeholder)."""
    if o is not None:
        g.add((s, p, o))


def build_graph(linked: LinkedCorpus) -> Graph:
    """The RDF graph of a linked corpus."""
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    places = dict(linked.places)
    ingested = {r.key for r in linked.records}
    for doc in linked.documents:
        _add_document(g, doc, ingested)
    targets = {(citing, start): node for citing, start, node in linked.citation_targets}
    for record in linked.records:
        _add_record(g, record, places.get(record.key), targets)
    awards = {(r.key, a.clause, a.condition): i for r in linked.records for i, a in enumerate(r.extraction.awards)}
    for edge in linked.edges:
        _add_edge(g, edge, awards)
    for n, clause in enumerate(linked.statements):
        node = part_iri(clause.document, "statement", str(n))
        g.add((node, RDF.type, PKG.StatedClause))
        g.add((doc_iri(clause.document), PKG.states, node))
        g.add((node, PKG.clauseKind, Literal(clause.kind)))
        g.add((node, PKG.evidence, Literal(clause.evidence)))
        _offsets(g, node, clause.start, clause.end)
        for target in clause.targets:
            g.add((node, PKG.names, doc_iri(target)))
    return g


def _add_document(g: Graph, doc: CitedDocument, ingested: set[str]) -> None:
    node = doc_iri(doc.key)
    g.add((node, RDF.type, ELI.LegalResource))
    _add(g, node, ELI.id_local, Literal(doc.doc_number) if doc.doc_number else None)
    _add(g, node, ELI.title, Literal(doc.title) if doc.title else None)
    status = "ingested" if doc.key in ingested else "cited" if doc.doc_number else "unresolved"
    g.add((node, PKG.resolutionStatus, Literal(status)))
    for alias in doc.aliases:
        g.add((node, PKG.citedAs, Literal(alias)))


def _add_record(g: Graph, record: Record, place: str | None, targets: dict[tuple[str, int], str]) -> None:
    h = record.header
    node = doc_iri(record.key)
    g.add((node, RDF.type, ELI.LegalResource))
    _add(g, node, ELI.date_document, _date(h.issue_date))
    _add(g, node, ELI.first_date_entry_in_force, _date(h.effective_from))
    _add(g, node, ELI.date_no_longer_in_force, _date(h.effective_to))
    _add(g, node, PKG.fullTitle, Literal(h.title) if h.title else None)
    _add(g, node, PKG.policyTitle, Literal(h.policy_title) if h.policy_title else None)
    _add(g, node, PKG.docType, Literal(h.doc_type) if h.doc_type else None)
    _add(g, node, PKG.jurisdiction, Literal(place) if place else None)
    g.add((node, PKG.sourceFile, Literal(record.source.file)))
    g.add((node, PKG.sha256, Literal(record.source.sha256)))
    g.add((node, PKG.sourceFormat, Literal(record.source.format)))
    for issuer in h.issuers:
        agent = agent_iri(issuer)
        g.add((node, ELI.passed_by, agent))
        g.add((agent, RDF.type, ELI.Agent))
        g.add((agent, FOAF.name, Literal(issuer)))
    for clause in record.clauses:
        part = part_iri(record.key, "clause", clause.id)
        g.add((part, RDF.type, ELI.LegalResourceSubdivision))
        g.add((node, ELI.has_part, part))
        g.add((part, ELI.is_part_of, node))
        g.add((part, PKG.clauseId, Literal(clause.id)))
        g.add((part, PKG.number, Literal(clause.number)))
        _add(g, part, PKG.heading, Literal(clause.heading) if clause.heading else None)
        _offsets(g, part, clause.start, clause.end, record)
    _add_mentions(g, record, targets)


def _offsets(g: Graph, node: URIRef, start: int, end: int, record: Record | None = None) -> None:
    g.add((node, PKG.startOffset, Literal(start)))
    g.add((node, PKG.endOffset, Literal(end)))
    if record is not None:
        for span in record.page_map:
            if span.start <= start < span.end:
                g.add((node, PKG.page, Literal(span.page)))
                break


def _add_mentions(g: Graph, record: Record, targets: dict[tuple[str, int], str]) -> None:
    node = doc_iri(record.key)
    ex = record.extraction
    for i, award in enumerate(ex.awards):
        _add_award(g, record, i, award)
    for i, amount in enumerate(ex.amounts):
        a = part_iri(record.key, "amount", str(i))
        g.add((a, RDF.type, PKG.Amount))
        g.add((node, PKG.hasAmount, a))
        g.add((a, PKG.text, Literal(amount.text)))
        _add(g, a, PKG.value, _dec(amount.value))
        _add(g, a, PKG.valueMax, _dec(amount.value_max))
        g.add((a, PKG.unit, Literal(amount.unit)))
        g.add((a, PKG.role, Literal(amount.role)))
        _in_clause(g, a, record.key, amount.clause)
        _offsets(g, a, amount.start, amount.end, record)
    for i, pct in enumerate(ex.percentages):
        p = part_iri(record.key, "percentage", str(i))
        g.add((p, RDF.type, PKG.Percentage))
        g.add((node, PKG.hasPercentage, p))
        g.add((p, PKG.text, Literal(pct.text)))
        _add(g, p, PKG.value, _dec(pct.value))
        g.add((p, PKG.role, Literal(pct.role)))
        _in_clause(g, p, record.key, pct.clause)
        _offsets(g, p, pct.start, pct.end, record)
    for i, ref in enumerate(ex.references):
        c = part_iri(record.key, "citation", str(i))
        g.add((c, RDF.type, PKG.Citation))
        g.add((node, PKG.hasCitation, c))
        g.add((c, PKG.raw, Literal(ref.raw)))
        _add(g, c, PKG.citedNumber, Literal(ref.doc_number) if ref.doc_number else None)
        _add(g, c, PKG.citedTitle, Literal(ref.title) if ref.title else None)
        _add(g, c, PKG.leadIn, Literal(ref.lead_in) if ref.lead_in else None)
        _add(g, c, PKG.resolvedNumber, Literal(ref.resolved) if ref.resolved else None)
        target = targets.get((record.key, ref.start))
        _add(g, c, PKG.citedDocument, doc_iri(target) if target else None)
        _offsets(g, c, ref.start, ref.end, record)


def _in_clause(g: Graph, node: URIRef, doc_key: str, clause: str | None) -> None:
    if clause:
        g.add((node, PKG.inProvision, part_iri(doc_key, "clause", clause)))


def _add_award(g: Graph, record: Record, i: int, award: Award) -> None:
    a = part_iri(record.key, "award", str(i))
    g.add((a, RDF.type, PKG.Award))
    g.add((doc_iri(record.key), PKG.hasAward, a))
    g.add((a, PKG.condition, Literal(award.condition)))
    _add(g, a, PKG.amount, _dec(award.amount))
    _add(g, a, PKG.amountRole, Literal(award.amount_role) if award.amount_role else None)
    _add(g, a, PKG.rate, _dec(award.rate))
    _add(g, a, PKG.rateBase, Literal(award.rate_base) if award.rate_base else None)
    _add(g, a, PKG.threshold, _dec(award.threshold))
    _add(g, a, PKG.cap, _dec(award.cap))
    _add(g, a, PKG.per, Literal(award.per) if award.per else None)
    _in_clause(g, a, record.key, award.clause)
    if award.end > award.start:
        _offsets(g, a, award.start, award.end, record)


def _add_edge(g: Graph, edge: LineageEdge, awards: dict[tuple[str, str | None, str], int]) -> None:
    details = dict(edge.details)
    predicate = LINK_PREDICATES[edge.kind]
    subject, obj = doc_iri(edge.source), doc_iri(edge.target)
    link = link_iri(edge.source, edge.kind, edge.target, edge.source_provision or "", details.get("condition", ""))
    if edge.kind == "provision":
        later = awards.get((edge.source, edge.source_provision, details.get("condition", "")))
        earlier = awards.get((edge.target, edge.target_provision, details.get("condition_before", "")))
        if later is None or earlier is None:
            return
        subject, obj = part_iri(edge.source, "award", str(later)), part_iri(edge.target, "award", str(earlier))
        g.add((link, RDF.type, PKG.ProvisionLink))
        g.add((link, PKG.laterDocument, doc_iri(edge.source)))
        g.add((link, PKG.earlierDocument, doc_iri(edge.target)))
        for name in ("before", "after"):
            g.add((link, PKG[f"{name}Grant"], Literal(details.get(name, ""))))
    else:
        g.add((link, RDF.type, PKG.LineageLink))
    g.add((subject, predicate, obj))
    g.add((link, RDF.subject, subject))
    g.add((link, RDF.predicate, predicate))
    g.add((link, RDF.object, obj))
    g.add((link, PKG.linkKind, Literal(edge.kind)))
    _add(g, link, PKG.confidence, _dec(round(edge.confidence, 3)))
    g.add((link, PKG.evidence, Literal(edge.evidence)))
    _add(g, link, PKG.lagDays, Literal(edge.lag_days) if edge.lag_days is not None else None)
    _add(g, link, PKG.method, Literal(details["method"]) if "method" in details else None)
