"""Beyond one machine: an executor that runs the per-document task on a Dask cluster.

`policykg build --scheduler ADDRESS` gives the engine a `DaskExecutor` instead of local
worker processes; the engine hands it the very function the local pool runs
(`engine.document.read_document`), so the records are identical whichever way they were
made.  Workers must see the input paths (a shared or replicated folder, as is usual for Dask
clusters); they need not see the output folder (`shares_files` is False): records come back
to the client, which parks them, links the corpus and writes the outputs.

Batches of `batch` items per task, at most `max_in_flight` tasks submitted at a time, results
taken back in input order: client memory is bounded by the batches in flight, not by the
corpus.  This module imports nothing of the pipeline but its errors.
"""
from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from .errors import ConfigError

if TYPE_CHECKING:
    from dask.distributed import Client

__all__ = ["DEFAULT_BATCH", "DaskExecutor", "connect", "dask_executor"]
log = logging.getLogger(__name__)

CONNECT_TIMEOUT_S = 30.0
DEFAULT_BATCH = 32  # items per task: a task costs ~1 ms of scheduler time, a document ~5-20 ms


def connect(address: str, timeout: float | None = None) -> Client:
    """A client of the scheduler at `address`; a wrong address is a usage error, not a hang."""
    from dask.distributed import Client

    try:
        return Client(address, timeout=timeout or CONNECT_TIMEOUT_S)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ConfigError(f"cannot reach the Dask scheduler at {address}: {exc}",
                          hint="start one with `dask scheduler` or give the right tcp://HOST:PORT") from exc


def _run_batch(fn: Callable[..., Any], rows: list[tuple[Any, ...]]) -> list[Any]:
    """Run on a worker: `fn` over one batch of argument rows."""
    return [fn(*row) for row in rows]


class DaskExecutor:
    """`map` on a Dask cluster, in order, with a bounded number of batches in flight."""

    shares_files = False
    parallel = True

    def __init__(self, client: Client, *, batch: int = DEFAULT_BATCH, max_in_flight: int | None = None) -> None:
        self.client = client
        self.batch = batch
        self.max_in_flight = max_in_flight

    def map(self, fn: Callable[..., Any], *iterables: Iterable[Any]) -> Iterator[Any]:
        rows = list(zip(*iterables))
        batches = [rows[i:i + self.batch] for i in range(0, len(rows), self.batch)]
        workers = max(1, len(self.client.scheduler_info().get("workers", {})))
        limit = self.max_in_flight or 4 * workers
        pending: deque = deque()  # type: ignore[type-arg]
        next_batch = 0
        while next_batch < len(batches) or pending:
            while next_batch < len(batches) and len(pending) < limit:
                pending.append(self.client.submit(_run_batch, fn, batches[next_batch], pure=False))
                next_batch += 1
            future = pending.popleft()
            yield from future.result()
            future.release()


@contextmanager
def dask_executor(scheduler: str | Client, **kwargs: Any) -> Iterator[DaskExecutor]:
    """An executor on the cluster at `scheduler` (an address, or a Client the caller keeps)."""
    from dask.distributed import Client

    if isinstance(scheduler, Client):
        yield DaskExecutor(scheduler, **kwargs)
        return
    client = connect(scheduler)
    try:
        yield DaskExecutor(client, **kwargs)
    finally:
        client.close()
