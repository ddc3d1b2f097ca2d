"""Shared fixtures: the five seed documents, processed once per session."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RAW_DIR = ROOT / "raw_docs"
SHARED = ROOT.parent / "shared"
SCHEMA_PATH = SHARED / "contract" / "record.schema.json"
SEED_FILES = sorted(RAW_DIR.glob("*.txt"))


@pytest.fixture(scope="session")
def seed_records():
    """Records of the five seed text files, keyed by file stem."""
    from pipeline.runner import process_file

    return {p.stem: process_file(p) for p in SEED_FILES}


@pytest.fixture(scope="session")
def record_schema():
    if not SCHEMA_PATH.exists():
        pytest.skip(f"contract schema not found at {SCHEMA_PATH} (../shared must sit beside the project)")
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
