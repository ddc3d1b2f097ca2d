"""Sinks: where a build's outputs go — files in a folder (`build`, `extract`), the journalled
transaction of a corpus (`ingest`, pipeline/maintain/sink.py), or memory (`eval`, tests).

Every sink gets the same records, graph triples and manifest from the engine and serialises
them with the same functions, so their bytes agree by construction.  A sink's `writer()` is a
function Record → (output name, changed, sha256 of its bytes); a `parallel` sink's writer
is picklable and runs in the executor's workers.
"""
from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import Any, Protocol

import orjson

from ..io import StagedRecords, atomic_write_bytes, dumps_json_bytes, record_path, sync_folder
from ..records import LinkedCorpus, Record

MANIFEST = "manifest.json"
Written = tuple[str, bool, str]  # (output name, changed, sha256 of its bytes)
RecordWriter = Callable[[Record], Written]


class Sink(Protocol):
    parallel: bool

    def writer(self) -> RecordWriter: ...

    def records_done(self, written: list[Written]) -> None: ...

    def write_graph(self, linked: LinkedCorpus, records: Iterable[Record]) -> list[str]: ...

    def write_manifest(self, manifest: dict[str, Any]) -> None: ...


def record_bytes(record: Record) -> bytes:
    """A record as every sink writes it."""
    return dumps_json_bytes(record.to_dict())


def _write_record_file(out_dir: Path, record: Record) -> Written:
    path = record_path(out_dir, record.source.file)
    data = record_bytes(record)
    atomic_write_bytes(path, data, durable=False)  # made durable together, by one sync
    return path.name, True, hashlib.sha256(data).hexdigest()


class RecordFiles(StagedRecords):
    """A FileSink's folder as the parking of records that are final as read (`extract`, which never
    links): `put` writes the record there as the sink writes it, so no record is pickled, parked and
    read back before it is written; `get` reads one back from its JSON."""

    def put(self, record: Record) -> None:
        _write_record_file(self.folder, record)

    def get(self, source_file: str) -> Record:
        return Record.from_dict(orjson.loads(record_path(self.folder, source_file).read_bytes()))

    def written(self, source_file: str) -> Written:
        """What the sink's writer returns for a record `put` wrote."""
        path = record_path(self.folder, source_file)
        return path.name, True, hashlib.sha256(path.read_bytes()).hexdigest()


class FileSink:
    """Outputs as files in `out_dir`, each written atomically; one file-system sync for the records."""

    parallel = True

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = Path(out_dir)
        self.out_dir.mkdir(parents=True, exist_ok=True)
        # where graph.nt and graph.ttl go: with workers, the engine writes them from the
        # workers' per-record triples (engine/graphparts.py) instead of calling write_graph
        self.graph_dir = self.out_dir

    def writer(self) -> RecordWriter:
        return partial(_write_record_file, self.out_dir)

    def parking(self) -> RecordFiles:
        """Where records that will not be linked go as they are read: straight into `out_dir`
        (`read_documents(..., sink.parking(), link=False)`; `write_outputs` then writes nothing again)."""
        return RecordFiles(self.out_dir)

    def records_done(self, written: list[Written]) -> None:
        sync_folder(self.out_dir)

    def write_graph(self, linked: LinkedCorpus, records: Iterable[Record]) -> list[str]:
        from ..graph import write_graph_files  # rdflib and the graph code load only for a graph

        return [p.name for p in write_graph_files(linked, self.out_dir, records=records)]

    def write_manifest(self, manifest: dict[str, Any]) -> None:
        atomic_write_bytes(self.out_dir / MANIFEST, dumps_json_bytes(manifest))


class MemorySink:
    """Records (and, with `files`, every output's bytes, the graph included) kept in memory."""

    parallel = False

    def __init__(self, *, files: bool = False) -> None:
        self.keep_files = files
        self.records: list[Record] = []
        self.files: dict[str, bytes] = {}

    def writer(self) -> RecordWriter:
        return self._keep

    def _keep(self, record: Record) -> Written:
        self.records.append(record)
        name = record_path(Path("."), record.source.file).name
        data = record_bytes(record)
        if self.keep_files:
            self.files[name] = data
        return name, True, hashlib.sha256(data).hexdigest()

    def records_done(self, written: list[Written]) -> None:
        pass

    def write_graph(self, linked: LinkedCorpus, records: Iterable[Record]) -> list[str]:
        if not self.keep_files:
            return []
        from ..graph import write_graph_files

        scratch = Path(tempfile.mkdtemp(prefix="policykg-graph-"))
        try:
            names = [p.name for p in write_graph_files(linked, scratch, records=records)]
            self.files.update({name: (scratch / name).read_bytes() for name in names})
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        return names

    def write_manifest(self, manifest: dict[str, Any]) -> None:
        if self.keep_files:
            self.files[MANIFEST] = dumps_json_bytes(manifest)
