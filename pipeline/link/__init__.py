"""Link: corpus → one node per real document, resolved references, and the lineage.

Steps, each in its own module: drop duplicate copies (duplicates), learn place
abbreviations (aliases), resolve every reference (resolve, titles), read stated lineage
(stated) and infer provision and document lineage (provisions), then keep the lineage
acyclic by date (lineage).

Link works on `LinkView`s (views), not on whole records, so that a large corpus is linked
with its texts on disk: `link_views` is the streaming entry point, `link_corpus` the one for
records in memory.  Every step is linear in the corpus (blocked title and duplicate
candidates, provision chains), so link is not what limits a corpus's size.
"""
from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

from .. import config
from ..records import LinkedCorpus, LinkView, Record
from .aliases import AliasTable, learn_places, load_aliases, record_place
from .duplicates import TextOf, drop_duplicates
from .lineage import (
    acyclic_indices,
    citation_edges,
    inferred_precedence,
    lineage_graph,
    repeal_list_edges,
    stated_edges,
)
from .provisions import iter_lineage
from .resolve import Resolution, resolve_references
from .spill import EdgeSpill
from .stated import stated_clauses
from .views import apply_links, resolved_by_file, view_of

log = logging.getLogger(__name__)

__all__ = ["apply_links", "lineage_graph", "link_corpus", "link_views", "load_aliases", "resolved_by_file",
           "view_of"]


def link_corpus(records: list[Record], *, aliases: AliasTable | None = None,
                threshold: float = config.DEFAULT_TITLE_MATCH) -> LinkedCorpus:
    """Resolve references across `records` and derive the lineage between documents."""
    texts = {r.source.file: r.text for r in records}
    linked = link_views([view_of(r) for r in records], lambda v: texts[v.source.file],
                        aliases=aliases, threshold=threshold)
    dropped = {dropped for dropped, _ in linked.duplicates}
    resolved = resolved_by_file(linked)
    kept = tuple(apply_links(r, resolved.get(r.source.file, {})) for r in records if r.source.file not in dropped)
    return replace(linked, records=kept)


def link_views(views: list[LinkView], text_of: TextOf, *, aliases: AliasTable | None = None,
               threshold: float = config.DEFAULT_TITLE_MATCH, spill_in: Path | None = None) -> LinkedCorpus:
    """Link a corpus given as views; `text_of(view)` reads a text back (only near-duplicate
    candidates need one).  The result's `records` is empty: `resolved` says what to write back.
    The lineage edges are spilled to a nameless file in `spill_in` (a build's staging folder,
    on the output's file system; default: the temporary folder), read back when walked."""
    kept, duplicates, warnings = drop_duplicates(list(views), text_of)
    table = aliases if aliases is not None else load_aliases()
    warnings += learn_places(table, kept)
    documents, resolutions, res_warnings = resolve_references(kept, table, threshold)
    warnings += res_warnings
    by_citing: dict[str, list[Resolution]] = defaultdict(list)
    for res in resolutions:
        by_citing[res.citing_file].append(res)
    statements = []
    for view in kept:
        statements += stated_clauses(view.statements, by_citing[view.source.file])
    places = {v.key: _place_name(table, v) for v in kept}
    # each edge goes to disk as it is decided; the acyclicity check reads its columns only
    spill = EdgeSpill(spill_in)
    stated = stated_edges(statements, kept)
    spill.extend(citation_edges(kept, resolutions) + stated + repeal_list_edges(kept, resolutions, stated))
    spill.extend(inferred_precedence(statements, kept))
    spill.extend(iter_lineage(kept, places))
    columns = spill.columns
    indices, dag_warnings = acyclic_indices(columns.sources, columns.targets, columns.kinds, columns.confidences, kept)
    edges = spill.keep(indices)
    del spill, columns
    warnings += dag_warnings
    for warning in warnings:
        log.warning("%s", warning)
    unresolved = sum(1 for r in resolutions if r.method == "unresolved")
    # a numberless document is named by the number lent to it, not by its file's hash
    lent = {d.key: d.doc_number for d in documents if d.number_source and d.doc_number}
    log.info("linked %d documents: %d references (%d unresolved), %d lineage edges",
             len(kept), len(resolutions), unresolved, len(edges))
    return LinkedCorpus(records=(), documents=tuple(documents), edges=edges,
                        duplicates=tuple(duplicates), warnings=tuple(warnings), statements=tuple(statements),
                        places=tuple(sorted((k, v) for k, v in places.items() if v)),
                        citation_targets=tuple((r.citing, r.reference.start, r.target) for r in resolutions),
                        ingested=tuple(v.key for v in kept),
                        resolved=tuple((r.citing_file, r.reference.start, _resolved_name(r, lent))
                                       for r in resolutions))


def _resolved_name(res: Resolution, lent: dict[str, str]) -> str | None:
    """What a resolved reference names its document by: the 文号 or 令 number researchers query
    (a numberless document's the number its citer lent it, `CitedDocument.number_source`), else
    the node's key (a title node); None when unresolved."""
    if res.method == "unresolved":
        return None
    return lent.get(res.target, res.target)


def _place_name(table: AliasTable, view: LinkView) -> str | None:
    place = record_place(table, view)
    return place.name if place else None
