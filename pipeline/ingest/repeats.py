"""A text that is its whole self twice: crawlers that join a page's text nodes can take a body
twice (the same `div` matched by two selectors), giving `A A` or `A\\n\\n\\nA`.

The second copy carries nothing the first does not, but read as text it doubles every
clause, amount and award (and clause ids collide).  It is dropped with a warning that says
how much was dropped — only when the two halves are identical once layout is ignored.
"""
from __future__ import annotations

import re

# layout is whitespace (\u3000 and \u00a0 are whitespace to str.split and to \s alike)
_CORE_RUN_RE = re.compile(r"[^\s\u3000\u00a0]+")
# a copy shorter than this is a repeated line (a title shown twice), not a repeated body
_MIN_COPY = 200


def drop_repeated_copy(text: str) -> tuple[str, str | None]:
    """`text` without its second copy when it is exactly two copies, and the warning; else `(text, None)`."""
    core = "".join(text.split())  # the text's characters but layout, each once
    n = len(core)
    if n < 2 * _MIN_COPY or n % 2:
        return text, None
    half = n // 2
    if core[:half] != core[half:]:
        return text, None
    # the second copy starts at the text offset of the `half`-th character that is not layout
    seen = 0
    cut = 0
    for m in _CORE_RUN_RE.finditer(text):
        if seen + len(m.group()) > half:
            cut = m.start() + half - seen
            break
        seen += len(m.group())
    kept = text[:cut].rstrip()
    dropped = len(text) - len(kept)
    return kept, (f"the text is the same body twice (a crawl artefact): the second copy "
                  f"({dropped} characters from offset {len(kept)}) is not read")
