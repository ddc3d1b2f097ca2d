"""The SPARQL endpoint: Oxigraph's server behind the front, on 127.0.0.1, queried over HTTP as
researchers do (urllib, SPARQLWrapper, rdflib's SPARQLStore) and as an attacker would."""
from __future__ import annotations

import csv
import io
import json
import os
import statistics
import threading
import time
import urllib.parse
import xml.etree.ElementTree as ET

import pytest
from endpoint_helpers import PATHOLOGICAL, fetch, raw, start_endpoint, status_of

from pipeline.graph.query import read_query

CITES_PLUS = ('PREFIX eli: <http://data.europa.eu/eli/ontology#> SELECT ?b WHERE { '
              '?a eli:id_local "连工信规〔2024〕1号" . ?a eli:cites+ ?x . ?x eli:id_local ?b }')
CONSTRUCT = ('PREFIX eli: <http://data.europa.eu/eli/ontology#> CONSTRUCT { ?s eli:id_local ?n } '
             'WHERE { ?s eli:id_local ?n }')
SPARQL_QUERY = {"Content-Type": "application/sparql-query"}


def ids(body):
    return {b["b"]["value"] for b in json.loads(body)["results"]["bindings"]}


def q(query: str) -> str:
    return "/sparql?" + urllib.parse.urlencode({"query": query})


def test_get_json(base):
    status, ctype, body = fetch(base + q(CITES_PLUS), headers={"Accept": "application/sparql-results+json"})
    assert status == 200 and ctype.startswith("application/sparql-results+json")
    assert {"连制造强市办〔2022〕11号", "苏政办发〔2021〕109号", "连政办发〔2022〕3号"} <= ids(body)


def test_post_form_and_direct(base):
    form = urllib.parse.urlencode({"query": CITES_PLUS}).encode()
    s1, _, b1 = fetch(f"{base}/sparql", form, {"Content-Type": "application/x-www-form-urlencoded"})
    s2, _, b2 = fetch(f"{base}/sparql", CITES_PLUS.encode(), SPARQL_QUERY)
    assert s1 == s2 == 200 and ids(b1) == ids(b2)


@pytest.mark.parametrize("accept, ctype", [("text/csv", "text/csv"),
                                           ("text/tab-separated-values", "text/tab-separated-values"),
                                           ("application/sparql-results+xml", "application/sparql-results+xml"),
                                           ("text/html;q=0.9, application/xml", "application/sparql-results+xml"),
                                           ("*/*", "application/sparql-results+json")])
def test_results_formats_by_accept(base, accept, ctype):
    query = read_query("in_force").replace('"2024-06-01"', '"2025-01-01"')
    status, got, body = fetch(f"{base}/sparql", query.encode(), {**SPARQL_QUERY, "Accept": accept})
    assert status == 200 and got.startswith(ctype)
    if ctype == "text/csv":
        found = list(csv.DictReader(io.StringIO(body)))
        assert [r["doc_id"] for r in found if r["validity"] == "in force"] == ["连工信规〔2024〕1号"]
    elif ctype == "text/tab-separated-values":
        lines = body.splitlines()
        assert lines[0].split("\t")[:2] == ["?validity", "?doc_id"]
        assert lines[1].startswith('"in force"\t"连工信规〔2024〕1号"')
    elif "xml" in ctype:
        ns = "{http://www.w3.org/2005/sparql-results#}"
        literals = [e.text for e in ET.fromstring(body).iter(f"{ns}literal")]
        assert "连工信规〔2024〕1号" in literals


