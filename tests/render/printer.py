"""The page grid of a GB/T 9704-2012 公文 and a cursor that prints lines on it.

A4, a 156 × 225 mm type area of 22 lines × 28 characters; body paragraphs indented two
characters and justified; Chinese line-breaking rules (no line starts with a closing
mark); page numbers `— N —` on the right of odd pages and the left of even pages.
`invariant=1` fixes the creation date and document ids, so output is reproducible.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.colors import black
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

FONT_FILE = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
FONT = "WQYMicroHei"
PAGE_W, PAGE_H = A4
LEFT, TOP_MARGIN = 28 * mm, 37 * mm
TEXT_W, TEXT_H = 156 * mm, 225 * mm
LINES_PER_PAGE, CHARS_PER_LINE = 22, 28
PITCH = TEXT_H / LINES_PER_PAGE
BODY_SIZE = TEXT_W / CHARS_PER_LINE  # 3号 squeezed so that 28 characters fill a line
TITLE_SIZE = 22.0  # 2号
FOOT_SIZE = 14.0  # 4号: page numbers and 版记
TOP = PAGE_H - TOP_MARGIN
BOTTOM = TOP - TEXT_H
NO_LINE_START = set("，。、；：？！）》」』”’%％·…—")
NO_LINE_END = set("（《「『“‘")


def register_font() -> None:
    """Register the Debian CJK font (fonts-wqy-microhei) once."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        if not FONT_FILE.exists():
            raise FileNotFoundError(f"{FONT_FILE} is missing: apt-get install fonts-wqy-microhei")
        pdfmetrics.registerFont(TTFont(FONT, str(FONT_FILE), subfontIndex=0))


def width(text: str, size: float) -> float:
    return pdfmetrics.stringWidth(text, FONT, size)


def wrap(text: str, avail_first: float, avail: float, size: float) -> list[str]:
    """Break `text` into lines by character, keeping closing marks off a line start."""
    lines: list[str] = []
    current, used = "", 0.0
    limit = avail_first
    for ch in text:
        w = width(ch, size)
        if current and used + w > limit + 0.01:
            if ch in NO_LINE_START and len(current) > 1:
                ch, current = current[-1] + ch, current[:-1]  # pull the last character down
                w = width(ch, size)
            elif current[-1] in NO_LINE_END and len(current) > 1:
                ch, current = current[-1] + ch, current[:-1]
                w = width(ch, size)
            lines.append(current.rstrip(" "))
            current, used, limit = ch.lstrip(" "), 0.0, avail
            used = width(current, size)
            continue
        current += ch
        used += w
    if current.strip():
        lines.append(current)
    return lines


def wrap_count(text: str, first: int, rest: int) -> list[str]:
    """Break `text` after a fixed number of characters, keeping closing marks off a line start."""
    lines: list[str] = []
    while text:
        n = first if not lines else rest
        cut = min(n, len(text))
        while 1 < cut < len(text) and text[cut] in NO_LINE_START:
            cut -= 1  # pull the last character down with the closing mark
        lines.append(text[:cut])
        text = text[cut:]
    return lines


def draw_line(c: Canvas, text: str, x: float, y: float, size: float, stretch_to: float | None = None) -> None:
    """`text` on the baseline `y` from `x` in the current font; `stretch_to` justifies it to that right edge.

    A justified line places each character itself: PDF character spacing (Tc) is
    not honoured the same way by every reader, explicit positions are.
    """
    if stretch_to is None or len(text) < 2:
        c.drawString(x, y, text)
        return
    extra = max(0.0, (stretch_to - x - width(text, size)) / (len(text) - 1))
    for ch in text:
        c.drawString(x, y, ch)
        x += width(ch, size) + extra


@dataclass
class Options:
    annex_new_page: bool = True  # GB/T: an annex starts on a page of its own
    repeat_table_header: bool = True  # repeat a table's header rows on a continuation page
    running_header: str | None = None  # a line printed at the top of every page (test furniture)
    justify: bool = True
    # wrap after this many characters whatever their width (left-aligned), as some producers
    # do: a line holding Latin letters or digits then ends short of the margin
    wrap_chars: int | None = None


