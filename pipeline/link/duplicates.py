"""The same document arriving twice (a text and a PDF of it) is one document.

Two records are one document when they carry the same 文号 (or none) and their texts,
stripped of layout, are near-identical: a PDF's extraction differs from the text file by
page furniture and line breaks, so an exact hash (`text_fingerprint`) is too strict on
its own and is tried first, then a similarity ratio.
"""
from __future__ import annotations

import logging
import re

from rapidfuzz import fuzz

from ..normalize import fold_width, text_fingerprint
from ..records import Record

log = logging.getLogger(__name__)

# share of identical characters (rapidfuzz ratio, 0-100) above which two texts are one document
DEFAULT_DUPLICATE_RATIO = 97.0
# the kept copy is the one that extracted most; ties go to the cleaner format
_FORMAT_RANK = {"text": 0, "markdown": 1, "docx": 2, "html": 3, "pdf": 4}


def _core(text: str) -> str:
    return re.sub(r"[\s\u3000]+", "", fold_width(text))


def same_document(a: Record, b: Record, ratio: float = DEFAULT_DUPLICATE_RATIO) -> bool:
    """Same 文号 (both may lack one) and near-identical text."""
    if a.header.doc_number != b.header.doc_number:
        return False
    if text_fingerprint(a.text) == text_fingerprint(b.text):
        return True
    ca, cb = _core(a.text), _core(b.text)
    if min(len(ca), len(cb)) < 0.9 * max(len(ca), len(cb)):
        return False  # lengths too far apart for a near-identical text
    return fuzz.ratio(ca, cb) >= ratio


def _rank(record: Record) -> tuple[int, int, int, str]:
    ex = record.extraction
    found = len(record.clauses) + len(ex.amounts) + len(ex.awards) + len(ex.references)
    return (-found, len(record.warnings), _FORMAT_RANK.get(record.source.format, 9), record.source.file)


def drop_duplicates(records: list[Record]) -> tuple[list[Record], list[tuple[str, str]], list[str]]:
    """Records with each document once, the (dropped file, kept file) pairs, and warnings.

    Two different texts under one 文号 are both kept and reported: that is a data problem
    (a mistyped 文号 or a revised reissue) a maintainer must look at.
    """
    kept: list[Record] = []
    pairs: list[tuple[str, str]] = []
    warnings: list[str] = []
    for record in sorted(records, key=_rank):
        twin = next((k for k in kept if same_document(k, record)), None)
        if twin is not None:
            pairs.append((record.source.file, twin.source.file))
            continue
        clash = next((k for k in kept if record.header.doc_number and k.header.doc_number == record.header.doc_number),
                     None)
        if clash is not None:
            warnings.append(f"{record.source.file} and {clash.source.file} both carry 文号 "
                            f"{record.header.doc_number} but their texts differ: both kept")
        kept.append(record)
    order = {r.source.file: i for i, r in enumerate(records)}
    kept.sort(key=lambda r: order[r.source.file])
    return kept, sorted(pairs), warnings
