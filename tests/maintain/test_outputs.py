"""Every command that writes a corpus: one at a time, after a killed run cleaned up, one file mode."""
from __future__ import annotations

import os
import stat
from pathlib import Path

from support import CITED_DOC, ingest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.maintain.lock import corpus_lock

RUNNER = CliRunner()


def _build(root: Path) -> tuple[int, str]:
    result = RUNNER.invoke(app, ["-q", "build", str(root / "raw_docs"), "-o", str(root / "extracted"), "-j", "1"])
    return result.exit_code, result.stderr


def test_build_takes_the_corpus_lock(corpus: Path) -> None:
    with corpus_lock(corpus) as lock:
        code, stderr = _build(corpus)
    assert (code, stderr) == (2, (f"policykg: error: {lock}: another policykg command is writing this corpus "
                                  "(wait for it to finish, then run the command again)\n"))


def test_a_killed_runs_leftovers_are_removed_by_the_next(corpus: Path) -> None:
    out = corpus / "extracted"
    (out / ".staging-abc123").mkdir()
    (out / ".staging-abc123" / "0123.pickle").write_bytes(b"half")
    (out / ".graph.nt.k2j4h5.tmp").write_bytes(b"half a graph")
    (out / ".notes").write_text("a maintainer's own file", encoding="utf-8")
    assert _build(corpus)[0] == 0
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == [".notes"]


def test_every_output_has_the_same_mode(corpus: Path, inputs: Path) -> None:
    """Records, graph files, manifest, corpus copies and cache entries: what the umask allows, not 0600."""
    assert _build(corpus)[0] == 0
    path = inputs / "100_cited.txt"
    path.write_text(CITED_DOC, encoding="utf-8")
    os.chmod(path, 0o600)  # the input's own mode is not the copy's
    ingest([path], corpus)
    umask = os.umask(0)
    os.umask(umask)
    modes = {str(p.relative_to(corpus)): stat.S_IMODE(p.stat().st_mode)
             for folder in ("raw_docs", "extracted", ".policykg-cache") for p in (corpus / folder).rglob("*")
             if p.is_file()}
    assert "raw_docs/100_cited.txt" in modes and "extracted/graph.ttl" in modes
    assert set(modes.values()) == {0o666 & ~umask}, {k: oct(v) for k, v in modes.items() if v != 0o666 & ~umask}
