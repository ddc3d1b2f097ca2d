"""Lineage confidences are calibrated: each rule's confidence is the measured one, and stays so.

The corpus is run through the engine as `make eval` runs it; only the tuning set's gold is read
(the check set's documents take part in linking, as in eval, but none of their gold).
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from pipeline import config
from pipeline.cli import _in_memory
from pipeline.evaluate.lineage import (
    EDGE_KINDS,
    _all_edges,
    calibration_counts,
    load_lineage_gold,
    measure_rules,
    reliability,
    score_lineage,
)
from pipeline.evaluate.sets import load_split
from pipeline.link import link_corpus
from pipeline.link.calibration import MEASURED, RULES, calibration, rule_confidence, wilson_lower

sys.path.insert(0, str(Path(__file__).parents[1] / "link"))
from linkhelpers import make_record

# how far a rule's tabled confidence may sit from a fresh measurement before the table must be redone
TOLERANCE = 0.1


@pytest.fixture(scope="module")
def corpus_linked():
    linked, failures = _in_memory(config.CORPUS_DIR, 1)
    assert failures == []
    return linked


@pytest.mark.parametrize("correct, n, expected", [(0, 0, 0.0), (1, 1, 0.27), (2, 2, 0.425), (27, 27, 0.909),
                                                  (16, 39, 0.291), (0, 5, 0.0)])
def test_wilson_lower_bound(correct, n, expected):
    assert wilson_lower(correct, n) == pytest.approx(expected, abs=0.001)


@pytest.mark.parametrize("n", [1, 3, 10, 100])
def test_bound_is_below_the_precision_and_grows_with_evidence(n):
    assert wilson_lower(n, n) < 1.0
    assert wilson_lower(n, n) < wilson_lower(2 * n, 2 * n)
    assert wilson_lower(n // 2, n) <= (n // 2) / n


def test_table_names_known_rules_with_sane_counts():
    assert set(MEASURED) <= set(RULES)
    assert all(0 <= right <= n for right, n in MEASURED.values())


def test_an_unmeasured_rule_keeps_its_drafted_confidence_and_says_so():
    unmeasured = [r for r in RULES if MEASURED.get(r, (0, 0))[1] == 0]
    assert unmeasured, "every rule measured: this test then has nothing to hold"
    c = calibration(unmeasured[0], drafted=0.77)
    assert (c.confidence, c.measured, c.precision) == (0.77, False, None)
    with pytest.raises(KeyError):
        rule_confidence("no-such-rule", 0.5)


def test_every_edge_names_its_rule_and_carries_the_tabled_confidence(seed_linked, corpus_linked):
    for linked in (seed_linked, corpus_linked):
        for edge in linked.edges:
            rule = dict(edge.details).get("rule")
            assert rule in RULES, (edge.kind, edge.source, edge.target)
            if MEASURED.get(rule, (0, 0))[1]:
                assert edge.confidence == calibration(rule, 0.0).confidence


def test_table_agrees_with_a_fresh_measurement(seed_linked, corpus_linked):
    fresh = calibration_counts(corpus_linked, seed_linked)
    drift = []
    for rule, (right, n) in fresh.items():
        tabled = MEASURED.get(rule, (0, 0))
        if bool(n) != bool(tabled[1]):
            drift.append(f"{rule}: measured {right}/{n}, table {tabled[0]}/{tabled[1]}")
        elif n and abs(wilson_lower(right, n) - wilson_lower(*tabled)) > TOLERANCE:
            drift.append(f"{rule}: measured {right}/{n} ({wilson_lower(right, n):.2f}), "
                         f"table {tabled[0]}/{tabled[1]} ({wilson_lower(*tabled):.2f})")
    assert not drift, "re-measure pipeline/link/calibration.py MEASURED: " + "; ".join(drift)


def test_reliability_lines_put_confidence_beside_precision(seed_linked):
    from pipeline.evaluate import load_gold

    lines = {line["rule"]: line for line in reliability(measure_rules(seed_linked, None, load_gold(config.GOLD_DIR)))}
    assert set(lines) == set(RULES)
    number = lines["cites/number"]
    assert number["n"] > 0 and number["precision"] is not None
    assert number["wilson_lower"] <= number["precision"] and number["small_n"] == (number["n"] < 10)


def test_unrelated_documents_of_one_issuer_get_no_edge_in_the_corpus(corpus_linked):
    """The gold's negative pairs of the tuning set: no edge of any kind, in either direction."""
    tuning = set(load_split(config.CORPUS_SPLIT)["tuning"])
    gold = load_lineage_gold(config.CORPUS_LINEAGE_GOLD)
    pairs = [frozenset((n["a"], n["b"])) for n in gold["negative"] if {n["a"], n["b"]} <= tuning]
    assert len(pairs) >= 5
    hit = sorted(e for e in _all_edges(corpus_linked) if frozenset(e[:2]) in pairs)
    assert hit == []
    scored = score_lineage(corpus_linked, gold, tuning)
    assert scored.negative_pairs == len(pairs) and set(scored.negatives_by_relation) == set(EDGE_KINDS)


GOV = "甲省人民政府办公厅"


def _notice(name: str, title: str, policy: str, date: str, body: str = "…", number: str | None = None):
    return make_record(body, doc_number=number, issuer=GOV, name=name, issue_date=date, title=title,
                       policy_title=policy)


@pytest.mark.parametrize("later_body", [
    "本措施自印发之日起施行。此前出台的有关规定与本措施不一致的，以本措施为准。",  # a generic precedence clause
    "本措施自2023年10月7日起施行，有效期至2027年12月31日。",  # nothing at all
    "　　本措施由省工业和信息化厅负责解释。\n　　我省之前有关规定与本通知不一致的，以本通知规定为准。",  # laid out
], ids=["generic-precedence", "silent", "laid-out-precedence"])
def test_one_issuers_unrelated_documents_are_not_linked(later_body):
    """Same issuer, other subjects (steel, elderly care) whatever the later one says; the same title
    decades apart, the later never mentioning the earlier."""
    steel = _notice("steel.txt", "关于印发甲省加快推进钢铁产业高质量发展若干措施的通知",
                    "甲省加快推进钢铁产业高质量发展若干措施", "2022-03-01", number="甲政办字〔2022〕28号")
    care = _notice("care.txt", "关于印发甲省支持康养产业发展若干措施的通知", "甲省支持康养产业发展若干措施",
                   "2024-04-28", later_body, number="甲政办字〔2024〕12号")
    old = _notice("old.txt", "社会力量设立甲奖管理办法", "社会力量设立甲奖管理办法", "1999-12-26",
                  number="甲政办字〔1999〕3号")
    new = _notice("new.txt", "关于印发《社会力量设立甲奖管理办法》的通知", "社会力量设立甲奖管理办法", "2023-03-21",
                  "本办法自印发之日起施行。", number="甲政办字〔2023〕11号")
    linked = link_corpus([steel, care, old, new])
    assert [(e.kind, e.source, e.target) for e in linked.edges] == []
    assert linked.duplicates == ()
