"""Maintaining a corpus folder: `ingest_documents` adds files incrementally and atomically.

- cache.py       content-hash cache of pre-link records (survives runs)
- lock.py        one maintainer command at a time (flock on root/.policykg.lock)
- transaction.py stage every output, swap in all or nothing, recover after a crash
- dedupe.py      the same document in another format is not added twice
- ingest.py      the command itself; report.py what it prints
"""
from __future__ import annotations

from .ingest import ReaderFailure, ingest_documents, process_input
from .report import DocumentChange, IngestReport, ShaclOutcome, render_report

__all__ = ["DocumentChange", "IngestReport", "ReaderFailure", "ShaclOutcome", "ingest_documents",
           "process_input", "render_report"]
