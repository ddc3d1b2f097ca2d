"""compare_document and evaluate_records: gold against perturbed copies of itself and against records."""
from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from pipeline.config import GOLD_DIR
from pipeline.evaluate import FIELDS, compare_document, evaluate_records, load_gold
from pipeline.evaluate.labels import empty_label
from pipeline.evaluate.sentences import find_literal, sentence_at

GOLD = load_gold(GOLD_DIR)


@pytest.mark.parametrize("stem", sorted(GOLD))
def test_gold_against_itself_is_perfect(stem: str, seed_records) -> None:
    res = compare_document(GOLD[stem], copy.deepcopy(GOLD[stem]), seed_records[stem])
    assert {f: s.f1 for f, s in res.scores.items()} == {f: 1.0 for f in FIELDS}
    assert res.mismatches == []


@pytest.mark.parametrize("stem", sorted(GOLD))
def test_empty_prediction_misses_everything(stem: str) -> None:
    gold = GOLD[stem]
    res = compare_document(gold, empty_label(stem), None)
    assert res.scores["amounts"].fn == len(gold["amounts"])
    assert res.scores["awards"].fn == len(gold["awards"])
    assert res.scores["clauses"].fn == len(gold["clauses"])
    # a null header field in the gold is correctly absent in an empty prediction
    for name in ("issue_date", "policy_title", "effective_to"):
        assert res.scores[name].tp == int(gold[name] is None)


def test_wrong_amount_role_is_one_fp_one_fn_shown_as_one_wrong(seed_records) -> None:
    stem = "000_56b4b2a5a32276d5"
    pred = copy.deepcopy(GOLD[stem])
    pred["amounts"][0]["role"] = "max"  # gold: 100万元 threshold in 一/（一）
    res = compare_document(GOLD[stem], pred, seed_records[stem])
    s = res.scores["amounts"]
    assert (s.tp, s.fp, s.fn) == (len(pred["amounts"]) - 1, 1, 1)
    [m] = [m for m in res.mismatches if m.field == "amounts"]
    assert m.kind == "wrong" and m.gold["role"] == "threshold" and m.predicted["role"] == "max"
    assert "年度有效投入在100万元以上的项目" in m.gold_sentence


def test_award_condition_wording_still_matches_but_attributes_are_checked(seed_records) -> None:
    stem = "001_ebfee30354606d84"
    pred = copy.deepcopy(GOLD[stem])
    target = next(a for a in pred["awards"] if a["amount"] is not None and a["cap"] is None)
    target["condition"] = "对获评" + target["condition"] + "的企业"
    target["cap"] = 123
    pred["awards"].reverse()  # order must not matter
    res = compare_document(GOLD[stem], pred, seed_records[stem])
    assert res.scores["awards"].f1 == 1.0
    assert res.attributes["cap"] == [len(pred["awards"]) - 1, len(pred["awards"])]
    assert res.attributes["condition"][0] == len(pred["awards"]) - 1
    kinds = {(m.field, m.kind) for m in res.mismatches}
    assert kinds == {("awards.cap", "attribute"), ("awards.condition", "attribute")}


def test_dropped_award_and_spurious_clause(seed_records) -> None:
    stem = "003_3d7294011066eb67"
    pred = copy.deepcopy(GOLD[stem])
    dropped = pred["awards"].pop(3)
    pred["clauses"].append("九/（一）")
    res = compare_document(GOLD[stem], pred, seed_records[stem])
    assert (res.scores["awards"].fn, res.scores["awards"].fp) == (1, 0)
    assert res.scores["clauses"].fp == 1
    missing = [m for m in res.mismatches if m.field == "awards" and m.kind == "missing"]
    assert missing[0].gold == dropped and missing[0].gold_sentence  # found by its condition


def test_header_null_and_value() -> None:
    stem = "002_5d0181b67baf112a"  # issue_date is null in the gold
    pred = copy.deepcopy(GOLD[stem])
    pred["issue_date"] = "2022-01-01"
    pred["doc_number"] = "泗政办发[2022]9号"  # normalised before comparing
    res = compare_document(GOLD[stem], pred, None)
    assert (res.scores["issue_date"].tp, res.scores["issue_date"].fp, res.scores["issue_date"].fn) == (0, 1, 0)
    assert res.scores["doc_number"].f1 == 1.0


def test_evaluate_records_scores_missing_documents_as_misses(seed_records, tmp_path: Path) -> None:
    records = [seed_records["000_56b4b2a5a32276d5"]]
    report = evaluate_records(records, GOLD_DIR)
    assert report.missing_records == sorted(s for s in GOLD if s != "000_56b4b2a5a32276d5")
    assert report.fields["clauses"].fn >= sum(len(GOLD[s]["clauses"]) for s in report.missing_records)
    data = report.to_dict()
    json.dumps(data, ensure_ascii=False)  # serialisable
    assert set(data["fields"]) == set(FIELDS)
    assert all("start" not in (m["predicted"] or {}) for m in data["mismatches"] if isinstance(m["predicted"], dict))


def test_record_clauses_match_the_gold(seed_records) -> None:
    """Structure already gives every gold clause id: the prediction side is read correctly."""
    report = evaluate_records(list(seed_records.values()), GOLD_DIR)
    assert report.fields["clauses"].f1 == 1.0


@pytest.mark.parametrize("text, needle, found", [
    ("奖励150万元，另奖励50万元。", "50万元", 11),
    ("奖励150万元。", "50万元", None),
    ("上限1.50万元；50万元", "50万元", 9),
])
def test_find_literal_not_inside_a_longer_number(text: str, needle: str, found: int | None) -> None:
    assert find_literal(text, needle, None) == found


def test_sentence_at() -> None:
    text = "第一句。第二句有100万元；第三句\n第四句"
    assert sentence_at(text, text.index("100")) == "第二句有100万元；"
    assert sentence_at(text, len(text) - 1) == "第四句"
