"""Labels: gold files and pipeline records brought to one plain shape for comparison.

A gold file (tests/gold/<stem>.json, see the README there) has values, roles, clause ids
and conditions but no offsets; a record has all that plus offsets.  Both become a
`Label` — a dict with the gold file's keys — so that the same matchers compare gold with
a prediction and one labeller with another.  Prediction items keep `start`/`end` so a
mismatch can quote its sentence.
"""
from __future__ import annotations

import json
import logging
import re
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..normalize import fold_width, normalize_doc_number, normalize_title
from ..records import Record

log = logging.getLogger(__name__)

Label = dict[str, Any]

HEADER_FIELDS = ("doc_number", "order_number", "title", "policy_title", "doc_type", "issuers", "issue_date",
                 "effective_from", "effective_to")
LIST_FIELDS = ("clauses", "references", "amounts", "percentages", "awards", "cost_sharing")
# `order_number` (a 令 or 公告 number) came with the corpus gold: the seed gold predates it (null)
_REQUIRED_HEADER = tuple(f for f in HEADER_FIELDS if f != "order_number")
_REQUIRED = _REQUIRED_HEADER + ("clauses", "references", "amounts", "percentages", "awards")
SCOPES = ("full", "header")  # a `header` gold file labels only the header fields


def load_gold(gold_dir: Path) -> dict[str, Label]:
    """Every `<stem>.json` directly in `gold_dir` (not its sub-folders), keyed by stem.

    A gold file that is not a JSON object with every contract field is a configuration
    problem (exit 2), not something to skip: a silently dropped gold file would inflate
    the scores.
    """
    if not gold_dir.is_dir():
        raise ConfigError(f"gold folder {gold_dir} does not exist", hint="pass --gold DIR")
    gold: dict[str, Label] = {}
    for path in sorted(gold_dir.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise ConfigError(f"gold file is not JSON: {exc}", locator=str(path)) from exc
        scope = data.get("scope", "full") if isinstance(data, dict) else "full"
        if scope not in SCOPES:
            raise ConfigError(f"gold file has scope {scope!r}", locator=str(path), hint=f"use one of {SCOPES}")
        required = _REQUIRED if scope == "full" else _REQUIRED_HEADER
        missing = [k for k in required if not isinstance(data, dict) or k not in data]
        if missing:
            raise ConfigError(f"gold file lacks {', '.join(missing)}", locator=str(path),
                              hint="see tests/gold/README.md for the format")
        data["scope"] = scope
        data.setdefault("order_number", None)
        for ref in data.get("references", []):  # a citation's 令 number is its number, as records give it
            if not ref.get("doc_number") and ref.get("order_number"):
                ref["doc_number"] = ref["order_number"]
        if scope == "full":
            data.setdefault("cost_sharing", [])
        gold[path.stem] = data
    if not gold:
        raise ConfigError(f"no gold files (*.json) in {gold_dir}")
    return gold


def record_label(record: Record) -> Label:
    """A record as a label: the gold keys, with offsets kept on every mention."""
    h, ex = record.header, record.extraction
    return {
        "file": Path(record.source.file).stem,
        "doc_number": h.doc_number, "order_number": h.order_number, "title": h.title, "policy_title": h.policy_title,
        "doc_type": h.doc_type, "issuers": list(h.issuers), "issue_date": h.issue_date,
        "effective_from": h.effective_from, "effective_to": h.effective_to,
        "clauses": [c.id for c in record.clauses],
        "references": [{"doc_number": r.doc_number, "title": r.title, "resolved": r.resolved,
                        "raw": r.raw, "start": r.start, "end": r.end} for r in ex.references],
        "amounts": [{"text": a.text, "value": a.value, "value_max": a.value_max, "unit": a.unit,
                     "role": a.role, "clause": a.clause, "start": a.start, "end": a.end} for a in ex.amounts],
        "percentages": [{"text": p.text, "value": p.value, "role": p.role, "clause": p.clause,
                         "start": p.start, "end": p.end} for p in ex.percentages],
        "awards": [{"clause": a.clause, "condition": a.condition, "amount": a.amount,
                    "amount_role": a.amount_role, "rate": a.rate, "rate_base": a.rate_base,
                    "threshold": a.threshold, "cap": a.cap, "per": a.per,
                    "start": a.start, "end": a.end} for a in ex.awards],
        "cost_sharing": [{"text": c.text, "parties": list(c.parties), "shares": list(c.shares),
                          "clause": c.clause, "start": c.start, "end": c.end} for c in ex.cost_sharing],
    }


def empty_label(stem: str) -> Label:
    """What a missing record predicts: nothing (every gold item becomes a miss)."""
    return {"file": stem, **{k: None for k in HEADER_FIELDS}, "issuers": [],
            **{k: [] for k in LIST_FIELDS}}


# ---- normalisers shared by the matchers -------------------------------------------------

_SPACE_RE = re.compile(r"\s+")


def norm_text(value: str | None) -> str:
    """Spaces removed and full-width ASCII folded: the comparison form of free text."""
    return _SPACE_RE.sub("", fold_width(value or ""))


def norm_header(field: str, value: Any) -> Any:
    """A header value in comparison form; None stays None."""
    if value is None:
        return None
    if field == "issuers":
        return tuple(norm_text(v) for v in value)
    if field == "doc_number":
        return normalize_doc_number(value, strip_lead_ins=False) or norm_text(value)
    if field in ("title", "policy_title"):
        return normalize_title(value)
    return norm_text(str(value))


def norm_number(value: Any) -> float | None:
    """Numbers compared as floats rounded to 1e-6, so 500000 == 500000.0."""
    return None if value is None else round(float(value), 6)


def norm_doc_number(value: str | None) -> str | None:
    if not value:
        return None
    return normalize_doc_number(value, strip_lead_ins=False) or norm_text(value)
