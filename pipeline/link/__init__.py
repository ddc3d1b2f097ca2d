"""Link: corpus → one node per real document, resolved references, and the lineage.

Steps, each in its own module: drop duplicate copies (duplicates), learn place
abbreviations (aliases), resolve every reference (resolve, titles), read stated lineage
(stated) and infer provision and document lineage (provisions), then keep the lineage
acyclic by date (lineage).
"""
from __future__ import annotations

import logging

from .. import config
from ..records import LinkedCorpus, Record
from .aliases import AliasTable, learn_places, load_aliases, record_place
from .duplicates import drop_duplicates
from .lineage import citation_edges, keep_acyclic, lineage_graph, stated_edges
from .provisions import infer_lineage
from .resolve import resolve_references
from .stated import stated_clauses

log = logging.getLogger(__name__)

__all__ = ["lineage_graph", "link_corpus", "load_aliases"]


def link_corpus(records: list[Record], *, aliases: AliasTable | None = None,
                threshold: float = config.DEFAULT_TITLE_MATCH) -> LinkedCorpus:
    """Resolve references across `records` and derive the lineage between documents."""
    kept, duplicates, warnings = drop_duplicates(list(records))
    table = aliases if aliases is not None else load_aliases()
    warnings += learn_places(table, kept)
    resolved, documents, resolutions, res_warnings = resolve_references(kept, table, threshold)
    warnings += res_warnings
    statements = []
    for record in resolved:
        statements += stated_clauses(record, [r for r in resolutions if r.citing == record.key])
    places = {r.key: _place_name(table, r) for r in resolved}
    edges = citation_edges(resolved, resolutions) + stated_edges(statements, resolved)
    edges += infer_lineage(resolved, places)
    edges, dag_warnings = keep_acyclic(edges, resolved)
    warnings += dag_warnings
    for warning in warnings:
        log.warning("%s", warning)
    unresolved = sum(1 for r in resolutions if r.method == "unresolved")
    log.info("linked %d documents: %d references (%d unresolved), %d lineage edges",
             len(resolved), len(resolutions), unresolved, len(edges))
    return LinkedCorpus(records=tuple(resolved), documents=tuple(documents), edges=tuple(edges),
                        duplicates=tuple(duplicates), warnings=tuple(warnings), statements=tuple(statements),
                        places=tuple(sorted((k, v) for k, v in places.items() if v)),
                        citation_targets=tuple((r.citing, r.reference.start, r.target) for r in resolutions),
                        ingested=tuple(r.key for r in resolved))


def _place_name(table: AliasTable, record: Record) -> str | None:
    place = record_place(table, record)
    return place.name if place else None
