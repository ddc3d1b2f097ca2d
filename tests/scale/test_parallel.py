"""The per-document stages give the same records whatever runs them: 1 or 2 processes, or Dask."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from pipeline.engine import Documents, MemorySink, local_executor, parking, read_documents, write_outputs
from pipeline.errors import ConfigError

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


def _records(docs: Documents) -> tuple[list[dict], list[tuple[str, str]]]:
    """Every record as read (no link), and the failures, as plain data."""
    sink = MemorySink()
    write_outputs(docs, sink, link=False)
    return [r.to_dict() for r in sink.records], [(f.file, f.line) for f in docs.failures]


def _read(paths: list[Path], executor) -> tuple[list[dict], list[tuple[str, str]]]:  # type: ignore[no-untyped-def]
    with parking() as park:
        return _records(read_documents(paths, park, executor=executor))


@pytest.fixture(scope="module")
def serial(corpus: list[Path]):  # type: ignore[no-untyped-def]
    with local_executor(1) as executor:
        return _read(corpus, executor)


def test_two_processes_give_the_same_records_in_the_same_order(corpus, serial):  # type: ignore[no-untyped-def]
    with local_executor(2) as executor:
        assert _read(corpus, executor) == serial


def test_a_bad_file_is_reported_not_dropped(serial):  # type: ignore[no-untyped-def]
    records, failures = serial
    assert [name for name, _ in failures] == ["zz_empty.txt"]
    assert len(records) == 15


def test_dask_local_cluster_gives_the_same_records(corpus, serial):  # type: ignore[no-untyped-def]
    from dask import distributed  # a test dependency (pyproject dev): missing fails, never skips

    from pipeline.scale import dask_executor

    # one in-process worker: the real scheduler protocol, without spawning processes
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        seen: list[str] = []
        with dask_executor(client, batch=3) as executor, parking() as park:
            docs = read_documents(corpus, park, executor=executor, progress=seen.append)
            assert _records(docs) == serial
    assert seen == [p.name for p in corpus]  # progress in input order, once per document


def test_dask_by_address_opens_and_closes_its_own_client(corpus, serial):  # type: ignore[no-untyped-def]
    from dask import distributed  # a test dependency (pyproject dev): missing fails, never skips

    from pipeline.scale import dask_executor

    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        with dask_executor(cluster.scheduler_address, batch=2) as executor:
            assert _read(corpus[:4], executor)[0] == serial[0][:4]
            client = executor.client
        assert client.status == "closed"


def test_an_unreachable_scheduler_is_a_usage_error():  # type: ignore[no-untyped-def]
    import dask.distributed  # noqa: F401  (a test dependency: missing fails)

    from pipeline import scale

    with pytest.raises(ConfigError, match="cannot reach the Dask scheduler"):
        scale.connect("tcp://127.0.0.1:1", timeout=1)


def test_the_cache_needs_workers_that_share_files(corpus, tmp_path):  # type: ignore[no-untyped-def]
    from pipeline.engine.cache import RecordCache
    from pipeline.scale import DaskExecutor

    with parking() as park, pytest.raises(ConfigError, match="share this machine's folders"):
        read_documents(corpus[:1], park, executor=DaskExecutor(client=None), cache=RecordCache(tmp_path))  # type: ignore[arg-type]
