"""Find every other document a 公文 cites: 《title》（文号）, 《title》 alone, a bare 文号.

Pure regular expressions and a small scanner (no spaCy): citations in 公文 are marked by
punctuation (《》 and the 〔year〕 brackets), so the marks themselves are the evidence.
What is not a reference: the document's own 文号 and title, and the policy a 印发/转发
notice encloses (`关于印发《X》的通知` and `X` itself, wherever the notice names it: structure
marks those mentions as `所附政策名称` parts, and leaves out the one that names the earlier
edition a revision replaces, which is a reference).
"""
from __future__ import annotations

import bisect
import logging
import re
from collections.abc import Iterable, Iterator
from itertools import accumulate

from ..lexicon import alternation
from ..normalize import (
    DOC_NUMBER_RE,
    normalize_doc_number,
    normalize_order_number,
    normalize_title,
    order_numbers_in,
    title_key,
)
from ..records import Reference, StructuredDoc
from ..structure.enclosed import PART_NAME as ENCLOSED_MENTION

log = logging.getLogger(__name__)

__all__ = ["LEAD_IN_WORDS", "extract_references", "trim_agency"]

# words that introduce a citation; longest first so `继续按照` wins over `按照`
LEAD_IN_WORDS = ("为深入贯彻落实", "为贯彻落实", "继续按照", "继续执行", "贯彻落实", "根据", "按照", "依据",
                 "依照", "参照", "对照", "落实", "执行", "遵照", "结合", "入选", "详见")
_LEAD_IN_RE = re.compile("|".join(LEAD_IN_WORDS))
# parts of the head block that are the document itself, never a citation
# 元数据: a site's label block about the document; 所附政策名称: the enclosed policy named by the notice
_OWN_PARTS = {"文号", "标题", "政策标题", "发文机关标志", "元数据", ENCLOSED_MENTION}
_MAX_TITLE = 150  # a 《 without its 》 within this many characters is not a title
_OPEN_PAREN = "（("
_CLOSE_PAREN = "）)"
_GAP_RE = re.compile(r"[ \t\u3000]*")
# what joins the members of a citation list: 《A》、《B》和《C》
_LIST_JOIN_RE = re.compile(r"[ \t\u3000]*(?:、|，|,|和|及|以及|与|或)?[ \t\u3000]*")
# characters that end the clause a lead-in must sit in
_CLAUSE_END = "。；;！？\n"
# words that end an agency name written before a 文号 (`省政府办公厅苏政办发…`)
_AGENCY_NAME_END = re.compile(alternation("agency_name"))  # ontology/gongwen_lexicon.tsv
# words that cannot be part of an agency code: cut the code after the last of them
_CODE_BREAK = re.compile(r"(?:的|印发|转发|文件|号文|即|和|及|与|或|是|为|见|按|据|照|依|执行)")
# a notice's sentence that hands out the enclosed policy
# the part of a 文号 from its year on (`2021〕5号`), with any bracket; see `_doc_numbers`
_YEAR_SERIAL = re.compile(r"[0-9０-９]{4}\s*\S\s*(?:第\s*)?[0-9０-９]{1,5}\s*号")
_AGENCY_MAX = 20  # the longest agency code DOC_NUMBER_RE takes
# a short name defined for a document just cited: `《…管理暂行办法》（以下简称《办法》）`
_SHORT_NAME_RE = re.compile(r"(?:以下简称|以下称|下称|简称)[为:：]?\s*[《“\"「]?(?P<abbr>[^》”\"」）)，,。；]{1,20})[》”\"」]")
# the order that promulgated a title, later in the same sentence:
# `《X》已经省政府第135次常务会议通过，以河北省人民政府令第4号颁布` (or `以河北省人民政府第4号令颁布`)
_PROMULGATED_BY_RE = re.compile(r"[^。；;《》\n]{0,80}?以(?P<order>[\u4e00-\u9fff0-9０-９]{2,30}?(?:令\s*"
                                r"(?:〔[0-9０-９]{4}〕)?\s*[（(]?\s*第\s*[0-9０-９〇零一二三四五六七八九十百千两]{1,6}\s*号\s*[）)]?"
                                r"|第\s*[0-9０-９〇零一二三四五六七八九十百千两]{1,6}\s*号令))"
                                r"(?:颁布|公布|发布|印发)")
