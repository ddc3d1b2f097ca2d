"""Inter-annotator agreement: labeller A (tests/gold) against labeller B (tests/gold/second).

The same matchers as the evaluation score B against A, so agreement reads as F1 (symmetric:
swapping A and B swaps precision and recall).  Where both labellers put a category on the
same items — the role of an amount or percentage found by both, the amount_role of an award
both found — Cohen's kappa is reported too, with the observed agreement.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..config import DEFAULT_CONDITION_MATCH
from ..records import Record
from .compare import DocResult, compare_document
from .labels import load_gold, norm_number
from .matching import Item, assign, award_scorer, cohen_kappa
from .report import EvalReport, combine


def _role_pairs(a: list[Item], b: list[Item], key: Callable[[Item], Any], attr: str,
                scorer: Callable[[Item, Item], float | None] | None = None) -> list[tuple[Any, Any]]:
    """(A's label, B's label) of `attr` for every item both labellers have."""
    def match(x: Item, y: Item) -> float | None:
        base = scorer(x, y) if scorer else (1.0 if key(x) == key(y) else None)
        # items alike in place are interchangeable: pair equal labels first, never cross them
        return None if base is None else base + 0.5 * (x.get(attr) == y.get(attr))

    return [(a[i].get(attr), b[j].get(attr)) for i, j, _ in assign(a, b, match)]


def _amount_place(x: Item) -> tuple[Any, ...]:
    return (norm_number(x.get("value")), norm_number(x.get("value_max")), x.get("unit"), x.get("clause"))


def _percent_place(x: Item) -> tuple[Any, ...]:
    return (norm_number(x.get("value")), x.get("clause"))


def _kappas(pairs: dict[str, list[tuple[Any, Any]]]) -> dict[str, dict[str, Any]]:
    out = {}
    for name, ps in pairs.items():
        a, b = [p[0] for p in ps], [p[1] for p in ps]
        kappa = cohen_kappa(a, b)
        out[name] = {"items": len(ps), "observed": round(sum(x == y for x, y in ps) / len(ps), 4) if ps else None,
                     "kappa": None if kappa is None else round(kappa, 4)}
    return out


def compare_labelings(first_dir: Path, second_dir: Path, records: list[Record] | None = None, *,
                      condition_threshold: float = DEFAULT_CONDITION_MATCH) -> EvalReport:
    """Agreement of the labelling in `second_dir` with the one in `first_dir`, on the
    documents both labelled.  `records` (optional) supply text for quoting sentences."""
    first, second = load_gold(first_dir), load_gold(second_dir)
    by_stem = {Path(r.source.file).stem: r for r in records or []}
    results: dict[str, DocResult] = {}
    pairs: dict[str, list[tuple[Any, Any]]] = {"amounts.role": [], "percentages.role": [],
                                               "awards.amount_role": []}
    for stem in sorted(set(first) & set(second)):
        a, b = first[stem], second[stem]
        results[stem] = compare_document(a, b, by_stem.get(stem), condition_threshold=condition_threshold)
        pairs["amounts.role"] += _role_pairs(a["amounts"], b["amounts"], _amount_place, "role")
        pairs["percentages.role"] += _role_pairs(a["percentages"], b["percentages"], _percent_place, "role")
        pairs["awards.amount_role"] += _role_pairs(a["awards"], b["awards"], _amount_place, "amount_role",
                                                   award_scorer(condition_threshold))
    report = combine(results, condition_threshold=condition_threshold)
    report.unlabelled = sorted(set(first) - set(second))
    report.extra["kappa"] = _kappas(pairs)
    report.extra["labelings"] = {"first": str(first_dir), "second": str(second_dir)}
    return report
