"""Executors: who runs a function over many inputs — this process, local worker processes, or
a Dask cluster (pipeline/scale.py) — always with the results in input order.

An executor is anything with `map(fn, *iterables)` (like the builtin) and `shares_files`:
whether its workers see this machine's folders, so that they can park records and write
outputs themselves.  The engine gives every executor the same functions, so the records are
the same whichever ran them.
"""
from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any, Protocol


class Executor(Protocol):
    shares_files: bool
    parallel: bool  # several workers: work done per item there is done side by side

    def map(self, fn: Callable[..., Any], *iterables: Iterable[Any]) -> Iterator[Any]: ...


class SerialExecutor:
    """This process, one item after another."""

    shares_files = True
    parallel = False

    def map(self, fn: Callable[..., Any], *iterables: Iterable[Any]) -> Iterator[Any]:
        return map(fn, *iterables)


class ProcessExecutor:
    """`jobs` worker processes on this machine."""

    shares_files = True
    parallel = True

    def __init__(self, pool: ProcessPoolExecutor, jobs: int) -> None:
        self.pool = pool
        self.jobs = jobs

    def map(self, fn: Callable[..., Any], *iterables: Iterable[Any]) -> Iterator[Any]:
        lists = [list(i) for i in iterables]
        if len(lists[0]) < 2:  # not worth a round trip
            return map(fn, *lists)
        # small chunks keep results flowing back in order (progress, bounded memory)
        return self.pool.map(fn, *lists, chunksize=max(1, min(16, len(lists[0]) // (self.jobs * 8))))


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@contextmanager
def local_executor(jobs: int | None = None, *, warm: bool = True) -> Iterator[Executor]:
    """An executor over `jobs` processes (default: all cores); one job is this process.

    With `warm`, the NLP set-up (spaCy, jieba's dictionary: seconds) is done here once, before
    the workers are forked, so that they share it instead of each repeating it."""
    jobs = default_jobs() if jobs is None else jobs
    if jobs <= 1:
        yield SerialExecutor()
        return
    if warm:
        from .document import warm_up

        warm_up()
    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork")) as pool:
        yield ProcessExecutor(pool, jobs)
