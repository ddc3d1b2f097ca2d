"""The graph from the workers' per-record parts (pipeline/engine/graphparts.py) is the one-process graph.

A synthetic corpus of the seeds repeats issuers, wordings and linked award lineages across
documents, so the shared nodes a part drops (because an earlier record wrote them) are
exercised, not just the plain case.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import _in_memory, app
from pipeline.engine import graphparts
from pipeline.engine.executors import local_executor
from pipeline.engine.graphparts import (
    graph_from_parts,
    part_of,
    turtle_cuts,
    write_corpus_level,
    write_turtle_pieces,
)
from pipeline.graph import build as graph_build
from pipeline.graph import write_turtle
from pipeline.graph.build import corpus_context, graph_triples, record_context, shared_edge_flags, shared_link_names
from pipeline.graph.ntriples import write_ntriples
from pipeline.records import LinkedCorpus

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from bench.synth import build_corpus_dir

RUNNER = CliRunner()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("syn")
    build_corpus_dir(ROOT / "tests" / "seeds", folder, 20)
    return folder


@pytest.fixture(scope="module")
def linked(corpus: Path) -> LinkedCorpus:
    linked, failures = _in_memory(corpus, 1)
    assert failures == []
    return linked


def test_parts_give_the_bytes_of_the_one_process_writer(linked: LinkedCorpus, tmp_path: Path) -> None:
    reference = tmp_path / "reference.nt"
    with reference.open("wb") as fh:
        write_ntriples(graph_triples(linked), fh)
    corpus = corpus_context(linked)
    out, scratch, names = tmp_path / "out", tmp_path / "parts", []
    out.mkdir()
    scratch.mkdir()
    dropped = 0
    with graph_from_parts(linked, out, names) as writer:
        for record in linked.records:
            part = part_of(record, record_context(corpus, record.key, len(record.extraction.awards)), scratch)
            dropped += sum(1 for _, _, key in part.shared if key in writer.seen)
            writer.add(part)
    assert dropped > 0  # issuers and wordings repeat in this corpus: the dropping was exercised
    assert names == ["graph.ttl", "graph.nt"]
    assert (out / "graph.nt").read_bytes() == reference.read_bytes()


def test_a_failure_mid_parts_leaves_no_graph(linked: LinkedCorpus, tmp_path: Path) -> None:
    corpus = corpus_context(linked)
    with pytest.raises(RuntimeError), graph_from_parts(linked, tmp_path, []) as writer:
        record = linked.records[0]
        writer.add(part_of(record, record_context(corpus, record.key, len(record.extraction.awards)), tmp_path))
        raise RuntimeError("a worker failed")
    assert not (tmp_path / "graph.nt").exists() and not (tmp_path / "graph.ttl").exists()


def test_lineage_triples_in_runs_are_the_one_process_writer_s(linked: LinkedCorpus, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    # a third of the link names taken as shared (IRIs with award indices or evidence starts), as
    # both writers read them: this small corpus has no two links of one name of its own
    names = sorted({graph_build._link_name(e) for e in linked.edges})
    monkeypatch.setattr(graph_build, "_shared_link_names", lambda edges: set(names[::3]))
    reference = tmp_path / "reference.nt"
    with reference.open("wb") as fh:
        write_ntriples(graph_triples(linked, per_record=False), fh)
    edges = list(linked.edges)
    assert len(edges) > 50  # enough edges for many runs
    flags = shared_edge_flags(edges, shared_link_names(linked))
    assert any(flags) and not all(flags)  # links with a shared name and without: both IRIs exercised
    with local_executor(2, warm=False) as run:
        assert run.parallel
        for size in (1, 7, len(edges) - 1, len(edges) * 2):
            out = tmp_path / f"runs-{size}.nt"
            with out.open("wb") as fh:
                write_corpus_level(linked, fh, run, size)
            assert out.read_bytes() == reference.read_bytes(), size


def test_turtle_in_pieces_is_the_turtle_in_one_pass(linked: LinkedCorpus, tmp_path: Path) -> None:
    nt = tmp_path / "graph.nt"
    with nt.open("wb") as fh:
        write_ntriples(graph_triples(linked), fh)
    lines = nt.read_bytes().splitlines(keepends=True)
    starts = {0}
    for line in lines[:-1]:
        starts.add(max(starts) + len(line))
    with (tmp_path / "whole.ttl").open("wb") as fh:
        write_turtle(nt, fh)
    whole = (tmp_path / "whole.ttl").read_bytes()
    assert whole.count(b"@prefix ") >= 5
    with local_executor(2, warm=False) as run:
        assert run.parallel
        for piece in (1, 3000, 50_000, nt.stat().st_size * 2):
            cuts = turtle_cuts(nt, piece)
            assert cuts[0] == 0 and cuts[-1] == nt.stat().st_size and cuts == sorted(set(cuts))
            data = nt.read_bytes()
            for cut in cuts[1:-1]:  # at a line start, where the subject changes
                assert cut in starts
                before = data[:cut].rsplit(b"\n", 2)[-2]
                assert before.split(b" ", 1)[0] != data[cut:].split(b" ", 1)[0]
            if piece == 3000:
                assert len(cuts) > 10  # many pieces: the concatenation is exercised
            out = tmp_path / f"pieces-{piece}.ttl"
            with out.open("wb") as fh:
                write_turtle_pieces(nt, fh, run, piece)
            assert out.read_bytes() == whole, piece
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".turtle-")]  # its pieces removed


def test_two_workers_write_what_one_process_writes(corpus: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(graphparts, "TURTLE_PIECE", 20_000)  # graph.ttl written by the workers in pieces
    monkeypatch.setattr(graphparts, "EDGE_RUN", 5)  # the lineage triples too, in many runs
    files = {}
    for jobs in ("1", "2"):
        result = RUNNER.invoke(app, ["-q", "build", str(corpus), "-o", str(tmp_path / jobs), "-j", jobs])
        assert result.exit_code == 0, result.stderr
        files[jobs] = {p.name: p.read_bytes() for p in sorted((tmp_path / jobs).iterdir()) if p.is_file()}
    assert {"graph.nt", "graph.ttl", "manifest.json"} <= set(files["2"])
    assert files["2"] == files["1"]
