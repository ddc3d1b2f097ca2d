"""kill -9 at every step of `build` and `ingest`, then each other command: the corpus comes out right.

The killed command runs in a forked child (the NLP pipeline already loaded, so each case
takes a second, not a fresh interpreter's start-up) that SIGKILLs itself when it reaches the
step; no `finally` runs, as after a real `kill -9`.  Then `build`, `ingest` or `extract` runs on
a copy of what was left: it takes the corpus lock, rolls back a half-committed journal, removes
the staging folders and temporary files, and its result is what it would have been after a
clean run — for build and ingest, byte for byte what a fresh build of raw_docs/ writes.
"""
from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from support import CITED_DOC, build_into, snapshot
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.maintain.lock import corpus_lock
from pipeline.maintain.transaction import JOURNAL, TXN_PREFIX, pending

ROOT = Path(__file__).resolve().parents[2]
RUNNER = CliRunner()
NEW = "100_cited.txt"
# a kill between a commit's last rename and the removal of its journal: every file is the new
# one, and the journal says to roll them all back
JOURNAL_DROP = "journal-dropped"


def _die_dropping_the_journal() -> None:
    real = Path.unlink

    def dying(self: Path, *args: object, **kwargs: object) -> None:
        if self.name == JOURNAL:
            os.kill(os.getpid(), signal.SIGKILL)
        real(self, *args, **kwargs)  # type: ignore[arg-type]

    Path.unlink = dying  # type: ignore[method-assign]

# (function looked up at call time, which call kills): the steps of each command, in order
BUILD_STEPS = [("pipeline.engine.document.structure_document", 3),  # reading the documents
               ("pipeline.engine.assembly.link_views", 1),  # linking
               ("pipeline.engine.sinks.atomic_write_bytes", 3),  # writing the records
               ("pipeline.engine.sinks.sync_folder", 1),  # records written, not yet synced
               ("pipeline.graph.write_turtle", 1),  # graph.nt written, graph.ttl not
               ("pipeline.engine.sinks.FileSink.write_manifest", 1),  # everything staged but the manifest
               ("pipeline.maintain.transaction._swap", 2),  # the staged build half swapped in
               (JOURNAL_DROP, 1)]  # every file swapped in, the journal not yet dropped
INGEST_STEPS = [("pipeline.engine.document.structure_document", 1),  # reading the new file
                ("pipeline.maintain.dedupe.drop_duplicates", 1),  # admitting it
                ("pipeline.engine.assembly.link_views", 1),  # linking the new corpus
                ("pipeline.maintain.sink.stage_bytes", 2),  # staging the records
                ("pipeline.graph.write_turtle", 1),  # staging the graph
                ("pipeline.maintain.ingest.link_only", 1),  # the corpus as it was, for the report
                ("pipeline.maintain.transaction._swap", 2),  # half-way through the commit
                ("pipeline.maintain.ingest.fill_cache", 1)]  # committed, the cache not yet filled
FOLLOW_UPS = ["build", "ingest", "extract"]


def _die_at(target: str, nth: int) -> None:
    """Replace `target` by a function that runs it, except on call `nth`, where the process dies."""
    if target == JOURNAL_DROP:
        _die_dropping_the_journal()
        return
    module_name, _, attr = target.rpartition(".")
    owner: object
    try:
        owner = sys.modules[module_name] if module_name in sys.modules else __import__(module_name, fromlist=["x"])
    except ImportError:  # a method: module.Class.attr
        module_name, _, cls = module_name.rpartition(".")
        owner = getattr(__import__(module_name, fromlist=["x"]), cls)
    real = getattr(owner, attr)
    calls = [0]

    def dying(*args: object, **kwargs: object) -> object:
        calls[0] += 1
        if calls[0] == nth:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(*args, **kwargs)

    setattr(owner, attr, dying)


def _child(target: str, nth: int, args: list[str]) -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    sys.stdout = sys.stderr = open(os.devnull, "w")  # noqa: SIM115 (the process ends without closing anything)
    _die_at(target, nth)
    try:
        app(args, prog_name="policykg")
    finally:
        os._exit(0)  # it was meant to die before this


def _killed(target: str, nth: int, args: list[str]) -> None:
    child = multiprocessing.get_context("fork").Process(target=_child, args=(target, nth, args))
    child.start()
    child.join(120)
    assert child.exitcode == -signal.SIGKILL, f"the command did not reach {target} (call {nth}): {child.exitcode}"


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _leftovers(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*")
                  if p.name.startswith((".staging-", ".policykg-txn-")) or p.name.endswith(".tmp"))


