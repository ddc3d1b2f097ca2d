"""The accuracy gate: per-field minimum F1 from eval_thresholds.json.

The file holds `min_f1` (enforced: what main achieves, rounded down a little) and
`target_f1` (where the lead wants the field to get).  Minimums only move up; a test
compares the file with its committed version (`threshold_regressions`).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from .compare import FIELDS


@dataclass(frozen=True)
class GateFailure:
    field: str
    f1: float
    minimum: float

    def one_line(self) -> str:
        return f"{self.field}: F1 {self.f1:.4f} < minimum {self.minimum:.4f}"


def parse_thresholds(data: Any, source: str = "eval_thresholds.json") -> dict[str, dict[str, float]]:
    """Validated `{"min_f1": {...}, "target_f1": {...}}`; bad content is a configuration error."""
    if not isinstance(data, dict) or not isinstance(data.get("min_f1"), dict):
        raise ConfigError("thresholds need a `min_f1` object", locator=source)
    out: dict[str, dict[str, float]] = {}
    for section in ("min_f1", "target_f1"):
        values = data.get(section, {})
        for name, value in values.items():
            if name not in FIELDS:
                raise ConfigError(f"{section} names an unknown field {name!r}", locator=source,
                                  hint=f"fields: {', '.join(FIELDS)}")
            if not isinstance(value, (int, float)) or not 0.0 <= value <= 1.0:
                raise ConfigError(f"{section}.{name} must be a number in [0, 1], not {value!r}", locator=source)
        out[section] = {k: float(v) for k, v in values.items()}
    return out


def load_thresholds(path: Path) -> dict[str, dict[str, float]]:
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


def threshold_regressions(old: dict[str, float], new: dict[str, float]) -> list[str]:
    """Fields whose minimum went down or disappeared between two versions of `min_f1`."""
    problems = []
    for name, before in sorted(old.items()):
        if name not in new:
            problems.append(f"{name}: minimum {before} removed")
        elif new[name] < before:
            problems.append(f"{name}: minimum lowered {before} → {new[name]}")
    return problems
