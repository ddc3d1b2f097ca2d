"""Linked corpus → RDF: ELI for documents and lineage, the project ontology for the rest.

Every document node (ingested or only cited) is an eli:LegalResource; clauses are
eli:LegalResourceSubdivision; each lineage edge is a direct triple (eli:cites, eli:repeals,
eli:changes, dcterms:replaces, …) plus a reified pkg:LineageLink carrying its confidence,
evidence sentence and lag in days, so plain ELI queries and provenance queries both work.

`graph_triples` is the one source of the graph: it yields plain triples (ntriples.Triple)
record by record and then the corpus-level ones, holding only the small parts of the
LinkedCorpus, so `write_graph_files` streams any corpus to disk and `build_graph` gives
the same triples as an rdflib Graph for small uses.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import Graph

from ..errors import GraphError
from ..link.spill import edge_columns, edges_at
from ..records import CitedDocument, Extraction, LineageEdge, LinkedCorpus, Record, StatedClause
from . import vocab
from .ntriples import Lit, Triple, to_rdflib
from .vocab import LINK_PREDICATES, PREFIXES, XSD, agent_iri, award_lineage_iri, doc_iri, link_iri, sub_iri, wording_iri

__all__ = ["build_graph", "graph_triples"]

ELI, FOAF, PKG, RDF = (vocab.plain_terms(ns) for ns in (vocab.ELI, vocab.FOAF, vocab.PKG, vocab.RDF))
_LINK_PREDICATES = {kind: str(p) for kind, p in LINK_PREDICATES.items()}
_DATE, _DECIMAL, _INTEGER = str(XSD.date), str(XSD.decimal), str(XSD.integer)
_TYPE = RDF.type
_PLAIN_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
Object = str | Lit | None  # None: the value is unknown and the triple is left out


def _text(value: str | None) -> Lit | None:
    """A plain string literal; an empty or unknown value stays absent, never a placeholder."""
    return (value, None) if value else None


def _int(value: int | None) -> Lit | None:
    return (str(value), _INTEGER) if value is not None else None


def _date(value: str | None) -> Lit | None:
    return (value, _DATE) if value else None


def _dec(value: float | None) -> Lit | None:
    """xsd:decimal in its canonical lexical form (`500000.0`, `0.25`), never in exponent form.

    The canonical form is what Turtle's decimal shorthand writes, so a graph read back from
    Turtle or from N-Triples holds the same literal.
    """
    if value is None:
        return None
    text = str(value)
    if _PLAIN_NUMBER.fullmatch(text):  # str() of most floats already is the form: skip Decimal
        return (f"{int(value)}.0" if float(value).is_integer() else text, _DECIMAL)
    number = Decimal(text)
    lexical = f"{int(number)}.0" if number == number.to_integral_value() else format(number.normalize(), "f")
    return (lexical, _DECIMAL)


def _node(s: str, cls: str | None, props: Iterable[tuple[str, Object]]) -> list[Triple]:
    """A node, typed unless `cls` is None, and its properties, the unknown ones left out.

    Lists, not generators, all the way down: nested generators cost more than the triples."""
    triples: list[Triple] = [(s, _TYPE, cls)] if cls is not None else []
    triples += [(s, p, o) for p, o in props if o is not None]
    return triples


def graph_triples(linked: LinkedCorpus, records: Iterable[Record] | None = None, *,
                  per_record: bool = True) -> Iterator[Triple]:
    """Every triple of the graph: per record from `records` (default `linked.records`, read
    once), then documents, lineage and stated clauses.  `per_record=False`: the corpus-level
    ones only (the records' triples were made elsewhere: `record_triples`)."""
    if per_record:
        corpus = corpus_context(linked)
        for record in linked.records if records is None else records:
            yield from _record_triples(record, corpus)
    yield from documents_triples(linked)
    shared = _shared_link_names(linked.edges)
    for edge in linked.edges:
        name = _link_name(edge)
        yield from _edge_triples(edge, name in shared, name)
    yield from statements_triples(linked)


# The corpus-level triples in their three parts, in graph_triples's order: the documents', the
# lineage edges' (each edge's triples depend on the edge and whether its name is shared alone,
# so they can be made in runs of edges elsewhere: `shared_edge_flags`, `edges_triples`), the
# stated clauses'.

def documents_triples(linked: LinkedCorpus) -> Iterator[Triple]:
    """The document nodes' corpus-level triples."""
    ingested = set(linked.ingested)
    copies: dict[str, list[str]] = defaultdict(list)  # kept file → the files link found to be copies of it
    for dropped, kept in linked.duplicates:
        copies[kept].append(dropped)
    for doc in linked.documents:
        yield from _document_triples(doc, doc.key in ingested, copies.get(doc.record_file or "", ()))


def shared_edge_flags(edges: Sequence[LineageEdge], shared: set[tuple[str, ...]]) -> list[bool]:
    """For each edge, whether its link name is one of `shared` (`shared_link_names`)."""
    return [_link_name(edge) in shared for edge in edges] if shared else [False] * len(edges)


def shared_link_names(linked: LinkedCorpus) -> set[tuple[str, ...]]:
    """The link names more than one edge of `linked` has."""
    return _shared_link_names(linked.edges)


def edges_triples(edges: Iterable[LineageEdge], shared: Iterable[bool]) -> Iterator[Triple]:
    """The triples of `edges`, each told whether its link name is shared (`shared_edge_flags`)."""
    for edge, flag in zip(edges, shared):
        yield from _edge_triples(edge, flag)


def statements_triples(linked: LinkedCorpus) -> Iterator[Triple]:
    """The stated clauses' triples."""
    for n, clause in enumerate(linked.statements):
        yield from _statement_triples(n, clause)


def build_graph(linked: LinkedCorpus) -> Graph:
    """The RDF graph of a linked corpus, in memory (tests, small corpora)."""
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    return to_rdflib(graph_triples(linked), g)


def _document_triples(doc: CitedDocument, ingested: bool, copies: Iterable[str] = ()) -> list[Triple]:
    """A document node's corpus-level triples: its number and title as link settled them, how
    it was cited, where a number it does not show came from (`pkg:numberSource`: the citing
    file and citation) and the other files of the same document (`pkg:duplicateFile`)."""
    node = str(doc_iri(doc.key))
    status = "ingested" if ingested else "cited" if doc.doc_number else "unresolved"
    # a document known by its 令 number (`科学技术部令第1号`) has it as its key and no 文号: the
    # number is its eli:id_local all the same, as it is of a cited one, so the saved queries
    # find it by the number its citers write
    number = doc.doc_number or (None if doc.key.startswith(("sha:", "title:")) else doc.key)
    # an ingested document is typed with its record's triples: not twice in graph.nt
    return _node(node, None if ingested else ELI.LegalResource, [
        (ELI.id_local, _text(number)), (ELI.title, _text(doc.title)),
        (PKG.resolutionStatus, (status, None)), (PKG.numberSource, _text(doc.number_source)),
        *((PKG.citedAs, (alias, None)) for alias in doc.aliases),
        *((PKG.duplicateFile, (file, None)) for file in sorted(copies)),
    ])


def _award_lineages(edges: Sequence[LineageEdge]) -> dict[tuple[str, int], str]:
    """Each award in a provision link (document key, index) → the IRI of its lineage: the awards
    joined by provision links, either way, directly or through others (union-find).

    The lineage is named after its first award (by key and index), so the same links give the
    same IRI.  `pkg:awardLineage` lets award_history reach an award's whole history with one
    join: the path `(pkg:succeedsAward|^pkg:succeedsAward)*` walks the whole lineage again from
    every award it starts at, which is quadratic in the lineage's length.
    """
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def root(award: tuple[str, int]) -> tuple[str, int]:
        top = award
        while parent.get(top, top) != top:
            top = parent[top]
        while award != top:  # path compression keeps later look-ups short
            parent[award], award = top, parent[award]
        return top

    columns = edge_columns(edges)  # a spill's columns: no edge is read back from disk for this
    for source, target, kind, later, earlier in zip(columns.sources, columns.targets, columns.kinds,
                                                    columns.source_awards, columns.target_awards):
        if kind == "provision":
            if later < 0 or earlier < 0:
                raise _no_awards(source, target)
            a, b = root((source, later)), root((target, earlier))
            parent.setdefault(a, a)
            parent.setdefault(b, b)
            parent[max(a, b)] = min(a, b)  # a lineage's root is its first award
    names: dict[tuple[str, int], str] = {}
    for top in {root(award) for award in parent}:
        names[top] = str(award_lineage_iri(*top))
    return {award: names[root(award)] for award in parent}


def _provision_awards(edge: LineageEdge) -> tuple[int, int]:
    """The indices of the later and the earlier award a provision link joins."""
    if edge.source_award is None or edge.target_award is None:
        raise _no_awards(edge.source, edge.target)
    return edge.source_award, edge.target_award


def _no_awards(source: str, target: str) -> GraphError:
    return GraphError(f"provision link {source} → {target} names no awards",
                      hint="provision links must carry source_award and target_award (pipeline/link)")


@dataclass
class _Corpus:
    """What a record's triples need from the rest of the corpus, and the shared nodes written."""

    places: dict[str, str]  # document key → jurisdiction
    targets: dict[str, dict[int, str]]  # citing key → reference start → cited node's key
    lineages: dict[tuple[str, int], str]  # (key, award index) → its lineage, for linked awards
    written: set[str] = field(default_factory=set)  # shared nodes and pairs, each written once


def _record_triples(record: Record, corpus: _Corpus) -> list[Triple]:
    h = record.header
    node = str(doc_iri(record.key))
    issuers = [str(agent_iri(issuer)) for issuer in h.issuers]
    clauses = {c.id: sub_iri(node, "clause", c.id) for c in record.clauses}
    triples = _node(node, ELI.LegalResource, [
        (ELI.date_document, _date(h.issue_date)), (ELI.first_date_entry_in_force, _date(h.effective_from)),
        (ELI.date_no_longer_in_force, _date(h.effective_to)),
        (PKG.fullTitle, _text(h.title)), (PKG.policyTitle, _text(h.policy_title)),
        (PKG.docType, _text(h.doc_type)), (PKG.jurisdiction, _text(corpus.places.get(record.key))),
        (PKG.sourceFile, (record.source.file, None)), (PKG.sha256, (record.source.sha256, None)),
        (PKG.sourceFormat, (record.source.format, None)),
        *((ELI.passed_by, agent) for agent in issuers),
        *((ELI.has_part, part) for part in clauses.values()),
        *_mention_links(record.extraction, node),
    ])
    for issuer, agent in zip(h.issuers, issuers):
        if agent not in corpus.written:  # one node per issuer, however many documents it issues
            corpus.written.add(agent)
            triples += _node(agent, ELI.Agent, [(FOAF.name, (issuer, None))])
    for clause in record.clauses:
        triples += _node(clauses[clause.id], ELI.LegalResourceSubdivision, [
            (ELI.is_part_of, node), (PKG.clauseId, (clause.id, None)), (PKG.number, (clause.number, None)),
            (PKG.heading, _text(clause.heading)), *_offsets(record, clause.start, clause.end),
        ])
    return triples + _mention_triples(record, node, clauses, corpus) + _award_triples(record, node, corpus)


# mention kind → (IRI segment, class, the document's predicate to it)
_MENTIONS = {"awards": ("award", PKG.Award, PKG.hasAward), "amounts": ("amount", PKG.Amount, PKG.hasAmount),
             "percentages": ("percentage", PKG.Percentage, PKG.hasPercentage),
             "references": ("citation", PKG.Citation, PKG.hasCitation)}


def _mention_links(ex: Extraction, node: str) -> list[tuple[str, Object]]:
    """The document's links to its mentions, so its node's triples come together."""
    return [(has, sub_iri(node, kind, str(i)))
            for field, (kind, _cls, has) in _MENTIONS.items() for i in range(len(getattr(ex, field)))]


def _offsets(record: Record | None, start: int, end: int) -> list[tuple[str, Object]]:
    """Start and end offsets, and the PDF page the start falls on when the record has pages."""
    props: list[tuple[str, Object]] = [(PKG.startOffset, _int(start)), (PKG.endOffset, _int(end))]
    if record is not None and record.page_map:
        page = next((span.page for span in record.page_map if span.start <= start < span.end), None)
        props.append((PKG.page, _int(page)))
    return props


def _mention_triples(record: Record, node: str, clauses: dict[str, str], corpus: _Corpus) -> list[Triple]:
    """Awards, amounts, percentages and citations: each a node of the document, in a clause."""
    ex = record.extraction
    triples: list[Triple] = []

    def mention(field: str, i: int, clause: str | None, start: int, end: int,
                props: list[tuple[str, Object]], offsets: bool = True) -> None:
        kind, cls, _has = _MENTIONS[field]
        in_clause = (clauses.get(clause) or sub_iri(node, "clause", clause)) if clause else None
        triples.extend(_node(sub_iri(node, kind, str(i)), cls, [
            *props, (PKG.inProvision, in_clause), *(_offsets(record, start, end) if offsets else ())]))

    figures = award_figures(ex)
    award_of: dict[int, list[int]] = defaultdict(list)  # amount index → the awards it states a figure of
    for i, found in enumerate(figures):
        for j in dict.fromkeys(found.values()):
            award_of[j].append(i)
    for i, w in enumerate(ex.awards):
        mention("awards", i, w.clause, w.start, w.end, [
            (PKG.condition, (w.condition, None)), (PKG.amount, _dec(w.amount)), (PKG.amountRole, _text(w.amount_role)),
            (PKG.rate, _dec(w.rate)), (PKG.rateBase, _text(w.rate_base)), (PKG.threshold, _dec(w.threshold)),
            (PKG.cap, _dec(w.cap)), (PKG.per, _text(w.per)),
            *((_FIGURE_PREDICATES[name], sub_iri(node, "amount", str(j))) for name, j in figures[i].items())],
            offsets=w.end > w.start)
    for i, a in enumerate(ex.amounts):
        mention("amounts", i, a.clause, a.start, a.end, [
            (PKG.text, (a.text, None)), (PKG.value, _dec(a.value)), (PKG.valueMax, _dec(a.value_max)),
            (PKG.unit, (a.unit, None)), (PKG.role, (a.role, None)),
            *((PKG.amountOf, sub_iri(node, "award", str(k))) for k in award_of.get(i, ()))])
    for i, p in enumerate(ex.percentages):
        mention("percentages", i, p.clause, p.start, p.end, [
            (PKG.text, (p.text, None)), (PKG.value, _dec(p.value)), (PKG.role, (p.role, None))])
    targets = corpus.targets.get(record.key, {})
    for i, r in enumerate(ex.references):
        target = targets.get(r.start)
        mention("references", i, None, r.start, r.end, [
            (PKG.raw, (r.raw, None)), (PKG.citedNumber, _text(r.doc_number)), (PKG.citedTitle, _text(r.title)),
            (PKG.leadIn, _text(r.lead_in)), (PKG.resolvedNumber, _text(r.resolved)),
            (PKG.citedDocument, str(doc_iri(target)) if target else None)])
    return triples


# an award's money figure → the predicate from the award to the mention that states it
_FIGURE_PREDICATES = {"amount": PKG.amountMention, "threshold": PKG.thresholdMention, "cap": PKG.capMention}


def award_figures(ex: Extraction) -> list[dict[str, int]]:
    """For each award, the amount mentions (indices into `ex.amounts`) that state its figures:
    `{"amount": j, "threshold": k, "cap": l}`, a figure left out when no mention settles it.

    A figure's mention is in the award's clause, has the figure's value (a range granted in
    full, `300万元至500万元`, is worth its upper bound) and a role that fits: a threshold is a
    threshold mention, a grant or a cap is not.  Of those, the nearest to the award wins — the
    one the award ends on (each member of a `分别` list ends on its own amount), then one inside
    its span, then the closest outside it (a cap often follows in a later sentence of the
    clause: `单个企业每年最高…`).  Two at the same distance cannot be told apart: the figure
    stays unlinked rather than guessed.  One mention may state figures of several awards (a
    cap shared by the grants before it).
    """
    groups = _FigureIndex(ex)
    out: list[dict[str, int]] = []
    for w in ex.awards:
        found: dict[str, int] = {}
        for name, value in (("amount", w.amount), ("threshold", w.threshold), ("cap", w.cap)):
            if value is not None:
                j = groups.nearest(w.clause, name, value, w.start, w.end)
                if j is not None:
                    found[name] = j
        out.append(found)
    return out


class _FigureIndex:
    """The amount mentions that may state an award's figure, grouped by (clause, figure,
    worth) and sorted by offset, so the nearest is found by bisection: a clause of thousands
    of awards and amounts (a run-on paragraph) costs n log n, not awards × amounts."""

    def __init__(self, ex: Extraction) -> None:
        groups: dict[_FigureKey, list[tuple[int, int, int]]] = defaultdict(list)
        for j, a in enumerate(ex.amounts):
            for name in (("threshold",) if a.role == "threshold" else ("amount", "cap")):
                worth = a.value_max if name == "amount" and a.value_max is not None else a.value
                if worth is not None:
                    groups[(a.clause, name, worth)].append((a.start, a.end, j))
        self._spans = {key: sorted(spans) for key, spans in groups.items()}
        self._starts = {key: [s for s, _, _ in spans] for key, spans in self._spans.items()}
        self._ends: dict[_FigureKey, dict[int, list[int]]] = {}
        for key, spans in self._spans.items():
            by_end = self._ends[key] = defaultdict(list)
            for _, e, j in spans:
                by_end[e].append(j)
        # the longest mention of a group bounds how far before an award a nearer one can start
        self._longest = {key: max(e - s for s, e, _ in spans) for key, spans in self._spans.items()}

    def nearest(self, clause: str | None, name: str, value: float, start: int, end: int) -> int | None:
        """The mention `award_figures` ranks first for the award at start:end, None when none or a tie."""
        key = (clause, name, value)
        spans = self._spans.get(key)
        if not spans:
            return None
        ends_on = self._ends[key].get(end, [])  # rank 0: the mention the award ends on
        if ends_on:
            return ends_on[0] if len(ends_on) == 1 else None
        first = bisect.bisect_left(self._starts[key], start)
        inside: list[int] = []  # rank 1: mentions inside the award's span
        best: list[int] = []  # rank 2: the closest outside it, at distance best_d
        best_d = -1

        def outside(k: int) -> None:
            nonlocal best, best_d
            s, e, j = spans[k]
            d = min(abs(s - end), abs(start - e))
            if best_d < 0 or d < best_d:
                best, best_d = [j], d
            elif d == best_d:
                best.append(j)

        k = first
        while k < len(spans) and spans[k][0] < end:  # the mentions starting inside the award
            if spans[k][1] <= end:
                inside.append(spans[k][2])
            else:
                outside(k)
            k += 1
        if inside:
            return inside[0] if len(inside) == 1 else None
        # a mention starting at s after the award's start is at least s - max(start, end) away,
        # one starting before it at least min(start, end) - s - longest: stop past the best
        while k < len(spans) and (best_d < 0 or spans[k][0] - max(start, end) <= best_d):
            outside(k)
            k += 1
        k, longest = first - 1, self._longest[key]
        while k >= 0 and (best_d < 0 or min(start, end) - spans[k][0] - longest <= best_d):
            outside(k)
            k -= 1
        return best[0] if len(best) == 1 else None


_FigureKey = tuple[str | None, str, float]


def _award_triples(record: Record, node: str, corpus: _Corpus) -> list[Triple]:
    """Each award's lineage, the lineage's wordings, and each wording once: the shortcuts
    award_history searches and joins by.

    A text search reads the distinct wordings (one node per condition text) instead of every
    award, goes from a wording straight to the lineages that use it, and from a lineage to its
    awards: one lookup per step, never a lineage walked again from each of its awards."""
    triples: list[Triple] = []
    for i, award in enumerate(record.extraction.awards):
        linked = corpus.lineages.get((record.key, i))
        lineage = linked or str(award_lineage_iri(record.key, i))
        wording = str(wording_iri(award.condition))
        triples.append((sub_iri(node, "award", str(i)), PKG.awardLineage, lineage))
        # a lineage of one award is seen once; a linked one once per award, so remember it
        pair = f"{lineage} {wording}"
        if linked is None or pair not in corpus.written:
            if linked is not None:
                corpus.written.add(pair)
            triples.append((lineage, PKG.hasWording, wording))
        if wording not in corpus.written:
            corpus.written.add(wording)
            triples += _node(wording, PKG.Wording, [(PKG.wordingText, (award.condition, None))])
    return triples


def _link_name(edge: LineageEdge) -> tuple[str, ...]:
    """What a link's IRI is minted from: documents, kind, clause and the award's condition."""
    return edge.source, edge.kind, edge.target, edge.source_provision or "", dict(edge.details).get("condition", "")


def _shared_link_names(edges: Sequence[LineageEdge]) -> set[tuple[str, ...]]:
    """Names more than one link has: two awards of one clause with the same condition (a grant
    on equipment and one on software, say) each succeeding their own earlier award.

    Only the edges whose documents, kind and wording (`link.spill.wording_of`: a hash of the
    name's other parts) repeat are read back and named: a count of every name held a copy of
    every edge's strings (hundreds of MiB at 10,000 documents, the edges being on disk)."""
    columns = edge_columns(edges)
    seen: set[int] = set()
    twice: set[int] = set()
    keys = [hash(key) for key in zip(columns.sources, columns.kinds, columns.targets, columns.wordings)]
    for h in keys:
        (twice if h in seen else seen).add(h)
    del seen
    candidates = [i for i, h in enumerate(keys) if h in twice]
    del keys
    counts = Counter(map(_link_name, edges_at(edges, candidates)))
    return {name for name, n in counts.items() if n > 1}


def _edge_triples(edge: LineageEdge, shared_name: bool = False, name: tuple[str, ...] | None = None) -> list[Triple]:
    details = dict(edge.details)
    predicate = _LINK_PREDICATES[edge.kind]
    subject, obj = str(doc_iri(edge.source)), str(doc_iri(edge.target))
    # the award indices join the name only when it is shared, so the IRIs of all other links
    # stay what they were before links carried award indices; two document links of one name
    # (a repeal decision that repeals one document in its decision and again in its list) are
    # told apart by where their evidence starts, so each link keeps one evidence sentence
    if not shared_name:
        apart: tuple[str, ...] = ()
    elif edge.kind == "provision":
        apart = (f"{edge.source_award}>{edge.target_award}",)
    else:
        apart = (f"at {details.get('start', '')}", edge.evidence)
    link = str(link_iri(*(name or _link_name(edge)), *apart))
    props: list[tuple[str, Object]] = []
    if edge.kind == "provision":
        later, earlier = _provision_awards(edge)
        props = [(PKG.laterDocument, subject), (PKG.earlierDocument, obj),
                 (PKG.beforeGrant, (details.get("before", ""), None)), (PKG.afterGrant, (details.get("after", ""), None))]
        subject, obj = sub_iri(subject, "award", str(later)), sub_iri(obj, "award", str(earlier))
    return [(subject, predicate, obj)] + _node(link, PKG.ProvisionLink if edge.kind == "provision" else PKG.LineageLink, [
        *props, (RDF.subject, subject), (RDF.predicate, predicate), (RDF.object, obj),
        (PKG.linkKind, (edge.kind, None)), (PKG.confidence, _dec(round(edge.confidence, 3))),
        (PKG.evidence, (edge.evidence, None)), (PKG.lagDays, _int(edge.lag_days)),
        (PKG.method, (details["method"], None) if "method" in details else None),
    ])


def _statement_triples(n: int, clause: StatedClause) -> list[Triple]:
    doc = str(doc_iri(clause.document))
    node = sub_iri(doc, "statement", str(n))
    return [(doc, PKG.states, node)] + _node(node, PKG.StatedClause, [
        (PKG.clauseKind, (clause.kind, None)), (PKG.evidence, (clause.evidence, None)),
        *_offsets(None, clause.start, clause.end), *((PKG.names, str(doc_iri(t))) for t in clause.targets),
    ])


# One record's triples made elsewhere (pipeline/engine/graphparts.py: by the build's worker
# processes, beside the record's JSON): the corpus's maps cut down to what one record reads,
# and the shared nodes it wrote, so that the writer keeps each shared node's first copy only.

def corpus_context(linked: LinkedCorpus) -> _Corpus:
    """The corpus-level maps the records' triples read, as `graph_triples` builds them."""
    targets: dict[str, dict[int, str]] = defaultdict(dict)
    for citing, start, node in linked.citation_targets:
        targets[citing][start] = node
    return _Corpus(dict(linked.places), targets, _award_lineages(linked.edges))


def record_context(corpus: _Corpus, key: str, awards: int) -> _Corpus:
    """What the record of document `key` (with `awards` awards) reads of `corpus`, nothing
    written yet: small enough to send to a worker with the record's task."""
    lineages = {(key, i): corpus.lineages[key, i] for i in range(awards) if (key, i) in corpus.lineages}
    return _Corpus({key: corpus.places[key]} if key in corpus.places else {},
                   {key: corpus.targets[key]} if key in corpus.targets else {}, lineages)


def record_triples(record: Record, corpus: _Corpus) -> tuple[list[Triple], set[str]]:
    """One record's triples as `graph_triples` writes them when no earlier record has written a
    shared node, and the shared nodes it wrote: an issuer's or a wording's IRI (the subject of
    its node's triples) or `lineage wording` (the one triple `lineage pkg:hasWording wording`)."""
    fresh = _Corpus(corpus.places, corpus.targets, corpus.lineages)
    return _record_triples(record, fresh), fresh.written
