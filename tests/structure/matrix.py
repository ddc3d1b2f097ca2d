"""The generalisation matrix: every TUNING document through every rendering the tests have, its header
compared with the tuning gold, field by field (issue 13).

    .venv/bin/python tests/structure/matrix.py [--detail] [--only RENDERING] [STEM ...]

prints, per rendering family, how many (document, rendering) cases read each of title, 文号 (doc_number and
order_number), issuers, issue_date and doc_type as the gold says; `--detail` lists the cases that do not.
A rendering that cannot be made of a document (a signature variant of an unsigned one) is not counted.
Only tuning documents (tests/corpus/split.json) are rendered: `renderings.plain_path` refuses the others.
"""
from __future__ import annotations

import argparse
import collections
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[0] / "extract"))
sys.path.insert(0, str(HERE.parents[0] / "ingest"))
import cms_layouts as C
import publishing as P
import renderings as R
import site_pages as S

from pipeline.ingest import ingest_bytes
from pipeline.structure import structure_document

FIELDS = ("title", "number", "issuers", "issue_date", "doc_type")
Render = Callable[[str], tuple[bytes, str]]


def tuning_stems() -> list[str]:
    split = json.loads((HERE.parents[0] / "corpus" / "split.json").read_text(encoding="utf-8"))
    return sorted(split["tuning"])


def _text(make: Callable[[str], str], name: str = "doc.txt") -> Render:
    return lambda stem: (make(stem).encode("utf-8"), name)


def renderings() -> Iterator[tuple[str, str, Render]]:
    """(family, name, render) for every rendering in tests/structure and tests/extract/layouts.py."""
    import layouts as L

    for v in ("tables", "divs"):
        yield "govcn", f"govcn-{v}", _text(lambda s, v=v: R.govcn_fragment(s, v), "page.html")
    for v in ("h1", "div", "sidebar"):
        yield "trs", f"trs-{v}", _text(lambda s, v=v: R.trs_page(s, v), "page.html")
    yield "pkulaw", "pkulaw", lambda s: (R.pkulaw_export(s), "export.txt")
    for style, where in [("pkulaw", "before"), ("pkulaw", "after"), ("pkulaw-title", "before"), ("wolters", "before"),
                         ("wolters", "after"), ("faxin", "before"), ("faxin", "after")]:
        yield "database", f"{style}/{where}", _text(lambda s, a=style, b=where: P.legal_database(s, a, b), "export.txt")
    for n in (2, 3):
        yield "govcn", f"govcn-doubled-{n}", _text(lambda s, n=n: P.govcn_doubled(s, n), "page.html")
    yield "crawled", "crawled-text", _text(P.crawled_text, "page.txt")
    yield "crawled", "crawled-page", _text(P.crawled_page, "page.html")
    for v in ("title-2", "title-3", "signer", "signer-glued", "order", "dated", "dated-glued"):
        yield "head", v, _text(lambda s, v=v: P.head_variant(s, v))
    for layout in ("inline", "split", "tabs"):
        for dated in ("both", "published", "generated"):
            yield "cms", f"cms-{layout}-{dated}", _text(lambda s, a=layout, d=dated: C.cms_text(s, a, "title-first", d), "page.txt")
    for cells in ("cells", "rows"):
        yield "cms", f"cms-page-{cells}", _text(lambda s, c=cells: C.cms_page(s, "index-first", "both", c), "page.html")
    for v in C.FURNITURE:
        yield "furniture", f"furnished-{v}", _text(lambda s, v=v: C.furnished_text(s, v), "page.txt")
    for change in C.HEADLINE_CHANGES:
        yield "headline", f"then-{change}", _text(lambda s, c=change: C.headline_then_title(s, c), "page.txt")
        for n in (1, 2):
            yield "headline", f"over-{change}-{n}", _text(lambda s, c=change, n=n: C.headline_over_title(s, c, n), "page.txt")
    for order in ("tnd", "ntd", "dtn"):
        yield "one-line", f"one-line-{order}", _text(lambda s, o=order: C.one_line_head(s, o))
    for style, join in [("cn", "line"), ("cn-numerals", "own"), ("latin-o", "split"), ("fullwidth", "line"),
                        ("cn", "joint-spaces"), ("cn", "joint-list")]:
        yield "signature", f"sign-{style}-{join}", _text(lambda s, a=style, b=join: C.signature_variant(s, a, b))
    for name in L.LAYOUTS:
        yield "markup", name, lambda s, n=name: L.render(s, n)
    yield "docx", "docx", _docx
    for h in S.HEADLINES:
        yield "wcm", f"wcm-{h}", _text(lambda s, h=h: S.wcm_page(s, h), "page.html")
    for sep, joiner in [("", " "), (" ", "、"), ("：", "，")]:
        yield "pkulaw-full", f"pkulaw-full{sep!r}{joiner!r}", _text(lambda s, a=sep, b=joiner: S.pkulaw_full(s, a, b), "export.txt")
    for at in CUTS:
        yield "title-cut", f"cut-{at}", _text(lambda s, at=at: S.title_cut(s, _cut(s, at)))
    for kind in S.PAGE_HEADLINES:
        for form in ("page", "text"):
            yield "page-headline", f"{kind}-{form}", _text(lambda s, k=kind, f=form: S.headlined(s, k, f),
                                                           "page.html" if form == "page" else "page.txt")
    for kind in S.MASTHEADS:
        yield "masthead", kind, _text(lambda s, k=kind: S.masthead_variant(s, k))
    for form in S.SIGNATURE_DATES:
        yield "signature-date", form, _text(lambda s, f=form: S.signature_date(s, f))
    for kind in S.CUT_TITLES:
        for source in ("metadata", "headline"):
            yield "cut-title", f"{kind}-{source}", _text(lambda s, k=kind, o=source: S.cut_title(s, k, o), "page.txt")
    for label in S.VERSION_LABELS:
        for own in (True, False):
            yield "pkulaw-version", f"{label}-{own}", _text(lambda s, a=label, o=own: S.pkulaw_versioned(s, a, o), "export.txt")
    for printing in S.HEADLINE_PRINTINGS:
        yield "headline-only", f"headline-{printing}", _text(lambda s, h=printing: S.headline_only_page(s, h), "page.html")
    for style in S.PUNCTUATION:
        yield "punctuation", style, _text(lambda s, st=style: S.punctuated(s, st))
    for where in S.NUMBER_PLACES:
        yield "numbered", f"numbered-{where}", _text(lambda s, w=where: S.numbered_title(s, w))


