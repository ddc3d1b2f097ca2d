"""Reproducible web and database renderings of the corpus's TUNING documents.

A tuning document (a crawled text, `tests/corpus/docs/cNNN_*.txt`) is cut into paragraphs by the
pipeline's own reading of the plain text, and printed again in the layouts real documents reach us
in, with its header values (title, 文号 / 令 number, issuers, dates) taken from its gold file:

- `govcn_fragment(stem, variant)`: the `div.wrap` fragment of a gov.cn policy page — a table of
  label/value cells (索引号, 主题分类, 发文机关, 成文日期, 标题, 发文字号, 发布日期) above the body,
  the body in `<p>` paragraphs (the title split over two centred `<p>`, signature lines
  right-aligned).  Variants: `"tables"` (2018 gov.cn: a layout table around the label table, the
  body in a layout `<td id="UCAP-CONTENT">`), `"divs"` (a label table, then `div.pages_content`);
- `trs_page(stem, variant)`: a whole crawled TRS page — `<title>` with the site name,
  `<meta name="ArticleTitle">`, `PubDate`, scripts, search box, menu, breadcrumb, the headline,
  `发布时间 / 来源 / 字体：小 中 大`, share widget, QR code, footer with an ICP number; the body in
  nested `<div>` / `<p>`, signature lines right-aligned.  Variants: `"h1"` (headline in `<h1>`),
  `"div"` (headline in `div.title`, the body repeating it), `"sidebar"` (no `ArticleTitle`, a side
  column with its own titles and a block of text before the article, the body in a plain `div`),
  `"empty"` (no body text at all: only links to the document as PDF files);
- `pkulaw_export(stem)`: a 北大法宝 text export — the title line twice (the database's with half-width
  brackets, then the document's own), `【法宝引证码】 CLI.…`,
  `原文链接：…`, a 令 number on its own line in parentheses, `第N条　（…）` article headings,
  mixed CR / CRLF line endings.

Nothing here is read from the check documents: the layouts are written from general knowledge of
these sites and from the layout descriptions in ../shared/corpus/SOURCES.md.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import html
import json
import re
from pathlib import Path

from pipeline.ingest import ingest_file
from pipeline.normalize import parse_date
from pipeline.structure import structure_document
from pipeline.structure.paragraphs import split_paragraphs
from pipeline.structure.recover import split_orgs

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "tests" / "corpus" / "docs"
GOLD = ROOT / "tests" / "gold" / "corpus"
HEADER_FIELDS = ("doc_number", "order_number", "title", "doc_type", "issuers", "issue_date")


def gold(stem: str) -> dict:
    return json.loads((GOLD / f"{stem}.json").read_text(encoding="utf-8"))


def plain_path(stem: str) -> Path:
    path = DOCS / f"{stem}.txt"
    assert stem[:4] not in {f"c{n:03d}" for n in list(range(24, 33)) + [37]}, "never a check document"
    return path


@functools.lru_cache(maxsize=64)
def plain(stem: str):
    """The plain tuning text as the pipeline reads it (a StructuredDoc)."""
    return structure_document(ingest_file(plain_path(stem)))


def paragraphs(stem: str) -> list[tuple[str, str]]:
    """(part name, paragraph text) of the plain text as the pipeline reads it."""
    doc = plain(stem)
    out = []
    for para in split_paragraphs(doc.text):
        role = next((p.name for p in doc.parts if p.start <= para.start < p.end), "正文")
        out.append((role, para.text.strip()))
    return out


def _seed(stem: str, n: int) -> int:
    return int(hashlib.sha256(stem.encode()).hexdigest()[:8], 16) % n


def _cn_date(iso: str | None, *, padded: bool = True) -> str:
    if not iso:
        return ""
    d = dt.date.fromisoformat(iso)
    return f"{d.year}年{d.month:02d}月{d.day:02d}日" if padded else f"{d.year}年{d.month}月{d.day}日"


_CN_DIGITS = "〇一二三四五六七八九"


def _cn_number(n: int) -> str:
    """1…31 in Chinese numerals, as a 成文日期 writes its month and day (`十二`, `二十七`)."""
    tens, units = divmod(n, 10)
    return (("" if tens < 2 else _CN_DIGITS[tens]) + "十" if tens else "") + (_CN_DIGITS[units] if units else "")


def print_date(iso: str | None, style: str = "cn") -> str:
    """A date as sites print it: `cn` 2023年06月29日, `cn-numerals` 二〇二三年六月二十九日, `latin-o` with a
    full-width Latin O for 〇 (二ＯＯ四年), `fullwidth` ２０２３年６月２９日, `dots` / `dashes` / `slashes`
    2023.06.29, `compact` 20230629 (no separators), `compact-fullwidth` ２０２３０６２９."""
    if not iso:
        return ""
    d = dt.date.fromisoformat(iso)
    if style in ("cn-numerals", "latin-o"):
        year = "".join(_CN_DIGITS[int(c)] for c in str(d.year))
        year = year.replace("〇", "Ｏ") if style == "latin-o" else year
        return f"{year}年{_cn_number(d.month)}月{_cn_number(d.day)}日"
    fold = str.maketrans("0123456789", "０１２３４５６７８９")
    if style == "fullwidth":
        return f"{d.year}年{d.month}月{d.day}日".translate(fold)
    separators = {"dots": ".", "dashes": "-", "slashes": "/", "compact": "", "compact-fullwidth": ""}
    if style in separators:
        sep = separators[style]
        text = f"{d.year}{sep}{d.month:02d}{sep}{d.day:02d}"
        return text.translate(fold) if style.endswith("fullwidth") else text
    return _cn_date(iso)


def _published(iso: str | None, days: int = 4) -> str | None:
    """A site publishes some days after the 成文日期."""
    return (dt.date.fromisoformat(iso) + dt.timedelta(days=days)).isoformat() if iso else None


def _number(g: dict) -> str:
    return g.get("doc_number") or g.get("order_number") or ""


def _split_title(title: str) -> list[str]:
    """A long title over two lines, cut after `关于` or in the middle, as gov.cn prints it."""
    if len(title) < 24:
        return [title]
    at = title.find("关于")
    cut = at + 2 + (len(title) - at - 2) // 2 if 0 <= at < len(title) // 2 else len(title) // 2
    return [title[:cut], title[cut:]]


def _signature_lines(text: str) -> list[str]:
    """A signature paragraph as printed lines: each issuer, then the date."""
    m = re.search(r"(?:[0-9]{4}|[〇零一二三四五六七八九OＯ○]{4})\s*年.{1,6}日$", text)
    if not m:
        return [text]
    orgs = text[:m.start()].strip(" \u3000")
    names = split_orgs(orgs) if orgs else []
    return (names or ([orgs] if orgs else [])) + [m.group(0)]


def _esc(s: str) -> str:
    return html.escape(s, quote=False)


def _body_html(paras: list[tuple[str, str]], *, drop_title: bool, nested: bool) -> str:
    out = []
    for role, text in paras:
        if drop_title and role == "标题":
            continue
        if role == "标题":
            out.append(f'<p style="text-align: center;"><strong>{_esc(text)}</strong></p>')
        elif role in ("文号", "发文机关标志"):
            out.append(f'<p style="text-align: center;">{_esc(text)}</p>')
        elif role == "发文机关署名和成文日期":
            out.extend(f'<p style="text-align: right;">{_esc(line)}</p>' for line in _signature_lines(text))
        elif nested:
            out.append(f'<div><p style="text-indent: 2em;"><span style="font-family: 仿宋;">{_esc(text)}</span></p></div>')
        else:
            out.append(f'<p style="text-indent: 2em;">\u3000\u3000{_esc(text)}</p>')
    return "\n".join(out)


def _metadata_rows(stem: str, g: dict) -> list[tuple[str, str, str, str]]:
    issued = g.get("issue_date")
    published = g["published"] if "published" in g else _published(issued)
    index = f"{_seed(stem, 10**9):09d}/{(issued or '2020')[:4]}-{_seed(stem + 'i', 10**5):05d}"
    return [
        ("索\u00a0\u00a0引\u00a0\u00a0号：", index, "主题分类：", "科技、教育\\科技"),
        ("发文机关：", "、".join(g.get("issuers") or []), "成文日期：",
         g.get("issue_date_text") or print_date(issued, g.get("date_style", "cn"))),
        ("标\u3000\u3000题：", g.get("title") or "", "", ""),
        ("发文字号：", _number(g), "发布日期：", _cn_date(published)),
    ]


def govcn_fragment(stem: str, variant: str = "tables", **metadata) -> str:
    """The `div.wrap` of a gov.cn policy page: label/value table, then the body.  `metadata`
    overrides the table's values (keys of the gold file, `published`, the 成文日期's `date_style`
    (see `print_date`) or its printed text `issue_date_text`)."""
    g, paras = {**gold(stem), **metadata}, paragraphs(stem)
    rows = []
    for a, b, c, d in _metadata_rows(stem, g):
        if c:
            rows.append(f'<tr><td width="90"><b>{a}</b></td><td width="450">{_esc(b)}</td>'
                        f'<td width="90"><b>{c}</b></td><td width="200">{_esc(d)}</td></tr>')
        else:
            rows.append(f'<tr><td><b>{a}</b></td><td colspan="3">{_esc(b)}</td></tr>')
    label_table = '<table border="0" cellspacing="1" cellpadding="0" width="100%">\n' + "\n".join(rows) + "\n</table>"
    body = _body_html(paras, drop_title=False, nested=False)
    if variant == "tables":
        return (f'<div class="wrap">\n<table class="bd1" width="900"><tbody><tr><td class="bd1">\n{label_table}\n'
                f'</td></tr></tbody></table>\n<table width="900"><tbody><tr><td class="b12c" id="UCAP-CONTENT">\n'
                f'{body}\n</td></tr></tbody></table>\n<div class="pages_print"><a href="javascript:window.print()">'
                f'【打印】</a> <a href="javascript:window.close()">【关闭】</a></div>\n</div>')
    return (f'<div class="wrap">\n<div class="policyLibraryOverview_header">{label_table}</div>\n'
            f'<div class="pages_content" id="UCAP-CONTENT">\n{body}\n</div>\n</div>')


def trs_page(stem: str, variant: str = "h1") -> str:
    """A whole crawled page of a TRS site: head, navigation, headline, body, widgets, footer."""
    g, paras = gold(stem), paragraphs(stem)
    title = g.get("title") or ""
    site = "某省能源监管办公室"
    published = _published(g.get("issue_date"), days=2) or "2020-01-01"
    if variant == "sidebar":
        return _sidebar_page(title, site, published, _body_html(paras, drop_title=True, nested=True))
    if variant in ("empty", "empty-sidebar"):
        body = "\n".join(
            f'<p><a href="/attach/{_seed(stem + str(k), 10**6)}.pdf">{_esc(name)}.pdf</a></p>'
            for k, name in enumerate([title] + ([g["policy_title"]] if g.get("policy_title") else [])))
        appendix = '<div class="fj">附件：<ul></ul></div>'
        if variant == "empty-sidebar":
            return _sidebar_page(title, site, published, body + appendix)
    else:
        body = _body_html(paras, drop_title=variant == "h1", nested=True)
        appendix = ""
    headline = (f'<h1 class="article-title">{_esc(title)}</h1>' if variant in ("h1", "empty", "empty-sidebar")
                else f'<div class="title">{_esc(title)}</div>')
    return f"""<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>{_esc(title)}_{site}</title>
