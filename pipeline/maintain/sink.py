"""The engine's sink for `ingest`: every output staged in the corpus's journalled transaction.

Only outputs whose bytes differ from what is in place are staged; `Transaction.commit` swaps
them in together (or the transaction is dropped and nothing changed).  The record writer runs
in the engine's worker processes: it stages its file itself and says whether it did.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import Any

from ..config import OUT_DIR_NAME
from ..engine.sinks import MANIFEST, RecordWriter, Written, record_bytes
from ..graph import write_graph_files
from ..io import dumps_json_bytes, record_path
from ..records import LinkedCorpus, Record
from .transaction import Transaction, stage_bytes


def _stage_record(root: Path, new: Path, out_rel: str, record: Record) -> Written:
    name = record_path(Path(out_rel), record.source.file).name
    data = record_bytes(record)
    return name, stage_bytes(root, new, f"{out_rel}/{name}", data), hashlib.sha256(data).hexdigest()


class TransactionSink:
    """Records, graph files and manifest staged for `root/extracted/` in `txn`."""

    parallel = True

    def __init__(self, txn: Transaction, out_rel: str = OUT_DIR_NAME) -> None:
        self.txn = txn
        self.out_rel = out_rel
        self.graph_ttl: Path | None = None  # where the new graph.ttl is (staged, or in place if unchanged)
        self.graph_nt: Path | None = None  # and graph.nt, the same triples (what the SHACL check reads)

    def writer(self) -> RecordWriter:
        return partial(_stage_record, self.txn.root, self.txn.new, self.out_rel)

    def records_done(self, written: list[Written]) -> None:
        for name, changed, _ in written:
            if changed:
                self.txn.note(f"{self.out_rel}/{name}")

    def write_graph(self, linked: LinkedCorpus, records: Iterable[Record]) -> list[str]:
        scratch = self.txn.scratch("graph")
        names = [p.name for p in write_graph_files(linked, scratch, records=records)]
        for name in names:
            where = self.txn.stage_file(f"{self.out_rel}/{name}", scratch / name)
            if name == "graph.ttl":
                self.graph_ttl = where
            elif name == "graph.nt":
                self.graph_nt = where
        return names

    def write_manifest(self, manifest: dict[str, Any]) -> None:
        self.txn.stage(f"{self.out_rel}/{MANIFEST}", dumps_json_bytes(manifest))
