"""Evaluate: pipeline records against the hand-labelled gold, and one labeller against another.

`evaluate_records(records, gold_dir)` gives an `EvalReport` (precision/recall/F1 per field and
per document, award attribute accuracy, every mismatch with its sentence);
`compare_labelings(first_dir, second_dir)` the inter-annotator agreement with the same
matchers; `check_gate` the fields below their minimum F1.
"""
from __future__ import annotations

from .agreement import compare_labelings
from .compare import FIELDS, Mismatch, compare_document
from .gate import GateFailure, check_gate, load_thresholds, parse_thresholds, threshold_regressions
from .html import render_html
from .labels import load_gold, record_label
from .matching import Score, cohen_kappa, condition_score
from .report import EvalReport, evaluate_records

__all__ = [
    "FIELDS",
    "EvalReport",
    "GateFailure",
    "Mismatch",
    "Score",
    "check_gate",
    "cohen_kappa",
    "compare_document",
    "compare_labelings",
    "condition_score",
    "evaluate_records",
    "load_gold",
    "load_thresholds",
    "parse_thresholds",
    "record_label",
    "render_html",
    "threshold_regressions",
]