<meta name="SiteName" content="{site}">
<meta name="ArticleTitle" content="{html.escape(title)}">
<meta name="PubDate" content="{published} 10:30">
<meta name="ContentSource" content="">
<meta name="Keywords" content="">
<link rel="stylesheet" href="/css/style.css">
<script type="text/javascript" src="/js/jquery.min.js"></script>
<script>var _hmt = _hmt || []; (function() {{ var hm = document.createElement("script"); }})();</script>
</head>
<body>
<div class="top"><div class="logo"><a href="/"><img src="/images/logo.png" alt="{site}"></a></div>
<div class="search"><input type="text" name="q" value="请输入关键字"><a href="javascript:void(0)">搜索</a></div></div>
<div class="menu"><ul><li><a href="/">首页</a></li><li><a href="/jgjj/">机构简介</a></li><li><a href="/zwgk/">政务公开</a></li>
<li><a href="/tzgg/">通知公告</a></li><li><a href="/zcfg/">政策法规</a></li><li><a href="/hdjl/">互动交流</a></li></ul></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/tzgg/">通知公告</a></div>
<div class="main"><div class="article">
{headline}
<div class="info"><span>发布时间：{published}</span><span>来源：</span>
<span class="font">字体：<a href="javascript:doZoom(16)">小</a> <a href="javascript:doZoom(18)">中</a> <a href="javascript:doZoom(20)">大</a></span></div>
<div class="article-content"><div class="TRS_Editor"><div class="Custom_UnionStyle">
{body}
</div></div></div>
{appendix}
<div class="share">分享到：<a href="#" class="weixin">微信</a><a href="#" class="weibo">微博</a></div>
<div class="ewm"><img src="/images/qr.png"><p>扫一扫在手机打开当前页</p></div>
<div class="print"><a href="javascript:window.print()">打印本页</a> <a href="javascript:window.close()">关闭窗口</a></div>
</div></div>
<div class="footer"><p>版权所有：{site}　地址：某市某路1号　邮编：100000</p>
<p><a href="https://beian.miit.gov.cn/">京ICP备05000000号</a>　网站标识码：bm00000000</p></div>
<script type="text/javascript">document.write(unescape("%3Cspan id='_ideConac' %3E%3C/span%3E"));</script>
</body>
</html>
"""


def _sidebar_page(title: str, site: str, published: str, body: str) -> str:
    links = "".join(f'<li><a href="/tzgg/{n}.html">关于开展第{n}批专项检查工作的通知</a><span>2020-0{n}-01</span></li>'
                    for n in range(1, 8))
    about = ("本机构负责辖区内能源监管工作，依法监管市场运行、电力安全和供电服务，受理投诉举报，"
             "协调处理争议纠纷，配合地方开展能源规划和政策研究工作，承办上级机关交办的其他事项。") * 4
    return f"""<html><head><meta charset="utf-8"><title>{_esc(title)}_{site}</title></head>
