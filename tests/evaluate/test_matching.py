"""Matchers: scores, the optimal assignment, award pairing, kappa."""
from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.config import DEFAULT_CONDITION_MATCH, GOLD_DIR
from pipeline.evaluate.matching import (
    Score,
    assign,
    award_attribute_equal,
    award_scorer,
    cohen_kappa,
    condition_score,
    same_reference,
    same_reference_resolved,
)


@pytest.mark.parametrize("tp, fp, fn, p, r, f1", [
    (0, 0, 0, 1.0, 1.0, 1.0),      # nothing to find, nothing found
    (0, 0, 3, 0.0, 0.0, 0.0),      # nothing found
    (0, 2, 0, 0.0, 0.0, 0.0),      # only spurious
    (3, 1, 1, 0.75, 0.75, 0.75),
    (2, 0, 2, 1.0, 0.5, 2 / 3),
])
def test_score(tp: int, fp: int, fn: int, p: float, r: float, f1: float) -> None:
    s = Score(tp, fp, fn)
    assert (s.precision, s.recall) == pytest.approx((p, r))
    assert s.f1 == pytest.approx(f1)


def test_assign_prefers_more_pairs_over_a_greedy_best_pair() -> None:
    # greedy would pair g0-p0 (0.9) and leave g1 alone; the optimum pairs both
    gold, pred = [{"k": 0}, {"k": 1}], [{"k": 0}, {"k": 1}]
    table = {(0, 0): 0.9, (0, 1): 0.8, (1, 0): 0.7}
    pairs = assign(gold, pred, lambda g, p: table.get((g["k"], p["k"])))
    assert [(i, j) for i, j, _ in pairs] == [(0, 1), (1, 0)]


@given(st.lists(st.integers(0, 4), max_size=12), st.lists(st.integers(0, 4), max_size=12))
def test_exact_assignment_is_multiset_intersection(a: list[int], b: list[int]) -> None:
    from collections import Counter
    pairs = assign([{"v": x} for x in a], [{"v": x} for x in b], lambda g, p: 1.0 if g == p else None)
    assert len(pairs) == sum((Counter(a) & Counter(b)).values())


def _award(condition: str, amount: float | None = None, rate: float | None = None) -> dict:
    return {"condition": condition, "amount": amount, "rate": rate}


@pytest.mark.parametrize("gold, pred, paired", [
    (_award("国家级企业技术中心", 500000), _award("获评国家级企业技术中心的企业", 500000), True),
    (_award("国家级企业技术中心", 500000), _award("国家级企业技术中心", 200000), False),   # amount differs
    (_award("设备投资额", rate=10), _award("设备投资额", rate=30), False),                 # rate differs
    (_award("省级示范智能工厂", 1500000), _award("获批省级示范智能工厂", 1500000.0), True),
    (_award("首台（套）认定", 1), _award("首台(套)认定", 1), True),                          # width folded
    (_award("国家级企业技术中心", 500000), _award("工业互联网标杆工厂", 500000), False),  # other condition
])
def test_award_pairing(gold: dict, pred: dict, paired: bool) -> None:
    assert (award_scorer()(gold, pred) is not None) is paired


def _second_pairs() -> list[tuple[str, str, bool]]:
    """(A condition, B condition, same award?) for awards with the same amount or rate in the
    doubly-labelled documents.  Both labellers listed awards in document order (checked), so
    the award at the same index is the same award."""
    out = []
    for path in sorted((GOLD_DIR / "second").glob("*.json")):
        a = json.loads((GOLD_DIR / path.name).read_text(encoding="utf-8"))["awards"]
        b = json.loads(path.read_text(encoding="utf-8"))["awards"]
        assert [(x["clause"], x["amount"], x["rate"]) for x in a] == [(y["clause"], y["amount"], y["rate"]) for y in b]
        for i, x in enumerate(a):
            for j, y in enumerate(b):
                if (x["amount"] is not None and x["amount"] == y["amount"]) or \
                        (x["rate"] is not None and x["rate"] == y["rate"]):
                    out.append((x["condition"], y["condition"], i == j))
    return out


def test_condition_threshold_separates_the_two_labellings() -> None:
    """The stated threshold sits well between the true pairs' scores and the wrong pairs' scores,
    for wrong pairs with the same amount or rate (the only ones the matcher could confuse)."""
    pairs = _second_pairs()
    true_scores = [condition_score(a, b) for a, b, same in pairs if same]
    wrong_scores = [condition_score(a, b) for a, b, same in pairs if not same]
    assert len(true_scores) >= 50 and len(wrong_scores) >= 50
    assert min(true_scores) >= DEFAULT_CONDITION_MATCH + 15
    assert max(wrong_scores) < DEFAULT_CONDITION_MATCH


@pytest.mark.parametrize("gold, pred, same, resolved", [
    ({"doc_number": "市制造强市办〔2022〕11号", "title": None, "resolved": "连制造强市办〔2022〕11号"},
     {"doc_number": "市制造强市办[2022]11号", "title": "x", "resolved": "连制造强市办〔2022〕11号"}, True, True),
    ({"doc_number": None, "title": "江苏省…三年行动计划（2022-2024年）", "resolved": "苏政办发〔2021〕109号"},
     {"doc_number": None, "title": "《江苏省…三年行动计划(2022—2024年)》", "resolved": None}, True, False),
    ({"doc_number": "苏政办发〔2021〕109号", "title": "a", "resolved": None},
     {"doc_number": "苏政办发〔2021〕110号", "title": "a", "resolved": None}, False, False),
])
def test_reference_identity(gold: dict, pred: dict, same: bool, resolved: bool) -> None:
    assert (same_reference(gold, pred) is not None) is same
    assert (same_reference_resolved(gold, pred) is not None) is resolved


@pytest.mark.parametrize("attr, g, p, equal", [
    ("cap", 5000000, 5000000.0, True),
    ("cap", None, 0, False),
    ("per", "企业/年", "企业 /年", True),
    ("rate_base", "有效投入", "年度有效投入", False),
    ("per", None, "", True),
])
def test_award_attributes(attr: str, g: object, p: object, equal: bool) -> None:
    assert award_attribute_equal(attr, {attr: g}, {attr: p}) is equal


def test_cohen_kappa_known_values() -> None:
    # 2x2 table a=20 b=5 / c=10 d=15 → po=0.7, pe=0.5 → kappa 0.4
    a = ["y"] * 25 + ["n"] * 25
    b = ["y"] * 20 + ["n"] * 5 + ["y"] * 10 + ["n"] * 15
    assert cohen_kappa(a, b) == pytest.approx(0.4)
    assert cohen_kappa(["max"] * 3, ["max"] * 3) is None  # chance agreement 1: undefined
    assert cohen_kappa([], []) is None


@given(st.lists(st.sampled_from(["max", "fixed", "threshold"]), min_size=1, max_size=30))
def test_kappa_of_identical_labels_is_one_or_undefined(labels: list[str]) -> None:
    k = cohen_kappa(labels, labels)
    assert k is None or k == pytest.approx(1.0)
