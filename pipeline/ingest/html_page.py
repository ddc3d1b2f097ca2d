"""Whole crawled pages: what stands around the article.

A government site's page holds more than the document: the site's header, menus and search box,
a breadcrumb, columns of other links, the page's headline and info line (`发布时间：… 来源：…
字体：小 中 大`), share and print widgets, QR codes, a footer with the ICP number.  Here:

- furniture is dropped by the names sites give it (`share`, `position`, `footer` …) and by the
  words it always shows (`字体：大 中 小`, `ICP备`, `当前位置`), never the article or its headline;
- the headline is found by the page's own title hint (`<meta name="ArticleTitle">`, else the
  longest part of `<title>`, which also names the site) and given as the first line of the
  article when its container does not hold it; the `<title>` itself never becomes the title;
- a page whose article container is missing or nearly empty (only links to files) is read around
  its headline, not from the densest block elsewhere (a column of links, a footer);
- a table of labelled cells before the article (gov.cn's 索引号 / 发文机关 / 成文日期 … table) is
  given as table rows before the article, for structure to read as the site's metadata.
"""
from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag

from ..lexicon import words
from ..normalize import title_key
from .html import (
    MIN_ARTICLE_CHARS,
    _clean,
    _is_known,
    _own_text_len,
    find_article,
    is_layout_table,
    measure,
    table_rows,
    text_len,
)
from .layout import Line

__all__ = ["article_and_head", "is_furniture_line"]


def article_and_head(soup: BeautifulSoup) -> tuple[Tag, list[Line]]:
    """The article's container (cut to start at its headline) and the lines to put before it."""
    hint = _title_hint(soup)
    measure(soup)
    _drop_furniture(soup, hint)
    measure(soup)  # what is left, for the passes that compare elements by their text
    root = _article_of_headline(soup, find_article(soup), hint)
    lines = _page_head(soup, root, hint)
    _start_at_headline(root, hint)
    return root, lines


# page furniture by its class or id: site header, menus, breadcrumbs, share and print widgets, QR codes, footer
_FURNITURE_NAME = re.compile(
    r"(?:^|[-_])(?:top|header|nav|navbar|menu|search|logo|position|location|crumbs?|breadcrumbs?|share|"
    r"bdshare|ewm|qr|qrcode|erweima|print|close|foot|footer|copyright|friendlink|sidebar|banner|toolbar|"
    r"font|fontsize|zoomtool|bottom)(?:$|[-_])", re.IGNORECASE)
_FURNITURE_LINE = re.compile(
    r"^[\s\u3000【\[]*(?:字[体号][：:]?[\s\u3000【\[]*[大中小]|分享到|扫一扫|打印本页|关闭窗口|【\s*(?:打印|关闭)\s*】|"
    r"当前位置|您(?:现在)?的?(?:当前)?位置|首页\s*[>＞»])|ICP备|网站标识码|版权所有|Copyright|©")
# a site's name as a `<title>` prints it beside the headline: `…门户网站`, `…人民政府网`, `中国政府网`, `…平台`
_SITE_NAME_RE = re.compile(r"(?:网站|门户|网|平台|首页|官网)$|^www\.|\.(?:gov|com|cn|org)(?:\.cn)?$")
_KINDS = words("doc_type")
_ORGANS = words("org_line")
# the page's headline: a heading, or a block whose class or id names it the title
_HEADLINE_NAME = re.compile(r"(?:^|[-_])(?:title|titles|tit|bt|headline)$|[a-z]Title$", re.IGNORECASE)


def _names(tag: Tag) -> list[str]:
    return [str(tag.get("id") or "")] + [str(c) for c in (tag.get("class") or [])]


def _drop_furniture(soup: BeautifulSoup, meta_title: str) -> None:
    """Drop the site's furniture (small blocks or blocks mostly of links), never the article or its headline."""
    for tag in soup.find_all(True):
        # `decomposed` is read from the instance: a missing attribute of a Tag is a search of its subtree
        if tag.__dict__.get("_decomposed") or tag.name in ("html", "body") \
                or not any(_FURNITURE_NAME.search(n) for n in _names(tag) if n):
            continue
        total = text_len(tag)  # noted before any furniture was dropped: what follows a tag is not in it
        if total >= 300 and _own_text_len(tag) >= 0.3 * total:
            continue
        if tag.find("h1") or (meta_title and len(meta_title) <= total and meta_title in _clean(tag.get_text())):
            continue
        tag.decompose()


def is_furniture_line(text: str) -> bool:
    return len(text) <= 120 and bool(_FURNITURE_LINE.search(text))


def _title_hint(soup: BeautifulSoup) -> str:
    """What the page says its article's title is, to find the headline by — never the title itself:
    `<meta name="ArticleTitle">`, else the longest part of `<title>` (`标题_网站名`)."""
    meta = soup.find("meta", attrs={"name": re.compile(r"^articletitle$", re.IGNORECASE)})
    if meta and _clean(str(meta.get("content") or "")):
        return _clean(str(meta.get("content")))
    title = soup.find("title")
    parts = [_clean(x) for x in (re.split(r"[_|｜]|\s[-—－]+\s|——", title.get_text()) if title else [])]
    if len(parts) > 1:  # `标题_网站名`: the site's name (or its organisation's) is no title, whatever its length
        site = soup.find("meta", attrs={"name": re.compile(r"^sitename$", re.IGNORECASE)})
        named = _clean(str(site.get("content") or "")) if site else ""
        parts = [x for x in parts if x != named and not _SITE_NAME_RE.search(x) and not x.endswith(_ORGANS)]
    # a part ending in a kind of 公文 is the article's title; else the longest
    best = max(parts, key=lambda x: (x.endswith(_KINDS), len(x)), default="")
    return best if len(best) >= 6 else ""


