"""Lineage against the gold a reader drew (`tests/gold/corpus/lineage/lineage.json`).

Only edges between two documents of the corpus are scored (an edge to a document that is only
cited is a resolved reference, scored as `references_resolved`).  An edge belongs to the set of
its later document.  Each relation is scored apart — cites, amends, repeals, replaces,
precedence (an inferred generic supersession), duplicate — and every predicted edge between a
`negative` pair (same issuer or same title, unrelated) is reported as such, per relation
(every kind of edge counts there: a negative pair must get no edge at all).

`measure_rules` scores every edge by the rule that made it (`pipeline.link.calibration`): an
edge between two documents of the set against the lineage gold (for the kinds the gold has no
relation for — `changes`, `continues`, award `provision` links — right when the gold links the
pair at all), a citation of a document outside the corpus against the `resolved` of the citing
document's gold references.  Those counts are what the calibration table is measured from, and
`reliability` sets each rule's confidence beside its measured precision.
"""
from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich import box
from rich.table import Table

from .. import config
from ..errors import ConfigError
from ..link.calibration import RULES, calibration, wilson_lower
from ..normalize import title_key
from ..records import LinkedCorpus
from .labels import Label, load_gold
from .matching import Score, norm_doc_number
from .report import EvalReport
from .sets import load_split

