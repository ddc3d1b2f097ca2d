"""`policykg ingest` / `extract` / `build` on bad input: one line, the right exit code, nothing changed."""
from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from pdf_samples import BAD_PDFS, EXPECTED_ERROR
from support import CITED_DOC, NOT_A_GONGWEN, snapshot
from typer.testing import CliRunner

from pipeline import errors
from pipeline.cli import app
from pipeline.config import SUPPORTED_SUFFIXES
from pipeline.maintain import ingest_documents
from pipeline.maintain.lock import corpus_lock

RUNNER = CliRunner()

# name → (bytes, the exact one-line error after "policykg: error: ")
BAD_INPUTS = {
    "empty.txt": (b"", "empty.txt: file is empty"),
    "blank.txt": (b" \n\n\t \r\n", "blank.txt: file is empty"),
    "garbage.txt": (random.Random(0).randbytes(4096),
                    "garbage.txt: binary file, not text (give a .txt, .pdf, .docx or .html)"),
    "controls.md": (bytes(range(1, 32)) * 100, "controls.md: binary file, not text (give a .txt, .pdf, .docx or .html)"),
    "fake.pdf": ("这不是PDF文件".encode(), "fake.pdf: not a PDF (no %PDF- header)"),
    "fake.docx": ("这也不是DOCX".encode(), "fake.docx: not a DOCX (not a zip package)"),
    "notes.xyz": (b"hello", "notes.xyz: unsupported file type '.xyz' (supported: "
                            + ", ".join(sorted(SUPPORTED_SUFFIXES)) + ")"),
}


def _invoke(command: str, path: Path, corpus: Path, *extra: str) -> tuple[int, str, str]:
    if command == "ingest":
        args = ["ingest", str(path), "--root", str(corpus), "--no-shacl", *extra]
    else:
        args = ["extract", str(path), "-o", str(corpus / "extracted"), *extra]
    result = RUNNER.invoke(app, args)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("command", ["ingest", "extract"])
@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_is_one_line_and_changes_nothing(corpus: Path, inputs: Path, command: str, name: str) -> None:
    data, message = BAD_INPUTS[name]
    path = inputs / name
    path.write_bytes(data)
    before = snapshot(corpus)
    code, _, stderr = _invoke(command, path, corpus)
    assert (code, stderr) == (1, f"policykg: error: {message}\n")
    assert snapshot(corpus) == before


@pytest.mark.parametrize("command", ["ingest", "extract"])
def test_file_over_the_size_limit(corpus: Path, inputs: Path, command: str) -> None:
    path = inputs / "big.txt"
    path.write_text(CITED_DOC, encoding="utf-8")
    size = path.stat().st_size
    before = snapshot(corpus)
    code, _, stderr = _invoke(command, path, corpus, "--max-bytes", str(size - 1))
    assert code == 1
    assert stderr == (f"policykg: error: big.txt: file is {size} bytes, over the {size - 1}-byte limit "
                      "(split it or raise --max-bytes)\n")
    assert snapshot(corpus) == before
    assert _invoke(command, path, corpus, "--max-bytes", str(size))[0] == 0  # the limit is inclusive


@pytest.mark.parametrize("command", ["ingest", "extract"])
def test_one_bad_file_among_good_ones_changes_nothing(corpus: Path, inputs: Path, command: str) -> None:
    good, bad = inputs / "100_cited.txt", inputs / "zz_empty.txt"
    good.write_text(CITED_DOC, encoding="utf-8")
    bad.write_bytes(b"")
    before = snapshot(corpus)
    args = [command, str(good), str(bad)] + (["--root", str(corpus)] if command == "ingest"
                                               else ["-o", str(corpus / "extracted")])
    result = RUNNER.invoke(app, args)
    assert (result.exit_code, result.stderr) == (1, "policykg: error: zz_empty.txt: file is empty\n")
    assert snapshot(corpus) == before


PDF_CASES = sorted(BAD_PDFS)


