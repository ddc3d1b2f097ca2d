"""The producer matrix: one text printed as a 公文 PDF by several real producers.

Each producer lays the same paragraphs out its own way, as the PDFs a reader meets do:

- `reportlab-justified` / `reportlab-ragged`: the project's renderer (render_gongwen.py),
  character wrapping with Chinese line-breaking rules, justified or left-aligned;
- `reportlab-fixed28`: the same renderer wrapping after 28 characters whatever their width,
  left-aligned (a producer the issue met): a line holding Latin letters or digits ends short;
- `libreoffice`: a 公文-styled DOCX (A4, 三号 at 28 pt line pitch, first-line indent of two
  characters, justified) exported by LibreOffice Writer headless — its own line breaker,
  Latin words and numbers kept whole;
- `chromium`: a 公文-styled HTML page printed by headless Chromium (`--print-to-pdf`):
  left-aligned, word-wrapped, so a line ends short before a Latin/digit run that does not fit.

Every producer needs its tool; a missing one is an error, never a skip:
`fonts-wqy-microhei`, `libreoffice-writer-nogui`, `chromium`.
"""
from __future__ import annotations

import html
import io
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent.parent))

PRODUCERS = ("reportlab-justified", "reportlab-ragged", "reportlab-fixed28", "libreoffice", "chromium")
FONT_NAME = "WenQuanYi Micro Hei"
HEAD_ROLES = ("发文机关标志",)
TITLE_ROLES = ("标题", "政策标题")


def paragraphs_of(src: Path) -> list[tuple[str, str]]:
    """(part name, paragraph) of a text as the pipeline reads it; table rows keep their tabs."""
    from render_gongwen import roles

    from pipeline.ingest import ingest_file
    from pipeline.structure import structure_document

    doc = structure_document(ingest_file(src))
    return roles(doc.text, doc.parts)


def crawl_to_paragraphs(src: Path) -> str:
    """A crawled body (paragraphs run together, separated by the page's `　　` indents, title and
    文号 glued to what follows) as one paragraph a line: what the published document printed.
    Paragraphs break at the indents and where the pipeline's structure puts a part boundary."""
    from pipeline.ingest import ingest_file
    from pipeline.structure import structure_document

    doc = structure_document(ingest_file(src))
    text = doc.text.replace("\xa0", "\u3000")
    cuts = sorted({p.start for p in doc.parts} | {p.end for p in doc.parts})
    pieces = [text[a:b] for a, b in zip([0] + cuts, cuts + [len(text)])]
    out = []
    for piece in pieces:
        out += [p.strip(" \u3000") for p in re.split(r"\u3000{2,}|\n+", piece)]
    return "\n".join(p for p in out if p) + "\n"


def render(producer: str, src: Path, out: Path) -> Path:
    """Print the text `src` with `producer` to the PDF `out`."""
    if producer.startswith("reportlab"):
        from printer import Options
        from render_gongwen import render_file

        options = Options(justify=producer == "reportlab-justified",
                          wrap_chars=28 if producer == "reportlab-fixed28" else None)
        return render_file(src, out, options)
    if producer == "libreoffice":
        return render_libreoffice([src], out.parent, names={src: out.name})[0]
    if producer == "chromium":
        return render_chromium(src, out)
    raise ValueError(producer)


# ---- LibreOffice ---------------------------------------------------------------------------

def gongwen_document():
    """An empty python-docx Document on the 公文 page: A4, 37/35/28/26 mm margins, 三号 at 28.9 pt."""
    from docx import Document
    from docx.enum.text import WD_LINE_SPACING
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = doc.styles["Normal"]
    normal.font.name = FONT_NAME
    normal.font.size = Pt(16)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT_NAME)
    fmt = normal.paragraph_format
    fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(28.9)
    fmt.space_before = fmt.space_after = Pt(0)
    return doc


