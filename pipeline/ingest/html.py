"""HTML (a government site's article page) → layout lines of the article only.

The article is found by the containers government CMSs use (`#zoom`, `.TRS_Editor`,
`#content`, `article` …) and, failing those, by text density: the element holding
the most text that is not link text.  Navigation, header, footer, scripts and forms
are dropped first.  Headings (`h1`–`h6`) are marked; block elements and `<br>` end
lines; table rows become tab-separated lines with spans filled by empty cells.

A page nested deeper than `MAX_HTML_DEPTH` elements is refused right after parsing (measured
without recursion): every later pass costs up to the page's size times its depth, and browsers
themselves stop nesting there (Blink's parser puts elements past depth 512 beside, not inside, the
last one).  The lines are then collected without recursion, so no depth under the bound can
exhaust Python's stack.
"""
from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Iterator
from functools import partial

from bs4 import BeautifulSoup, CData, NavigableString, Tag, XMLParsedAsHTMLWarning

from ..errors import ResourceLimit
from .layout import TERMINAL_RE, Line

__all__ = ["find_article", "html_lines"]

_DROP = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "select",
         "button", "input", "template", "svg")
_KNOWN = re.compile(r"^(?:zoom|trs_editor|article|content|main[-_]?content|article[-_]?content|"
                    r"con|text|detail|ccontent|pages_content|xxgk_content|art_con|view)$", re.IGNORECASE)
_BLOCKS = {"p", "div", "section", "article", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
           "center", "pre", "dd", "dt", "ul", "ol", "main"}
# a known container must hold at least this many characters to be the article
MIN_ARTICLE_CHARS = 200
# Blink's HTML parser nests at most 512 elements deep (kMaximumHTMLParserDOMTreeDepth); a site's
# template with a CMS's article inside stays within a few dozen
MAX_HTML_DEPTH = 512


def html_lines(text: str, name: str) -> list[Line]:
    """Lines of the article in an HTML page."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)  # an XHTML page is read as the HTML it is
        soup = BeautifulSoup(text, "lxml")
    check_depth(soup, name)
    for tag in soup.find_all(_DROP):
        tag.decompose()
    from .html_page import article_and_head, is_furniture_line  # whole pages: furniture, headline, label tables

    root, lines = article_and_head(soup)
    _walk(root, lines, [""])
    kept = [ln for ln in lines if ln.text.strip() and not is_furniture_line(ln.text)]
    if blocks_are_printed_lines(kept):
        # each block a printed line (a PDF pasted into the site's editor): a line as long as the page's
        # full lines ran to the margin and wraps; a shorter one ends its paragraph
        full = _full_line_chars(kept)
        for ln in kept:
            if ln.full_width is False:
                ln.full_width = len(_clean(ln.text)) >= full
    return kept


def _full_line_chars(lines: list[Line]) -> int:
    """The length of a full printed line: the commonest length of the long block lines, less a
    little for the narrower characters a line of digits or Latin letters holds more of."""
    sizes = [len(_clean(ln.text)) for ln in lines if ln.full_width is False and not ln.table]
    long = [n for n in sizes if n >= _PRINTED_LINE_CHARS]
    common = max(set(long), key=lambda n: (long.count(n), n))
    return int(common * 0.9)


# a page whose blocks are a PDF's or a print-out's lines (`<p>` per line) stops most long blocks in the
# middle of a sentence; a page of paragraphs ends nearly all of them with a stop (headings are short)
_PRINTED_LINE_CHARS = 15
_PRINTED_LINE_SHARE = 0.5
_PRINTED_LINE_MIN = 5


def blocks_are_printed_lines(lines: list[Line]) -> bool:
    """Do the page's block lines stop mid-sentence, as printed lines do, rather than end paragraphs?"""
    long = [ln.text.rstrip() for ln in lines if ln.full_width is False and not ln.table and not ln.heading
            and len(_clean(ln.text)) >= _PRINTED_LINE_CHARS]
    open_ended = sum(1 for t in long if not TERMINAL_RE.search(t))
    return open_ended >= _PRINTED_LINE_MIN and open_ended >= _PRINTED_LINE_SHARE * len(long)


