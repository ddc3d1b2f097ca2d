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

DATE = date_pattern().pattern
ORG = r"[\u4e00-\u9fff（）()]{2,40}(?:办公室|办公厅|人民政府|政府|委员会|局|厅|部|委|院|会|中心|小组|公司|办)"
ORG_RE = re.compile(rf"^{ORG}$")
SIGNATURE_ONE_LINE_RE = re.compile(rf"^(?P<orgs>{ORG}(?:\s+{ORG})*)\s+(?P<date>{DATE})$")
DATE_ONLY_RE = re.compile(rf"^(?P<date>{DATE})$")
PRINTED_RE = re.compile(rf"^(?P<org>{ORG}(?:\s+{ORG})*)?\s*(?P<date>{DATE})\s*印\s*发$")
MASTHEAD_RE = re.compile(r"^(?P<orgs>.{2,80}?)\s*文\s*件$")
DOC_NUMBER_LINE_RE = re.compile(rf"^(?P<num>{DOC_NUMBER_RE.pattern})(?:\s*签发人\s*[：:]\s*(?P<signer>\S+))?$")
SIGNER_RE = re.compile(r"^签发人\s*[：:]\s*(?P<signer>\S+)$")
ADDRESSEE_RE = re.compile(r"^[^。；]{2,200}[：:]$")
NOTE_RE = re.compile(r"^[（(]此件[^）)]*[）)]$")
ATTACHMENT_NOTE_RE = re.compile(r"^附\s*件\s*[0-9０-９]*\s*[：:]\s*(?P<names>\S.*)$")
ANNEX_START_RE = re.compile(r"^附\s*件\s*[0-9０-９]*\s*[：:]?$")
CC_RE = re.compile(r"^抄\s*送\s*[：:]\s*(?P<cc>.*)$")
TERMINAL_RE = re.compile(r"[。！？；][”’」』）)]*$")
ENCLOSING_TITLE_RE = re.compile(r"关于(?:印发|转发|颁布|发布)(?P<inner>.+?)的(?:通知|通告|公告)$")


@dataclass
class Layout:
    """Which paragraphs form which part (indices into the paragraph list)."""

    paras: list[Para]
    masthead: list[int] = field(default_factory=list)
    doc_number: int | None = None
    signer: str | None = None
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
    i = _read_head(layout)
    i = _read_title(layout, i)
    end = _read_tail(layout, i)
    sig = _find_signature(paras, i, end)
    if sig is None:
        layout.body = list(range(i, end))
    else:
        sig_start, sig_end = sig
        layout.body = list(range(i, sig_start))
        layout.signature = list(range(sig_start, sig_end))
        _read_after_signature(layout, sig_end, end)
    _split_attachments(layout)
    return layout


def _read_head(layout: Layout) -> int:
    paras, i = layout.paras, 0
    while i < min(len(paras), 8):
        text = paras[i].text.strip()
        if m := DOC_NUMBER_LINE_RE.match(text):
            layout.doc_number, layout.signer = i, m.group("signer") or layout.signer
        elif m := SIGNER_RE.match(text):
            layout.signer = m.group("signer")
        elif layout.doc_number is None and not layout.title and (MASTHEAD_RE.match(text) or ORG_RE.match(text)) \
                and _followed_by_doc_number(paras, i):
            layout.masthead.append(i)
        else:
            break
        i += 1
    return i


def _followed_by_doc_number(paras: list[Para], i: int) -> bool:
    """A masthead stands above the 文号 (or is a `…文件` line)."""
    if MASTHEAD_RE.match(paras[i].text.strip()):
        return True
    return any(DOC_NUMBER_LINE_RE.match(p.text.strip()) for p in paras[i + 1:i + 4])


def _read_title(layout: Layout, i: int) -> int:
    """Title lines run to the 主送机关 line; without one, to the first body-like paragraph."""
    paras = layout.paras
    for j in range(i, min(len(paras), i + 6)):
        text = paras[j].text.strip()
        if ADDRESSEE_RE.match(text) and j > i:
            layout.title = list(range(i, j))
            layout.addressees = j
            return j + 1
        if TERMINAL_RE.search(text) or match_number(text):
            break
    j = i
    while j < len(paras) and j < i + 4 and _title_like(paras[j].text.strip()):
        j += 1
    layout.title = list(range(i, j))
    return j


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
            while k - 1 >= start and ORG_RE.match(paras[k - 1].text.strip()) and j - k < 4:
                k -= 1
            if k < j:
                return k, j + 1
    return None


def _read_after_signature(layout: Layout, i: int, end: int) -> None:
    paras = layout.paras
    if i < end and NOTE_RE.match(paras[i].text.strip()):
        layout.note = i
        i += 1
    if i >= end:
        return
    title = layout.text(layout.title)
    if ENCLOSING_TITLE_RE.search(re.sub(r"\s", "", title)) and not ANNEX_START_RE.match(paras[i].text.strip()):
        j = i
        while j < end and j < i + 3 and _title_like(paras[j].text.strip()):
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
        text = paras[idx].text.strip()
        if ANNEX_START_RE.match(text):
            layout.annex = body[n:] + layout.annex
            del body[n:]
            break
        if ATTACHMENT_NOTE_RE.match(text) and n >= len(body) - 6:
            layout.attachment_note.append(idx)
    for idx in layout.attachment_note:
        body.remove(idx)
