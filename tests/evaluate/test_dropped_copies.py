"""Eval scores every document it was given: a copy link keeps once is still scored, on its own record."""
from __future__ import annotations

import shutil
from pathlib import Path

from pipeline.cli import _in_memory
from pipeline.config import PROJECT_DIR
from pipeline.engine.document import process_file
from pipeline.engine.sinks import record_bytes
from pipeline.evaluate import evaluate_records

SEEDS = PROJECT_DIR / "tests" / "seeds"
GOLD = PROJECT_DIR / "tests" / "gold"


def _corpus_with_a_copy(tmp_path: Path) -> tuple[Path, Path, str]:
    """Two seeds and a second copy of the first under another name (a crawl that fetched it twice)."""
    raw, gold = tmp_path / "raw", tmp_path / "gold"
    raw.mkdir()
    gold.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))[:2]
    for seed in seeds:
        shutil.copy(seed, raw / seed.name)
        shutil.copy(GOLD / f"{seed.stem}.json", gold / f"{seed.stem}.json")
    copy = f"{seeds[0].stem}_copy"
    shutil.copy(seeds[0], raw / f"{copy}.txt")
    shutil.copy(GOLD / f"{seeds[0].stem}.json", gold / f"{copy}.json")
    return raw, gold, copy


def test_the_dropped_copy_is_scored_on_its_own_record(tmp_path: Path) -> None:
    raw, gold, copy = _corpus_with_a_copy(tmp_path)
    linked, failures = _in_memory(raw, 1)
    assert failures == []
    assert [d for d, _ in linked.duplicates] == [f"{copy}.txt"]  # link keeps one copy ...
    by_file = {r.source.file: r for r in linked.records}
    assert set(by_file) == {p.name for p in raw.iterdir()}  # ... eval still gets every record
    # the dropped copy's record is the one structure and extract made of it, not its twin's
    assert record_bytes(by_file[f"{copy}.txt"]) == record_bytes(process_file(raw / f"{copy}.txt"))
    report = evaluate_records(list(linked.records), gold)
    assert report.missing_records == []
    assert set(report.documents) == {p.stem for p in raw.iterdir()}
    assert report.documents[copy]["title"].tp == 1 and report.documents[copy]["doc_number"].tp == 1


def test_without_duplicates_the_records_are_those_the_sink_holds(tmp_path: Path) -> None:
    linked, _ = _in_memory(SEEDS, 1)
    assert linked.duplicates == ()
    assert sorted(r.source.file for r in linked.records) == sorted(p.name for p in SEEDS.glob("*.txt"))
