"""A read-only SPARQL 1.1 Protocol endpoint at /sparql and a small research page at /.

Standard library HTTP server (the network is closed, so no framework and no CDN): GET with
`?query=`, POST form-encoded, POST `application/sparql-query`; results as JSON, CSV or TSV
chosen by the Accept header (graphs as Turtle / N-Triples); a malformed query is a 400 with
the parser's message; updates are refused.  /lineage.svg?doc=… draws a document's lineage.
"""
from __future__ import annotations

import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from rdflib import Graph

from ..errors import QueryError
from .query import format_result, run_query, saved_queries
from .svg import lineage_svg

log = logging.getLogger(__name__)

__all__ = ["make_server", "serve"]

_ACCEPT = (("application/sparql-results+json", "json"), ("application/json", "json"),
           ("text/csv", "csv"), ("text/tab-separated-values", "tsv"),
           ("text/turtle", "ttl"), ("application/n-triples", "nt"))
_MIME = {"json": "application/sparql-results+json; charset=utf-8", "csv": "text/csv; charset=utf-8",
         "tsv": "text/tab-separated-values; charset=utf-8", "ttl": "text/turtle; charset=utf-8",
         "nt": "application/n-triples; charset=utf-8"}
_PAGE = Path(__file__).with_name("page.html")


def _negotiate(accept: str | None) -> str:
    """The first result format the client accepts, in the order it lists them; JSON by default."""
    for part in (accept or "").split(","):
        mime = part.split(";")[0].strip().lower()
        for known, fmt in _ACCEPT:
            if mime == known:
                return fmt
    return "json"


class _Handler(BaseHTTPRequestHandler):
    graph: Graph
    lock: threading.Lock
    server_version = "policykg-sparql/1"

    def log_message(self, fmt: str, *args: object) -> None:  # route access logs to logging
        log.info("%s " + fmt, self.address_string(), *args)

    def do_GET(self) -> None:
        url = urlparse(self.path)
        params = parse_qs(url.query)
        if url.path == "/":
            return self._send(200, "text/html; charset=utf-8", _page())
        if url.path == "/lineage.svg":
            doc = params.get("doc", [""])[0]
            with self.lock:
                svg = lineage_svg(self.graph, doc)
            return self._send(200, "image/svg+xml; charset=utf-8", svg)
        if url.path == "/sparql":
            if "update" in params:
                return self._send(400, "text/plain; charset=utf-8", "SPARQL Update is refused: read-only endpoint")
            if "query" not in params:
                return self._send(400, "text/plain; charset=utf-8", "missing query parameter")
            return self._answer(params["query"][0])
        return self._send(404, "text/plain; charset=utf-8", "not found")

    def do_POST(self) -> None:
        url = urlparse(self.path)
        if url.path != "/sparql":
            return self._send(404, "text/plain; charset=utf-8", "not found")
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8")
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if ctype == "application/sparql-query":
            return self._answer(body)
        if ctype == "application/x-www-form-urlencoded":
            form = parse_qs(body)
            if "update" in form:
                return self._send(400, "text/plain; charset=utf-8", "SPARQL Update is refused: read-only endpoint")
            if "query" in form:
                return self._answer(form["query"][0])
            return self._send(400, "text/plain; charset=utf-8", "missing query parameter")
        if ctype == "application/sparql-update":
            return self._send(400, "text/plain; charset=utf-8", "SPARQL Update is refused: read-only endpoint")
        return self._send(415, "text/plain; charset=utf-8", f"unsupported content type {ctype!r}")

    def _answer(self, query: str) -> None:
        fmt = _negotiate(self.headers.get("Accept"))
        try:
            with self.lock:  # rdflib graphs are not safe for concurrent queries
                result = run_query(self.graph, query)
        except QueryError as exc:
            return self._send(400, "text/plain; charset=utf-8", exc.one_line())
        if result.graph is not None:
            fmt = fmt if fmt in ("ttl", "nt") else "ttl"
            return self._send(200, _MIME[fmt], format_result(result, fmt))
        fmt = fmt if fmt in ("json", "csv", "tsv") else "json"
        return self._send(200, _MIME[fmt], format_result(result, fmt))

    def _send(self, status: int, ctype: str, body: str) -> None:
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def _page() -> str:
    """The research page, with the saved queries offered as examples."""
    import json
    queries = {name: path.read_text(encoding="utf-8") for name, path in saved_queries().items()}
    return _PAGE.read_text(encoding="utf-8").replace("__SAVED_QUERIES__", json.dumps(queries, ensure_ascii=False))


def make_server(graph: Graph, host: str = "127.0.0.1", port: int = 0) -> ThreadingHTTPServer:
    """A server bound to host:port (port 0 = any free port) answering over `graph`."""
    handler = type("Handler", (_Handler,), {"graph": graph, "lock": threading.Lock()})
    return ThreadingHTTPServer((host, port), handler)


def serve(graph: Graph, host: str, port: int) -> None:
    """Serve until interrupted."""
    server = make_server(graph, host, port)
    log.warning("SPARQL endpoint at http://%s:%d/sparql, page at http://%s:%d/", host, server.server_port,
                host, server.server_port)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
