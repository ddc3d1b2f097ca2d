"""Government-site page layouts of the corpus's TUNING documents that `renderings.py` and
`publishing.py` do not print, written from general knowledge of the CMSs provinces and ministries
run (TRS, 大汉 Hanweb, 开普 ucap; the gov.cn 政策 page), never from a check document:

- `cms_text(stem, layout, order)`: a page as a text dump gives it (copy-paste, a crawler joining
  text nodes with newlines): breadcrumb, an 信息公开 block of labels and values, the headline, an
  info line (`来源：… 发布日期：… 字号：大 中 小 打印本页`), a share bar, the document, the page's tail.
  `layout`: `inline` (`索引号：VALUE` on one line, two pairs a line), `split` (each label and each
  value on its own line, as a table's cells are dumped), `tabs` (a table row's cells tab-separated);
  `order`: the rows' order (`index-first`, `title-first`, `number-first`); `dated`: which date labels
  the block prints (`成文日期` and `发布日期`, only `发布日期`, only a 大汉 `生成日期`);
- `cms_page(stem, order, dated)`: the same as an HTML page, the block a `<table>` of label and value cells;
- `furnished_text(stem, variant)`: a text dump with other sites' furniture (`FURNITURE`): nav bars with
  `|`, `首页>>…`, `打印本页 | 关闭窗口`, `【字号 大 中 小】`, an info line opening with the date, the
  page's `<title>` (`…_某省人民政府门户网站`) above the breadcrumb, `浏览量：`, `责任编辑：`;
- `headline_then_title(stem, change)`: a page's headline, then the document's own title printed
  slightly otherwise (`halfwidth` brackets, `no-guanyu`: the headline drops `关于`, `spaced`: the
  headline's words spaced out);
- `headline_over_title(stem, change, lines)`: such a headline right above the title block over 1–3 lines;
- `one_line_head(stem, order)`: title, 文号 and 成文日期 on one line in an `order` of `t` `n` `d`;
- `signature_variant(stem, style, join)`: the signature's date printed as `renderings.print_date`
  `style` (or `ZEROS`: 二○二三年, 二OO四年, 二零二三年), all issuers and the date on one line (`JOINT`), after the issuers on one line (`join="line"`), on its own line (`"own"`), or the year on
  one line and month and day on the next (`"split"`);
- `wrapped_title(stem, note, cut)`: the title with a bracketed note after it, over two lines;
- `headerless(stem)`: a policy platform's text of the body only (no title, 文号, issuers or date).

Each takes its header values from the gold file; the body is the plain text's, read by the pipeline.
"""
from __future__ import annotations

import html
import re

import publishing as P
import renderings as R

from pipeline.normalize import parse_date

_HEAD_ROLES = ("标题", "文号", "发文机关标志")
_DATE_RE = re.compile(r"^[（(]?(?:[0-9]{4}|[〇零一二三四五六七八九OＯ○]{4})\s*年[^，。；]{1,8}日[）)]?$")


def head_date(stem: str) -> list[str]:
    """The 成文日期 the plain text prints in its head (under the title or the 令 number), if any."""
    return _split_head(stem)[0]


def body_lines(stem: str) -> list[str]:
    """The document's lines after its head: the plain text's paragraphs without the title, the 文号 /
    令 number lines and the 成文日期 printed in the head (its signature and date kept at the end)."""
    return _split_head(stem)[1]


def _split_head(stem: str) -> tuple[list[str], list[str]]:
    g = R.gold(stem)
    numbers = {g.get("doc_number"), g.get("order_number")} - {None}
    paras = R.paragraphs(stem)
    first = 0
    dates = []
    while first < len(paras):
        role, text = paras[first]
        if role in _HEAD_ROLES or text in numbers or _DATE_RE.match(text) or text == g.get("title"):
            dates += [text] if _DATE_RE.match(text) else []
            first += 1
            continue
        break
    out = []
    for role, text in paras[first:]:
        if role == "发文机关署名和成文日期":
            out.extend(R._signature_lines(text))
        else:
            out.append("\u3000\u3000" + text if role in ("正文", "政策正文") else text)
    return dates[:1], out


