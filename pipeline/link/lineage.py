"""The corpus-level lineage graph: every edge with confidence, evidence and lag in days.

Edges run from the later document to the earlier one.  The graph (networkx) must stay
acyclic by date: an edge that points forward in time, or closes a cycle, is a data problem
(a wrong date or a wrong resolution), so it is dropped and reported, never kept silently.
"""
from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..lexicon import alternation
from ..records import LineageEdge, LinkedCorpus, LinkView, StatedClause
from .calibration import rule_confidence
from .provisions import record_date
from .resolve import Resolution
from .stated import BASIS_LEAD_INS, CONFIDENCE, EDGE_KIND

if TYPE_CHECKING:
    import networkx as nx

log = logging.getLogger(__name__)


def citation_edges(records: list[LinkView], resolutions: list[Resolution]) -> list[LineageEdge]:
    """One `cites` edge per (citing document, cited node), from its most confident citation; the
    confidence is the calibrated one of the resolution's method (`calibration`)."""
    dates = {r.key: record_date(r) for r in records}
    best: dict[tuple[str, str], LineageEdge] = {}
    for res in resolutions:
        drafted = res.confidence if res.method != "unresolved" else 1.0  # the citation itself is certain
        rule = f"cites/{res.method}"
        edge = LineageEdge(source=res.citing, target=res.target, kind="cites", confidence=rule_confidence(rule, drafted),
                           evidence=res.evidence, lag_days=_lag(dates.get(res.citing), dates.get(res.target)),
                           details=(("rule", rule), ("method", res.method), ("raw", res.reference.raw),
                                    ("start", str(res.reference.start)), ("end", str(res.reference.end))))
        key = (res.citing, res.target)
        if key not in best or edge.confidence > best[key].confidence:
            best[key] = edge
    return list(best.values())


def stated_edges(statements: list[StatedClause], records: list[LinkView]) -> list[LineageEdge]:
    """A repeal / precedence / continuation sentence that names documents links to each."""
    dates = {r.key: record_date(r) for r in records}
    edges = []
    for clause in statements:
        kind = EDGE_KIND[clause.kind]
        confidence = rule_confidence("stated", CONFIDENCE[clause.kind])
        for target in clause.targets:
            edges.append(LineageEdge(source=clause.document, target=target, kind=kind,
                                     confidence=confidence, evidence=clause.evidence,
                                     lag_days=_lag(dates.get(clause.document), dates.get(target)),
                                     details=(("rule", "stated"), ("start", str(clause.start)),
                                              ("end", str(clause.end)))))
    return edges


# words of a policy title that name its kind, its verbs or its issuer's level, not its subject
# (ontology/gongwen_lexicon.tsv), and the brackets around a title or a qualifier
_GENERIC_TITLE_RE = re.compile(alternation("generic") + "|[（）()《》〈〉<>]")
# share of the shorter subject's character pairs the other subject holds, for an unnamed precedence
DEFAULT_SUBJECT_OVERLAP = 0.6
# drafted confidences, used until the gold exercises the rule (`calibration`)
INFERRED_PRECEDENCE_CONFIDENCE = 0.6


def _subject_pairs(view: LinkView) -> set[str]:
    """Character bigrams of the subject a document's title names (`支持医药产业发展若干措施` → 医药, 药产, 产业)."""
    pairs: set[str] = set()
    for title in (view.header.policy_title, view.header.title):
        if title:
            for run in _GENERIC_TITLE_RE.split(title):
                pairs |= {run[i:i + 2] for i in range(len(run) - 1)}
    return pairs


def inferred_precedence(statements: list[StatedClause], records: list[LinkView],
                        overlap: float = DEFAULT_SUBJECT_OVERLAP) -> list[LineageEdge]:
    """`此前…与本通知不一致的，以本通知为准` naming no document: an inferred `precedence` edge to each
    earlier document of the same lead issuer on the same subject, at a lower confidence."""
    by_key = {r.key: r for r in records}
    dates = {r.key: record_date(r) for r in records}
    # the candidates of a clause are the documents of its lead issuer (in corpus order): scanning
    # the whole corpus for each clause was quadratic (a third of link's time at 1,000 documents)
    by_issuer: dict[str, list[LinkView]] = {}
    for record in records:
        if record.header.issuers:
            by_issuer.setdefault(record.header.issuers[0], []).append(record)
    pairs: dict[str, set[str]] = {}  # a document's subject pairs, made once
    edges = []
    for clause in statements:
        later = by_key.get(clause.document)
        if clause.kind != "precedence" or clause.targets or later is None or not later.header.issuers:
            continue
        mine = _subject_pairs(later)
        for earlier in by_issuer[later.header.issuers[0]]:
            day, before = dates.get(later.key), dates.get(earlier.key)
            if earlier.key == later.key or not (day and before and before < day):
                continue
            theirs = pairs.get(earlier.key)
            if theirs is None:
                theirs = pairs[earlier.key] = _subject_pairs(earlier)
            shared = len(mine & theirs) / max(1, min(len(mine), len(theirs)))
            if mine and theirs and shared >= overlap:
                edges.append(LineageEdge(
                    source=later.key, target=earlier.key, kind="precedence",
                    confidence=rule_confidence("precedence/inferred", INFERRED_PRECEDENCE_CONFIDENCE),
                    evidence=(f"{clause.evidence} (inferred: names no document; same issuer "
                              f"{later.header.issuers[0]}, subjects share {shared:.0%})"),
                    lag_days=_lag(day, before),
                    details=(("rule", "precedence/inferred"), ("inferred", "yes"), ("start", str(clause.start)),
                             ("end", str(clause.end)))))
    return edges


