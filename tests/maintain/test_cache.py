"""The record cache: keyed by name, bytes and pipeline version; damage means a miss, never wrong data."""
from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import pytest
from support import SEED_RAW

from pipeline.engine import process_file
from pipeline.engine.cache import CACHE_DIR_NAME, RecordCache, pipeline_version

SEED = SEED_RAW / "003_3d7294011066eb67.txt"


@pytest.fixture(scope="module")
def record():  # type: ignore[no-untyped-def]
    return process_file(SEED)


def test_round_trip(tmp_path: Path, record) -> None:  # type: ignore[no-untyped-def]
    cache = RecordCache(tmp_path)
    assert cache.get(record.source.file, record.source.sha256) is None
    cache.put(record)
    assert cache.get(record.source.file, record.source.sha256) == record


@pytest.mark.parametrize("name,sha", [("other.txt", None), (None, "0" * 64)])
def test_other_name_or_bytes_miss(tmp_path: Path, record, name: str | None,  # type: ignore[no-untyped-def]
                                  sha: str | None) -> None:
    cache = RecordCache(tmp_path)
    cache.put(record)
    assert cache.get(name or record.source.file, sha or record.source.sha256) is None


def test_another_pipeline_version_misses_and_is_pruned(tmp_path: Path, record) -> None:  # type: ignore[no-untyped-def]
    old = RecordCache(tmp_path, version="1" * 64)
    old.put(record)
    new = RecordCache(tmp_path, version="2" * 64)
    assert new.get(record.source.file, record.source.sha256) is None
    assert new.prune() == 1
    assert [p.name for p in (tmp_path / CACHE_DIR_NAME).iterdir()] == []


@pytest.mark.parametrize("damage", [b"", b"{not json", b'{"schema": "policykg.record/1"}'])
def test_a_damaged_entry_is_a_miss(tmp_path: Path, record, damage: bytes,  # type: ignore[no-untyped-def]
                                   caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)  # a CLI test run before may have set the root logger to ERROR (-q)
    cache = RecordCache(tmp_path)
    cache.put(record)
    entry = next(cache.dir.glob("*.json"))
    entry.write_bytes(damage)
    assert cache.get(record.source.file, record.source.sha256) is None
    assert "unreadable" in caplog.text


def test_an_entry_of_another_input_under_this_key_is_a_miss(tmp_path: Path, record) -> None:  # type: ignore[no-untyped-def]
    cache = RecordCache(tmp_path)
    cache.put(record)
    entry = next(cache.dir.glob("*.json"))
    data = json.loads(entry.read_text(encoding="utf-8"))
    data["source"]["sha256"] = "f" * 64
    entry.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert cache.get(record.source.file, record.source.sha256) is None


def test_pipeline_version_is_stable_and_hex() -> None:
    assert pipeline_version() == pipeline_version()
    assert len(pipeline_version()) == 64 and int(pipeline_version(), 16) >= 0


def test_ingest_rereads_a_document_whose_cache_entry_is_damaged(corpus: Path, inputs: Path) -> None:
    """The corpus after an ingest is the same whether the cache was whole or damaged."""
    from support import CITED_DOC, ingest

    for entry in (corpus / CACHE_DIR_NAME).rglob("*.json"):
        entry.write_text("{", encoding="utf-8")
    path = inputs / "100_cited.txt"
    path.write_text(CITED_DOC, encoding="utf-8")
    report = ingest([path], corpus)
    assert report.processed == 5 and report.reused == 0
    assert json.loads((corpus / "extracted/manifest.json").read_text(encoding="utf-8"))["counts"]["documents"] == 6


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_cache_that_cannot_be_written_after_the_commit_is_a_warning(corpus: Path, inputs: Path, jobs: str,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The ingest has committed when the cache is filled (by the workers with -j 2): a quota then
    is one warning and exit 0, never an error of a done ingest; the next run reads those again."""
    import errno

    from support import CITED_DOC
    from typer.testing import CliRunner

    from pipeline.cli import app

    def over_quota(self: RecordCache, record: object) -> None:
        raise OSError(errno.EDQUOT, "Disk quota exceeded", str(self.dir / "x.json"))

    monkeypatch.setattr(RecordCache, "put", over_quota)  # before the workers fork: theirs too
    shutil.rmtree(corpus / CACHE_DIR_NAME)  # every record to store: several, so -j 2's workers store them
    path = inputs / "100_cited.txt"
    path.write_text(CITED_DOC, encoding="utf-8")
    result = CliRunner().invoke(app, ["ingest", str(path), "--root", str(corpus), "--no-shacl", "-j", jobs])
    assert result.exit_code == 0, result.stderr
    lines = [ln for ln in result.stderr.splitlines() if "record cache" in ln]
    assert len(lines) == 1 and "Disk quota exceeded" in lines[0] and "the ingest is committed" in lines[0]
    assert "policykg: error" not in result.stderr
    assert (corpus / "raw_docs" / "100_cited.txt").read_text(encoding="utf-8") == CITED_DOC
    assert "100_cited.txt" in json.loads((corpus / "extracted" / "manifest.json").read_text(encoding="utf-8"))["inputs"]