RELATIONS = ("cites", "amends", "repeals", "replaces", "precedence", "duplicate")
LINEAGE_FIELDS = tuple(f"lineage_{r}" for r in RELATIONS)
# every kind of edge link makes: a negative pair must get none of them
EDGE_KINDS = RELATIONS + ("continues", "changes", "provision")
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
    negative_pairs: int = 0  # negative pairs whose two documents are both in the set
    negatives_by_relation: dict[str, int] = field(default_factory=dict)  # every edge kind, not only RELATIONS

    def to_dict(self, reveal: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {"relations": {k: v.to_dict() for k, v in self.relations.items()},
                               "negative_pairs": self.negative_pairs,
                               "negative_pairs_with_an_edge": len({frozenset(e[:2]) for e in self.negatives_hit}),
                               "negative_edges_by_relation": dict(sorted(self.negatives_by_relation.items()))}
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
    negatives = {frozenset((n["a"], n["b"])) for n in gold.get("negative", []) if {n["a"], n["b"]} <= stems}
    result.negative_pairs = len(negatives)
    every = {e for e in _all_edges(linked) if e[0] in stems}
    result.negatives_hit = sorted(e for e in every if frozenset(e[:2]) in negatives)
    result.negatives_by_relation = {kind: sum(1 for e in result.negatives_hit if e[2] == kind)
                                    for kind in EDGE_KINDS}
    return result


def _all_edges(linked: LinkedCorpus) -> set[Edge]:
    """Every corpus-internal edge of any kind (award links, `changes`, `continues` too), by stem."""
    stem_of = _stems(linked)
    edges = {(stem_of[e.source], stem_of[e.target], e.kind) for e in linked.edges
             if e.source in stem_of and e.target in stem_of and e.source != e.target}
    return edges | {e for e in predicted_edges(linked) if e[2] == "duplicate"}


def _stems(linked: LinkedCorpus) -> dict[str, str]:
    return {d.key: Path(d.record_file).stem for d in linked.documents if d.record_file}


RuleCounts = dict[str, list[int]]  # rule → [edges right, edges scored]


def measure_rules(linked: LinkedCorpus, lineage_gold: dict[str, Any] | None, references_gold: dict[str, Label],
                  stems: Collection[str] | None = None) -> RuleCounts:
    """How many edges of each rule are right, over the edges whose later document is in `stems`
    (every labelled document when None).  An edge the gold cannot judge is not counted: a
    non-citation edge to a document outside the corpus, any edge of a document whose gold is
    header-only, and corpus-internal edges when there is no lineage gold but a citation."""
    stem_of = _stems(linked)
    scope = set(stems) if stems is not None else set(references_gold)
    want = _gold_edges(lineage_gold) if lineage_gold else set()
    related = {frozenset(e[:2]) for e in want}
    counts: RuleCounts = {rule: [0, 0] for rule in RULES}
    for edge in linked.edges:
        source = stem_of.get(edge.source)
        rule = dict(edge.details).get("rule")
        if source not in scope or rule is None:
            continue
        target = stem_of.get(edge.target)
        if lineage_gold and target is not None:
            relation = _KIND.get(edge.kind)
            right = (source, target, relation) in want if relation else frozenset((source, target)) in related
        elif edge.kind == "cites" and references_gold.get(source, {}).get("scope", "full") == "full":
            right = _citation_right(edge.target, dict(edge.details).get("method"), references_gold[source])
        else:
            continue
        counts[rule][0] += int(right)
        counts[rule][1] += 1
    if lineage_gold:
        duplicates = {e for e in want if e[2] == "duplicate"}
        for pair in (e for e in predicted_edges(linked) if e[2] == "duplicate" and scope & set(e[:2])):
            counts["duplicate"][0] += int(pair in duplicates)
            counts["duplicate"][1] += 1
    return counts


def _citation_right(target: str, method: str | None, label: Label) -> bool:
    """A resolved citation is right when the gold resolves one of the document's references to its
    node; an unresolved one when the gold has that title unresolved."""
    refs = label.get("references", [])
    if method != "unresolved":
        return norm_doc_number(target) in {norm_doc_number(r.get("resolved")) for r in refs if r.get("resolved")}
    key = target.rpartition("|")[2].removeprefix("title:")
    return any(not r.get("resolved") and r.get("title") and title_key(r["title"]) == key for r in refs)


def reliability(counts: RuleCounts) -> list[dict[str, Any]]:
    """One line per rule: its edges scored (n), measured precision and its conservative bound
    beside the confidence the pipeline gives its edges (the calibration table)."""
    lines = []
    for rule, (relation, _) in RULES.items():
        right, n = counts.get(rule, [0, 0])
        table = calibration(rule, drafted=float("nan"))
        lines.append({"rule": rule, "relation": relation, "n": n, "correct": right,
                      "precision": round(right / n, 4) if n else None,
                      "wilson_lower": round(wilson_lower(right, n), 4) if n else None,
                      "confidence": table.confidence if table.measured else None,
                      "table_counts": [table.correct, table.predicted], "small_n": n < SMALL_N})
    return lines


# fewer scored edges than this and a precision says little (the report flags it)
SMALL_N = 10


def add_lineage(report: EvalReport, linked: LinkedCorpus, gold: dict[str, Any] | None, stems: Collection[str] | None,
                references_gold: dict[str, Label], *, reveal: bool) -> LineageScore | None:
    """Put the lineage scores into `report` as fields `lineage_<relation>` (gated like any field), and
    the per-rule reliability lines; a set without lineage gold (the seeds) gets the lines only."""
    report.extra["lineage_rules"] = reliability(measure_rules(linked, gold, references_gold, stems))
    if gold is None:
        return None
    scored = score_lineage(linked, gold, stems or ())
    for relation, value in scored.relations.items():
        report.fields[f"lineage_{relation}"] = value
    report.extra["lineage"] = scored.to_dict(reveal=reveal)
    return scored


def reliability_table(report: EvalReport) -> Table:
    """The reliability lines of a set, and its negative pairs per relation, for the terminal."""
    lineage = report.extra.get("lineage", {})
    negatives = lineage.get("negative_edges_by_relation", {})
    note = (f"negative pairs: {lineage.get('negative_pairs', 0)}, with an edge: "
            f"{lineage.get('negative_pairs_with_an_edge', 0)}; edges on them: "
            + (", ".join(f"{k} {v}" for k, v in negatives.items()) or "—")) if lineage else "no lineage gold"
    table = Table(title=f"lineage rules: confidence vs measured precision ({note})", box=box.SIMPLE_HEAD,
                  padding=(0, 0), pad_edge=False)
    for col in ("rule", "n", "right", "P", "bound", "conf", "table", ""):
        table.add_column(col, justify="left" if col == "rule" else "right", no_wrap=True)
    for line in report.extra.get("lineage_rules", []):
        if not line["n"] and not line["table_counts"][1]:
            continue
        right, n = line["table_counts"]
        table.add_row(line["rule"], str(line["n"]), str(line["correct"]), _opt(line["precision"]),
                      _opt(line["wilson_lower"]), _opt(line["confidence"]), f"{right}/{n}",
                      "small n" if line["small_n"] else "")
    return table


def _opt(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def calibration_counts(corpus: LinkedCorpus, seeds: LinkedCorpus) -> RuleCounts:
    """What `pipeline.link.calibration.MEASURED` is measured from: the corpus's tuning set (its
    lineage gold, negative pairs and references) plus the seeds' references; never the check set."""
    tuning = load_split(config.CORPUS_SPLIT)["tuning"]
    lineage = load_lineage_gold(config.CORPUS_LINEAGE_GOLD)
    counts = measure_rules(corpus, lineage, load_gold(config.CORPUS_GOLD_DIR), tuning)
    for rule, (right, n) in measure_rules(seeds, None, load_gold(config.GOLD_DIR)).items():
        counts[rule][0] += right
        counts[rule][1] += n
    return counts
