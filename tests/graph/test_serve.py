"""The SPARQL endpoint: started on 127.0.0.1 on a free port and queried over HTTP."""
from __future__ import annotations

import csv
import io
import json
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest

from pipeline.graph import load_graph
from pipeline.graph.query import read_query
from pipeline.graph.serve import make_server

CITES_PLUS = ('PREFIX eli: <http://data.europa.eu/eli/ontology#> SELECT ?b WHERE { '
              '?a eli:id_local "连工信规〔2024〕1号" . ?a eli:cites+ ?x . ?x eli:id_local ?b }')


@pytest.fixture(scope="module")
def base(seed_graph_file):
    server = make_server(load_graph(seed_graph_file), "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def fetch(url, data=None, headers=None):
    req = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, resp.headers.get("Content-Type"), resp.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type"), exc.read().decode("utf-8")


def ids(body):
    return {b["b"]["value"] for b in json.loads(body)["results"]["bindings"]}


def test_get_json(base):
    status, ctype, body = fetch(f"{base}/sparql?query={urllib.parse.quote(CITES_PLUS)}",
                                headers={"Accept": "application/sparql-results+json"})
    assert status == 200 and ctype.startswith("application/sparql-results+json")
    assert {"连制造强市办〔2022〕11号", "苏政办发〔2021〕109号", "连政办发〔2022〕3号"} <= ids(body)


def test_post_form_and_direct(base):
    form = urllib.parse.urlencode({"query": CITES_PLUS}).encode()
    s1, _, b1 = fetch(f"{base}/sparql", form, {"Content-Type": "application/x-www-form-urlencoded"})
    s2, _, b2 = fetch(f"{base}/sparql", CITES_PLUS.encode(), {"Content-Type": "application/sparql-query"})
    assert s1 == s2 == 200 and ids(b1) == ids(b2)


@pytest.mark.parametrize("accept, ctype", [("text/csv", "text/csv"),
                                           ("text/tab-separated-values", "text/tab-separated-values")])
def test_csv_tsv_by_accept(base, accept, ctype):
    query = read_query("in_force").replace('"2024-06-01"', '"2025-01-01"')
    status, got, body = fetch(f"{base}/sparql", query.encode(),
                              {"Content-Type": "application/sparql-query", "Accept": accept})
    assert status == 200 and got.startswith(ctype)
    if accept == "text/csv":
        assert [r["doc_id"] for r in csv.DictReader(io.StringIO(body))] == ["连工信规〔2024〕1号"]
    else:
        lines = body.splitlines()
        assert lines[0].split("\t")[0] == "?doc_id" and lines[1].startswith('"连工信规〔2024〕1号"')


def test_malformed_query_is_400_with_parser_message(base):
    status, _, body = fetch(f"{base}/sparql", b"SELECT ?x WHERE {", {"Content-Type": "application/sparql-query"})
    assert status == 400 and "malformed query" in body and "Expected" in body


@pytest.mark.parametrize("data, headers", [
    (b"INSERT DATA { <urn:a> <urn:b> <urn:c> }", {"Content-Type": "application/sparql-query"}),
    (b"DELETE WHERE { ?s ?p ?o }", {"Content-Type": "application/sparql-update"}),
    (urllib.parse.urlencode({"update": "DELETE WHERE { ?s ?p ?o }"}).encode(),
     {"Content-Type": "application/x-www-form-urlencoded"}),
])
def test_updates_refused(base, data, headers):
    status, _, body = fetch(f"{base}/sparql", data, headers)
    assert status == 400 and "refused" in body
    status, _, body = fetch(f"{base}/sparql?query={urllib.parse.quote(CITES_PLUS)}")
    assert status == 200 and "苏政办发〔2021〕109号" in ids(body)  # the graph is untouched


def test_page_and_lineage_picture(base):
    status, ctype, body = fetch(f"{base}/")
    assert status == 200 and "<textarea" in body and "citing_documents" in body
    assert "<script src" not in body and "<link" not in body  # the network is closed: nothing fetched
    status, ctype, svg = fetch(f"{base}/lineage.svg?doc={urllib.parse.quote('连工信规〔2024〕1号')}")
    assert status == 200 and ctype.startswith("image/svg+xml")
    assert svg.startswith("<svg") and "苏政办发〔2021〕109号" in svg and "连制造强市办〔2022〕11号" in svg
