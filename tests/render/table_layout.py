"""A ruled table with merged header cells, drawn on the 公文 page grid.

Rows come as tab-separated cells, the way the text version of a document holds a
table: an empty cell is part of a merged cell.  In the header rows (those before the
first fully filled row) an empty cell below a filled one merges downwards; anywhere
else it merges with the cell on its left (`合计` spanning 序号 and 区镇).

`draw_wrapped_table` draws the other kind: columns of fixed widths whose long cells wrap
inside the cell over several lines (a policy "card": label | content), rows kept whole.
"""
from __future__ import annotations

from dataclasses import dataclass

from printer import BOTTOM, FONT, LEFT, PITCH, TEXT_W, Printer, draw_line, width, wrap
from reportlab.lib.colors import black

CELL_SIZE = 12.0  # 小四 in tables
PAD = 4.0
ROW_H = 24.0
CELL_LEADING = 1.5  # a wrapped cell's line pitch, in CELL_SIZE


@dataclass
class Cell:
    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1


def merge_cells(rows: list[list[str]]) -> list[Cell]:
    """Cells with spans from rows in which an empty string marks a merged position."""
    ncol = max(len(r) for r in rows)
    grid = [r + [""] * (ncol - len(r)) for r in rows]
    header_rows = count_header_rows(grid)
    owner: dict[tuple[int, int], Cell] = {}
    cells: list[Cell] = []
    for r, row in enumerate(grid):
        for c, text in enumerate(row):
            above, left = owner.get((r - 1, c)), owner.get((r, c - 1))
            if not text.strip() and r < header_rows and above is not None:
                above.rowspan = r - above.row + 1
                owner[(r, c)] = above
            elif not text.strip() and left is not None and left.row == r:
                left.colspan = c - left.col + 1
                owner[(r, c)] = left
            else:
                owner[(r, c)] = Cell(text.strip(), r, c)
                cells.append(owner[(r, c)])
    return cells


def count_header_rows(grid: list[list[str]]) -> int:
    """Rows before the first row with every cell filled."""
    return next((i for i, r in enumerate(grid) if all(c.strip() for c in r)), 0)


def column_widths(cells: list[Cell], ncol: int) -> list[float]:
    """Natural widths (single cells), widened for spanning cells, scaled to the type area."""
    widths = [2 * PAD + CELL_SIZE] * ncol
    for cell in cells:
        if cell.colspan == 1:
            widths[cell.col] = max(widths[cell.col], width(cell.text, CELL_SIZE) + 2 * PAD)
    for cell in cells:
        if cell.colspan > 1:
            span = range(cell.col, cell.col + cell.colspan)
            short = width(cell.text, CELL_SIZE) + 2 * PAD - sum(widths[i] for i in span)
            for i in span:
                widths[i] += max(0.0, short) / cell.colspan
    total = sum(widths)
    return [w * TEXT_W / total for w in widths]


