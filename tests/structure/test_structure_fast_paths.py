"""Structure's passes written for speed read as their plain definitions (hypothesis)."""
from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from pipeline.structure.recover import DOC_TYPE_ENDINGS, _title_end_in


def _title_end_by_every_match(s: str) -> int:
    best = 0
    for kind in DOC_TYPE_ENDINGS:
        for m in re.finditer(re.escape(kind), s):
            if len(s) - m.end() >= 2 and m.end() > best:
                best = m.end()
    return best


# kind words and their pieces, brackets and other characters, so that kinds end anywhere
_pieces = st.lists(st.sampled_from([*DOC_TYPE_ENDINGS, "通", "知", "实施", "办", "冀政", "字", "〔", "x", "）"]),
                   max_size=8)


@given(_pieces)
def test_title_end_is_the_latest_kind_word_two_characters_before_the_end(pieces: list[str]) -> None:
    s = "".join(pieces)
    assert _title_end_in(s) == _title_end_by_every_match(s)
