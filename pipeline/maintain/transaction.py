"""All-or-nothing updates of the corpus folders (raw_docs/, extracted/ and the graph).

Every output is first staged under `root/.policykg-txn-*/new/` (same filesystem, so a rename
is atomic); only files whose bytes differ from what is in place are staged.  Commit writes a
journal, keeps a hard link to each file it replaces, then renames the staged files in.  Any
exception during commit rolls every file back; a process killed mid-commit leaves the
journal, and the next run under the lock rolls it back before it starts (`recover`); a command
that only reads the corpus rolls it back too, or refuses (engine/outputs.py: `settle`).
"""
from __future__ import annotations

import filecmp
import json
import logging
import os
import shutil
import tempfile
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from ..io import FILE_MODE, atomic_write_bytes, atomic_write_json, sync_folder

log = logging.getLogger(__name__)

TXN_PREFIX = ".policykg-txn-"
JOURNAL = "journal.json"


def _swap(src: Path, dst: Path) -> None:
    """The one rename that puts a staged file in place (a seam for failure-injection tests)."""
    os.replace(src, dst)


def stage_bytes(root: Path, new: Path, rel: str, data: bytes) -> bool:
    """Write `data` to `new/rel` unless `root/rel` holds those bytes already; True if staged.

    A plain function of paths, so worker processes can stage files; the transaction is told
    which (`Transaction.note`)."""
    target = root / rel
    if target.is_file() and target.stat().st_size == len(data) and target.read_bytes() == data:
        return False
    atomic_write_bytes(new / rel, data, durable=False)  # made durable together, before commit
    return True


class Transaction:
    """Stage files relative to `root`, then `commit()` them together or not at all."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.dir = Path(tempfile.mkdtemp(prefix=TXN_PREFIX, dir=self.root))
        self.new = self.dir / "new"
        self.backup = self.dir / "backup"
        self.staged: list[str] = []
        self.removed: list[str] = []  # files to delete on commit (restored by a rollback)
        self.committed = False

    def scratch(self, name: str) -> Path:
        """A private folder for writers that only write into a directory."""
        path = self.dir / "scratch" / name
        path.mkdir(parents=True, exist_ok=True)
        return path

    def stage(self, rel: str, data: bytes) -> bool:
        """Stage `data` for `root/rel`; False (nothing staged) when the bytes are already there."""
        if not stage_bytes(self.root, self.new, rel, data):
            return False
        self.note(rel)
        return True

    def stage_file(self, rel: str, src: Path) -> Path:
        """Stage the file `src` (moved, not copied: graph files are large) for `root/rel`,
        unless `root/rel` is identical; returns where the new bytes now are."""
        target = self.root / rel
        if target.is_file() and filecmp.cmp(src, target, shallow=False):
            return target
        staged = self.new / rel
        staged.parent.mkdir(parents=True, exist_ok=True)
        os.chmod(src, FILE_MODE)
        os.replace(src, staged)
        self.note(rel)
        return staged

    def remove(self, rel: str) -> None:
        """Delete `root/rel` on commit (kept as a backup until then, so a rollback restores it)."""
        if (self.root / rel).is_file() and rel not in self.removed and rel not in self.staged:
            self.removed.append(rel)

    def note(self, rel: str) -> None:
        """`rel` is staged under `new/` (by `stage_bytes` in a worker, say): commit it too."""
        if rel not in self.staged:
            self.staged.append(rel)

    def commit(self) -> list[str]:
        """Swap every staged file into place; on any exception restore them all and re-raise."""
        sync_staged(self.new)
        journal = self._journal()
        atomic_write_json(self.dir / JOURNAL, journal)
        try:
            for rel in self.staged:
                target = self.root / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                if journal["existed"][rel]:
                    _keep_backup(target, self.backup / rel)
                _swap(self.new / rel, target)
            for rel in self.removed:
                _keep_backup(self.root / rel, self.backup / rel)
                (self.root / rel).unlink()
        except BaseException:
            rollback(self.root, self.dir, journal)
            # rolled back: the journal is spent (had rollback raised, it stays for `recover`)
            (self.dir / JOURNAL).unlink()
            raise
        (self.dir / JOURNAL).unlink()
        self.committed = True
        return self.staged + self.removed

    def _journal(self) -> dict[str, Any]:
        existed = {rel: (self.root / rel).exists() for rel in self.staged + self.removed}
        new_dirs: set[str] = set()
        for rel in self.staged:
            parent = (self.root / rel).parent
            while parent != self.root and not parent.exists():
                new_dirs.add(str(parent.relative_to(self.root)))
                parent = parent.parent
        return {"existed": existed, "new_dirs": sorted(new_dirs, key=len, reverse=True)}

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        # a journal still here means a rollback failed: leave it for `recover`
        if not (self.dir / JOURNAL).exists():
            shutil.rmtree(self.dir, ignore_errors=True)


def sync_staged(folder: Path) -> None:
    """Everything staged reaches the disk before the journal that points at it (one syncfs)."""
    if folder.is_dir():
        sync_folder(folder)


def _keep_backup(target: Path, backup: Path) -> None:
    backup.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(target, backup)  # a hard link: cheap, and the old bytes survive the rename
    except OSError:
        shutil.copy2(target, backup)


def rollback(root: Path, txn_dir: Path, journal: dict[str, Any]) -> None:
    """Put back every file the journal names: restore backups, remove files that were new."""
    for rel, was_there in journal["existed"].items():
        target, backup = root / rel, txn_dir / "backup" / rel
        if was_there:
            if backup.exists():  # replaced (or about to be): the backup holds the old bytes
                os.replace(backup, target)
        else:
            target.unlink(missing_ok=True)
    for rel in journal.get("new_dirs", []):
        try:
            (root / rel).rmdir()
        except OSError:  # not empty or already gone: someone else's files stay
            pass


def pending(root: Path) -> list[Path]:
    """The transaction folders under `root` whose commit did not finish (their journal is there)."""
    return sorted(p.parent for p in Path(root).glob(f"{TXN_PREFIX}*/{JOURNAL}"))


def recover(root: Path) -> list[str]:
    """Undo any transaction a killed process left half-committed; clear abandoned staging.

    Call only while holding the corpus lock.  Returns the folders that were cleaned; each is
    named in a warning (a rollback) or a log line (staging a killed run left before its commit).
    """
    cleaned = []
    for txn_dir in sorted(Path(root).glob(f"{TXN_PREFIX}*")):
        journal_path = txn_dir / JOURNAL
        if journal_path.exists():
            journal = json.loads(journal_path.read_text(encoding="utf-8"))
            rollback(Path(root), txn_dir, journal)
            log.warning("rolled back the unfinished commit %s of %s (a killed ingest or build): %d files as they were",
                        txn_dir.name, root, len(journal["existed"]))
        else:
            log.warning("removed %s/%s, the staging a killed ingest or build left before committing",
                        root, txn_dir.name)
        shutil.rmtree(txn_dir, ignore_errors=True)
        cleaned.append(txn_dir.name)
    return cleaned
