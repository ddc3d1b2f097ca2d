"""Maintaining a corpus folder: `ingest_documents` adds files incrementally and atomically.

- lock.py        one writer at a time per corpus (flock on root/.policykg.lock)
- transaction.py stage every output, swap in all or nothing, recover after a crash
- sink.py        the engine's sink that stages into the transaction
- dedupe.py      a new file that link calls a copy of a corpus document is not added
- graph_stage.py SHACL on the staged graph
- ingest.py      the command itself; report.py what it prints

Imports are lazy: the engine takes the lock and recovers through `lock` and `transaction`
without loading the ingest command.
"""
from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {"ingest_documents": ".ingest", "DocumentChange": ".report", "IngestReport": ".report",
            "ShaclOutcome": ".report", "render_report": ".report"}
__all__ = ["DocumentChange", "IngestReport", "ShaclOutcome", "ingest_documents", "render_report"]


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(_EXPORTS[name], __name__), name)
