"""A record as link sees it (`LinkView`), and link's result written back into a record.

Link needs a corpus-wide view, but not the corpus's text: headers, references, awards and
the few sentences lineage edges quote.  `view_of` takes those from a record where its text
is at hand (a worker process), so the text can go to disk and the view stays in memory.
"""
from __future__ import annotations

from dataclasses import replace

from ..normalize import core_text, text_fingerprint
from ..records import LinkedCorpus, LinkView, Record, StatedClause
from .editions import made_on
from .stated import KINDS, sentence_at


def view_of(record: Record, *, evidence: bool = True) -> LinkView:
    """The link view of `record`; sentences shared by several mentions are one string.

    `evidence=False`, for a record that will not be linked (`policykg extract`): its file, header,
    mentions and counts only, without the sentences, statements and fingerprint link reads
    (their finding was ~5 ms of a document); such a view is never given to link."""
    text = record.text
    sentences: dict[tuple[int, int], str] = {}

    def sentence(start: int, end: int) -> str:
        span = sentence_at(text, start, end)
        return sentences.setdefault(span, text[span[0]:span[1]])

    ex = record.extraction
    return LinkView(
        key=record.key, source=record.source, header=record.header, references=ex.references,
        awards=ex.awards,
        award_sentences=tuple(sentence(a.start, a.end) for a in ex.awards) if evidence else (),
        reference_sentences=tuple(sentence(r.start, r.end) for r in ex.references) if evidence else (),
        statements=find_statements(record.key, text) if evidence else (),
        fingerprint=text_fingerprint(text) if evidence else "", core_length=len(core_text(text)) if evidence else 0,
        warning_count=len(record.warnings),
        counts=(("amounts", len(ex.amounts)), ("percentages", len(ex.percentages)),
                ("awards", len(ex.awards)), ("references", len(ex.references)), ("clauses", len(record.clauses))),
        made=made_on(text) if evidence and not record.header.issue_date else None,
    )


def find_statements(key: str, text: str) -> tuple[StatedClause, ...]:
    """Every repeal / precedence / continuation sentence of a text, targets left empty."""
    out: list[StatedClause] = []
    seen: set[tuple[str, int]] = set()
    for kind, pattern in KINDS:
        for m in pattern.finditer(text):
            s, e = sentence_at(text, m.start(), m.end())
            if (kind, s) in seen:
                continue
            seen.add((kind, s))
            out.append(StatedClause(document=key, kind=kind, evidence=text[s:e], start=s, end=e, targets=()))
    out.sort(key=lambda c: c.start)
    return tuple(out)


def resolved_by_file(linked: LinkedCorpus) -> dict[str, dict[int, str | None]]:
    """`linked.resolved` by citing file: reference start → resolved node (None: unresolved)."""
    out: dict[str, dict[int, str | None]] = {}
    for file, start, target in linked.resolved:
        out.setdefault(file, {})[start] = target
    return out


def apply_links(record: Record, resolved: dict[int, str | None]) -> Record:
    """`record` with every reference's `resolved` node as link decided it (`resolved_by_file`)."""
    refs = tuple(replace(r, resolved=resolved.get(r.start)) for r in record.extraction.references)
    return replace(record, extraction=replace(record.extraction, references=refs))
