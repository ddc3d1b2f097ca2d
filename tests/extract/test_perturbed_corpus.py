"""The memorisation check of issue 14 on the corpus: the TUNING documents with every number, place,
agency name and subject changed (tests/extract/perturb.py, `make_corpus`), text and gold alike,
score within one point of the documents themselves on amounts, percentages, cost sharing, awards
and each award attribute (condition, threshold, cap, per, rate base …), scored by the project's own
evaluation (evaluate_records).  A rule that names a tuning document's place (`河北省`, `承德市`), agency
(`工业和信息化厅`), industry (`奶牛`, `钢铁`) or number scores on the document and not on the rewrite."""
from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest
from perturb import CORPUS_PLACES, MONEY_RUN, PERCENT, make_corpus, perturb, rewrite, write_perturbed

from pipeline.evaluate import evaluate_records
from pipeline.evaluate.report import EvalReport
from pipeline.extract import extract_mentions
from pipeline.ingest import ingest_file
from pipeline.records import Record
from pipeline.structure import structure_document

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "tests" / "corpus" / "docs"
GOLD = ROOT / "tests" / "gold" / "corpus"
FIELDS = ("amounts", "percentages", "awards", "cost_sharing")
PERTURB_SEEDS = (1, 2, 3)


def _tuning_with_mentions() -> list[str]:
    """Tuning documents whose gold labels amounts, percentages or awards (never a check document)."""
    stems = json.loads((ROOT / "tests" / "corpus" / "split.json").read_text(encoding="utf-8"))["tuning"]
    out = []
    for stem in stems:
        gold = json.loads((GOLD / f"{stem}.json").read_text(encoding="utf-8"))
        if gold["scope"] == "full" and any(gold.get(k) for k in FIELDS):
            out.append(stem)
    return out


STEMS = _tuning_with_mentions()


def _record(path: Path) -> Record:
    doc = structure_document(ingest_file(path))
    return Record(source=doc.ingested.source, text=doc.text, header=doc.header, clauses=doc.clauses,
                  extraction=extract_mentions(doc))


def _scores(raw: Path, gold: Path) -> dict[str, float]:
    report: EvalReport = evaluate_records([_record(raw / f"{stem}.txt") for stem in STEMS], gold, stems=STEMS)
    scores = {k: v for k, v in report.f1().items() if k in FIELDS}
    scores |= {f"award {k}": c / t for k, (c, t) in report.award_attributes.items() if t}
    return scores


@cache
def _original() -> dict[str, float]:
    return _scores(DOCS, GOLD)


@pytest.mark.parametrize("seed", PERTURB_SEEDS)
def test_perturbed_tuning_documents_score_as_the_originals(seed: int, tmp_path: Path) -> None:
    write_perturbed(STEMS, DOCS, GOLD, tmp_path, seed, maker=make_corpus)
    got = _scores(tmp_path / "raw", tmp_path / "gold")
    original = _original()
    assert set(got) == set(original)
    for name, value in original.items():
        assert abs(got[name] - value) <= 0.01, f"seed {seed}: {name} {got[name]:.4f} vs {value:.4f}"


def test_the_set_is_the_tuning_documents_with_mentions() -> None:
    check = json.loads((ROOT / "tests" / "corpus" / "split.json").read_text(encoding="utf-8"))["check"]
    assert len(STEMS) >= 15 and not set(STEMS) & set(check)


@pytest.mark.parametrize("stem", STEMS)
def test_every_number_place_agency_and_subject_changes(stem: str) -> None:
    text = (DOCS / f"{stem}.txt").read_text(encoding="utf-8")
    gold = json.loads((GOLD / f"{stem}.json").read_text(encoding="utf-8"))
    p = make_corpus(1)
    new_text, new_gold = perturb(text, gold, 1, maker=make_corpus)
    for word in p.places:
        if word in text:
            assert re.sub("|".join(p.places.values()), "", new_text).count(word) == 0, word
    assert len(MONEY_RUN.findall(new_text)) == len(MONEY_RUN.findall(text))
    assert len(PERCENT.findall(new_text)) == len(PERCENT.findall(text))
    for a, b in zip(gold["amounts"], new_gold["amounts"]):
        assert b["value"] != a["value"] or a["value"] == 0
        assert b["text"] in new_text
    for a, b in zip(gold["awards"], new_gold["awards"]):
        assert (a["amount"] is None) == (b["amount"] is None) and (a["rate"] is None) == (b["rate"] is None)
        assert a["condition"] == b["condition"] or rewrite(p, a["condition"]) == b["condition"]


@pytest.mark.parametrize(("text", "expected"), [
    ("河北省工业和信息化厅、省科学技术厅", "江西省经济和信息化厅、省科技创新厅"),
    ("对承德市、雄安新区的奶牛场给予最高50万元奖励", "对蚌埠市、江北新区的肉牛场给予最高100万元奖励"),
    ("驻冀院所吸纳京津冀钢铁企业成果", "驻赣院所吸纳长三角有色金属企业成果"),
    ("按实际投入20%给予补助，最高不超过500万元", "按实际投入23%给予补助，最高不超过1000万元"),
])
def test_corpus_rewrite_forms(text: str, expected: str) -> None:
    assert rewrite(make_corpus(1), text) == expected
    assert set(make_corpus(1).places) >= set(CORPUS_PLACES)
