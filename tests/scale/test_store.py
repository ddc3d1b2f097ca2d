"""Graph stores: rdflib in memory and Oxigraph on disk answer alike; GSP push reaches a real store."""
from __future__ import annotations

import gc
import socket
import struct
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pyoxigraph as ox
import pytest

from pipeline.errors import ConfigError, InputError, QueryError
from pipeline.graph.store import MemoryStore, OxigraphStore, open_store, parse_store_spec, push_graph_store

EX = "https://policykg.example.org/"
NT = "\n".join([
    f'<{EX}doc/a> <{EX}cites> <{EX}doc/b> .',
    f'<{EX}doc/b> <{EX}cites> <{EX}doc/c> .',
    f'<{EX}doc/a> <{EX}title> "关于印发《若干政策》的通知"@zh .',
    f'<{EX}doc/a> <{EX}amount> "2000000"^^<http://www.w3.org/2001/XMLSchema#decimal> .',
    f'<{EX}doc/b> <{EX}amount> "500000"^^<http://www.w3.org/2001/XMLSchema#decimal> .',
    f'<{EX}doc/c> <{EX}title> "实施意见" .',
]) + "\n"
QUERIES = {
    "lookup": f'SELECT ?t WHERE {{ <{EX}doc/a> <{EX}title> ?t }}',
    "lineage": f'SELECT ?x WHERE {{ <{EX}doc/a> <{EX}cites>+ ?x }} ORDER BY ?x',
    "aggregate": f'SELECT (COUNT(?d) AS ?n) (SUM(?v) AS ?total) WHERE {{ ?d <{EX}amount> ?v }}',
    "optional": f'SELECT ?d ?t WHERE {{ ?d <{EX}cites> ?o OPTIONAL {{ ?d <{EX}title> ?t }} }} ORDER BY ?d',
    "ask": f'ASK {{ <{EX}doc/c> <{EX}cites> ?x }}',
}


@pytest.fixture()
def nt_file(tmp_path: Path) -> Path:
    path = tmp_path / "graph.nt"
    path.write_text(NT, encoding="utf-8")
    return path


@pytest.fixture()
def stores(nt_file: Path, tmp_path: Path):
    memory, disk = MemoryStore(), OxigraphStore(tmp_path / "ox")
    memory.load_ntriples(nt_file)
    disk.load_ntriples(nt_file)
    yield memory, disk
    disk.close()


@pytest.mark.parametrize("spec, kind, path", [
    ("memory", "memory", None), ("oxigraph", "oxigraph", None), ("oxigraph:/data/kg", "oxigraph", Path("/data/kg")),
    ("oxigraph:rel/dir", "oxigraph", Path("rel/dir")),
])
def test_store_specs(spec, kind, path):
    parsed = parse_store_spec(spec)
    assert (parsed.kind, parsed.path) == (kind, path)


@pytest.mark.parametrize("spec", ["", "oxigraph:", "memory:x", "sqlite:/tmp/x", "Oxigraph:/x"])
def test_bad_store_specs_are_usage_errors(spec):
    with pytest.raises(ConfigError, match="unknown store") as info:
        parse_store_spec(spec)
    assert info.value.exit_code == 2


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_both_stores_give_the_same_answers(stores, name):
    memory, disk = stores
    assert len(memory) == len(disk) == 6
    assert memory.query(QUERIES[name]) == disk.query(QUERIES[name])


def test_answers_are_plain_strings(stores):
    _, disk = stores
    assert disk.query(QUERIES["lineage"]).rows == ((f"{EX}doc/b",), (f"{EX}doc/c",))
    assert disk.query(QUERIES["lookup"]).rows == (("关于印发《若干政策》的通知",),)
    assert disk.query(QUERIES["ask"]).boolean is False
    row = disk.query(QUERIES["aggregate"]).rows[0]
    assert (int(row[0]), float(row[1])) == (2, 2500000.0)


@pytest.mark.parametrize("store_index", [0, 1])
def test_a_malformed_query_is_a_query_error(stores, store_index):
    with pytest.raises(QueryError):
        stores[store_index].query("SELECT ?x WHERE { ?x ")


def test_oxigraph_persists_on_disk(nt_file: Path, tmp_path: Path):
    store = open_store(f"oxigraph:{tmp_path / 'kg'}")
    store.load_ntriples(nt_file)
    store.close()
    gc.collect()  # the RocksDB lock goes with the last reference
    reopened = open_store(f"oxigraph:{tmp_path / 'kg'}")
    assert len(reopened) == 6
    reopened.close()


def test_rdflib_view_of_oxigraph_sees_bulk_loaded_triples(stores):
    memory, disk = stores
    graph = disk.rdflib_graph()
    assert len(graph) == 6
    rows = sorted(str(r[0]) for r in graph.query(QUERIES["lineage"]))
    assert rows == [f"{EX}doc/b", f"{EX}doc/c"]
    assert {str(t) for t in graph.objects(None, None)} == {str(t) for t in memory.graph.objects(None, None)}


