"""A content-hash cache of pre-link records that survives runs.

Ingest → structure → extract is per document and the costly part; link is corpus-level and
cheap.  So the cache holds each document's record *before* linking, keyed by the input's
name and bytes and by a hash of the code and data that produce it, and a later run re-links
from cached records instead of re-reading unchanged documents.
"""
from __future__ import annotations

import hashlib
import json
import logging
import shutil
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from .. import config
from ..io import atomic_write_json
from ..records import Record

log = logging.getLogger(__name__)

CACHE_DIR_NAME = ".policykg-cache"
# the per-document stages and what they read; link, graph, evaluate and the CLI come later
_STAGE_SOURCES = ("ingest", "structure", "extract")
_SHARED_MODULES = ("records.py", "normalize.py", "lexicon.py", "config.py", "errors.py", "io.py",
                   "engine/document.py")
# libraries whose version changes what a reader or the extractor returns
_LIBRARIES = ("pdfplumber", "pypdfium2", "python-docx", "beautifulsoup4", "lxml",
              "charset-normalizer", "jieba", "spacy", "cn2an")


@lru_cache(maxsize=1)
def pipeline_version() -> str:
    """Hash of every source file and data file that shapes a pre-link record.

    Any edit to a reader, to structure or extract, to the shared records, or to the
    ontology data they load invalidates every cached record: stale records are worse
    than a slow run.
    """
    digest = hashlib.sha256()
    files = [config.PACKAGE_DIR / name for name in _SHARED_MODULES]
    for stage in _STAGE_SOURCES:
        files += sorted((config.PACKAGE_DIR / stage).rglob("*.py"))
    if config.ONTOLOGY_DIR.is_dir():
        files += sorted(p for p in config.ONTOLOGY_DIR.rglob("*") if p.is_file())
    for path in files:
        if path.is_file():
            digest.update(str(path.relative_to(config.PROJECT_DIR)).encode("utf-8") + b"\0")
            digest.update(path.read_bytes() + b"\0")
    for lib in _LIBRARIES:
        try:
            digest.update(f"{lib}={metadata.version(lib)}\0".encode())
        except metadata.PackageNotFoundError:  # an optional reader's library: absent is a state too
            digest.update(f"{lib}=absent\0".encode())
    return digest.hexdigest()


class RecordCache:
    """Pre-link records under `root/.policykg-cache/<version>/<key>.json`."""

    def __init__(self, root: Path, version: str | None = None) -> None:
        self.version = version or pipeline_version()
        self.base = Path(root) / CACHE_DIR_NAME
        self.dir = self.base / self.version[:16]

    @staticmethod
    def key(name: str, sha256: str) -> str:
        # the name is part of the key: warnings and source.file carry it
        return hashlib.sha256(f"{name}\0{sha256}".encode()).hexdigest()

    def get(self, name: str, sha256: str) -> Record | None:
        """The cached record of file `name` with these bytes, or None (a miss)."""
        path = self.dir / f"{self.key(name, sha256)}.json"
        if not path.is_file():
            return None
        try:
            record = Record.from_dict(json.loads(path.read_text(encoding="utf-8")))
        except (ValueError, KeyError, TypeError) as exc:
            # a damaged entry is a miss, not an error: the document is simply read again
            log.warning("cache entry %s is unreadable (%s): re-processing %s", path.name, exc, name)
            return None
        if record.source.file != name or record.source.sha256 != sha256:
            log.warning("cache entry %s belongs to another input: re-processing %s", path.name, name)
            return None
        return record

    def put(self, record: Record) -> None:
        """Store a pre-link record under its own source name and hash."""
        path = self.dir / f"{self.key(record.source.file, record.source.sha256)}.json"
        atomic_write_json(path, record.to_dict())

    def prune(self) -> int:
        """Remove entries written by other pipeline versions; returns how many folders went."""
        if not self.base.is_dir():
            return 0
        stale = [p for p in self.base.iterdir() if p.is_dir() and p.name != self.dir.name]
        for folder in stale:
            shutil.rmtree(folder, ignore_errors=True)
        return len(stale)
