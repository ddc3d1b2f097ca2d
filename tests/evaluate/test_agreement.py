"""Inter-annotator agreement: same matchers, figures in tests/gold/README.md kept true."""
from __future__ import annotations

import re

import pytest

from pipeline.config import GOLD_DIR
from pipeline.evaluate import compare_labelings

README = GOLD_DIR / "README.md"


@pytest.fixture(scope="module")
def agreement(seed_records):
    return compare_labelings(GOLD_DIR, GOLD_DIR / "second", list(seed_records.values()))


def test_a_labelling_agrees_with_itself() -> None:
    report = compare_labelings(GOLD_DIR, GOLD_DIR)
    assert all(s.f1 == 1.0 for s in report.fields.values())
    assert report.mismatches == []
    assert all(v["observed"] == 1.0 for v in report.extra["kappa"].values())


def test_agreement_covers_the_doubly_labelled_documents(agreement) -> None:
    assert sorted(agreement.documents) == ["000_56b4b2a5a32276d5", "002_5d0181b67baf112a"]
    assert agreement.unlabelled == ["001_ebfee30354606d84", "003_3d7294011066eb67", "004_3dc2365f799b5415"]
    # every remaining disagreement quotes the sentence it is about
    for m in agreement.mismatches:
        assert m.gold_sentence or m.predicted_sentence, m


def _readme_rows() -> dict[str, tuple[int, int, int, float]]:
    section = README.read_text(encoding="utf-8").split("## Agreement", 1)[1].split("## Decisions", 1)[0]
    rows = {}
    for line in section.splitlines():
        m = re.match(r"\| ([a-z_, ]+?)(?: \(.*\))? \| (\d+)(?: each)? \| (\d+) \| (\d+) \| ([0-9.]+) \|", line)
        if m:
            for name in m.group(1).split(", "):
                rows[name] = (int(m.group(2)), int(m.group(3)), int(m.group(4)), float(m.group(5)))
    return rows


def test_readme_figures_are_the_measured_ones(agreement) -> None:
    """Field agreement was not changed by the adjudication, so the table is also today's figure."""
    rows = _readme_rows()
    assert set(rows) == set(agreement.fields)
    for name, (tp, fp, fn, f1) in rows.items():
        s = agreement.fields[name]
        assert (s.tp, s.fp, s.fn) == (tp, fp, fn), name
        assert round(s.f1, 3) == f1, name
    correct, total = agreement.award_attributes["condition"]
    assert f"{correct}/{total} ({correct / total:.3f})" in README.read_text(encoding="utf-8")


def test_corpus_agreement_figures_are_the_measured_ones() -> None:
    """tests/gold/corpus/AGREEMENT.md reports what the two corpus labellings give today."""
    from pipeline.config import CORPUS_GOLD_DIR

    report = compare_labelings(CORPUS_GOLD_DIR, CORPUS_GOLD_DIR / "second")
    assert len(report.documents) >= 5
    text = (CORPUS_GOLD_DIR / "AGREEMENT.md").read_text(encoding="utf-8")
    for name, s in report.fields.items():
        assert f"| {name} | {s.tp} | {s.fp} | {s.fn} | {s.f1:.3f} |" in text, name
