"""The same document arriving twice (a text and a PDF of it) is one document.

Two records are one document when they carry the same 文号 (or, lacking one, the same
title) and their texts, stripped of layout, are identical (`text_fingerprint`) or near-identical
*in their wording only*: crawled copies of one notice differ by a character (`临床试验` /
`临床实验`), but two texts that differ in any number — an amount, a date, a 文号, a clause
number — are two editions, however similar (`number_skeleton`).
"""
from __future__ import annotations

import logging
from collections.abc import Callable

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from ..normalize import core_text, number_skeleton, title_key
from ..records import LinkView

log = logging.getLogger(__name__)

# share of identical characters (rapidfuzz ratio, 0-100) above which two texts are one document
DEFAULT_DUPLICATE_RATIO = 97.0
# the kept copy is the one that extracted most; ties go to the cleaner format
_FORMAT_RANK = {"text": 0, "markdown": 1, "docx": 2, "html": 3, "pdf": 4}
TextOf = Callable[[LinkView], str]


def same_document(a: LinkView, b: LinkView, text_of: TextOf, ratio: float = DEFAULT_DUPLICATE_RATIO) -> bool:
    """Same 文号 (both may lack one), the same numbers, and near-identical wording (`text_of`
    reads the texts when needed)."""
    if a.header.doc_number != b.header.doc_number:
        return False
    if a.fingerprint == b.fingerprint:
        return True
    if min(a.core_length, b.core_length) < 0.9 * max(a.core_length, b.core_length):
        return False  # lengths too far apart for a near-identical text
    text_a, text_b = text_of(a), text_of(b)
    if number_skeleton(text_a) != number_skeleton(text_b):
        return False  # an amount, date, 文号 or clause differs: another edition
    return fuzz.ratio(core_text(text_a), core_text(text_b)) >= ratio


def describe_difference(text_a: str, text_b: str, *, limit: int = 3) -> str:
    """What two near-identical copies differ by, in words: `wording differs in 3 places: 临床实验 → 临床试验, …`."""
    a, b = core_text(text_a), core_text(text_b)
    edits = [op for op in Levenshtein.opcodes(a, b) if op.tag != "equal"]
    # one character of context on each side, so `慧 → 能` reads `智慧化 → 智能化`
    shown = [f"{a[max(op.src_start - 1, 0):op.src_end + 1]} → {b[max(op.dest_start - 1, 0):op.dest_end + 1]}"
             for op in edits[:limit]]
    more = f", and {len(edits) - limit} more" if len(edits) > limit else ""
    return f"wording differs in {len(edits)} place{'s' if len(edits) != 1 else ''}: {', '.join(shown)}{more}"


def _rank(view: LinkView) -> tuple[int, int, int, str]:
    return (-view.found, view.warning_count, _FORMAT_RANK.get(view.source.format, 9), view.source.file)


def _bucket(view: LinkView) -> tuple[str, str]:
    """Copies of one document share a 文号; without one, they share a title (texts are compared
    only within a bucket, so the check stays linear in the corpus)."""
    if view.header.doc_number:
        return ("文号", view.header.doc_number)
    return ("title", title_key(view.header.title or ""))


def drop_duplicates(views: list[LinkView], text_of: TextOf,
                    ) -> tuple[list[LinkView], list[tuple[str, str]], list[str]]:
    """Views with each document once, the (dropped file, kept file) pairs, and warnings.

    Two different texts under one 文号 are both kept and reported: that is a data problem
    (a mistyped 文号 or a revised reissue) a maintainer must look at.
    """
    kept: dict[tuple[str, str], list[LinkView]] = {}
    pairs: list[tuple[str, str]] = []
    warnings: list[str] = []
    dropped: set[str] = set()
    for view in sorted(views, key=_rank):
        bucket = kept.setdefault(_bucket(view), [])
        twin = next((k for k in bucket if same_document(k, view, text_of)), None)
        if twin is not None:
            pairs.append((view.source.file, twin.source.file))
            dropped.add(view.source.file)
            continue
        if bucket and view.header.doc_number:
            warnings.append(f"{view.source.file} and {bucket[0].source.file} both carry 文号 "
                            f"{view.header.doc_number} but their texts differ: both kept")
        bucket.append(view)
    return [v for v in views if v.source.file not in dropped], sorted(pairs), warnings