CUTS = (2, 5, 9, -9, -5, -3, -1)  # where a title is broken: characters from its start (or, negative, its end)


def _cut(stem: str, at: int) -> int:
    title = R.gold(stem)["title"]
    if not title:
        raise ValueError("no title")
    return at % len(title)


def _docx(stem: str) -> tuple[bytes, str]:
    from test_formats import _docx as make

    return make(R.paragraphs(stem)), "doc.docx"


def _expected(stem: str) -> dict:
    g = R.gold(stem)
    return {"title": g["title"], "number": (g["doc_number"], g["order_number"]), "issuers": tuple(g["issuers"]),
            "issue_date": g["issue_date"], "doc_type": g["doc_type"]}


def _got(data: bytes, name: str) -> dict:
    h = structure_document(ingest_bytes(data, name)).header
    return {"title": h.title, "number": (h.doc_number, h.order_number), "issuers": tuple(h.issuers),
            "issue_date": h.issue_date, "doc_type": h.doc_type}


def measure(stems: list[str], only: str | None = None) -> tuple[dict, list[str]]:
    """{family: {field: [right, cases]}} and the wrong cases' lines."""
    table: dict[str, dict[str, list[int]]] = collections.defaultdict(lambda: {f: [0, 0] for f in FIELDS})
    wrong = []
    for family, name, render in renderings():
        if only and only not in name:
            continue
        for stem in stems:
            try:
                data, file_name = render(stem)
            except (AssertionError, ValueError, KeyError):
                continue  # the rendering does not apply to this document
            got, want = _got(data, file_name), _expected(stem)
            if family == "punctuation" and want["title"]:  # the title keeps the brackets it is printed with
                want["title"] = want["title"].translate(S.PUNCTUATION[name]).replace(" ", "")
            for field in FIELDS:
                table[family][field][1] += 1
                if got[field] == want[field]:
                    table[family][field][0] += 1
                else:
                    wrong.append(f"{stem[:4]} {name:28} {field:10} got {got[field]!r} want {want[field]!r}")
    return table, wrong


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("stems", nargs="*")
    parser.add_argument("--detail", action="store_true")
    parser.add_argument("--only")
    args = parser.parse_args(argv)
    table, wrong = measure(args.stems or tuning_stems(), args.only)
    print(f"{'family':12}" + "".join(f"{f:>16}" for f in FIELDS))
    totals = {f: [0, 0] for f in FIELDS}
    for family, row in table.items():
        print(f"{family:12}" + "".join(f"{row[f][0]:>9}/{row[f][1]:<6}" for f in FIELDS))
        for f in FIELDS:
            totals[f][0] += row[f][0]
            totals[f][1] += row[f][1]
    print(f"{'all':12}" + "".join(f"{totals[f][0]:>9}/{totals[f][1]:<6}" for f in FIELDS))
    if args.detail:
        print("\n".join(wrong))
    return 0


if __name__ == "__main__":
    sys.exit(main())
