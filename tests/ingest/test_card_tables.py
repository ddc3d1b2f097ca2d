"""Policy cards as tables: tuning-set policies printed as label | content tables whose cells wrap.

A compilation prints each policy as a ruled two-column table under a heading (政策名称,
支持内容, 发文机关, 依据文件), its 支持内容 cell holding sentences that wrap inside the cell over
several lines, the cards running over several pages (tests/render/card_tables.py: cards built
from tuning documents and their gold, printed by reportlab ragged and justified, LibreOffice
and Chromium).  Read by both PDF readers, the cards must come out the same, each table row as
its own paragraph (its text span is its cells joined by tabs), each card as one table and each
sentence wrapped in a cell as one unbroken sentence.

The one difference allowed between a sentence put in and the sentence read is a space between
a Chinese character and a Latin letter or digit: producers set a gap there (LibreOffice's
autospace) that pdfplumber's word gap turns into a space; that gap is drawn, not a wrap.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "render"))
from card_tables import CARD_PRODUCERS, LABELS, render_cards, tuning_cards

from pipeline.ingest import ingest_file
from pipeline.ingest.layout import fold_numbers

READERS = ("pdfplumber", "fast")
# a gap a producer draws between a Chinese character and a Latin letter or digit, read as a space
AUTOSPACE_RE = re.compile(r"(?<=[^\x00-\x7f]) +(?=[0-9A-Za-z])|(?<=[0-9A-Za-z%]) +(?=[^\x00-\x7f])")

@pytest.fixture(scope="module")
def cards():
    return tuning_cards()


@pytest.fixture(scope="module")
def card_pdfs(cards, tmp_path_factory) -> dict[str, Path]:
    assert Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc").exists(), \
        "fonts-wqy-microhei is not installed (apt-get install fonts-wqy-microhei)"
    out = tmp_path_factory.mktemp("cards")
    return {p: render_cards(p, cards, out / f"cards-{p}.pdf") for p in CARD_PRODUCERS}


@pytest.fixture(scope="module")
def read(card_pdfs):
    return {(p, r): ingest_file(path, pdf_reader=r) for p, path in card_pdfs.items() for r in READERS}


def test_the_cards_come_from_tuning_documents_only():
    split = json.loads((ROOT / "tests" / "corpus" / "split.json").read_text(encoding="utf-8"))
    for stem in split["check"]:
        with pytest.raises(ValueError, match="not a tuning document"):
            tuning_cards((stem,))


@pytest.mark.parametrize("producer", CARD_PRODUCERS)
def test_the_cards_really_wrap_inside_cells_over_pages(producer, cards, card_pdfs):
    """Else the tests below test nothing: every 支持内容 cell runs over two lines or more, some over
    four; the cards fill more than one page."""
    import pdfplumber

    with pdfplumber.open(card_pdfs[producer]) as pdf:
        assert len(pdf.pages) >= 3
        contents = [row[1] for page in pdf.pages for t in page.extract_tables() for row in t
                    if len(row) == 2 and row[0] == LABELS[1]]
    assert contents and all(c.count("\n") >= 1 for c in contents)
    assert sum(c.count("\n") >= 3 for c in contents) >= 3


@pytest.mark.parametrize("producer", CARD_PRODUCERS)
def test_both_readers_give_the_same_cards(producer, read):
    slow, fast = read[(producer, "pdfplumber")], read[(producer, "fast")]
    assert fast.text == slow.text
    assert fast.tables == slow.tables and fast.page_map == slow.page_map
    assert slow.tables


@pytest.mark.parametrize("producer", CARD_PRODUCERS)
@pytest.mark.parametrize("reader", READERS)
def test_every_row_is_its_cells_joined_by_tabs(producer, reader, read):
    doc = read[(producer, reader)]
    for table in doc.tables:
        for row in table:
            assert doc.text[row.start:row.end] == "\t".join(row.cells).rstrip()
            assert len(row.cells) == 2 and row.cells[0] in LABELS


def _contents(doc) -> list[str]:
    return [AUTOSPACE_RE.sub("", r.cells[1]) for t in doc.tables for r in t if r.cells[0] == LABELS[1]]


@pytest.mark.parametrize("producer", CARD_PRODUCERS)
def test_a_sentence_wrapped_in_a_cell_is_one_sentence(producer, cards, read):
    """The 支持内容 cell reads as the sentences put in, and each sentence is one line of the text."""
    doc = read[(producer, "pdfplumber")]
    contents = _contents(doc)
    text = AUTOSPACE_RE.sub("", doc.text)
    broken = []
    for card in cards:
        if fold_numbers("".join(card.sentences)) not in contents:
            broken.append("cell: " + "".join(card.sentences))
        broken += ["text: " + s for s in card.sentences if fold_numbers(s) not in text]
    assert not broken, "\n".join(broken[:10])


@pytest.mark.parametrize("producer", CARD_PRODUCERS)
def test_a_number_wrapped_in_a_cell_is_one_number(producer, cards, read):
    """The 支持内容 cells read exactly as put in: no space inside a number (a cell's lines are glued
    as the body's, `layout.join_wrapped`: `3` / `00万元` is `300万元`)."""
    put_in = {fold_numbers("".join(card.sentences)) for card in cards}
    broken = [c for c in _contents(read[(producer, "pdfplumber")]) if c not in put_in]
    assert not broken, "\n".join(broken[:5])


@pytest.mark.parametrize("producer", CARD_PRODUCERS)
def test_every_card_is_one_table(producer, cards, read):
    """A card is one table whatever its pieces: reportlab-loose leaves a single row of a card at
    the foot or the head of a page, a piece of one row with the card's columns."""
    doc = read[(producer, "pdfplumber")]
    found = [[r.cells[0] for r in t] for t in doc.tables]
    assert found == [list(LABELS)] * len(cards)


@pytest.mark.parametrize("producer", ["reportlab-ragged", "reportlab-justified"])
def test_a_card_continued_on_the_next_page_is_one_table(producer, read):
    doc = read[(producer, "pdfplumber")]
    continued = [t for t in doc.tables if t[0].page != t[-1].page]
    assert continued, "no card runs over a page break: the rendering no longer tests continuation"
    assert all([r.cells[0] for r in t] == list(LABELS) for t in continued)


def test_the_loose_rendering_leaves_one_row_of_a_card_on_a_page(card_pdfs):
    """reportlab-loose's page ends wherever it falls: some card has a single row on a page, at the
    foot of one page and at the head of another, else test_every_card_is_one_table tests no piece."""
    import pdfplumber

    with pdfplumber.open(card_pdfs["reportlab-loose"]) as pdf:
        pages = [(page.height, page.find_tables()) for page in pdf.pages]
    pieces = [(h, t) for h, tables in pages for t in tables if len(t.rows) == 1]
    assert pieces and all(len(t.rows[0].cells) == 2 for _, t in pieces)
    assert {t.bbox[1] < h / 2 for h, t in pieces} == {True, False}  # a head piece and a foot piece
