"""The number parser and the money/percent finders (pipeline/extract/numbers.py)."""
from __future__ import annotations

import re

import cn2an
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.extract.numbers import PERCENT_RE, find_money, parse_number, percent_value

_FULL = str.maketrans("0123456789.", "０１２３４５６７８９．")


@pytest.mark.parametrize("raw, value", [
    ("12", 12), ("１２", 12), ("1.5", 1.5), ("１．５", 1.5), ("十", 10), ("十二", 12), ("五十", 50),
    ("一千", 1000), ("一千二百", 1200), ("两万", 20000), ("三万五千", 35000), ("〇", 0),
])
def test_parse_number(raw: str, value: float) -> None:
    assert parse_number(raw) == value


@pytest.mark.parametrize("raw", ["", "abc", "万元", "12a"])
def test_parse_number_rejects(raw: str) -> None:
    with pytest.raises(ValueError):
        parse_number(raw)


@given(st.integers(min_value=0, max_value=10**9))
def test_arabic_round_trip(n: int) -> None:
    assert parse_number(str(n)) == n


@given(st.integers(min_value=0, max_value=10**9))
def test_full_width_round_trip(n: int) -> None:
    assert parse_number(str(n).translate(_FULL)) == n


@given(st.integers(min_value=1, max_value=10**8 - 1))
def test_chinese_round_trip(n: int) -> None:
    assert parse_number(cn2an.an2cn(n)) == n


@given(st.integers(min_value=1, max_value=99999), st.sampled_from(["元", "万元", "亿元"]))
def test_money_round_trip(n: int, unit: str) -> None:
    scale = {"元": 1, "万元": 10_000, "亿元": 100_000_000}[unit]
    for written in (f"{n}{unit}", f"{n} {unit}", f"{n}{unit}".translate(_FULL), f"{cn2an.an2cn(n)}{unit}"):
        found = find_money(f"给予{written}奖励")
        assert [m.value for m in found] == [n * scale], written
        assert found[0].text == written.strip()


@pytest.mark.parametrize("text, expected", [
    ("五十万元", [("五十万元", 500000, None, "万元")]),
    ("一千万元", [("一千万元", 10000000, None, "万元")]),
    ("1.5亿元", [("1.5亿元", 150000000, None, "亿元")]),
    ("十万元", [("十万元", 100000, None, "万元")]),
    ("200 万元", [("200 万元", 2000000, None, "万元")]),
    ("五十 万元", [("五十 万元", 500000, None, "万元")]),
    ("２００万元", [("２００万元", 2000000, None, "万元")]),
    ("300-500万元", [("300-500万元", 3000000, 5000000, "万元")]),
    ("300至500万元", [("300至500万元", 3000000, 5000000, "万元")]),
    ("三百至五百万元", [("三百至五百万元", 3000000, 5000000, "万元")]),
    ("分别给予50、30万元", [("50", 500000, None, "万元"), ("30万元", 300000, None, "万元")]),
    ("800元", [("800元", 800, None, "元")]),
])
def test_find_money(text: str, expected: list) -> None:
    assert [(m.text, m.value, m.value_max, m.unit) for m in find_money(text)] == expected
    for m in find_money(text):
        assert text[m.start:m.end] == m.text


@pytest.mark.parametrize("text", [
    "标识注册量达2亿", "5G基站超1000个", "接入100M以上互联网专线", "确定 2—3 个特色产业",
    "按30:70分级承担", "按3:7分别承担", "智能制造单元", "多元化发展", "元宇宙产业",
])
def test_not_money(text: str) -> None:
    assert find_money(text) == []


@pytest.mark.parametrize("text, value", [("12%", 12), ("１２％", 12), ("百分之三十", 30), ("2.5%", 2.5)])
def test_percent(text: str, value: float) -> None:
    m = PERCENT_RE.search(text)
    assert m and m.group() == text and percent_value(m) == value


def test_no_percent_in_ratio() -> None:
    assert not PERCENT_RE.search("由市、县（区）按30:70分级承担") and not re.search("%", "3:7")
