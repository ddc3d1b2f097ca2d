"""A ruled box of one row is a table only as the piece of a table a page break cut.

A page break may leave a single row of a table on a page (tests/ingest/test_card_tables.py:
reportlab-loose); that row continues the table when it stands at the head of its page after
the table that closed the page before, or at the foot before the table that opens the next,
with the table's columns.  Any other box of one row (a boxed note, a box of text at the head of a
page after prose, a one-row box of other columns after a table, a box between paragraphs) is
text: its words stay in the text and no table is made of it.  Rendered from
tuning documents (tests/render/card_tables.py's cards) by reportlab ragged and justified; both
PDF readers give the same record.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "render"))
from card_tables import LABELS, tuning_cards

from pipeline.ingest import ingest_file

TYPOGRAPHIES = {"ragged": ([1, 4], False), "justified": ([1, 5], True)}
# where the one-row box stands, what is printed around it, and its columns (None: the card's)
LAYOUTS = {"head-after-prose": None, "between-paragraphs": None,
           "head-after-table-other-columns": [1, 1], "head-after-table-three-columns": [1, 1, 3]}


@pytest.fixture(scope="module")
def cards():
    assert Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc").exists(), \
        "fonts-wqy-microhei is not installed (apt-get install fonts-wqy-microhei)"
    return tuning_cards(per_source=1)[:3]


def _render(out: Path, layout: str, typography: str, cards) -> tuple[Path, str]:
    """A card, then a one-row box (a label and a sentence of another card) placed as `layout` says
    (a box of one cell is never a table to pdfplumber)."""
    from printer import Options, Printer
    from table_layout import draw_wrapped_table

    fractions, justify = TYPOGRAPHIES[typography]
    note = cards[2].sentences[0]
    printer = Printer(out, Options(justify=justify), title="box")
    printer.paragraph(cards[0].heading, indent=0)
    draw_wrapped_table(printer, [list(r) for r in cards[0].rows], fractions, justify=justify)
    if layout == "head-after-prose":
        for s in cards[1].sentences * 3:
            printer.paragraph(s)
    if layout == "between-paragraphs":
        printer.paragraph(cards[1].sentences[0])
    else:
        printer.new_page()
    box = LAYOUTS[layout] or fractions
    row = [LABELS[1], note] if len(box) == 2 else [LABELS[1], LABELS[2], note]
    draw_wrapped_table(printer, [row], box, justify=justify)
    printer.paragraph(cards[1].sentences[0])
    printer.finish()
    return out, note


@pytest.mark.parametrize("typography", TYPOGRAPHIES)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_box_of_one_row_is_text_unless_it_continues_a_table(layout, typography, cards, tmp_path):
    pdf, note = _render(tmp_path / f"{layout}-{typography}.pdf", layout, typography, cards)
    doc = ingest_file(pdf)
    assert ingest_file(pdf, pdf_reader="fast") == doc
    assert [[r.cells[0] for r in t] for t in doc.tables] == [list(LABELS)], "the card alone is a table"
    assert note in re.sub(r"\s", "", doc.text)  # (its lines may part where the box is narrower)
    import pdfplumber

    with pdfplumber.open(pdf) as p:  # the box really is a ruled table of one row
        assert any(len(t.rows) == 1 for page in p.pages for t in page.find_tables())
