"""Matchers: which gold item goes with which predicted item, field by field.

Every list field is matched by a maximum-cardinality, maximum-weight bipartite assignment
(networkx's blossom matching; exact, and small here), so that the result does not depend on
the order of the lists.  Exact-key fields (amounts, percentages, clause ids) give weight 1
to equal keys only, which is multiset intersection; awards give a fuzzy condition score.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx
from rapidfuzz import fuzz

from ..config import DEFAULT_CONDITION_MATCH
from ..normalize import title_key
from .labels import norm_doc_number, norm_number, norm_text

Item = dict[str, Any]
Pair = tuple[int, int, float]  # (gold index, predicted index, score)


@dataclass
class Score:
    """True positives, false positives and false negatives, with P/R/F1.

    Nothing to find and nothing found counts as perfect (1.0), so a document without, say,
    percentages does not pull the averages down; otherwise an empty side gives 0.
    """

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        if self.tp + self.fp == 0:
            return 1.0 if self.fn == 0 else 0.0
        return self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float:
        if self.tp + self.fn == 0:
            return 1.0 if self.fp == 0 else 0.0
        return self.tp / (self.tp + self.fn)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)

    def to_dict(self) -> dict[str, float | int]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


def assign(gold: Sequence[Item], pred: Sequence[Item],
           score: Callable[[Item, Item], float | None]) -> list[Pair]:
    """The optimal one-to-one pairing: most pairs first, then the highest total score.

    `score` returns None for a pair that may not be matched at all.
    """
    graph = nx.Graph()
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            s = score(g, p)
            if s is not None:
                # +1 keeps zero-score eligible pairs worth taking
                graph.add_edge(("g", i), ("p", j), weight=1.0 + s)
    pairs: list[Pair] = []
    for a, b in nx.max_weight_matching(graph, maxcardinality=True):
        (ga, gi), (_, pj) = (a, b) if a[0] == "g" else (b, a)
        assert ga == "g"
        pairs.append((gi, pj, graph[a][b]["weight"] - 1.0))
    return sorted(pairs)


def unmatched(items: Sequence[Item], pairs: list[Pair], side: int) -> list[int]:
    used = {p[side] for p in pairs}
    return [i for i in range(len(items)) if i not in used]


# ---- keys and scores per field ---------------------------------------------------------

def amount_key(a: Item) -> tuple[Any, ...]:
    return (norm_number(a.get("value")), norm_number(a.get("value_max")), a.get("unit"),
            a.get("role"), a.get("clause"))


def percentage_key(p: Item) -> tuple[Any, ...]:
    return (norm_number(p.get("value")), p.get("role"), p.get("clause"))


def cost_share_key(c: Item) -> tuple[Any, ...]:
    return (tuple(norm_number(s) for s in c.get("shares", ())),
            tuple(norm_text(x) for x in c.get("parties", ())), c.get("clause"))


def exact(key: Callable[[Item], Any]) -> Callable[[Item, Item], float | None]:
    """Eligible only when the keys are equal."""
    return lambda g, p: 1.0 if key(g) == key(p) else None


def loose_amount(g: Item, p: Item) -> float | None:
    """Same money (value, value_max, unit): pairs a near miss so it is shown as one 'wrong'."""
    same = (norm_number(g.get("value")), norm_number(g.get("value_max"))) == \
        (norm_number(p.get("value")), norm_number(p.get("value_max")))
    return (1.0 + (g.get("clause") == p.get("clause"))) if same else None


def loose_percentage(g: Item, p: Item) -> float | None:
    if norm_number(g.get("value")) != norm_number(p.get("value")):
        return None
    return 1.0 + (g.get("clause") == p.get("clause"))


def same_reference(g: Item, p: Item) -> float | None:
    """The same cited document: equal 文号 when both give one, else equal title key."""
    gd, pd = norm_doc_number(g.get("doc_number")), norm_doc_number(p.get("doc_number"))
    if gd and pd:
        return 1.0 if gd == pd else None
    gt, pt = g.get("title"), p.get("title")
    if gt and pt and title_key(gt) == title_key(pt):
        return 1.0
    return None


def same_reference_resolved(g: Item, p: Item) -> float | None:
    if same_reference(g, p) is None:
        return None
    return 1.0 if norm_doc_number(g.get("resolved")) == norm_doc_number(p.get("resolved")) else None


def condition_score(a: str | None, b: str | None) -> float:
    """rapidfuzz WRatio (0-100) of the two conditions after spaces and full width are folded.

    WRatio takes the partial ratio when one side is much longer, which is what a condition
    with or without its verbs (`获评…的企业` vs the bare status) looks like.
    """
    return float(fuzz.WRatio(norm_text(a), norm_text(b)))


def award_scorer(threshold: float = DEFAULT_CONDITION_MATCH) -> Callable[[Item, Item], float | None]:
    """Awards pair on the same amount or the same rate, and a condition score >= threshold."""
    def score(g: Item, p: Item) -> float | None:
        ga, pa = norm_number(g.get("amount")), norm_number(p.get("amount"))
        gr, pr = norm_number(g.get("rate")), norm_number(p.get("rate"))
        if not ((ga is not None and ga == pa) or (gr is not None and gr == pr)):
            return None
        s = condition_score(g.get("condition"), p.get("condition"))
        return s / 100.0 if s >= threshold else None
    return score


# `condition` here is exact equality after folding: the fuzzy pairing forgives wording, this shows it
AWARD_ATTRIBUTES = ("threshold", "cap", "per", "rate_base", "amount_role", "clause", "condition")


def award_attribute_equal(attr: str, g: Item, p: Item) -> bool:
    gv, pv = g.get(attr), p.get(attr)
    if attr in ("threshold", "cap"):
        return norm_number(gv) == norm_number(pv)
    if attr in ("per", "rate_base", "condition"):
        return (norm_text(gv) or None) == (norm_text(pv) or None)
    return bool(gv == pv)


def cohen_kappa(labels_a: Sequence[Any], labels_b: Sequence[Any]) -> float | None:
    """Cohen's kappa of two labellings of the same items; None when it is undefined.

    Undefined when there are no items or chance agreement is 1 (both used one label only).
    """
    n = len(labels_a)
    if n == 0 or n != len(labels_b):
        return None
    observed = sum(a == b for a, b in zip(labels_a, labels_b)) / n
    cats = set(labels_a) | set(labels_b)
    expected = sum((list(labels_a).count(c) / n) * (list(labels_b).count(c) / n) for c in cats)
    if expected >= 1.0:
        return None
    return (observed - expected) / (1.0 - expected)
