"""Is a new document already in the corpus, perhaps in another format?  Link decides.

"The same document" is what link's duplicate rule (`link/duplicates.py`) says it is: the
same 文号 (or title) and the same text once layout is ignored, or a near-identical wording
with every number the same (a crawled copy).  This module asks link, with the corpus and the
new documents as link will see them, and words the answer.

Only an identical copy (the same bytes, or the same text once layout is ignored) is
"unchanged" and not added: a changed document is never unchanged.  A near-identical copy is
added — both files stay as sources — and link keeps the document once (`identical` False).
A corrected notice that changes one amount, date, 文号 or clause number is no copy at all.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..link.duplicates import describe_difference, drop_duplicates
from ..records import LinkView


@dataclass(frozen=True)
class Duplicate:
    """`file` is the same document as the corpus's `same_as`, for `reason`."""

    file: str
    same_as: str
    reason: str
    identical: bool = True  # False: a near-identical copy, added and linked once


def find_duplicates(new: list[LinkView], corpus: list[LinkView],
                    text_of: Callable[[LinkView], str]) -> dict[str, Duplicate]:
    """The new documents link calls copies of a corpus document, by file name."""
    new_files = {v.source.file for v in new}
    corpus_files = {v.source.file for v in corpus}
    views = {v.source.file: v for v in corpus + new}
    _, pairs, _ = drop_duplicates(corpus + new, text_of)
    found: dict[str, Duplicate] = {}
    for dropped, kept in pairs:
        for mine, other in ((dropped, kept), (kept, dropped)):
            if mine in new_files and other in corpus_files and mine not in found:
                a, b = views[mine], views[other]
                identical = a.source.sha256 == b.source.sha256 or a.fingerprint == b.fingerprint
                found[mine] = Duplicate(mine, other, _reason(a, b, text_of), identical)
    return found


def _reason(new: LinkView, old: LinkView, text_of: Callable[[LinkView], str]) -> str:
    if new.source.sha256 == old.source.sha256:
        return "identical bytes"
    if new.fingerprint == old.fingerprint:
        return "identical text once layout is ignored"
    label = f"文号 {new.header.doc_number}" if new.header.doc_number else "title"
    return (f"link found the same document: same {label} and numbers, "
            + describe_difference(text_of(old), text_of(new)))
