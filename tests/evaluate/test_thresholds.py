"""The gate's thresholds: valid, only moving up, and enforced."""
from __future__ import annotations

import itertools
import json
import shutil
import subprocess

import pytest

from pipeline.config import PROJECT_DIR, THRESHOLDS_FILE
from pipeline.errors import ConfigError
from pipeline.evaluate import FIELDS, check_gate, load_thresholds, parse_thresholds, threshold_regressions
from pipeline.evaluate.lineage import LINEAGE_FIELDS
from pipeline.evaluate.sets import SET_NAMES


def test_committed_thresholds_are_valid_and_cover_every_field() -> None:
    t = load_thresholds(THRESHOLDS_FILE)
    assert set(t) <= set(SET_NAMES) and "seeds" in t
    for set_name, sections in t.items():
        assert set(FIELDS) <= set(sections["min_f1"]) <= set(FIELDS) | set(LINEAGE_FIELDS), set_name
        if set_name != "seeds":  # the corpus sets have lineage gold, so their lineage is gated too
            assert set(LINEAGE_FIELDS) <= set(sections["min_f1"]), set_name
        for name, minimum in sections["min_f1"].items():
            assert minimum <= sections["target_f1"].get(name, 1.0), f"{set_name}.{name}: minimum above its target"


def _git(*args: str) -> str:
    assert shutil.which("git") is not None, "git is needed to compare the thresholds with their history"
    proc = subprocess.run(["git", *args], cwd=PROJECT_DIR, capture_output=True, text=True, check=True)
    return proc.stdout


def _versions() -> list[tuple[str, dict]]:
    """Every committed version of the thresholds file, oldest first, as (commit, content)."""
    rel = THRESHOLDS_FILE.relative_to(PROJECT_DIR).as_posix()
    commits = _git("log", "--format=%H", "--", rel).split()
    return [(c[:9], json.loads(_git("show", f"{c}:{rel}"))) for c in reversed(commits)]


def test_thresholds_only_ever_moved_up() -> None:
    """Each committed version against the one before it: on a clean checkout this still sees a
    commit that lowered a minimum (comparing the working tree with HEAD would not)."""
    versions = _versions()
    assert versions, "eval_thresholds.json has no history: is this a git checkout?"
    problems = []
    for (c_old, old), (c_new, new) in itertools.pairwise(versions):
        problems += [f"{c_new} (after {c_old}): {p}" for p in
                     threshold_regressions(parse_thresholds(old), parse_thresholds(new))]
    assert problems == []


def test_working_tree_thresholds_do_not_move_down() -> None:
    head = _versions()[-1][1]
    assert threshold_regressions(parse_thresholds(head), load_thresholds(THRESHOLDS_FILE)) == []


@pytest.mark.parametrize("old, new, problems", [
    ({"amounts": 0.5}, {"amounts": 0.6}, []),
    ({"amounts": 0.5}, {"amounts": 0.5, "awards": 0.1}, []),
    ({"amounts": 0.5}, {"amounts": 0.49}, ["check.amounts: minimum lowered 0.5 → 0.49"]),
    ({"amounts": 0.5}, {}, ["check.amounts: minimum 0.5 removed"]),
])
def test_threshold_regressions(old: dict, new: dict, problems: list[str]) -> None:
    wrap = lambda m: {"check": {"min_f1": m}}
    assert threshold_regressions(wrap(old), wrap(new)) == problems


def test_a_removed_set_is_a_regression() -> None:
    assert threshold_regressions({"check": {"min_f1": {"amounts": 0.5}}}, {}) == ["check: set removed"]


def test_the_first_format_reads_as_the_seeds_set() -> None:
    old = parse_thresholds({"min_f1": {"amounts": 0.9}})
    assert old == {"seeds": {"min_f1": {"amounts": 0.9}, "target_f1": {}}}
    assert threshold_regressions(old, parse_thresholds({"sets": {"seeds": {"min_f1": {"amounts": 0.8}}}})) == \
        ["seeds.amounts: minimum lowered 0.9 → 0.8"]


@pytest.mark.parametrize("data, message", [
    ([], "need a `sets` object"),
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
