"""Publishing layouts of the corpus's TUNING documents that renderings.py, publishing.py and
cms_layouts.py do not print (issue 13), written from general knowledge of government CMSs (TRS WCM,
大汉, 开普) and of 北大法宝's exports, never from a check document:

- `wcm_page(stem, headline)`: a whole TRS/WCM article page whose `<meta>` tags carry the article's
  title, publication date and source (`ArticleTitle`, `PubDate`, `ContentSource`, `ColumnName`), the
  `<title>` the headline with the site's name after a separator, a breadcrumb, an info line with
  `字体：大 中 小`, share and print widgets and a footer with the ICP number and 网站标识码; the body
  holds the document with its own title block.  `headline`: `full` (the title), `short` (cut with
  `…` as a column list prints it), `prefix` (the title's first characters, no ellipsis), `none` (no
  headline on the page, only the meta tags);
- `pkulaw_full(stem, sep, joiner)`: a 北大法宝 export as the database writes it — the title, the field
  block (`【发布部门】【发文字号】【发布日期】【实施日期】【时效性】【效力级别】【法规类别】【法宝引证码】`),
  then the document's own text from its title repeated; `sep` between a label and its value
  (`""`, `" "`, `"："`), `joiner` between joint issuers (`" "`, `"、"`, `"，"`);
- `title_cut(stem, at)`: the plain text with its title broken over two lines after `at` characters
  (any character, as a narrow column or a text dump wraps it);
- `numbered_title(stem, where)`: the title with its 文号 (or 令 number) printed in other places:
  `after-brackets` (`…的通知（冀政办字〔2022〕93号）` on one line), `next-brackets` (the bracketed number
  on the line under the title), `halfwidth` (`(…)` after the title), `before` (the number's line over
  the title), `spaced` (title and number on one line, spaces between).

Every rendering takes its header values from the gold file; the body is the plain text's.
"""
from __future__ import annotations

import html

import cms_layouts as C
import renderings as R

HEADLINES = ("full", "short", "prefix", "none")
NUMBER_PLACES = ("after-brackets", "next-brackets", "halfwidth", "before", "spaced")


