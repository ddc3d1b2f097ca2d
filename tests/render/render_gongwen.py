"""Print a seed 公文 as a PDF laid out like a real one (GB/T 9704-2012), reproducibly.

The seed text is read with the project's own ingest + structure, so the renderer knows
which paragraphs are the masthead, the 文号, the title, the body, the signature, the
附注, the enclosed policy, the annex and the 版记.  It then prints them the way a
government office does: a red masthead, a red rule under the 文号, a centred 2号 title,
body paragraphs on the 22 × 28 grid, the signature right-aligned over the 成文日期,
the enclosed policy and the annex each on a new page, the annex table ruled, the 版记
between rules at the foot of the last page.

    python tests/render/render_gongwen.py raw_docs/*.txt -o /tmp/pdfs
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent.parent))
from printer import BODY_SIZE, FOOT_SIZE, LEFT, LINES_PER_PAGE, TEXT_W, TITLE_SIZE, Options, Printer, width
from reportlab.lib.colors import red
from table_layout import draw_table

from pipeline.ingest import ingest_file
from pipeline.structure import structure_document

DATE_TAIL_RE = re.compile(r"^(?P<org>.*?)\s*(?P<date>(?:[0-9]{4}|[〇零一二三四五六七八九]{4})\s*年.{1,8}日)$")
PRINTED_TAIL_RE = re.compile(r"^(?P<org>.*?)\s*(?P<date>(?:[0-9]{4}|[〇零一二三四五六七八九]{4})\s*年.{1,8}日\s*印\s*发)$")


def roles(text: str, parts: tuple) -> list[tuple[str, str]]:
    """(part name, paragraph text) for every paragraph, in order; table rows keep their leading tabs."""
    out = []
    pos = 0
    for line in text.split("\n"):
        start = pos + len(line) - len(line.lstrip())
        pos += len(line) + 1
        if not line.strip():
            continue
        role = next((p.name for p in parts if p.start <= start < p.end), "正文")
        out.append((role, line.rstrip() if "\t" in line else line.strip()))
    return out


def render_file(src: Path, out: Path, options: Options | None = None) -> Path:
    """Render the seed text `src` to the PDF `out`."""
    doc = structure_document(ingest_file(src))
    printer = Printer(out, options or Options(), title=src.stem)
    blocks = roles(doc.text, doc.parts)
    _head(printer, [t for r, t in blocks if r == "发文机关标志"], [t for r, t in blocks if r == "文号"])
    previous = None
    i = 0
    while i < len(blocks):
        role, text = blocks[i]
        if role in ("发文机关标志", "文号", "抄送机关", "印发机关和印发日期"):
            i += 1
            continue
        if role in ("附件",) and "\t" in text:
            j = i
            while j < len(blocks) and "\t" in blocks[j][1]:
                j += 1
            printer.skip(0)
            draw_table(printer, [t.split("\t") for _, t in blocks[i:j]])
            i, previous = j, role
            continue
        _block(printer, role, text, previous, blocks[i - 1][1] if i else "")
        previous = role
        i += 1
    _colophon(printer, [t for r, t in blocks if r == "抄送机关"], [t for r, t in blocks if r == "印发机关和印发日期"])
    printer.finish()
    return out


def _head(printer: Printer, masthead: list[str], doc_number: list[str]) -> None:
    """Red masthead, 文号 centred under it, red rule below the 文号, one blank line."""
    for text in masthead:
        size = min(40.0, TEXT_W / max(1, len(text.replace(" ", ""))) * 0.95)
        printer.skip(0.5)
        printer.centred(text, size, color=red, margin=0)
        printer.skip(1)
    for text in doc_number:
        printer.centred(text, BODY_SIZE)
    if masthead or doc_number:
        y = printer.baseline(printer.line - 1) - 4 * 2.83465
        printer.rule(y, color=red, thickness=1.5)
        printer.skip(1)


def _block(printer: Printer, role: str, text: str, previous: str | None, prev_text: str) -> None:
    if role in ("标题", "政策标题"):
        if role != previous:
            if role == "政策标题":
                printer.new_page() if printer.line else None
            elif printer.line:
                printer.skip(1) if previous not in (None, "文号") else None
        printer.centred(text, TITLE_SIZE)
        return
    if previous in ("标题", "政策标题") and role != previous:
        printer.skip(1)  # a blank line between the title and what follows
    if role == "主送机关":
        printer.paragraph(text, indent=0)
    elif role == "发文机关署名和成文日期":
        _signature(printer, text, first=previous != role)
    elif role == "附注":
        printer.skip(1)
        printer.paragraph(text)
    elif role == "附件":
        _annex(printer, text, previous, prev_text)
    else:
        printer.paragraph(text)


def _signature(printer: Printer, text: str, first: bool) -> None:
    """署名 centred over the 成文日期, the date four characters in from the right."""
    if first:
        printer.skip(1)
    m = DATE_TAIL_RE.match(text.strip())
    org, date = (m.group("org"), m.group("date")) if m else (text.strip(), "")
    right = LEFT + TEXT_W - 4 * BODY_SIZE
    date_w = width(date or "0000年00月00日", BODY_SIZE)
    centre = right - date_w / 2
    printer.ensure(2 if org and date else 1)
    if org:
        printer.text_line(org, min(right - width(org, BODY_SIZE), centre - width(org, BODY_SIZE) / 2), BODY_SIZE)
    if date:
        printer.text_line(date, right - date_w, BODY_SIZE)


def _annex(printer: Printer, text: str, previous: str | None, prev_text: str) -> None:
    if previous != "附件":
        if printer.options.annex_new_page:
            printer.new_page() if printer.line else None
        else:
            printer.skip(1)
        printer.paragraph(text, indent=0)  # `附件` / `附件1` at the top left
        return
    if re.match(r"^附\s*件\s*[0-9]*\s*[：:]?$", prev_text.strip()) and len(text) <= 40:
        printer.skip(0.5)
        printer.centred(text, TITLE_SIZE)  # the annex's own title
        printer.skip(0.5)
        return
    printer.paragraph(text, indent=0 if len(text) <= 8 else 2)


def _colophon(printer: Printer, cc: list[str], printed: list[str]) -> None:
    """版记: 抄送 and 印发 between rules, on the last lines of the last page."""
    if not cc and not printed:
        return
    cc_lines = sum(max(1, -(-int(width(t, FOOT_SIZE)) // int(TEXT_W - 2 * FOOT_SIZE))) for t in cc)
    need = cc_lines + (1 if printed else 0)
    if printer.line + need + 1 > LINES_PER_PAGE:
        printer.new_page()
    printer.line = LINES_PER_PAGE - need
    printer.rule(printer.baseline(printer.line - 1) - 0.3 * BODY_SIZE, thickness=1.0)
    for text in cc:
        colon = re.match(r"^抄\s*送\s*[：:]", text)
        printer.paragraph(text, indent=1, size=FOOT_SIZE, right_indent=1,
                          hanging=1 + (len(colon.group(0)) if colon else 0))
    if printed:
        _printed_line(printer, " ".join(printed))
    printer.rule(printer.baseline(printer.line - 1) - 0.4 * BODY_SIZE, thickness=1.0)


def _printed_line(printer: Printer, text: str) -> None:
    """印发机关 one character in from the left, 印发日期 one character in from the right."""
    m = PRINTED_TAIL_RE.match(text.strip())
    org, date = (m.group("org").strip(), m.group("date")) if m else ("", text.strip())
    right = LEFT + TEXT_W - FOOT_SIZE
    if org:
        printer.text_line(org, LEFT + FOOT_SIZE, FOOT_SIZE)
        printer.line -= 1
    printer.text_line(date, right - width(date, FOOT_SIZE), FOOT_SIZE)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("inputs", nargs="+", type=Path)
    parser.add_argument("-o", "--out", type=Path, required=True)
    parser.add_argument("--annex-inline", action="store_true", help="do not start the annex on a new page")
    parser.add_argument("--running-header", default=None)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    options = Options(annex_new_page=not args.annex_inline, running_header=args.running_header)
    for src in args.inputs:
        print(render_file(src, args.out / f"{src.stem}.pdf", options))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
