"""Lineage edges on disk as link decides them; a few columns of each in memory.

A corpus has tens of lineage edges a document (541,750 at 10,000 synthetic documents): as
objects with their evidence and details they were most of the main process's memory (~0.9 KiB
an edge).  `EdgeSpill` writes each edge to a nameless file as it comes (`io.TupleSpill`, in the
build's staging folder) and keeps a few columns of it (`EdgeColumns`: its documents, kind, confidence, award indices and a
hash of its wording, ~44 bytes) for the acyclicity check, the award lineages and the graph's
shared link names; `SpilledEdges`, the kept ones, is what `LinkedCorpus.edges` holds: a sequence
read back from the file each time it is walked (the graph step streams it once).
"""
from __future__ import annotations

import array
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, overload

from ..io import TupleSpill
from ..records import LineageEdge

_FIELDS = ("source", "target", "kind", "confidence", "evidence", "lag_days", "source_provision",
           "target_provision", "details", "source_award", "target_award")


def _row(edge: LineageEdge) -> tuple[Any, ...]:
    return tuple(getattr(edge, name) for name in _FIELDS)


def _edge(row: tuple[Any, ...]) -> LineageEdge:
    # as pickle and copy make a dataclass: its fields set at once, not through the frozen
    # class's __setattr__ one by one (that was half the time of reading an edge back)
    edge: LineageEdge = object.__new__(LineageEdge)
    edge.__dict__.update(zip(_FIELDS, row))
    return edge


def wording_of(edge: LineageEdge) -> int:
    """A hash of what tells apart the links of one kind between two documents: the clause and the
    award condition (graph/build.py mints a link's IRI from them and the documents)."""
    return hash((edge.source_provision or "", dict(edge.details).get("condition", "")))


class EdgeColumns:
    """Edges' ends, kinds, award indices (-1: none) and `wording_of`, in their order: what the
    acyclicity check, the award lineages and the shared link names read, 44 bytes an edge."""

    def __init__(self) -> None:
        self.sources: list[str] = []  # the documents' keys: the views' own strings, not copies
        self.targets: list[str] = []
        self.kinds: list[str] = []
        self.confidences = array.array("d")
        self.source_awards = array.array("i")
        self.target_awards = array.array("i")
        self.wordings = array.array("q")

    def add(self, edge: LineageEdge) -> None:
        self.sources.append(edge.source)
        self.targets.append(edge.target)
        self.kinds.append(edge.kind)
        self.confidences.append(edge.confidence)
        self.source_awards.append(-1 if edge.source_award is None else edge.source_award)
        self.target_awards.append(-1 if edge.target_award is None else edge.target_award)
        self.wordings.append(wording_of(edge))

    def __len__(self) -> int:
        return len(self.sources)

    def take(self, indices: Sequence[int]) -> EdgeColumns:
        out = EdgeColumns()
        out.sources = [self.sources[i] for i in indices]
        out.targets = [self.targets[i] for i in indices]
        out.kinds = [self.kinds[i] for i in indices]
        for name in ("confidences", "source_awards", "target_awards", "wordings"):
            column = getattr(self, name)
            getattr(out, name).extend(column[i] for i in indices)
        return out


def edge_columns(edges: Sequence[LineageEdge]) -> EdgeColumns:
    """The columns of `edges`: a spill's own, else made by walking them."""
    if isinstance(edges, SpilledEdges):
        return edges.columns
    columns = EdgeColumns()
    for edge in edges:
        columns.add(edge)
    return columns


def edges_at(edges: Sequence[LineageEdge], indices: Sequence[int]) -> Iterator[LineageEdge]:
    """The edges at `indices` (ascending): from a spill in one read ahead, not one read each."""
    if isinstance(edges, SpilledEdges):
        return edges.at(indices)
    return (edges[i] for i in indices)


class EdgeSpill:
    """Edges added one at a time, spilled; their columns kept."""

    def __init__(self, folder: Path | None = None) -> None:
        self.rows = TupleSpill(folder)
        self.columns = EdgeColumns()

    def add(self, edge: LineageEdge) -> None:
        self.rows.append(_row(edge))
        self.columns.add(edge)

    def extend(self, edges: Iterable[LineageEdge]) -> None:
        for edge in edges:
            self.add(edge)

    def __len__(self) -> int:
        return len(self.columns)

    def keep(self, indices: Sequence[int]) -> SpilledEdges:
        """The edges at `indices` (ascending), read back from the spill."""
        return SpilledEdges(self.rows, array.array("q", indices), self.columns.take(indices))


class SpilledEdges(Sequence[LineageEdge]):
    """Edges read back from a spill each time they are walked, in spill order; their columns in memory."""

    def __init__(self, rows: TupleSpill, indices: array.array[int], columns: EdgeColumns) -> None:
        self._rows = rows
        self._indices = indices
        self.columns = columns

    def __len__(self) -> int:
        return len(self._indices)

    @overload
    def __getitem__(self, i: int) -> LineageEdge: ...

    @overload
    def __getitem__(self, i: slice) -> tuple[LineageEdge, ...]: ...

    def __getitem__(self, i: int | slice) -> LineageEdge | tuple[LineageEdge, ...]:
        if isinstance(i, slice):
            return tuple(map(_edge, self._rows.read(self._indices[i])))
        return _edge(self._rows[self._indices[i]])

    def __iter__(self) -> Iterator[LineageEdge]:
        return map(_edge, self._rows.read(self._indices))

    def at(self, indices: Sequence[int]) -> Iterator[LineageEdge]:
        """The edges at `indices` (ascending positions in this sequence)."""
        return map(_edge, self._rows.read(self._indices[i] for i in indices))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other))

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"SpilledEdges({len(self)} edges)"

    def __reduce__(self) -> tuple[Any, ...]:  # pickled (sent to another process): as a plain tuple
        return tuple, (tuple(self),)
