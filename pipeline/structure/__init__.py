"""Structure: normalised text → 公文 parts, header fields and the clause tree."""
from __future__ import annotations

import logging
import re

from ..records import IngestedText, Part, PartName, StructuredDoc
from .clauses import build_clauses
from .enclosed import PART_NAME, enclosed_mentions
from .header import read_header
from .metadata import is_file_link
from .paragraphs import split_paragraphs
from .parts import Layout, cut_parts

__all__ = ["structure_document"]
log = logging.getLogger(__name__)

_PART_NAMES: tuple[tuple[str, PartName], ...] = (
    ("masthead", "发文机关标志"), ("title", "标题"), ("body", "正文"), ("attachment_note", "附件说明"),
    ("signature", "发文机关署名和成文日期"), ("policy_title", "政策标题"), ("policy_body", "政策正文"),
    ("annex", "附件"), ("printed", "印发机关和印发日期"),
)
_SINGLE_PARTS: tuple[tuple[str, PartName], ...] = (("doc_number", "文号"), ("addressees", "主送机关"), ("note", "附注"), ("cc", "抄送机关"))


def structure_document(ingested: IngestedText) -> StructuredDoc:
    """Cut one document into parts, read its header and build its clause tree."""
    paras = split_paragraphs(ingested.text)
    layout = cut_parts(paras)
    warnings: list[str] = []
    header = read_header(layout, warnings)
    body = layout.policy_body or layout.body
    body_start = paras[body[0]].start if body else len(ingested.text)
    body_end = paras[body[-1]].end if body else len(ingested.text)
    clauses = build_clauses([paras[i] for i in body], body_end)
    if not any(_is_text(p.text) for i, p in enumerate(paras) if i not in layout.metadata):
        # a page without the document (its text only behind links to files): the header holds what
        # the page shows (its headline), every other field stays null
        warnings.append("no body text: the file holds no sentence of the document"
                        + (", only links to files" if any(is_file_link(p.text) for p in paras) else ""))
    elif header.doc_number is None and header.title is None and not clauses:
        warnings.append("not a 公文: no 文号, no title and no numbered items")
    for w in warnings:
        log.info("%s: %s", ingested.source.file, w)
    # the enclosed policy's title wherever the notice names it: the policy itself, never a citation
    mentions = [Part(PART_NAME, ingested.text[s:e], s, e) for s, e in enclosed_mentions(ingested.text, layout, header)]
    return StructuredDoc(
        ingested=ingested, header=header, parts=tuple(sorted(_parts(layout) + tuple(mentions), key=lambda p: p.start)),
        clauses=tuple(clauses),
        body_start=body_start, body_end=body_end, warnings=tuple(warnings),
    )


def _is_text(paragraph: str) -> bool:
    """A paragraph of running text: a sentence, not a link, a label or a heading."""
    return not is_file_link(paragraph) and bool(re.search(r"[。；！？]", paragraph) or len(paragraph) > 60)


def _parts(layout: Layout) -> tuple[Part, ...]:
    paras = layout.paras
    out = []
    runs: list[list[int]] = []
    for i in sorted(layout.metadata):  # a site's or database's label block: one part per run of lines
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    for run in runs:
        start, end = paras[run[0]].start, paras[run[-1]].end
        out.append(Part("元数据", paras[0].source[start:end], start, end))
    for attr, name in _PART_NAMES:
        indices = getattr(layout, attr)
        if indices:
            start, end = paras[indices[0]].start, paras[indices[-1]].end
            out.append(Part(name, paras[0].source[start:end], start, end))
    for attr, name in _SINGLE_PARTS:
        i = getattr(layout, attr)
        if i is not None:
            out.append(Part(name, paras[i].text, paras[i].start, paras[i].end))
    return tuple(sorted(out, key=lambda p: p.start))