@pytest.mark.parametrize("accept, ctype, marker", [
    ("text/turtle", "text/turtle", "@prefix eli: <http://data.europa.eu/eli/ontology#>"),
    ("application/rdf+xml", "application/rdf+xml", 'xmlns:eli="http://data.europa.eu/eli/ontology#"'),
    ("application/n-triples", "application/n-triples", "<http://data.europa.eu/eli/ontology#id_local>"),
    ("application/ld+json", "application/ld+json", '"@id"'),
])
def test_graph_formats_by_accept_keep_the_prefixes(base, accept, ctype, marker):
    status, got, body = fetch(f"{base}/sparql", CONSTRUCT.encode(), {**SPARQL_QUERY, "Accept": accept})
    assert status == 200 and got.startswith(ctype) and marker in body
    assert "ns1:" not in body
    if ctype == "text/turtle":
        assert 'eli:id_local "苏政办发〔2021〕109号"' in body
    if ctype == "application/ld+json":
        assert any("苏政办发〔2021〕109号" in json.dumps(node, ensure_ascii=False) for node in json.loads(body))


@pytest.mark.parametrize("query, accept", [(CITES_PLUS, "text/html"), (CITES_PLUS, "image/png, text/turtle"),
                                           (CONSTRUCT, "application/sparql-results+json")])
def test_no_acceptable_format_is_406(base, query, accept):
    status, _, body = fetch(f"{base}/sparql", query.encode(), {**SPARQL_QUERY, "Accept": accept})
    assert status == 406 and "offered" in body and len(body.strip().splitlines()) == 1


def test_malformed_query_is_400_with_parser_message(base):
    status, _, body = fetch(f"{base}/sparql", b"SELECT ?x WHERE {", SPARQL_QUERY)
    assert status == 400 and body.startswith("malformed query:") and "expected" in body
    assert len(body.strip().splitlines()) == 1


@pytest.mark.parametrize("data, path", [(b"   \n", "/sparql"), (None, "/sparql?query=%20")])
def test_an_empty_query_is_400_empty_query_not_an_update(base, data, path):
    status, _, body = fetch(base + path, data, SPARQL_QUERY if data is not None else None)
    assert status == 400 and body.startswith("empty query"), (status, body)


def test_a_query_rdflib_cannot_evaluate_is_answered(base):
    # EXISTS in a projection: rdflib could not evaluate it and the old server dropped the connection
    query = ('PREFIX eli: <http://data.europa.eu/eli/ontology#> SELECT ?d (EXISTS { ?d eli:cites ?x } AS ?cites) '
             'WHERE { ?d a eli:LegalResource } LIMIT 3')
    status, _, body = fetch(base + q(query))
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 3


@pytest.mark.parametrize("data, headers", [
    (b"INSERT DATA { <urn:a> <urn:b> <urn:c> }", {"Content-Type": "application/sparql-query"}),
    (b"PREFIX x: <urn:x> DELETE WHERE { ?s ?p ?o }", {"Content-Type": "application/sparql-query"}),
    (b"DELETE WHERE { ?s ?p ?o }", {"Content-Type": "application/sparql-update"}),
    (urllib.parse.urlencode({"update": "DELETE WHERE { ?s ?p ?o }"}).encode(),
     {"Content-Type": "application/x-www-form-urlencoded"}),
    (b"LOAD <http://127.0.0.1:1/x>", {"Content-Type": "application/sparql-query"}),
])
def test_updates_refused(base, data, headers):
    status, _, body = fetch(f"{base}/sparql", data, headers)
    assert status == 400 and "refused" in body
    status, _, body = fetch(base + q(CITES_PLUS))
    assert status == 200 and "苏政办发〔2021〕109号" in ids(body)  # the graph is untouched