def _follow_up(command: str, root: Path, incoming: Path) -> None:
    if command == "build":
        args = ["build", str(root / "raw_docs"), "-o", str(root / "extracted"), "-j", "1"]
    elif command == "ingest":
        args = ["ingest", str(incoming), "--root", str(root), "--no-shacl"]
    else:
        args = ["extract", str(root / "raw_docs" / "003_3d7294011066eb67.txt"), "-o", str(root / "extracted")]
    result = RUNNER.invoke(app, ["-q", *args])
    assert result.exit_code == 0, result.stderr
    assert _leftovers(root) == []


def _check(command: str, root: Path, tmp_path: Path) -> None:
    """After build or ingest, extracted/ is a fresh build of raw_docs/; after extract, the
    record it wrote is the document's own and the rest of the corpus is consistent."""
    fresh = tmp_path / "fresh"
    build_into(root / "raw_docs", fresh)
    if command in ("build", "ingest"):
        assert _files(root / "extracted") == _files(fresh)
    else:
        assert (root / "extracted/003_3d7294011066eb67.json").is_file()


@pytest.fixture
def states(corpus: Path, tmp_path: Path) -> dict[str, Path]:
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    (incoming / NEW).write_text(CITED_DOC, encoding="utf-8")
    return {"root": corpus, "incoming": incoming / NEW}


@pytest.mark.parametrize("step", BUILD_STEPS, ids=lambda s: f"{s[0].rsplit('.', 1)[-1]}#{s[1]}")
def test_a_build_killed_at_any_step(states: dict[str, Path], tmp_path: Path, step: tuple[str, int]) -> None:
    root = states["root"]
    shutil.copy(states["incoming"], root / "raw_docs" / NEW)  # a build with something to change
    _killed(*step, ["build", str(root / "raw_docs"), "-o", str(root / "extracted"), "-j", "1"])
    for command in FOLLOW_UPS:
        copy = tmp_path / command
        shutil.copytree(root, copy)
        _follow_up(command, copy, states["incoming"])
        _check(command, copy, tmp_path / f"{command}-check")


@pytest.mark.parametrize("step", INGEST_STEPS, ids=lambda s: f"{s[0].rsplit('.', 1)[-1]}#{s[1]}")
def test_an_ingest_killed_at_any_step(states: dict[str, Path], tmp_path: Path, step: tuple[str, int]) -> None:
    root = states["root"]
    before = sorted(p.name for p in (root / "raw_docs").iterdir())
    _killed(*step, ["ingest", str(states["incoming"]), "--root", str(root), "--no-shacl"])
    committed = step[0].endswith("fill_cache")
    for command in FOLLOW_UPS:
        copy = tmp_path / command
        shutil.copytree(root, copy)
        _follow_up(command, copy, states["incoming"])
        raw = sorted(p.name for p in (copy / "raw_docs").iterdir())
        # rolled back unless the kill came after the commit; ingest then adds it (again: a no-op)
        assert raw == sorted(before + [NEW]) if committed or command == "ingest" else raw == before
        _check(command, copy, tmp_path / f"{command}-check")


# --- commands that read a corpus an ingest was killed in the middle of committing ---------

COMMIT_KILLS = [("pipeline.maintain.transaction._swap", 1),  # journal written, nothing renamed yet
                ("pipeline.maintain.transaction._swap", 2),  # one record renamed in, the rest old
                (JOURNAL_DROP, 1)]  # every file renamed in (raw_docs/ holds the new file)
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def _kill_an_ingest(states: dict[str, Path], tmp_path: Path, step: tuple[str, int]) -> Path:
    """A copy of the corpus with an ingest killed at `step` of its commit: its journal left."""
    root = tmp_path / "killed"
    shutil.copytree(states["root"], root)
    _killed(*step, ["ingest", str(states["incoming"]), "--root", str(root), "--no-shacl"])
    assert pending(root), "the kill must leave an unfinished commit"
    return root


def _without_store(snap: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in snap.items() if not k.startswith("extracted/graph.oxigraph")}


