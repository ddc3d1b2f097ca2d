"""`policykg extract` loads what reading documents needs, not the graph's or link's libraries."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_extract_of_a_text_loads_no_graph_link_or_setuptools_library(tmp_path: Path) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text("关于支持企业发展的通知\n一、对符合条件的企业给予不超过50万元奖励。\n", encoding="utf-8")
    script = ("import sys\nfrom pipeline.cli import run\n"
              f"sys.argv = ['policykg', '-q', 'extract', '-j1', '-o', {str(tmp_path / 'out')!r}, {str(doc)!r}]\n"
              "try:\n    run()\nexcept SystemExit as exc:\n    assert not exc.code, exc.code\n"
              "print(' '.join(sorted(sys.modules)), file=sys.stderr)\n")
    proc = subprocess.run([sys.executable, "-c", script], check=False, capture_output=True, text=True, cwd=ROOT,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "out" / "a.json").is_file()
    loaded = {m.split(".")[0] for m in proc.stderr.split()}
    assert "spacy" in loaded and "jieba" in loaded  # it did read the document
    assert not loaded & {"rdflib", "networkx", "pyoxigraph", "pyshacl", "pkg_resources", "dask"}, \
        sorted(loaded & {"rdflib", "networkx", "pyoxigraph", "pyshacl", "pkg_resources", "dask"})
