"""Where a 印发/转发 notice names the policy it encloses: the spans extract must not cite.

A notice names its enclosed (or forwarded) policy in its title (`关于印发《X》的通知`), in the
sentence that hands it out (`现将《X》印发给你们`), above the policy's text and sometimes inside
it.  Each of these is the enclosed policy, never a citation of another document.  The notice
may quote the title with small differences (`《X若干措施》` in its title, `《X的若干措施》` in its
body), so mentions are matched on the title key without `的`.

One mention of the same title is another document: the earlier edition a revision replaces
(`对《X》进行了修订，现将修订后的《X》印发给你们`, `原《X》同时废止`).  It is left out of the
spans, so extract reads it as the reference it is.
"""
from __future__ import annotations

import re

from ..normalize import title_key
from ..records import Header, PartName
from .parts import ENCLOSING_TITLE_RE, Layout

PART_NAME: PartName = "所附政策名称"
# a 《…》 title, one level of nested 《》 allowed; a single line break inside is the title wrapping
# (a PDF's or a page's line), a blank line never is
_QUOTED_RE = re.compile(r"《(?P<inner>(?:[^《》\n]|\n(?![\s\u3000]*\n)|《[^《》\n]{0,150}》){2,200})》")
# the earlier edition: `原《X》`, or `对《X》` followed by the revision (`进行了修订`, `作如下修改`),
# or `《X》（…）同时废止`
_BEFORE_EARLIER_RE = re.compile(r"对[\s\u3000]*$")
_REVISED_RE = re.compile(r"^(?:[（(][^（）()]{0,40}[）)])?[\s\u3000]*"
                         r"(?:进行了?|作了?|作出|予以|加以)?(?:如下|全面|相应的?)?(?:修订|修改|修正)")
_REPEALED_RE = re.compile(r"^(?:[（(][^（）()]{0,40}[）)])?[\s\u3000]*(?:同时)?(?:废止|停止执行|不再执行|失效)")
_NEW_EDITION_RE = re.compile(r"(?:修订后的|修改后的|新修订的)[\s\u3000]*$")


def _key(title: str) -> str:
    return title_key(title.strip("《》")).replace("的", "")


def enclosed_keys(layout: Layout, header: Header) -> set[str]:
    """Title keys of the enclosed policy, as the notice's title, its text and its policy title name it."""
    names = [header.policy_title, layout.enclosed]
    title = re.sub(r"\s", "", layout.text(layout.title))
    if m := ENCLOSING_TITLE_RE.search(title):
        names.append(m.group("inner"))
    # `关于转发省工业和信息化厅《X》的通知`: the quoted title, without the bodies that drafted it
    names += [m.group("inner") for n in list(names) if n for m in _QUOTED_RE.finditer(n)]
    return {k for k in (_key(n) for n in names if n) if len(k) >= 4}


def earlier_edition(text: str, start: int, end: int) -> bool:
    """The 《…》 at start:end names the edition a revision replaces, not the enclosed one."""
    before, after = text[max(0, start - 12):start], text[end:end + 50]
    if _NEW_EDITION_RE.search(before):
        return False
    if before.rstrip(" \u3000").endswith("原"):
        return True
    if _REPEALED_RE.match(after):
        return True
    return bool(_BEFORE_EARLIER_RE.search(before)) and bool(_REVISED_RE.match(after))


def enclosed_mentions(text: str, layout: Layout, header: Header) -> list[tuple[int, int]]:
    """Spans (《》 included) of every mention of the enclosed policy's title but the earlier edition's."""
    keys = enclosed_keys(layout, header)
    if not keys:
        return []
    return [(m.start(), m.end()) for m in _QUOTED_RE.finditer(text)
            if _key(m.group("inner")) in keys and not earlier_edition(text, m.start(), m.end())]
