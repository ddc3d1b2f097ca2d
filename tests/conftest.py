"""The one conftest: every fixture the tests share.

The five seed documents processed once per session, their PDFs, links and graph; a built copy
of the seed corpus for the maintainers' commands; the endpoint over the seed graph.  Plain
helpers (documents to ingest, build/ingest calls, snapshots) are in tests/support.py, which
tests import by name: this file puts tests/ on sys.path, so it holds under any import mode.
"""
from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
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

    # a missing font fails the tests that need it (.ci/run installs it): a skip would hide them
    assert Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc").exists(), \
        "fonts-wqy-microhei is not installed (apt-get install fonts-wqy-microhei)"
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


# --- the maintainers' commands: a built corpus --------------------------------------------

@pytest.fixture(scope="session")
def built_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """raw_docs/ (the five seeds) and extracted/ as `policykg build` leaves them, and a warm cache."""
    from support import SEED_RAW, build_into

    from pipeline.engine import process_file
    from pipeline.engine.cache import RecordCache
    from pipeline.io import list_inputs

    root = tmp_path_factory.mktemp("template") / "corpus"
    shutil.copytree(SEED_RAW, root / "raw_docs")
    build_into(root / "raw_docs", root / "extracted")
    cache = RecordCache(root)  # warm, as after a first ingest: tests then re-read only what they add
    for path in list_inputs(root / "raw_docs"):
        cache.put(process_file(path))
    return root


@pytest.fixture
def corpus(built_template: Path, tmp_path: Path) -> Path:
    """A private copy of the built corpus for one test (tests/scale defines its own `corpus`)."""
    root = tmp_path / "corpus"
    shutil.copytree(built_template, root)
    return root


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    """A folder outside the corpus to put files to ingest in."""
    folder = tmp_path / "incoming"
    folder.mkdir()
    return folder


# --- the endpoint (Oxigraph's server behind the front) over the seed graph -----------------

@pytest.fixture(scope="module")
def endpoint(seed_graph_file, tmp_path_factory):
    """Started once per module that asks for it."""
    sys.path.insert(0, str(ROOT / "tests" / "graph"))
    from endpoint_helpers import start_endpoint

    ep = start_endpoint(seed_graph_file, tmp_path_factory.mktemp("endpoint"), timeout=3.0, request_timeout=1.5,
                        max_body=64 * 1024, workers=4)
    yield ep
    ep.stop_thread()


@pytest.fixture(scope="module")
def base(endpoint):
    return endpoint.url
