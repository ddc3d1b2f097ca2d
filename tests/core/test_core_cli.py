"""CLI: thin over the library, exit codes and one-line errors, every command documented."""
import re
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from pipeline.cli import app

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


def test_extract_writes_one_record_per_input(tmp_path):
    src = ROOT / "tests" / "seeds" / "000_56b4b2a5a32276d5.txt"
    result = runner.invoke(app, ["-q", "extract", str(src), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert [p.name for p in tmp_path.iterdir()] == ["000_56b4b2a5a32276d5.json"]


def test_extract_bad_input_is_one_line_and_writes_nothing(tmp_path):
    good = ROOT / "tests" / "seeds" / "000_56b4b2a5a32276d5.txt"
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "pipeline", "extract", str(good), str(bad), "-o", str(out)],
                          capture_output=True, text=True, cwd=ROOT, check=False)
    assert proc.returncode == 1
    assert proc.stderr.strip() == "policykg: error: empty.txt: file is empty"
    assert not out.exists()


def test_usage_error_exits_2():
    result = runner.invoke(app, ["extract"])
    assert result.exit_code == 2


def test_every_command_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in app.registered_commands:
        name = command.name or command.callback.__name__
        assert re.search(rf"policykg {name}\b", readme), f"README does not document `policykg {name}`"


def test_help_loads_no_stage_and_no_heavy_library():
    """`policykg --help` stays quick: the CLI imports its stages and spaCy, jieba, rdflib, pdfplumber,
    networkx only inside the commands that use them."""
    script = ("import sys\nfrom pipeline.cli import run\nsys.argv = ['policykg', '--help']\ntry:\n    run()\n"
              "except SystemExit:\n    pass\nprint(' '.join(sorted(sys.modules)), file=sys.stderr)\n")
    proc = subprocess.run([sys.executable, "-c", script], check=False, capture_output=True, text=True, cwd=ROOT,
                          timeout=120)
    assert proc.returncode == 0 and "Usage" in proc.stdout, proc.stderr
    loaded = set(proc.stderr.split())
    heavy = {m for m in loaded if m.split(".")[0] in {"spacy", "jieba", "rdflib", "pyshacl", "pdfplumber",
                                                       "pypdfium2", "networkx", "dask"}}
    assert not heavy, sorted(heavy)
    assert {m for m in loaded if m.startswith("pipeline.")} <= {"pipeline.cli", "pipeline.config", "pipeline.errors"}


def test_help_everywhere():
    for command in app.registered_commands:
        name = command.name or command.callback.__name__
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0, name
