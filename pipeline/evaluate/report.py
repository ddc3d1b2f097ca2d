"""The evaluation report: per-field and per-document scores, award attributes, mismatches."""
from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..config import DEFAULT_CONDITION_MATCH
from ..errors import ConfigError
from ..records import Record
from .compare import FIELDS, DocResult, Mismatch, compare_document
from .labels import Label, empty_label, load_gold, record_label
from .matching import AWARD_ATTRIBUTES, Score


@dataclass
class EvalReport:
    """Micro-averaged scores per field (summed over documents), the same per document,
    accuracy of the attributes of matched awards, and every mismatch."""

    fields: dict[str, Score]
    documents: dict[str, dict[str, Score]]
    award_attributes: dict[str, tuple[int, int]]  # attr -> (correct, matched awards)
    mismatches: list[Mismatch]
    missing_records: list[str] = field(default_factory=list)  # gold documents with no record
    unlabelled: list[str] = field(default_factory=list)  # records with no gold
    condition_threshold: float = DEFAULT_CONDITION_MATCH
    extra: dict[str, Any] = field(default_factory=dict)  # e.g. agreement's kappas

    def f1(self) -> dict[str, float]:
        return {name: round(score.f1, 4) for name, score in self.fields.items()}

    def to_dict(self) -> dict[str, Any]:
        return {
            "fields": {k: v.to_dict() for k, v in self.fields.items()},
            "documents": {d: {k: v.to_dict() for k, v in fs.items()} for d, fs in self.documents.items()},
            "award_attributes": {k: {"correct": c, "matched": t, "accuracy": round(c / t, 4) if t else None}
                                 for k, (c, t) in self.award_attributes.items()},
            "mismatches": [m.to_dict() for m in self.mismatches],
            "missing_records": self.missing_records,
            "unlabelled": self.unlabelled,
            "condition_match": {"scorer": "rapidfuzz.fuzz.WRatio on spaces-removed, width-folded text",
                                "threshold": self.condition_threshold},
            **self.extra,
        }


def combine(results: dict[str, DocResult], *, condition_threshold: float) -> EvalReport:
    """Sum per-document results into one report."""
    totals = {name: Score() for name in FIELDS}
    attributes = {attr: [0, 0] for attr in AWARD_ATTRIBUTES}
    mismatches: list[Mismatch] = []
    for res in results.values():
        for name, score in res.scores.items():
            totals[name].add(score)
        for attr, (correct, total) in res.attributes.items():
            attributes[attr][0] += correct
            attributes[attr][1] += total
        mismatches.extend(res.mismatches)
    return EvalReport(fields=totals, documents={d: r.scores for d, r in results.items()},
                      award_attributes={k: (v[0], v[1]) for k, v in attributes.items()},
                      mismatches=mismatches, condition_threshold=condition_threshold)


def evaluate_records(records: list[Record], gold_dir: Path, *, stems: Collection[str] | None = None,
                     condition_threshold: float = DEFAULT_CONDITION_MATCH) -> EvalReport:
    """Compare pipeline records with the gold files in `gold_dir` (matched by file stem);
    `stems` limits the comparison to those gold documents (an evaluation set).

    A gold document without a record scores as if nothing had been extracted from it;
    a record without gold is listed in `unlabelled` and not scored.
    """
    gold = load_gold(gold_dir)
    if stems is not None:
        unknown = sorted(set(stems) - set(gold))
        if unknown:
            raise ConfigError(f"no gold file for {', '.join(unknown)}", locator=str(gold_dir),
                              hint="every document of an evaluation set needs its gold file")
        gold = {k: v for k, v in gold.items() if k in stems}
        records = [r for r in records if Path(r.source.file).stem in stems]
    by_stem = {Path(r.source.file).stem: r for r in records}
    results: dict[str, DocResult] = {}
    for stem, label in gold.items():
        record = by_stem.get(stem)
        pred: Label = record_label(record) if record else empty_label(stem)
        results[stem] = compare_document(label, pred, record, condition_threshold=condition_threshold)
    report = combine(results, condition_threshold=condition_threshold)
    report.missing_records = sorted(s for s in gold if s not in by_stem)
    report.unlabelled = sorted(s for s in by_stem if s not in gold)
    return report
