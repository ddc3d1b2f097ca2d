"""No query reaches the network or the file system: SERVICE and FROM are refused everywhere.

A listener on a second loopback port counts every connection it receives; each query form is
sent to the endpoint (Oxigraph's server behind the front), the CLI and both stores, and the
listener must stay silent.
"""
from __future__ import annotations

import socket
import subprocess
import threading
import time
import urllib.parse

import pytest
from endpoint_helpers import fetch
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.errors import QueryError
from pipeline.graph import load_graph
from pipeline.graph.query import check_query, run_query
from pipeline.graph.store import ensure_store, open_graph, open_store


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
        # Oxigraph reads keywords without word boundaries: each of these federates there
        f"SELECT * WHERE {{ ?s ?p ?o SERVICESILENT <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?s ?p trueSERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"ASKFROM<{url}>{{?s ?p ?o}}",
        f"PREFIX : <{url}> SELECT * WHERE {{ SERVICE:x {{ ?s ?p ?o }} }}",
        # a local name's escaped `#` is no comment: the SERVICE after it is read
        f"PREFIX ex: <http://e/> SELECT * WHERE {{ ?s ?p ex:a\\#b . SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?s ?p 'x' . SeRvIcE <{url}> {{ ?s ?p ?o }} }}",
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


@pytest.mark.parametrize("query", [
    'SELECT ?x WHERE { BIND("SERVICE <http://127.0.0.1:1/>" AS ?x) } # SERVICE <http://x/>',
    "SELECT ?service ?from WHERE { BIND('''FROM <http://x/>''' AS ?from) BIND(<http://x/#SERVICE> AS ?service) }",
    "PREFIX ex: <http://e/> SELECT * WHERE { ?s ex:fromDate ?o ; ex:serviceLevel ?o2 }",
])
def test_words_in_strings_iris_variables_and_local_names_are_answered(seed_graph_file, query) -> None:
    check_query(query)
    run_query(open_graph("oxigraph", seed_graph_file), query)


def test_oxigraph_server_alone_would_federate(seed_graph_file, listener, tmp_path) -> None:
    """Why the front exists: Oxigraph's own server sends SERVICE requests out, so it is only
    ever reached through the front."""
    from pipeline.graph.serve import _free_port, oxigraph_binary

    port, hits = listener
    version = ensure_store(seed_graph_file, tmp_path / "store")
    ox_port = _free_port()
    proc = subprocess.Popen([oxigraph_binary(), "serve-read-only", "--location", str(version), "--bind",
                             f"127.0.0.1:{ox_port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{ox_port}/query?" + urllib.parse.urlencode({"query": _queries(port)[0]})
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                fetch(url, timeout=5)
                break
            except OSError:
                time.sleep(0.05)
    finally:
        proc.kill()
        proc.wait()
    assert hits, "Oxigraph's server no longer federates: the front's reason to refuse SERVICE may be gone"


def test_endpoint_refuses_outbound_with_400(base, listener) -> None:
    port, hits = listener
    for query in _queries(port):
        url = f"{base}/sparql?" + urllib.parse.urlencode({"query": query})
        status, _, body = fetch(url)
        assert status == 400 and "refused" in body, (query, body)
        status, _, body = fetch(f"{base}/sparql", query.encode(), {"Content-Type": "application/sparql-query"})
        assert status == 400 and "refused" in body, (query, body)
    assert hits == []


def test_cli_refuses_outbound_in_one_line(seed_graph_file, listener) -> None:
    port, hits = listener
    for store in ("oxigraph", "memory"):
        for query in _queries(port):
            result = CliRunner().invoke(app, ["query", "--graph", str(seed_graph_file), "--store", store, query])
            assert result.exit_code == 1, (store, query, result.output)
            lines = result.output.strip().splitlines()
            assert len(lines) == 1 and "refused" in lines[0]
    assert hits == []
