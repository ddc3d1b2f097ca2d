"""Beyond one machine: the per-document stages (ingest → structure → extract) on a Dask cluster.

`policykg build --scheduler ADDRESS` sends batches of input paths to the dask.distributed
scheduler at ADDRESS (e.g. `tcp://10.0.0.5:8786`); each worker runs `runner.process_file`,
the very function the local process pool runs, so the records are identical whichever
way they were made.  Workers must see the input paths (a shared or replicated folder,
as is usual for Dask clusters).  Linking and the graph need the whole corpus and stay on
the client.

Records stream: at most `max_in_flight` batches are submitted at a time and results are
taken back in input order, so client memory is bounded by the batches in flight, not by
the corpus (the caller decides whether to keep the records).
"""
from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ConfigError, PipelineError
from .ingest import PdfReader
from .records import Record
from .runner import BuildResult, collect_outcome, process_file

if TYPE_CHECKING:
    from dask.distributed import Client

__all__ = ["DEFAULT_BATCH", "connect", "iter_records_dask", "process_many_dask"]
log = logging.getLogger(__name__)

CONNECT_TIMEOUT_S = 30.0
DEFAULT_BATCH = 32  # documents per task: a task costs ~1 ms of scheduler time, a document ~5-20 ms
Outcome = tuple[Path, Record | None, str | None]


def connect(address: str, timeout: float | None = None) -> Client:
    """A client of the scheduler at `address`; a wrong address is a usage error, not a hang."""
    from dask.distributed import Client

    try:
        return Client(address, timeout=timeout or CONNECT_TIMEOUT_S)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ConfigError(f"cannot reach the Dask scheduler at {address}: {exc}",
                          hint="start one with `dask scheduler` or give the right tcp://HOST:PORT") from exc


def _process_batch(paths: list[str], pdf_reader: PdfReader = "pdfplumber") -> list[tuple[Record | None, str | None]]:
    """Run on a worker: each path → (record, None) or (None, one-line reason)."""
    out: list[tuple[Record | None, str | None]] = []
    for path in paths:
        try:
            out.append((process_file(path, pdf_reader=pdf_reader), None))
        except PipelineError as exc:  # reported and counted by the client, never dropped
            out.append((None, exc.one_line()))
    return out


def iter_records_dask(paths: list[Path], client: Client, *, batch: int = DEFAULT_BATCH,
                      max_in_flight: int | None = None, pdf_reader: PdfReader = "pdfplumber") -> Iterator[Outcome]:
    """(path, record, error) for every path, in input order, computed on the cluster.

    Records travel pickled (frozen dataclasses), so the client gets exactly the objects a
    local `process_file` would have made.
    """
    batches = [paths[i:i + batch] for i in range(0, len(paths), batch)]
    workers = max(1, len(client.scheduler_info().get("workers", {})))
    limit = max_in_flight or 4 * workers
    pending: deque = deque()
    next_batch = 0
    while next_batch < len(batches) or pending:
        while next_batch < len(batches) and len(pending) < limit:
            chunk = batches[next_batch]
            future = client.submit(_process_batch, [str(p) for p in chunk], pdf_reader, pure=False)
            pending.append((chunk, future))
            next_batch += 1
        chunk, future = pending.popleft()
        for path, (record, error) in zip(chunk, future.result()):
            yield path, record, error
        future.release()


def process_many_dask(paths: list[Path], scheduler: str | Client, *, batch: int = DEFAULT_BATCH,
                      progress: Callable[[Path], None] | None = None) -> BuildResult:
    """Like `runner.process_many`, on a Dask cluster: records in input order, failures collected."""
    from dask.distributed import Client

    client = scheduler if isinstance(scheduler, Client) else connect(scheduler)
    result = BuildResult()
    try:
        for path, record, error in iter_records_dask(paths, client, batch=batch):
            collect_outcome(result, path, record, error, progress)
    finally:
        if not isinstance(scheduler, Client):  # we opened it, we close it
            client.close()
    return result
