"""Issue 20: `--max-seconds` is one budget per document over all its stages — its reading and
what it triggers after: link, graph and the SHACL check of the graph — refused with one line
naming the stage where the budget ran out, and the corpus as it was.  The slow stage is a
stand-in (a sleep), so the test does not depend on the machine."""
from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from support import CITED_DOC, snapshot
from typer.testing import CliRunner

import pipeline.graph.validate as validate_mod
from pipeline.cli import app
from pipeline.engine import document
from pipeline.engine.document import Budget
from pipeline.errors import BudgetExceeded
from pipeline.maintain import graph_stage, ingest_documents


def _new_input(inputs: Path) -> Path:
    path = inputs / "100_cited.txt"
    path.write_text(CITED_DOC, encoding="utf-8")
    return path


def _slow_check(monkeypatch: pytest.MonkeyPatch, seconds: float) -> None:
    real = graph_stage.validate_file

    def slow(*args, **kwargs):  # type: ignore[no-untyped-def]
        time.sleep(seconds)
        return real(*args, **kwargs)

    monkeypatch.setattr(graph_stage, "validate_file", slow)


def test_an_ingest_still_in_its_shacl_check_after_the_budget_is_refused(
        corpus: Path, inputs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _new_input(inputs)
    _slow_check(monkeypatch, 30)
    before = snapshot(corpus)
    t0 = time.monotonic()
    result = CliRunner().invoke(app, ["-q", "ingest", str(path), "--root", str(corpus), "-j", "1", "--max-seconds", "4"])
    assert time.monotonic() - t0 < 25  # the timer stopped the check: it did not sleep on
    assert result.exit_code == 1, result.stderr
    assert result.stderr == ("policykg: error: 100_cited.txt: refused: still in the SHACL check stage after the "
                             "4-second budget (raise --max-seconds, or split the document)\n")
    assert snapshot(corpus) == before


def test_the_reading_and_the_check_share_one_budget(corpus: Path, inputs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Structure takes 3 s and the SHACL check 3 s: each within 5 s, both together not."""
    path = _new_input(inputs)
    real = document.structure_document

    def slow_structure(ingested):  # type: ignore[no-untyped-def]
        if ingested.source.file == path.name:
            time.sleep(3)
        return real(ingested)

    monkeypatch.setattr(document, "structure_document", slow_structure)
    _slow_check(monkeypatch, 3)
    before = snapshot(corpus)
    t0 = time.monotonic()
    result = CliRunner().invoke(app, ["-q", "ingest", str(path), "--root", str(corpus), "-j", "1", "--max-seconds", "5"])
    assert result.exit_code == 1, result.stderr
    assert result.stderr == ("policykg: error: 100_cited.txt: refused: still in the SHACL check stage after the "
                             "5-second budget (raise --max-seconds, or split the document)\n")
    assert time.monotonic() - t0 < 25
    assert snapshot(corpus) == before
    result = CliRunner().invoke(app, ["-q", "ingest", str(path), "--root", str(corpus), "-j", "1", "--max-seconds", "60"])
    assert result.exit_code == 0, result.stderr


def test_within_the_budget_the_ingest_commits(corpus: Path, inputs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _new_input(inputs)
    _slow_check(monkeypatch, 1)
    report = ingest_documents([path], corpus, options=_options(60))
    assert report.shacl.available and report.shacl.conforms
    assert (corpus / "raw_docs" / path.name).is_file()


def test_without_a_timer_the_check_is_refused_between_its_chunks(
        corpus: Path, inputs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Outside the main thread no signal interrupts: the SHACL check asks the budget between
    chunks (here a chunk takes a second and the graph is cut into many)."""
    path = _new_input(inputs)
    monkeypatch.setattr(validate_mod, "CHUNK_TRIPLES", 200)
    real_run = validate_mod._Plan.run

    def slow_run(self, graph, nodes):  # type: ignore[no-untyped-def]
        time.sleep(1)
        return real_run(self, graph, nodes)

    monkeypatch.setattr(validate_mod._Plan, "run", slow_run)
    monkeypatch.setattr(graph_stage, "validate_file",
                        lambda graph, check=None: validate_mod.validate_file(graph, chunk=200, check=check))
    before = snapshot(corpus)
    caught: list[BaseException] = []

    def run() -> None:
        try:
            ingest_documents([path], corpus, options=_options(3))
        except BaseException as exc:  # noqa: BLE001 (handed to the test thread)
            caught.append(exc)

    thread = threading.Thread(target=run)
    t0 = time.monotonic()
    thread.start()
    thread.join(300)
    assert len(caught) == 1 and isinstance(caught[0], BudgetExceeded), caught
    assert "still in the SHACL check stage" in caught[0].one_line()
    assert time.monotonic() - t0 < 60  # refused after a chunk or two, not after every chunk
    assert snapshot(corpus) == before


def test_a_budget_spent_before_it_runs_is_refused_at_once() -> None:
    budget = Budget(1, "x.txt", spent=0.6)
    with budget.running():
        time.sleep(0.1)
    assert 0.69 < budget.spent < 1  # the total, carried on
    t0 = time.monotonic()
    with pytest.raises(BudgetExceeded), budget.running():
        budget.current = "graph"
        time.sleep(5)  # the timer fires after what is left of the second, not a whole one
    assert time.monotonic() - t0 < 0.8
    with pytest.raises(BudgetExceeded), Budget(1, "x.txt", spent=1.5).running():
        raise AssertionError("not reached")


def test_the_budget_checks_only_while_running() -> None:
    budget = Budget(0.01, "x.txt")
    time.sleep(0.05)
    budget.check()  # not running: nothing to refuse
    with pytest.raises(BudgetExceeded), budget.running():
        budget.current = "graph"
        time.sleep(0.05)
        budget.check()


def _options(seconds: float):  # type: ignore[no-untyped-def]
    from pipeline.engine import Options

    return Options(max_seconds=seconds)
