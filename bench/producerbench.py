"""Producer matrix and legacy-converter figures.

    python -m bench.producerbench OUT.json [--c027]

- Producers (tests/render/producers.py): the seeds and tuning-set corpus texts printed by every
  producer; per producer and reader, pages/s of ingest and the share of documents whose record
  equals the text's (seeds: whole record; corpus texts: header, amounts, percentages, awards,
  references), with the first differences.  `--c027` adds the 331-page corpus compilation
  (both readers: seconds, pages/s, peak RSS, and whether the two readers' records agree).
- Cards (tests/render/card_tables.py): tuning-set policy cards (label | content tables whose
  cells wrap) printed by every card producer, the card list repeated `--card-copies` times: the
  PDF stream check's pages/s (target: STREAM_CHECK_PAGES_PER_S, the bound a timed unit test
  held before) and each reader's ingest pages/s, card tables found of those rendered, and
  whether the readers agree.
- Converters: the seeds' DOCX renderings saved as .doc by LibreOffice, read back by
  LibreOffice (the pipeline's path), antiword and catdoc when installed: seconds per file and
  differences from the text record.
"""
from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "render"))
sys.path.insert(0, str(ROOT / "tests" / "ingest"))

CORPUS_TEXTS = ["c002_hebei_naiye_yijian_2019", "c003_hebei_naiye_zhengce_2022", "c007_hebei_gangtie_chuangxin_2023"]
STREAM_CHECK_PAGES_PER_S = 100.0  # 331 pages in 3 s
KEYS = ("doc_number", "title", "issuers", "issue_date", "effective_from", "effective_to", "amounts",
        "percentages", "awards", "references")


def _key(stem: str, record: dict) -> dict:
    from compare import comparable

    c = comparable(record)
    return c if not stem.startswith("c") else {k: c[k] for k in KEYS}


def producers(work: Path) -> dict[str, Any]:
    from compare import differences
    from producers import PRODUCERS, crawl_to_paragraphs, render_matrix

    from pipeline.engine import Options, process_file

    sources = sorted((ROOT / "tests" / "seeds").glob("*.txt"))
    for stem in CORPUS_TEXTS:
        path = work / f"{stem}.txt"
        path.write_text(crawl_to_paragraphs(ROOT / "tests" / "corpus" / "docs" / f"{stem}.txt"), encoding="utf-8")
        sources.append(path)
    want = {p.stem: _key(p.stem, process_file(p).to_dict()) for p in sources}
    t0 = time.perf_counter()
    matrix = render_matrix(sources, work / "pdf")
    out: dict[str, Any] = {"render_seconds": round(time.perf_counter() - t0, 1), "producers": {}}
    for producer in PRODUCERS:
        row: dict[str, Any] = {}
        for reader in ("pdfplumber", "fast"):
            pages = seconds = agree = 0
            mismatches = {}
            for src in sources:
                start = time.perf_counter()
                got = process_file(matrix[(producer, src.stem)], Options(pdf_reader=reader)).to_dict()
                seconds += time.perf_counter() - start
                pages += got["source"]["pages"]
                diffs = differences(want[src.stem], _key(src.stem, got))
                agree += not diffs
                if diffs:
                    mismatches[src.stem] = diffs[:3]
            row[reader] = {"documents": len(sources), "agree": agree, "pages": pages,
                           "pages_per_s": round(pages / seconds, 1), "mismatches": mismatches}
        out["producers"][producer] = row
    return out


