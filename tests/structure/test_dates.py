"""Dates in every typography a 公文 or a site prints, and dates printed without separators.

A date-labelled field (a site's `成文日期`) is read in any typography; a run of digits without
separators only when it can mean one day (`YYYYMMDD`), never guessed otherwise (null + warning).
Built from tuning documents: c014 (a rule published without a date under it, so a site's
成文日期 is what settles issue_date) and c020 (a 令 dated `二ＯＯ四年十二月二十七日`).
"""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import renderings as R

from pipeline.ingest import ingest_bytes
from pipeline.structure import structure_document
from pipeline.structure.dates import read_labelled_date

STYLES = ["cn", "cn-numerals", "latin-o", "fullwidth", "dots", "dashes", "slashes", "compact", "compact-fullwidth"]
RULE = "c014_hebei_kjjl_xiuzhengan_2024"
ORDER = "c020_guojia_kjb_ling9_xiugai_2004"


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("iso", ["2004-12-27", "2024-05-20", "2019-11-05"])
def test_a_labelled_date_in_any_typography(style, iso):
    printed = R.print_date(iso, style)
    date, why = read_labelled_date(printed)
    assert date == iso
    # only a date without separators is worth a word: it was read from digits alone
    assert (why is not None) == style.startswith("compact")


@pytest.mark.parametrize("printed,readings", [
    ("2024111", ["2024-01-11", "2024-11-01"]),  # 1 November or 11 January
    ("２０２４１１１", ["2024-01-11", "2024-11-01"]),
    ("2024520", []),  # one reading, but digits without padding are not a printed date: not guessed
    ("202405", []),  # a month, no day
    ("20241345", []),  # eight digits, no valid day
    ("20240230", []),
])
def test_digits_that_do_not_spell_one_day_are_not_read(printed, readings):
    date, why = read_labelled_date(printed)
    assert date is None
    assert why and "not" in why
    for reading in readings:
        assert reading in why


@pytest.mark.parametrize("printed", ["2024-02-30", "2024.13.01", "索引号", "科技、教育"])
def test_what_is_not_a_valid_date_is_not_read(printed):
    date, why = read_labelled_date(printed)
    assert date is None and why


def _page(**metadata):
    html = R.govcn_fragment(RULE, "tables", issue_date="2024-05-20", **metadata)
    return structure_document(ingest_bytes(html.encode("utf-8"), "page.html"))


@pytest.mark.parametrize("style", STYLES)
def test_a_site_s_issue_date_in_any_typography(style):
    doc = _page(date_style=style)
    assert doc.header.issue_date == "2024-05-20"
    assert dict(doc.header.sources)["issue_date"] == "metadata"
    assert any("without separators" in w for w in doc.warnings) == style.startswith("compact")


@pytest.mark.parametrize("printed", ["2024520", "2024111", "20241345"])
def test_a_site_s_ambiguous_issue_date_is_null_with_a_warning(printed):
    doc = _page(issue_date_text=printed)
    assert doc.header.issue_date is None
    assert "issue_date" not in dict(doc.header.sources)
    assert any(printed in w and "issue_date" in w and "not" in w for w in doc.warnings)


@pytest.mark.parametrize("printed", ["二ＯＯ四年十二月二十七日", "二OO四年十二月二十七日", "二〇〇四年十二月二十七日",
                                     "二○○四年十二月二十七日", "２００４年１２月２７日", "2004年12月27日"])
def test_the_order_s_own_date_in_any_typography(printed):
    text = R.plain_path(ORDER).read_text(encoding="utf-8")
    assert "二ＯＯ四年十二月二十七日" in text
    doc = structure_document(ingest_bytes(text.replace("二ＯＯ四年十二月二十七日", printed, 1).encode("utf-8"), "o.txt"))
    assert doc.header.issue_date == "2004-12-27"
    assert doc.header.order_number == "科学技术部令第9号"
