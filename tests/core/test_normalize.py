"""Property and example tests for the contract's normalisers (文号, titles, dates, numerals)."""
import datetime as dt

import cn2an
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.normalize import cn_to_int, normalize_doc_number, normalize_title, parse_date

FW = str.maketrans("0123456789", "０１２３４５６７８９")
BRACKETS = [("〔", "〕"), ("[", "]"), ("［", "］"), ("【", "】"), ("(", ")"), ("（", "）"), ("﹝", "﹞")]
agencies = st.sampled_from(["连制造强市办", "苏政办发", "泗政办发", "宁财企", "国办发", "京政发", "粤府"])


@given(agencies, st.integers(1990, 2099), st.integers(1, 999), st.sampled_from(BRACKETS),
       st.booleans(), st.integers(0, 2), st.booleans(), st.booleans())
def test_doc_number_variants_normalise_to_one_form(agency, year, serial, brackets, fullwidth, pad, spaced, nth):
    digits_year, digits_serial = str(year), str(serial).zfill(len(str(serial)) + pad)
    if fullwidth:
        digits_year, digits_serial = digits_year.translate(FW), digits_serial.translate(FW)
    sep = " " if spaced else ""
    raw = f"{agency}{sep}{brackets[0]}{digits_year}{brackets[1]}{sep}{'第' if nth else ''}{digits_serial}号"
    assert normalize_doc_number(raw) == f"{agency}〔{year}〕{serial}号"


@pytest.mark.parametrize("raw,expected", [
    ("根据市制造强市办〔2022〕11号", "市制造强市办〔2022〕11号"),  # lead-in dropped, agency kept as written
    ("连政办发（２０２２）3号", "连政办发〔2022〕3号"),
    ("苏政办发[2021]109号", "苏政办发〔2021〕109号"),
    ("没有文号的句子", None),
    ("冀科成市规﹝2022﹞1号", "冀科成市规〔2022〕1号"),  # small-form brackets (U+FE5D/U+FE5E)
    ("冀政字〔2022〕第1号", "冀政字〔2022〕1号"),  # the serial written after 第
    ("省政府令〔2024〕第1号", None),  # a 令 number with its year, not a 文号 (normalize_order_number)
    ("省政府令〔2024〕1号", None),  # 令 before the year's bracket: an order number, with or without its 第
    ("财政部公告〔2019〕第3号", None), ("某局通告〔2020〕2号", None),
])
def test_doc_number_examples(raw, expected):
    assert normalize_doc_number(raw) == expected


@given(st.dates(dt.date(1949, 10, 1), dt.date(2099, 12, 31)), st.booleans(), st.booleans())
def test_dates_round_trip_in_arabic_and_chinese(date, chinese, spaced):
    if chinese:
        year = "".join("〇一二三四五六七八九"[int(d)] for d in str(date.year))
        text = f"{year}年{cn2an.an2cn(date.month)}月{cn2an.an2cn(date.day)}日"
    else:
        sep = " " if spaced else ""
        text = f"{date.year}{sep}年{sep}{date.month}{sep}月{sep}{date.day}{sep}日"
    assert parse_date(text) == date.isoformat()


def test_invalid_date_is_none():
    assert parse_date("2023年2月30日") is None


@given(st.integers(0, 99999))
def test_chinese_numerals_round_trip(n):
    assert cn_to_int(cn2an.an2cn(n)) == n
    assert cn_to_int(str(n).translate(FW)) == n


@pytest.mark.parametrize("raw,expected", [
    ("《启东市制造业智能化改造和数字化转型三年行动计划（２０２２—２０２４年）》",
     "启东市制造业智能化改造和数字化转型三年行动计划（2022-2024年）"),
    ("支持制造业智能化改造和数字化转型 的具体措施", "支持制造业智能化改造和数字化转型的具体措施"),
    ("实 施 意 见", "实施意见"),
])
def test_titles(raw, expected):
    assert normalize_title(raw) == expected