def test_round_trip_through_ntriples(stores, tmp_path: Path):
    memory, disk = stores
    disk.dump_ntriples(tmp_path / "back.nt")
    again = MemoryStore()
    again.load_ntriples(tmp_path / "back.nt")
    assert again.graph.isomorphic(memory.graph)
    copy = OxigraphStore()
    copy.add_graph(memory.graph)
    assert copy.query(QUERIES["aggregate"]) == disk.query(QUERIES["aggregate"])


class _GraphStoreHandler(BaseHTTPRequestHandler):
    """The SPARQL 1.1 Graph Store Protocol's PUT/POST/GET over a pyoxigraph Store."""

    store: ox.Store

    def _target(self):
        query = parse_qs(urlparse(self.path).query, keep_blank_values=True)
        if "graph" in query:
            return ox.NamedNode(query["graph"][0])
        return ox.DefaultGraph() if "default" in query else None

    def _receive(self, replace: bool) -> None:
        if urlparse(self.path).path != "/store":
            self.send_response(404)
            self.end_headers()
            return
        target = self._target()
        if target is None or self.headers.get("Content-Type") != "application/n-triples":
            self.send_response(400 if target is None else 415)
            self.end_headers()
            return
        body = self.rfile.read(int(self.headers["Content-Length"]))
        existed = any(True for _ in self.store.quads_for_pattern(None, None, None, target))
        if replace:
            self.store.clear_graph(target)
        self.store.load(body, ox.RdfFormat.N_TRIPLES, to_graph=target)
        self.send_response(204 if existed else 201)
        self.end_headers()

    def do_PUT(self) -> None:
        self._receive(replace=True)

    def do_POST(self) -> None:
        self._receive(replace=False)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def gsp_server():
    store = ox.Store()
    handler = type("Handler", (_GraphStoreHandler,), {"store": store})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/store", store
    server.shutdown()
    server.server_close()


def test_push_to_the_default_graph_then_replace(gsp_server, nt_file: Path, tmp_path: Path):
    url, store = gsp_server
    assert push_graph_store(nt_file, url) == 201
    assert len(store) == 6
    smaller = tmp_path / "one.nt"
    smaller.write_text(NT.splitlines()[0] + "\n", encoding="utf-8")
    assert push_graph_store(smaller, url) == 204  # PUT replaces
    assert len(store) == 1


def test_push_merges_into_a_named_graph(gsp_server, nt_file: Path):
    url, store = gsp_server
    graph = f"{EX}graph/corpus"
    push_graph_store(nt_file, url, graph_iri=graph, replace=False)
    push_graph_store(nt_file, url, graph_iri=graph, replace=False)  # POST merges: same triples, once
    assert sum(1 for _ in store.quads_for_pattern(None, None, None, ox.NamedNode(graph))) == 6


def test_push_errors_name_the_endpoint(gsp_server, nt_file: Path):
    url, _ = gsp_server
    with pytest.raises(QueryError, match="refused the graph: HTTP 404"):
        push_graph_store(nt_file, url.replace("/store", "/elsewhere"))
    with pytest.raises(QueryError, match="cannot reach the Graph Store"):
        push_graph_store(nt_file, "http://127.0.0.1:1/store", timeout=2)


@pytest.mark.parametrize("endpoint", ["not-a-url", "file:///etc/passwd", "ftp://127.0.0.1/store", "http:///store"])
def test_push_to_what_is_not_an_http_url_is_a_usage_error(nt_file: Path, endpoint: str):
    with pytest.raises(ConfigError, match="is not an http"):
        push_graph_store(nt_file, endpoint)


def test_push_parses_the_file_before_replacing_anything(gsp_server, nt_file: Path, tmp_path: Path):
    url, store = gsp_server
    assert push_graph_store(nt_file, url) == 201
    for name, data in [("ttl.nt", "@prefix ex: <https://x/> .\nex:a ex:b ex:c .\n"), ("binary.nt", "\x00\xff garbage"),
                       ("truncated.nt", NT[:-30])]:
        bad = tmp_path / name
        bad.write_bytes(data.encode("utf-8", "surrogateescape"))
        with pytest.raises(InputError, match="not N-Triples, nothing pushed"):
            push_graph_store(bad, url)
        assert len(store) == 6  # the remote graph is as it was


def _one_shot_server(behaviour: str) -> tuple[str, socket.socket]:
    """A listener that, once a request arrives, resets the connection or says nothing."""
    listener = socket.create_server(("127.0.0.1", 0))

    def serve() -> None:
        conn, _ = listener.accept()
        conn.recv(65536)
        if behaviour == "reset":
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            conn.close()
        else:
            time.sleep(5)
            conn.close()

    threading.Thread(target=serve, daemon=True).start()
    return f"http://127.0.0.1:{listener.getsockname()[1]}/store", listener


@pytest.mark.parametrize("behaviour, message", [("reset", "Graph Store at http.*(reset|failed)"),
                                                ("silent", "did not answer within 0.5 s")])
def test_push_to_a_resetting_or_silent_server_is_one_query_error(nt_file: Path, behaviour: str, message: str):
    url, listener = _one_shot_server(behaviour)
    started = time.monotonic()
    with listener, pytest.raises(QueryError, match=message):
        push_graph_store(nt_file, url, timeout=0.5)
    assert time.monotonic() - started < 4


