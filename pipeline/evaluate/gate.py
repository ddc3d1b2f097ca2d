"""The accuracy gate: per-field minimum F1 from eval_thresholds.json.

The file holds, per evaluation set (seeds, tuning, check), `min_f1` (enforced: what main
achieves, rounded down a little) and `target_f1` (where the field should get).  Minimums only
move up; a test compares every committed version of the file with the one before it
(`threshold_regressions`).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from .compare import FIELDS
from .lineage import LINEAGE_FIELDS


@dataclass(frozen=True)
class GateFailure:
    field: str
    f1: float
    minimum: float

    def one_line(self) -> str:
        return f"{self.field}: F1 {self.f1:.4f} < minimum {self.minimum:.4f}"


Thresholds = dict[str, dict[str, dict[str, float]]]  # set → min_f1 / target_f1 → field → F1


def parse_thresholds(data: Any, source: str = "eval_thresholds.json") -> Thresholds:
    """Validated `{"sets": {SET: {"min_f1": {...}, "target_f1": {...}}}}`.

    The file of the first releases had one `min_f1` for the seeds alone; it reads as the
    `seeds` set, so the history of the file can be compared version by version.
    Bad content is a configuration error.
    """
    if isinstance(data, dict) and isinstance(data.get("min_f1"), dict):
        data = {"sets": {"seeds": {k: data[k] for k in ("min_f1", "target_f1") if k in data}}}
    if not isinstance(data, dict) or not isinstance(data.get("sets"), dict) or not data["sets"]:
        raise ConfigError("thresholds need a `sets` object with a `min_f1` per set", locator=source)
    return {name: _parse_set(values, f"{source}: {name}") for name, values in data["sets"].items()}


def _parse_set(data: Any, source: str) -> dict[str, dict[str, float]]:
    if not isinstance(data, dict) or not isinstance(data.get("min_f1"), dict):
        raise ConfigError("thresholds need a `min_f1` object", locator=source)
    out: dict[str, dict[str, float]] = {}
    for section in ("min_f1", "target_f1"):
        values = data.get(section, {})
        for name, value in values.items():
            if name not in FIELDS + LINEAGE_FIELDS:
                raise ConfigError(f"{section} names an unknown field {name!r}", locator=source,
                                  hint=f"fields: {', '.join(FIELDS + LINEAGE_FIELDS)}")
            if not isinstance(value, (int, float)) or not 0.0 <= value <= 1.0:
                raise ConfigError(f"{section}.{name} must be a number in [0, 1], not {value!r}", locator=source)
        out[section] = {k: float(v) for k, v in values.items()}
    return out


def load_thresholds(path: Path) -> Thresholds:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"thresholds file {path} not found", hint="pass --thresholds FILE") from exc
    except json.JSONDecodeError as exc:
        raise ConfigError(f"thresholds file is not JSON: {exc}", locator=str(path)) from exc
    return parse_thresholds(data, str(path))


def check_gate(f1: dict[str, float], minimums: dict[str, float]) -> list[GateFailure]:
    """Every field whose F1 is below its minimum (a field the report lacks scores 0)."""
    # a tiny tolerance so a minimum written as the achieved figure is not failed by rounding
    return [GateFailure(name, f1.get(name, 0.0), minimum)
            for name, minimum in sorted(minimums.items()) if f1.get(name, 0.0) + 1e-9 < minimum]


def threshold_regressions(old: Thresholds, new: Thresholds) -> list[str]:
    """Minimums that went down or disappeared between two versions of the thresholds."""
    problems = []
    for set_name, sections in sorted(old.items()):
        before_set = sections.get("min_f1", {})
        after_set = new.get(set_name, {}).get("min_f1")
        if after_set is None:
            if before_set:
                problems.append(f"{set_name}: set removed")
            continue
        for name, before in sorted(before_set.items()):
            if name not in after_set:
                problems.append(f"{set_name}.{name}: minimum {before} removed")
            elif after_set[name] < before:
                problems.append(f"{set_name}.{name}: minimum lowered {before} → {after_set[name]}")
    return problems
