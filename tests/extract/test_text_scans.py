"""Scans written for speed find exactly what their plain forms find (pipeline/extract/*)."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extract import awards, conditions
from pipeline.extract.references import _doc_numbers
from pipeline.normalize import DOC_NUMBER_RE


def _texts(pieces: list[str], max_size: int = 16) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(pieces), max_size=max_size).map("".join)


_DOC_NUMBER_PIECES = list("苏政办发文号〔〕[]（）()【】［］ 　\n0123456789０１２３４５６７８９号的和ABc") + [
    "根据", "苏政发", "2021", "〔2021〕", "号文件", "12345", "123456"]


@settings(max_examples=500, deadline=None)
@given(_texts(_DOC_NUMBER_PIECES, 30))
def test_doc_numbers_scan(text: str) -> None:
    expected = [(m.span(), m.groups()) for m in DOC_NUMBER_RE.finditer(text)]
    assert [(m.span(), m.groups()) for m in _doc_numbers(text)] == expected


_CLEAN_PIECES = list("最高不超过于多上限一次性对、，,；; \t\u3000\n\xa0的企业")


@settings(max_examples=500, deadline=None)
@given(_texts(_CLEAN_PIECES))
def test_clean(text: str) -> None:
    plain = re.sub(r"^[对、，,；;]+", "", re.sub(r"\s+", "", text)).rstrip("，,、；;")
    assert conditions.clean(text) == plain


# misprints (`类励`) are read as meant before these scans run (pipeline/extract/typos.py), so
# the plain form does not list them
_VERB = re.compile(r"(?:分别)?(?:给予|予以|奖励|补助|补贴|奖补|资助|支持)")
_DUI = re.compile(r"(?:^|(?<=[，,；;。、\s]))对")
_GRANT_PIECES = list("分别给予以奖类励补助贴资支持对，,；;。、 \t\n的企业") + ["给予", "分别给予", "奖补", "对", "分别",
                                                                   "资助", "支持", "类励"]


@settings(max_examples=500, deadline=None)
@given(_texts(_GRANT_PIECES), st.integers(min_value=0, max_value=20))
def test_grant_patterns(text: str, pos: int) -> None:
    assert [m.span() for m in awards._VERB.finditer(text)] == [m.span() for m in _VERB.finditer(text)]
    assert [m.span() for m in awards._BOUNDARY_DUI.finditer(text, pos)] == [m.span() for m in _DUI.finditer(text, pos)]
