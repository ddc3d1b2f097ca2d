"""More ways a 公文 is published, rendered from the corpus's TUNING documents (text + gold header).

`renderings.py` prints a tuning document as a gov.cn fragment, a TRS page and a 北大法宝 export
with its citation code.  Here, the layouts it does not show, written from general knowledge of
these databases and sites (never from a check document):

- `legal_database(stem, style, where)`: a legal database's export with a labelled field block —
  `pkulaw` (北大法宝: the title line, `【发布部门】【发文字号】【发布日期】【实施日期】【时效性】【效力级别】
  【法规类别】`, optionally a `【标题】` line, `正文：`), `pkulaw-title` (the block begins with `【标题】`),
  `wolters` (威科先行: `发布机关：`, `文号：`, `发布日期：`, `生效日期：`, `时效性：`, `效力级别：`), `faxin`
  (法信: `【标题】`, `【发文机关】`, `【文号】`, `【发文日期】`).  `where`: the block before the text
  (`before`) or after it (`after`);
- `govcn_doubled(stem, lines)`: a gov.cn page whose label table is followed by the site's headline
  and then the document's own title again, split over `lines` centred `<p>`;
- `crawled_text(stem)`: the text of a whole crawled page as a copy-paste or a text dump gives it:
  the site's navigation, a breadcrumb `首页 > 政策文件 > 正文`, the headline, an info line
  (`来源：… 发布时间：… 浏览次数：…`), the document, `打印本页 关闭窗口`, and related links;
- `crawled_page(stem)`: the same as a whole HTML page (breadcrumb, info line with 浏览次数,
  related-links list after the article);
- `head_variant(stem, variant)`: the plain text with its head printed otherwise: the title over two
  or three lines (`title-2`, `title-3`), the 文号 line with `签发人：` glued to it (`signer`), a
  令 with its number over the rule's name (`order`), the 成文日期 in brackets under the title
  (`dated`: `（二〇二二年六月二十八日）`) or glued to it (`dated-glued`); `title=` prints another title in its place.

Every rendering takes its header values from the gold file, so a test's expectation is the gold,
never the pipeline's reading of the plain text.
"""
from __future__ import annotations

import itertools
import re

import renderings as R


def _dotted(iso: str | None) -> str:
    return iso.replace("-", ".") if iso else ""


def _body_lines(stem: str, *, drop_title: bool) -> list[str]:
    out = []
    for role, text in R.paragraphs(stem):
        if drop_title and role == "标题":
            continue
        if role == "发文机关署名和成文日期":
            out.extend(R._signature_lines(text))
        else:
            out.append("\u3000\u3000" + text if role in ("正文", "政策正文") else text)
    return out


def _field_block(g: dict, style: str) -> list[str]:
    issuers = g.get("issuers") or []
    number = R._number(g)
    issued = g.get("issue_date")
    published = R._published(issued, days=3)
    effective = g.get("effective_from") or published
    level = "部门规章" if g.get("order_number") else "地方规范性文件"
    title = g.get("title") or ""
    if style in ("pkulaw", "pkulaw-title"):
        block = [f"【发布部门】 {' '.join(issuers)}", f"【发文字号】 {number}", f"【发布日期】 {_dotted(published)}",
                 f"【实施日期】 {_dotted(effective)}", "【时效性】 现行有效", f"【效力级别】 {level}",
                 "【法规类别】 科技管理"]
        return ([f"【标题】 {title}"] if style == "pkulaw-title" else []) + block
    if style == "wolters":
        return [f"发布机关：{'、'.join(issuers)}", f"文号：{number}", f"发布日期：{published or ''}",
                f"生效日期：{effective or ''}", "时效性：现行有效", f"效力级别：{level}", "类别：科技综合规定"]
    if style == "faxin":
        return [f"【标题】{title}", f"【发文机关】{'；'.join(issuers)}", f"【文号】{number}",
                f"【发文日期】{R._cn_date(published, padded=False)}", "【时效性】现行有效", f"【效力级别】{level}"]
    raise ValueError(style)


def legal_database(stem: str, style: str = "pkulaw", where: str = "before") -> str:
    g = R.gold(stem)
    title = g.get("title") or ""
    block = _field_block(g, style)
    body = _body_lines(stem, drop_title=True)
    if style == "faxin":  # the title is the block's `【标题】`
        head: list[str] = []
    else:
        head = [title]
    if where == "before":
        lines = head + block + ["正文："] + body
    else:
        lines = head + body + [""] + block
    return "\n".join(lines) + "\n"


def govcn_doubled(stem: str, lines: int = 2) -> str:
    g = R.gold(stem)
    title = g.get("title") or ""
    fragment = R.govcn_fragment(stem, "divs")
    pieces = _title_lines(title, lines)
    own = "\n".join(f'<p style="text-align: center;"><strong>{R._esc(p)}</strong></p>' for p in pieces)
    body = R._body_html(R.paragraphs(stem), drop_title=True, nested=False)
    headline = f'<div class="article-title"><h1>{R._esc(title)}</h1></div>'
    start = fragment.index('<div class="pages_content"')
    return fragment[:start] + headline + '\n<div class="pages_content" id="UCAP-CONTENT">\n' + own + "\n" + body \
        + "\n</div>\n</div>"