# a form, certificate or table named in 《》 (`《…申报书》`, `《…登记证书》`) is a blank to fill in or a
# paper handed out, not another document that is cited
_FORM_RE = re.compile(r"(?:申报书|申请书|申请表|推荐书|推荐表|任务书|合同书|承诺书|协议书|登记表|备案表|审批表|"
                      r"汇总表|统计表|一览表|评分表|信息表|明细表|证书|登记证|许可证|证明)$")
# the level word after a place's name, which a later citation may drop: 河北省… / 河北…
_LEVEL_WORDS = "省市县"
_ENCLOSE_RE = re.compile(r"(?:现将|印发|转发)《|》(?:已经|经)[^。]{0,40}(?:现印发|现转发|印发给|转发给)|》印发给|》转发给")


def extract_references(doc: StructuredDoc) -> list[Reference]:
    """Every citation of another document in `doc`, in text order, with exact offsets."""
    text = doc.text
    own = _own_spans(doc)
    skip_titles = _enclosed_keys(doc)
    notice = _notice_spans(doc)
    refs: list[Reference] = []
    taken: list[tuple[int, int]] = []
    short_names = {normalize_title(m.group("abbr")) for m in _SHORT_NAME_RE.finditer(text)}
    cited = _Cited()
    for start, end in _titles(text):
        if _inside(start, own):
            continue
        title = normalize_title(text[start + 1:end - 1])
        if title in short_names:  # `（以下简称《办法》）` and every later 《办法》: the document already cited
            taken.append((start, end))
            continue
        if title_key(title) in skip_titles or (_inside(start, notice) and _encloses(text, start, end)):
            log.debug("%s: %r is the enclosed policy, not a reference", doc.ingested.source.file, title)
            continue
        if _FORM_RE.search(re.sub(r"(?:[（(][^（）()]{1,12}[）)])+$", "", title)):
            log.debug("%s: %r is a form or certificate, not a document", doc.ingested.source.file, title)
            continue
        number, raw_end = _number_after(text, end)
        if number is None and (m := _PROMULGATED_BY_RE.match(text, end)):
            number = normalize_order_number(m.group("order"))
            if number:  # the order's number is this title's: it is no second citation
                taken.append((m.start("order"), m.end("order")))
        title = cited.as_cited(title)
        refs.append(Reference(doc_number=number, title=title or None, raw=text[start:raw_end],
                              start=start, end=raw_end, lead_in=None))
        taken.append((start, raw_end))
    refs += _bare_numbers(text, own + taken, doc.header.doc_number)
    refs += _bare_order_numbers(text, own + taken + [(r.start, r.end) for r in refs],
                                doc.header.order_number)
    refs.sort(key=lambda r: r.start)
    return _with_lead_ins(text, refs)


def _own_spans(doc: StructuredDoc) -> list[tuple[int, int]]:
    return [(p.start, p.end) for p in doc.parts if p.name in _OWN_PARTS]


def _notice_spans(doc: StructuredDoc) -> list[tuple[int, int]]:
    """The covering text of a 印发/转发 notice, where the enclosed policy is handed out."""
    if not doc.header.policy_title:
        return []
    return [(p.start, p.end) for p in doc.parts if p.name == "正文"]


def _inside(offset: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= offset < e for s, e in spans)


