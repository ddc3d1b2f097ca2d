"""Errors say where: the locator (file, page, offset, excerpt) reaches the one line the CLI prints.

The stages raise with what they know (ingest the file and the page, structure and extract an
offset and an excerpt); the per-document runner adds the file; `report_error` prints
`policykg: error: <locator>: <reason> (<hint>)` with the error's exit code, and `-v` the traceback.
"""
from __future__ import annotations

import io
import pickle
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from pipeline import errors
from pipeline.cli import app
from pipeline.engine.document import check_offsets, warm_up
from pipeline.errors import EXCERPT_CHARS, InputError, Locator, OffsetMismatch, PipelineError
from pipeline.records import Amount, Extraction, Header, Record, SourceInfo

RUNNER = CliRunner()
DOC = "关于支持企业发展的通知\n一、对符合条件的企业给予不超过50万元奖励。\n"

# (the stage that raises, what it raises, exit code, the line after "policykg: error: ")
RAISED = {
    "structure, page only": (
        "structure_document", InputError("the 文号 line is cut", locator=Locator(page=3)), 1,
        "doc.txt, page 3: the 文号 line is cut"),
    "extract, offset and excerpt": (
        "extract_mentions", PipelineError("no role for this amount", locator=Locator(offset=24, excerpt="不超过\n50万元"),
                                          hint="add the cue word"), 1,
        'doc.txt, offset 24, at "不超过 50万元": no role for this amount (add the cue word)'),
    "extract, a bug with its offsets": (
        "extract_mentions", OffsetMismatch("amount offsets 24:31 hold a different text",
                                           locator=Locator(offset=24, excerpt="不超过50万元")), 2,
        'doc.txt, offset 24, at "不超过50万元": amount offsets 24:31 hold a different text'),
    "the raise site's file wins": (
        "structure_document", InputError("its attachment is missing", locator=Locator("附件1.pdf", page=2)), 1,
        "附件1.pdf, page 2: its attachment is missing"),
    "a crash: the file, exit 2": (
        "structure_document", ValueError("unexpected token"), 2,
        "doc.txt: internal error while reading it: ValueError: unexpected token (run with -v for the traceback)"),
}


def _raising(exc: BaseException):  # type: ignore[no-untyped-def]
    def stage(*args: object, **kwargs: object) -> None:
        raise exc

    # the process's one-time warm-up runs both stages: done before they are patched to raise
    warm_up()
    return stage