def _query(graph: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """`policykg query` as a fresh process (nothing of the killed one in memory)."""
    return subprocess.run([sys.executable, "-m", "pipeline", "query", "--graph", str(graph), "--format", "csv",
                           *extra, COUNT], cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)


@pytest.mark.parametrize("step", COMMIT_KILLS, ids=lambda s: f"{s[0].rsplit('.', 1)[-1]}#{s[1]}")
def test_reading_a_corpus_after_a_killed_commit_rolls_it_back_first(states: dict[str, Path], tmp_path: Path,
                                                                    step: tuple[str, int]) -> None:
    before = snapshot(states["root"])
    expected = _query(states["root"] / "extracted" / "graph.ttl", "--store", "memory")
    assert expected.returncode == 0, expected.stderr
    root = _kill_an_ingest(states, tmp_path, step)
    if step[0] == JOURNAL_DROP:
        assert (root / "raw_docs" / NEW).is_file()  # the half-committed state a reader must not see
    result = _query(root / "extracted" / "graph.ttl")  # the default store, built beside the graph
    assert (result.returncode, result.stdout) == (0, expected.stdout), result.stderr
    assert "rolled back the unfinished commit" in result.stderr
    assert _without_store(snapshot(root)) == before and not list(root.glob(f"{TXN_PREFIX}*"))


def test_build_and_eval_of_a_killed_corpus_read_it_rolled_back(states: dict[str, Path], tmp_path: Path) -> None:
    """Build of raw_docs/ into another folder, and eval over it: the inputs listed after the rollback."""
    before = snapshot(states["root"])
    for command in ("build", "eval"):
        root = _kill_an_ingest(states, tmp_path / command, (JOURNAL_DROP, 1))
        out = tmp_path / command / "out"
        if command == "build":
            args = ["build", str(root / "raw_docs"), "-o", str(out), "-j", "1"]
        else:
            args = ["eval", "--set", "seeds", "--raw", str(root / "raw_docs"), "--report", str(out / "eval.json")]
        result = RUNNER.invoke(app, args)
        assert "rolled back the unfinished commit" in result.stderr
        assert snapshot(root) == before
        if command == "build":
            assert result.exit_code == 0, result.stderr
            assert _files(out) == _files(states["root"] / "extracted")
        else:  # the new document was not read: no record of it, labelled or not
            report = json.loads((out / "eval.json").read_text(encoding="utf-8"))["sets"]["seeds"]
            assert report["unlabelled"] == [] and report["gate"]["failed_inputs"] == {}


def test_a_commit_being_made_is_refused_in_one_line(states: dict[str, Path], tmp_path: Path) -> None:
    """The corpus lock held (the committing command alive): readers refuse, nothing is touched."""
    root = _kill_an_ingest(states, tmp_path, COMMIT_KILLS[1])
    left = snapshot(root)
    txn = pending(root)[0].name
    with corpus_lock(root):
        for args in (["query", "--graph", str(root / "extracted" / "graph.ttl"), "--store", "memory", COUNT],
                     ["build", str(root / "raw_docs"), "-o", str(tmp_path / "out"), "-j", "1"]):
            result = RUNNER.invoke(app, args)
            assert (result.exit_code, result.stderr) == (2, (
                f"policykg: error: {root}: the corpus has an unfinished transaction ({txn}) that another policykg "
                "command is committing (wait for it to finish, then run the command again)\n")), result.stderr
    assert snapshot(root) == left and not (tmp_path / "out").exists()


def test_a_commit_that_cannot_be_rolled_back_here_is_refused_with_the_way_out(
        states: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = snapshot(states["root"])
    root = _kill_an_ingest(states, tmp_path, COMMIT_KILLS[1])
    left = snapshot(root)

    def denied(*args: object) -> None:  # a reader without write access to the corpus
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("pipeline.maintain.transaction.rollback", denied)
    result = RUNNER.invoke(app, ["query", "--graph", str(root / "extracted" / "graph.ttl"), "--store", "memory",
                                 COUNT])
    assert result.exit_code == 2
    assert result.stderr.endswith(f"cannot be rolled back from here (Permission denied) (run `policykg recover "
                                  f"{root}` as a user who can write it)\n"), result.stderr
    assert [ln for ln in result.stderr.splitlines() if ln.startswith("policykg: error:")] == \
        result.stderr.splitlines()[-1:]
    assert snapshot(root) == left
    monkeypatch.undo()
    result = RUNNER.invoke(app, ["recover", str(root)])
    assert result.exit_code == 0 and result.stdout.startswith(f"{root}: cleaned {TXN_PREFIX}"), result.output
    assert snapshot(root) == before and not pending(root)
    assert RUNNER.invoke(app, ["recover", str(root)]).stdout == f"{root}: nothing to recover\n"