def _rows(stem: str, order: str, dated: str) -> list[tuple[str, str]]:
    g = R.gold(stem)
    issued = g.get("issue_date")
    published = R._published(issued, days=5)
    index = f"{R._seed(stem, 10**9):09d}/{(issued or '2020')[:4]}-{R._seed(stem + 'x', 10**5):05d}"
    rows = {
        "index": [("索引号", index), ("主题分类", "科技、教育")],
        "issuers": [("发布机构", "、".join(g.get("issuers") or []))],
        "dates": {"both": [("成文日期", R._cn_date(issued)), ("发布日期", R._cn_date(published))],
                  "published": [("发布日期", published or "")],
                  "generated": [("生成日期", published or ""), ("公开日期", published or "")]}[dated],
        "number": [("文号", R._number(g))],
        "title": [("名称", g.get("title") or "")],
        "validity": [("有效性", "有效")],
    }
    sequence = {"index-first": ["index", "issuers", "dates", "number", "title", "validity"],
                "title-first": ["title", "number", "issuers", "dates", "index", "validity"],
                "number-first": ["number", "index", "title", "dates", "issuers", "validity"]}[order]
    return [pair for key in sequence for pair in rows[key]]


def _head_furniture(title: str, published: str) -> list[str]:
    return [title, f"来源：某省人民政府办公厅　　发布日期：{published}　　字号：大 中 小　　打印本页",
            "分享到：微信 微博 QQ空间"]


def cms_text(stem: str, layout: str = "inline", order: str = "index-first", dated: str = "both",
             headless: bool = False) -> str:
    """`headless`: the block and furniture over a body without any head (`headerless`)."""
    g = R.gold(stem)
    title = g.get("title") or ""
    published = R._published(g.get("issue_date"), days=5) or "2020-01-01"
    rows = _rows(stem, order, dated)
    lines = ["首页 > 政务公开 > 政策文件 > 省政府文件"]
    if layout == "inline":
        lines += [f"{a}：{b}　　{c}：{d}" for (a, b), (c, d) in zip(rows[::2], rows[1::2], strict=False)]
        if len(rows) % 2:
            lines.append(f"{rows[-1][0]}：{rows[-1][1]}")
    elif layout == "split":
        for label, value in rows:
            lines += [f"{label}：", value]
    elif layout == "tabs":
        lines += [f"{a}：\t{b}\t{c}：\t{d}" for (a, b), (c, d) in zip(rows[::2], rows[1::2], strict=False)]
        if len(rows) % 2:
            lines.append(f"{rows[-1][0]}：\t{rows[-1][1]}")
    else:
        raise ValueError(layout)
    if headless:
        return "\n".join(lines + ["分享到：微信 微博 QQ空间", headerless(stem)])
    lines += _head_furniture(title, published)
    lines += head_date(stem) + body_lines(stem)
    lines += ["【打印本页】　【关闭窗口】", "主办：某省人民政府办公厅　网站标识码：1300000000"]
    return "\n".join(lines) + "\n"


def _cells_html(rows: list[tuple[str, str]], cells_in: str) -> str:
    if cells_in == "rows":
        return "\n".join(f"<tr><td>{a}：</td></tr><tr><td>{R._esc(b)}</td></tr>" for a, b in rows)
    cells = "\n".join(f"<tr><th>{a}：</th><td>{R._esc(b)}</td><th>{c}：</th><td>{R._esc(d)}</td></tr>"
                      for (a, b), (c, d) in zip(rows[::2], rows[1::2], strict=False))
    if len(rows) % 2:
        cells += f'\n<tr><th>{rows[-1][0]}：</th><td colspan="3">{R._esc(rows[-1][1])}</td></tr>'
    return cells


