"""Compare two records of one document read from different formats.

Everything must agree except where the bytes came from and the character offsets
(which shift when line breaks fall differently); text is compared without whitespace
because a PDF prints `最高 50 万元` and a wrapped title with different spacing.
"""
from __future__ import annotations

import re
from typing import Any

OFFSET_KEYS = {"start", "end"}
SOURCE_KEYS = {"source", "page_map", "warnings"}


def comparable(record_dict: dict[str, Any]) -> dict[str, Any]:
    """A record's dict without source, page map and offsets; strings without whitespace."""
    return {k: _strip(v) for k, v in record_dict.items() if k not in SOURCE_KEYS}


def _strip(value: Any) -> Any:
    if isinstance(value, str):
        return re.sub(r"\s", "", value)
    if isinstance(value, list):
        return [_strip(v) for v in value]
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if k not in OFFSET_KEYS}
    return value


def differences(a: dict[str, Any], b: dict[str, Any], path: str = "") -> list[str]:
    """Readable paths where two comparable records differ."""
    out: list[str] = []
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            out += differences(a.get(key), b.get(key), f"{path}.{key}")
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            out.append(f"{path}: {len(a)} items vs {len(b)}: {_short(a)} vs {_short(b)}")
        for i, (x, y) in enumerate(zip(a, b)):
            out += differences(x, y, f"{path}[{i}]")
    elif a != b:
        out.append(f"{path}: {_short(a)} != {_short(b)}")
    return out


def _short(v: Any) -> str:
    s = repr(v)
    return s if len(s) < 160 else s[:160] + "…"
