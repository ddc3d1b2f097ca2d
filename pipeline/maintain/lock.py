"""One maintainer command at a time per corpus: an advisory lock on root/.policykg.lock."""
from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import LockError

LOCK_NAME = ".policykg.lock"


@contextmanager
def corpus_lock(root: Path) -> Iterator[Path]:
    """Hold an exclusive, non-blocking flock on `root/.policykg.lock` for the block.

    Raises LockError at once when another process holds it: waiting silently would look
    like a hang.  The lock file itself is left in place, since unlinking it would let
    two processes lock two different files.
    """
    path = Path(root) / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise LockError("another policykg command is writing this corpus", locator=str(path),
                        hint="wait for it to finish, then run the command again") from None
    try:
        yield path
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
