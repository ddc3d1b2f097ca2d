"""The gate's thresholds: valid, only moving up, and enforced."""
from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from pipeline.config import PROJECT_DIR, THRESHOLDS_FILE
from pipeline.errors import ConfigError
from pipeline.evaluate import FIELDS, check_gate, load_thresholds, parse_thresholds, threshold_regressions


def test_committed_thresholds_are_valid_and_cover_every_field() -> None:
    t = load_thresholds(THRESHOLDS_FILE)
    assert set(t["min_f1"]) == set(FIELDS)
    for name, minimum in t["min_f1"].items():
        assert minimum <= t["target_f1"].get(name, 1.0), f"{name}: minimum above its target"
    # the targets for the extract fields
    assert t["target_f1"]["amounts"] >= 0.99
    assert t["target_f1"]["percentages"] >= 0.99
    assert t["target_f1"]["awards"] >= 0.95


def _head_version() -> dict | None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    rel = THRESHOLDS_FILE.relative_to(PROJECT_DIR).as_posix()
    proc = subprocess.run(["git", "show", f"HEAD:{rel}"], cwd=PROJECT_DIR, capture_output=True, text=True,
                          check=False)
    if proc.returncode != 0:
        return None  # not committed yet (or not a git checkout): nothing to compare with
    return json.loads(proc.stdout)


def test_thresholds_only_move_up_against_git_head() -> None:
    head = _head_version()
    if head is None:
        pytest.skip("eval_thresholds.json is not in git HEAD yet")
    old = parse_thresholds(head, "HEAD:eval_thresholds.json")["min_f1"]
    new = load_thresholds(THRESHOLDS_FILE)["min_f1"]
    assert threshold_regressions(old, new) == []


@pytest.mark.parametrize("old, new, problems", [
    ({"amounts": 0.5}, {"amounts": 0.6}, []),
    ({"amounts": 0.5}, {"amounts": 0.5, "awards": 0.1}, []),
    ({"amounts": 0.5}, {"amounts": 0.49}, ["amounts: minimum lowered 0.5 → 0.49"]),
    ({"amounts": 0.5}, {}, ["amounts: minimum 0.5 removed"]),
])
def test_threshold_regressions(old: dict, new: dict, problems: list[str]) -> None:
    assert threshold_regressions(old, new) == problems


@pytest.mark.parametrize("data, message", [
    ([], "need a `min_f1`"),
    ({"min_f1": {"amount": 0.5}}, "unknown field 'amount'"),
    ({"min_f1": {"amounts": 1.5}}, "must be a number in [0, 1]"),
    ({"min_f1": {}, "target_f1": {"awards": "high"}}, "must be a number in [0, 1]"),
])
def test_bad_thresholds_are_config_errors(data: object, message: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_thresholds(data)
    assert message in info.value.message


def test_check_gate() -> None:
    fails = check_gate({"amounts": 0.8, "awards": 0.95}, {"amounts": 0.9, "awards": 0.95, "clauses": 0.5})
    assert [f.field for f in fails] == ["amounts", "clauses"]  # a field missing from the report scores 0
    assert fails[0].one_line() == "amounts: F1 0.8000 < minimum 0.9000"
