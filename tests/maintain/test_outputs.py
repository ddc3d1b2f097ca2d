"""Every command that writes a corpus: one at a time, after a killed run cleaned up, one file mode."""
from __future__ import annotations

import errno
import importlib
import os
import stat
from pathlib import Path

import pytest
from support import CITED_DOC, ingest, snapshot
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.maintain.lock import corpus_lock

RUNNER = CliRunner()


def _build(root: Path) -> tuple[int, str]:
    result = RUNNER.invoke(app, ["-q", "build", str(root / "raw_docs"), "-o", str(root / "extracted"), "-j", "1"])
    return result.exit_code, result.stderr


def test_build_takes_the_corpus_lock(corpus: Path) -> None:
    with corpus_lock(corpus) as lock:
        code, stderr = _build(corpus)
    assert (code, stderr) == (2, (f"policykg: error: {lock}: another policykg command is writing this corpus "
                                  "(wait for it to finish, then run the command again)\n"))


def test_a_killed_runs_leftovers_are_removed_by_the_next(corpus: Path) -> None:
    out = corpus / "extracted"
    (out / ".staging-abc123").mkdir()
    (out / ".staging-abc123" / "0123.pickle").write_bytes(b"half")
    (out / ".graph.nt.k2j4h5.tmp").write_bytes(b"half a graph")
    (out / ".notes").write_text("a maintainer's own file", encoding="utf-8")
    assert _build(corpus)[0] == 0
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == [".notes"]


def test_every_output_has_the_same_mode(corpus: Path, inputs: Path) -> None:
    """Records, graph files, manifest, corpus copies and cache entries: what the umask allows, not 0600."""
    assert _build(corpus)[0] == 0
    path = inputs / "100_cited.txt"
    path.write_text(CITED_DOC, encoding="utf-8")
    os.chmod(path, 0o600)  # the input's own mode is not the copy's
    ingest([path], corpus)
    umask = os.umask(0)
    os.umask(umask)
    modes = {str(p.relative_to(corpus)): stat.S_IMODE(p.stat().st_mode)
             for folder in ("raw_docs", "extracted", ".policykg-cache") for p in (corpus / folder).rglob("*")
             if p.is_file()}
    assert "raw_docs/100_cited.txt" in modes and "extracted/graph.ttl" in modes
    assert set(modes.values()) == {0o666 & ~umask}, {k: oct(v) for k, v in modes.items() if v != 0o666 & ~umask}


def _build_loud(root: Path) -> tuple[int, str]:
    result = RUNNER.invoke(app, ["build", str(root / "raw_docs"), "-o", str(root / "extracted"), "-j", "1"])
    return result.exit_code, result.stderr


def test_a_rebuild_swaps_in_only_what_changed_and_drops_what_it_no_longer_writes(corpus: Path) -> None:
    """Staged: unchanged files keep their bytes and times (a store of an unchanged graph stays
    current); the record of an input gone from raw_docs/ goes (the previous manifest listed it);
    a file no build wrote stays."""
    out = corpus / "extracted"
    (out / "notes.json").write_text("{}\n", encoding="utf-8")
    times = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    assert _build(corpus)[0] == 0
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == times
    (corpus / "raw_docs" / "004_3dc2365f799b5415.txt").unlink()
    assert _build(corpus)[0] == 0
    assert not (out / "004_3dc2365f799b5415.json").exists() and (out / "notes.json").is_file()
    assert (out / "003_3d7294011066eb67.json").stat().st_mtime_ns == times["003_3d7294011066eb67.json"]
    assert not list(corpus.glob(".policykg-txn-*"))


def test_the_staging_a_killed_build_left_is_removed_and_named(corpus: Path) -> None:
    left = corpus / ".policykg-txn-k1ll3d" / "new" / "extracted"
    left.mkdir(parents=True)
    (left / "000_56b4b2a5a32276d5.json").write_text("half", encoding="utf-8")
    code, stderr = _build_loud(corpus)
    assert code == 0, stderr
    assert f"removed {corpus}/.policykg-txn-k1ll3d, the staging a killed ingest or build left" in stderr
    assert not left.exists()


@pytest.mark.parametrize("command", ["build", "extract"])
@pytest.mark.parametrize("at", ["pipeline.engine.sinks.atomic_write_bytes", "pipeline.maintain.transaction._swap"])
def test_a_quota_at_a_write_or_a_rename_leaves_the_output_folder_as_it_was(
        corpus: Path, command: str, at: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """EDQUOT when a staged file is written, or when the commit renames one in (after the first
    rename: the rollback undoes it): one line naming the reason, exit 2, nothing changed, nothing left."""
    (corpus / "raw_docs" / "100_cited.txt").write_text(CITED_DOC, encoding="utf-8")  # something to change
    before = snapshot(corpus)
    real = _resolve(at)
    calls: list[object] = []

    def over_quota(*args: object, **kwargs: object) -> object:
        calls.append(args)
        if len(calls) == 2:
            raise OSError(errno.EDQUOT, "Disk quota exceeded")
        return real(*args, **kwargs)

    monkeypatch.setattr(at, over_quota)
    if command == "build":
        args = ["build", str(corpus / "raw_docs"), "-o", str(corpus / "extracted"), "-j", "1"]
    else:
        args = ["extract", *(str(p) for p in sorted((corpus / "raw_docs").iterdir())), "-o", str(corpus / "extracted"),
                "-j", "1"]  # one process: the calls are counted here
    result = RUNNER.invoke(app, ["-q", *args])  # -q: the documents' own warnings aside
    assert len(calls) >= 2
    assert result.exit_code == 2
    assert result.stderr == (f"policykg: error: {corpus / 'extracted'}: Disk quota exceeded while writing the outputs "
                             "(the output folder is as it was; free some space or fix the permissions, then run the "
                             "command again)\n")
    assert snapshot(corpus) == before
    assert not list(corpus.rglob(".policykg-txn-*")) and not list(corpus.rglob(".staging-*"))


def _resolve(target: str) -> object:
    module, _, name = target.rpartition(".")
    return getattr(importlib.import_module(module), name)
