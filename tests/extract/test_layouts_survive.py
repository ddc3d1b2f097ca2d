"""Amounts, percentages and awards survive every layout and typography a 公文 reaches us in (issue 14).

TUNING documents with awards and percentages in their gold are printed in the publishing layouts of
tests/structure (gov.cn fragments, TRS pages, 北大法宝 / 威科 exports, crawled pages and text dumps)
and in those of tests/extract/layouts.py (markup splitting sentences, a `<p>` or a hard break at every
printed line, clause rows of a table, full-/half-width digits, `百分之N`, `5,000`, `五十万元`, 元 for 万元).
What is read from each must be what the plain text gives, and score against the gold as the plain
text does."""
from __future__ import annotations

import functools
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "structure"))
import layouts as L
import publishing as P
import renderings as R

from pipeline.engine.document import assemble_record
from pipeline.evaluate.compare import compare_document
from pipeline.evaluate.labels import load_gold, record_label
from pipeline.extract import extract_mentions
from pipeline.ingest import ingest_bytes, ingest_file
from pipeline.structure import structure_document

# rate grants with caps and 分别 lists (c001, c006), per-head grants in 元 and 分别 lists with 和 (c003),
# risk shares, fee ceilings and goals in percent (c017), per-bed grants, rates with caps and goals (c036),
# 分别 lists and fee ceilings (c009)
STEMS = ["c001_hebei_jishuchuangxin_2023", "c003_hebei_naiye_zhengce_2022", "c006_hebei_yiyao_cuoshi_2021",
         "c009_hebei_chengde_fantai_2023", "c017_guojia_keji_danbao_jihua_2024", "c036_hebei_kangyang_2024"]
PUBLISHED = {
    "govcn-tables": lambda s: (R.govcn_fragment(s, "tables").encode("utf-8"), "page.html"),
    "govcn-divs": lambda s: (R.govcn_fragment(s, "divs").encode("utf-8"), "page.html"),
    "trs-h1": lambda s: (R.trs_page(s, "h1").encode("utf-8"), "page.html"),
    "trs-sidebar": lambda s: (R.trs_page(s, "sidebar").encode("utf-8"), "page.html"),
    "pkulaw": lambda s: (R.pkulaw_export(s), "export.txt"),
    "pkulaw-block": lambda s: (P.legal_database(s, "pkulaw", "before").encode("utf-8"), "export.txt"),
    "wolters-after": lambda s: (P.legal_database(s, "wolters", "after").encode("utf-8"), "export.txt"),
    "govcn-doubled": lambda s: (P.govcn_doubled(s, 2).encode("utf-8"), "page.html"),
    "crawled-text": lambda s: (P.crawled_text(s).encode("utf-8"), "page.txt"),
    "crawled-page": lambda s: (P.crawled_page(s).encode("utf-8"), "page.html"),
}
LAYOUTS = list(PUBLISHED) + list(L.LAYOUTS) + list(L.TYPOGRAPHY)
GOLD = Path(__file__).resolve().parents[1] / "gold" / "corpus"


@functools.lru_cache(maxsize=1)
def _gold() -> dict:
    return load_gold(GOLD)


def _record(ingested):
    doc = structure_document(ingested)
    return assemble_record(doc, extract_mentions(doc))


@functools.lru_cache(maxsize=16)
def _plain(stem: str):
    return _record(ingest_file(R.plain_path(stem)))


def _render(stem: str, layout: str) -> tuple[bytes, str]:
    return PUBLISHED[layout](stem) if layout in PUBLISHED else L.render(stem, layout)


def _key(item: tuple) -> str:
    return repr(item)  # None and numbers side by side: sorted by their printing


def _amounts(record, *, unit: bool = True) -> list[tuple]:
    return sorted(((a.value, a.value_max, a.unit if unit else None, a.role, a.clause) for a in record.extraction.amounts), key=_key)


def _percentages(record) -> list[tuple]:
    return sorted(((p.value, p.role, p.clause) for p in record.extraction.percentages), key=_key)


def _awards(record, *, wording: bool = True) -> list[tuple]:
    """Awards by what they grant; `wording` False leaves out the phrases (condition, rate base), whose
    numbers a typography rewrites (`五十万元以上的`)."""
    return sorted(((a.clause, a.amount, a.amount_role, a.rate, a.threshold, a.cap, a.per,
                   a.condition if wording else None, a.rate_base if wording else None)
                  for a in record.extraction.awards), key=_key)


def _f1(stem: str, record) -> dict[str, float]:
    result = compare_document(_gold()[stem], record_label(record), record)
    return {k: result.scores[k].f1 for k in ("amounts", "percentages", "awards")}


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("stem", STEMS, ids=lambda s: s[:4])
def test_mentions_in_every_layout_are_the_plain_text_s(stem, layout):
    record, plain = _record(ingest_bytes(*_render(stem, layout))), _plain(stem)
    typography = layout in L.TYPOGRAPHY
    assert _amounts(record, unit=layout != "yuan") == _amounts(plain, unit=layout != "yuan")
    assert _percentages(record) == _percentages(plain)
    assert _awards(record, wording=not typography) == _awards(plain, wording=not typography)
    if layout != "yuan":  # (the gold writes the unit as the plain text does)
        assert _f1(stem, record) == _f1(stem, plain)


@pytest.mark.parametrize("layout", ["html-p-lines", "html-br", "text-wrapped"])
@pytest.mark.parametrize("stem", ["c001_hebei_jishuchuangxin_2023", "c006_hebei_yiyao_cuoshi_2021"], ids=lambda s: s[:4])
def test_a_sentence_split_at_printed_lines_is_one_sentence(stem, layout):
    """A rate grant and its cap, split by a line end, are one award with the cap (not a rate and a
    stray 万元 award), and its clause is the plain text's."""
    record = _record(ingest_bytes(*_render(stem, layout)))
    plain = _plain(stem)
    capped = [a for a in plain.extraction.awards if a.rate is not None and a.cap is not None]
    assert capped
    assert [(a.clause, a.rate, a.cap) for a in record.extraction.awards if a.rate is not None and a.cap is not None] \
        == [(a.clause, a.rate, a.cap) for a in capped]
    assert [c.id for c in record.clauses] == [c.id for c in plain.clauses]
