"""An output folder as a corpus: one writer at a time, staged writes, and what a killed run left
cleaned up.

Every command that writes an output folder (`build`, `extract`, `ingest`) first takes the
lock of the folder's corpus — the folder that holds it, as a corpus root holds `extracted/`
— then rolls back a transaction a killed `ingest` or `build` left half-committed (its journal)
and removes what a killed run left behind: `.policykg-txn-*` staging, `.staging-*` folders of
parked records and the `.*.tmp` files of atomic writes.

`build` and `extract` write their whole output into a staging folder beside the output folder
(`staged`: a transaction of pipeline/maintain/transaction.py, on the same file system) and
rename it in, file by file under a journal, only once every file is written; a full disk, a
failed write or a kill before that leaves the output folder as it was, byte for byte.

Commands that only read a corpus (`build`'s input folder, `query`, `eval` …) call `settle`
first: a journal left by a killed commit is rolled back, or the command refuses in one line.
"""
from __future__ import annotations

import json
import logging
import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import ConfigError, LockError, SystemProblem, UnfinishedTransaction
from ..maintain.lock import corpus_lock
from ..maintain.transaction import Transaction, pending, recover

log = logging.getLogger(__name__)

# what atomic writes (io.py: `.<name>.<random>.tmp`) and parking (`.staging-<random>`) leave
_LEFTOVER_FILE = re.compile(r"^\..+\.[A-Za-z0-9_]+\.tmp$")
_LEFTOVER_DIR = re.compile(r"^\.staging-[A-Za-z0-9_]+$")


def corpus_root(out_dir: Path) -> Path:
    """The corpus an output folder belongs to: the folder holding it (`root/extracted` → root),
    or the output folder itself when its parent cannot be written (a lock is a file)."""
    out_dir = Path(out_dir).resolve()
    parent = out_dir.parent
    return parent if parent != out_dir and os.access(parent, os.W_OK) else out_dir


def clean_leftovers(folder: Path) -> list[str]:
    """Remove a killed run's temporary files and staging folders from `folder`; their names."""
    if not folder.is_dir():
        return []
    removed = []
    for path in sorted(folder.iterdir()):
        if path.is_dir() and not path.is_symlink() and _LEFTOVER_DIR.match(path.name):
            shutil.rmtree(path, ignore_errors=True)
        elif path.is_file() and _LEFTOVER_FILE.match(path.name):
            path.unlink(missing_ok=True)
        else:
            continue
        removed.append(path.name)
    if removed:
        log.info("removed what an interrupted run left in %s: %s", folder, ", ".join(removed))
    return removed


@contextmanager
def writing(out_dir: Path, *, root: Path | None = None) -> Iterator[Path]:
    """Hold the corpus lock for a write into `out_dir`, after recovery and clean-up; yields the root.

    `out_dir` itself is not created (a staged write creates it when it commits), only the
    folder that holds it."""
    out_dir = Path(out_dir)
    if root is None:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        root = corpus_root(out_dir)
        if root == out_dir.resolve():  # its parent cannot be written: the lock goes inside
            out_dir.mkdir(exist_ok=True)
    root = Path(root)
    with corpus_lock(root):
        recover(root)
        if out_dir.is_dir() and out_dir.resolve() != root.resolve():
            recover(out_dir)  # a staging folder there: an output folder on a file system of its own
        clean_leftovers(out_dir)
        yield root


