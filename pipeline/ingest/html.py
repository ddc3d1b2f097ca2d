"""HTML (a government site's article page) → layout lines of the article only.

The article is found by the containers government CMSs use (`#zoom`, `.TRS_Editor`,
`#content`, `article` …) and, failing those, by text density: the element holding
the most text that is not link text.  Navigation, header, footer, scripts and forms
are dropped first.  Headings (`h1`–`h6`) are marked; block elements and `<br>` end
lines; table rows become tab-separated lines with spans filled by empty cells.
"""
from __future__ import annotations

import re

from bs4 import BeautifulSoup, NavigableString, Tag

from .layout import Line

__all__ = ["find_article", "html_lines"]

_DROP = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "select",
         "button", "input", "template", "svg")
_KNOWN = re.compile(r"^(?:zoom|trs_editor|article|content|main[-_]?content|article[-_]?content|"
                    r"con|text|detail|ccontent|pages_content|xxgk_content|art_con|view)$", re.IGNORECASE)
_BLOCKS = {"p", "div", "section", "article", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
           "center", "pre", "dd", "dt", "ul", "ol", "main"}
# a known container must hold at least this many characters to be the article
MIN_ARTICLE_CHARS = 200


def html_lines(text: str, name: str) -> list[Line]:
    """Lines of the article in an HTML page."""
    soup = BeautifulSoup(text, "lxml")
    for tag in soup.find_all(_DROP):
        tag.decompose()
    from .html_page import article_and_head, is_furniture_line  # whole pages: furniture, headline, label tables

    root, lines = article_and_head(soup)
    _walk(root, lines, [""])
    return [ln for ln in lines if ln.text.strip() and not is_furniture_line(ln.text)]


def find_article(soup: BeautifulSoup) -> Tag:
    """The element holding the article: a known container, else the densest block."""
    known = [t for t in soup.find_all(True) if _is_known(t) and _own_text_len(t) >= MIN_ARTICLE_CHARS]
    if known:
        # containers nest (`.article` > `#zoom`): the innermost that still holds most of the text
        most = max(map(_own_text_len, known))
        return min((t for t in known if _own_text_len(t) >= 0.8 * most), key=lambda t: len(t.get_text()))
    body = soup.body or soup
    best, best_score = body, 0.0
    for tag in body.find_all(("div", "article", "section", "td", "main")):
        total = len(_clean(tag.get_text()))
        if total < MIN_ARTICLE_CHARS:
            continue
        score = _own_text_len(tag) * (_own_text_len(tag) / total)  # much text, little of it links
        if score > best_score:
            best, best_score = tag, score
    return best


def _is_known(tag: Tag) -> bool:
    names = [str(tag.get("id") or "")] + [str(c) for c in (tag.get("class") or [])]
    return any(_KNOWN.match(n) for n in names if n)


def _clean(s: str) -> str:
    return re.sub(r"\s", "", s)


def _own_text_len(tag: Tag) -> int:
    """Characters of text not inside links."""
    links = sum(len(_clean(a.get_text())) for a in tag.find_all("a"))
    return len(_clean(tag.get_text())) - links


def _walk(node: Tag, lines: list[Line], buf: list[str]) -> None:
    for child in node.children:
        if isinstance(child, NavigableString):
            buf[0] += re.sub(r"[\r\n\t]+", "", str(child)).replace("\xa0", " ")
        elif isinstance(child, Tag):
            if child.name == "br":
                _flush(lines, buf, last=False)
            elif child.name == "table" and is_layout_table(child):
                _flush(lines, buf)  # a table that lays the page out: its cells are blocks
                for cell in _own_cells(child):
                    _walk(cell, lines, buf)
                    _flush(lines, buf)
            elif child.name == "table":
                _flush(lines, buf)
                lines.extend(Line("\t".join(row), table=True) for row in table_rows(child))
            elif child.name in _BLOCKS:
                _flush(lines, buf)
                _walk(child, lines, buf)
                _flush(lines, buf, heading=child.name in ("h1", "h2", "h3", "h4", "h5", "h6"))
            else:
                _walk(child, lines, buf)


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
