"""The per-document budget (`--max-seconds`): a document still in a stage after it is refused with
one line naming the stage, and the rest of the build goes on."""
from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.engine import Options, document, process_file
from pipeline.errors import BudgetExceeded, InternalError

SEEDS = Path(__file__).resolve().parents[2] / "tests" / "seeds"
SLOW = "002_5d0181b67baf112a.txt"


@pytest.fixture
def slow_structure(monkeypatch: pytest.MonkeyPatch) -> None:
    """Structure takes 3 s on one seed (a stand-in for a super-linear stage), at once on the others."""
    real = document.structure_document

    def structure(ingested):  # type: ignore[no-untyped-def]
        if ingested.source.file == SLOW:
            time.sleep(3)
        return real(ingested)

    monkeypatch.setattr(document, "structure_document", structure)


def test_a_build_refuses_the_slow_document_and_writes_the_others(slow_structure: None, tmp_path: Path) -> None:
    t0 = time.monotonic()
    result = CliRunner().invoke(app, ["-q", "build", str(SEEDS), "-o", str(tmp_path / "out"), "-j", "1",
                                      "--max-seconds", "1"])
    assert time.monotonic() - t0 < 30
    assert result.exit_code == 1
    assert result.stderr == (f"policykg: error: {SLOW}: refused: still in the structure stage after the 1-second "
                             "budget (raise --max-seconds, or split the document)\n")
    written = sorted(p.name for p in (tmp_path / "out").glob("0*.json"))
    assert written == sorted(f"{p.stem}.json" for p in SEEDS.glob("*.txt") if p.name != SLOW)


def test_the_budget_is_one_total_over_the_stages(monkeypatch: pytest.MonkeyPatch) -> None:
    """1.2 s in each of ingest, structure and extract: each within 3 s, all three not."""
    def slowly(real):  # type: ignore[no-untyped-def]
        def run(*args, **kwargs):  # type: ignore[no-untyped-def]
            time.sleep(1.2)
            return real(*args, **kwargs)
        return run

    for name in ("ingest_file", "structure_document", "extract_mentions"):
        monkeypatch.setattr(document, name, slowly(getattr(document, name)))
    with pytest.raises(BudgetExceeded) as caught:
        process_file(SEEDS / SLOW, Options(max_seconds=3))
    assert caught.value.stage == "extract"
    budget = document.Budget(60, SLOW)
    process_file(SEEDS / SLOW, Options(max_seconds=60), budget)
    assert 3.6 < budget.spent < 30  # what the three stages took, for the stages after


def test_no_budget_with_zero(slow_structure: None, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["-q", "extract", str(SEEDS / SLOW), "-o", str(tmp_path), "--max-seconds", "0"])
    assert result.exit_code == 0, result.stderr


def test_outside_the_main_thread_the_budget_is_checked_when_a_stage_ends(slow_structure: None) -> None:
    """No signal reaches a thread (a Dask worker's): the stage runs to its end, then the document is refused."""
    caught: list[BaseException] = []

    def run() -> None:
        try:
            process_file(SEEDS / SLOW, Options(max_seconds=1))
        except BaseException as exc:  # noqa: BLE001 (handed to the test thread)
            caught.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(60)
    assert len(caught) == 1 and isinstance(caught[0], BudgetExceeded) and caught[0].stage == "structure"


def test_a_crash_in_the_warm_up_is_one_error_naming_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    """The set-up before the first budgeted document (spaCy, jieba) fails like a stage does:
    an InternalError naming the file, not a bare traceback."""
    def broken() -> None:
        raise RuntimeError("no model")

    monkeypatch.setattr(document, "warm_up", broken)
    with pytest.raises(InternalError) as err:
        process_file(SEEDS / SLOW, Options(max_seconds=60))
    assert err.value.one_line() == (f"{SLOW}: internal error while reading it: RuntimeError: no model "
                                    "(run with -v for the traceback)")
