"""`policykg eval` and `policykg agreement`: exit codes, reports, and the gate failing on a regression."""
from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.config import PROJECT_DIR, THRESHOLDS_FILE

SEEDS = PROJECT_DIR / "tests" / "seeds"

runner = CliRunner()


def _eval(tmp_path: Path, *extra: str, sets: tuple[str, ...] = ("seeds",)):
    report = tmp_path / "out" / "eval_report.json"
    raw = [] if "--raw" in extra else ["--raw", str(SEEDS)]
    chosen = [a for s in sets for a in ("--set", s)]
    result = runner.invoke(app, ["eval", "--report", str(report), *raw, *chosen, *extra])
    return result, report


def test_eval_on_main_passes_and_writes_both_reports(tmp_path: Path) -> None:
    result, report = _eval(tmp_path)
    assert result.exit_code == 0, result.output
    assert "seeds: 5 documents" in result.stdout and "awards" in result.stdout
    data = json.loads(report.read_text(encoding="utf-8"))["sets"]["seeds"]
    assert data["gate"]["passed"] is True and data["gate"]["failures"] == []
    assert data["fields"]["clauses"]["f1"] >= load_min("clauses")
    html = report.with_suffix(".html").read_text(encoding="utf-8")
    svg = html[html.index("<svg"):html.index("</svg>") + 6]
    bars = ET.fromstring(svg).findall("{http://www.w3.org/2000/svg}rect")
    assert {b.get("data-field") for b in bars} == set(data["fields"])
    assert all(float(b.get("data-f1")) == pytest.approx(data["fields"][b.get("data-field")]["f1"], abs=1e-4)
               for b in bars)


def load_min(name: str) -> float:
    return json.loads(THRESHOLDS_FILE.read_text(encoding="utf-8"))["sets"]["seeds"]["min_f1"][name]


def test_gate_fails_when_half_a_document_is_lost(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(SEEDS, raw)
    victim = raw / "002_5d0181b67baf112a.txt"
    text = victim.read_text(encoding="utf-8")
    victim.write_text(text[: len(text) // 2], encoding="utf-8")
    result, report = _eval(tmp_path, "--raw", str(raw))
    assert result.exit_code == 1
    assert "policykg: error: gate: seeds: clauses: F1" in result.stderr
    data = json.loads(report.read_text(encoding="utf-8"))["sets"]["seeds"]
    assert data["gate"]["passed"] is False
    assert data["documents"]["002_5d0181b67baf112a"]["clauses"]["recall"] < 0.75
    missing = [m for m in data["mismatches"] if m["document"].startswith("002") and m["field"] == "clauses"]
    assert missing and all(m["kind"] == "missing" for m in missing)


def test_gate_fails_when_a_document_is_missing(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(SEEDS, raw)
    (raw / "004_3dc2365f799b5415.txt").unlink()
    result, report = _eval(tmp_path, "--raw", str(raw))
    assert result.exit_code == 1
    assert json.loads(report.read_text(encoding="utf-8"))["sets"]["seeds"]["missing_records"] == ["004_3dc2365f799b5415"]


@pytest.mark.parametrize("content, message", [
    (None, "thresholds file"),
    ("{not json", "thresholds file is not JSON"),
    ('{"min_f1": {"amount": 1}}', "unknown field 'amount'"),
])
def test_bad_thresholds_exit_2(tmp_path: Path, content: str | None, message: str) -> None:
    path = tmp_path / "t.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    result, report = _eval(tmp_path, "--thresholds", str(path))
    assert result.exit_code == 2
    assert result.stderr.startswith("policykg: error: ") and message in result.stderr
    assert not report.exists()


def test_agreement_command(tmp_path: Path) -> None:
    out = tmp_path / "agreement.json"
    result = runner.invoke(app, ["agreement", "--raw", str(SEEDS), "--report", str(out)])
    assert result.exit_code == 0, result.output
    assert "agreement of the second labelling" in result.stdout and "kappa" in result.stdout
    data = json.loads(out.read_text(encoding="utf-8"))
    assert set(data["documents"]) == {"000_56b4b2a5a32276d5", "002_5d0181b67baf112a"}