@pytest.mark.parametrize("command", ["ingest", "extract"])
@pytest.mark.parametrize("name", PDF_CASES)
def test_bad_pdf_is_one_line_and_changes_nothing(corpus: Path, inputs: Path, command: str, name: str) -> None:
    path = inputs / name
    path.write_bytes(BAD_PDFS[name]())
    before = snapshot(corpus)
    code, _, stderr = _invoke(command, path, corpus)
    assert code == 1
    # the locator names the file, and the page when one page is at fault
    assert re.fullmatch(rf"policykg: error: {re.escape(name)}(, page \d+)?: [^\n]+\n", stderr), stderr
    assert "Traceback" not in stderr
    assert snapshot(corpus) == before


@pytest.mark.parametrize("name", PDF_CASES)
def test_bad_pdf_raises_its_own_error(corpus: Path, inputs: Path, name: str) -> None:
    path = inputs / name
    path.write_bytes(BAD_PDFS[name]())
    with pytest.raises(getattr(errors, EXPECTED_ERROR[name])):
        ingest_documents([path], corpus)


def test_traceback_only_with_verbose(corpus: Path, inputs: Path) -> None:
    path = inputs / "empty.txt"
    path.write_bytes(b"")
    quiet = RUNNER.invoke(app, ["ingest", str(path), "--root", str(corpus)])
    loud = RUNNER.invoke(app, ["-v", "ingest", str(path), "--root", str(corpus)])
    assert "Traceback" not in quiet.stderr
    assert "Traceback" in loud.stderr and loud.stderr.endswith("policykg: error: empty.txt: file is empty\n")
    assert loud.exit_code == 1