def c027() -> dict[str, Any]:
    from pipeline.engine import Options, process_file

    path = ROOT / "tests" / "corpus" / "docs" / "c027_beijing_chanye_zhengce_daoyin_2024.pdf"
    out: dict[str, Any] = {}
    records = {}
    for reader in ("pdfplumber", "fast"):
        start = time.perf_counter()
        rec = process_file(path, Options(pdf_reader=reader, max_seconds=None)).to_dict()
        seconds = time.perf_counter() - start
        records[reader] = rec
        out[reader] = {"seconds": round(seconds, 1), "pages_per_s": round(rec["source"]["pages"] / seconds, 2),
                       "tables": None, "amounts": len(rec["amounts"]), "awards": len(rec["awards"])}
    out["peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    out["readers_agree"] = records["pdfplumber"] == records["fast"]
    return out


def cards(work: Path, copies: int) -> dict[str, Any]:
    from card_tables import CARD_PRODUCERS, LABELS, render_cards, tuning_cards

    from pipeline.ingest import bounds, ingest_file

    deck = tuning_cards() * copies
    out: dict[str, Any] = {"cards": len(deck), "target_stream_check_pages_per_s": STREAM_CHECK_PAGES_PER_S,
                           "producers": {}}
    for producer in CARD_PRODUCERS:
        pdf = render_cards(producer, deck, work / f"cards-{producer}.pdf")
        data = pdf.read_bytes()
        runs = []
        for _ in range(3):
            start = time.perf_counter()
            bounds.check_pdf_streams(data, pdf.name)
            runs.append(time.perf_counter() - start)
        check_s = sorted(runs)[1]
        row: dict[str, Any] = {"bytes": len(data), "stream_check_seconds": round(check_s, 3)}
        read = {}
        for reader in ("pdfplumber", "fast"):
            start = time.perf_counter()
            read[reader] = ingest_file(pdf, pdf_reader=reader)
            seconds = time.perf_counter() - start
            row[reader] = {"seconds": round(seconds, 1),
                           "pages_per_s": round(read[reader].source.pages / seconds, 1),
                           "cards_found": sum([r.cells[0] for r in t] == list(LABELS) for t in read[reader].tables)}
        pages = read["pdfplumber"].source.pages
        row["pages"] = pages
        row["stream_check_pages_per_s"] = round(pages / check_s, 1)
        row["meets_target"] = pages / check_s >= STREAM_CHECK_PAGES_PER_S
        row["readers_agree"] = read["pdfplumber"].text == read["fast"].text and \
            read["pdfplumber"].tables == read["fast"].tables
        out["producers"][producer] = row
    return out


def converters(work: Path) -> dict[str, Any]:
    from compare import comparable, differences
    from test_formats import _docx, _paragraphs

    from pipeline.engine import assemble_record, process_file
    from pipeline.extract import extract_mentions
    from pipeline.ingest import ingest_bytes, ingest_lines
    from pipeline.ingest.layout import Line
    from pipeline.records import SourceInfo
    from pipeline.structure import structure_document

    seeds = sorted((ROOT / "tests" / "seeds").glob("*.txt"))
    records = {p.stem: process_file(p) for p in seeds}
    folder = work / "doc"
    folder.mkdir()
    for stem in records:
        (folder / f"{stem}.docx").write_bytes(_docx(_paragraphs(stem, records)))
    subprocess.run(["soffice", f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--convert-to",
                    "doc:MS Word 97", "--outdir", str(folder), *map(str, sorted(folder.glob("*.docx")))],
                   check=True, capture_output=True, timeout=600)

    def record(ingested) -> dict:
        doc = structure_document(ingested)
        return assemble_record(doc, extract_mentions(doc)).to_dict()

    def text_lines(text: str) -> list[Line]:  # antiword/catdoc text: `|` grids are table rows
        return [Line("\t".join(c.strip() for c in raw.strip().strip("|").split("|")), table=True)
                if raw.startswith("|") else Line(raw.strip(), full_width=False) for raw in text.split("\n")]

    tools = {"libreoffice": None, "antiword": ["antiword", "-w", "0", "-m", "UTF-8.txt"],
             "catdoc": ["catdoc", "-w", "-d", "utf-8"]}
    out: dict[str, Any] = {}
    for tool, cmd in tools.items():
        if cmd and not shutil.which(cmd[0]):
            out[tool] = "not installed"
            continue
        seconds, diffs = 0.0, {}
        for stem, rec in records.items():
            doc = folder / f"{stem}.doc"
            start = time.perf_counter()
            if cmd is None:
                got = record(ingest_bytes(doc.read_bytes(), doc.name))
            else:
                text = subprocess.run(cmd + [str(doc)], capture_output=True, check=False).stdout.decode("utf-8", "replace")
                got = record(ingest_lines(text_lines(text), SourceInfo(doc.name, "0" * 64, "docx", None)))
            seconds += time.perf_counter() - start
            diffs[stem] = len(differences(comparable(rec.to_dict()), comparable(got)))
        out[tool] = {"seconds_per_file": round(seconds / len(records), 3), "differences_per_file": diffs}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--c027", action="store_true", help="also the 331-page corpus compilation (minutes)")
    ap.add_argument("--card-copies", type=int, default=4, help="the tuning cards repeated this many times")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        report: dict[str, Any] = {"matrix": producers(work), "converters": converters(work),
                                  "cards": cards(work, args.card_copies)}
        if args.c027:
            report["c027"] = c027()
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    for producer, row in report["matrix"]["producers"].items():
        print(producer, {r: f"{v['agree']}/{v['documents']} agree, {v['pages_per_s']} pages/s" for r, v in row.items()})
    print(json.dumps(report["converters"], ensure_ascii=False))
    for producer, row in report["cards"]["producers"].items():
        print("cards", producer, f"{row['pages']} pages, stream check {row['stream_check_pages_per_s']} pages/s,",
              {r: f"{row[r]['pages_per_s']} pages/s, {row[r]['cards_found']}/{report['cards']['cards']} cards"
               for r in ("pdfplumber", "fast")}, "readers agree" if row["readers_agree"] else "readers DIFFER")
    if "c027" in report:
        print("c027", json.dumps(report["c027"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
