"""The fast PDF reader (pypdfium2, pdfplumber only for the pages that need it) reads what the default reads."""
from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "render"))

from pipeline import extract_mentions, structure_document
from pipeline.engine import assemble_record
from pipeline.errors import PipelineError
from pipeline.ingest import ingest_bytes, ingest_file
from pipeline.ingest.pdf import plumber_page_items, read_pdf
from pipeline.ingest.pdf_fast import MIN_PIECE_HEIGHT, fast_page_items, may_hold_table

ROOT = HERE.parents[1]
RAW = ROOT / "tests" / "seeds"
SEEDS = sorted(p.stem for p in RAW.glob("*.txt"))
TABLE_DOC = "004_3dc2365f799b5415"
FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")


def _record(ingested) -> dict:
    doc = structure_document(ingested)
    return assemble_record(doc, extract_mentions(doc)).to_dict()


def _both(path: Path):
    return ingest_file(path), ingest_file(path, pdf_reader="fast")


def _pdfium_pages(path: Path) -> list[bool]:
    """Per page: whether the fast reader settles it without pdfplumber."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(path)
    try:
        return [fast_page_items(doc[i], i + 1) is not None for i in range(len(doc))]
    finally:
        doc.close()


@pytest.mark.parametrize("stem", SEEDS)
def test_seed_pdf_gives_the_same_record_through_the_fast_reader(stem, rendered_pdfs):
    default, fast = _both(rendered_pdfs[stem])
    assert fast == default  # text, page map, tables, warnings and source alike
    assert _record(fast) == _record(default)


@pytest.mark.parametrize("stem", SEEDS)
def test_fast_reader_uses_pdfplumber_only_for_the_table_page(stem, rendered_pdfs):
    settled = _pdfium_pages(rendered_pdfs[stem])
    tables = len(ingest_file(rendered_pdfs[stem]).tables)
    assert settled.count(False) == tables  # the masthead's red rule and the 版记's rules are no table


def test_a_document_without_tables_never_opens_pdfplumber(rendered_pdfs, monkeypatch):
    from pipeline.ingest import pdf as pdf_module

    def refuse(*_args):
        raise AssertionError("pdfplumber opened")

    monkeypatch.setattr(pdf_module, "_open_pages", refuse)
    assert ingest_file(rendered_pdfs["000_56b4b2a5a32276d5"], pdf_reader="fast").text


@pytest.fixture(scope="module")
def render(tmp_path_factory, rendered_pdfs):  # rendered_pdfs: skips when the font is missing
    from printer import Options
    from render_gongwen import render_file

    out = tmp_path_factory.mktemp("fast_variants")

    def _render(stem: str, **options) -> Path:
        name = stem + "_" + "_".join(f"{k}-{v}" for k, v in sorted(options.items())) + ".pdf"
        return render_file(RAW / f"{stem}.txt", out / name, Options(**options))
    return _render


@pytest.mark.parametrize("repeat_header", [True, False])
def test_table_over_a_page_break_is_kept_by_the_fast_reader(render, repeat_header):
    path = render(TABLE_DOC, annex_new_page=False, repeat_table_header=repeat_header)
    default, fast = _both(path)
    assert len(fast.tables) == 1 and len(fast.tables[0]) == 17
    assert len({r.page for r in fast.tables[0]}) == 2
    assert fast == default
    assert _pdfium_pages(path).count(False) == 2  # the two pages the table is on


@pytest.mark.parametrize("stem", ["001_ebfee30354606d84", "003_3d7294011066eb67"])
def test_running_header_and_justified_text_alike(render, stem):
    path = render(stem, running_header="连云港市人民政府规范性文件", justify=True)
    default, fast = _both(path)
    assert fast == default


# --- bad PDFs: the same error, word for word -------------------------------------------

def _bad_pdfs() -> dict[str, bytes]:
    from test_pdf_errors import SAMPLE, _cid_garbage_pdf, _pdf, _scanned_pdf

    good = _pdf([SAMPLE])
    return {"encrypted": _pdf([SAMPLE], encrypt="secret"), "truncated": good[: len(good) // 2],
            "garbage body": b"%PDF-1.4\n" + b"\x00garbage" * 50 + b"\n%%EOF\n", "not a pdf": b"<html>x</html>",
            "cid garbage": _cid_garbage_pdf(), "scanned": _scanned_pdf(["各县区人民政府："])}


@pytest.mark.parametrize("kind", ["encrypted", "truncated", "garbage body", "not a pdf", "cid garbage", "scanned"])
def test_bad_pdf_is_refused_alike(kind):
    data = _bad_pdfs()[kind]
    errors = []
    for reader in ("pdfplumber", "fast"):
        with pytest.raises(PipelineError) as err:
            if kind in ("cid garbage", "scanned"):  # without OCR: the refusal, not tesseract's reading
                read_pdf(data, "bad.pdf", "0" * 64, ocr=False, reader=reader)
            else:
                ingest_bytes(data, "bad.pdf", pdf_reader=reader)
        errors.append((type(err.value), err.value.one_line()))
    assert errors[0] == errors[1]


def test_cid_page_falls_back_to_pypdfium2_alike(monkeypatch):
    """The default reader's pdfium fallback and its warning hold under the fast reader too."""
    from test_pdf_errors import SAMPLE, _cid_garbage_pdf

    from pipeline.ingest import pdf as pdf_module
    from pipeline.ingest.pdf_geometry import RawLine

    monkeypatch.setattr(pdf_module, "pdfium_page_items", lambda data, n: [RawLine(SAMPLE, n, 60.0, 400.0, 80.0, 14.0)])
    monkeypatch.setattr(pdf_module, "unmapped_ratio", lambda data, n: 0.0)
    data = _cid_garbage_pdf()
    default = read_pdf(data, "cid.pdf", "0" * 64, ocr=False)
    fast = read_pdf(data, "cid.pdf", "0" * 64, ocr=False, reader="fast")
    assert fast == default and any("read with pypdfium2" in w for w in fast.warnings)


