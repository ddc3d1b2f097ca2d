"""The per-document stages give the same records whatever runs them: 1 or 2 processes, or Dask."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from pipeline.errors import ConfigError
from pipeline.runner import process_many

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # the bench package (synthetic corpora) lives at the project root
from bench.synth import build_corpus_dir


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The five seeds, ten synthetic variants and one empty file that must fail, not vanish."""
    folder = tmp_path_factory.mktemp("corpus")
    for seed in sorted((ROOT / "tests" / "seeds").glob("*.txt")):
        shutil.copy(seed, folder / seed.name)
    paths = sorted(folder.glob("*.txt"))
    paths += build_corpus_dir(ROOT / "tests" / "seeds", folder / "syn", 10)
    empty = folder / "zz_empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    return paths + [empty]


def _as_data(result) -> tuple[list[dict], list[tuple[str, str]]]:
    return [r.to_dict() for r in result.records], result.failures


@pytest.fixture(scope="module")
def serial(corpus: list[Path]):
    return _as_data(process_many(corpus, jobs=1))


def test_two_processes_give_the_same_records_in_the_same_order(corpus, serial):
    assert _as_data(process_many(corpus, jobs=2)) == serial


def test_a_bad_file_is_reported_not_dropped(serial):
    records, failures = serial
    assert [name for name, _ in failures] == ["zz_empty.txt"]
    assert len(records) == 15


def test_dask_local_cluster_gives_the_same_records(corpus, serial):
    distributed = pytest.importorskip("dask.distributed")
    from pipeline.scale import process_many_dask

    # one in-process worker: the real scheduler protocol, without spawning processes
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        seen: list[Path] = []
        result = process_many_dask(corpus, client, batch=3, progress=seen.append)
    assert _as_data(result) == serial
    assert seen == corpus  # progress in input order, once per document


def test_dask_by_address_opens_and_closes_its_own_client(corpus, serial):
    distributed = pytest.importorskip("dask.distributed")
    from pipeline.scale import process_many_dask

    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        result = process_many_dask(corpus[:4], cluster.scheduler_address, batch=2)
    assert [r.to_dict() for r in result.records] == serial[0][:4]


def test_an_unreachable_scheduler_is_a_usage_error(monkeypatch):
    pytest.importorskip("dask.distributed")
    from pipeline import scale

    with pytest.raises(ConfigError, match="cannot reach the Dask scheduler"):
        scale.connect("tcp://127.0.0.1:1", timeout=1)


def test_build_on_a_scheduler_writes_the_same_files(tmp_path: Path):
    distributed = pytest.importorskip("dask.distributed")
    from pipeline.runner import build_corpus

    local = build_corpus(ROOT / "tests" / "seeds", tmp_path / "local", jobs=1)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        remote = build_corpus(ROOT / "tests" / "seeds", tmp_path / "dask", scheduler=cluster.scheduler_address)
    assert sorted(p.name for p in remote.written) == sorted(p.name for p in local.written)
    for path in local.written:
        if path.suffix == ".json":
            assert (tmp_path / "dask" / path.name).read_bytes() == path.read_bytes(), path.name
