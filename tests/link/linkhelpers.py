"""Small builders for documents and records written in the tests (other cities' 公文)."""
from __future__ import annotations

from pipeline.extract.references import extract_references
from pipeline.records import Award, Extraction, Header, IngestedText, Part, Record, SourceInfo, StructuredDoc


def make_doc(body: str, *, doc_number: str | None = None, title: str | None = None,
             policy_title: str | None = None, notice: str | None = None, issuer: str = "",
             name: str = "t.txt") -> StructuredDoc:
    """A structured document: head block (文号, 标题), an optional notice text, then the body."""
    head = f"{doc_number or ''}\n{title or ''}\n"
    parts = [Part("文号", doc_number or "", 0, len(doc_number or "")),
             Part("标题", title or "", len(doc_number or "") + 1, len(head) - 1)]
    text = head
    if notice is not None:
        parts.append(Part("正文", notice, len(text), len(text) + len(notice)))
        text += notice + "\n"
    parts.append(Part("政策正文", body, len(text), len(text) + len(body)))
    text += body + "\n"
    header = Header(doc_number=doc_number, title=title, policy_title=policy_title,
                    issuers=(issuer,) if issuer else ())
    ingested = IngestedText(SourceInfo(name, "0" * 64, "text", None), text)
    return StructuredDoc(ingested, header, tuple(parts), (), 0, len(text))


def make_record(body: str, *, doc_number: str | None, issuer: str, name: str, title: str | None = None,
                policy_title: str | None = None, issue_date: str | None = None,
                effective_from: str | None = None, effective_to: str | None = None,
                awards: tuple[Award, ...] = (), fmt: str = "text") -> Record:
    """A record whose references come from extract_references over `body`."""
    doc = make_doc(body, doc_number=doc_number, title=title or f"关于{name}的通知", policy_title=policy_title,
                   issuer=issuer, name=name)
    header = Header(doc_number=doc_number, title=title or f"关于{name}的通知", policy_title=policy_title,
                    issuers=(issuer,), issue_date=issue_date, effective_from=effective_from,
                    effective_to=effective_to)
    placed = tuple(_place_award(doc.text, a) for a in awards)
    extraction = Extraction(references=tuple(extract_references(doc)), awards=placed)
    return Record(SourceInfo(name, "0" * 64, fmt, None), doc.text, header, (), extraction)


def _place_award(text: str, award: Award) -> Award:
    """Give an award the offsets of its condition in the text (so evidence sentences exist)."""
    start = text.find(award.condition)
    if start < 0:
        return award
    return Award(award.clause, award.condition, award.amount, award.amount_role, award.rate, award.rate_base,
                 award.threshold, award.cap, award.per, start, start + len(award.condition))


def award(condition: str, amount: float | None, *, clause: str = "一", rate: float | None = None,
          rate_base: str | None = None, cap: float | None = None, per: str | None = None) -> Award:
    return Award(clause, condition, amount, "max" if amount is not None else None, rate, rate_base, None, cap, per,
                 0, 0)
