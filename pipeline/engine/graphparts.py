"""The graph's per-record triples made by the workers, and graph.nt assembled from them.

Most of a graph is per record (~1,240 triples a document); written by the main process
alone, it was the build's largest serial step (~110 documents/s).  With worker processes,
each worker turns the record it has just written as JSON into its N-Triples too (`part_of`),
into a file beside the parked record; the main process appends the files to graph.nt in
input order (`PartsWriter`), then writes the corpus-level triples and the Turtle.

A record's triples depend on earlier records in one way only: a shared node (an issuer, a
wording, a lineage's wording) is written by the first record that has it.  So a worker writes
its record as if it were the first and marks the byte ranges of the shared nodes it wrote;
the main process drops a range whose node an earlier record wrote.  graph.nt is then the
same bytes as the one-process writer's (`tests/core/test_one_engine.py`, `tests/scale/`).

graph.ttl is Oxigraph's Turtle of graph.nt, which it writes subject after subject (a subject's
consecutive triples joined by `;`): the Turtle of graph.nt cut where the subject changes is the
Turtle of each piece, the prefixes written once.  With workers, each writes the Turtle of pieces
of ~`TURTLE_PIECE` bytes (`turtle_cuts`) and the main process concatenates them in order — the
same bytes as the Turtle written in one pass (`tests/scale/test_graph_parts.py`).
"""
from __future__ import annotations

import itertools
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from ..graph import graph_triples, write_turtle
from ..graph.build import (
    documents_triples,
    edges_triples,
    record_triples,
    shared_edge_flags,
    shared_link_names,
    statements_triples,
)
from ..graph.ntriples import Triple, ntriples_lines, write_ntriples
from ..io import atomic_writer
from ..records import LineageEdge, LinkedCorpus, Record

if TYPE_CHECKING:
    from .executors import Executor

TURTLE_PIECE = 64 << 20  # bytes of N-Triples a worker turns into Turtle at a time (its memory)
EDGE_RUN = 1024  # lineage edges a worker turns into N-Triples at a time


@dataclass(frozen=True)
class Part:
    """A record's N-Triples: `length` bytes at `offset` of the file `path`, and the byte ranges
    (start, end, node) of the shared nodes in them."""

    path: str
    offset: int
    length: int
    shared: tuple[tuple[int, int, str], ...]


# each worker appends its parts to one file of its own: a file per record cost more to create,
# fill and remove (~2 ms) than its triples cost to format
_APPEND: dict[tuple[int, Path], list[int]] = {}  # (process, folder) → [descriptor, bytes written]


def _append(folder: Path, data: bytes) -> tuple[str, int]:
    """Append `data` to this process's parts file in `folder`: (its path, where `data` starts)."""
    pid = os.getpid()  # keyed by process: a forked worker never writes to its parent's file
    path = folder / f"parts-{pid}.nt"
    slot = _APPEND.get((pid, folder))
    if slot is None:
        slot = _APPEND[pid, folder] = [os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600), 0]
    offset = slot[1]
    view = memoryview(data)
    while view:
        view = view[os.write(slot[0], view):]
    slot[1] += len(data)
    return str(path), offset


def _shared_runs(triples: list[Triple], shared: set[str]) -> list[tuple[int, int, str]]:
    """The runs [i, j) of `triples` that make each shared node (see `record_triples`)."""
    nodes = {key for key in shared if " " not in key}
    pairs: dict[str, set[str]] = {}
    for key in shared - nodes:
        subject, obj = key.split(" ", 1)
        pairs.setdefault(subject, set()).add(obj)
    runs: list[tuple[int, int, str]] = []
    for i, (s, _p, o) in enumerate(triples):
        if s in nodes:
            key = s
        elif s in pairs and o in pairs[s]:  # an object IRI: a literal is never in a pair
            key = f"{s} {o}"
        else:
            continue
        if runs and runs[-1][1] == i and runs[-1][2] == key:
            runs[-1] = (runs[-1][0], i + 1, key)
        else:
            runs.append((i, i + 1, key))
    return runs


def part_of(record: Record, context: Any, folder: Path) -> Part:
    """Append `record`'s triples (read with `context`, graph.build.record_context) to this
    process's parts file in `folder`."""
    triples, shared = record_triples(record, context)
    lines = list(ntriples_lines(triples))
    chunks, spans, at, done = [], [], 0, 0
    for i, j, key in _shared_runs(triples, shared) if shared else ():
        before = "".join(lines[done:i]).encode("utf-8")
        node = "".join(lines[i:j]).encode("utf-8")
        chunks += [before, node]
        at += len(before)
        spans.append((at, at + len(node), key))
        at += len(node)
        done = j
    chunks.append("".join(lines[done:]).encode("utf-8"))
    data = b"".join(chunks)
    path, offset = _append(folder, data)
    return Part(path, offset, len(data), tuple(spans))


class PartsWriter:
    """Appends parts to graph.nt in the order given, each shared node's first copy only."""

    def __init__(self, out: BinaryIO) -> None:
        self.out = out
        self.seen: set[str] = set()
        self.files: dict[str, int] = {}  # parts file → descriptor

    def add(self, part: Part) -> None:
        fd = self.files.get(part.path)
        if fd is None:
            fd = self.files[part.path] = os.open(part.path, os.O_RDONLY)
        data = memoryview(os.pread(fd, part.length, part.offset))
        if len(data) != part.length:
            raise OSError(f"{part.path}: {len(data)} of {part.length} bytes at {part.offset}")
        at = 0
        for start, end, key in part.shared:
            if key in self.seen:  # an earlier record wrote this node
                self.out.write(data[at:start])
                at = end
            else:
                self.seen.add(key)
        self.out.write(data[at:])

    def close(self) -> None:
        for fd in self.files.values():
            os.close(fd)
        self.files.clear()


