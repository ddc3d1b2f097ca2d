"""HTML pages in GB2312/GBK/GB18030: the declared charset read, a wrong declaration caught by validation.

Pages are real tuning documents of the corpus (tests/corpus/docs) laid out as a site's article page
and re-encoded as government sites serve them; each must read to the text its UTF-8 page gives.
"""
from __future__ import annotations

import html
import json
from pathlib import Path

import pytest

from pipeline.ingest import ingest_bytes
from pipeline.ingest.text import declared_charset

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
TUNING = json.loads((CORPUS / "split.json").read_text(encoding="utf-8"))["tuning"]
DOCS = [stem for stem in ("c013_hebei_kjjl_banfa_2021", "c019_guojia_kjb_ling1_jiangli_xize_1999",
                          "c036_hebei_kangyang_2024") if stem in TUNING]

# how sites declare it: HTML5 meta, the http-equiv of older CMSs, an XHTML declaration, unquoted
# upper case, and a meta that comes after a long inline script (past the first KiB)
STYLES = {
    "meta-charset": '<meta charset="{label}">',
    "http-equiv": '<meta http-equiv="Content-Type" content="text/html; charset={label}" />',
    "unquoted-upper": "<META CHARSET={label_upper}>",
    "after-script": "<script>var conf = '" + "x" * 3000 + "';</script><meta charset='{label}'>",
}


def _page(stem: str, decl: str, xml_label: str | None = None) -> str:
    text = (CORPUS / "docs" / f"{stem}.txt").read_text(encoding="utf-8")
    paras = "".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines() if line.strip())
    head = f'<?xml version="1.0" encoding="{xml_label}"?>' if xml_label else ""
    return (f"{head}<html><head>{decl}<title>政策文件_门户网站</title></head>"
            f"<body><div class='nav'><a href='/'>首页</a></div><div id='zoom'>{paras}</div></body></html>")


def _utf8_text(stem: str) -> str:
    return ingest_bytes(_page(stem, '<meta charset="utf-8">').encode("utf-8"), f"{stem}.html").text


@pytest.mark.parametrize("style", sorted(STYLES))
@pytest.mark.parametrize(("label", "codec"), [("gb2312", "gbk"), ("GBK", "gbk"), ("gb18030", "gb18030")])
@pytest.mark.parametrize("stem", DOCS)
def test_gb_declared_page_reads_as_its_utf8_page(stem: str, style: str, label: str, codec: str) -> None:
    decl = STYLES[style].format(label=label, label_upper=label.upper())
    # a non-breaking space, which GBK lacks, is written as a character reference, as sites do
    data = _page(stem, decl).encode(codec, errors="xmlcharrefreplace")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    got = ingest_bytes(data, f"{stem}.html")
    assert got.text == _utf8_text(stem)
    assert not [w for w in got.warnings if "charset" in w]


@pytest.mark.parametrize("stem", DOCS)
def test_xhtml_declaration_is_read(stem: str) -> None:
    data = _page(stem, "", xml_label="gb2312").encode("gbk", errors="xmlcharrefreplace")
    assert ingest_bytes(data, f"{stem}.html").text == _utf8_text(stem)


def test_gbk_only_characters_in_a_page_declared_gb2312() -> None:
    """Pages declared gb2312 hold GBK's extra characters (names like 朱镕基, 王喆): read as GBK's superset."""
    stem = DOCS[0]
    page = _page(stem, '<meta charset="gb2312">').replace("</div></body>", "<p>联系人：王喆、李镕</p></div></body>")
    data = page.encode("gbk", errors="xmlcharrefreplace")
    with pytest.raises(UnicodeEncodeError):
        "喆镕".encode("gb2312")
    assert "联系人：王喆、李镕" in ingest_bytes(data, f"{stem}.html").text


@pytest.mark.parametrize("style", sorted(STYLES))
@pytest.mark.parametrize("stem", DOCS)
def test_page_declared_gb2312_but_saved_as_utf8(stem: str, style: str) -> None:
    """A page re-saved as UTF-8 that kept its old declaration: validation wins, with a warning."""
    decl = STYLES[style].format(label="gb2312", label_upper="GB2312")
    got = ingest_bytes(_page(stem, decl).encode("utf-8"), f"{stem}.html")
    assert got.text == _utf8_text(stem)
    assert "the page declares charset gb2312, but its bytes are UTF-8: read as UTF-8" in got.warnings


@pytest.mark.parametrize("stem", DOCS)
def test_page_declared_utf8_but_saved_as_gbk(stem: str) -> None:
    got = ingest_bytes(_page(stem, '<meta charset="utf-8">').encode("gb18030"), f"{stem}.html")
    assert got.text == _utf8_text(stem)
    assert any(w.startswith("the page declares charset utf-8, but its bytes are not valid UTF-8") for w in got.warnings)


@pytest.mark.parametrize(("head", "expected"), [
    (b'<meta charset="GB2312">', ("gb2312", "gb18030")),
    (b"<meta http-equiv='content-type' content='text/html;charset=x-gbk'>", ("x-gbk", "gb18030")),
    (b'<meta charset="big5">', ("big5", "big5hkscs")),
    (b'<?xml version="1.0" encoding="GBK"?><html>', ("gbk", "gb18030")),
    (b'<meta charset="iso-8859-1">', None),  # single-byte: never trusted, detection decides
    (b"<html><head><title>x</title></head>", None),
])
def test_declared_charset(head: bytes, expected: tuple[str, str] | None) -> None:
    assert declared_charset(head + b"<body></body></html>") == expected
