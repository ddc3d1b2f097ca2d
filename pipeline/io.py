"""Files in and out: reading inputs, atomic JSON writes, manifests.

Every write goes to a temporary file in the target's folder and is renamed over the
target, so a reader never sees half a file and a crash leaves the old file in place.
"""
from __future__ import annotations

import array
import hashlib
import json
import os
import pickle
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from .errors import InputError
from .records import Record


def list_inputs(folder: Path) -> list[Path]:
    """Every entry of `folder` but hidden ones (the tools' own caches, locks and temporary files),
    sorted by name so runs are deterministic.  Unsupported types, empty files, FIFOs and folders are
    listed too: reading refuses each with a one-line reason, so nothing is skipped without a word."""
    return sorted(p for p in folder.iterdir() if not p.name.startswith("."))


def _file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


NAME_MAX = 255  # bytes in one file name (ext4, xfs, btrfs, tmpfs)


def _temp_prefix(path: Path) -> str:
    # a name of up to 255 bytes must still leave room for the random part and `.tmp`
    return "." + path.name.encode("utf-8")[:40].decode("utf-8", "ignore") + "."


# every output (records, graph files, manifest, corpus copies, cache entries) gets this one
# mode; mkstemp would make them 0600
FILE_MODE = _file_mode()


def atomic_write_bytes(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write `data` to a temporary file beside `path` and rename it over `path`.

    `durable=False` skips the fsync: still atomic for readers, but a crash of the machine
    may lose the file; for many files that are synced together afterwards (`sync_folder`).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=_temp_prefix(path), suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def atomic_writer(path: Path) -> Iterator[BinaryIO]:
    """A binary file to stream `path` into: a temporary file (its `.name` a path, so it can be
    read back before the block ends), renamed over `path` when the block ends, removed if it raises."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=_temp_prefix(path), suffix=".tmp", dir=path.parent)
    os.fchmod(fd, FILE_MODE)
    os.close(fd)
    try:
        with open(tmp, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def dumps_json(data: Any) -> str:
    return dumps_json_bytes(data).decode("utf-8")


def dumps_json_bytes(data: Any) -> bytes:
    """JSON as `json.dumps(ensure_ascii=False, sort_keys=True, indent=2)` writes it, byte for
    byte, by orjson (ten times faster on records); the standard library for what orjson refuses."""
    try:
        return orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n"
    except TypeError:  # e.g. non-string keys or integers beyond 64 bits
        return (json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode("utf-8")


def atomic_write_json(path: Path, data: Any) -> None:
    atomic_write_bytes(path, dumps_json_bytes(data))


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


# the output folder's own files: a record named like them would overwrite them (or be overwritten)
RESERVED_RECORD_STEMS = frozenset({"manifest", "eval_report"})


def check_record_name(source_file: str) -> None:
    """Refuse an input whose record would take the name of one of the corpus's own files."""
    stem = Path(source_file).stem
    if stem in RESERVED_RECORD_STEMS or stem.startswith("."):
        raise InputError(f"its record {stem}.json would collide with the output folder's own files",
                         locator=source_file, hint="rename the file before reading it")
    size = len(f"{stem}.json".encode("utf-8", "surrogateescape"))
    if size > NAME_MAX:
        raise InputError(f"its record's name {stem}.json would be {size} bytes, over the {NAME_MAX} a file "
                         "name may have", locator=source_file, hint="rename the file to a shorter name")


def record_path(out_dir: Path, source_file: str) -> Path:
    check_record_name(source_file)
    return out_dir / f"{Path(source_file).stem}.json"


def write_record(out_dir: Path, record: Record, *, durable: bool = True) -> Path:
    path = record_path(out_dir, record.source.file)
    atomic_write_bytes(path, dumps_json_bytes(record.to_dict()), durable=durable)
    return path


def sync_folder(folder: Path) -> None:
    """Flush everything written in `folder`'s file system to disk, in one call (syncfs)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        if hasattr(os, "syncfs"):
            os.syncfs(fd)  # type: ignore[attr-defined]
        else:
            os.fsync(fd)
    finally:
        os.close(fd)


class StagedRecords:
    """Records parked on disk between the per-document stages and link: one pickle each.

    A corpus's records do not fit in memory at national scale; link needs only their views,
    and the records come back one at a time when link's results are written into them.
    Worker processes write their records here themselves (`put`), so records never travel
    between processes.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, source_file: str) -> Path:
        # hashed: a file name may already be as long as a name can be
        return self.folder / (hashlib.sha256(source_file.encode("utf-8")).hexdigest()[:32] + ".pickle")

    def put(self, record: Record) -> None:
        with open(self._path(record.source.file), "wb") as fh:
            pickle.dump(record, fh, protocol=pickle.HIGHEST_PROTOCOL)

    def get(self, source_file: str) -> Record:
        with open(self._path(source_file), "rb") as fh:
            record: Record = pickle.load(fh)
        return record


class TupleSpill:
    """Tuples of plain values (str, int, float, None and tuples of them) on disk as they come,
    read back in order or one by one; memory holds only where each starts (8 bytes).

    The file is anonymous (`tempfile.TemporaryFile`, in `folder` or the temporary folder): it
    has no name to leave behind when the process is killed, and goes when the spill is
    collected.  Each item is one pickle (loaded faster than a `marshal` of it).
    """

    CHUNK = 1 << 20  # bytes written, or read ahead, at a time

    def __init__(self, folder: Path | None = None) -> None:
        self._file = tempfile.TemporaryFile(prefix="policykg-spill-", dir=folder)  # noqa: SIM115 (lives with the spill)
        self._fd = self._file.fileno()
        self._starts = array.array("q")
        self._pending = bytearray()
        self._flushed = 0  # bytes on disk; the pending ones follow them

    def append(self, item: tuple[Any, ...]) -> int:
        """Spill `item`; its index."""
        self._starts.append(self._flushed + len(self._pending))
        self._pending += pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)
        if len(self._pending) >= self.CHUNK:
            self._flush()
        return len(self._starts) - 1

    def _flush(self) -> None:
        if self._pending:
            view = memoryview(self._pending)
            while view:
                view = view[os.pwrite(self._fd, view, self._flushed + len(self._pending) - len(view)):]
            self._flushed += len(self._pending)
            self._pending = bytearray()

    def __len__(self) -> int:
        return len(self._starts)

    def _end(self, i: int) -> int:
        return self._starts[i + 1] if i + 1 < len(self._starts) else self._flushed

    def __getitem__(self, i: int) -> tuple[Any, ...]:
        self._flush()
        start = self._starts[i]
        item: tuple[Any, ...] = pickle.loads(os.pread(self._fd, self._end(i) - start, start))
        return item

    def read(self, indices: Iterable[int] | None = None) -> Iterator[tuple[Any, ...]]:
        """The items at `indices` (ascending; default: all), in order, read ahead a chunk at a time."""
        self._flush()
        window, at = b"", 0  # bytes read ahead and where in the file they start
        for i in range(len(self._starts)) if indices is None else indices:
            start, end = self._starts[i], self._end(i)
            if start < at or end > at + len(window):
                window, at = os.pread(self._fd, max(self.CHUNK, end - start), start), start
            yield pickle.loads(memoryview(window)[start - at:end - at])

    def close(self) -> None:
        self._file.close()