# a decision whose title says it repeals: `关于废止…的决定`, `关于对部分规章和文件予以废止的决定`
_REPEALING_TITLE_RE = re.compile(r"废止")
REPEAL_LIST_CONFIDENCE = 0.85


def repeal_list_edges(records: list[LinkView], resolutions: list[Resolution],
                      stated: list[LineageEdge]) -> list[LineageEdge]:
    """A repeal decision lists what it repeals (one entry each, often in an annex far from the
    sentence that says `予以废止`): every document it cites, but its legal basis, is repealed."""
    dates = {r.key: record_date(r) for r in records}
    deciding = {r.key for r in records if _REPEALING_TITLE_RE.search(r.header.title or "")}
    have = {(e.source, e.target) for e in stated if e.kind == "repeals"}
    edges = []
    for res in resolutions:
        if res.citing not in deciding or res.reference.lead_in in BASIS_LEAD_INS:
            continue
        if (res.citing, res.target) in have or res.target == res.citing:
            continue
        have.add((res.citing, res.target))
        edges.append(LineageEdge(source=res.citing, target=res.target, kind="repeals",
                                 confidence=rule_confidence("repeals/list", REPEAL_LIST_CONFIDENCE),
                                 evidence=f"{res.evidence} (listed by a decision that repeals what it lists)",
                                 lag_days=_lag(dates.get(res.citing), dates.get(res.target)),
                                 details=(("rule", "repeals/list"), ("list", "yes"), ("raw", res.reference.raw),
                                          ("start", str(res.reference.start)), ("end", str(res.reference.end)))))
    return edges


def _lag(later: dt.date | None, earlier: dt.date | None) -> int | None:
    return (later - earlier).days if later and earlier else None


def keep_acyclic(edges: list[LineageEdge], records: list[LinkView]) -> tuple[list[LineageEdge], list[str]]:
    """Drop edges that point forward in time or close a cycle; say which and why."""
    kept, warnings = acyclic_indices([e.source for e in edges], [e.target for e in edges], [e.kind for e in edges],
                                     [e.confidence for e in edges], records)
    return [edges[i] for i in kept], warnings


def acyclic_indices(sources: Sequence[str], targets: Sequence[str], kinds: Sequence[str],
                    confidences: Sequence[float], records: list[LinkView]) -> tuple[list[int], list[str]]:
    """`keep_acyclic` on edges given as columns (link's spill keeps only these in memory): the
    indices of the edges kept, ascending, and the warnings."""
    import networkx as nx  # only when a corpus is linked: `extract` never loads it

    dates = {r.key: record_date(r) for r in records}
    graph = nx.DiGraph()
    kept, warnings = [], []
    undated_source = False
    for i in sorted(range(len(sources)), key=lambda i: -confidences[i]):
        source, target, kind = sources[i], targets[i], kinds[i]
        a, b = dates.get(source), dates.get(target)
        if source == target or (a and b and a < b):
            warnings.append(f"{kind} edge {source} → {target} points forward in time ({a} before {b}): dropped")
            continue
        # Along kept edges dates never increase, so a path back from an earlier target to a
        # later source must pass an undated document with edges of its own; without one the
        # search (linear per edge, so quadratic over a corpus) cannot find a cycle.
        strictly_back = bool(a and b and a > b)
        if (not strictly_back or undated_source) and target in graph and source in graph \
                and nx.has_path(graph, target, source):
            warnings.append(f"{kind} edge {source} → {target} closes a cycle: dropped")
            continue
        graph.add_edge(source, target)
        undated_source = undated_source or a is None
        kept.append(i)
    kept.sort()
    return kept, warnings


def lineage_graph(linked: LinkedCorpus) -> nx.MultiDiGraph:
    """The lineage as a networkx multigraph (later → earlier), one edge per LineageEdge."""
    import networkx as nx

    graph = nx.MultiDiGraph()
    for doc in linked.documents:
        graph.add_node(doc.key, title=doc.title, doc_number=doc.doc_number, ingested=doc.record_file is not None)
    for edge in linked.edges:
        graph.add_edge(edge.source, edge.target, key=edge.kind, confidence=edge.confidence,
                       evidence=edge.evidence, lag_days=edge.lag_days)
    return graph
