"""Compare one labelling of a document with another, field by field.

Used both for gold vs the pipeline's prediction and for labeller A vs labeller B, so the
accuracy figures and the agreement figures come from the same matchers.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..config import DEFAULT_CONDITION_MATCH
from ..records import Record
from .labels import HEADER_FIELDS, Label, norm_header
from .matching import (
    AWARD_ATTRIBUTES,
    Item,
    Pair,
    Score,
    amount_key,
    assign,
    award_attribute_equal,
    award_scorer,
    condition_score,
    cost_share_key,
    exact,
    loose_amount,
    loose_percentage,
    percentage_key,
    same_reference,
    same_reference_resolved,
    unmatched,
)
from .sentences import gold_sentence, predicted_sentence, sentence_at

FIELDS = HEADER_FIELDS + ("clauses", "references", "references_resolved", "amounts", "percentages",
                          "awards", "cost_sharing")
_PRIVATE = ("start", "end")


@dataclass(frozen=True)
class Mismatch:
    """One disagreement: `kind` is missing (gold only), spurious (prediction only),
    wrong (paired but different) or attribute (a matched award's attribute differs)."""

    document: str
    field: str
    kind: str
    gold: Any
    predicted: Any
    gold_sentence: str | None
    predicted_sentence: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"document": self.document, "field": self.field, "kind": self.kind,
                "gold": _public(self.gold), "predicted": _public(self.predicted),
                "gold_sentence": self.gold_sentence, "predicted_sentence": self.predicted_sentence}


@dataclass
class DocResult:
    scores: dict[str, Score] = field(default_factory=dict)
    attributes: dict[str, list[int]] = field(default_factory=dict)  # attr -> [correct, total]
    mismatches: list[Mismatch] = field(default_factory=list)


def _public(item: Any) -> Any:
    """An item without its offsets (they mean nothing to a reader of the report)."""
    if isinstance(item, dict):
        return {k: v for k, v in item.items() if k not in _PRIVATE}
    return item


class _Ctx:
    """What a comparison of one document needs to quote sentences."""

    def __init__(self, stem: str, record: Record | None) -> None:
        self.stem, self.record = stem, record

    def sentence(self, fld: str, item: Any, side: str) -> str | None:
        if item is None:
            return None
        if isinstance(item, dict) and item.get("start") is not None:
            return predicted_sentence(self.record, item)
        if side == "pred" and fld == "clauses" and self.record is not None:
            for c in self.record.clauses:
                if c.id == item:
                    return sentence_at(self.record.text, c.start)
        return gold_sentence(self.record, fld, item)

    def mismatch(self, fld: str, kind: str, g: Any, p: Any) -> Mismatch:
        return Mismatch(self.stem, fld, kind, g, p, self.sentence(fld, g, "gold"), self.sentence(fld, p, "pred"))


def compare_document(gold: Label, pred: Label, record: Record | None, *,
                     condition_threshold: float = DEFAULT_CONDITION_MATCH) -> DocResult:
    """Scores and mismatches of `pred` against `gold` for one document.

    `record` supplies the text and clause spans the mismatch sentences are quoted from.
    """
    ctx = _Ctx(str(gold.get("file") or pred.get("file")), record)
    result = DocResult()
    for name in HEADER_FIELDS:
        result.scores[name] = _compare_header(ctx, name, gold.get(name), pred.get(name), result.mismatches)
    if gold.get("scope", "full") == "header":
        return result  # only the header was labelled: the lists are not scored
    result.scores["clauses"] = _compare_clauses(ctx, gold["clauses"], pred["clauses"], result.mismatches)
    lists: list[tuple[str, str, Callable[[Item, Item], float | None], Callable[[Item, Item], float | None] | None]] = [
        ("references", "references", same_reference, None),
        ("references_resolved", "references", same_reference_resolved, same_reference),
        ("amounts", "amounts", exact(amount_key), loose_amount),
        ("percentages", "percentages", exact(percentage_key), loose_percentage),
        ("cost_sharing", "cost_sharing", exact(cost_share_key), None),
    ]
    for name, key, scorer, loose in lists:
        g_items, p_items = gold.get(key, []), pred.get(key, [])
        if key == "references":  # a document cited three times is one cited document (the gold's unit)
            g_items, p_items = unique_references(g_items), unique_references(p_items)
        score, _ = _compare_list(ctx, name, g_items, p_items, scorer, loose, result.mismatches)
        result.scores[name] = score
    result.scores["awards"] = _compare_awards(ctx, gold["awards"], pred["awards"], condition_threshold, result)
    return result