def test_cors_head_options_and_methods(base):
    import urllib.request

    with urllib.request.urlopen(base + q("ASK {}"), timeout=10) as resp:
        assert resp.headers["Access-Control-Allow-Origin"] == "*"
    req = urllib.request.Request(base + q("ASK {}"), method="HEAD")
    with urllib.request.urlopen(req, timeout=10) as resp:
        assert resp.status == 200 and resp.read() == b""
        assert resp.headers["Content-Type"].startswith("application/sparql-results+json")
    req = urllib.request.Request(f"{base}/sparql", method="OPTIONS", headers={
        "Origin": "http://localhost:9999", "Access-Control-Request-Method": "POST"})
    with urllib.request.urlopen(req, timeout=10) as resp:
        assert resp.status == 204
        assert "POST" in resp.headers["Access-Control-Allow-Methods"]
        assert "Content-Type" in resp.headers["Access-Control-Allow-Headers"]
    assert fetch(f"{base}/sparql", b"x", method="PUT")[0] == 405
    assert fetch(f"{base}/sparql", method="DELETE")[0] == 405
    assert fetch(f"{base}/sparql", method="BREW")[0] == 501
    assert fetch(f"{base}/../../etc/passwd")[0] == 404
    assert fetch(f"{base}/sparql", b"x", {"Content-Type": "text/plain"})[0] == 415
    assert fetch(f"{base}/sparql")[0] == 400  # no query


def test_dataset_parameters_refused(base):
    url = base + "/sparql?" + urllib.parse.urlencode({"query": "ASK {}", "default-graph-uri": "file:///etc/passwd"})
    status, _, body = fetch(url)
    assert status == 400 and "refused" in body


# ---------------------------------------------------------------- bounded requests

def _port(base: str) -> int:
    return int(base.rsplit(":", 1)[1])


def test_bodies_and_heads_are_bounded(endpoint, base):
    port = _port(base)
    post = "POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
    # larger than --max-body: refused before it is read
    assert status_of(raw(port, (post + "Content-Length: 10000000\r\n\r\n").encode())) == 413
    for bad in ("abc", "-1", "1e3", "99999999999999999999999"):
        assert status_of(raw(port, (post + f"Content-Length: {bad}\r\n\r\nASK {{}}").encode())) in (400, 413), bad
    assert status_of(raw(port, (post + "Content-Length: 5\r\nContent-Length: 6\r\n\r\nASK {}").encode())) == 400
    assert status_of(raw(port, (post + "\r\n").encode())) == 411  # no length
    assert status_of(raw(port, (post + "Transfer-Encoding: chunked\r\n\r\n5\r\nASK {}\r\n0\r\n\r\n").encode())) == 411
    assert status_of(raw(port, (post + "Content-Length: 4\r\n\r\n").encode() + b"\xff\xfe\xfd\xfc")) == 400  # not UTF-8
    form = "POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
    assert status_of(raw(port, (form + "Content-Length: 9\r\n\r\nquery=%FF").encode())) == 400
    assert status_of(raw(port, b"GET /sparql?query=%FF%FE HTTP/1.1\r\nHost: x\r\n\r\n")) == 400
    assert status_of(raw(port, b"GET / HTTP/1.1\r\nX: " + b"a" * 70000 + b"\r\n\r\n")) == 431
    assert status_of(raw(port, b"GARBAGE\r\n\r\n")) == 400
    assert status_of(raw(port, b"GET / HTTP/2.0\r\n\r\n")) == 505


def test_a_body_shorter_than_its_length_is_408_in_bounded_time(endpoint, base):
    started = time.monotonic()
    answer = raw(_port(base), b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                              b"Content-Length: 100\r\n\r\nASK {}")
    took = time.monotonic() - started
    assert status_of(answer) == 408 and took < endpoint.config.request_timeout + 2


def test_silent_connections_hold_nothing(endpoint, base):
    import socket

    idle = [socket.create_connection(("127.0.0.1", _port(base))) for _ in range(100)]
    try:
        started = time.monotonic()
        status, _, _ = fetch(base + q("ASK {}"))
        assert status == 200 and (time.monotonic() - started) < 1.0
        idle[0].settimeout(endpoint.config.request_timeout + 3)
        assert status_of(idle[0].recv(1024)) == 408  # and each is closed after its request timeout
    finally:
        for sock in idle:
            sock.close()


# ---------------------------------------------------------------- time bounds

