"""Bounded cost before reading: only regular files, bytes counted as read, zip and PDF bombs refused."""
from __future__ import annotations

import base64
import io
import os
import sys
import threading
import time
import zipfile
import zlib
from pathlib import Path

import pytest

from pipeline.errors import NotRegularFile, ResourceLimit, TooLarge
from pipeline.ingest import bounds, ingest_bytes, ingest_file

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "render"))
from lzw_fixture import lzw_encode

from bench.hostile import one_page_pdf


def _within(seconds: float, fn):
    """Run `fn` in a thread; fail (not hang) if it takes longer than `seconds`."""
    box: dict = {}

    def run():
        try:
            box["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 - handed back to the test
            box["error"] = exc
    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(seconds)
    assert not t.is_alive(), f"still reading after {seconds} s"
    if "error" in box:
        raise box["error"]
    return box.get("value")


def test_fifo_is_refused_before_reading(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(NotRegularFile) as err:
        _within(5, lambda: ingest_file(fifo))
    assert err.value.one_line() == "pipe.txt: a FIFO (named pipe), not a regular file: not read (give the document file itself)"


def test_symlink_to_a_device_is_refused(tmp_path):
    link = tmp_path / "zero.txt"
    link.symlink_to("/dev/zero")
    with pytest.raises(NotRegularFile, match="a character device"):
        _within(5, lambda: ingest_file(link, max_bytes=1024))


def test_directory_is_refused(tmp_path):
    folder = tmp_path / "folder.pdf"
    folder.mkdir()
    with pytest.raises(NotRegularFile, match="a directory"):
        ingest_file(folder)


def test_max_bytes_counts_what_is_read_not_the_reported_size(tmp_path):
    """/proc files report size 0 and hold more: the bound is on the bytes read."""
    link = tmp_path / "status.txt"
    link.symlink_to("/proc/self/status")
    assert os.stat(link).st_size == 0
    with pytest.raises(TooLarge) as err:
        ingest_file(link, max_bytes=64)
    assert "more than 64 bytes were read (the file reported 0)" in err.value.one_line()


def test_reported_size_over_the_limit_is_refused_without_reading(tmp_path):
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:
        fh.truncate(10_000)  # sparse: nothing to read, but the size says 10 000
    with pytest.raises(TooLarge, match="file is 10000 bytes, over the 1000-byte limit"):
        ingest_file(big, max_bytes=1000)


def _docx_with(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def test_docx_member_that_inflates_like_a_bomb_is_refused():
    xml = b'<?xml version="1.0"?><w:document xmlns:w="x"><w:body>' + b" " * (8 * 1024 * 1024) + b"</w:body></w:document>"
    data = _docx_with({"[Content_Types].xml": b"<Types/>", "word/document.xml": xml})
    assert len(data) < 100_000
    start = time.perf_counter()
    with pytest.raises(ResourceLimit) as err:
        ingest_bytes(data, "bomb.docx")
    assert time.perf_counter() - start < 2
    assert "member word/document.xml unpacks" in err.value.one_line() and f"{bounds.MAX_ZIP_RATIO}×" in err.value.one_line()


def test_docx_with_too_many_members_is_refused():
    data = _docx_with({f"word/media/{i}.xml": b"x" for i in range(bounds.MAX_ZIP_MEMBERS + 1)})
    with pytest.raises(ResourceLimit, match=f"members, over the bound of {bounds.MAX_ZIP_MEMBERS}"):
        ingest_bytes(data, "many.docx")


def test_docx_that_unpacks_past_the_total_bound_is_refused(monkeypatch):
    monkeypatch.setattr(bounds, "MAX_ZIP_UNCOMPRESSED", 1000)
    data = _docx_with({"[Content_Types].xml": b"<Types/>", "word/document.xml": os.urandom(2000)})
    with pytest.raises(ResourceLimit, match="unpacks to 2[0-9]{3} bytes, over the bound of 1000"):
        ingest_bytes(data, "large.docx")


def _pdf_with_stream(raw: bytes) -> bytes:
    return _pdf(zlib.compress(raw, 9), b"/FlateDecode")


_pdf = one_page_pdf


def test_pdf_stream_bomb_is_refused_before_parsing():
    data = _pdf_with_stream(b"0 0 m " * ((bounds.MAX_PDF_CONTENT_STREAM // 6) + 1024))
    assert len(data) < 300_000
    start = time.perf_counter()
    with pytest.raises(ResourceLimit) as err:
        ingest_bytes(data, "bomb.pdf")
    assert time.perf_counter() - start < 5
    assert err.value.one_line().startswith("bomb.pdf: a stream at byte ")
    assert f"decodes (flate) to more than {bounds.MAX_PDF_CONTENT_STREAM} bytes" in err.value.one_line()


def test_pdf_page_count_is_bounded(monkeypatch, rendered_pdfs):
    monkeypatch.setattr(bounds, "MAX_PDF_PAGES", 2)
    path = rendered_pdfs["003_3d7294011066eb67"]
    for reader in ("pdfplumber", "fast"):
        with pytest.raises(ResourceLimit, match="PDF has 5 pages, over the bound of 2"):
            ingest_file(path, pdf_reader=reader)


def test_real_pdfs_of_several_producers_pass_the_stream_check(tmp_path):
    """Policy cards from tuning documents printed by reportlab, LibreOffice and Chromium (their own
    stream layouts, fonts and filters) are accepted; the check's speed is bench/producerbench.py's."""
    from card_tables import render_cards, tuning_cards

    cards = tuning_cards()
    for producer in ("reportlab-ragged", "libreoffice", "chromium"):
        pdf = render_cards(producer, cards, tmp_path / f"cards-{producer}.pdf")
        bounds.check_pdf_streams(pdf.read_bytes(), pdf.name)


def _nested(depth: int, inner: str = "<p>企业研发投入给予最高50万元奖励。</p>") -> bytes:
    return ("<html><body>" + "<div>" * depth + inner + "</div>" * depth + "</body></html>").encode()


@pytest.mark.parametrize("depth", [2_500, 100_000])
def test_deeply_nested_html_is_refused_quickly(depth):
    """2,500 divs (30 KB) ended in RecursionError, 100,000 ran for minutes: refused after parsing."""
    from pipeline.ingest.html import MAX_HTML_DEPTH

    start = time.perf_counter()
    with pytest.raises(ResourceLimit) as err:
        ingest_bytes(_nested(depth), "deep.html")
    assert time.perf_counter() - start < 30
    assert err.value.one_line() == (f"deep.html: HTML elements nest more than {MAX_HTML_DEPTH} deep, over the bound "
                                    "(browsers stop nesting there too) (a malformed or hostile page; save the article itself)")


def test_html_nested_just_under_the_bound_is_read_without_recursion():
    """Python's stack holds ~1,000 frames: the walk is iterative, so the bound, not the stack, decides."""
    from pipeline.ingest.html import MAX_HTML_DEPTH

    text = ingest_bytes(_nested(MAX_HTML_DEPTH - 5), "deep.html").text
    assert text.strip() == "企业研发投入给予最高50万元奖励。"


def test_html_many_deep_blocks_cost_the_pages_size():
    """Blocks 400 deep: the passes that compare elements by their text measured every element's
    subtree (size × depth: 100 KB took 45 s); with the text measured once, the page's size."""
    block = "<div class='content'>" * 400 + "<p>对认定的企业给予一次性奖励100万元。</p>" + "</div>" * 400
    page = ("<html><head><title>关于印发支持措施的通知_门户网站</title></head><body>" + block * 12
            + "</body></html>").encode()
    assert len(page) > 100_000
    start = time.perf_counter()
    text = ingest_bytes(page, "wide.html").text
    assert time.perf_counter() - start < 10
    assert text.count("100万元") == 12


_BOUND = 1024 * 1024  # the content-stream bound, lowered so that the crafted files stay small
_ZEROS = b"\0" * (_BOUND + 4096)
# each expanding filter PDF allows, alone, abbreviated, in chains, and named through an indirect object
_BOMBS = {
    "lzw": (lambda: lzw_encode(_ZEROS), b"/LZWDecode", ()),
    "lzw-abbreviated": (lambda: lzw_encode(_ZEROS), b"[/LZW]", ()),
    "run-length": (lambda: bytes([129, 0]) * (len(_ZEROS) // 128 + 1) + b"\x80", b"/RunLengthDecode", ()),
    "ascii85-z": (lambda: b"z" * (len(_ZEROS) // 4) + b"~>", b"/ASCII85Decode", ()),
    "ascii-hex": (lambda: _ZEROS.hex().encode() + b">", b"/AHx", ()),
    "ascii85-then-flate": (lambda: base64.a85encode(zlib.compress(_ZEROS, 9)) + b"~>", b"[/ASCII85Decode /FlateDecode]", ()),
    "hex-then-lzw": (lambda: lzw_encode(_ZEROS).hex().encode() + b">", b"[/ASCIIHexDecode /LZWDecode]", ()),
    "indirect-filter": (lambda: zlib.compress(_ZEROS, 9), b"5 0 R", (b"[/FlateDecode]",)),
}


@pytest.mark.parametrize("case", sorted(_BOMBS))
def test_pdf_stream_bounded_whatever_the_filter(case, monkeypatch):
    monkeypatch.setattr(bounds, "MAX_PDF_CONTENT_STREAM", _BOUND)
    encode, filters, extra = _BOMBS[case]
    data = _pdf(encode(), filters, *extra)
    start = time.perf_counter()
    with pytest.raises(ResourceLimit) as err:
        ingest_bytes(data, "bomb.pdf")
    assert time.perf_counter() - start < 10
    line = err.value.one_line()
    assert line.startswith("bomb.pdf: a stream at byte ") and f"to more than {_BOUND} bytes" in line, line


@pytest.mark.parametrize("raw", [b"BT /F1 12 Tf 72 720 Td (x) Tj ET\n" * 300, os.urandom(5000),
                                 "给予最高50万元奖励".encode() * 2000])
@pytest.mark.parametrize("filters", [["lzw"], ["rl"], ["a85"], ["ahx"], ["a85", "flate"], ["ahx", "lzw"]])
def test_decoded_size_is_what_pdfminer_decodes(raw, filters):
    """The bound counts what the readers would decode: pdfminer's own decoders as the reference."""
    from pdfminer import ascii85, lzw, runlength

    def encode(f: str, data: bytes) -> bytes:
        return {"lzw": lzw_encode, "flate": zlib.compress, "ahx": lambda d: d.hex().encode() + b">",
                "a85": lambda d: base64.a85encode(d) + b"~>", "rl": _run_length_encode}[f](data)

    def decode(f: str, data: bytes) -> bytes:
        return {"lzw": lzw.lzwdecode, "flate": zlib.decompress, "ahx": ascii85.asciihexdecode,
                "a85": ascii85.ascii85decode, "rl": runlength.rldecode}[f](data)

    encoded = raw
    for f in reversed(filters):
        encoded = encode(f, encoded)
    decoded = encoded
    for f in filters:
        decoded = decode(f, decoded)
    assert decoded == raw
    assert bounds._decoded_size(encoded, filters, 10**9) == len(raw)


def _run_length_encode(data: bytes) -> bytes:
    out = bytearray()
    i = 0
    while i < len(data):
        run = 1
        while i + run < len(data) and run < 128 and data[i + run] == data[i]:
            run += 1
        if run > 1:
            out += bytes([257 - run, data[i]])
        else:
            out += bytes([0, data[i]])
        i += run
    return bytes(out) + b"\x80"


def test_rendered_pdfs_pass_the_stream_check(rendered_pdfs):
    for path in rendered_pdfs.values():
        bounds.check_pdf_streams(Path(path).read_bytes(), Path(path).name)


def test_billion_laughs_docx_is_bad_input_in_one_line(tmp_path):
    """A real DOCX whose document.xml nests entities ten by ten, nine deep: refused, exit 1, not an internal error."""
    from bench.hostile import _billion_laughs
    from pipeline.errors import InputError

    path = tmp_path / "laughs.docx"
    _billion_laughs(path)
    start = time.perf_counter()
    with pytest.raises(InputError) as err:
        ingest_file(path)
    assert time.perf_counter() - start < 10
    line = err.value.one_line()
    assert line.startswith("laughs.docx: DOCX XML refused by the parser: ") and "\n" not in line
    assert "amplification" in line
    assert err.value.exit_code == 1
