"""The HTML report: an inline SVG chart of F1 per field, the tables, every mismatch.

The chart is written as SVG by hand rather than through matplotlib: it needs no font for
the (ASCII) field names, renders the same on every machine and diffs as text.
"""
from __future__ import annotations

import json
from html import escape
from typing import Any

from .report import EvalReport

_BAR_H, _GAP, _LABEL_W, _PLOT_W = 18, 6, 170, 420


def svg_f1_chart(f1: dict[str, float], minimums: dict[str, float] | None = None) -> str:
    """Horizontal bars of F1 per field (0..1), a tick at each field's enforced minimum."""
    minimums = minimums or {}
    rows = list(f1.items())
    height = len(rows) * (_BAR_H + _GAP) + 30
    width = _LABEL_W + _PLOT_W + 60
    parts = [(f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
              f'role="img" aria-label="F1 per field">')]
    for x in (0.0, 0.5, 1.0):
        gx = _LABEL_W + x * _PLOT_W
        parts.append(f'<line x1="{gx:.1f}" y1="0" x2="{gx:.1f}" y2="{height - 20}" stroke="#ccc"/>'
                     f'<text x="{gx:.1f}" y="{height - 6}" font-size="11" text-anchor="middle">{x:g}</text>')
    for k, (name, value) in enumerate(rows):
        y = k * (_BAR_H + _GAP) + 4
        low = name in minimums and value + 1e-9 < minimums[name]
        colour = "#c0392b" if low else "#2e86c1"
        parts.append(
            f'<text x="{_LABEL_W - 6}" y="{y + _BAR_H - 5}" font-size="12" text-anchor="end">{escape(name)}</text>'
            f'<rect class="bar" data-field="{escape(name)}" data-f1="{value:.4f}" x="{_LABEL_W}" y="{y}" '
            f'width="{value * _PLOT_W:.1f}" height="{_BAR_H}" fill="{colour}"/>'
            f'<text x="{_LABEL_W + value * _PLOT_W + 4:.1f}" y="{y + _BAR_H - 5}" font-size="11">{value:.3f}</text>')
        if name in minimums:
            mx = _LABEL_W + minimums[name] * _PLOT_W
            parts.append(f'<line x1="{mx:.1f}" y1="{y - 2}" x2="{mx:.1f}" y2="{y + _BAR_H + 2}" '
                         f'stroke="#000" stroke-width="2"/>')
    parts.append("</svg>")
    return "".join(parts)


def _table(headers: list[str], rows: list[list[Any]]) -> str:
    head = "".join(f"<th>{escape(str(h))}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{escape(_cell(c))}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _cell(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.4f}"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def render_html(report: EvalReport, thresholds: dict[str, dict[str, float]] | None = None,
                title: str = "policykg evaluation") -> str:
    """A self-contained HTML page (no external files) for `report`."""
    return render_sets_html([(title, report, thresholds or {}, True)], title=title)


def render_sets_html(sets: list[tuple[str, EvalReport, dict[str, dict[str, float]], bool]],
                     title: str = "policykg evaluation") -> str:
    """One page, a section per evaluation set: (name, report, thresholds, show mismatches)."""
    return (
        f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{escape(title)}</title>"
        "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:2em}"
        "td,th{border:1px solid #ccc;padding:3px 6px;font-size:13px;vertical-align:top}"
        "th{background:#eee}section{border-top:3px solid #2e86c1;margin-top:2em}</style></head><body>"
        f"<h1>{escape(title)}</h1>"
        + "".join(_section(name, report, thresholds, show) for name, report, thresholds, show in sets)
        + "</body></html>\n"
    )


def _section(name: str, report: EvalReport, thresholds: dict[str, dict[str, float]], show: bool) -> str:
    mins, targets = thresholds.get("min_f1", {}), thresholds.get("target_f1", {})
    fields = [[n, s.tp, s.fp, s.fn, s.precision, s.recall, s.f1, mins.get(n), targets.get(n)]
              for n, s in report.fields.items()]
    docs = sorted(report.documents)
    per_doc = [[n] + [report.documents[d][n].f1 if n in report.documents[d] else None for d in docs]
               for n in report.fields]
    attrs = [[a, c, t, (c / t if t else None)] for a, (c, t) in report.award_attributes.items()]
    mism = [[m.document, m.field, m.kind, m.gold, m.predicted, m.gold_sentence, m.predicted_sentence]
            for m in report.mismatches]
    kappa = report.extra.get("kappa", {})
    kappa_html = ("<h3>Cohen's kappa</h3>" + _table(["labels", "items", "observed", "kappa"],
                  [[k, v["items"], v["observed"], v["kappa"]] for k, v in kappa.items()])) if kappa else ""
    mismatches = (f"<h3>Mismatches ({len(mism)})</h3>"
                  + _table(["document", "field", "kind", "gold", "predicted", "gold sentence", "predicted sentence"],
                           mism)) if show else (
        f"<h3>Mismatches ({len(mism)})</h3><p>Withheld: this is the check set. Its figures say whether a "
        "change generalises; reading its mismatches would turn it into a second tuning set.</p>")
    return (
        f"<section id=\"set-{escape(name)}\"><h2>{escape(name)} ({len(docs)} documents)</h2>"
        f"<p>Award conditions pair at WRatio ≥ {report.condition_threshold:g}. "
        f"Missing records: {escape(', '.join(report.missing_records) or 'none')}.</p>"
        f"<h3>F1 per field</h3>{svg_f1_chart(report.f1(), mins)}"
        "<h3>Fields</h3>" + _table(["field", "tp", "fp", "fn", "precision", "recall", "F1", "min F1",
                                    "target F1"], fields)
        + "<h3>F1 per document</h3>" + _table(["field"] + docs, per_doc)
        + "<h3>Attributes of matched awards</h3>" + _table(["attribute", "correct", "matched", "accuracy"], attrs)
        + kappa_html + mismatches + "</section>"
    )
