"""Known misprints of grant words, read by meaning (the labelling guide: `类励` = 奖励).

A misprint is replaced by the word it stands for, one character for one, so every offset
into the text stays valid; each replacement is reported as a warning, never done silently.
The table lists slips of the pen or of the input method for the grant words themselves,
not any document's wording.
"""
from __future__ import annotations

import re

# misprint → the word meant (same length: offsets are kept)
TYPOS: dict[str, str] = {
    "类励": "奖励",  # 奖 and 类 look alike
    "奖厉": "奖励",  # 励 without 力
    "补肋": "补助",  # 助 and 肋 look alike
    "补帖": "补贴",  # 贴 with the wrong radical
    "资肋": "资助",
}
assert all(len(k) == len(v) for k, v in TYPOS.items())
_TYPO_RE = re.compile("|".join(map(re.escape, TYPOS)))


def fix_typos(text: str) -> tuple[str, list[str]]:
    """`text` with the misprints of `TYPOS` replaced (same length), and one warning per kind."""
    found: dict[str, int] = {}

    def sub(m: re.Match[str]) -> str:
        found.setdefault(m.group(), m.start())
        return TYPOS[m.group()]

    fixed = _TYPO_RE.sub(sub, text)
    return fixed, [f"misprint {k!r} at offset {pos} read as {TYPOS[k]!r}" for k, pos in found.items()]
