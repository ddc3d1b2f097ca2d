"""A text that is its whole self twice: crawlers that join a page's text nodes can take a body
twice (the same `div` matched by two selectors), giving `A A` or `A\\n\\n\\nA`.

The second copy carries nothing the first does not, but read as text it doubles every
clause, amount and award (and clause ids collide).  It is dropped with a warning that says
how much was dropped — only when the two halves are identical once layout is ignored.
"""
from __future__ import annotations

import re

_LAYOUT_RE = re.compile(r"[\s\u3000\u00a0]+")
# a copy shorter than this is a repeated line (a title shown twice), not a repeated body
_MIN_COPY = 200


def drop_repeated_copy(text: str) -> tuple[str, str | None]:
    """`text` without its second copy when it is exactly two copies, and the warning; else `(text, None)`."""
    core_at = [m.start() for m in re.finditer(r"[^\s\u3000\u00a0]", text)]  # text offset of each core char
    n = len(core_at)
    if n < 2 * _MIN_COPY or n % 2:
        return text, None
    half = n // 2
    first, second = text[: core_at[half]], text[core_at[half]:]
    if _LAYOUT_RE.sub("", first) != _LAYOUT_RE.sub("", second):
        return text, None
    kept = first.rstrip()
    dropped = len(text) - len(kept)
    return kept, (f"the text is the same body twice (a crawl artefact): the second copy "
                  f"({dropped} characters from offset {len(kept)}) is not read")
