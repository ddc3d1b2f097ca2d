"""Shared fixtures: the five seed documents, processed once per session."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RAW_DIR = ROOT / "tests" / "seeds"
SHARED = ROOT.parent / "shared"
SCHEMA_PATH = SHARED / "contract" / "record.schema.json"
SEED_FILES = sorted(RAW_DIR.glob("*.txt"))


@pytest.fixture(scope="session")
def seed_records():
    """Records of the five seed text files, keyed by file stem."""
    from pipeline.engine import process_file

    return {p.stem: process_file(p) for p in SEED_FILES}


@pytest.fixture(scope="session")
def record_schema():
    # the contract is what outside checks hold the records to: its absence fails, it is never skipped
    assert SCHEMA_PATH.exists(), f"contract schema not found at {SCHEMA_PATH} (../shared must sit beside the project)"
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def rendered_pdfs(tmp_path_factory):
    """The five seeds printed as 公文 PDFs (tests/render/render_gongwen.py), keyed by stem."""
    import sys

    if not Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc").exists():
        pytest.skip("fonts-wqy-microhei is not installed (apt-get install fonts-wqy-microhei)")
    sys.path.insert(0, str(ROOT / "tests" / "render"))
    from render_gongwen import render_file

    out = tmp_path_factory.mktemp("pdfs")
    return {p.stem: render_file(p, out / f"{p.stem}.pdf") for p in SEED_FILES}


@pytest.fixture(scope="session")
def seed_linked(seed_records):
    """The five seed records through link (references resolved, lineage inferred)."""
    from pipeline.link import link_corpus

    return link_corpus(list(seed_records.values()))


@pytest.fixture(scope="session")
def seed_graph_file(seed_linked, tmp_path_factory):
    """graph.ttl / graph.nt of the five seeds, written by pipeline.graph.write_graph_files."""
    from pipeline.graph import write_graph_files

    out = tmp_path_factory.mktemp("graph")
    write_graph_files(seed_linked, out)
    return out / "graph.ttl"
