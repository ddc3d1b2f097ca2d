"""Lineage against the gold a reader drew (`tests/gold/corpus/lineage/lineage.json`).

Only edges between two documents of the corpus are scored (an edge to a document that is only
cited is a resolved reference, scored as `references_resolved`).  An edge belongs to the set of
its later document.  Each relation is scored apart — cites, amends, repeals, replaces,
precedence (an inferred generic supersession), duplicate — and every predicted edge between a
`negative` pair (same issuer or same title, unrelated) is reported as such.
"""
from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..records import LinkedCorpus
from .matching import Score
from .report import EvalReport

RELATIONS = ("cites", "amends", "repeals", "replaces", "precedence", "duplicate")
LINEAGE_FIELDS = tuple(f"lineage_{r}" for r in RELATIONS)
# the pipeline's edge kinds as relations (`changes` — awards that reappear changed, inferred —,
# award-level `provision` links and `continues` statements have no document-level gold)
_KIND = {"cites": "cites", "amends": "amends", "repeals": "repeals",
         "replaces": "replaces", "precedence": "precedence"}

Edge = tuple[str, str, str]  # (later stem, earlier stem, relation); duplicates sorted


@dataclass
class LineageScore:
    relations: dict[str, Score]
    missing: list[Edge] = field(default_factory=list)
    spurious: list[Edge] = field(default_factory=list)
    negatives_hit: list[Edge] = field(default_factory=list)

    def to_dict(self, reveal: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {"relations": {k: v.to_dict() for k, v in self.relations.items()},
                               "negative_pairs_with_an_edge": len(self.negatives_hit)}
        if reveal:
            out.update(missing=[list(e) for e in self.missing], spurious=[list(e) for e in self.spurious],
                       negatives_hit=[list(e) for e in self.negatives_hit])
        return out


def load_lineage_gold(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"lineage gold {path} not found") from exc
    except json.JSONDecodeError as exc:
        raise ConfigError(f"lineage gold is not JSON: {exc}", locator=str(path)) from exc
    bad = [e for e in data.get("edges", []) if e.get("relation") not in RELATIONS]
    if bad:
        raise ConfigError(f"unknown lineage relation {bad[0].get('relation')!r}", locator=str(path),
                          hint=f"use one of {', '.join(RELATIONS)}")
    return data


def predicted_edges(linked: LinkedCorpus) -> set[Edge]:
    """The corpus-internal edges of `linked`, by file stem."""
    stem_of = {d.key: Path(d.record_file).stem for d in linked.documents if d.record_file}
    edges: set[Edge] = set()
    for edge in linked.edges:
        relation = _KIND.get(edge.kind)
        if relation and edge.source in stem_of and edge.target in stem_of and edge.source != edge.target:
            edges.add((stem_of[edge.source], stem_of[edge.target], relation))
    for dropped, kept in linked.duplicates:
        a, b = sorted((Path(dropped).stem, Path(kept).stem))
        edges.add((b, a, "duplicate"))
    return edges


def _gold_edges(gold: dict[str, Any]) -> set[Edge]:
    out = set()
    for e in gold.get("edges", []):
        src, tgt = e["source"], e["target"]
        if e["relation"] == "duplicate":
            tgt, src = sorted((src, tgt))
        out.add((src, tgt, e["relation"]))
    return out


def score_lineage(linked: LinkedCorpus, gold: dict[str, Any], stems: Collection[str]) -> LineageScore:
    """Per-relation scores of the edges whose later document is in `stems`."""
    stems = set(stems)
    want = {e for e in _gold_edges(gold) if e[0] in stems}
    got = {e for e in predicted_edges(linked) if e[0] in stems}
    result = LineageScore({r: Score() for r in RELATIONS})
    for relation in RELATIONS:
        w = {e for e in want if e[2] == relation}
        g = {e for e in got if e[2] == relation}
        result.relations[relation] = Score(tp=len(w & g), fp=len(g - w), fn=len(w - g))
    result.missing, result.spurious = sorted(want - got), sorted(got - want)
    negatives = {frozenset((n["a"], n["b"])) for n in gold.get("negative", [])}
    result.negatives_hit = sorted(e for e in got if frozenset(e[:2]) in negatives)
    return result


def add_lineage(report: EvalReport, linked: LinkedCorpus, gold: dict[str, Any], stems: Collection[str], *,
                reveal: bool) -> LineageScore:
    """Put the lineage scores into `report` as fields `lineage_<relation>` (gated like any field)."""
    scored = score_lineage(linked, gold, stems)
    for relation, value in scored.relations.items():
        report.fields[f"lineage_{relation}"] = value
    report.extra["lineage"] = scored.to_dict(reveal=reveal)
    return scored