def _subject(line: bytes) -> bytes:
    return line.split(b" ", 1)[0]  # an IRI or a blank node in N-Triples holds no space


def turtle_cuts(ntriples: Path, piece: int | None = None) -> list[int]:
    """Offsets 0, …, size of `ntriples` cutting it into pieces of about `piece` bytes (default
    `TURTLE_PIECE`), each cut at the start of a line whose subject is not the one of the line before."""
    piece = piece or TURTLE_PIECE
    size = ntriples.stat().st_size
    cuts = [0]
    with open(ntriples, "rb") as fh:
        while cuts[-1] + piece < size:
            fh.seek(cuts[-1] + piece - 1)
            fh.readline()  # to the start of the next line
            prev = fh.readline()
            at = fh.tell()
            line = fh.readline()
            while line and _subject(line) == _subject(prev):
                prev, at, line = line, fh.tell(), fh.readline()
            if not line:
                break
            cuts.append(at)
    return [*cuts, size]


def _turtle_piece(ntriples: str, start: int, end: int, out: str) -> None:
    """The Turtle of bytes [start, end) of `ntriples` into the file `out` (run in a worker)."""
    from ..graph import write_turtle

    with open(ntriples, "rb") as fh:
        fh.seek(start)
        data = fh.read(end - start)
    with open(out, "wb") as fh:
        write_turtle(data, fh)


def write_turtle_pieces(ntriples: Path, out: BinaryIO, run: Executor, piece: int | None = None) -> None:
    """graph.ttl as `write_turtle(ntriples, out)` writes it, its pieces (`turtle_cuts`) made by
    `run`'s workers and concatenated here, the prefixes of all but the first dropped."""
    cuts = turtle_cuts(ntriples, piece)
    folder = Path(tempfile.mkdtemp(prefix=".turtle-", dir=Path(out.name).parent))
    try:
        outs = [str(folder / f"{i}.ttl") for i in range(len(cuts) - 1)]
        n = len(outs)
        for _ in run.map(_turtle_piece, [str(ntriples)] * n, cuts[:-1], cuts[1:], outs):
            pass
        header = b""
        for i, path in enumerate(outs):
            with open(path, "rb") as fh:
                if i == 0:
                    line = fh.readline()
                    while line.startswith(b"@prefix "):
                        header, line = header + line, fh.readline()
                    fh.seek(0)
                elif fh.read(len(header)) != header:
                    raise RuntimeError(f"the Turtle of piece {i} of {ntriples} does not start with the prefixes")
                shutil.copyfileobj(fh, out, 1 << 20)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _edges_ntriples(edges: list[LineageEdge], shared: list[bool]) -> bytes:
    """The N-Triples of a run of lineage edges (run in a worker)."""
    return "".join(ntriples_lines(edges_triples(edges, shared))).encode("utf-8")


def _edge_runs(linked: LinkedCorpus, size: int) -> Iterator[tuple[list[LineageEdge], list[bool]]]:
    shared = shared_link_names(linked)
    run: list[LineageEdge] = []
    for edge in linked.edges:  # a spill's edges are read back once, in order
        run.append(edge)
        if len(run) >= size:
            yield run, shared_edge_flags(run, shared)
            run = []
    if run:
        yield run, shared_edge_flags(run, shared)


def write_corpus_level(linked: LinkedCorpus, out: BinaryIO, run: Executor, size: int | None = None) -> None:
    """`write_ntriples(graph_triples(linked, per_record=False), out)`, the lineage edges' triples
    (most of them: ~12 an edge, tens of edges a document) made by `run`'s workers in runs of
    `size` edges (default `EDGE_RUN`), a few runs in flight at a time (memory holds those alone),
    and written in order: the same bytes (an edge's triples depend on it and its name alone)."""
    size = size or EDGE_RUN
    write_ntriples(documents_triples(linked), out)
    in_flight = max(2, 2 * getattr(run, "jobs", 2))
    runs = _edge_runs(linked, size)
    while True:
        batch = list(itertools.islice(runs, in_flight))
        if not batch:
            break
        out.writelines(run.map(_edges_ntriples, [e for e, _ in batch], [f for _, f in batch]))
    write_ntriples(statements_triples(linked), out)


@contextmanager
def graph_from_parts(linked: LinkedCorpus, out_dir: Path, names: list[str],
                     run: Executor | None = None) -> Iterator[PartsWriter]:
    """graph.nt and graph.ttl in `out_dir`, as `write_graph_files` writes them, from the parts
    added in the block, then the corpus-level triples.  Both files are renamed over their
    targets only once both are complete; `names` gets their names (Turtle first, as there).
    With a parallel `run`, its workers write the Turtle's pieces (`write_turtle_pieces`)."""
    nt_path, ttl_path = Path(out_dir) / "graph.nt", Path(out_dir) / "graph.ttl"
    with atomic_writer(nt_path) as nt:
        writer = PartsWriter(nt)
        try:
            yield writer
        finally:
            writer.close()
        if run is not None and run.parallel:
            write_corpus_level(linked, nt, run)
        else:
            write_ntriples(graph_triples(linked, per_record=False), nt)
        nt.flush()
        with atomic_writer(ttl_path) as ttl:
            if run is not None and run.parallel and run.shares_files:
                write_turtle_pieces(Path(nt.name), ttl, run)
            else:
                write_turtle(Path(nt.name), ttl)
    names += [ttl_path.name, nt_path.name]

