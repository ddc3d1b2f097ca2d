"""Duplicate detection asks link: the same 公文 in another layout or format, and what is *not* a duplicate."""
from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import SEED_RAW

from pipeline.link import view_of
from pipeline.maintain.dedupe import Duplicate, find_duplicates
from pipeline.normalize import core_text, number_skeleton
from pipeline.records import Extraction, Header, Record, SourceInfo


def _record(name: str, text: str, doc_number: str | None = None, title: str | None = None,
            sha: str | None = None) -> Record:
    return Record(source=SourceInfo(name, sha or f"{hash((name, text)) & (2**64 - 1):064x}", "text", None),
                  text=text, header=Header(doc_number=doc_number, title=title), clauses=(),
                  extraction=Extraction())


def find_duplicate(new: Record, corpus: list[Record]) -> Duplicate | None:
    """What `ingest` asks: is `new` a copy of a corpus record, as link sees them?"""
    texts = {r.source.file: r.text for r in [new, *corpus]}
    found = find_duplicates([view_of(new)], [view_of(r) for r in corpus], lambda v: texts[v.source.file])
    return found.get(new.source.file)


def unchanged(new: Record, corpus: list[Record]) -> Duplicate | None:
    """An identical copy, which ingest does not add (a near-identical one it adds, linked once)."""
    found = find_duplicate(new, corpus)
    return found if found is not None and found.identical else None


SEED_TEXT = (SEED_RAW / "002_5d0181b67baf112a.txt").read_text(encoding="utf-8")
NUMBER, TITLE = "泗政办发〔2024〕1号", "关于推进的实施意见"
OLD = _record("old.txt", SEED_TEXT, NUMBER, TITLE)


@pytest.mark.parametrize("new,reason", [
    (_record("same.txt", SEED_TEXT, NUMBER, TITLE, sha=OLD.source.sha256), "identical bytes"),
    (_record("relaid.md", SEED_TEXT.replace("\n", "\n\n").replace("。", "。 "), NUMBER, TITLE), "identical text"),
    (_record("wide.txt", SEED_TEXT.replace("1", "１").replace("2", "２"), NUMBER, TITLE), "identical text"),
])
def test_duplicates_found(new: Record, reason: str) -> None:
    found = unchanged(new, [OLD])
    assert found is not None and found.same_as == "old.txt" and found.reason.startswith(reason)


@pytest.mark.parametrize("new", [
    # same 文号 but a different text: a different document (or a mis-read 文号), kept
    _record("other.txt", SEED_TEXT[: len(SEED_TEXT) // 2], "泗政办发〔2024〕1号"),
    # near-identical text but another 文号: a re-issue, kept
    _record("reissue.txt", SEED_TEXT[:-40], "泗政办发〔2025〕1号"),
    # no 文号 and no title to tie them: only exact text counts
    _record("anon.txt", SEED_TEXT[:-40]),
    # the same 文号 and all but a few characters: another text, never unchanged (link may call it a copy)
    _record("scan.pdf", SEED_TEXT[:-40] + "— 12 —", "泗政办发〔2024〕1号"),
    _record("notitle.pdf", SEED_TEXT[:-30], None, "关于推进的实施意见"),
])
def test_not_duplicates(new: Record) -> None:
    assert unchanged(new, [OLD]) is None


# one-character edits of what makes an edition: an amount, a date, a 文号, a clause number —
# in the seed's typography and in a crawled body's (no line breaks, full-width digits)
_EDITS = [("万元", lambda t, i: t[:i - 1] + str((int(t[i - 1]) + 1) % 10) + t[i:]),
          ("年", lambda t, i: t[:i - 1] + str((int(t[i - 1]) + 1) % 10) + t[i:]),
          ("号", lambda t, i: t[:i - 1] + str((int(t[i - 1]) + 1) % 10) + t[i:]),
          ("二、", lambda t, i: t[:i] + "三" + t[i + 1:])]
_CRAWLED = "".join(SEED_TEXT.split()).translate(str.maketrans("0123456789", "０１２３４５６７８９"))


@pytest.mark.parametrize("text", [SEED_TEXT, _CRAWLED], ids=["seed-layout", "crawled-layout"])
@pytest.mark.parametrize("anchor,edit", _EDITS, ids=[a for a, _ in _EDITS])
def test_one_character_edition_is_never_a_duplicate(text: str, anchor: str, edit) -> None:  # type: ignore[no-untyped-def]
    digits = str.maketrans("０１２３４５６７８９", "0123456789")
    folded = text.translate(digits)
    index = next(i for i in range(len(folded)) if folded.startswith(anchor, i)
                 and (anchor == "二、" or folded[i - 1].isdigit()))
    edited = edit(folded, index)
    old = dataclasses.replace(OLD, text=folded)
    new = _record("corrected.txt", edited, OLD.header.doc_number, OLD.header.title)
    assert find_duplicate(new, [old]) is None
    assert number_skeleton(edited) != number_skeleton(folded)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from([" ", "\n", "\u3000", "\t", "\r\n"]), min_size=1, max_size=30),
       st.randoms(use_true_random=False))
def test_layout_never_hides_a_duplicate(spaces: list[str], rnd) -> None:  # type: ignore[no-untyped-def]
    """Whitespace inserted anywhere leaves the text fingerprint, so the duplicate, unchanged."""
    chars = list(SEED_TEXT[:2000])
    for space in spaces:
        chars.insert(rnd.randrange(len(chars) + 1), space)
    relaid = _record("relaid.txt", "".join(chars), NUMBER, TITLE)
    short_old = dataclasses.replace(OLD, text=SEED_TEXT[:2000])
    assert unchanged(relaid, [short_old]) is not None
    assert core_text("".join(chars)) == core_text(SEED_TEXT[:2000])


def test_a_near_identical_copy_is_one_document_and_says_what_differs() -> None:
    """Link's rule for crawled copies: same 文号, same numbers, one word apart."""
    old = _record("old.txt", SEED_TEXT, NUMBER, TITLE)
    new = _record("new.pdf", SEED_TEXT.replace("智能", "智慧", 1), NUMBER, TITLE)
    found = find_duplicate(new, [old])
    assert found is not None and found.same_as == "old.txt" and not found.identical
    assert found.reason.startswith(f"link found the same document: same 文号 {NUMBER} and numbers")
    assert "wording differs in 1 place: 智能化 → 智慧化" in found.reason
    assert find_duplicate(new, [_record("elsewhere.txt", SEED_TEXT, "泗政办发〔2024〕2号", TITLE)]) is None
