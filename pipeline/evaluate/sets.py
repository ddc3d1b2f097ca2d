"""Evaluation sets: the seeds, and the corpus gold split into a tuning set and a check set.

Rules are written from the tuning set; the check set measures whether they generalise, so
its figures are reported but its mismatches are withheld unless asked for (`reveal`): a
developer who reads them starts fitting rules to them.  The split is by source — no
repository, crawler or site gives documents to both sets — and is written down in
`tests/corpus/split.json` with the reasons.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .. import config
from ..errors import ConfigError

SET_NAMES = ("seeds", "tuning", "check")


@dataclass(frozen=True)
class EvalSet:
    """Documents in `raw_dir` scored against the gold in `gold_dir` (only `stems`, when given)."""

    name: str
    raw_dir: Path
    gold_dir: Path
    stems: tuple[str, ...] | None = None
    reveal_mismatches: bool = True
    lineage_gold: Path | None = None  # the edges a reader drew between the set's documents


def load_split(path: Path) -> dict[str, tuple[str, ...]]:
    """`{"tuning": [...], "check": [...]}` from the split file; a document in both is an error."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"split file {path} not found", hint="pass --split FILE") from exc
    except json.JSONDecodeError as exc:
        raise ConfigError(f"split file is not JSON: {exc}", locator=str(path)) from exc
    sets = {name: tuple(data.get(name, ())) for name in ("tuning", "check")}
    both = sorted(set(sets["tuning"]) & set(sets["check"]))
    if both:
        raise ConfigError(f"documents in both the tuning and the check set: {', '.join(both)}", locator=str(path))
    if not sets["tuning"] or not sets["check"]:
        raise ConfigError("the split needs a tuning and a check set", locator=str(path))
    return sets


def default_sets(raw_dir: Path = config.DEFAULT_RAW_DIR, gold_dir: Path = config.GOLD_DIR,
                 corpus_dir: Path = config.CORPUS_DIR, corpus_gold: Path = config.CORPUS_GOLD_DIR,
                 split: Path = config.CORPUS_SPLIT, *, reveal_check: bool = False,
                 lineage: Path = config.CORPUS_LINEAGE_GOLD) -> list[EvalSet]:
    """The three sets `make eval` scores."""
    parts = load_split(split)
    return [EvalSet("seeds", raw_dir, gold_dir),
            EvalSet("tuning", corpus_dir, corpus_gold, parts["tuning"], lineage_gold=lineage),
            EvalSet("check", corpus_dir, corpus_gold, parts["check"], reveal_mismatches=reveal_check,
                    lineage_gold=lineage)]
