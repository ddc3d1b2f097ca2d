"""An HTML page whose blocks are printed lines (a PDF pasted into a site's editor, `<p>` at every
line) is joined into paragraphs as a text file's lines are; a page of paragraphs keeps each `<p>`.
Rendered from TUNING documents (tests/extract/layouts.py)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "extract"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "structure"))
import layouts as L
import renderings as R

from pipeline.ingest import ingest_bytes, ingest_file
from pipeline.ingest.html import blocks_are_printed_lines
from pipeline.ingest.layout import ITEM_START_RE, TERMINAL_RE, Line

STEMS = ["c003_hebei_naiye_zhengce_2022", "c006_hebei_yiyao_cuoshi_2021", "c017_guojia_keji_danbao_jihua_2024"]


def _paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n") if p.strip()]


@pytest.mark.parametrize("width", [24, 29, 35])
@pytest.mark.parametrize("stem", STEMS, ids=lambda s: s[:4])
def test_p_per_printed_line_reads_as_the_plain_paragraphs(stem, width):
    """Every line is joined to its paragraph; a line that ends a sentence may end its paragraph too
    (as in a text file: the stop cannot tell), so the text is the same and no break is mid-sentence."""
    page = _paragraphs(ingest_bytes(L.html_p_lines(stem, width), "page.html").text)
    plain = [text for _, text in R.paragraphs(stem)]
    # (a Latin word cut by the line gets the space a wrapped English word keeps)
    page = [para.replace(" ", "") for para in page]
    assert "".join(page) == "".join(plain)
    plain_ends = {len("".join(plain[:k + 1])) for k in range(len(plain))}
    for k, para in enumerate(page[:-1]):
        ends = len("".join(page[:k + 1])) in plain_ends or TERMINAL_RE.search(para) or ITEM_START_RE.match(page[k + 1])
        assert ends, para


@pytest.mark.parametrize("stem", STEMS, ids=lambda s: s[:4])
def test_a_page_of_paragraphs_keeps_each_block(stem):
    page = ingest_bytes(R.govcn_fragment(stem, "divs").encode("utf-8"), "page.html")
    plain = ingest_file(R.plain_path(stem))
    assert len(_paragraphs(page.text)) >= len(_paragraphs(plain.text))


def test_the_decision_counts_long_blocks_only():
    paragraphs = [Line("一、总体要求", full_width=False)] + [Line("对新认定的省级工业设计中心，给予100万元支持。", full_width=False)] * 6
    assert not blocks_are_printed_lines(paragraphs)
    printed = [Line("对新认定的省级工业设计中心，给予100万元支持，对", full_width=False)] * 6
    assert blocks_are_printed_lines(printed)