def test_push_command_errors_are_one_line(nt_file: Path, tmp_path: Path):
    from typer.testing import CliRunner

    from pipeline.cli import app

    url, listener = _one_shot_server("silent")
    with listener:
        result = CliRunner().invoke(app, ["push", str(nt_file), url, "--timeout", "0.5"])
    assert result.exit_code == 1 and result.output.startswith("policykg: error: the Graph Store at")
    assert len(result.output.strip().splitlines()) == 1
    result = CliRunner().invoke(app, ["push", str(nt_file), "not-a-url"])
    assert result.exit_code == 2 and "'not-a-url' is not an http(s) URL" in result.output
    bad = tmp_path / "bad.nt"
    bad.write_text("not n-triples\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["push", str(bad), "http://127.0.0.1:1/store"])
    assert result.exit_code == 1 and "bad.nt: not N-Triples, nothing pushed" in result.output


def test_open_graph_on_oxigraph_runs_prepared_queries_natively(nt_file: Path, tmp_path: Path):
    from rdflib.plugins.sparql import prepareQuery

    from pipeline.graph.store import open_graph

    graph = open_graph(f"oxigraph:{tmp_path / 'kg'}", nt_file)
    prepared = prepareQuery(QUERIES["lineage"])
    calls = []
    original = graph.store._inner.query  # pyoxigraph's engine: the rdflib fallback never reaches it
    graph.store._store = _Spy(graph.store._inner, calls)
    rows = sorted(str(r[0]) for r in graph.query(prepared))
    assert rows == [f"{EX}doc/b", f"{EX}doc/c"]
    assert calls == [QUERIES["lineage"]] and original


class _Spy:
    """Stands for a pyoxigraph Store and records the SPARQL texts it is asked."""

    def __init__(self, inner: ox.Store, calls: list[str]) -> None:
        self._inner, self._calls = inner, calls

    def query(self, text: str, **kwargs: object):
        self._calls.append(text)
        return self._inner.query(text, **kwargs)

    def __getattr__(self, name: str):
        return getattr(self._inner, name)


def test_open_graph_loads_once_and_reloads_a_changed_file(nt_file: Path, tmp_path: Path):
    from pipeline.graph.store import open_graph

    assert len(open_graph(f"oxigraph:{tmp_path / 'kg'}", nt_file)) == 6
    gc.collect()
    stamp = tmp_path / "kg" / "policykg-source.txt"
    loaded_at = stamp.stat().st_mtime_ns
    assert len(open_graph(f"oxigraph:{tmp_path / 'kg'}", nt_file)) == 6
    assert stamp.stat().st_mtime_ns == loaded_at  # reopened, not loaded twice
    gc.collect()
    nt_file.write_text(NT.splitlines()[0] + "\n", encoding="utf-8")
    assert len(open_graph(f"oxigraph:{tmp_path / 'kg'}", nt_file)) == 1
    gc.collect()
    assert len(open_graph("memory", nt_file)) == 1


def test_push_command(gsp_server, nt_file: Path, tmp_path: Path):
    from typer.testing import CliRunner

    from pipeline.cli import app

    url, store = gsp_server
    result = CliRunner().invoke(app, ["push", str(nt_file), url, "--graph", f"{EX}g", "--merge"])
    assert result.exit_code == 0, result.output
    assert "HTTP 201" in result.output
    assert sum(1 for _ in store.quads_for_pattern(None, None, None, ox.NamedNode(f"{EX}g"))) == 6
    turtle = tmp_path / "graph.ttl"
    turtle.write_text("", encoding="utf-8")
    result = CliRunner().invoke(app, ["push", str(turtle), url])
    assert result.exit_code == 2
    assert "graph.ttl is not N-Triples (push the .nt file that build writes)" in result.output


@pytest.mark.parametrize("lexical, datatype, expected", [
    ("160000.0", "decimal", "160000"), ("160000", "decimal", "160000"), ("0.120", "decimal", "0.12"),
    ("1.2E1", "double", "12"), ("-0.0", "decimal", "0"), ("007", "integer", "7"),
    ("12.5万元", "string", "12.5万元"), ("abc", "decimal", "abc"),
])
def test_numbers_compare_equal_across_engines(lexical, datatype, expected):
    from pipeline.graph.store import _plain

    assert _plain(lexical, f"http://www.w3.org/2001/XMLSchema#{datatype}") == expected


def test_decimal_answers_agree(tmp_path: Path):
    path = tmp_path / "d.nt"
    path.write_text(f'<{EX}a> <{EX}v> "160000.0"^^<http://www.w3.org/2001/XMLSchema#decimal> .\n',
                    encoding="utf-8")
    memory, disk = MemoryStore(), OxigraphStore()
    memory.load_ntriples(path)
    disk.load_ntriples(path)
    q = f"SELECT ?v WHERE {{ ?s <{EX}v> ?v }}"
    assert memory.query(q) == disk.query(q)
    assert disk.query(q).rows == (("160000",),)
