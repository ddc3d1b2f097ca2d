"""The end-anchored patterns of a grant's lead are skipped only where they cannot match (hypothesis):
`_strip_tail` / `_strip_amount_is` are their `sub("", s)`."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extract.awards import _AMOUNT_IS, _EACH_TAIL, _GRANTOR_TAIL, _TAIL_CUES, _strip_amount_is, _strip_tail

# the words of the four patterns, their pieces, whitespace and newlines, and other text
_PIECES = ["最高", "不超过", "不高于", "最多", "上限", "一次性", "不少于", "不低于", "奖金", "奖励", "补助", "数额",
           "标准", "分别", "为", "是", "：", ":", "调整为", "提高到", "提升至", "继续", "再", "另行", "另", "省级", "市县",
           "中央", "省财政", "财政", "其中", "，", ",", " ", "\u3000", "\n", "\t", "企业", "给予", "高", "的", "到"]
_text = st.lists(st.sampled_from(_PIECES), max_size=10).map("".join)


@settings(max_examples=400)
@given(_text)
def test_each_tail_strip_is_the_pattern_substitution(s: str) -> None:
    for pattern in (_TAIL_CUES, _GRANTOR_TAIL, _EACH_TAIL):
        assert _strip_tail(pattern, s) == pattern.sub("", s)
    assert _strip_amount_is(s) == _AMOUNT_IS.sub("", s)
