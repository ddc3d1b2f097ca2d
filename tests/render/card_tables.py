"""Policy "cards" as tables: tuning-set policies laid out as a compilation, printed by several producers.

A policy compilation (政策汇编 / 政策导引) prints each policy as a ruled two-column table,
label cell | content cell, under a heading: 政策名称, 支持内容, 发文机关, 依据文件.  The
支持内容 cell holds long sentences that wrap inside the cell over several lines.  The
cards are built from tuning documents only (tests/corpus/split.json "tuning"): the title,
issuers and 文号 from their gold (tests/gold/corpus), the 支持内容 from award sentences
of their text (a sentence naming an amount in 万元, as the pipeline reads the text).

Producers (`CARD_PRODUCERS`), each its own typography:

- `reportlab-ragged`: the project's renderer (table_layout.draw_wrapped_table), cells
  left-aligned, a label column of a fifth of the type area, character wrapping (a number
  may wrap inside a cell), a card split over pages two rows and two rows;
- `reportlab-justified`: the same, cells justified, a label column of a sixth;
- `reportlab-loose`: ragged, the page ending wherever it falls, so a card may leave a
  single row on a page;
- `libreoffice`: a DOCX of the cards (python-docx, rows that never split, a card kept on
  one page) exported by LibreOffice Writer headless: its own line breaker and metrics;
- `chromium`: an HTML page of the cards printed by headless Chromium: word wrapping
  (numbers whole), a card kept on one page.

    python tests/render/card_tables.py -o /tmp/cards     (every producer's PDF)
"""
from __future__ import annotations

import argparse
import html
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

CARD_PRODUCERS = ("reportlab-ragged", "reportlab-justified", "reportlab-loose", "libreoffice", "chromium")
# (label column fraction, justified cells, rows kept together at a page break) per reportlab typography
REPORTLAB = {"reportlab-ragged": ([1, 4], False, 2), "reportlab-justified": ([1, 5], True, 2),
             "reportlab-loose": ([1, 4], False, 1)}
# tuning documents whose text states awards in 万元 (tests/corpus/split.json "tuning")
CARD_SOURCES = ("c001_hebei_jishuchuangxin_2023", "c003_hebei_naiye_zhengce_2022", "c006_hebei_yiyao_cuoshi_2021",
                "c007_hebei_gangtie_chuangxin_2023", "c009_hebei_chengde_fantai_2023",
                "c010_hebei_zhuzao_duanya_2023", "c036_hebei_kangyang_2024")
CARDS_PER_SOURCE = 2
LABELS = ("政策名称", "支持内容", "发文机关", "依据文件")
COMPILATION_TITLE = "政策汇编"
NUMERALS = "〇一二三四五六七八九"
AWARD_RE = re.compile(r"[0-9]+(?:\.[0-9]+)?万元")
# a sentence glued to a heading the crawl ran into it (`一、…（一）…`) is not a clean sentence
NUMBERING_RE = re.compile(r"[一二三四五六七八九十]+、|[（(][一二三四五六七八九十0-9]+[）)]|^[0-9]+[.．、]")
SENTENCE_CHARS = (40, 110)
CONTENT_MAX = 210


@dataclass(frozen=True)
class Card:
    heading: str
    rows: tuple[tuple[str, str], ...]  # (label, content)
    sentences: tuple[str, ...]  # the sentences the 支持内容 cell holds, as put in


def numeral(n: int) -> str:
    """1..99 in Chinese numerals, as headings are numbered (十一, 二十, 二十三)."""
    tens, ones = divmod(n, 10)
    return (NUMERALS[tens] if tens > 1 else "") + ("十" if tens else "") + (NUMERALS[ones] if ones else "")


def sentences_of(text: str) -> list[str]:
    """Sentences (ending in 。) of one paragraph after another; a sentence never spans lines."""
    out: list[str] = []
    for para in text.split("\n"):
        out += [s.strip() for s in re.findall(r"[^。]+。", para) if s.strip()]
    return out


def award_contents(text: str, n: int) -> list[tuple[str, ...]]:
    """Up to `n` 支持内容 cells: an award sentence and, when it fits, the sentence after it."""
    sents = sentences_of(text)
    out: list[tuple[str, ...]] = []
    i = 0
    while i < len(sents) and len(out) < n:
        s = sents[i]
        if AWARD_RE.search(s) and _clean(s):
            nxt = sents[i + 1] if i + 1 < len(sents) else ""
            pair = (s, nxt) if nxt and _clean(nxt) and len(s) + len(nxt) <= CONTENT_MAX else (s,)
            out.append(pair)
            i += len(pair)
            continue
        i += 1
    return out


def _clean(sentence: str) -> bool:
    lo, hi = SENTENCE_CHARS
    return lo <= len(sentence) <= hi and not NUMBERING_RE.search(sentence) and "\t" not in sentence


