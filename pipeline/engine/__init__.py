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

from .assembly import BuildResult, Documents, build, parking, read_documents, write_outputs
from .document import Failure, Options, Outcome, assemble_record, check_offsets, process_file
from .executors import Executor, SerialExecutor, default_jobs, local_executor
from .sinks import FileSink, MemorySink, Sink

__all__ = ["BuildResult", "Documents", "Executor", "Failure", "FileSink", "MemorySink", "Options", "Outcome",
           "SerialExecutor", "Sink", "assemble_record", "build", "check_offsets", "default_jobs",
           "local_executor", "parking", "process_file", "read_documents", "write_outputs"]
