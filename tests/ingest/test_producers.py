"""The producer matrix: the same real texts printed as 公文 PDFs by five producers give the text's records.

Texts: the five seeds and two tuning-set corpus texts (crawled bodies, laid out one paragraph a
line as published: tests/render/producers.py `crawl_to_paragraphs`).  Producers
(tests/render/producers.py): the project's reportlab renderer justified, ragged right and wrapping
after a fixed 28 characters; LibreOffice headless exporting a 公文-styled DOCX; Chromium printing a
公文-styled HTML page.  They differ in every way the joiner has to cope with: justified and ragged
lines, fixed-count wrapping (a line with Latin letters or digits ends short), word wrapping (a
line ends short before a number that does not fit), centred titles, line-start rules, indents.

For the seeds the whole record must agree; for a corpus text the header, amounts, percentages,
awards and references (its clause tree follows the crawl's layout, not the printed one).
Every producer's tool is required: a missing one fails these tests (fonts-wqy-microhei,
libreoffice-writer-nogui, chromium).  Tables whose cells wrap (policy cards) are
test_card_tables.py's part.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "tests" / "render"))
from compare import comparable, differences
from producers import PRODUCERS, crawl_to_paragraphs, render_matrix

from pipeline.engine import process_file
from pipeline.ingest import ingest_file

SEEDS = sorted((ROOT / "tests" / "seeds").glob("*.txt"))
CORPUS_TEXTS = ["c003_hebei_naiye_zhengce_2022", "c007_hebei_gangtie_chuangxin_2023"]
CORPUS_KEYS = ("doc_number", "title", "issuers", "issue_date", "effective_from", "effective_to", "amounts",
               "percentages", "awards", "references")
STEMS = [p.stem for p in SEEDS] + CORPUS_TEXTS

# Known differences, each a real defect found by the matrix (strict: the test fails once fixed).
KNOWN: dict[tuple[str, str], str] = {}
KNOWN_FAST = {
    # pypdfium2's descent for LibreOffice's subset TrueType fonts differs from pdfminer's, so
    # some glyphs stand 1.4 pt lower and fall into lines of their own: why fast is not the default
    ("libreoffice", "c007_hebei_gangtie_chuangxin_2023"): "fast reader: pdfium font descent != pdfminer's",
}


@pytest.fixture(scope="module")
def sources(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("texts")
    out = {p.stem: p for p in SEEDS}
    for stem in CORPUS_TEXTS:
        path = folder / f"{stem}.txt"
        path.write_text(crawl_to_paragraphs(ROOT / "tests" / "corpus" / "docs" / f"{stem}.txt"), encoding="utf-8")
        out[stem] = path
    return out


@pytest.fixture(scope="module")
def matrix(sources, tmp_path_factory) -> dict[tuple[str, str], Path]:
    assert Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc").exists(), \
        "fonts-wqy-microhei is not installed (apt-get install fonts-wqy-microhei)"
    return render_matrix([sources[s] for s in STEMS], tmp_path_factory.mktemp("matrix"))


@pytest.fixture(scope="module")
def text_records(sources) -> dict[str, dict]:
    return {stem: process_file(path).to_dict() for stem, path in sources.items()}


def _comparable(stem: str, record: dict) -> dict:
    c = comparable(record)
    return c if not stem.startswith("c") else {k: c[k] for k in CORPUS_KEYS}


def _case(producer: str, stem: str, known: dict) -> object:
    reason = known.get((producer, stem))
    return pytest.param(producer, stem, marks=pytest.mark.xfail(strict=True, reason=reason)) if reason \
        else pytest.param(producer, stem)


@pytest.mark.parametrize("producer,stem", [_case(p, s, KNOWN) for p in PRODUCERS for s in STEMS])
def test_every_producer_gives_the_text_record(producer, stem, matrix, text_records):
    got = process_file(matrix[(producer, stem)]).to_dict()
    assert got["source"]["format"] == "pdf" and got["source"]["pages"] >= 2
    diffs = differences(_comparable(stem, text_records[stem]), _comparable(stem, got))
    assert not diffs, "\n".join(diffs[:20])


@pytest.mark.parametrize("producer,stem", [_case(p, s, KNOWN_FAST) for p in PRODUCERS for s in STEMS])
def test_fast_reader_agrees_on_the_matrix(producer, stem, matrix):
    path = matrix[(producer, stem)]
    slow, fast = ingest_file(path), ingest_file(path, pdf_reader="fast")
    assert fast.text == slow.text
    assert fast.tables == slow.tables and fast.page_map == slow.page_map


def test_the_matrix_really_differs(matrix):
    """The producers lay the text out differently (else the matrix tests nothing): their lines
    break at other places or end at other positions (justified and ragged break alike)."""
    import pdfplumber

    def first_lines(path: Path) -> list[tuple[str, int]]:
        with pdfplumber.open(path) as pdf:
            return [(ln["text"], round(ln["x1"])) for page in pdf.pages for ln in page.extract_text_lines()]

    stem = "003_3d7294011066eb67"
    layouts = {p: tuple(first_lines(matrix[(p, stem)])) for p in PRODUCERS}
    assert len(set(layouts.values())) == len(PRODUCERS)
    # the fixed-count producer's lines hold 28 characters, so a line with digits ends short
    with pdfplumber.open(matrix[("reportlab-fixed28", stem)]) as pdf:
        lines = [ln for page in pdf.pages for ln in page.extract_text_lines()]
    assert any(re.search(r"[0-9]", ln["text"]) and ln["x1"] < 500 and len(ln["text"].replace(" ", "")) >= 26
               for ln in lines)