class Printer:
    """A cursor over the 22-line grid; draws lines and turns pages."""

    def __init__(self, out: Path, options: Options, title: str = "") -> None:
        register_font()
        self.canvas = Canvas(str(out), pagesize=A4, invariant=1, pageCompression=1)
        self.canvas.setTitle(title or out.stem)
        self.canvas.setCreator("policykg tests/render/render_gongwen.py")
        self.options = options
        self.page = 1
        self.line = 0
        self._start_page()

    def baseline(self, line: float) -> float:
        return TOP - (line + 1) * PITCH + 0.25 * PITCH

    def _start_page(self) -> None:
        if self.options.running_header:
            self.canvas.setFont(FONT, 10.5)
            self.canvas.setFillColor(black)
            self.canvas.drawCentredString(PAGE_W / 2, TOP + 8 * mm, self.options.running_header)

    def new_page(self) -> None:
        self._page_number()
        self.canvas.showPage()
        self.page += 1
        self.line = 0
        self._start_page()

    def _page_number(self) -> None:
        label = f"— {self.page} —"
        c = self.canvas
        c.setFont(FONT, FOOT_SIZE)
        c.setFillColor(black)
        y = BOTTOM - 7 * mm - FOOT_SIZE * 0.7
        if self.page % 2:  # odd pages: right, one character in from the edge
            c.drawRightString(LEFT + TEXT_W - FOOT_SIZE, y, label)
        else:
            c.drawString(LEFT + FOOT_SIZE, y, label)

    def ensure(self, lines: int) -> None:
        if self.line + lines > LINES_PER_PAGE:
            self.new_page()

    def skip(self, lines: float = 1) -> None:
        self.line += lines
        if self.line >= LINES_PER_PAGE:
            self.new_page()

    def text_line(self, text: str, x: float, size: float, *, color=black, stretch_to: float | None = None) -> None:
        """One line at the cursor; `stretch_to` justifies it to that right edge (`draw_line`)."""
        if self.line >= LINES_PER_PAGE:
            self.new_page()
        c = self.canvas
        c.setFont(FONT, size)
        c.setFillColor(color)
        draw_line(c, text, x, self.baseline(self.line), size, stretch_to)
        self.line += 1

    def paragraph(self, text: str, *, indent: float = 2, size: float = BODY_SIZE,
                  right_indent: float = 0, hanging: float = 0) -> None:
        """A justified paragraph: first line indented `indent` characters."""
        x0 = LEFT + indent * size
        right = LEFT + TEXT_W - right_indent * size
        cont_x = LEFT + hanging * size
        if self.options.wrap_chars and size == BODY_SIZE:  # the body; the 版记's 4号 wraps at its margin
            lines = wrap_count(text.strip(), self.options.wrap_chars - int(indent), self.options.wrap_chars
                               - int(hanging + right_indent))
        else:
            lines = wrap(text.strip(), right - x0, right - cont_x, size)
        for i, line in enumerate(lines):
            last = i == len(lines) - 1
            self.text_line(line, x0 if i == 0 else cont_x, size,
                           stretch_to=None if last or not self.options.justify else right)

    def centred(self, text: str, size: float, *, color=black, margin: float = 1) -> None:
        """A centred heading, broken into balanced lines when wider than the area less `margin` characters."""
        text = text.strip()
        n = max(1, int(width(text, size) // (TEXT_W - 2 * margin * size)) + 1)
        per = -(-len(text) // n)
        for k in range(0, len(text), per):
            piece = text[k:k + per]
            self.text_line(piece, LEFT + (TEXT_W - width(piece, size)) / 2, size, color=color)

    def rule(self, y: float, *, color=black, thickness: float = 0.5) -> None:
        self.canvas.setStrokeColor(color)
        self.canvas.setLineWidth(thickness)
        self.canvas.line(LEFT, y, LEFT + TEXT_W, y)

    def finish(self) -> None:
        self._page_number()
        self.canvas.showPage()
        self.canvas.save()
