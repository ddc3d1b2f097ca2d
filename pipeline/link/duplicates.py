"""The same document arriving twice (a text and a PDF of it) is one document.

Two records are one document when they carry the same 文号 (or, lacking one, the same
title) and their texts, stripped of layout, are near-identical: a PDF's extraction differs from the text file by
page furniture and line breaks, so an exact hash (`text_fingerprint`) is too strict on
its own and is tried first, then a similarity ratio.
"""
from __future__ import annotations

import logging
from collections.abc import Callable

from rapidfuzz import fuzz

from ..normalize import title_key
from ..records import LinkView
from .views import core_text

log = logging.getLogger(__name__)

# share of identical characters (rapidfuzz ratio, 0-100) above which two texts are one document
DEFAULT_DUPLICATE_RATIO = 97.0
# the kept copy is the one that extracted most; ties go to the cleaner format
_FORMAT_RANK = {"text": 0, "markdown": 1, "docx": 2, "html": 3, "pdf": 4}
TextOf = Callable[[LinkView], str]


def same_document(a: LinkView, b: LinkView, text_of: TextOf, ratio: float = DEFAULT_DUPLICATE_RATIO) -> bool:
    """Same 文号 (both may lack one) and near-identical text (`text_of` reads it when needed)."""
    if a.header.doc_number != b.header.doc_number:
        return False
    if a.fingerprint == b.fingerprint:
        return True
    if min(a.core_length, b.core_length) < 0.9 * max(a.core_length, b.core_length):
        return False  # lengths too far apart for a near-identical text
    return fuzz.ratio(core_text(text_of(a)), core_text(text_of(b))) >= ratio


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
