"""`policykg extract` loads what reading documents needs, not the graph's or link's libraries."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run_loading(argv: list[str]) -> tuple[str, set[str]]:
    """Run `policykg argv` in a fresh interpreter: its stdout and the top-level modules it loaded."""
    script = ("import sys\nfrom pipeline.cli import run\n"
              f"sys.argv = ['policykg', *{argv!r}]\n"
              "try:\n    run()\nexcept SystemExit as exc:\n    assert not exc.code, exc.code\n"
              "print(' '.join(sorted(sys.modules)), file=sys.stderr)\n")
    proc = subprocess.run([sys.executable, "-c", script], check=False, capture_output=True, text=True, cwd=ROOT,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout, {m.split(".")[0] for m in proc.stderr.split()}


def test_extract_of_a_text_loads_no_graph_link_setuptools_or_cn2an_library(tmp_path: Path) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text("关于支持企业发展的通知\n一、对符合条件的企业给予不超过50万元奖励。\n", encoding="utf-8")
    _, loaded = _run_loading(['-q', 'extract', '-j1', '-o', str(tmp_path / 'out'), str(doc)])
    assert (tmp_path / "out" / "a.json").is_file()
    assert "jieba" in loaded  # it did read the document
    # jieba's tokens and the cue ruler without spaCy (~0.8 s): only a cue written with spaces
    # inside (`最 多`) takes a segment through the spaCy pipeline
    assert not loaded & {"spacy", "thinc", "requests", "httpx", "weasel"}, \
        sorted(loaded & {"spacy", "thinc", "requests", "httpx", "weasel"})
    assert not loaded & {"rdflib", "networkx", "pyoxigraph", "pyshacl", "pkg_resources", "dask", "cn2an"}, \
        sorted(loaded & {"rdflib", "networkx", "pyoxigraph", "pyshacl", "pkg_resources", "dask", "cn2an"})


def test_documents_read_for_extract_carry_no_link_evidence_and_the_same_records() -> None:
    import pytest

    from pipeline.engine import MemorySink, parking, read_documents, write_outputs

    # two tuning documents (tests/corpus/split.json)
    seeds = [ROOT / "tests/corpus/docs" / f for f in ("c003_hebei_naiye_zhengce_2022.txt", "c013_hebei_kjjl_banfa_2021.txt")]
    records = {}
    for link in (True, False):
        with parking() as park:
            docs = read_documents(seeds, park, link=link)
            views = [o.view for o in docs.outcomes]
            assert all(v is not None and v.counts for v in views)
            assert all((o.trace is None) == (not link) for o in docs.outcomes)
            if not link:
                assert all(not v.statements and not v.fingerprint for v in views if v is not None)
                with pytest.raises(ValueError, match="cannot be linked"):
                    write_outputs(docs, MemorySink())
            sink = MemorySink(files=True)
            write_outputs(docs, sink, link=False)
            records[link] = sink.files
    assert records[True] == records[False] and len(records[True]) == len(seeds)


def test_query_loads_no_reading_library(seed_graph_file: Path) -> None:
    """`policykg query` opens a graph: it never imports the stages that read documents (spaCy, jieba,
    pdfplumber), which would add seconds to every query."""
    out, loaded = _run_loading(['-q', 'query', '-g', str(seed_graph_file), '-f', 'csv', 'ASK {}'])
    assert "true" in out.lower(), out
    reading = {"spacy", "jieba", "pdfplumber", "pypdfium2", "cn2an"}
    assert not loaded & reading, sorted(loaded & reading)


def test_help_of_every_command_loads_no_stage_nlp_or_pydantic() -> None:
    """`policykg COMMAND --help` prints help: no stage, no NLP library, and not pydantic (typer coerces a
    flag left as None through a pydantic adapter, 0.15 s of imports, unless its default is False)."""
    top, loaded = _run_loading(['--help'])
    commands = [line.split()[0] for line in top.split("Commands:", 1)[1].splitlines() if line.strip()]
    assert {"extract", "build", "query"} <= set(commands), commands
    heavy = {"spacy", "jieba", "pdfplumber", "pypdfium2", "cn2an", "rdflib", "pyoxigraph", "pydantic", "pydantic_core"}
    assert not loaded & heavy, sorted(loaded & heavy)
    for command in commands:
        out, loaded = _run_loading([command, '--help'])
        assert "Usage:" in out, (command, out)
        assert not loaded & heavy, (command, sorted(loaded & heavy))


def test_spacy_info_and_cli_still_load_after_extract_s_import() -> None:
    script = ("import sys\nimport pipeline.extract.nlp\nimport spacy\nassert 'spacy.cli' not in sys.modules\n"
              "import spacy.cli\nfrom spacy.cli.info import info\nassert callable(spacy.info) and callable(info)\n"
              "assert spacy.info(markdown=False, silent=True)['spacy_version'] == spacy.__version__\nprint('ok')\n")
    proc = subprocess.run([sys.executable, "-c", script], check=False, capture_output=True, text=True, cwd=ROOT,
                          timeout=300)
    assert proc.returncode == 0 and proc.stdout.strip() == "ok", proc.stderr
