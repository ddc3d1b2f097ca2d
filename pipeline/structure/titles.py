"""Which of the title-like lines at the head of a text are the document's title.

A page or a file may print lines above the title block that look like a title but are not the
document's: a site's banner or slogan (`深入学习贯彻《…纲要》`), a shortened headline (`关于…支…的通知`,
`甲省人民政府办…`, a prefix cut short), the page's headline before the site's info line.  Each is
told by what any 公文 title is, never by one document's words:

- a title that names its subject with `关于` reads `[issuing bodies]关于…`: words before `关于` that are
  no organisation's name are not part of it;
- a headline that abbreviates the title (its pieces around `…` / `...` stand in the title in order,
  or it is a prefix of the title) is the same title, printed short;
- a line with a `《…》` slogan closed on it, above a title that stands whole on the lines after it,
  is no part of that title;
- lines before a site's metadata or furniture line, when a whole title follows it, are the page's.
"""
from __future__ import annotations

import re

from .recover import DOC_TYPE_ENDINGS, split_orgs

# what a title's next line may begin with, never a title's start (`…若干措施` / `的通知`)
CONTINUATION_START = ("的", "和", "及", "暨", "与", "（", "(", "《", "之", "》")
_ELLIPSIS_RE = re.compile(r"…+|\.{3,}|。{3,}|——$")
_MIN_TITLE = 8
# a legal database's version label after a title (北大法宝: `…管理办法(2019)`, `…条例(2020修订)`, `(2018修正)`):
# the database's, never the document's (a document's own note reads `（2023年修订）`)
DATABASE_VERSION_RE = re.compile(r"(?:[(（][0-9]{4}[)）]|\([0-9]{4}(?:修订|修正)\))$")


def strip_version(title: str) -> str:
    return DATABASE_VERSION_RE.sub("", title.rstrip())


def _key(text: str) -> str:
    return re.sub(r"[\s\u3000《》〈〉<>“”\"'()（）、，,·\-]", "", text)


def complete(title: str) -> bool:
    """The text ends as a title does: in the kind of 公文 it is, or a closing bracket."""
    return re.sub(r"\s", "", title).endswith(DOC_TYPE_ENDINGS)


def well_formed(title: str, *, whole: bool = True) -> bool:
    """`[issuing bodies]关于…<kind>`: what stands before the first `关于` names organisations only
    (`whole=False`: the start of such a title, its end on a line below)."""
    title = re.sub(r"[\s\u3000]", "", title)
    at = title.find("关于")
    if at < 0 or (whole and not complete(title)):
        return False
    lead = title[:at]
    return not lead or bool(split_orgs(lead))


def abbreviates(short: str, full: str) -> bool:
    """`short` is `full` printed short: a prefix of it, or pieces around an ellipsis found in it in order."""
    s, f = _key(short), _key(full)
    if len(f) < _MIN_TITLE or len(s) >= len(f):
        return False
    if not _ELLIPSIS_RE.search(short):
        return len(s) >= 4 and f.startswith(s)
    pieces = [p for p in (_key(x) for x in _ELLIPSIS_RE.split(short)) if p]
    at = 0
    for piece in pieces:
        k = f.find(piece, at)
        if k < 0:
            return False
        at = k + len(piece)
    return sum(map(len, pieces)) >= 4


def _quotes_a_slogan(text: str) -> bool:
    """A line that ends closing a `《…》` and is no title on its own reading (a banner's slogan)."""
    return bool(re.search(r"《[^》]{2,60}》$", text.strip())) and not complete(text.strip().rstrip("》"))


def title_start(lines: list[str], breaks: list[bool]) -> int:
    """How many of the leading `lines` are not the document's title (0: all of them are).
    `breaks[k]` is true where a site's metadata or furniture line stands before `lines[k]`.
    The latest line the title can start at is taken; never right under an issuer's own line (that
    line is the title block's first)."""
    for k in range(len(lines) - 1, 0, -1):
        head, rest = "".join(lines[:k]), "".join(lines[k:])
        if not complete(rest) or len(_key(rest)) < _MIN_TITLE or rest.lstrip().startswith(CONTINUATION_START) \
                or split_orgs(re.sub(r"\s", "", lines[k - 1])):
            continue
        if breaks[k] or abbreviates(head, rest) or (well_formed(rest) and not well_formed(head + rest)) \
                or ("关于" not in rest and _quotes_a_slogan(lines[k - 1])):
            return k
    return 0


def several(lines: list[str]) -> bool:
    """The lines hold more than one whole title (a cover listing several documents): the lines
    before one end in a kind of 公文, and that line, which begins no continuation, ends in one too."""
    kinds = tuple(k for k in DOC_TYPE_ENDINGS if k not in "）)")
    for k in range(1, len(lines)):
        head, line = re.sub(r"\s", "", "".join(lines[:k])), re.sub(r"\s", "", lines[k])
        if len(head) >= _MIN_TITLE and len(line) >= _MIN_TITLE and head.endswith(kinds) and line.endswith(kinds) \
                and not line.startswith(CONTINUATION_START):
            return True
    return False