def unique_references(items: Sequence[Item]) -> list[Item]:
    """Each cited document once, at its first citation: a later citation of the same document (the
    same 文号, or the same title where one lacks a number) lends its number or title to the first."""
    kept: list[Item] = []
    for item in items:
        twin = next((k for k in kept if same_reference(k, item) is not None), None)
        if twin is None:
            kept.append(dict(item))
            continue
        for attr in ("doc_number", "title", "resolved"):
            if not twin.get(attr) and item.get(attr):
                twin[attr] = item[attr]
    return kept


def _compare_header(ctx: _Ctx, name: str, g: Any, p: Any, out: list[Mismatch]) -> Score:
    """Exact match; equal nulls count as a hit, so a correctly absent date is credited."""
    gn, pn = norm_header(name, g), norm_header(name, p)
    if name == "issuers":
        gn, pn = (gn or None), (pn or None)
    if gn == pn:
        return Score(tp=1)
    out.append(ctx.mismatch(name, "wrong" if gn is not None and pn is not None
                            else "missing" if gn is not None else "spurious", g, p))
    return Score(fp=int(pn is not None), fn=int(gn is not None))


def _compare_clauses(ctx: _Ctx, gold: Sequence[str], pred: Sequence[str], out: list[Mismatch]) -> Score:
    gs, ps = set(gold), set(pred)
    for cid in [c for c in gold if c not in ps]:
        out.append(ctx.mismatch("clauses", "missing", cid, None))
    for cid in [c for c in pred if c not in gs]:
        out.append(ctx.mismatch("clauses", "spurious", None, cid))
    return Score(tp=len(gs & ps), fp=len(ps - gs), fn=len(gs - ps))


def _compare_list(ctx: _Ctx, name: str, gold: Sequence[Item], pred: Sequence[Item],
                  scorer: Callable[[Item, Item], float | None], loose: Callable[[Item, Item], float | None] | None,
                  out: list[Mismatch]) -> tuple[Score, list[Pair]]:
    """Optimal pairing; the leftovers are paired again loosely only to show near misses together."""
    pairs = assign(gold, pred, scorer)
    g_left, p_left = unmatched(gold, pairs, 0), unmatched(pred, pairs, 1)
    _report_leftovers(ctx, name, [gold[i] for i in g_left], [pred[j] for j in p_left], loose, out)
    return Score(tp=len(pairs), fp=len(p_left), fn=len(g_left)), pairs


def _report_leftovers(ctx: _Ctx, name: str, gold: list[Item], pred: list[Item],
                      loose: Callable[[Item, Item], float | None] | None, out: list[Mismatch]) -> None:
    near = assign(gold, pred, loose) if loose else []
    for i, j, _ in near:
        out.append(ctx.mismatch(name, "wrong", gold[i], pred[j]))
    for i in unmatched(gold, near, 0):
        out.append(ctx.mismatch(name, "missing", gold[i], None))
    for j in unmatched(pred, near, 1):
        out.append(ctx.mismatch(name, "spurious", None, pred[j]))


def _compare_awards(ctx: _Ctx, gold: Sequence[Item], pred: Sequence[Item], threshold: float,
                    result: DocResult) -> Score:
    """Awards pair on condition + amount/rate; matched pairs are then checked per attribute."""
    def same_condition(g: Item, p: Item) -> float | None:
        s = condition_score(g.get("condition"), p.get("condition"))
        return s if s >= threshold else None

    score, pairs = _compare_list(ctx, "awards", gold, pred, award_scorer(threshold), same_condition,
                                 result.mismatches)
    for attr in AWARD_ATTRIBUTES:
        tally = result.attributes.setdefault(attr, [0, 0])
        for i, j, _ in pairs:
            tally[1] += 1
            if award_attribute_equal(attr, gold[i], pred[j]):
                tally[0] += 1
            else:
                result.mismatches.append(ctx.mismatch(f"awards.{attr}", "attribute", gold[i], pred[j]))
    return score