def _title_lines(title: str, n: int) -> list[str]:
    """A title over `n` lines as a centred title block prints it, each line a whole phrase
    (GB/T 9704: 回行时词意完整): cut before `关于`, after `关于印发`/`关于修改`…, around a 《…》 and before
    `的通知`; of those, the cuts that make the lines the most even."""
    if n <= 1:
        return [title]
    cuts = {m.start() for m in re.finditer(r"关于|《|的(?=[\u4e00-\u9fff]{1,4}$)", title)}
    cuts |= {m.end() for m in re.finditer(r"关于(?:印发|转发|修改|修订|废止|公布|发布)|》", title)}
    cuts |= {m.end() for m in re.finditer(r"(?:厅|局|委员会|部|办公室|政府)(?=[\u4e00-\u9fff]{2,}?(?:厅|局|委员会|部|办公室|政府)*关于)",
                                          title[:max(title.find("关于"), 0)])}
    cuts = sorted(c for c in cuts if 0 < c < len(title))
    best: list[int] | None = None
    for combo in itertools.combinations(cuts, n - 1):
        bounds = [0, *combo, len(title)]
        longest = max(b - a for a, b in itertools.pairwise(bounds))
        if best is None or longest < max(b - a for a, b in itertools.pairwise([0, *best, len(title)])):
            best = list(combo)
    if best is None:
        return [title]
    bounds = [0, *best, len(title)]
    return [title[a:b] for a, b in itertools.pairwise(bounds)]


_NAV = ["首页", "机构概况", "政务公开", "政策文件", "政策解读", "互动交流", "办事服务"]


def _related(stem: str) -> list[str]:
    n = R._seed(stem, 90) + 10
    return [f"关于做好第{n + k}批专项资金申报工作的通知" for k in range(3)]


def crawled_text(stem: str) -> str:
    g = R.gold(stem)
    title = g.get("title") or ""
    published = R._published(g.get("issue_date"), days=2) or "2020-01-01"
    views = R._seed(stem, 9000) + 100
    lines = ["　".join(_NAV), "当前位置：首页 > 政策文件 > 正文", title,
             f"来源：某省人民政府办公厅　　发布时间：{published} 09:30　　浏览次数：{views}　　【字体：大 中 小】"]
    lines += _body_lines(stem, drop_title=True)
    related = _related(stem)
    lines += ["【打印本页】　【关闭窗口】", "相关链接：", *related, f"上一篇：{related[0]}", f"下一篇：{related[1]}",
              "主办单位：某省人民政府办公厅　　网站标识码：1300000000　　冀ICP备05000000号"]
    return "\n".join(lines) + "\n"


def crawled_page(stem: str) -> str:
    g = R.gold(stem)
    title = g.get("title") or ""
    published = R._published(g.get("issue_date"), days=2) or "2020-01-01"
    views = R._seed(stem, 9000) + 100
    body = R._body_html(R.paragraphs(stem), drop_title=True, nested=False)
    related = "".join(f'<li><a href="/zcwj/{k}.html">{R._esc(t)}</a></li>' for k, t in enumerate(_related(stem)))
    nav = "".join(f'<a href="/{k}/">{n}</a>' for k, n in enumerate(_NAV))
    return f"""<html><head><meta charset="utf-8"><title>{R._esc(title)}-某省人民政府网</title></head><body>
<div class="nav">{nav}</div>
<div class="bread">首页&gt;政策文件&gt;正文</div>
<div class="con">
<div class="bt">{R._esc(title)}</div>
<div class="xx">来源：某省人民政府办公厅　发布时间：{published}　浏览次数：{views}</div>
<div class="zw">
{body}
</div>
<div class="dy"><a href="javascript:window.print()">打印本页</a>　<a href="javascript:window.close()">关闭窗口</a></div>
<div class="xglj"><h3>相关链接</h3><ul>{related}</ul></div>
</div>
<div class="foot">主办单位：某省人民政府办公厅　冀ICP备05000000号</div>
</body></html>
"""


def head_variant(stem: str, variant: str, title: str | None = None) -> str:
    """The plain text's paragraphs, one a line, with the head printed otherwise; `title` replaces the
    document's title (printed as `variant` says: `title-N` over N lines)."""
    g = R.gold(stem)
    lines = []
    titled = False
    paras = R.paragraphs(stem)
    last_title = max((k for k, (role, _) in enumerate(paras) if role == "标题"), default=-1)
    for k, (role, text) in enumerate(paras):
        if role == "标题":
            if title is not None:
                if not titled:
                    lines.extend(_title_lines(title, int(variant[-1])) if variant.startswith("title-") else [title])
                titled = True
                continue
            if variant.startswith("title-"):
                lines.extend(_title_lines(text, int(variant[-1])))
                continue
            if variant.startswith("dated") and g.get("issue_date") and k == last_title:
                dated = f"（{R.print_date(g['issue_date'], 'cn-numerals')}）"
                lines.extend([text + dated] if variant == "dated-glued" else [text, dated])
                continue
        elif role == "文号" and variant == "signer" and g.get("doc_number"):
            lines.append(f"{text}　　　　签发人：王某某")
            continue
        elif role == "文号" and variant == "signer-glued" and g.get("doc_number"):
            lines.append(f"{text}签发人：王某某")
            continue
        elif role == "文号" and variant == "order" and (m := re.fullmatch(r"(?P<org>.+?令)(?P<n>第.+?号)", text)):
            lines.extend([m.group("org"), m.group("n")])
            continue
        if role == "发文机关署名和成文日期":
            lines.extend(R._signature_lines(text))
        else:
            lines.append(text)
    return "\n".join(lines) + "\n"