def _headline(title: str, headline: str) -> str:
    if headline == "short":
        return title[:max(8, len(title) // 2)] + "…"
    if headline == "prefix":
        return title[:max(8, len(title) * 2 // 3)]
    return title


def _head_lines(stem: str) -> list[str]:
    """The document's title block as the plain text prints it: title lines, the number, the head's date."""
    g = R.gold(stem)
    return ([g["title"]] if g.get("title") else []) + ([R._number(g)] if R._number(g) else []) + C.head_date(stem)


SITES = ("某省人民政府门户网站", "中国政府网", "国家能源局某某监管办公室", "某某自治区人民政府办公厅门户网站", "www.example.gov.cn")


def wcm_page(stem: str, headline: str = "full", *, meta: bool = True, site: str = SITES[0], sep: str = "_",
             own_title: bool = True) -> str:
    """`meta=False`: no `ArticleTitle` tag and no `SiteName` (older TRS templates), so the page's own
    `<title>` — `headline{sep}site` — is all that names the headline; `own_title=False`: the body
    starts under the title block (the headline is the only title on the page)."""
    g = R.gold(stem)
    title = g.get("title") or ""
    published = R._published(g.get("issue_date"), days=3) or "2020-01-01"
    shown = _headline(title, headline)
    esc = R._esc
    head_lines = _head_lines(stem)[0 if own_title else 1:]
    body = "\n".join(f'<p style="text-align: center;">{esc(line)}</p>' for line in head_lines)
    body += "\n" + "\n".join(f"<p>{esc(line)}</p>" for line in C.body_lines(stem))
    tags = (f'<meta name="SiteName" content="{site}"><meta name="SiteDomain" content="www.example.gov.cn">\n'
            '<meta name="ColumnName" content="政策文件"><meta name="ColumnType" content="政策文件">\n'
            f'<meta name="ArticleTitle" content="{html.escape(shown)}">\n') if meta else ""
    head = "" if headline == "none" else f'<div class="article-tit"><h2>{esc(shown)}</h2></div>' if meta \
        else f'<div class="detail"><p align="center"><strong>{esc(shown)}</strong></p></div>'
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8">
<title>{esc(shown)}{sep}{esc(site)}</title>
{tags}<meta name="PubDate" content="{published} 09:12">
<meta name="ContentSource" content="{html.escape('、'.join(g.get('issuers') or []) or '本网')}">
<meta name="Keywords" content=""><meta name="Description" content="{html.escape(shown)}">
<script src="/js/common.js"></script></head>
<body>
<div class="header"><div class="logo"><img src="/img/logo.png" alt="{site}"></div>
<div class="nav"><a href="/">首页</a><a href="/zwgk/">政务公开</a><a href="/zcwj/">政策文件</a><a href="/hdjl/">互动交流</a></div></div>
<div class="breadcrumb">您所在的位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zcwj/">政策文件</a></div>
<div class="article">
{head}
<div class="article-info">发布时间：{published}　来源：{esc('、'.join(g.get('issuers') or []) or '本网')}　字体：[<a>大</a> <a>中</a> <a>小</a>]</div>
<div class="TRS_Editor" id="zoom">
{body}
</div>
<div class="article-share">分享到：<a>微信</a> <a>微博</a> <a>QQ空间</a></div>
<div class="article-print"><a href="javascript:window.print()">【打印】</a> <a href="javascript:window.close()">【关闭】</a></div>
</div>
<div class="footer"><p>主办：某省人民政府办公厅　承办：某省大数据中心</p>
<p>网站标识码：1300000001　冀ICP备05001234号　冀公网安备 13010002000001号</p></div>
</body></html>
"""


def pkulaw_full(stem: str, sep: str = "", joiner: str = " ") -> str:
    g = R.gold(stem)
    title = g.get("title") or ""
    issued = g.get("issue_date")
    dotted = (R._published(issued, days=0) or "").replace("-", ".")
    effective = (g.get("effective_from") or R._published(issued, days=0) or "").replace("-", ".")
    level = "部门规章" if g.get("order_number") else "地方规范性文件"
    block = [f"【发布部门】{sep}{joiner.join(g.get('issuers') or [])}", f"【发文字号】{sep}{R._number(g)}",
             f"【发布日期】{sep}{dotted}", f"【实施日期】{sep}{effective}", f"【时效性】{sep}现行有效",
             f"【效力级别】{sep}{level}", f"【法规类别】{sep}科技管理", f"【法宝引证码】{sep}CLI.13.{100000 + R._seed(stem, 899999)}"]
    lines = [title, *block, "", *_head_lines(stem), *C.body_lines(stem), "", "© 北大法宝（www.pkulaw.com）专业提供法律信息"]
    return "\n".join(lines) + "\n"


def title_cut(stem: str, at: int) -> str:
    g = R.gold(stem)
    title = g["title"]
    head = [title[:at], title[at:]] + _head_lines(stem)[1:]
    return "\n".join(head + C.body_lines(stem)) + "\n"


def numbered_title(stem: str, where: str) -> str:
    g = R.gold(stem)
    title, number = g["title"], R._number(g)
    if not (title and number):
        raise ValueError("no title or no number")
    head = {
        "after-brackets": [f"{title}（{number}）"],
        "next-brackets": [title, f"（{number}）"],
        "halfwidth": [f"{title}({number})"],
        "before": [number, title],
        "spaced": [f"{title}　　{number}"],
    }[where]
    return "\n".join(head + C.head_date(stem) + C.body_lines(stem)) + "\n"


# what a database export or a converter does to a document's punctuation: half-width commas, colons,
# semicolons and brackets (`(沪府规〔2019〕38号)`, `各区人民政府,市政府各委、办、局:`), ASCII spaces for the
# full-width indent
PUNCTUATION = {
    "halfwidth-punct": str.maketrans({"，": ",", "：": ":", "；": ";", "（": "(", "）": ")"}),
    "ascii-indent": str.maketrans({"\u3000": "  "}),
    "halfwidth-all": str.maketrans({"，": ",", "：": ":", "；": ";", "（": "(", "）": ")", "\u3000": "  ", "！": "!",
                                    "？": "?"}),
}


def punctuated(stem: str, style: str) -> str:
    """The plain text's paragraphs one a line (the signature as printed lines), punctuated as `style`."""
    return "\n".join(_head_lines(stem) + C.body_lines(stem)).translate(PUNCTUATION[style]) + "\n"


PAGE_HEADLINES = ("policy", "news")  # what a site titles a 印发 notice's page by, other than the title


def page_headline(stem: str, kind: str) -> str:
    """A site's own headline for the document: `policy`, the title of the policy a 印发 / 转发 notice hands
    out (the page is named after the policy, the document's title block under it); `news`, a news-style
    `甲省人民政府印发《X》` quoting the policy's (or the rule's own) title."""
    g = R.gold(stem)
    if not g.get("title"):  # (the gold of a text without a title says nothing of what a headline would be)
        raise ValueError("no title")
    if kind == "policy":
        if not g.get("policy_title"):
            raise ValueError("no enclosed policy")
        return g["policy_title"]
    if not g.get("issuers") or not g.get("title"):
        raise ValueError("no issuer or no title")
    quoted = (g.get("policy_title") or g["title"]).replace("《", "〈").replace("》", "〉")  # a quote within a quote
    return f"{g['issuers'][0]}印发《{quoted}》"


def headlined(stem: str, kind: str, form: str = "page") -> str:
    """The document under a `page_headline`: as a page (`form="page"`: breadcrumb, `<h1>`, info line,
    the body in `<p>`) or as its text dump (`"text"`)."""
    head = page_headline(stem, kind)
    lines = _head_lines(stem) + C.body_lines(stem)
    if form == "text":
        return "\n".join(["当前位置：首页 > 政策文件", head, "发布时间：2023-01-05　来源：某省人民政府办公厅　【字体：大 中 小】",
                          *lines]) + "\n"
    body = "\n".join(f"<p>{R._esc(line)}</p>" for line in lines)
    return (f"<html><head><meta charset='utf-8'><title>{R._esc(head)}_某省人民政府门户网站</title></head><body>"
            f"<div class='crumb'>当前位置：首页 &gt; 政策文件</div><h1>{R._esc(head)}</h1>"
            f"<div class='info'>发布时间：2023-01-05　来源：某省人民政府办公厅</div><div id='zoom'>{body}</div></body></html>")


MASTHEADS = ("masthead", "masthead-joint", "masthead-spaced", "number-signer", "rule")


def masthead_variant(stem: str, kind: str) -> str:
    """The document as a 红头 file's text gives it (a PDF's or a Word file's reading): `masthead`
    (`甲省人民政府办公厅文件` over the 文号 and the title), `masthead-joint` (joint issuers' names one a
    line, `文件` on a line of its own), `masthead-spaced` (the masthead's characters spaced out,
    `甲 省 人 民 政 府  文  件`, blank lines around the 文号), `number-signer` (`签发人：` after the 文号
    on its line), `rule` (the red rule under the 文号 read as a line of box-drawing characters)."""
    g = R.gold(stem)
    issuers, number, title = g.get("issuers") or [], R._number(g), g.get("title")
    if not (g.get("doc_number") and issuers and title) or (kind == "masthead-joint" and len(issuers) < 2):
        raise ValueError("the masthead layout does not apply")
    head = {
        "masthead": [f"{issuers[0]}文件", number, title],
        "masthead-joint": [*issuers, "文件", number, title],
        "masthead-spaced": [" ".join(issuers[0]) + "  文  件", "", number, "", title],
        "number-signer": [f"{issuers[0]}文件", f"{number}　　　　　　签发人：王某某", title],
        "rule": [f"{issuers[0]}文件", number, "━" * 24, title],
    }[kind]
    return "\n".join(head + C.head_date(stem) + C.body_lines(stem)) + "\n"


SIGNATURE_DATES = ("ascii-spaces", "space-after-year", "ideographic-spaces", "padded", "bracketed")


def signature_date(stem: str, form: str) -> str:
    """The document with the 成文日期 under its signature printed as `form`: `2023 年 6 月 29 日` (a PDF
    producer's autospace), `2023年 6月29日`, full-width spaces, `2023年06月29日`, `（2023年6月29日）`."""
    import datetime as dt

    from pipeline.normalize import parse_date

    g = R.gold(stem)
    body = C.body_lines(stem)
    dated = [k for k, line in enumerate(body) if C._DATE_RE.match(line.strip()) and parse_date(line) == g["issue_date"]]
    if not dated or not g.get("title"):
        raise ValueError("not a signed and titled document")
    d = dt.date.fromisoformat(g["issue_date"])
    printed = {"ascii-spaces": f"{d.year} 年 {d.month} 月 {d.day} 日", "space-after-year": f"{d.year}年 {d.month}月{d.day}日",
               "ideographic-spaces": f"{d.year}年\u3000{d.month}月\u3000{d.day}日",
               "padded": f"{d.year}年{d.month:02d}月{d.day:02d}日", "bracketed": f"（{d.year}年{d.month}月{d.day}日）"}[form]
    at = dated[-1]
    return "\n".join(_head_lines(stem) + body[:at] + [printed] + body[at + 1:]) + "\n"


CUT_TITLES = ("truncated", "glued-to-addressee", "run-on")


def cut_title(stem: str, kind: str, source: str = "metadata") -> str:
    """The document's own title printed cut short or run on, its whole title given by the site: an 信息公开
    block (`source="metadata"`: `名称：…`) or the page's headline over an info line (`"headline"`).
    `truncated`: the title block without its last two characters; `glued-to-addressee`: its last three
    characters (`的通知`, `》的通知`) run into the 主送机关 line, as a crawl that drops a line break prints it;
    `run-on`: the site's info line glued after it."""
    g = R.gold(stem)
    title, number = g.get("title"), R._number(g)
    body = C.head_date(stem) + C.body_lines(stem)
    addressee = next((k for k, line in enumerate(body) if line.rstrip().endswith("：")), None)
    if not title or (kind == "glued-to-addressee" and addressee is None):
        raise ValueError("the layout does not apply")
    if source == "metadata":
        head = [f"索引号：{R._seed(stem, 10**9):09d}/2023-00001　　主题分类：科技",
                f"发布机构：{'、'.join(g['issuers'])}　　发文字号：{number}", f"名称：{title}"]
    else:
        head = ["当前位置：首页 > 政策文件", title, "发布时间：2023-01-05　来源：某省人民政府办公厅　【字体：大 中 小】"]
    if kind == "truncated":
        own = [title[:-2]]
    elif kind == "glued-to-addressee":
        own = [title[:-3]]
        body = body[:addressee] + [title[-3:] + body[addressee].strip()] + body[addressee + 1:]
    else:
        own = [title + "　　发布时间：2023-01-05"]
    return "\n".join(head + own + ([number] if number else []) + body) + "\n"


VERSION_LABELS = ("year", "revised", "amended", "fullwidth-year")  # 北大法宝's version labels after its title line


def pkulaw_versioned(stem: str, label: str, own_title: bool = True) -> str:
    """`pkulaw_full` with the database's title line as 北大法宝 prints it: half-width brackets and a version
    label (`…管理办法(2019)`, `(2019修订)`, `(2019修正)`, `（2019）`); `own_title=False`: the document's own
    title line is not in the export (the database's line is the only title)."""
    g = R.gold(stem)
    title = g.get("title")
    if not title or (not own_title and "（" in title):
        raise ValueError("no title, or one whose brackets the database's line prints otherwise")
    year = (g.get("issue_date") or "2020")[:4]
    suffix = {"year": f"({year})", "revised": f"({year}修订)", "amended": f"({year}修正)", "fullwidth-year": f"（{year}）"}[label]
    lines = pkulaw_full(stem).split("\n")
    lines[0] = title.replace("（", "(").replace("）", ")") + suffix
    if not own_title:
        del lines[lines.index(title, 1)]
    return "\n".join(lines)


HEADLINE_PRINTINGS = ("br", "br-newline", "spans", "strong-p", "column-tag", "column-tag-halfwidth", "date-prefix")


def headline_only_page(stem: str, printing: str) -> str:
    """A page whose headline is the only title (the body starts under the title block), the headline
    printed as `printing`: broken by `<br>` in its middle, in `<span>` pieces, as two `<p><strong>` lines,
    after a column tag (`【政策文件】`, `[转载]`) or after the page's date (`2023-01-05 …`)."""
    g = R.gold(stem)
    title = g.get("title")
    if not title:
        raise ValueError("no title")
    cut, esc = len(title) // 2, R._esc
    head = {"br": f"{esc(title[:cut])}<br/>{esc(title[cut:])}", "br-newline": f"{esc(title[:cut])}<br>\n{esc(title[cut:])}",
            "spans": "".join(f"<span>{esc(title[k:k + 5])}</span>" for k in range(0, len(title), 5)),
            "strong-p": f"<p><strong>{esc(title[:cut])}</strong></p><p><strong>{esc(title[cut:])}</strong></p>",
            "column-tag": f"【政策文件】{esc(title)}", "column-tag-halfwidth": f"[转载]{esc(title)}",
            "date-prefix": f"2023-01-05 {esc(title)}"}[printing]
    body = "\n".join(f"<p>{esc(line)}</p>" for line in _head_lines(stem)[1:] + C.body_lines(stem))
    return (f"<html><head><meta charset='utf-8'><title>{esc(title)}_某省人民政府门户网站</title></head><body>"
            f"<div class='crumb'>当前位置：首页 &gt; 政策文件</div><div class='title'>{head}</div>"
            f"<div class='info'>发布时间：2023-01-05　来源：某省人民政府办公厅</div><div id='zoom'>{body}</div></body></html>")
