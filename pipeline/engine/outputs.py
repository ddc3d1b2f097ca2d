"""An output folder as a corpus: one writer at a time, and what a killed run left cleaned up.

Every command that writes an output folder (`build`, `extract`, `ingest`) first takes the
lock of the folder's corpus — the folder that holds it, as a corpus root holds `extracted/`
— then rolls back a transaction a killed `ingest` left half-committed (its journal) and
removes what a killed run left behind: `.staging-*` folders of parked records and the
`.*.tmp` files of atomic writes.
"""
from __future__ import annotations

import logging
import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..maintain.lock import corpus_lock
from ..maintain.transaction import recover

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
    """Hold the corpus lock for a write into `out_dir`, after recovery and clean-up; yields the root."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    root = Path(root) if root is not None else corpus_root(out_dir)
    with corpus_lock(root):
        recover(root)
        clean_leftovers(out_dir)
        yield root