def test_unknown_reader_is_refused():
    with pytest.raises(ValueError, match="unknown PDF reader"):
        ingest_bytes(b"%PDF-1.4 x %%EOF", "x.pdf", pdf_reader="quick")  # type: ignore[arg-type]


# --- pages the fast reader hands to pdfplumber --------------------------------------------

def _canvas_pdf(draw, rotate: int = 0) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    assert FONT.exists(), "fonts-wqy-microhei is not installed (apt-get install fonts-wqy-microhei)"
    if "WQYFast" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("WQYFast", str(FONT), subfontIndex=0))
    buf = io.BytesIO()
    c = Canvas(buf, invariant=1)
    c.setPageRotation(rotate)
    c.setFont("WQYFast", 14)
    draw(c)
    c.showPage()
    c.save()
    return buf.getvalue()


def _page_of(data: bytes):
    import pypdfium2 as pdfium

    return pdfium.PdfDocument(data)[0]


def _text(c) -> None:
    c.drawString(72, 700, "各县区人民政府：现将《若干政策》印发给你们。")


@pytest.mark.parametrize("name,draw,rotate", [
    ("rotated page", _text, 90),
    ("blank page", lambda c: None, 0),
    ("rotated text", lambda c: (c.rotate(30), _text(c)), 0),
    ("a standard-14 font", lambda c: (c.setFont("Helvetica", 12), c.drawString(72, 700, "No. 3 (2022)")), 0),
    ("a ruled grid", lambda c: (_text(c), c.grid([72, 200, 300], [500, 520, 540, 560])), 0),
    ("overprinted fake bold", lambda c: (c.drawString(72, 700, "通知"), c.drawString(72.3, 700, "通知")), 0),
])
def test_pages_the_fast_reader_leaves_to_pdfplumber(name, draw, rotate):
    data = _canvas_pdf(draw, rotate)
    assert fast_page_items(_page_of(data), 1) is None, name
    if name != "blank page":
        default = read_pdf(data, "x.pdf", "0" * 64, ocr=False)
        assert read_pdf(data, "x.pdf", "0" * 64, ocr=False, reader="fast") == default


def test_a_space_drawn_on_its_own_still_parts_words():
    """pdfium leaves a text object of a lone space out of its text page; pdfminer keeps the space."""
    def draw(c):
        x = 72.0
        for ch in "ab cd":
            c.drawString(x, 700, ch)
            x += 8.0
    data = _canvas_pdf(draw)
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        slow = plumber_page_items(pdf.pages[0], 1)
    fast = fast_page_items(_page_of(data), 1)
    assert [ln.text for ln in slow] == ["ab cd"]
    assert fast is not None and [ln.text for ln in fast] == ["ab cd"]


# --- may_hold_table: never "no" where pdfplumber finds a table of two rows or a piece --------

RULE = st.tuples(st.sampled_from(["hline", "vline", "rect"]), st.floats(60, 500), st.floats(100, 700),
                 st.floats(0.5, 200), st.floats(0.2, 60))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(RULE, min_size=1, max_size=8))