def test_a_crashing_reader_is_one_line_exit_2(corpus: Path, inputs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(*args: object, **kwargs: object) -> None:
        raise ValueError("unexpected token")

    monkeypatch.setattr("pipeline.engine.document.structure_document", crash)
    path = inputs / "100_cited.txt"
    path.write_text(CITED_DOC, encoding="utf-8")
    before = snapshot(corpus)
    for command in ("ingest", "extract"):
        code, _, stderr = _invoke(command, path, corpus)
        assert (code, stderr) == (2, ("policykg: error: 100_cited.txt: internal error while reading it: "
                                     "ValueError: unexpected token (run with -v for the traceback)\n"))
    assert snapshot(corpus) == before


def test_lock_held_refuses_with_exit_2(corpus: Path, inputs: Path) -> None:
    path = inputs / "100_cited.txt"
    path.write_text(CITED_DOC, encoding="utf-8")
    before = snapshot(corpus)
    with corpus_lock(corpus) as lock_path:  # a second open file description conflicts like another process
        code, _, stderr = _invoke("ingest", path, corpus)
    assert code == 2
    assert stderr == (f"policykg: error: {lock_path}: another policykg command is writing this corpus "
                      "(wait for it to finish, then run the command again)\n")
    assert snapshot(corpus) == before


def test_ingest_prints_what_changed(corpus: Path, inputs: Path) -> None:
    path = inputs / "100_cited.txt"
    path.write_text(CITED_DOC, encoding="utf-8")
    result = RUNNER.invoke(app, ["ingest", str(path), "--root", str(corpus)])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "added: 100_cited.txt  https://policykg.example.org/doc/连政办发〔2022〕3号"
    assert lines[1].startswith("  文号: 连政办发〔2022〕3号   title: 市政府办公室关于印发")
    assert any(line.startswith("  counts: 4 clauses,") for line in lines)
    assert any(line.startswith("  references resolved: ") for line in lines)
    assert any(line.startswith("new lineage edges: ") for line in lines)
    shacl = next(line for line in lines if line.startswith("SHACL: "))
    assert shacl.startswith("SHACL: conforms"), shacl
    assert "  raw_docs/100_cited.txt" in lines and "  extracted/100_cited.json" in lines
    again = RUNNER.invoke(app, ["ingest", str(path), "--root", str(corpus)])
    assert again.exit_code == 0 and again.stdout.splitlines()[-1] == "nothing changed"


def test_not_a_gongwen_is_ingested_with_a_warning(corpus: Path, inputs: Path) -> None:
    """Its node has no 文号 and no title: an advisory SHACL result (ontology/shapes.ttl), not a violation."""
    path = inputs / "200_diary.txt"
    path.write_text(NOT_A_GONGWEN, encoding="utf-8")
    result = RUNNER.invoke(app, ["ingest", str(path), "--root", str(corpus)])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "  文号: —   title: —" in lines
    assert any(line.startswith("  warning: not a 公文") for line in lines)
    shacl = next(line for line in lines if line.startswith("SHACL: "))
    assert shacl.startswith("SHACL: conforms") and "advisory (sh:Warning)" in shacl, shacl


def test_a_graph_that_violates_the_shapes_rolls_the_ingest_back(corpus: Path, inputs: Path, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Shapes every document here violates (an issue date on every node, cited ones included)."""
    from pipeline.graph import validate

    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(validate.SHAPES.read_text(encoding="utf-8") + """
pkgsh:Dated a sh:NodeShape ; sh:targetClass eli:LegalResource ;
    sh:property [ sh:path eli:date_document ; sh:minCount 1 ] .
""", encoding="utf-8")
    monkeypatch.setattr(validate, "SHAPES", shapes)
    path = inputs / "100_cited.txt"
    path.write_text(CITED_DOC, encoding="utf-8")
    before = snapshot(corpus)
    result = RUNNER.invoke(app, ["ingest", str(path), "--root", str(corpus)])
    assert result.exit_code == 1
    assert re.fullmatch(r"policykg: error: the updated graph does not conform to ontology/shapes.ttl: \d+ results; "
                        r"first: Less than 1 values on <\S+>->eli:date_document \(MinCountConstraintComponent\) "
                        r"\(nothing was changed; run `make validate` for the whole report\)\n",
                        result.stderr), result.stderr
    assert snapshot(corpus) == before


def test_build_reports_each_failed_file_once(tmp_path: Path) -> None:
    from support import SEED_RAW

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "000_good.txt").write_bytes((SEED_RAW / "000_56b4b2a5a32276d5.txt").read_bytes())
    (raw / "empty.txt").write_bytes(b"")
    (raw / "fake.pdf").write_bytes(b"not a pdf")
    result = RUNNER.invoke(app, ["-q", "build", str(raw), "-o", str(tmp_path / "out"), "-j", "1"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == ["policykg: error: empty.txt: file is empty",
                                          "policykg: error: fake.pdf: not a PDF (no %PDF- header)",
                                          "policykg: error: 2 inputs not read"]
    assert (tmp_path / "out/000_good.json").is_file()


def test_ingest_is_documented_in_the_readme() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert "policykg ingest FILE" in readme and "--max-bytes" in readme and ".policykg.lock" in readme


def test_build_reports_every_file_it_did_not_read(tmp_path: Path) -> None:
    """Unsupported, empty and special files in a folder: one line each, a count, exit 1 — never skipped."""
    import os
    import shutil

    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(Path(__file__).resolve().parents[1] / "seeds" / "000_56b4b2a5a32276d5.txt", raw)
    (raw / "notes.xyz").write_text("x", encoding="utf-8")
    (raw / "empty.txt").write_bytes(b"")
    os.mkfifo(raw / "pipe.txt")
    (raw / "folder").mkdir()
    (raw / ".hidden-cache").write_text("tool state", encoding="utf-8")
    result = RUNNER.invoke(app, ["-q", "build", str(raw), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert [line.split(":")[2].strip() for line in lines[:-1]] == ["empty.txt", "folder", "notes.xyz", "pipe.txt"]
    assert lines[-1] == "policykg: error: 4 inputs not read"
    assert (tmp_path / "out" / "000_56b4b2a5a32276d5.json").is_file()
