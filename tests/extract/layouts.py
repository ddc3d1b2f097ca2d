"""A TUNING document printed as the layouts and number typographies amounts, percentages and awards
must survive: HTML whose markup splits sentences (`<br>` or `<p>` at every printed line, `<span>` runs
cutting numbers), a table whose rows hold a clause (its number in a cell of its own), plain text with
a hard break at every printed line or one paragraph a line, full-width or half-width digits and
`％`, `百分之N` / `千分之N`, thousands written `5,000`, Chinese numerals (`五十万元`) and 元 for 万元.

The document's paragraphs are the pipeline's reading of the plain text (tests/structure/renderings.py);
a rendering changes layout or typography only, so what is extracted from it must be what the plain
text gives (and what the gold says).  Nothing here is read from a check document."""
from __future__ import annotations

import html
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "structure"))
import renderings as R

_FW = str.maketrans("0123456789%", "０１２３４５６７８９％")
_HW = str.maketrans("０１２３４５６７８９％．", "0123456789%.")
# a money or percent mention of the plain text (the units as 公文 write them)
_MONEY = re.compile(r"(?<![0-9０-９.．])([0-9０-９]+(?:[.．][0-9０-９]+)?)(\s*)(亿元|万元|元)")
_PCT = re.compile(r"(?<![0-9０-９.．])([0-9０-９]+(?:[.．][0-9０-９]+)?)\s*[%％]")
_ITEM = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|[0-9]{1,2}[.．、](?![0-9]))")
_CN = "零一二三四五六七八九"


def _paras(stem: str) -> list[tuple[str, str]]:
    return R.paragraphs(stem)


def _text(stem: str) -> str:
    return R.plain_path(stem).read_text(encoding="utf-8")


def _chunks(text: str, width: int) -> list[str]:
    return [text[i:i + width] for i in range(0, len(text), width)]


def _page(body: str) -> bytes:
    return (f'<html><head><meta charset="utf-8"><title>政策文件</title></head><body>'
            f'<div class="zw">\n{body}\n</div></body></html>').encode()


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def html_br(stem: str, width: int = 27) -> bytes:
    """Each paragraph a `<p>`, a `<br/>` at every printed line (mid-sentence, mid-number)."""
    return _page("\n".join("<p>" + "<br/>".join(map(_esc, _chunks(t, width))) + "</p>" for _, t in _paras(stem)))


def html_p_lines(stem: str, width: int = 29) -> bytes:
    """Each printed line its own `<p>` (a PDF pasted into a site's editor)."""
    return _page("\n".join(f"<p>{_esc(c)}</p>" for _, t in _paras(stem) for c in _chunks(t, width)))


def html_spans(stem: str, width: int = 7) -> bytes:
    """A Word export's runs: `<span>`s of a few characters, cutting words and numbers."""
    return _page("\n".join("<p>" + "".join(f'<span style="font-family:仿宋_GB2312">{_esc(c)}</span>'
                                           for c in _chunks(t, width)) + "</p>" for _, t in _paras(stem)))


def html_table(stem: str) -> bytes:
    """A table whose rows hold a clause each: the item number in a cell, its text in the next."""
    rows = []
    for _, t in _paras(stem):
        m = _ITEM.match(t)
        rows.append(f"<tr><td>{_esc(m.group())}</td><td>{_esc(t[m.end():])}</td></tr>" if m
                    else f'<tr><td colspan="2">{_esc(t)}</td></tr>')
    return _page('<table border="1" cellspacing="0">\n' + "\n".join(rows) + "\n</table>")


def text_wrapped(stem: str, width: int = 30) -> bytes:
    """Plain text with a hard break at every printed line, paragraphs indented."""
    lines = []
    for role, t in _paras(stem):
        lines.extend(_chunks(("\u3000\u3000" if role in ("正文", "政策正文") else "") + t, width))
    return "\n".join(lines).encode("utf-8")


def text_lines(stem: str) -> bytes:
    """One paragraph a line, no indent."""
    return "\n".join(t for _, t in _paras(stem)).encode("utf-8")


def _cn_int(n: int) -> str:
    """1…9999 in Chinese numerals (`一千零五十`, `十二`)."""
    out, zero = "", False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, n = divmod(n, unit)
        if digit:
            out += ("零" if zero else "") + ("" if name == "十" and digit == 1 and not out else _CN[digit]) + name
            zero = False
        elif out:
            zero = True
    return out


def _cn_money(m: re.Match[str]) -> str:
    num = m.group(1).translate(_HW)
    if "." in num or not 0 < int(num) < 10000 * 10000:
        return m.group()
    n = int(num)
    if n >= 10000:
        if n % 10000:
            return m.group()
        return _cn_int(n // 10000) + "万" + m.group(3)
    return _cn_int(n) + m.group(3)


def _cn_percent(m: re.Match[str]) -> str:
    num = m.group(1).translate(_HW)
    if "." in num:
        tenths = round(float(num) * 10)
        return "千分之" + _cn_int(tenths) if abs(tenths - float(num) * 10) < 1e-9 and 0 < tenths < 100 else m.group()
    return "百分之" + _cn_int(int(num)) if 0 < int(num) < 10000 else m.group()


def _thousands(m: re.Match[str]) -> str:
    num = m.group(1).translate(_HW)
    return m.group() if "." in num or len(num) < 4 else f"{int(num):,}" + m.group(2) + m.group(3)


def _yuan(m: re.Match[str]) -> str:
    if m.group(3) != "万元" or m.string[max(m.start() - 1, 0):m.start()] in ("-", "－", "—", "–", "~", "～", "至", "到"):
        return m.group()  # the upper bound of a range (`300-500万元`) keeps the unit of its lower one
    return f"{round(float(m.group(1).translate(_HW)) * 10000)}元"


TYPOGRAPHY = {
    "fullwidth": lambda t: _MONEY.sub(lambda m: m.group(1).translate(_FW) + m.group(2) + m.group(3),
                                      _PCT.sub(lambda m: m.group().translate(_FW), t)),
    "halfwidth": lambda t: t.translate(_HW),
    "thousands": lambda t: _MONEY.sub(_thousands, t),
    "chinese-money": lambda t: _MONEY.sub(_cn_money, t),
    "chinese-percent": lambda t: _PCT.sub(_cn_percent, t),
    "yuan": lambda t: _MONEY.sub(_yuan, t),
}
LAYOUTS = {
    "html-br": (html_br, "page.html"),
    "html-p-lines": (html_p_lines, "page.html"),
    "html-spans": (html_spans, "page.html"),
    "html-table": (html_table, "page.html"),
    "text-wrapped": (text_wrapped, "doc.txt"),
    "text-lines": (text_lines, "doc.txt"),
}


def render(stem: str, layout: str) -> tuple[bytes, str]:
    """(bytes, file name) of the tuning document `stem` in `layout` (a LAYOUTS or TYPOGRAPHY key)."""
    if layout in TYPOGRAPHY:
        return TYPOGRAPHY[layout](_text(stem)).encode("utf-8"), "doc.txt"
    make, name = LAYOUTS[layout]
    return make(stem), name
