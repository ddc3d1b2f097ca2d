"""All or nothing: injected failures, a killed commit, and the lock leave the corpus byte-identical."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from support import CITED_DOC, ingest, snapshot

import pipeline.maintain.transaction as txn_mod
from pipeline.errors import InternalError, LockError
from pipeline.maintain.lock import corpus_lock
from pipeline.maintain.transaction import TXN_PREFIX, Transaction, recover


class Boom(RuntimeError):
    pass


def _raise(*args: object, **kwargs: object) -> None:
    raise Boom("injected")


def _new_input(inputs: Path) -> Path:
    path = inputs / "100_cited.txt"
    path.write_text(CITED_DOC, encoding="utf-8")
    return path


# every step ingest goes through, from reading the new file to validating the staged graph
STAGES = ["pipeline.engine.document.structure_document", "pipeline.engine.document.view_of",
          "pipeline.maintain.dedupe.drop_duplicates", "pipeline.engine.assembly.link_views",
          "pipeline.engine.assembly.resolved_by_file", "pipeline.maintain.sink.stage_bytes",
          "pipeline.maintain.sink.write_graph_files", "pipeline.engine.assembly.build_manifest",
          "pipeline.maintain.ingest.link_only", "pipeline.maintain.graph_stage.validate_file"]


@pytest.mark.parametrize("stage", STAGES)
def test_failure_in_any_stage_changes_nothing(corpus: Path, inputs: Path, stage: str,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    path = _new_input(inputs)
    before = snapshot(corpus)
    monkeypatch.setattr(stage, _raise)
    with pytest.raises((Boom, InternalError)):
        ingest([path], corpus, validate=stage.endswith("validate_file"))
    assert snapshot(corpus) == before
    assert not list(corpus.glob(f"{TXN_PREFIX}*"))


@pytest.mark.parametrize("fail_at", [1, 2, 3])
def test_failure_mid_commit_rolls_every_file_back(corpus: Path, inputs: Path, fail_at: int,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The n-th rename into place fails: the renames before it are undone."""
    path = _new_input(inputs)
    before = snapshot(corpus)
    real_swap = txn_mod._swap
    calls = []

    def swap(src: Path, dst: Path) -> None:
        calls.append(dst)
        if len(calls) == fail_at:
            raise OSError("disk full (injected)")
        real_swap(src, dst)

    monkeypatch.setattr(txn_mod, "_swap", swap)
    with pytest.raises(OSError, match="injected"):
        ingest([path], corpus)
    assert len(calls) == fail_at
    assert snapshot(corpus) == before
    assert not list(corpus.glob(f"{TXN_PREFIX}*"))


def test_commit_killed_half_way_is_rolled_back_by_the_next_run(corpus: Path, inputs: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """A process that dies mid-commit leaves its journal; the next ingest restores the old state first."""
    path = _new_input(inputs)
    before = snapshot(corpus)
    real_swap = txn_mod._swap
    calls = []

    def swap(src: Path, dst: Path) -> None:
        calls.append(dst)
        if len(calls) == 3:
            raise KeyboardInterrupt  # stands in for the process dying
        real_swap(src, dst)

    monkeypatch.setattr(txn_mod, "_swap", swap)
    monkeypatch.setattr(txn_mod, "rollback", _raise)  # dead processes roll nothing back
    with pytest.raises((KeyboardInterrupt, Boom)):
        ingest([path], corpus)
    assert list(corpus.glob(f"{TXN_PREFIX}*")), "the journal must survive for recovery"
    assert snapshot(corpus) != before
    monkeypatch.undo()
    with corpus_lock(corpus):
        assert len(recover(corpus)) == 1
    assert snapshot(corpus) == before
    report = ingest([path], corpus)  # and the corpus is usable again
    assert "raw_docs/100_cited.txt" in report.changed_files


def test_lock_refuses_a_second_ingest(corpus: Path, inputs: Path) -> None:
    """Another process holds the corpus lock: LockError at once, nothing changed."""
    path = _new_input(inputs)
    holder = subprocess.Popen(
        [sys.executable, "-c",
         ("import sys; from pathlib import Path; from pipeline.maintain.lock import corpus_lock\n"
         "with corpus_lock(Path(sys.argv[1])):\n    print('locked', flush=True); sys.stdin.read()"),
         str(corpus)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        before = snapshot(corpus)
        with pytest.raises(LockError) as info:
            ingest([path], corpus)
        assert info.value.exit_code == 2
        assert snapshot(corpus) == before
    finally:
        holder.communicate("", timeout=30)
    assert holder.returncode == 0
    assert "raw_docs/100_cited.txt" in ingest([path], corpus).changed_files  # free again


def test_transaction_stages_only_changed_bytes(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a/same.txt").write_bytes(b"x")
    (tmp_path / "a/old.txt").write_bytes(b"old")
    with Transaction(tmp_path) as txn:
        assert txn.stage("a/same.txt", b"x") is False
        assert txn.stage("a/old.txt", b"new") is True
        assert txn.stage("b/c/new.txt", b"n") is True
        assert sorted(txn.commit()) == ["a/old.txt", "b/c/new.txt"]
    assert (tmp_path / "a/old.txt").read_bytes() == b"new"
    assert (tmp_path / "b/c/new.txt").read_bytes() == b"n"
    assert not list(tmp_path.glob(f"{TXN_PREFIX}*"))


def test_rollback_removes_new_files_and_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "keep.txt").write_bytes(b"keep")
    calls = []

    def swap(src: Path, dst: Path) -> None:
        calls.append(dst)
        if len(calls) == 2:
            raise OSError("injected")
        txn_mod.os.replace(src, dst)

    monkeypatch.setattr(txn_mod, "_swap", swap)
    with Transaction(tmp_path) as txn:
        txn.stage("new/deep/one.txt", b"1")
        txn.stage("keep.txt", b"changed")
        with pytest.raises(OSError):
            txn.commit()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.txt"]
    assert (tmp_path / "keep.txt").read_bytes() == b"keep"
