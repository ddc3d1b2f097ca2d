"""Rich tables of an evaluation or agreement report, for the terminal."""
from __future__ import annotations

from rich import box
from rich.table import Table

from .report import EvalReport


def field_table(report: EvalReport, thresholds: dict[str, dict[str, float]] | None = None,
                title: str = "accuracy against the gold") -> Table:
    """One row per field: counts, P/R/F1, the enforced minimum and the target, and a verdict."""
    thresholds = thresholds or {}
    mins, targets = thresholds.get("min_f1", {}), thresholds.get("target_f1", {})
    # compact box: the table must fit 80 columns, the width rich assumes off a terminal (make, CI)
    table = Table(title=title, box=box.SIMPLE_HEAD, padding=(0, 0), pad_edge=False)
    for col in ("field", "tp", "fp", "fn", "P", "R", "F1", "min", "target", ""):
        table.add_column(col, justify="left" if col == "field" else "right", no_wrap=True)
    for name, s in report.fields.items():
        low = name in mins and s.f1 + 1e-9 < mins[name]
        verdict = "[red]FAIL[/red]" if low else ("ok" if name in mins else "")
        table.add_row(name, str(s.tp), str(s.fp), str(s.fn), f"{s.precision:.3f}", f"{s.recall:.3f}",
                      f"{s.f1:.3f}", _opt(mins.get(name)), _opt(targets.get(name)), verdict)
    return table


def document_table(report: EvalReport) -> Table:
    """F1 per document (columns) and field (rows), to see which document a loss comes from."""
    docs = sorted(report.documents)
    table = Table(title="F1 per document")
    table.add_column("field", no_wrap=True)
    for d in docs:
        table.add_column(d.split("_")[0], justify="right")
    for name in report.fields:
        table.add_row(name, *(f"{report.documents[d][name].f1:.2f}" if name in report.documents[d] else "—"
                              for d in docs))
    return table


def attribute_table(report: EvalReport) -> Table:
    table = Table(title="attributes of matched awards")
    for col in ("attribute", "correct", "matched", "accuracy"):
        table.add_column(col, justify="left" if col == "attribute" else "right")
    for attr, (correct, total) in report.award_attributes.items():
        table.add_row(attr, str(correct), str(total), f"{correct / total:.3f}" if total else "—")
    return table


def kappa_table(report: EvalReport) -> Table:
    table = Table(title="Cohen's kappa on labels both labellers gave")
    for col in ("labels", "items", "observed", "kappa"):
        table.add_column(col, justify="left" if col == "labels" else "right")
    for name, v in report.extra.get("kappa", {}).items():
        table.add_row(name, str(v["items"]), _opt(v["observed"]), _opt(v["kappa"]))
    return table


def _opt(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"