def tuning_cards(stems: tuple[str, ...] = CARD_SOURCES, per_source: int = CARDS_PER_SOURCE) -> list[Card]:
    """Cards of tuning documents: refuses a document of the check set."""
    from pipeline.ingest import ingest_file

    split = json.loads((ROOT / "tests" / "corpus" / "split.json").read_text(encoding="utf-8"))
    cards: list[Card] = []
    for stem in stems:
        if stem not in split["tuning"]:
            raise ValueError(f"{stem} is not a tuning document")
        gold = json.loads((ROOT / "tests" / "gold" / "corpus" / f"{stem}.json").read_text(encoding="utf-8"))
        title = gold["policy_title"] or gold["title"]
        basis = f"《{title}》" + (f"（{gold['doc_number']}）" if gold["doc_number"] else "")
        text = ingest_file(ROOT / "tests" / "corpus" / "docs" / f"{stem}.txt").text
        for content in award_contents(text, per_source):
            heading = f"{numeral(len(cards) + 1)}、{title}"
            rows = tuple(zip(LABELS, (title, "".join(content), "、".join(gold["issuers"]), basis)))
            cards.append(Card(heading, rows, content))
    return cards


# ---- producers ------------------------------------------------------------------------------

def render_cards(producer: str, cards: list[Card], out: Path) -> Path:
    """The cards printed by `producer` to the PDF `out`."""
    if producer in REPORTLAB:
        fractions, justify, keep_rows = REPORTLAB[producer]
        return _reportlab(cards, out, fractions=fractions, justify=justify, keep_rows=keep_rows)
    if producer == "libreoffice":
        from producers import convert_docx

        return convert_docx({out.stem: cards_docx(cards)}, out.parent)[out.stem]
    if producer == "chromium":
        from producers import print_html

        return print_html(cards_html(cards), out)
    raise ValueError(producer)


def _reportlab(cards: list[Card], out: Path, *, fractions: list[float], justify: bool, keep_rows: int) -> Path:
    from printer import TITLE_SIZE, Options, Printer
    from table_layout import draw_wrapped_table, wrapped_table_lines

    printer = Printer(out, Options(justify=justify), title=COMPILATION_TITLE)
    printer.centred(COMPILATION_TITLE, TITLE_SIZE)
    printer.skip(1)
    for card in cards:
        rows = [list(r) for r in card.rows]
        printer.ensure(1 + wrapped_table_lines(rows[:keep_rows], fractions))  # the heading stays with its card
        printer.paragraph(card.heading, indent=0)
        draw_wrapped_table(printer, rows, fractions, justify=justify, keep_rows=keep_rows)
        printer.skip(1)
    printer.finish()
    return out


def cards_docx(cards: list[Card]) -> bytes:
    """The cards as a DOCX on the 公文 page: 2号 centred title, headings kept with their card,
    ruled 2-column tables of 小四 cells (label a fifth of the width), rows that never split."""
    import io

    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.shared import Mm, Pt
    from producers import gongwen_document

    doc = gongwen_document()
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(COMPILATION_TITLE)
    run.font.size = Pt(22)
    title.paragraph_format.line_spacing = Pt(36)
    widths = (Mm(31), Mm(125))
    for card in cards:
        head = doc.add_paragraph(card.heading)
        head.paragraph_format.keep_with_next = True
        table = doc.add_table(rows=len(card.rows), cols=2)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        for r, row in enumerate(card.rows):
            tr_pr = table.rows[r]._tr.get_or_add_trPr()
            tr_pr.append(OxmlElement("w:cantSplit"))
            for c, text in enumerate(row):
                cell = table.cell(r, c)
                cell.width = widths[c]
                cell.text = text
                for p in cell.paragraphs:
                    p.paragraph_format.keep_with_next = r < len(card.rows) - 1  # the card on one page
                    p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY if c else WD_ALIGN_PARAGRAPH.LEFT
                    p.paragraph_format.line_spacing = Pt(18)
                    for run in p.runs:
                        run.font.size = Pt(12)
        for col, w in zip(table.columns, widths):
            col.width = w
        doc.add_paragraph()
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


CARD_CSS = """table.card { width: 100%; table-layout: fixed; margin: 0; }
table.card td.label { width: 20%; }
table.card { break-inside: avoid; }
p.heading { text-indent: 0; break-after: avoid; }
"""


def cards_html(cards: list[Card]) -> str:
    """The cards as a 公文-styled HTML page (producers.CSS) for Chromium to print."""
    from producers import CSS

    body = [f'<p class="title">{html.escape(COMPILATION_TITLE)}</p>']
    for card in cards:
        body.append(f'<p class="heading">{html.escape(card.heading)}</p>')
        body.append('<table class="card">' + "".join(
            f'<tr><td class="label">{html.escape(label)}</td><td>{html.escape(content)}</td></tr>'
            for label, content in card.rows) + "</table><p>&nbsp;</p>")
    return (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><style>{CSS}{CARD_CSS}</style>'
            f"</head><body>{''.join(body)}</body></html>")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-o", "--out", type=Path, required=True)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    cards = tuning_cards()
    for producer in CARD_PRODUCERS:
        print(render_cards(producer, cards, args.out / f"cards-{producer}.pdf"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
