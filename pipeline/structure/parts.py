"""Cut a 公文 into its GB/T 9704-2012 parts.

版头 (masthead, 文号, 签发人) → 标题 → 主送机关 → 正文 (with 附件说明) → 发文机关署名 and
成文日期 → 附注 → [the enclosed policy of a 印发/转发 notice: its title and body] →
附件 → 抄送机关 → 印发机关和印发日期.  Each part is found by what it looks like in any
公文, not by where it sits in one particular document.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..normalize import DOC_NUMBER_RE, date_pattern
from .numbering import match_number
from .paragraphs import Para
from .recover import split_orgs

DATE = date_pattern().pattern
ORG = r"[\u4e00-\u9fff（）()]{2,40}(?:办公室|办公厅|人民政府|政府|委员会|局|厅|部|委|院|会|中心|小组|公司|办)"
ORG_RE = re.compile(rf"^{ORG}$")
SIGNATURE_ONE_LINE_RE = re.compile(rf"^(?P<orgs>{ORG}(?:\s*{ORG})*)\s*(?P<date>{DATE})$")
SIGNER_LINE_RE = re.compile(r"^(?P<org>[\u4e00-\u9fff]{0,20}?)(?:代理|代)?(?:部长|省长|市长|区长|县长|主任|局长|厅长|主席|总理|书记)[\u4e00-\u9fff·]{2,4}$")
ORDER_LINE_RE = re.compile(r"^(?P<org>[\u4e00-\u9fff（）()]{2,40}?)令\s*[（(]?\s*第\s*(?P<n>[0-9０-９一二三四五六七八九十百零〇]+)\s*号\s*[）)]?$")
TOC_RE = re.compile(r"^目\s*录$")
PROMULGATION_RE = re.compile(r"^[（(]?《(?P<inner>[^》]{2,80})》(?:已经|经)[^。]{0,80}(?:通过|同意|批准)[^。]{0,40}(?:公布|发布|颁布)")
ENCLOSING_SENTENCE_RE = re.compile(
    r"(?:《(?P<quoted>[^》]{2,80})》(?:[和、及与]《[^》]{2,80}》)*[^。《]{0,60}|制定了(?P<bare>[^，。《》]{4,60})[，,]?\s*)"
    r"(?:现|特)?(?:予以)?(?:印发|转发)(?:给)?(?:你们|你单位|各单位)")
DATE_ONLY_RE = re.compile(rf"^(?P<date>{DATE})$")
PRINTED_RE = re.compile(rf"^(?P<org>{ORG}(?:\s+{ORG})*)?\s*(?P<date>{DATE})\s*印\s*发$")
MASTHEAD_RE = re.compile(r"^(?P<orgs>.{2,80}?)\s*文\s*件$")
DOC_NUMBER_LINE_RE = re.compile(rf"^[（(]?(?P<num>{DOC_NUMBER_RE.pattern})[）)]?(?:\s*签发人\s*[：:]\s*(?P<signer>\S+))?$")
SIGNER_RE = re.compile(r"^签发人\s*[：:]\s*(?P<signer>\S+)$")
ADDRESSEE_RE = re.compile(r"^[^。；]{2,200}[：:]$")
NOTE_RE = re.compile(r"^[（(]此件[^）)]*[）)]$")
ATTACHMENT_NOTE_RE = re.compile(r"^附\s*件\s*[0-9０-９]*\s*[：:]\s*(?P<names>\S.*)$")
ANNEX_START_RE = re.compile(r"^附\s*件\s*[0-9０-９一二三四五六七八九十]*\s*[：:]?$")
CC_RE = re.compile(r"^抄\s*送\s*[：:]\s*(?P<cc>.*)$")
TERMINAL_RE = re.compile(r"[。！？；][”’」』）)]*$")
ENCLOSING_TITLE_RE = re.compile(r"关于(?:印发|转发|颁布|发布)(?P<inner>.+?)的(?:通知|通告|公告)$")


@dataclass
class Layout:
    """Which paragraphs form which part (indices into the paragraph list)."""

    paras: list[Para]
    masthead: list[int] = field(default_factory=list)
    doc_number: int | None = None
    order_number: int | None = None
    head_date: int | None = None
    signer: str | None = None
    enclosed: str | None = None  # the enclosed policy's title as the notice names it
    promulgated: str | None = None  # the rule a promulgation sentence publishes (`《X》已经…通过，现予公布`)
    title: list[int] = field(default_factory=list)
    addressees: int | None = None
    body: list[int] = field(default_factory=list)
    attachment_note: list[int] = field(default_factory=list)
    signature: list[int] = field(default_factory=list)
    note: int | None = None
    policy_title: list[int] = field(default_factory=list)
    policy_body: list[int] = field(default_factory=list)
    annex: list[int] = field(default_factory=list)
    cc: int | None = None
    printed: list[int] = field(default_factory=list)

    def text(self, indices: list[int]) -> str:
        return "".join(self.paras[i].text for i in indices)


def cut_parts(paras: list[Para]) -> Layout:
    layout = Layout(paras)
    i = _read_front(layout)
    end = _read_tail(layout, i)
    sig = _find_signature(paras, i, end)
    if sig is None:
        layout.body = list(range(i, end))
    else:
        sig_start, sig_end = sig
        layout.body = list(range(i, sig_start))
        layout.signature = list(range(sig_start, sig_end))
        _read_enclosing(layout)
        _read_after_signature(layout, sig_end, end)
    _split_attachments(layout)
    return layout


def _is_orgs(text: str) -> bool:
    return bool(ORG_RE.match(text)) or bool(split_orgs(text)) and len(text) <= 80


def _read_front(layout: Layout) -> int:
    """版头 and 标题 in any order: 文号, 令 number, date, masthead, title lines, then the 主送机关."""
    paras, i = layout.paras, 0
    n = len(paras)
    while i < min(n, 14):
        text = paras[i].text.strip()
        if m := DOC_NUMBER_LINE_RE.match(text):
            if layout.doc_number is None:
                layout.doc_number, layout.signer = i, m.group("signer") or layout.signer
        elif ORDER_LINE_RE.match(text):
            if layout.order_number is None:
                layout.order_number = i
        elif m := SIGNER_RE.match(text):
            layout.signer = m.group("signer")
        elif DATE_ONLY_RE.match(text):
            if layout.head_date is None:
                layout.head_date = i
        elif NOTE_RE.match(text):
            layout.note = i
        elif TOC_RE.match(text):
            return _skip_toc(paras, i + 1)
        elif ADDRESSEE_RE.match(text) and (i > 0 or "，" in text or "、" in text or text.startswith("各")):
            layout.addressees = i
            return i + 1
        elif not layout.title and (MASTHEAD_RE.match(text) or (
                _is_orgs(text) and not (i + 1 < n and paras[i + 1].text.strip().startswith("关于"))
                and _followed_by_doc_number(paras, i))):
            layout.masthead.append(i)
        elif _title_like(text) and not (layout.title and layout.title[-1] != i - 1 and _dup_title(layout, text)):
            layout.title.append(i)
        elif _title_like(text):
            pass  # the title repeated (page headline + document title)
        else:
            break
        i += 1
    return i


def _skip_toc(paras: list[Para], i: int) -> int:
    """A 目录 lists the chapter headings; the body starts where the first heading comes again."""
    first = match_number(paras[i].text) if i < len(paras) else None
    if not first:
        return i
    for j in range(i + 1, min(len(paras), i + 60)):
        num = match_number(paras[j].text)
        if num is None or TERMINAL_RE.search(paras[j].text.strip()):
            return i
        if num.canonical == first.canonical:
            return j
    return i


def _dup_title(layout: Layout, text: str) -> bool:
    return re.sub(r"[\s《》]", "", text) == re.sub(r"[\s《》]", "", layout.text(layout.title))


def _followed_by_doc_number(paras: list[Para], i: int) -> bool:
    """A masthead stands above the 文号 (or is a `…文件` line)."""
    if MASTHEAD_RE.match(paras[i].text.strip()):
        return True
    return any(DOC_NUMBER_LINE_RE.match(p.text.strip()) for p in paras[i + 1:i + 4])


def _title_like(text: str) -> bool:
    return bool(text) and len(text) <= 80 and not TERMINAL_RE.search(text) and not match_number(text) \
        and not re.search(r"[，,]", text)


def _read_tail(layout: Layout, start: int) -> int:
    """抄送 and 印发 lines at the end; returns where they begin."""
    paras = layout.paras
    end = len(paras)
    j = end - 1
    while j >= start:
        text = paras[j].text.strip()
        if PRINTED_RE.match(text):
            layout.printed.insert(0, j)
            if not PRINTED_RE.match(text).group("org") and j - 1 >= start and ORG_RE.match(paras[j - 1].text.strip()):
                layout.printed.insert(0, j - 1)
                j -= 1
        elif CC_RE.match(text):
            layout.cc = j
        else:
            break
        j -= 1
    return j + 1


def _find_signature(paras: list[Para], start: int, end: int) -> tuple[int, int] | None:
    """The first 署名 + 成文日期 block: `ORG DATE` on one line, or ORG lines then a DATE line."""
    for j in range(start, end):
        text = paras[j].text.strip()
        if SIGNATURE_ONE_LINE_RE.match(text):
            return j, j + 1
        if DATE_ONLY_RE.match(text):
            k = j
            while k - 1 >= start and (ORG_RE.match(t := paras[k - 1].text.strip()) or split_orgs(t)
                                      or SIGNER_LINE_RE.match(t)) and j - k < 4:
                k -= 1
            if k < j:
                return k, j + 1
    return None


def _read_enclosing(layout: Layout) -> None:
    """What a 印发/转发 notice encloses, or what a promulgation publishes, as the text names it."""
    title = re.sub(r"\s", "", layout.text(layout.title))
    if m := ENCLOSING_TITLE_RE.search(title):
        layout.enclosed = m.group("inner").strip("《》")
    for i in layout.body[:6]:
        text = layout.paras[i].text.strip()
        if m := PROMULGATION_RE.match(text):
            layout.promulgated = m.group("inner")
            return
        if layout.enclosed is None and (m := ENCLOSING_SENTENCE_RE.search(text)):
            layout.enclosed = (m.group("quoted") or m.group("bare")).strip()
            return


def _read_after_signature(layout: Layout, i: int, end: int) -> None:
    paras = layout.paras
    if i < end and NOTE_RE.match(paras[i].text.strip()):
        layout.note = i
        i += 1
    if i >= end:
        return
    if layout.enclosed or layout.promulgated:
        while i < end and (ANNEX_START_RE.match(t := paras[i].text.strip()) or not re.search(r"[\w\u4e00-\u9fff]", t)):
            i += 1
        j = i
        while j < end and j < i + 3 and _title_like(t := paras[j].text.strip()) and not (j > i and _is_orgs(t)):
            j += 1
        layout.policy_title = list(range(i, j))
        layout.policy_body = list(range(j, end))
    else:
        layout.annex = list(range(i, end))


def _split_attachments(layout: Layout) -> None:
    """附件说明 lines and the annex proper out of whichever body holds the clauses."""
    body = layout.policy_body or layout.body
    paras = layout.paras
    for n, idx in enumerate(body):
        if ANNEX_START_RE.match(paras[idx].text.strip()) and n > 0:
            layout.annex = body[n:] + layout.annex
            del body[n:]
            break
    for n, idx in enumerate(body):  # the 附件说明 closes the body, so it is among its last lines
        if ATTACHMENT_NOTE_RE.match(paras[idx].text.strip()) and n >= len(body) - 6:
            layout.attachment_note.append(idx)
    for idx in list(layout.attachment_note):
        k = body.index(idx) + 1
        while k < len(body) and re.match(r"^[0-9０-９]{1,2}\s*[.．、]\s*\S{2,60}$", t := paras[body[k]].text.strip()) \
                and not TERMINAL_RE.search(t) and body[k] not in layout.attachment_note:
            layout.attachment_note.append(body[k])
            k += 1
    for idx in layout.attachment_note:
        body.remove(idx)
    _end_amendment(layout, body)


def _end_amendment(layout: Layout, body: list[int]) -> None:
    """An amendment that re-publishes the amended text: the text after `…重新公布。` is not its body."""
    for n, idx in enumerate(body):
        if re.search(r"根据本(?:修正案|决定)[^。]{0,60}重新(?:公布|发布|印发)", layout.paras[idx].text):
            layout.annex = body[n + 1:] + layout.annex
            del body[n + 1:]
            return