@pytest.mark.parametrize("case", sorted(RAISED))
def test_the_locator_reaches_the_one_line(case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stage, exc, code, line = RAISED[case]
    monkeypatch.setattr(f"pipeline.engine.document.{stage}", _raising(exc))
    path = tmp_path / "doc.txt"
    path.write_text(DOC, encoding="utf-8")
    result = RUNNER.invoke(app, ["extract", str(path), "-o", str(tmp_path / "out"), "-j", "1"])
    assert (result.exit_code, result.stderr) == (code, f"policykg: error: {line}\n")
    assert not (tmp_path / "out").exists()


def test_verbose_adds_the_traceback_before_the_located_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stage, exc, code, line = RAISED["structure, page only"]
    monkeypatch.setattr(f"pipeline.engine.document.{stage}", _raising(exc))
    path = tmp_path / "doc.txt"
    path.write_text(DOC, encoding="utf-8")
    result = RUNNER.invoke(app, ["-v", "extract", str(path), "-o", str(tmp_path / "out"), "-j", "1"])
    assert result.exit_code == code
    assert "Traceback" in result.stderr and result.stderr.endswith(f"policykg: error: {line}\n")


def _scanned_pdf() -> bytes:
    """A one-page 'scan': a page that is one image, no text layer."""
    from PIL import Image, ImageDraw

    image = Image.new("L", (595, 842), 255)
    ImageDraw.Draw(image).rectangle((72, 72, 500, 90), fill=0)
    buf = io.BytesIO()
    image.save(buf, format="PDF")
    return buf.getvalue()


def _record(text: str, amount: Amount) -> Record:
    return Record(source=SourceInfo("a.txt", "0" * 64, "text", None), text=text, header=Header(), clauses=(),
                  extraction=Extraction(amounts=(amount,)))


def test_ingest_names_the_file_and_the_page() -> None:
    """A page without a text layer (OCR off): the page is the locator's, not the message's."""
    from pipeline.ingest.pdf import read_pdf

    with pytest.raises(errors.NoTextLayer) as err:
        read_pdf(_scanned_pdf(), "scan.pdf", "0" * 64, ocr=False)
    assert err.value.locator == Locator("scan.pdf", page=1)
    assert err.value.one_line() == "scan.pdf, page 1: it has no text layer (scanned) (OCR is turned off)"


@pytest.mark.parametrize("text, start, end, excerpt", [
    ("给予不超过50万元奖励", 6, 10, "0万元奖"),  # offsets one character late
    ("对企业给予一次性奖励10万元。", 0, 4, "对企业给"),  # offsets of another sentence's words
    ("补助资金\n按50%\n拨付", 3, 7, "金 按5"),  # a line break inside: the excerpt stays one line
])
def test_an_offset_mismatch_names_the_offset_and_what_is_there(text: str, start: int, end: int, excerpt: str) -> None:
    amount = Amount(text="50万元", value=500000.0, value_max=None, unit="万元", role="max", clause=None,
                    start=start, end=end)
    with pytest.raises(OffsetMismatch) as err:
        check_offsets(_record(text, amount))
    assert err.value.locator == Locator("a.txt", offset=start, excerpt=text[start:end])
    assert err.value.one_line().startswith(f'a.txt, offset {start}, at "{excerpt}": amount offsets {start}:{end} ')


def test_an_os_error_names_its_path() -> None:
    error = errors.SystemProblem.of(PermissionError(13, "Permission denied", "/corpus/extracted"))
    assert error.one_line() == "/corpus/extracted: Permission denied (check the folder's permissions and the free space)"


def test_without_a_locator_the_line_is_the_reason() -> None:
    assert errors.ConfigError("--max-bytes must be at least 1, not 0").one_line() == "--max-bytes must be at least 1, not 0"


def test_locate_fills_only_what_is_missing() -> None:
    error = InputError("cut", locator=Locator(page=2)).locate(file="a.pdf", page=9, offset=None)
    assert error.locator == Locator("a.pdf", page=2)


def test_the_locator_survives_a_worker_process() -> None:
    """Errors come back from worker processes pickled: the locator, hint and stage with them."""
    error = OffsetMismatch("offsets hold another text", locator=Locator("a.txt", offset=7, excerpt="万元"), hint="fix")
    error.stage = "extract"
    back = pickle.loads(pickle.dumps(error))
    assert (type(back), back.one_line(), back.stage, back.exit_code) == (OffsetMismatch, error.one_line(), "extract", 2)


@given(st.text(max_size=200))
def test_an_excerpt_is_one_short_line(excerpt: str) -> None:
    where = str(Locator("a.txt", excerpt=excerpt))
    assert "\n" not in where and "\r" not in where
    assert len(where) <= len('a.txt, at ""') + EXCERPT_CHARS


def test_every_exception_class_lives_in_errors() -> None:
    """No stage defines its own: what can go wrong is read in one file."""
    import re

    # a class whose bases name an exception: `(Exception)`, `(LookupError)`, `(errors.InputError)`, …
    defines = re.compile(r"^\s*class (\w+)\(([^)]*(?:Error|Exception|Warning|Exit)\b[^)]*)\)", re.MULTILINE)
    root = Path(__file__).resolve().parents[2] / "pipeline"
    found = [f"{path.relative_to(root)}: {m.group(1)}" for path in sorted(root.rglob("*.py")) if path.name != "errors.py"
             for m in defines.finditer(path.read_text(encoding="utf-8"))]
    assert found == []