def cms_page(stem: str, order: str = "index-first", dated: str = "both", cells_in: str = "cells") -> str:
    """`cells_in="rows"`: each label and each value in a row of its own (a one-column table)."""
    g = R.gold(stem)
    title = g.get("title") or ""
    published = R._published(g.get("issue_date"), days=5) or "2020-01-01"
    cells = _cells_html(_rows(stem, order, dated), cells_in)
    body = "\n".join(f"<p>{R._esc(line)}</p>" for line in head_date(stem) + body_lines(stem))
    return f"""<html><head><meta charset="utf-8"><title>{R._esc(title)}</title></head><body>
<div class="crumb">您当前的位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 政策文件</div>
<table class="xxgk">
{cells}
</table>
<h1>{R._esc(title)}</h1>
<div class="info">来源：某省人民政府办公厅　发布日期：{published}　字号：<a>大</a> <a>中</a> <a>小</a>　<a>打印本页</a></div>
<div class="share">分享到：<a>微信</a><a>微博</a></div>
<div id="zoom">
{body}
</div>
<div class="foot">版权所有：某省人民政府办公厅　网站标识码：1300000000</div>
</body></html>
"""


def _furniture(title: str, published: str, variant: str) -> list[str]:
    cn = R._cn_date(published)
    return {
        "bars": ["网站首页 | 政务公开 | 政策法规 | 互动交流", "您现在的位置：首页 > 政策法规", title,
                 f"发布时间：{published} 10:30:00　文章来源：本站　作者：　阅读次数：1234", "【字体：大 中 小】【打印】【关闭】"],
        "pipes": ["首页>>政务公开>>政策文件", title, f"发布日期：{cn}　　信息来源：某省人民政府", "字号：大 中 小",
                  "打印本页 | 关闭窗口", "分享到："],
        "brackets": [title, f"时间：{published}　　来源：某省人民政府网站", "【字号 大 中 小】 【打印】"],
        "dated": ["当前位置：首页 > 信息公开 > 法定主动公开内容 > 政策文件", title, f"{published}　来源：某省人民政府办公厅",
                  "【大 中 小】", "扫一扫在手机打开当前页"],
        "page-title": [f"{title}_某省人民政府门户网站", "首页 > 政策", title, f"发布时间：{published}", "浏览量："],
    }[variant]


FURNITURE = ("bars", "pipes", "brackets", "dated", "page-title")


def furnished_text(stem: str, variant: str) -> str:
    """A page's text dump with one of the `FURNITURE` sets of navigation, breadcrumb, info line and
    widgets around the headline, and a tail of editor, download and related links after the text."""
    g = R.gold(stem)
    published = R._published(g.get("issue_date"), days=5) or "2020-01-01"
    lines = _furniture(g.get("title") or "", published, variant) + ([R._number(g)] if R._number(g) else [])
    lines += head_date(stem) + body_lines(stem)
    lines += ["责任编辑：张三", "附件下载：", "相关文章", "关于做好2024年第1批专项资金申报工作的通知", "版权所有 © 某省人民政府办公厅 主办"]
    return "\n".join(lines) + "\n"


HEADLINE_CHANGES = ("halfwidth", "no-guanyu", "spaced", "no-issuer", "numbered", "site")


def _headline(title: str, change: str, number: str = "") -> str:
    if change == "no-issuer":  # the headline drops the issuing bodies before `关于`
        return title[title.find("关于"):] if title.find("关于") > 0 else title
    if change == "numbered":  # the headline carries the 文号 in brackets
        return f"{title}（{number}）" if number else title
    if change == "site":
        return f"{title}_某省人民政府网"
    if change == "halfwidth":
        return title.replace("（", "(").replace("）", ")").replace("〔", "[").replace("〕", "]")
    if change == "no-guanyu":
        return title.replace("关于", "", 1)
    if change == "spaced":
        return re.sub(r"(关于)", r" \1 ", title).strip()
    raise ValueError(change)


