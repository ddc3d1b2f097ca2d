"""Whole-document golden files: extract's output for the five seeds, compared as data.

A golden file pins everything extract gives for its seed, offsets included, so any change
shows.  It is written from the code's output, so it is also held to the hand-labelled gold
(tests/gold): every amount, percentage, cost share and award in it must agree with the gold as
`policykg eval` matches them (values, units, roles, clause ids, award attributes).  A golden
file therefore cannot bless a regression: the test fails, and `--update` refuses.

To rewrite them after a deliberate change: `.venv/bin/python tests/extract/test_golden.py --update`.
It writes nothing, lists the disagreements and exits 1 when the new output disagrees with the
gold on a field the gold settles; if the gold is what is wrong, correct the gold (its README).
"""
from __future__ import annotations

import copy
import json
import sys
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOLDEN_DIR = Path(__file__).resolve().parent / "golden"
GOLD_DIR = ROOT / "tests" / "gold"
SEEDS = ROOT / "tests" / "seeds"
STEMS = sorted(p.stem for p in SEEDS.glob("*.txt"))
FIELDS = ("amounts", "percentages", "awards", "cost_sharing")
# An award's condition is the labeller's wording (shared heads distributed, verbs dropped): the
# gold settles which awards there are (eval pairs them on amount or rate and a condition score of
# at least DEFAULT_CONDITION_MATCH), not the exact words, which the golden file pins on its own.
NOT_SETTLED = frozenset({"awards.condition"})


def _extracted(path: Path) -> dict[str, Any]:
    from pipeline.extract import extract_mentions
    from pipeline.ingest import ingest_file
    from pipeline.structure import structure_document

    ex = extract_mentions(structure_document(ingest_file(path)))
    data = {name: [asdict(x) for x in getattr(ex, name)] for name in FIELDS}
    return json.loads(json.dumps(data, ensure_ascii=False))  # tuples → lists, as in the file


def gold_disagreements(stem: str, golden: dict[str, Any]) -> list[str]:
    """Where `golden` disagrees with the hand gold of `stem`, one line each (empty: it agrees)."""
    from pipeline.evaluate import compare_document, load_gold

    gold = load_gold(GOLD_DIR)[stem]
    # what a golden file does not carry (header, clauses, references) is the gold's own: no disagreement
    as_prediction = {**copy.deepcopy(gold), **{name: golden.get(name, []) for name in FIELDS}}
    result = compare_document(gold, as_prediction, None)
    return [f"{stem} {m.field} {m.kind}: gold {json.dumps(d['gold'], ensure_ascii=False)}"
            f" / golden {json.dumps(d['predicted'], ensure_ascii=False)}"
            for m in result.mismatches if m.field not in NOT_SETTLED for d in [m.to_dict()]]


def update_golden(golden_dir: Path, stems: list[str],
                  extracted: Callable[[Path], dict[str, Any]] = _extracted) -> int:
    """Rewrite the golden files from the code's output; 1, with nothing written, on any disagreement."""
    fresh = {stem: extracted(SEEDS / f"{stem}.txt") for stem in stems}
    problems = [line for stem, data in fresh.items() for line in gold_disagreements(stem, data)]
    if problems:
        print("not updated: the new output disagrees with the hand gold (tests/gold):", *problems, sep="\n  ")
        return 1
    for stem, data in fresh.items():
        out = golden_dir / f"{stem}.json"
        out.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n", encoding="utf-8")
        print("wrote", out)
    return 0


def _golden(stem: str) -> dict[str, Any]:
    return json.loads((GOLDEN_DIR / f"{stem}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("stem", STEMS)
def test_golden_document(stem: str) -> None:
    golden = _golden(stem)
    got = _extracted(SEEDS / f"{stem}.txt")
    assert sorted(golden) == sorted(FIELDS)
    for name in FIELDS:
        assert got[name] == golden[name], f"{stem}: {name} differs from tests/extract/golden"


@pytest.mark.parametrize("stem", STEMS)
def test_golden_file_agrees_with_the_hand_gold(stem: str) -> None:
    problems = gold_disagreements(stem, _golden(stem))
    assert not problems, "\n".join(problems)


def _set(item: dict[str, Any], key: str, value: Any) -> None:
    item[key] = value


# each a regression a rewrite from the code could bring, on the first seed's golden file
REGRESSIONS = {
    "amount role": lambda g: _set(g["amounts"][0], "role", "other"),
    "amount value": lambda g: _set(g["amounts"][1], "value", g["amounts"][1]["value"] * 10),
    "amount clause": lambda g: _set(g["amounts"][0], "clause", None),
    "spurious amount": lambda g: g["amounts"].append(dict(g["amounts"][0], value=1.0, text="1元")),
    "percentage role": lambda g: _set(g["percentages"][0], "role", "target"),
    "dropped award": lambda g: g["awards"].pop(0),
    "award cap": lambda g: _set(g["awards"][0], "cap", 12345.0),
    "award amount role": lambda g: _set(next(a for a in g["awards"] if a["amount_role"] == "max"),
                                        "amount_role", "fixed"),
    "cost shares": lambda g: _set(g["cost_sharing"][0], "shares", list(reversed(g["cost_sharing"][0]["shares"]))),
}


@pytest.mark.parametrize("name", sorted(REGRESSIONS))
def test_a_regressed_golden_file_disagrees_with_the_gold(name: str) -> None:
    stem = STEMS[0]
    golden = _golden(stem)
    REGRESSIONS[name](golden)
    assert gold_disagreements(stem, golden)


def test_update_refuses_output_that_disagrees_with_the_gold(tmp_path: Path, capsys) -> None:
    stem = STEMS[0]
    regressed = _golden(stem)
    REGRESSIONS["amount role"](regressed)
    assert update_golden(tmp_path, [stem], lambda path: regressed) == 1
    assert not list(tmp_path.iterdir())  # nothing written
    assert f"{stem} amounts" in capsys.readouterr().out


def test_update_writes_output_that_agrees(tmp_path: Path) -> None:
    stem = STEMS[0]
    assert update_golden(tmp_path, [stem], lambda path: _golden(path.stem)) == 0
    assert (tmp_path / f"{stem}.json").read_bytes() == (GOLDEN_DIR / f"{stem}.json").read_bytes()


if __name__ == "__main__" and "--update" in sys.argv:
    sys.exit(update_golden(GOLDEN_DIR, STEMS))