def test_no_table_is_missed_by_the_cheap_check(rules):
    import pdfplumber

    from pipeline.ingest.pdf_fast import _PageText

    def draw(c):
        for kind, x, y, w, h in rules:
            if kind == "hline":
                c.line(x, y, x + w, y)
            elif kind == "vline":
                c.line(x, y, x, y + h)
            else:
                c.rect(x, y, w, h)
    data = _canvas_pdf(draw)
    page = _page_of(data)
    textpage = page.get_textpage()
    objects = _PageText(page, textpage)._objects()
    assert objects is not None
    if may_hold_table(objects[0]):
        return
    with pdfplumber.open(io.BytesIO(data)) as pdf:  # (a one-row table that tall: a table's piece)
        tables = [t for t in pdf.pages[0].find_tables()
                  if len(t.rows) > 1 or t.bbox[3] - t.bbox[1] >= MIN_PIECE_HEIGHT]
    assert not tables


@pytest.mark.parametrize("spans,maybe", [
    ([], False),
    ([(700.0, 701.5)], False),  # the red rule under the 文号
    ([(100.0, 100.5), (130.0, 130.5), (160.0, 160.5)], False),  # the 版记's rules, a text line apart
    ([(100.0, 100.5), (102.0, 102.5)], False),  # a double rule
    ([(100.0, 100.5), (102.0, 102.5), (104.0, 104.5), (106.0, 106.5)], True),  # dashes chained
    ([(100.0, 300.0)], True),  # a box, a seal, a table
    (None, True),  # a form XObject hides what it draws
])
def test_may_hold_table(spans, maybe):
    assert may_hold_table(spans) is maybe


# --- the characters: pdfplumber's lines from pdfium's boxes --------------------------------

def _textmap_lines(chars, n):
    """What `Page.extract_text_lines(strip=True)` does with `chars`: pdfplumber's whole text map."""
    from pdfplumber.utils.text import chars_to_textmap

    from pipeline.ingest.pdf_geometry import RawLine

    def size(members):
        sizes = sorted(round(c["size"], 1) for c in members if not c["text"].isspace())
        return sizes[len(sizes) // 2] if sizes else 0.0
    return [RawLine(ln["text"], n, ln["x0"], ln["x1"], ln["top"], size(ln["chars"]))
            for ln in chars_to_textmap(chars).extract_text_lines(strip=True, return_chars=True)]


def _chars(*specs):
    """(text, x0, top) at 10 points, 10 points a glyph: pdfplumber's char dicts."""
    return [{"text": t, "x0": x, "x1": x + 10.0, "top": top, "bottom": top + 10.0, "size": 10.0,
             "upright": True, "doctop": top} for t, x, top in specs]


@pytest.mark.parametrize("name,chars,texts", [
    ("a space parts words", _chars(("a", 0, 0), ("b", 10, 0), (" ", 20, 0), ("c", 30, 0)), ["ab c"]),
    ("a gap past the x tolerance", _chars(("a", 0, 0), ("b", 13.5, 0), ("c", 23.5, 0)), ["a bc"]),
    ("a jump back", _chars(("b", 10, 0), ("a", 0, 0.5)), ["ab"]),
    ("a ligature", _chars(("ﬁ", 0, 0), ("x", 10, 0)), ["fix"]),
    ("tops within the y tolerance", _chars(("上", 0, 0), ("下", 10, 2.9), ("行", 0, 20)), ["上下", "行"]),
    ("stream order across lines", _chars(("二", 0, 20), ("一", 0, 0), ("行", 10, 20)), ["一", "二行"]),
])
def test_lines_are_pdfplumbers_text_map_lines(name, chars, texts):
    from pipeline.ingest.pdf_fast import lines_like_pdfplumber

    lines = lines_like_pdfplumber([dict(c) for c in chars], 1)
    assert [ln.text for ln in lines] == texts, name
    assert sorted(lines, key=lambda ln: ln.top) == sorted(_textmap_lines(chars, 1), key=lambda ln: ln.top)


@pytest.mark.parametrize("stem", SEEDS)
def test_seed_pages_lines_are_pdfplumbers_text_map_lines(stem, rendered_pdfs):
    """The text map written out (`lines_like_pdfplumber`) gives what pdfplumber's own gives."""
    import copy

    import pypdfium2 as pdfium

    from pipeline.ingest.pdf_fast import _PageText, lines_like_pdfplumber

    doc = pdfium.PdfDocument(rendered_pdfs[stem])
    compared, pages = 0, len(doc)
    try:
        for i in range(pages):
            page = doc[i]  # one page object: the text page must not outlive it
            textpage = page.get_textpage()
            chars = _PageText(page, textpage).read()
            textpage.close()
            if chars:
                assert lines_like_pdfplumber(copy.deepcopy(chars), i + 1) == _textmap_lines(chars, i + 1)
                compared += 1
    finally:
        doc.close()
    assert compared >= pages - 1  # all but a table page

_CHARS = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工能下过子说产种面" \
         "、，。“”（）《》〔〕1234567890abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ%-.:"
# gaps kept away from pdfplumber's 3-point word tolerance: pdfium keeps Latin advance widths
# in whole thousandths of an em, so a gap within a point of 3 could fall either way
_GAP = st.one_of(st.just(0.0), st.floats(0, 1.5), st.floats(5, 20))
SEGMENT = st.tuples(st.sampled_from(["wqy", "wqy", "song"]), st.text(_CHARS + " ", min_size=1, max_size=24),
                    st.booleans(), _GAP)
LINE = st.tuples(st.sampled_from([10.5, 12.0, 14.0, 16.0, 22.0]), st.sampled_from([72.0, 90.0, 122.0, 300.5]),
                 st.lists(SEGMENT, min_size=1, max_size=3))


def _layout_pdf(lines) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))  # a CID font pdfium does not get embedded

    def draw(c):
        y = 800.0
        for size, x, segments in lines:
            y -= size * 1.5 + 4  # lines well apart: the y tolerance joins a line's own glyphs only
            for font, text, one_by_one, gap in segments:
                name = "WQYFast" if font == "wqy" else "STSong-Light"
                c.setFont(name, size)
                if one_by_one:  # justified text: one text object per glyph, spaces alone
                    for ch in text:
                        c.drawString(x, y, ch)
                        x += pdfmetrics.stringWidth(ch, name, size) + gap
                else:
                    c.drawString(x, y, text)
                    x += pdfmetrics.stringWidth(text, name, size) + gap
    return _canvas_pdf(draw)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(LINE, min_size=1, max_size=12))