def _ask_ms(base: str) -> float:
    started = time.perf_counter()
    status, _, body = fetch(base + q("ASK {}"))
    assert status == 200 and json.loads(body)["boolean"] is True, (status, body)
    return (time.perf_counter() - started) * 1000


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def test_a_timed_out_query_is_stopped_and_asks_are_answered_meanwhile(endpoint, base):
    before = {w.proc.pid for w in endpoint.pool.all}
    answers: list[tuple[int, str, float]] = []

    def slow() -> None:
        started = time.monotonic()
        status, _, body = fetch(base + q(PATHOLOGICAL))
        answers.append((status, body, time.monotonic() - started))

    threads = [threading.Thread(target=slow) for _ in range(3)]
    for t in threads:
        t.start()
    time.sleep(0.5)  # the three are running, each on a worker of its own
    asks = [_ask_ms(base) for _ in range(7)]
    for t in threads:
        t.join()
    assert statistics.median(asks) < 100, asks
    assert len(answers) == 3
    for status, body, took in answers:
        assert status == 503 and "timed out after 3 s" in body, (status, body)
        assert took < endpoint.config.timeout + 2
    time.sleep(0.5)
    stopped = before - {w.proc.pid for w in endpoint.pool.all}
    assert len(stopped) >= 3 and not any(_alive(pid) for pid in stopped)  # the CPU is free again
    deadline = time.monotonic() + 10
    while len(endpoint.pool.all) < endpoint.config.workers and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(endpoint.pool.all) == endpoint.config.workers  # replaced
    assert _ask_ms(base) < 1000


REGEX_BOMB = ('SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i '
              'FILTER(REGEX(CONCAT(STR(?c), STR(?f), STR(?i)), "^(.*a)*(.*b)*(.*c)*(.*d)*x$")) }')