def _article_of_headline(soup: BeautifulSoup, root: Tag, hint: str) -> Tag:
    """A page whose article container is missing or nearly empty (only links to files): the article
    is the block around its headline, not the densest block elsewhere (a column or a footer)."""
    if not hint or (_is_known(root) and _own_text_len(root) >= MIN_ARTICLE_CHARS):
        return root
    heads = [t for t in soup.find_all(True) if _is_headline(t, hint) and _same_title(_clean(t.get_text()), hint)]
    if not heads or root is heads[0] or root in heads[0].parents:
        return root
    head = heads[0]
    order = {id(t): n for n, t in enumerate(soup.find_all(True))}
    body = soup.body or soup
    if root is not body and order.get(id(root), 0) > order.get(id(head), 0):
        return root  # the body follows its headline
    node, size = head, text_len(head)
    while node.parent is not None and node.parent is not body and node.parent.name not in ("html", "[document]"):
        node = node.parent
        if text_len(node) > size + 10 or node.find("a", href=re.compile(r"\.[A-Za-z0-9]{2,4}$")):
            break
    return node


def _start_at_headline(root: Tag, meta_title: str) -> None:
    """A page's article starts at its headline (the block whose text is the page's ArticleTitle):
    what the container holds before it (menus, column titles, breadcrumbs) is not the document."""
    if not meta_title or _is_known(root):
        return  # a CMS's article container holds the article: its 版头 may stand before the title
    heads = [t for t in root.find_all(True) if _is_headline(t, meta_title) and _same_title(_clean(t.get_text()), meta_title)]
    named = [t for t in heads if _is_headline(t)]  # a line of the text with the title's words is no headline
    if not named:
        return
    node: Tag | None = named[0].parent  # what stands beside the headline in its own block is kept
    while node is not None and node is not root:
        for sibling in list(node.previous_siblings):
            sibling.extract()
        node = node.parent


def _same_title(text: str, meta_title: str) -> bool:
    """One title, the other, or one within the other, whatever the brackets and dashes."""
    a, b = title_key(text), title_key(meta_title)
    return len(a) >= 4 and len(b) >= 4 and (a in b or b in a)


def _page_head(soup: BeautifulSoup, root: Tag, meta_title: str) -> list[Line]:
    """What stands before the article outside its container: label/value tables (a site's
    索引号 / 发文机关 / 成文日期 … block, as table rows) and the headline — the document's title
    block, never the `<title>` (which holds the site's name)."""
    order = {id(t): n for n, t in enumerate(soup.find_all(True))}
    at = order.get(id(root), 0)
    around = {id(t) for t in root.parents}
    before = [t for t in soup.find_all(True) if order[id(t)] < at and id(t) not in around]
    lines: list[Line] = []
    for table in (t for t in before if t.name == "table" and not is_layout_table(t)):
        rows = table_rows(table)
        if sum(bool(r) and bool(re.fullmatch(r"\S{2,10}[：:]", r[0])) for r in rows) >= 2:
            lines.extend(Line("\t".join(row), table=True) for row in rows)
    if any(_holds_headline(t, meta_title) and _leads(root, t) for t in root.find_all(True)):
        return lines
    heads = [h for h in (_clean(t.get_text()) for t in before if _is_headline(t, meta_title)) if 4 <= len(h) <= 200]
    matching = [h for h in heads if meta_title and _same_title(h, meta_title)]
    if matching or heads:
        lines.append(Line((matching or heads)[-1], heading=True))
    elif meta_title:
        lines.append(Line(f"ArticleTitle：\t{meta_title}", table=True))
    return lines


def _leads(root: Tag, node: Tag) -> bool:
    """Nothing of the document's text stands before `node` in `root` (a title inside the text,
    such as an enclosed policy's, does not head the article)."""
    before = "".join(_clean(str(x.get_text() if isinstance(x, Tag) else x))
                     for a in [node, *node.parents] if a is node or root in a.parents
                     for x in a.previous_siblings)
    return "。" not in before and len(before) <= 300


def _holds_headline(tag: Tag, hint: str) -> bool:
    """Is `tag` the page's headline? With a title hint, a headline with that title; without one,
    an `<h1>` or a block named the title (a body's own `<h2>` section headings are not one)."""
    if hint:
        return _is_headline(tag, hint) and _same_title(_clean(tag.get_text()), hint)
    return _is_headline(tag) and tag.name != "h2"


def _is_headline(tag: Tag, hint: str = "") -> bool:
    """A heading or a block named the title; with the page's title hint, also the smallest block
    whose text is that title, whatever its tag and class."""
    if tag.name in ("h1", "h2") or any(_HEADLINE_NAME.search(n) for n in _names(tag) if n):
        return True
    if not hint or tag.name in ("html", "body", "head", "title", "meta", "a") or text_len(tag) != len(hint) \
            or _clean(tag.get_text()) != hint:
        return False
    # a child with all of the text holds the same text (its text is part of this one's): the smaller block
    return not any(isinstance(c, Tag) and text_len(c) == len(hint) for c in tag.children)
