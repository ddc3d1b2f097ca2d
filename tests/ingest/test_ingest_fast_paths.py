"""Ingest's per-document passes written for speed read the same as their plain per-character
definitions (hypothesis): `fold_numbers` and `drop_repeated_copy`."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.ingest.layout import fold_numbers
from pipeline.ingest.repeats import _MIN_COPY, drop_repeated_copy

# the characters the two passes treat specially, their neighbours and other digits (`①`, `²` are
# digits to str.isdigit, `٣` a decimal digit of another script)
_ALPHABET = "0９ａＺｚ＿％．.%　 \u00a0\n\t一万元年①²٣ＡｚＯ"
_text = st.text(alphabet=st.sampled_from(_ALPHABET), max_size=60)


def _fold_numbers_per_char(text: str) -> str:
    chars = list(text)
    for i, ch in enumerate(chars):
        if "０" <= ch <= "９" or "Ａ" <= ch <= "Ｚ" or "ａ" <= ch <= "ｚ":
            chars[i] = chr(ord(ch) - 0xFEE0)
    for i, ch in enumerate(chars):
        if ch == "％" and i > 0 and chars[i - 1].isdigit():
            chars[i] = "%"
        elif ch == "．" and 0 < i < len(chars) - 1 and chars[i - 1].isdigit() and chars[i + 1].isdigit():
            chars[i] = "."
    return "".join(chars)


@given(_text)
def test_fold_numbers_is_the_per_character_fold(text: str) -> None:
    assert fold_numbers(text) == _fold_numbers_per_char(text)
    assert len(fold_numbers(text)) == len(text)


def _drop_repeated_copy_per_char(text: str) -> tuple[str, str | None]:
    core_at = [m.start() for m in re.finditer(r"[^\s\u3000\u00a0]", text)]
    n = len(core_at)
    if n < 2 * _MIN_COPY or n % 2:
        return text, None
    first, second = text[: core_at[n // 2]], text[core_at[n // 2]:]
    layout = re.compile(r"[\s\u3000\u00a0]+")
    if layout.sub("", first) != layout.sub("", second):
        return text, None
    kept = first.rstrip()
    return kept, (f"the text is the same body twice (a crawl artefact): the second copy "
                  f"({len(text) - len(kept)} characters from offset {len(kept)}) is not read")


_layout = st.text(alphabet=st.sampled_from(" \u3000\u00a0\n\t"), max_size=3)
_body = st.text(alphabet=st.sampled_from("一二政策。，0"), min_size=_MIN_COPY, max_size=_MIN_COPY + 40)


@settings(max_examples=60)
@given(_body, st.lists(_layout, min_size=8, max_size=8), st.integers(0, 3), st.sampled_from(["", "。", "一"]))
def test_drop_repeated_copy_is_the_per_character_check(body: str, seps: list[str], where: int, extra: str) -> None:
    # the body twice with layout sprinkled differently through each copy, sometimes one character off
    def laid_out(s: str, offset: int) -> str:
        cut = [len(s) * k // 4 for k in range(5)]
        return "".join(seps[offset + k] + s[cut[k]:cut[k + 1]] for k in range(4))

    second = body[:where] + extra + body[where:] if extra else body
    text = laid_out(body, 0) + laid_out(second, 4)
    assert drop_repeated_copy(text) == _drop_repeated_copy_per_char(text)
