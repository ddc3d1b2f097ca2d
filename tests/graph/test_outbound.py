"""No query reaches the network or the file system: SERVICE and FROM are refused everywhere.

A listener on a second loopback port counts every connection it receives; each query form is
sent to the endpoint, the CLI and both stores, and the listener must stay silent.
"""
from __future__ import annotations

import socket
import threading
import urllib.parse

import pytest
from test_serve import fetch
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.errors import QueryError
from pipeline.graph import load_graph
from pipeline.graph.query import run_query
from pipeline.graph.serve import make_server
from pipeline.graph.store import open_store


@pytest.fixture()
def listener():
    """A TCP server on loopback that records every connection made to it."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    sock.settimeout(0.2)
    hits: list[int] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
            except OSError:
                continue
            hits.append(1)
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield sock.getsockname()[1], hits
    stop.set()
    thread.join()
    sock.close()


def _queries(port: int) -> list[str]:
    url = f"http://127.0.0.1:{port}/sparql"
    return [
        f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"select * where {{ ?a ?b ?c OPTIONAL {{ service silent <{url}> {{ ?s ?p ?o }} }} }}",
        "SELECT * WHERE { SERVICE <file:///etc/passwd> { ?s ?p ?o } }",
        f"SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}",
        "SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } }",
        f"ASK {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    ]


def test_run_query_refuses_outbound(seed_graph_file, listener) -> None:
    port, hits = listener
    graph = load_graph(seed_graph_file)
    for query in _queries(port):
        with pytest.raises(QueryError, match="refused"):
            run_query(graph, query)
    assert hits == []


@pytest.mark.parametrize("kind", ["memory", "oxigraph"])
def test_stores_refuse_outbound(seed_graph_file, listener, tmp_path, kind: str) -> None:
    port, hits = listener
    with open_store("memory" if kind == "memory" else f"oxigraph:{tmp_path / 'store'}") as store:
        store.add_graph(load_graph(seed_graph_file))
        for query in _queries(port):
            with pytest.raises(QueryError, match="refused"):
                store.query(query)
    assert hits == []


def test_a_comment_or_string_naming_service_is_answered(seed_graph_file) -> None:
    query = 'SELECT ?x WHERE { BIND("SERVICE <http://127.0.0.1:1/>" AS ?x) } # SERVICE <http://x/>'
    assert run_query(load_graph(seed_graph_file), query).rows[0][0].value.startswith("SERVICE")


def test_endpoint_refuses_outbound_with_400(seed_graph_file, listener) -> None:
    port, hits = listener
    server = make_server(load_graph(seed_graph_file), "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        for query in _queries(port):
            url = f"http://127.0.0.1:{server.server_port}/sparql?" + urllib.parse.urlencode({"query": query})
            status, _, body = fetch(url)
            assert status == 400 and "refused" in body
    finally:
        server.shutdown()
        server.server_close()
    assert hits == []


def test_cli_refuses_outbound_in_one_line(seed_graph_file, listener) -> None:
    port, hits = listener
    for query in _queries(port):
        result = CliRunner().invoke(app, ["query", "--graph", str(seed_graph_file), query])
        assert result.exit_code == 1
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and "refused" in lines[0]
    assert hits == []
