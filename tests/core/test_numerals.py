"""`cn_to_int` reads Chinese numerals as cn2an's smart reading does, written-out numbers below
10,000 from its own table (no cn2an call), every other form through cn2an."""
from __future__ import annotations

import re

import cn2an
from hypothesis import given
from hypothesis import strategies as st

from pipeline.normalize import _standard_numerals, cn_to_int, fold_digits


def test_the_table_is_cn2an_reading_every_number_below_ten_thousand() -> None:
    table = _standard_numerals()
    assert {n for n in table.values()} == set(range(10_000))
    for written, n in table.items():
        assert int(cn2an.cn2an(written, "smart")) == n, written
    for n in range(10_000):  # cn2an's own writing of each number is read from the table
        assert table[cn2an.an2cn(n)] == n


def _cn_to_int_by_cn2an(s: str) -> int:
    """cn_to_int as it was: every numeral that is not all digits read by cn2an."""
    s = fold_digits(s.strip())
    if any(ch in "〇零一二三四五六七八九" for ch in s):
        s = re.sub("[OoＯｏ○◯]", "〇", s)
    if s.isdigit():
        return int(s)
    if all(ch in "〇零一二三四五六七八九" for ch in s) and len(s) > 1:
        return int("".join(str("〇一二三四五六七八九".index(ch)) if ch != "零" else "0" for ch in s))
    return int(cn2an.cn2an(s.replace("两", "二"), "smart"))


def _outcome(read, s: str) -> tuple[str, object]:  # type: ignore[no-untyped-def]
    try:
        return "value", read(s)
    except Exception as exc:  # noqa: BLE001 - both must fail alike on a non-numeral
        return "error", type(exc).__name__


@given(st.text(alphabet=st.sampled_from("〇零一二三四五六七八九十百千万两0１OＯ○ "), max_size=7))
def test_cn_to_int_reads_as_cn2an(s: str) -> None:
    assert _outcome(cn_to_int, s) == _outcome(_cn_to_int_by_cn2an, s)


@given(st.integers(0, 10**9))
def test_cn2an_written_numbers(n: int) -> None:
    written = cn2an.an2cn(n)
    assert cn_to_int(written) == _cn_to_int_by_cn2an(written) == n