def check_depth(soup: BeautifulSoup, name: str) -> None:
    """Refuse a page whose elements nest deeper than `MAX_HTML_DEPTH` (walked with a stack, not recursion)."""
    stack: list[tuple[Tag, int]] = [(soup, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_HTML_DEPTH:
            raise ResourceLimit(f"HTML elements nest more than {MAX_HTML_DEPTH} deep, over the bound "
                                "(browsers stop nesting there too)", locator=name,
                                hint="a malformed or hostile page; save the article itself")
        stack.extend((child, depth + 1) for child in node.contents if isinstance(child, Tag))


def find_article(soup: BeautifulSoup) -> Tag:
    """The element holding the article: a known container, else the densest block."""
    known = [t for t in soup.find_all(True) if _is_known(t) and _own_text_len(t) >= MIN_ARTICLE_CHARS]
    if known:
        # containers nest (`.article` > `#zoom`): the innermost that still holds most of the text
        most = max(map(_own_text_len, known))
        return min((t for t in known if _own_text_len(t) >= 0.8 * most), key=lambda t: _sizes(t)[0])
    body = soup.body or soup
    best, best_score = body, 0.0
    for tag in body.find_all(("div", "article", "section", "td", "main")):
        total = text_len(tag)
        if total < MIN_ARTICLE_CHARS:
            continue
        score = _own_text_len(tag) * (_own_text_len(tag) / total)  # much text, little of it links
        if score > best_score:
            best, best_score = tag, score
    return best


def measure(root: Tag) -> None:
    """Note on every element under `root` its text's length, raw and without spaces, and the
    part of it inside links: one pass, children before parents, so the passes that compare
    elements by their text cost the page's size, not its size times its depth.  Measured
    again after the tree changes."""
    order: list[Tag] = []
    stack = [root]
    while stack:
        node = stack.pop()
        order.append(node)  # a parent before all its descendants
        stack.extend(c for c in node.contents if isinstance(c, Tag))
    for node in reversed(order):
        raw = clean = links = 0
        for child in node.contents:
            if isinstance(child, Tag):
                r, c, k = child.__dict__[_SIZES]
                raw, clean, links = raw + r, clean + c, links + (c if child.name == "a" else k)
            elif isinstance(child, NavigableString) and type(child) in _TEXT_TYPES:
                # what get_text() reads: not comments or declarations
                raw, clean = raw + len(child), clean + len(_clean(child))
        node.__dict__[_SIZES] = (raw, clean, links)


_SIZES = "_policykg_sizes"
_TEXT_TYPES = (NavigableString, CData)


def _sizes(tag: Tag) -> tuple[int, int, int]:
    """(raw length, length without spaces, length inside the links it holds) of `tag`'s text: noted by
    `measure`, else counted now.  Read from the instance: a missing attribute of a bs4 Tag
    is a search of its subtree."""
    noted = tag.__dict__.get(_SIZES)
    if noted is None:
        text = tag.get_text()
        links = sum(len(_clean(a.get_text())) for a in tag.find_all("a"))
        return len(text), len(_clean(text)), links
    return noted


def text_len(tag: Tag) -> int:
    """Characters of the element's text, spaces not counted."""
    return _sizes(tag)[1]


def _is_known(tag: Tag) -> bool:
    names = [str(tag.get("id") or "")] + [str(c) for c in (tag.get("class") or [])]
    return any(_KNOWN.match(n) for n in names if n)


def _clean(s: str) -> str:
    return re.sub(r"\s", "", s)


def _own_text_len(tag: Tag) -> int:
    """Characters of text not inside links."""
    _, clean, links = _sizes(tag)
    return clean - links


def _walk(root: Tag, lines: list[Line], buf: list[str]) -> None:
    """Collect `root`'s lines in document order, with a stack of open elements (no recursion):
    each entry is what is left of an element's children and what to do once they are read."""
    stack: list[tuple[Iterator[object], Callable[[], None] | None]] = [(iter(root.children), None)]
    while stack:
        children, on_end = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if on_end is not None:
                on_end()
        elif isinstance(child, NavigableString):
            buf[0] += re.sub(r"[\r\n\t]+", "", str(child)).replace("\xa0", " ")
        elif isinstance(child, Tag):
            stack.extend(reversed(_enter(child, lines, buf)))


def _enter(tag: Tag, lines: list[Line], buf: list[str]) -> list[tuple[Iterator[object], Callable[[], None] | None]]:
    """What reading `tag` opens: (children, what to do after them) entries, the first read first."""
    if tag.name == "br":
        _flush(lines, buf, last=False)
        return []
    if tag.name == "table" and is_layout_table(tag):
        _flush(lines, buf)  # a table that lays the page out: its cells are blocks
        return [(iter(cell.children), partial(_flush, lines, buf)) for cell in _own_cells(tag)]
    if tag.name == "table":
        _flush(lines, buf)
        lines.extend(Line("\t".join(row), table=True) for row in table_rows(tag))
        return []
    if tag.name in _BLOCKS:
        _flush(lines, buf)
        return [(iter(tag.children), partial(_flush, lines, buf, heading=tag.name in ("h1", "h2", "h3", "h4", "h5", "h6")))]
    return [(iter(tag.children), None)]


def _flush(lines: list[Line], buf: list[str], *, last: bool = True, heading: bool = False) -> None:
    text = buf[0].strip(" \u3000")
    buf[0] = ""
    if text:
        # a block ends its paragraph; a <br> inside one may be a wrap, left to the joiner
        lines.append(Line(text, heading=heading, full_width=False if last else None))


def _own_rows(table: Tag) -> list[Tag]:
    """The rows of this table, not those of tables nested in its cells."""
    return [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]


def _own_cells(table: Tag) -> list[Tag]:
    return [cell for tr in _own_rows(table) for cell in tr.find_all(("td", "th"), recursive=False)]


def is_layout_table(table: Tag) -> bool:
    """A table that lays out a page rather than holding data: one with tables nested in it, or
    one cell per row holding paragraphs (old CMS pages put the whole article in such a cell)."""
    if table.find("table"):
        return True
    rows = _own_rows(table)
    cells = [tr.find_all(("td", "th"), recursive=False) for tr in rows]
    return bool(rows) and all(len(c) <= 1 for c in cells) \
        and any(cell.find(("p", "div", "h1", "h2", "h3")) for row in cells for cell in row)


def table_rows(table: Tag) -> list[list[str]]:
    """Rows as cell texts on a grid: colspan and rowspan positions hold empty strings."""
    rows: list[list[str]] = []
    pending: dict[int, int] = {}  # column -> rows still covered by a rowspan from above
    for tr in _own_rows(table):
        row: list[str] = []
        col = 0
        for cell in tr.find_all(("td", "th"), recursive=False):
            while pending.get(col, 0) > 0:
                pending[col] -= 1
                row.append("")
                col += 1
            span = _span(cell, "colspan")
            down = _span(cell, "rowspan")
            row.extend([_clean_cell(cell.get_text(" "))] + [""] * (span - 1))
            for c in range(col, col + span):
                if down > 1:
                    pending[c] = down - 1
            col += span
        while pending.get(col, 0) > 0:
            pending[col] -= 1
            row.append("")
            col += 1
        rows.append(row)
    return rows


def _span(cell: Tag, attr: str) -> int:
    value = str(cell.get(attr) or "1").strip()
    return int(value) if value.isdigit() and int(value) > 0 else 1


def _clean_cell(s: str) -> str:
    s = re.sub(r"\s+", " ", s.replace("\xa0", " ")).strip()
    return re.sub(r"(?<=[^\x00-\x7f]) (?=[^\x00-\x7f])", "", s)  # no spaces between Chinese characters