def headline_then_title(stem: str, change: str) -> str:
    g = R.gold(stem)
    title = g.get("title") or ""
    published = R._published(g.get("issue_date"), days=5) or "2020-01-01"
    lines = ["当前位置：首页 > 政策文件", _headline(title, change, R._number(g)),
             f"发布时间：{published}　来源：某省人民政府办公厅　【字体：大 中 小】", "", title]
    if R._number(g):
        lines.append(R._number(g))
    lines += head_date(stem) + body_lines(stem)
    return "\n".join(lines) + "\n"


def headline_over_title(stem: str, change: str, lines: int) -> str:
    """The headline printed otherwise right above the document's own title block over `lines` lines
    (no info line between them), then the 文号 and the text."""
    g = R.gold(stem)
    title = g.get("title") or ""
    head = [_headline(title, change, R._number(g)), *P._title_lines(title, lines)]
    return "\n".join(head + ([R._number(g)] if R._number(g) else []) + head_date(stem) + body_lines(stem)) + "\n"


def one_line_head(stem: str, order: str = "tnd", style: str = "cn") -> str:
    g = R.gold(stem)
    parts = {"t": g.get("title") or "", "n": R._number(g), "d": R.print_date(g.get("issue_date"), style)}
    return "　　".join(parts[k] for k in order if parts[k]) + "\n" + "\n".join(body_lines(stem)) + "\n"


JOINT = {"joint-spaces": "\u3000", "joint-list": "、", "joint-glued": ""}  # joint issuers on one line, so separated
ZEROS = {"circle": "○", "latin-o-ascii": "O", "zero-char": "零"}  # other zeros printed for 〇 in a year


def _print_date(iso: str | None, style: str) -> str:
    """`renderings.print_date`, and Chinese numerals with another character for the zero (`ZEROS`)."""
    if style in ZEROS:
        return R.print_date(iso, "cn-numerals").replace("〇", ZEROS[style])
    return R.print_date(iso, style)


def signature_variant(stem: str, style: str = "cn", join: str = "line") -> str:
    """The plain document, its last signature printed as `join` says with its date in `style`."""
    g = R.gold(stem)
    lines = [g.get("title") or ""] + ([R._number(g)] if R._number(g) else []) + head_date(stem)
    body = body_lines(stem)
    dates = [k for k, line in enumerate(body) if _DATE_RE.match(line.strip()) and str(parse_date(line)) == g.get("issue_date")]
    assert dates, "a document signed and dated"
    at = dates[-1]
    issuers = list(g.get("issuers") or [])
    before = body[:at]
    while before and before[-1] in issuers:
        before.pop()
    printed = _print_date(g.get("issue_date"), style)
    if join == "line":
        sign = ["".join(issuers) + printed] if len(issuers) == 1 else issuers[:-1] + [issuers[-1] + printed]
    elif join in JOINT:  # every issuer and the date on one line
        sign = [JOINT[join].join(issuers) + "\u3000" + printed]
    elif join == "own":
        sign = issuers + [printed]
    elif join == "split":
        year = printed.index("年") + 1
        sign = issuers + [printed[:year], printed[year:]]
    else:
        raise ValueError(join)
    return "\n".join(lines + before + sign + body[at + 1:]) + "\n"


def wrapped_title(stem: str, note: str, cut: str) -> str:
    """The document with a bracketed `note` after its title (`（试行）`, `（2023年修订）`), the title over
    two lines: the note on the second (`cut="bracket"`) or the title cut in its middle (`"middle"`)."""
    g = R.gold(stem)
    title = (g.get("title") or "") + note
    at = len(title) - len(note) if cut == "bracket" else len(title) // 2
    head = [title[:at], title[at:]] + ([R._number(g)] if R._number(g) else []) + head_date(stem)
    return "\n".join(head + body_lines(stem)) + "\n"


def headerless(stem: str) -> str:
    """Only the body's numbered text, as a policy platform stores it: no title, 文号, signature or date."""
    body = [line for line in body_lines(stem) if not _DATE_RE.match(line.strip())
            and line.strip() not in (R.gold(stem).get("issuers") or [])]
    return "\n".join(body) + "\n"


def esc(text: str) -> str:
    return html.escape(text, quote=False)
