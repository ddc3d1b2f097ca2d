"""Files in and out: reading inputs, atomic JSON writes, manifests.

Every write goes to a temporary file in the target's folder and is renamed over the
target, so a reader never sees half a file and a crash leaves the old file in place.
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any, Iterable

from .config import SUPPORTED_SUFFIXES
from .records import Record


def list_inputs(folder: Path) -> list[Path]:
    """Input documents in `folder`, sorted by name so runs are deterministic."""
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def dumps_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n"


def atomic_write_json(path: Path, data: Any) -> None:
    atomic_write_bytes(path, dumps_json(data).encode("utf-8"))


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def record_path(out_dir: Path, source_file: str) -> Path:
    return out_dir / f"{Path(source_file).stem}.json"


def write_record(out_dir: Path, record: Record) -> Path:
    path = record_path(out_dir, record.source.file)
    atomic_write_json(path, record.to_dict())
    return path


def read_record(path: Path) -> Record:
    return Record.from_dict(json.loads(path.read_text(encoding="utf-8")))


def read_records(folder: Path) -> list[Record]:
    """Every record JSON in `folder` (manifest and reports are not records)."""
    out = []
    for p in sorted(folder.glob("*.json")):
        data = json.loads(p.read_text(encoding="utf-8"))
        if isinstance(data, dict) and data.get("schema") == "policykg.record/1":
            out.append(Record.from_dict(data))
    return out


def write_records(out_dir: Path, records: Iterable[Record]) -> list[Path]:
    return [write_record(out_dir, r) for r in records]