class _Spans:
    """Spans to skip, asked about many offsets: sorted, with the furthest end reached so far,
    so an offset is looked up by bisection (a document of thousands of citations asks as many
    times as it has 文号, each against every span before)."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [s for s, _ in ordered]
        self._reach = list(accumulate((e for _, e in ordered), max))

    def __contains__(self, offset: int) -> bool:
        k = bisect.bisect_right(self._starts, offset) - 1
        return k >= 0 and self._reach[k] > offset


def _enclosed_keys(doc: StructuredDoc) -> set[str]:
    """Title key of the document itself (the enclosed policy's mentions are parts of their own)."""
    return {title_key(doc.header.title)} if doc.header.title else set()


def _encloses(text: str, start: int, end: int) -> bool:
    """True when the 《》 at start:end is handed out by the notice (`现将《X》印发给你们`)."""
    window = text[max(0, start - 3):min(len(text), end + 30)]
    return bool(_ENCLOSE_RE.search(window))


def _titles(text: str) -> list[tuple[int, int]]:
    """Spans of balanced 《…》 (nested 《》 allowed), outermost only, `》` included."""
    spans: list[tuple[int, int]] = []
    i = 0
    while True:
        start = text.find("《", i)
        if start < 0:
            return spans
        depth, j = 0, start
        while j < len(text) and j - start <= _MAX_TITLE:
            if text[j] == "《":
                depth += 1
            elif text[j] == "》":
                depth -= 1
                if depth == 0:
                    break
            j += 1
        if depth == 0 and j < len(text):
            spans.append((start, j + 1))
            i = j + 1
        else:
            log.debug("unbalanced 《 at %d: not a title", start)
            i = start + 1


class _Cited:
    """The titles cited so far, indexed by their key and by their key without a level word,
    so a later spelling finds its earlier one in one lookup (not a scan of every title before)."""

    def __init__(self) -> None:
        self.titles: list[str] = []
        self._keys: dict[str, int] = {}  # title key → the first title with it
        self._shortened: dict[str, int] = {}  # key with a level word dropped → the first title

    def as_cited(self, title: str) -> str:
        """A title cited before under a fuller or shorter place name (`河北省X` / `河北X`) is that
        document: the first spelling is kept, so both citations name one document."""
        key = title_key(title)
        earlier = [self._shortened[key]] if key in self._shortened else []  # cited before in full
        earlier += [self._keys[short] for short in _without_level_word(key) if short in self._keys]
        if earlier:
            return self.titles[min(earlier)]
        n = len(self.titles)
        self.titles.append(title)
        self._keys.setdefault(key, n)
        for short in _without_level_word(key):
            self._shortened.setdefault(short, n)
        return title


def _without_level_word(key: str) -> list[str]:
    """`key` without the level word after its 2- or 3-character place name: 河北省X → 河北X."""
    return [key[:k] + key[k + 1:] for k in (2, 3) if k < len(key) and key[k] in _LEVEL_WORDS]


def _number_after(text: str, end: int) -> tuple[str | None, int]:
    """A bracketed 文号 right after a title: `《X》（苏政办发〔2021〕109号）` → (number, end)."""
    gap = _GAP_RE.match(text, end)
    pos = gap.end() if gap else end
    if pos < len(text) and text[pos] not in _OPEN_PAREN:
        # `《…实施意见》冀发〔2017〕1号和…`: the 文号 written straight after the title, no brackets
        bare = DOC_NUMBER_RE.match(text, pos)
        if bare and bare.end() - pos <= 30:
            return normalize_doc_number(trim_agency(bare.group(0))), bare.end()
        return None, end
    if pos >= len(text):
        return None, end
    close = _find_close(text, pos)
    if close is None:
        return None, end
    inner = text[pos + 1:close]
    m = DOC_NUMBER_RE.search(inner.replace(" ", ""))
    if not m:
        order = normalize_order_number(inner)  # `《X》（科学技术部令第1号）`: the 令 number is its number
        return (order, close + 1) if order else (None, end)
    return normalize_doc_number(trim_agency(m.group(0))), close + 1


def _find_close(text: str, pos: int) -> int | None:
    """The paren closing the one at `pos` (the year may sit in parens of its own: `（泰财规(2021)3号）`)."""
    depth = 0
    for j in range(pos, min(len(text), pos + 40)):  # a 文号 (or a 令 number) is short
        if text[j] in _OPEN_PAREN:
            depth += 1
        elif text[j] in _CLOSE_PAREN:
            depth -= 1
            if depth == 0:
                return j
        elif text[j] in _CLAUSE_END:
            return None
    return None


def trim_agency(raw: str) -> str:
    """Drop what stands before a 文号's agency code: lead-in words and an agency's name.

    `根据省政府办公厅苏政办发〔2021〕109号` → `苏政办发〔2021〕109号`.  The year bracket is
    the anchor: everything kept is the run of code characters right before it.
    """
    m = DOC_NUMBER_RE.search(raw)
    if not m:
        return raw
    agency = m.group("agency")
    cut = 0
    for b in _CODE_BREAK.finditer(agency):
        if len(agency) - b.end() >= 1:
            cut = b.end()
    for n in _AGENCY_NAME_END.finditer(agency, cut):
        # a long name before a code of two or more characters: `省政府办公厅` + `苏政办发`
        if n.end() - cut >= 3 and len(agency) - n.end() >= 2:
            cut = n.end()
    return raw[m.start() + cut:m.end()]


def _doc_numbers(text: str) -> Iterator[re.Match[str]]:
    """The matches of DOC_NUMBER_RE.finditer(text), found from their year and serial.

    DOC_NUMBER_RE tries its agency part (up to 20 Han characters) at every character of the
    text; `_YEAR_SERIAL` starts with a digit.  A 文号 ends right after its `2021〕5号` and
    starts at most 20 characters before the bracket that opens its year, so its search is
    bounded to that stretch."""
    done = 0
    for tail in _YEAR_SERIAL.finditer(text):
        bracket = tail.start()
        while bracket > done and text[bracket - 1].isspace():
            bracket -= 1
        agency_end = bracket - 1  # the opening bracket
        while agency_end > done and text[agency_end - 1].isspace():
            agency_end -= 1
        m = DOC_NUMBER_RE.search(text, max(done, agency_end - _AGENCY_MAX), tail.end())
        if m:
            done = m.end()
            yield m


def _bare_numbers(text: str, skip: list[tuple[int, int]], own_number: str | None) -> list[Reference]:
    """文号 written without a title (`根据苏政办发〔2021〕109号文件`)."""
    refs = []
    spans = _Spans(skip)
    for m in _doc_numbers(text):
        if m.start() in spans or m.end() - 1 in spans:
            continue
        raw = trim_agency(m.group(0))
        start = m.end() - len(raw)
        number = normalize_doc_number(raw)
        if number is None or number == own_number:
            continue
        refs.append(Reference(doc_number=number, title=None, raw=raw, start=start, end=m.end()))
    return refs


def _bare_order_numbers(text: str, skip: list[tuple[int, int]], own: str | None) -> list[Reference]:
    """令 numbers written without a title (`以河北省人民政府令第4号颁布`), the document's own excepted."""
    refs = []
    spans = _Spans(skip)
    for m in order_numbers_in(text):
        if m.start() in spans or m.end() - 1 in spans:
            continue
        number = normalize_order_number(text[max(0, m.start() - 1):m.end()])  # with what precedes: a date's 日
        if number is None or number == own:
            continue
        # the offsets of the number as normalised: the issuer's lead-in words are not part of it
        issuer = number[:number.index(m.group("series"))]
        start = text.find(issuer, m.start(), m.end())
        start = start if start >= 0 else m.start()
        refs.append(Reference(doc_number=number, title=None, raw=text[start:m.end()], start=start, end=m.end()))
    return refs


def _with_lead_ins(text: str, refs: list[Reference]) -> list[Reference]:
    """Give every member of a citation list the lead-in word written before the list."""
    out: list[Reference] = []
    lead: str | None = None
    prev_end = -1
    for ref in refs:
        joined = prev_end >= 0 and _LIST_JOIN_RE.fullmatch(text[prev_end:ref.start]) is not None
        if not joined:
            lead = _lead_in_before(text, ref.start)
        out.append(Reference(doc_number=ref.doc_number, title=ref.title, raw=ref.raw, start=ref.start,
                             end=ref.end, resolved=ref.resolved, lead_in=lead))
        prev_end = ref.end
    return out


def _lead_in_before(text: str, start: int) -> str | None:
    """The last lead-in word between the clause start and the citation, if any."""
    begin = start
    while begin > 0 and text[begin - 1] not in _CLAUSE_END and start - begin < 40:
        begin -= 1
    found = None
    for m in _LEAD_IN_RE.finditer(text, begin, start):
        found = m.group(0)
    return found
