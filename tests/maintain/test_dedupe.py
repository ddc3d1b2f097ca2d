"""Duplicate detection: the same 公文 in another layout or format, and what is *not* a duplicate."""
from __future__ import annotations

import dataclasses

import pytest
from conftest import SEED_RAW
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.maintain.dedupe import find_duplicate, link_duplicate, text_similarity
from pipeline.records import Extraction, Header, Record, SourceInfo


def _record(name: str, text: str, doc_number: str | None = None, title: str | None = None,
            sha: str | None = None) -> Record:
    return Record(source=SourceInfo(name, sha or f"{hash((name, text)) & (2**64 - 1):064x}", "text", None),
                  text=text, header=Header(doc_number=doc_number, title=title), clauses=(),
                  extraction=Extraction())


SEED_TEXT = (SEED_RAW / "002_5d0181b67baf112a.txt").read_text(encoding="utf-8")
OLD = _record("old.txt", SEED_TEXT, "泗政办发〔2024〕1号", "关于推进的实施意见")


@pytest.mark.parametrize("new,reason", [
    (_record("same.bin", "x", sha=OLD.source.sha256), "identical bytes"),
    (_record("relaid.md", SEED_TEXT.replace("\n", "\n\n").replace("。", "。 ")), "identical text"),
    (_record("wide.txt", SEED_TEXT.replace("1", "１").replace("2", "２")), "identical text"),
    (_record("scan.pdf", SEED_TEXT[:-40] + "— 12 —", "泗政办发〔2024〕1号"), "same 文号"),
    (_record("notitle.pdf", SEED_TEXT[:-30], None, "关于推进的实施意见"), "same title"),
])
def test_duplicates_found(new: Record, reason: str) -> None:
    found = find_duplicate(new, [OLD])
    assert found is not None and found.same_as == "old.txt" and found.reason.startswith(reason)


@pytest.mark.parametrize("new", [
    # same 文号 but a different text: a different document (or a mis-read 文号), kept
    _record("other.txt", SEED_TEXT[: len(SEED_TEXT) // 2], "泗政办发〔2024〕1号"),
    # near-identical text but another 文号: a re-issue, kept
    _record("reissue.txt", SEED_TEXT[:-40], "泗政办发〔2025〕1号"),
    # no 文号 and no title to tie them: only exact text counts
    _record("anon.txt", SEED_TEXT[:-40]),
])
def test_not_duplicates(new: Record) -> None:
    assert find_duplicate(new, [OLD]) is None


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from([" ", "\n", "\u3000", "\t", "\r\n"]), min_size=1, max_size=30),
       st.randoms(use_true_random=False))
def test_layout_never_hides_a_duplicate(spaces: list[str], rnd) -> None:  # type: ignore[no-untyped-def]
    """Whitespace inserted anywhere leaves the text fingerprint, so the duplicate, unchanged."""
    chars = list(SEED_TEXT[:2000])
    for space in spaces:
        chars.insert(rnd.randrange(len(chars) + 1), space)
    relaid = _record("relaid.txt", "".join(chars))
    short_old = dataclasses.replace(OLD, text=SEED_TEXT[:2000])
    assert find_duplicate(relaid, [short_old]) is not None
    assert text_similarity("".join(chars), SEED_TEXT[:2000]) == 100.0


def test_link_duplicates_tie_a_new_file_to_a_corpus_file() -> None:
    pairs = [("new.pdf", "old.txt"), ("a.txt", "b.txt")]
    assert link_duplicate("new.pdf", pairs, {"old.txt"}).same_as == "old.txt"  # type: ignore[union-attr]
    assert link_duplicate("b.txt", pairs, {"a.txt"}).same_as == "a.txt"  # type: ignore[union-attr]
    assert link_duplicate("new.pdf", pairs, {"elsewhere.txt"}) is None
