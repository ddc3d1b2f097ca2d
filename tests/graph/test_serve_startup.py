"""Issue 20: `serve` fails in one line with its exit code (2: usage or the machine) — a graph file that
is not there, a port another process holds, a store that is not Oxigraph — and never a traceback."""
from __future__ import annotations

import socket
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app

RUNNER = CliRunner()


def _one_line(result, *words: str) -> str:
    assert result.exit_code == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) <= 2 and lines[0].startswith("policykg: error: "), result.stderr  # the line, then a hint
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def test_serve_without_its_graph_is_one_line(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "graph.nt"
    _one_line(RUNNER.invoke(app, ["serve", "-g", str(missing), "--port", "0"]), str(missing), "not found")


def test_serve_on_a_port_in_use_is_one_line(seed_graph_file: Path, tmp_path: Path) -> None:
    graph = tmp_path / Path(seed_graph_file).name
    graph.write_bytes(Path(seed_graph_file).read_bytes())
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        held.listen(1)
        port = held.getsockname()[1]
        _one_line(RUNNER.invoke(app, ["serve", "-g", str(graph), "--port", str(port)]), str(port))


@pytest.mark.parametrize("store", ["rdflib", "sqlite:x.db"])
def test_serve_on_another_store_is_one_line(store: str, seed_graph_file: Path) -> None:
    _one_line(RUNNER.invoke(app, ["serve", "-g", str(seed_graph_file), "--store", store, "--port", "0"]))


@pytest.mark.parametrize("command", ["serve", "query"])
def test_a_graph_file_that_does_not_parse_is_bad_data_in_one_line(command: str, tmp_path: Path) -> None:
    graph = tmp_path / "graph.nt"
    graph.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\n", encoding="utf-8")  # Turtle
    args = ["serve", "-g", str(graph), "--port", "0"] if command == "serve" else \
        ["query", "-g", str(graph), "ASK {}"]
    result = RUNNER.invoke(app, args)
    assert result.exit_code == 1, result.stderr
    line = result.stderr.strip().splitlines()[0]
    assert line.startswith("policykg: error: graph.nt: the graph file does not parse") and "internal" not in line
    assert not [p for p in tmp_path.rglob(".build-*")]  # no half-built store left beside it
