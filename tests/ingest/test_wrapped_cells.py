"""A table cell's wrapped lines are glued the way the body's wrapped lines are.

pdfplumber gives a ruled cell's text with a newline where the cell wrapped; the PDF reader
re-joins it with `layout.join_wrapped`, the glue `join_lines` puts between a paragraph's
lines, so a number, a Chinese word or a 文号 wrapped inside a cell reads as it does wrapped in
the body: a space only where two Latin words met at the wrap.
"""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pipeline.ingest.layout import Line, join_lines
from pipeline.ingest.pdf import _cell

# what a wrapped line of a 公文 holds: Chinese, digits, Latin, the marks that bind them
PIECE = st.text(alphabet="支持内容最高万元奖励〔〕号年0123456789.%ABCabc（）、，", min_size=1, max_size=12)


@given(st.lists(PIECE, min_size=1, max_size=5))
def test_a_cell_is_glued_like_a_paragraph(pieces):
    pieces = [p.strip() for p in pieces if p.strip()]
    body, _ = join_lines([Line(p, full_width=True, indented=False) for p in pieces])  # wrapped lines
    paragraphs = body.split("\n")[:-1]
    if len(paragraphs) == 1:  # the joiner took the lines as one paragraph: the cell reads the same
        assert _cell("\n".join(pieces)) == paragraphs[0]


def test_numbers_and_words_wrapped_in_a_cell():
    assert _cell("最高奖励3\n00万元") == "最高奖励300万元"
    assert _cell("比例不超过3\n0%") == "比例不超过30%"
    assert _cell("冀政办字〔2023〕\n12号") == "冀政办字〔2023〕12号"
    assert _cell("支持5\nG应用") == "支持5G应用"
    assert _cell("artificial\nintelligence") == "artificial intelligence"
    assert _cell("  \n") == "" and _cell(None) == ""
