"""The bench's synthetic corpus: reproducible, varied, and still 公文 the pipeline can read."""
from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import pytest

from pipeline import ingest_file, structure_document

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from bench.synth import _shift_dates, _shuffle_items, _vary_numbers, build_corpus_dir, vary_document

SEEDS = sorted((ROOT / "tests" / "seeds").glob("*.txt"))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return build_corpus_dir(ROOT / "tests" / "seeds", tmp_path_factory.mktemp("syn"), 25)


def test_same_settings_same_corpus(corpus, tmp_path: Path):
    again = build_corpus_dir(ROOT / "tests" / "seeds", tmp_path, 25)
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in corpus]


def test_documents_differ_from_their_seed_and_each_other(corpus):
    texts = [p.read_bytes() for p in corpus]
    assert len(set(texts)) == len(texts)
    seeds = {p.read_bytes() for p in SEEDS}
    assert not seeds & set(texts)


def test_own_doc_numbers_are_unique_and_clauses_survive(corpus):
    seed_clauses = [len(structure_document(ingest_file(p)).clauses) for p in SEEDS]
    numbers = []
    for i, path in enumerate(corpus):
        doc = structure_document(ingest_file(path))
        numbers.append(doc.header.doc_number)
        assert len(doc.clauses) == seed_clauses[i % len(SEEDS)], path.name
    assert None not in numbers and len(set(numbers)) == len(numbers)


@pytest.mark.parametrize("text, days, expected", [
    ("2022年6月20日印发", 12, "2022年7月2日印发"),
    ("自2024年12月31日起", 1, "自2025年1月1日起"),
    ("2023年2月30日", 5, "2023年2月30日"),  # not a date: left as written
])
def test_dates_shift_by_calendar_days(text, days, expected):
    assert _shift_dates(text, days) == expected


@pytest.mark.parametrize("seed", range(6))
def test_numbers_scale_by_one_factor_and_keep_their_units(seed):
    out = _vary_numbers("最高200万元，按12%给予，不超过 1.5 亿元", random.Random(seed))
    m = re.fullmatch(r"最高([\d.]+)万元，按([\d.]+)%给予，不超过 ([\d.]+) 亿元", out)
    assert m, out
    factor = float(m.group(1)) / 200
    assert factor in (0.5, 0.8, 1.0, 1.5, 2.0, 3.0)
    assert float(m.group(3)) == pytest.approx(round(1.5 * factor, 1))
    assert float(m.group(2)) == max(1, min(100, round(12 * factor)))


def test_item_shuffle_keeps_labels_in_sequence():
    text = "一、总则\n\n（一）甲。\n\n（二）乙。\n\n（三）丙。\n\n二、附则"
    for seed in range(5):
        out = _shuffle_items(text, random.Random(seed))
        assert [ln[:3] for ln in out.split("\n") if ln.startswith("（")] == ["（一）", "（二）", "（三）"]
        assert sorted(ln[3:] for ln in out.split("\n") if ln.startswith("（")) == ["丙。", "乙。", "甲。"]


def test_every_seed_varies_without_error():
    for i, seed in enumerate(SEEDS):
        out = vary_document(seed.read_text(encoding="utf-8"), i, random.Random(i))
        assert 0.8 < len(out) / len(seed.read_text(encoding="utf-8")) < 1.3
