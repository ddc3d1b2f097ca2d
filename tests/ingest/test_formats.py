"""DOCX, HTML and text encodings: each reads to the record the UTF-8 text gives."""
from __future__ import annotations

import codecs
import html
import io
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from compare import comparable, differences

from pipeline.engine import assemble_record
from pipeline.extract import extract_mentions
from pipeline.ingest import ingest_bytes
from pipeline.ingest.html import table_rows
from pipeline.structure import structure_document

RAW = Path(__file__).resolve().parents[2] / "tests" / "seeds"
SEEDS = sorted(p.stem for p in RAW.glob("*.txt"))


def _record(data: bytes, name: str) -> dict:
    doc = structure_document(ingest_bytes(data, name))
    return assemble_record(doc, extract_mentions(doc)).to_dict()


def _paragraphs(stem: str, seed_records) -> list[tuple[str, str]]:
    """(part name, line) of the seed's normalised text; table rows keep their tabs."""
    rec = seed_records[stem]
    out, pos = [], 0
    for line in rec.text.split("\n"):
        start = pos + len(line) - len(line.lstrip())
        pos += len(line) + 1
        if line.strip():
            part = next((p.name for p in rec.parts if p.start <= start < p.end), "正文")
            out.append((part, line.rstrip() if "\t" in line else line.strip()))
    return out


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "gb18030", "gbk"])
@pytest.mark.parametrize("stem", SEEDS[:3])
def test_encodings_decode_equal_to_utf8(stem, encoding):
    text = (RAW / f"{stem}.txt").read_text(encoding="utf-8")
    data = text.encode(encoding)
    if encoding in ("utf-16-le", "utf-16-be"):
        data = (codecs.BOM_UTF16_LE if encoding.endswith("le") else codecs.BOM_UTF16_BE) + data
    assert ingest_bytes(data, f"{stem}.txt").text == ingest_bytes(text.encode(), f"{stem}.txt").text


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("path", [RAW / f"{stem}.txt" for stem in SEEDS[:3]] + [
    RAW.parent / "corpus" / "docs" / f"{stem}.txt"
    for stem in ("c003_hebei_naiye_zhengce_2022", "c015_hebei_kjjl_xize_tongzhi_2022")], ids=lambda p: p.stem)
def test_utf16_without_bom_decodes_equal_to_utf8(path, encoding):
    """UTF-16 saved without a byte-order mark (Windows' "Unicode" text without BOM): either byte order."""
    text = path.read_text(encoding="utf-8")
    data = text.encode(encoding)
    assert not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    assert ingest_bytes(data, f"{path.stem}.txt").text == ingest_bytes(text.encode(), f"{path.stem}.txt").text
    short = "各市人民政府：\n给予最高50万元奖励。\n"  # a few lines: too little for statistics
    assert ingest_bytes(short.encode(encoding), "short.txt").text == ingest_bytes(short.encode(), "short.txt").text


def _docx(paras: list[tuple[str, str]]) -> bytes:
    from docx import Document

    doc = Document()
    rows = [line.split("\t") for part, line in paras if "\t" in line]
    table_done = False
    for part, line in paras:
        if "\t" in line:
            if not table_done:
                _docx_table(doc, rows)
                table_done = True
            continue
        style = "Title" if part in ("标题", "政策标题") else None
        doc.add_paragraph(line, style=style)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _docx_table(doc, rows: list[list[str]]) -> None:
    """Empty cells become merged cells, as in a real annex table."""
    ncol = max(map(len, rows))
    grid = [r + [""] * (ncol - len(r)) for r in rows]
    table = doc.add_table(rows=len(grid), cols=ncol)
    for r, row in enumerate(grid):
        for c, text in enumerate(row):
            if text:
                table.cell(r, c).text = text
    for r, row in enumerate(grid):
        for c, text in enumerate(row):
            if text:
                continue
            if r == 1 and grid[0][c]:
                table.cell(0, c).merge(table.cell(1, c))
            elif c > 0:
                left = max(k for k in range(c) if row[k])
                table.cell(r, left).merge(table.cell(r, c))
                table.cell(r, left).text = row[left]


@pytest.mark.parametrize("stem", SEEDS)
def test_docx_record_equals_text_record(stem, seed_records):
    paras = _paragraphs(stem, seed_records)
    got = _record(_docx(paras), f"{stem}.docx")
    assert got["source"]["format"] == "docx"
    diffs = differences(comparable(seed_records[stem].to_dict()), comparable(got))
    assert not diffs, "\n".join(diffs[:20])


NAV = """<div class="top"><a href="/">首页</a> | <a href="/zwgk/">政务公开</a> | <a href="/hdjl/">互动交流</a>
<a href="/bsfw/">办事服务</a> <a href="/zwgk/zcwj/">政策文件</a> <a href="/zwgk/tzgg/">通知公告</a></div>"""
RELATED = "".join(f'<li><a href="/art/{i}.html">关于印发某某市第{i}批工业企业技术改造项目名单的通知</a>'
                  f"<span>2024-0{i % 9 + 1}-1{i}</span></li>" for i in range(1, 9))