class Staging:
    """A build's output folder, staged: write into `folder` (and park records in `scratch`), then
    `commit()` renames every file whose bytes changed into `out_dir`, together or not at all."""

    def __init__(self, txn: Transaction, out_dir: Path) -> None:
        self.txn = txn
        self.out_dir = Path(out_dir)
        rel = os.path.relpath(self.out_dir.resolve(), txn.root.resolve())
        self.prefix = "" if rel == "." else rel + "/"
        self.folder = txn.new / rel
        self.folder.mkdir(parents=True, exist_ok=True)
        self.scratch = txn.scratch("park")

    def commit(self, *, manifest: str | None = None) -> list[str]:
        """Swap the staged files in (those identical to what is in place are left alone).

        With `manifest` (the name of the manifest a build writes last), the files the previous
        build listed as its outputs and this one does not write go in the same swap.  Returns
        the names of the files changed."""
        staged = sorted(p for p in self.folder.iterdir() if p.is_file())
        names = {p.name for p in staged}
        for path in staged:
            self.txn.stage_file(self.prefix + path.name, path)
        if manifest is not None:
            for name in self._previous_outputs(manifest):
                if name not in names:
                    self.txn.remove(self.prefix + name)
        return [rel[len(self.prefix):] for rel in self.txn.commit()]

    def _previous_outputs(self, manifest: str) -> list[str]:
        try:
            old = json.loads((self.out_dir / manifest).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []
        outputs = old.get("outputs", []) if isinstance(old, dict) else []
        # only plain names of files in the folder: a manifest names nothing outside it
        return [n for n in outputs if isinstance(n, str) and n == Path(n).name and not n.startswith(".")
                and (self.out_dir / n).is_file()]


def _transaction_root(root: Path, out_dir: Path) -> Path:
    """Where a staged write of `out_dir` stages: its corpus root, unless `out_dir` is on another
    file system (a mount point), where a rename from the root could not reach: then inside it."""
    if out_dir.is_dir() and out_dir.stat().st_dev != root.stat().st_dev:
        return out_dir
    return root


@contextmanager
def staged(out_dir: Path) -> Iterator[Staging]:
    """A staged write of `out_dir` under the corpus lock; the caller commits it.  Whatever
    happens before the commit (an error, a full disk), the staging folder is removed and
    `out_dir` is as it was; a kill leaves it for the next command to remove (`recover`)."""
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():  # refused before any work, not at the swap
        raise ConfigError("not a folder", locator=str(out_dir), hint="-o names the folder the outputs go in")
    with writing(out_dir) as root, Transaction(_transaction_root(root, out_dir)) as txn:
        try:
            yield Staging(txn, out_dir)
        except OSError as exc:  # a full disk, a quota, a permission: one line naming where
            raise _write_failed(exc, txn, out_dir) from exc


def _write_failed(exc: OSError, txn: Transaction, out_dir: Path) -> SystemProblem:
    """The system refused a write of a staged build: where (the output file a staged path stands
    for), why, and that the output folder is as it was (or that the next command rolls it back)."""
    where = str(exc.filename) if exc.filename is not None else str(out_dir)
    new = str(txn.new) + os.sep
    if where.startswith(new):
        where = str(txn.root / where[len(new):])
    if txn.dir in pending(txn.root):  # the rollback itself failed: its journal is left
        state = "the next policykg command rolls the output folder back"
    else:
        state = "the output folder is as it was"
    return SystemProblem(f"{exc.strerror or exc} while writing the outputs", locator=where,
                         hint=f"{state}; free some space or fix the permissions, then run the command again")


def _roots_of(folder: Path) -> list[Path]:
    """The corpora a folder may belong to: itself (a corpus root) and the folder holding it
    (`root/raw_docs`, `root/extracted` → root)."""
    folder = Path(folder).resolve()
    return list(dict.fromkeys([folder, folder.parent]))


def settle(*folders: Path) -> None:
    """Before reading `folders`: roll back any commit a killed `ingest` or `build` left unfinished
    in their corpus (under its lock), or refuse with one line when that cannot be done now."""
    for root in dict.fromkeys(r for f in folders for r in _roots_of(f)):
        unfinished = pending(root)
        if not unfinished:
            continue
        what = f"the corpus has an unfinished transaction ({unfinished[0].name})"
        try:
            with corpus_lock(root):
                recover(root)
        except LockError:
            raise UnfinishedTransaction(what + " that another policykg command is committing", locator=str(root),
                                        hint="wait for it to finish, then run the command again") from None
        except OSError as exc:
            raise UnfinishedTransaction(f"{what}, left by an interrupted command, and it cannot be rolled back "
                                        f"from here ({exc.strerror or exc})",
                                        locator=str(root),
                                        hint=f"run `policykg recover {root}` as a user who can write it") from exc
