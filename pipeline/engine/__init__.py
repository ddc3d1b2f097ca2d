"""The build engine: the pipeline wired in one place.

- document.py   the per-document function (ingest → structure → extract) and its task
- executors.py  who runs it: this process, worker processes (pipeline/scale.py: Dask)
- cache.py      the optional record cache (pre-link records by file name and bytes)
- assembly.py   read → link → write: the one assembly of the stages
- sinks.py      where outputs go: files, memory (pipeline/maintain/sink.py: a transaction)
- manifest.py   what a build read and wrote, per stage
- outputs.py    an output folder's lock, staged writes swapped in whole, the clean-up after a killed
                run, and the roll-back (or refusal) before a corpus is read

Every command — build, extract, ingest, eval, agreement — runs through `build` (or its two
halves, `read_documents` and `write_outputs`), so their records and graphs agree byte for
byte for the same input.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .assembly import BuildResult, Documents, build, parking, read_documents, write_outputs
    from .document import Failure, Options, Outcome, assemble_record, check_offsets, process_file
    from .executors import Executor, SerialExecutor, default_jobs, local_executor
    from .sinks import FileSink, MemorySink, Sink

# Lazy: a command that only needs an output folder's lock or roll-back (query, unresolved, serve
# import engine.outputs) must not import the stages, spaCy and jieba with them (PEP 562).
_HOME = {
    "BuildResult": "assembly", "Documents": "assembly", "build": "assembly", "parking": "assembly",
    "read_documents": "assembly", "write_outputs": "assembly",
    "Failure": "document", "Options": "document", "Outcome": "document", "assemble_record": "document",
    "check_offsets": "document", "process_file": "document",
    "Executor": "executors", "SerialExecutor": "executors", "default_jobs": "executors",
    "local_executor": "executors",
    "FileSink": "sinks", "MemorySink": "sinks", "Sink": "sinks",
}
__all__ = ["BuildResult", "Documents", "Executor", "Failure", "FileSink", "MemorySink", "Options", "Outcome",
           "SerialExecutor", "Sink", "assemble_record", "build", "check_offsets", "default_jobs",
           "local_executor", "parking", "process_file", "read_documents", "write_outputs"]
assert sorted(__all__) == sorted(_HOME)


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_HOME[name]}", __name__), name)
    globals()[name] = value
    return value
