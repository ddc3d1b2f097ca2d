"""`order_numbers_in` finds exactly what `ORDER_NUMBER_RE.finditer` finds (hypothesis), trying the
regex only where an issuer's organ is followed by a series word or 第."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.normalize import ORDER_NUMBER_RE, order_numbers_in

# organs, series words, serials and years in every form the regex reads, Han filler (an issuer's
# lead runs up to 18 characters), lead-in words, spaces and punctuation
_PIECES = ["人民政府", "政府", "委员会", "委", "会", "科学技术部", "部", "局", "总局", "署", "厅", "办公厅",
           "令", "公告", "通告", "第", "号", "1", "19", "４", "十二", "〔2024〕", "（", "）", "(", ")", " ",
           "\u3000", "等10部门", "省", "上海市", "以", "根据", "颁布", "。", "，", "年", "日", "甲乙丙丁戊己庚辛壬癸",
           "令第", "第4号", "号令", "令（第", "19号）", "公告第3号"]


@settings(max_examples=500)
@given(st.lists(st.sampled_from(_PIECES), max_size=16))
def test_the_same_matches_as_finditer(pieces: list[str]) -> None:
    text = "".join(pieces)
    expected = [(m.span(), m.groupdict()) for m in ORDER_NUMBER_RE.finditer(text)]
    assert [(m.span(), m.groupdict()) for m in order_numbers_in(text)] == expected


def test_written_order_numbers() -> None:
    text = ("以河北省人民政府令第4号颁布。上海市人民政府令（第19号）和省政府令〔2024〕第1号，"
            "发展改革委等10部门令第39号；省政府第4号令。" + "甲" * 30 + "科学技术部令第1号")
    found = [m.group() for m in order_numbers_in(text)]
    assert found == [m.group() for m in ORDER_NUMBER_RE.finditer(text)] and len(found) == 6
