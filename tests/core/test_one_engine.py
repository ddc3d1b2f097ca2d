"""One engine: build (1 or 2 processes, or Dask), ingest and eval give the same bytes for the same input.

Each path runs the same functions (pipeline/engine/), so records, graph files and manifest
must agree byte for byte; the architecture test forbids a second assembly of the stages.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import _in_memory, app
from pipeline.engine import MemorySink, build, local_executor
from pipeline.engine.sinks import record_bytes
from pipeline.io import list_inputs
from pipeline.maintain import ingest_documents

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "tests" / "seeds"
RUNNER = CliRunner()


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _cli_build(raw: Path, out: Path, *extra: str) -> dict[str, bytes]:
    result = RUNNER.invoke(app, ["-q", "build", str(raw), "-o", str(out), *extra])
    assert result.exit_code == 0, result.stderr
    return _files(out)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """`policykg build` of the seeds in this process: the reference every other path must match."""
    return _cli_build(SEEDS, tmp_path_factory.mktemp("serial") / "out", "-j", "1")


def test_the_reference_holds_records_graph_and_manifest(built: dict[str, bytes]) -> None:
    assert set(built) == {f"{p.stem}.json" for p in SEEDS.glob("*.txt")} | {"graph.nt", "graph.ttl", "manifest.json"}


def test_two_worker_processes_write_the_same_bytes(built: dict[str, bytes], tmp_path: Path) -> None:
    assert _cli_build(SEEDS, tmp_path / "out", "-j", "2") == built


def test_a_dask_cluster_writes_the_same_bytes(built: dict[str, bytes], tmp_path: Path) -> None:
    from dask import distributed  # a test dependency (pyproject dev): missing fails, never skips
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=None) as cluster:
        assert _cli_build(SEEDS, tmp_path / "out", "--scheduler", cluster.scheduler_address) == built


def test_the_memory_sink_holds_the_same_bytes(built: dict[str, bytes]) -> None:
    sink = MemorySink(files=True)
    with local_executor(1) as executor:
        build(list_inputs(SEEDS), sink, executor=executor)
    assert sink.files == built


def test_eval_reads_the_same_records(built: dict[str, bytes]) -> None:
    linked, failures = _in_memory(SEEDS, 1)
    assert failures == []
    assert {f"{Path(r.source.file).stem}.json": record_bytes(r) for r in linked.records} == {
        name: data for name, data in built.items() if name.endswith(".json") and name != "manifest.json"}


def test_ingest_writes_what_a_fresh_build_writes(built: dict[str, bytes], tmp_path: Path) -> None:
    """A corpus of three seeds, then the other two ingested: extracted/ is the build of all five."""
    root = tmp_path / "corpus"
    (root / "raw_docs").mkdir(parents=True)
    seeds = sorted(SEEDS.glob("*.txt"))
    for seed in seeds[:3]:
        shutil.copy(seed, root / "raw_docs" / seed.name)
    _cli_build(root / "raw_docs", root / "extracted", "-j", "1")
    report = ingest_documents(seeds[3:], root, validate=False)
    assert [d.file for d in report.documents] == [p.name for p in seeds[3:]]
    assert _files(root / "extracted") == built