def test_fast_lines_equal_pdfplumber_lines(lines):
    import pdfplumber

    data = _layout_pdf(lines)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        slow = plumber_page_items(pdf.pages[0], 1)
    fast = fast_page_items(_page_of(data), 1)
    if fast is None:  # left to pdfplumber (e.g. a hyphen pdfium rewrote): nothing to compare
        return  # (that ordinary pages are settled by pdfium is pinned on the seeds above)
    assert [ln.text for ln in fast] == [ln.text for ln in slow]
    for a, b in zip(slow, fast):
        assert b.size == a.size and b.page == a.page
        assert abs(b.top - a.top) < 0.05
        assert abs(b.x0 - a.x0) < 1.0
        # pdfium's loose box may reach over a last glyph's ink past its advance
        assert abs(b.x1 - a.x1) < 0.5 * a.size


# --- the command line ------------------------------------------------------------------------

def test_cli_extract_and_build_with_the_fast_reader(rendered_pdfs, tmp_path):
    from typer.testing import CliRunner

    from pipeline.cli import app

    runner = CliRunner()
    raw = tmp_path / "raw"
    raw.mkdir()
    for stem in ("000_56b4b2a5a32276d5", TABLE_DOC):
        (raw / f"{stem}.pdf").write_bytes(rendered_pdfs[stem].read_bytes())
    outs = {}
    for reader in ("pdfplumber", "fast"):
        out = tmp_path / reader
        result = runner.invoke(app, ["-q", "build", str(raw), "-o", str(out), "-j", "2", "--pdf-reader", reader])
        assert result.exit_code == 0, result.output
        outs[reader] = {p.name: p.read_bytes() for p in out.glob("*.json") if p.name != "manifest.json"}
    assert outs["fast"] == outs["pdfplumber"] and len(outs["fast"]) == 2
    result = runner.invoke(app, ["-q", "extract", str(raw / f"{TABLE_DOC}.pdf"), "-o", str(tmp_path / "x"),
                                 "--pdf-reader", "fast"])
    assert result.exit_code == 0, result.output
    extracted = json.loads((tmp_path / "x" / f"{TABLE_DOC}.json").read_text(encoding="utf-8"))
    built = json.loads(outs["pdfplumber"][f"{TABLE_DOC}.json"])  # linked: references resolved
    assert (extracted["text"], extracted["clauses"], extracted["awards"]) == \
        (built["text"], built["clauses"], built["awards"])


def test_cli_refuses_an_unknown_reader(tmp_path):
    from typer.testing import CliRunner

    from pipeline.cli import app

    result = CliRunner().invoke(app, ["extract", str(RAW / f"{SEEDS[0]}.txt"), "-o", str(tmp_path),
                                      "--pdf-reader", "quick"])
    assert result.exit_code == 2