def _page(paras: list[tuple[str, str]], title: str) -> str:
    body = []
    rows = [line.split("\t") for _, line in paras if "\t" in line]
    table_done = False
    for part, line in paras:
        if "\t" in line:
            if not table_done:
                body.append(_html_table(rows))
                table_done = True
            continue
        tag = "h2" if part in ("标题", "政策标题") else "p"
        style = ' style="text-align:center"' if tag == "h2" else ' style="text-indent:2em"'
        body.append(f"<{tag}{style}>{html.escape(line)}</{tag}>")
    return f"""<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{html.escape(title)}_政策文件</title>
<script>var _hmt = _hmt || []; document.write("统计代码");</script><style>.zoom p {{ line-height: 2 }}</style></head>
<body><header><div class="logo">某某市人民政府 门户网站</div>{NAV}<form><input name="q"> 搜索</form></header>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 政策文件</div>
<div class="main"><div class="article"><h1>{html.escape(title)}</h1>
<div class="info">发布日期：2024-04-22 来源：市工业和信息化局 浏览次数：1024 字号：[ <a>大</a> <a>中</a> <a>小</a> ]</div>
<div id="zoom" class="TRS_Editor">{''.join(body)}</div>
<div class="share">分享到：<a>微信</a> <a>微博</a> 【<a>打印本页</a>】 【<a>关闭窗口</a>】</div></div>
<aside><h3>相关文件</h3><ul>{RELATED}</ul></aside></div>
<footer><p>主办单位：某某市人民政府办公室 承办：某某市大数据管理局</p><p>网站标识码：3207000001 苏ICP备05006111号</p>
<p>联系电话：0518-12345678</p></footer></body></html>"""


def _html_table(rows: list[list[str]]) -> str:
    ncol = max(map(len, rows))
    grid = [r + [""] * (ncol - len(r)) for r in rows]
    out = ["<table border=1>"]
    for r, row in enumerate(grid):
        cells, c = [], 0
        while c < ncol:
            if not row[c] and r == 1 and grid[0][c]:
                c += 1  # covered by the rowspan above
                continue
            span = 1
            while c + span < ncol and not row[c + span] and not (r + 1 < len(grid) and r == 0 and grid[1][c + span]
                                                                  and False):
                if r == 0 or r == len(grid) - 1:
                    span += 1
                else:
                    break
            attrs = (' rowspan="2"' if r == 0 and not grid[1][c] else "") + (f' colspan="{span}"' if span > 1 else "")
            cells.append(f"<td{attrs}>{html.escape(row[c])}</td>")
            c += span
        out.append("<tr>" + "".join(cells) + "</tr>")
    return "".join(out) + "</table>"


@pytest.mark.parametrize("stem", SEEDS)
def test_html_article_record_equals_text_record(stem, seed_records):
    rec = seed_records[stem]
    page = _page(_paragraphs(stem, seed_records), rec.header.title or stem)
    got = _record(page.encode("utf-8"), f"{stem}.html")
    assert got["source"]["format"] == "html"
    for furniture in ("首页", "网站标识码", "打印本页", "统计代码", "发布日期", "相关文件"):
        assert furniture not in got["text"]
    diffs = differences(comparable(rec.to_dict()), comparable(got))
    assert not diffs, "\n".join(diffs[:20])


def test_html_table_spans_fill_the_grid():
    from bs4 import BeautifulSoup

    table = BeautifulSoup("<table><tr><td rowspan=2>序号</td><td rowspan=2>区镇</td><td colspan=3>数量</td></tr>"
                          "<tr><td>2022年</td><td>2023年</td><td>2024年</td></tr>"
                          "<tr><td colspan=2>合计</td><td>1</td><td>2</td><td>3</td></tr></table>", "lxml").table
    assert table_rows(table) == [["序号", "区镇", "数量", "", ""], ["", "", "2022年", "2023年", "2024年"],
                                 ["合计", "", "1", "2", "3"]]


def test_html_without_known_container_uses_text_density():
    article = "".join(f"<p>第{i}条 企业开展智能化改造和数字化转型的，按照项目有效投入给予补助，最高不超过一百万元。</p>"
                      for i in range(1, 8))
    page = f"<html><body><div class='menu'>{NAV}{RELATED}</div><div class='box'>{article}</div>" \
           f"<div class='links'>{RELATED}</div></body></html>"
    text = ingest_bytes(page.encode(), "p.html").text
    assert text.count("第") >= 7 and "首页" not in text and "技术改造项目名单" not in text


def _ofd() -> bytes:
    """An OFD package as GB/T 33190 lays it out: OFD.xml at the root, documents and pages in folders."""
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("OFD.xml", '<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0" DocType="OFD">'
                               "<ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>")
        zf.writestr("Doc_0/Document.xml", "<ofd:Document/>")
        zf.writestr("Doc_0/Pages/Page_0/Content.xml", "<ofd:Page><ofd:TextObject>第一条</ofd:TextObject></ofd:Page>")
    return buf.getvalue()


@pytest.mark.parametrize("name", ["通知.ofd", "通知.OFD", "renamed.zip"])
def test_ofd_is_refused_with_one_line(name, tmp_path):
    """OFD is refused, named as such (README, PDF and other formats), in the library and in build."""
    from pipeline.errors import UnsupportedFormat

    with pytest.raises(UnsupportedFormat) as err:
        ingest_bytes(_ofd(), name)
    assert err.value.one_line() == f"{name}: OFD (GB/T 33190) is not read (export it to PDF from an OFD reader and give the PDF)"


def test_build_reports_an_ofd_file(tmp_path):
    import subprocess

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "通知.ofd").write_bytes(_ofd())
    done = subprocess.run([sys.executable, "-m", "pipeline", "build", str(raw), "-o", str(tmp_path / "out"), "-j", "1"],
                          check=False, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1
    assert "policykg: error: 通知.ofd: OFD (GB/T 33190) is not read (export it to PDF from an OFD reader and give the PDF)" \
        in done.stderr.splitlines()