def draw_table(printer: Printer, rows: list[list[str]]) -> None:
    """Draw the table at the cursor, turning pages (and repeating the header) as needed."""
    ncol = max(len(r) for r in rows)
    grid = [r + [""] * (ncol - len(r)) for r in rows]
    cells = merge_cells(grid)
    widths = column_widths(cells, ncol)
    xs = [LEFT + sum(widths[:i]) for i in range(ncol + 1)]
    header = count_header_rows(grid)
    top_of_grid = printer.baseline(0) + 0.75 * PITCH
    y = printer.baseline(printer.line) + 0.75 * PITCH
    for r in range(len(grid)):
        need = ROW_H * (header + 1 if r == 0 else 1)  # keep the header with the first data row
        if y - need < BOTTOM:
            printer.new_page()
            y = top_of_grid
            if printer.options.repeat_table_header and r >= header > 0:
                for h in range(header):
                    y = _draw_row(printer, cells, xs, h, y)
        y = _draw_row(printer, cells, xs, r, y)
    printer.line = int((top_of_grid - y) // PITCH) + 1  # back on the grid, below the table


def _draw_row(printer: Printer, cells: list[Cell], xs: list[float], r: int, y: float) -> float:
    """The cells that start in row `r`, from the top edge `y`; returns the next row's top edge."""
    c = printer.canvas
    c.setStrokeColor(black)
    c.setLineWidth(0.6)
    for cell in (cell for cell in cells if cell.row == r):
        h = ROW_H * cell.rowspan
        x0, x1 = xs[cell.col], xs[cell.col + cell.colspan]
        c.rect(x0, y - h, x1 - x0, h, stroke=1, fill=0)
        c.setFont(FONT, CELL_SIZE)
        c.setFillColor(black)
        c.drawCentredString((x0 + x1) / 2, y - h / 2 - CELL_SIZE * 0.35, cell.text)
    return y - ROW_H


def draw_wrapped_table(printer: Printer, rows: list[list[str]], fractions: list[float], *,
                       justify: bool = False, keep_rows: int = 1) -> None:
    """Rows whose cells wrap inside columns of `fractions` of the type area, at the cursor.

    Each cell wraps by character with the Chinese line-breaking rules (printer.wrap), its
    lines top-aligned; `justify` stretches every line but a cell's last to the cell's right
    padding.  A row is as tall as its longest cell and is never split.  A page break inside
    the table leaves at least `keep_rows` rows on each side (1: wherever the page ends, so a
    table may end, or begin, with one row on a page); the table continues on the next page.
    """
    widths = [f * TEXT_W / sum(fractions) for f in fractions]
    xs = [LEFT + sum(widths[:i]) for i in range(len(widths) + 1)]
    pitch = CELL_SIZE * CELL_LEADING
    wrapped = [[wrap(text.strip(), w - 2 * PAD, w - 2 * PAD, CELL_SIZE) for text, w in zip(row, widths)]
               for row in rows]
    heights = [max(map(len, cells)) * pitch + 2 * PAD for cells in wrapped]
    n = len(rows)
    breakable = [r == 0 or keep_rows <= r <= n - keep_rows for r in range(n)]
    top_of_grid = printer.baseline(0) + 0.75 * PITCH
    y = printer.baseline(printer.line) + 0.75 * PITCH
    c = printer.canvas
    for r, cells in enumerate(wrapped):
        if breakable[r]:
            block = next((k for k in range(r + 1, n) if breakable[k]), n)  # rows up to the next break point
            if y - sum(heights[r:block]) < BOTTOM and y < top_of_grid:
                printer.new_page()
                y = top_of_grid
        elif y - heights[r] < BOTTOM:  # a block taller than a page
            printer.new_page()
            y = top_of_grid
        h = heights[r]
        c.setStrokeColor(black)
        c.setLineWidth(0.6)
        for col, lines in enumerate(cells):
            x0, x1 = xs[col], xs[col + 1]
            c.rect(x0, y - h, x1 - x0, h, stroke=1, fill=0)
            c.setFont(FONT, CELL_SIZE)
            c.setFillColor(black)
            for k, line in enumerate(lines):
                last = k == len(lines) - 1
                draw_line(c, line, x0 + PAD, y - PAD - CELL_SIZE - k * pitch, CELL_SIZE,
                          None if last or not justify else x1 - PAD)
        y -= h
    printer.line = int((top_of_grid - y) // PITCH) + 1  # back on the grid, below the table


def wrapped_table_lines(rows: list[list[str]], fractions: list[float]) -> int:
    """Grid lines `rows` take as `draw_wrapped_table` draws them (to keep a heading with its table)."""
    widths = [f * TEXT_W / sum(fractions) for f in fractions]
    height = sum(max(len(wrap(text.strip(), w - 2 * PAD, w - 2 * PAD, CELL_SIZE)) for text, w in zip(row, widths))
                 * CELL_SIZE * CELL_LEADING + 2 * PAD for row in rows)
    return int(height // PITCH) + 1