def gongwen_docx(paras: list[tuple[str, str]]) -> bytes:
    """A DOCX laid out like a 公文: A4, 37/35/28/26 mm margins, 三号 body justified with a
    two-character first-line indent, 二号 centred titles, ruled tables."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    doc = gongwen_document()
    rows = [line.split("\t") for _, line in paras if "\t" in line]
    table_done = False
    for role, line in paras:
        if "\t" in line:
            if not table_done:
                ncol = max(map(len, rows))
                table = doc.add_table(rows=len(rows), cols=ncol)
                table.style = "Table Grid"
                table.alignment = WD_TABLE_ALIGNMENT.CENTER
                for r, row in enumerate(rows):
                    for c, text in enumerate(row):
                        cell = table.cell(r, c)
                        cell.text = text
                        for p in cell.paragraphs:
                            p.paragraph_format.first_line_indent = Pt(0)
                            for run in p.runs:
                                run.font.size = Pt(12)
                table_done = True
            continue
        p = doc.add_paragraph()
        run = p.add_run(line)
        pf = p.paragraph_format
        if role in TITLE_ROLES or role in HEAD_ROLES:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run.font.size = Pt(22)
            pf.line_spacing = Pt(36)
        elif role == "文号":
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif role == "发文机关署名和成文日期":
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            pf.right_indent = Pt(64)
        elif role in ("主送机关",) or (role == "附件" and len(line) <= 8):
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        else:
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            pf.first_line_indent = Pt(32)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def render_libreoffice(sources: list[Path], out_dir: Path, names: dict[Path, str] | None = None) -> list[Path]:
    """Each text as a 公文 DOCX exported to PDF by LibreOffice, in one soffice run."""
    docs = {src.stem: gongwen_docx(paragraphs_of(src)) for src in sources}
    pdfs = convert_docx(docs, out_dir)
    outs = []
    for src in sources:
        target = out_dir / ((names or {}).get(src) or f"{src.stem}.pdf")
        if pdfs[src.stem] != target:
            shutil.move(str(pdfs[src.stem]), target)
        outs.append(target)
    return outs


def convert_docx(docs: dict[str, bytes], out_dir: Path) -> dict[str, Path]:
    """DOCX files (stem -> bytes) exported to `out_dir/<stem>.pdf` by LibreOffice headless, in one run."""
    exe = shutil.which("soffice")
    if exe is None:
        raise RuntimeError("LibreOffice is not installed: apt-get install libreoffice-writer-nogui")
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for stem, data in docs.items():
            path = Path(tmp) / f"{stem}.docx"
            path.write_bytes(data)
            paths.append(str(path))
        subprocess.run([exe, f"-env:UserInstallation={Path(tmp, 'profile').as_uri()}", "--headless",
                        "--convert-to", "pdf:writer_pdf_Export", "--outdir", tmp, *paths],
                       check=True, capture_output=True, timeout=900, env={"HOME": tmp, "PATH": "/usr/bin:/bin"})
        outs = {}
        for stem in docs:
            outs[stem] = out_dir / f"{stem}.pdf"
            shutil.move(str(Path(tmp) / f"{stem}.pdf"), outs[stem])
    return outs


# ---- Chromium ------------------------------------------------------------------------------

CSS = f"""@page {{ size: A4; margin: 37mm 26mm 35mm 28mm; }}
body {{ font-family: "{FONT_NAME}"; font-size: 16pt; line-height: 28.9pt; margin: 0; }}
p {{ margin: 0; text-indent: 2em; text-align: left; }}
p.title {{ font-size: 22pt; line-height: 36pt; text-align: center; text-indent: 0; }}
p.center {{ text-align: center; text-indent: 0; }}
p.flush {{ text-indent: 0; }}
p.sign {{ text-align: right; padding-right: 4em; text-indent: 0; }}
table {{ border-collapse: collapse; margin: 0 auto; font-size: 12pt; line-height: 18pt; }}
td {{ border: 0.5pt solid black; padding: 2pt 4pt; }}
"""


def gongwen_html(paras: list[tuple[str, str]]) -> str:
    body = []
    rows = [line.split("\t") for _, line in paras if "\t" in line]
    table_done = False
    for role, line in paras:
        if "\t" in line:
            if not table_done:
                body.append("<table>" + "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>"
                                                for r in rows) + "</table>")
                table_done = True
            continue
        cls = ("title" if role in TITLE_ROLES or role in HEAD_ROLES else "center" if role == "文号"
               else "sign" if role == "发文机关署名和成文日期"
               else "flush" if role == "主送机关" or (role == "附件" and len(line) <= 8) else "")
        body.append(f'<p class="{cls}">{html.escape(line)}</p>')
    return (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><style>{CSS}</style></head>'
            f"<body>{''.join(body)}</body></html>")


def chromium_exe() -> str:
    for exe in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(exe)
        if path:
            return path
    raise RuntimeError("Chromium is not installed: apt-get install chromium")


def render_chromium(src: Path, out: Path) -> Path:
    return print_html(gongwen_html(paragraphs_of(src)), out)


def print_html(page_html: str, out: Path) -> Path:
    """An HTML page printed to the PDF `out` by headless Chromium."""
    exe = chromium_exe()
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "page.html"
        page.write_text(page_html, encoding="utf-8")
        subprocess.run([exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                        f"--user-data-dir={tmp}/profile", f"--print-to-pdf={out}", page.as_uri()],
                       check=True, capture_output=True, timeout=300, env={"HOME": tmp, "PATH": "/usr/bin:/bin"})
    return out


def render_matrix(sources: list[Path], out_dir: Path) -> dict[tuple[str, str], Path]:
    """Every source printed by every producer: {(producer, stem): pdf}."""
    out: dict[tuple[str, str], Path] = {}
    for producer in PRODUCERS:
        folder = out_dir / producer
        folder.mkdir(parents=True, exist_ok=True)
        if producer == "libreoffice":
            for src, pdf in zip(sources, render_libreoffice(sources, folder)):
                out[(producer, src.stem)] = pdf
            continue
        for src in sources:
            out[(producer, src.stem)] = render(producer, src, folder / f"{src.stem}.pdf")
    return out