<body><div id="top"><a href="/">{site}</a> <a href="/en/">English</a></div>
<div class="dqwz">当前位置：<a href="/">首页</a> &gt; <a href="/tzgg/">通知公告</a></div>
<div class="wrapper">
<div class="left"><div class="tit">最新动态</div><ul>{links}</ul>
<div class="tit">机构职能</div><div class="about">{about}</div></div>
<div class="right"><div class="xl_title"><h2>{_esc(title)}</h2></div>
<div class="timer">发布时间：{published} 11:56　来源：</div>
<div class="xl_con">{body}</div></div>
</div>
<div id="bottom"><p>主办：{site}　地址：某市某路1号</p><p>新ICP备05000000号</p></div></body></html>
"""


_HEADINGS = ("（目的和依据）", "（适用范围）", "（管理部门）", "（职责分工）", "（工作要求）", "（其他规定）")


def pkulaw_export(stem: str) -> bytes:
    """A 北大法宝 export: title twice, the citation code and link, 令 number in parentheses,
    `第N条　（…）` headings, mixed CR / CRLF line endings."""
    g, paras = gold(stem), paragraphs(stem)
    title = g.get("title") or ""
    database_title = title.replace("（", "(").replace("）", ")")  # the database's headline, brackets half-width
    lines = [database_title, title, f"【法宝引证码】 CLI.11.{1000000 + _seed(stem, 8999999)}",
             f"原文链接：https://www.pkulaw.com/lar/{hashlib.md5(stem.encode()).hexdigest()}bdfb.html", ""]
    k = 0
    for role, text in paras:
        if role == "标题":
            continue  # printed above
        if role == "文号" and (m := re.fullmatch(r"(?P<org>.+?令)第(?P<n>.+?号)", text)):
            text = f"{m.group('org')}（第{m.group('n')}）"
        elif role == "发文机关署名和成文日期":
            lines.extend(_signature_lines(text))
            continue
        elif m := re.match(r"^(第[一二三四五六七八九十百零〇]+条)[\u3000 ]*(?=[^（(])", text):
            text = f"{m.group(1)}\u3000{_HEADINGS[k % len(_HEADINGS)]}{text[m.end():]}"
            k += 1
        lines.append("\u3000\u3000" + text if role in ("正文", "政策正文") else text)
    out = []
    for i, line in enumerate(lines):
        out.append(line + ("\r" if i % 3 == 1 else "\r\n"))
    return "".join(out).encode("utf-8")


def expected_header(stem: str) -> dict:
    g = gold(stem)
    return {k: (tuple(g[k]) if k == "issuers" else g[k]) for k in HEADER_FIELDS}


def header_of(record_header) -> dict:
    return {k: getattr(record_header, k) for k in HEADER_FIELDS}


if __name__ == "__main__":  # python tests/structure/renderings.py c003_... [out dir]
    import sys

    stem = sys.argv[1]
    out = Path(sys.argv[2] if len(sys.argv) > 2 else "/tmp/renderings")
    out.mkdir(parents=True, exist_ok=True)
    for variant in ("tables", "divs"):
        (out / f"{stem}.govcn-{variant}.html").write_text(govcn_fragment(stem, variant), encoding="utf-8")
    for variant in ("h1", "div", "sidebar", "empty", "empty-sidebar"):
        (out / f"{stem}.trs-{variant}.html").write_text(trs_page(stem, variant), encoding="utf-8")
    (out / f"{stem}.pkulaw.txt").write_bytes(pkulaw_export(stem))
    print(parse_date("2020年1月1日"), out)