def _in_list(size: int) -> str:
    """A cross product filtered through an IN list of about `size` bytes (under the body bound)."""
    head, values = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f FILTER(CONCAT(STR(?c), STR(?f)) IN (", []
    while len(head) + sum(len(v) + 2 for v in values) < size:
        values.append(f'"value number {len(values)}"')
    return head + ", ".join(values) + ")) }"


def test_asks_are_answered_while_three_kinds_of_pathological_query_run(endpoint, base):
    """A 4-way cross product, a backtracking regex over a 3-way one, a 60 KB IN list: each runs on
    a worker of its own until its timeout, and ASK {} is answered in milliseconds meanwhile."""
    answers: list[tuple[int, str, float]] = []

    def slow(query: str) -> None:
        started = time.monotonic()
        status, _, body = fetch(base.rstrip("/") + "/sparql", data=query.encode(), headers=SPARQL_QUERY)
        answers.append((status, body, time.monotonic() - started))

    queries = [PATHOLOGICAL, REGEX_BOMB, _in_list(60 * 1024)]
    assert len(queries[2].encode()) < endpoint.config.max_body
    threads = [threading.Thread(target=slow, args=(one,)) for one in queries]
    for t in threads:
        t.start()
    time.sleep(0.5)
    asks = [_ask_ms(base) for _ in range(9)]
    running = sum(t.is_alive() for t in threads)
    for t in threads:
        t.join()
    assert running == 3  # the asks were answered while all three ran
    assert statistics.median(asks) < 100, asks
    for status, body, took in answers:
        assert status in (200, 503), (status, body)  # answered, never a dropped connection
        assert took < endpoint.config.timeout + 2


def test_three_hundred_half_open_connections_hold_no_thread_and_are_answered(endpoint, base):
    import socket

    threads_before = threading.active_count()
    idle = [socket.create_connection(("127.0.0.1", _port(base))) for _ in range(300)]
    try:
        assert threading.active_count() <= threads_before + 2  # no thread per connection
        over = idle[endpoint.config.max_connections + 5:]
        for sock in over:  # past the bound: a 503 at once, not a hang nor a reset
            sock.settimeout(5)
            assert status_of(sock.recv(1024)) == 503
        first = idle[0]
        first.settimeout(endpoint.config.request_timeout + 5)
        assert status_of(first.recv(1024)) == 408  # the silent ones are closed after the request timeout
        time.sleep(0.5)
        assert _ask_ms(base) < 1000  # and the endpoint answers again
    finally:
        for sock in idle:
            sock.close()


def test_the_listen_backlog_takes_a_burst_of_clients(endpoint, base):
    import subprocess

    listing = subprocess.run(["ss", "-ltnH", f"sport = :{_port(base)}"], capture_output=True, text=True,
                             check=True).stdout.split()
    with open("/proc/sys/net/core/somaxconn", encoding="ascii") as fh:
        somaxconn = int(fh.read())
    assert int(listing[2]) >= min(512, somaxconn), listing  # Send-Q of a listener: its backlog
    times: list[float] = []
    barrier = threading.Barrier(50)

    def one() -> None:
        barrier.wait()
        times.append(_ask_ms(base))

    clients = [threading.Thread(target=one) for _ in range(50)]
    for t in clients:
        t.start()
    for t in clients:
        t.join()
    assert len(times) == 50
    assert max(times) < 1000, sorted(times)[-5:]  # a dropped SYN costs a 1 s retransmission


def test_a_client_that_leaves_stops_its_query(endpoint, base):
    import socket

    replaced = endpoint.stats["workers_replaced"]
    sock = socket.create_connection(("127.0.0.1", _port(base)))
    sock.sendall(f"GET {q(PATHOLOGICAL)} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    time.sleep(0.4)
    sock.close()
    deadline = time.monotonic() + 2.0  # well before the 3 s timeout
    while endpoint.stats["workers_replaced"] == replaced and time.monotonic() < deadline:
        time.sleep(0.05)
    assert endpoint.stats["workers_replaced"] == replaced + 1


def test_a_query_over_its_memory_is_stopped(seed_graph_file, tmp_path):
    ep = start_endpoint(seed_graph_file, tmp_path / "m", timeout=20.0, memory_mb=120, workers=1)
    try:
        # ORDER BY holds every solution: memory grows until the worker is stopped
        big = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f"
        started = time.monotonic()
        status, _, body = fetch(ep.url + q(big))
        assert status == 503 and "more than 120 MiB" in body, body
        assert time.monotonic() - started < 20
    finally:
        ep.stop_thread()


# ---------------------------------------------------------------- clients researchers use

def test_sparqlwrapper_formats(base):
    from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper

    sw = SPARQLWrapper(f"{base}/sparql")
    sw.setQuery(CITES_PLUS)
    sw.setReturnFormat(JSON)
    assert {"苏政办发〔2021〕109号"} <= {b["b"]["value"] for b in sw.query().convert()["results"]["bindings"]}
    sw.setReturnFormat(XML)  # SPARQLWrapper's default: it used to get JSON
    doc = sw.query().convert()
    assert "苏政办发〔2021〕109号" in [n.firstChild.data for n in doc.getElementsByTagName("literal")]
    sw.setReturnFormat(CSV)
    assert "苏政办发〔2021〕109号" in sw.query().convert().decode("utf-8")
    sw.setMethod("POST")
    sw.setQuery(CONSTRUCT)
    sw.setReturnFormat(TURTLE)
    assert b"@prefix eli:" in sw.query().convert()
    sw.setQuery("ASK { ?s ?p ?o }")
    sw.setReturnFormat(JSON)
    assert sw.query().convert()["boolean"] is True
    sw.setQuery("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

    with pytest.raises(QueryBadFormed):
        sw.query()


def test_rdflib_sparqlstore(base):
    from rdflib import Graph, Literal
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    from pipeline.graph.vocab import ELI

    graph = Graph(store=SPARQLStore(query_endpoint=f"{base}/sparql", returnFormat="xml"))
    rows = {str(r[0]) for r in graph.query(CITES_PLUS)}
    assert {"连制造强市办〔2022〕11号", "苏政办发〔2021〕109号"} <= rows
    subjects = set(graph.subjects(ELI.id_local, Literal("连工信规〔2024〕1号")))
    assert [str(s) for s in subjects] == ["https://policykg.example.org/doc/连工信规〔2024〕1号"]
    result = graph.query(read_query("in_force").replace('"2024-06-01"', '"2025-01-01"'))
    assert [str(r.doc_id) for r in result if str(r.validity) == "in force"] == ["连工信规〔2024〕1号"]


# ---------------------------------------------------------------- the page's API and picture

def test_page_and_lineage_picture(base):
    status, ctype, body = fetch(f"{base}/")
    assert status == 200 and "<textarea" in body and "citing_documents" in body
    assert "<script src" not in body and "<link" not in body  # the network is closed: nothing fetched
    assert "__SAVED_QUERIES__" not in body and "__DOC_BASE__" not in body
    status, ctype, svg = fetch(f"{base}/lineage.svg?doc={urllib.parse.quote('连工信规[2024]1号')}")
    assert status == 200 and ctype.startswith("image/svg+xml")
    assert svg.startswith("<svg") and "苏政办发〔2021〕109号" in svg and "连制造强市办〔2022〕11号" in svg
    root = ET.fromstring(svg)
    ns = {"s": "http://www.w3.org/2000/svg", "x": "http://www.w3.org/1999/xlink"}
    assert root.find(".//s:g[@id='legend']", ns) is not None and "cites 引用" in svg
    links = [a.get("{http://www.w3.org/1999/xlink}href") for a in root.iterfind(".//s:a", ns)]
    assert "lineage.svg?doc=" + urllib.parse.quote("苏政办发〔2021〕109号", safe="") in links
    assert fetch(f"{base}/lineage.svg?doc=nothing-like-it")[0] == 404


def test_api_bind_checks_and_normalises(base):
    status, _, body = fetch(f"{base}/api/bind?name=citing_documents&target_id={urllib.parse.quote('苏政办发[2021]109号')}")
    data = json.loads(body)
    assert status == 200 and data["values"] == {"target_id": "苏政办发〔2021〕109号"}
    assert 'VALUES ?target_id { "苏政办发〔2021〕109号" }' in data["query"]
    status, _, body = fetch(f"{base}/api/bind?name=in_force&date=2024-02-30")
    assert status == 400 and "not a date" in body
    status, _, body = fetch(f"{base}/api/bind?name=in_forc")
    assert status == 400 and "did you mean in_force" in body
    status, _, body = fetch(f"{base}/api/queries")
    names = {q["name"]: q for q in json.loads(body)}
    assert names["in_force"]["params"][0]["kind"] == "date"
    assert names["lineage"]["params"][0]["kind"] == "doc_number"


def test_a_changed_graph_is_served_after_reload(seed_graph_file, tmp_path):
    ep = start_endpoint(seed_graph_file, tmp_path / "r", timeout=5.0, workers=1, watch_s=0.2)
    try:
        ask = 'ASK { <urn:policykg:new> <urn:policykg:p> "added" }'
        assert json.loads(fetch(ep.url + q(ask))[2])["boolean"] is False
        nt = ep.config.graph_file.with_name("graph.nt")
        with nt.open("a", encoding="utf-8") as fh:
            fh.write('<urn:policykg:new> <urn:policykg:p> "added" .\n')
        os.utime(nt, ns=(time.time_ns(), time.time_ns() + 10**9))
        deadline = time.monotonic() + 20
        while not json.loads(fetch(ep.url + q(ask))[2])["boolean"]:
            assert time.monotonic() < deadline, "the changed graph was not loaded"
            time.sleep(0.2)
    finally:
        ep.stop_thread()
