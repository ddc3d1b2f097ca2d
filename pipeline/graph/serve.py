"""The researchers' endpoint: Oxigraph's own SPARQL server behind a bounded front, and the page.

    policykg serve [--graph extracted/graph.ttl] [--port 8765] [--timeout 30] [--workers 4]

Queries are answered by Oxigraph's server (`oxigraph serve-read-only`, PyPI `oxigraph`) over
the store beside the graph file (store.py: built from graph.nt, rebuilt when it changes).
The server is never reached directly: this front listens (loopback by default) and

* checks each query first (query.check_query): updates, SERVICE and FROM are refused with a
  400 — Oxigraph's server federates, so without this a query would make it call any address;
* runs each query in a worker process of its own (`--workers` read-only Oxigraph servers on
  the same store, on loopback ports only the front knows) and stops that process when the
  query passes `--timeout`, uses more than `--memory-mb`, or its client goes away; a fresh
  worker takes its place.  Oxigraph's own `--timeout-s` does not stop a running aggregate
  (measured: a 4-way cross product ran on for minutes after its 3 s timeout and after its
  client had gone), and one process answers many queries at once, so only stopping the
  process frees the CPU — and the other workers go on answering (`ASK {}` in milliseconds
  while pathological queries run);
* bounds what a client can hold: the request head and body must arrive within
  `--request-timeout` (408), a body larger than `--max-body` is a 413 unread, a head larger
  than 64 KiB a 431, bad framing a 400, unknown methods a 501, updates a 400, and at most
  `--max-connections` connections are open at once (503 beyond) — one asyncio loop holds
  them, not a thread each;
* negotiates every format Oxigraph writes (SPARQL results JSON, XML, CSV, TSV; Turtle,
  N-Triples, RDF/XML, JSON-LD) from Accept (406 when none fits) and writes Turtle and RDF/XML
  graphs with the project's prefixes (eli:, pkg:, …);
* answers CORS (`Access-Control-Allow-Origin: *`, OPTIONS) and HEAD, and serves the page at
  `/`, the saved queries at `/api/queries`, a saved query bound to checked values at
  `/api/bind`, and a document's lineage drawn by Graphviz at `/lineage.svg?doc=…`.
"""
from __future__ import annotations

import asyncio
import contextlib
import ctypes
import json
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

from ..errors import ConfigError, PipelineError, QueryError
from ..errors import HTTPRefused as _Refused
from .query import DEFAULT_TIMEOUT_S, bind_query, check_query, check_value, saved_queries, saved_query
from .store import current_version, ensure_store, store_dir_for

log = logging.getLogger(__name__)

__all__ = ["Endpoint", "EndpointConfig", "oxigraph_binary", "serve"]

MAX_HEAD = 64 * 1024
DEFAULT_MAX_BODY = 1024 * 1024
DEFAULT_WORKERS = 4
DEFAULT_REQUEST_TIMEOUT_S = 10.0
DEFAULT_MAX_CONNECTIONS = 256
DEFAULT_MEMORY_MB = 2048
MAX_REFORMAT_BYTES = 64 * 1024 * 1024  # a graph answer rewritten with prefixes is held this far
# a query running longer than this is demoted: its worker gets the lowest CPU priority and,
# while the pool may grow (to twice --workers), a fresh worker takes its place for the others
LONG_AFTER_S = 1.0
_UPSTREAM_LIFE_S = 86400  # Oxigraph's --timeout-s: a connection to a worker is renewed well before
_UPSTREAM_REUSE_S = 3600.0
_PAGE = Path(__file__).with_name("page.html")
_ALLOW = "GET, HEAD, POST, OPTIONS"
_KNOWN_METHODS = {"GET", "HEAD", "POST", "OPTIONS", "PUT", "DELETE", "PATCH", "TRACE", "CONNECT"}
_REASONS = {200: "OK", 204: "No Content", 400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed",
            406: "Not Acceptable", 408: "Request Timeout", 411: "Length Required", 413: "Content Too Large",
            414: "URI Too Long", 415: "Unsupported Media Type", 431: "Request Header Fields Too Large",
            500: "Internal Server Error", 501: "Not Implemented", 502: "Bad Gateway", 503: "Service Unavailable",
            505: "HTTP Version Not Supported"}

# result formats: name → (media types a client may ask for, the media type written)
_RESULTS = {"json": (("application/sparql-results+json", "application/json"), "application/sparql-results+json"),
            "xml": (("application/sparql-results+xml", "application/xml", "text/xml"),
                    "application/sparql-results+xml"),
            "csv": (("text/csv",), "text/csv; charset=utf-8"),
            "tsv": (("text/tab-separated-values",), "text/tab-separated-values; charset=utf-8")}
_GRAPHS = {"turtle": (("text/turtle", "application/x-turtle"), "text/turtle; charset=utf-8"),
           "ntriples": (("application/n-triples", "text/plain"), "application/n-triples"),
           "rdfxml": (("application/rdf+xml", "application/xml", "text/xml"), "application/rdf+xml"),
           "jsonld": (("application/ld+json", "application/json"), "application/ld+json")}


def oxigraph_binary() -> str:
    """The `oxigraph` server program: beside this Python (a venv's bin/) or on PATH."""
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.is_file() and os.access(beside, os.X_OK) else shutil.which("oxigraph")
    if not found:
        raise ConfigError("the Oxigraph server is not installed", hint="pip install oxigraph (it ships `oxigraph`)")
    return found


def negotiate(form: str | None, accept: str | None) -> tuple[str, str] | None:
    """(format name, media type written) for a query of `form` and an Accept header; None: 406."""
    table = _GRAPHS if form in ("CONSTRUCT", "DESCRIBE") else _RESULTS
    default = "turtle" if table is _GRAPHS else "json"
    ranges = []
    for i, part in enumerate((accept or "*/*").split(",")):
        pieces = [p.strip() for p in part.split(";")]
        mime, q = pieces[0].lower(), 1.0
        for p in pieces[1:]:
            if p.lower().startswith("q="):
                try:
                    q = float(p[2:])
                except ValueError:
                    q = 0.0
        if mime and q > 0:
            ranges.append((-q, i, mime))
    for _, _, mime in sorted(ranges):
        if mime in ("*/*", "*"):
            return default, table[default][1]
        for name, (types, written) in table.items():
            if mime in types or (mime.endswith("/*") and any(t.startswith(mime[:-1]) for t in types)):
                return name, written
    return None


@dataclass
class EndpointConfig:
    graph_file: Path
    store_dir: Path | None = None  # None: beside the graph file
    host: str = "127.0.0.1"
    port: int = 8765
    timeout: float = DEFAULT_TIMEOUT_S
    workers: int = DEFAULT_WORKERS
    max_body: int = DEFAULT_MAX_BODY
    request_timeout: float = DEFAULT_REQUEST_TIMEOUT_S
    max_connections: int = DEFAULT_MAX_CONNECTIONS
    memory_mb: int = DEFAULT_MEMORY_MB
    watch_s: float = 5.0  # how often the graph file is checked for a change


# ---------------------------------------------------------------- worker processes

def _die_with_parent() -> None:  # pragma: no cover - runs in the child
    with contextlib.suppress(Exception):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return 0.0


class _Worker:
    """One `oxigraph serve-read-only` process on a loopback port; answers one query at a time."""

    def __init__(self, binary: str, location: Path, timeout: float) -> None:
        self.port = _free_port()
        self.location = location
        self.proc = subprocess.Popen(
            [binary, "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{self.port}",
             # Oxigraph's timeout bounds each connection's life, not a running query (the front
             # stops those): kept long, so that the front's kept-alive connection outlives it
             "--timeout-s", str(_UPSTREAM_LIFE_S)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=_die_with_parent)  # noqa: PLW1509 - prctl only: no lock, no allocation
        self.queries = 0
        self.conn: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None  # kept alive between queries
        self.conn_since = 0.0
        self.long = False  # ran past LONG_AFTER_S: demoted (nice 19) and retired when it ends

    def demote(self) -> None:
        self.long = True
        try:  # nice is per thread on Linux: every thread of the process, the query's among them
            tids = [int(t) for t in os.listdir(f"/proc/{self.proc.pid}/task")]
        except OSError:
            tids = [self.proc.pid]
        for tid in tids:
            with contextlib.suppress(OSError):
                os.setpriority(os.PRIO_PROCESS, tid, 19)

    async def ready(self, within: float = 15.0) -> None:
        deadline = time.monotonic() + within
        while True:
            if self.proc.poll() is not None:
                raise ConfigError(f"the Oxigraph server exited with status {self.proc.returncode} "
                                  f"on {self.location}", hint="run `oxigraph serve-read-only` by hand to see why")
            try:
                _, writer = await asyncio.open_connection("127.0.0.1", self.port)
            except OSError:
                if time.monotonic() > deadline:
                    self.kill()
                    raise ConfigError("the Oxigraph server did not start listening in time") from None
                await asyncio.sleep(0.01)
                continue
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()
            return

    def drop_connection(self) -> None:
        if self.conn is not None:
            self.conn[1].close()
            self.conn = None

    def kill(self) -> None:
        self.drop_connection()
        if self.proc.poll() is None:
            self.proc.kill()
        with contextlib.suppress(Exception):
            self.proc.wait(timeout=5)


class _Pool:
    """Worker processes on one store version; a stopped worker is replaced in the background."""

    def __init__(self, binary: str, location: Path, size: int, timeout: float) -> None:
        self.binary, self.location, self.size, self.timeout = binary, location, size, timeout
        self.idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self.all: set[_Worker] = set()
        self.retired = False
        self.replaced = 0

    async def start(self) -> None:
        workers = [self._spawn() for _ in range(self.size)]
        try:
            await asyncio.gather(*(w.ready() for w in workers))
        except BaseException:
            for w in workers:
                w.kill()
            raise
        for w in workers:
            self.idle.put_nowait(w)

    def _spawn(self) -> _Worker:
        worker = _Worker(self.binary, self.location, self.timeout)
        self.all.add(worker)
        return worker

    async def acquire(self, deadline: float) -> _Worker:
        loop = asyncio.get_running_loop()
        while True:
            worker = await asyncio.wait_for(self.idle.get(), max(0.0, deadline - loop.time()))
            if worker.proc.poll() is None:
                return worker
            self.all.discard(worker)  # died while idle: replace it, take the next
            self._replace_soon()

    def demoted(self, worker: _Worker) -> None:
        """A query on `worker` runs long: lower its priority, and add a worker for the short ones."""
        worker.demote()
        if not self.retired and len(self.all) < 2 * self.size:
            self._replace_soon()

    def release(self, worker: _Worker, healthy: bool) -> None:
        if healthy and not worker.long and not self.retired and worker.proc.poll() is None:
            if len(self.all) > self.size:  # grown while queries ran long: back to --workers
                self.all.discard(worker)
                worker.kill()
                return
            worker.queries += 1
            self.idle.put_nowait(worker)
            return
        self.all.discard(worker)
        worker.kill()
        if not self.retired and len(self.all) < self.size:
            self.replaced += 1
            self._replace_soon()

    def _replace_soon(self) -> None:
        async def replace() -> None:
            for attempt in range(5):
                worker = self._spawn()
                try:
                    await worker.ready()
                except ConfigError as exc:
                    self.all.discard(worker)
                    log.warning("could not start an Oxigraph worker (attempt %d): %s", attempt + 1, exc.one_line())
                    await asyncio.sleep(0.2 * (attempt + 1))
                    continue
                if self.retired:
                    worker.kill()
                else:
                    self.idle.put_nowait(worker)
                return

        asyncio.get_running_loop().create_task(replace())

    def close(self) -> None:
        self.retired = True
        for worker in list(self.all):
            worker.kill()
        self.all.clear()


# ---------------------------------------------------------------- HTTP

@dataclass
class _Request:
    method: str
    target: str
    version: str
    headers: dict[str, str]
    body: bytes = b""
    path: str = ""
    params: dict[str, list[str]] = field(default_factory=dict)


class _Response:
    """Writes one response on a connection; knows whether its head has gone out."""

    def __init__(self, writer: asyncio.StreamWriter, version: str, head_only: bool, cors: bool) -> None:
        self.writer, self.head_only, self.cors = writer, head_only, cors
        self.chunked_ok = version == "HTTP/1.1"
        self.started = False
        self.chunked = False

    def _head(self, status: int, headers: list[tuple[str, str]]) -> bytes:
        lines = [f"HTTP/1.1 {status} {_REASONS.get(status, 'Status')}", "Server: policykg-oxigraph",
                 "Connection: close", "X-Content-Type-Options: nosniff"]
        if self.cors:
            lines += ["Access-Control-Allow-Origin: *", "Access-Control-Expose-Headers: Content-Type"]
        lines += [f"{k}: {v}" for k, v in headers]
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1", "replace")

    async def send(self, status: int, ctype: str, body: bytes | str,
                   headers: tuple[tuple[str, str], ...] = ()) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        hdrs = [("Content-Type", ctype), ("Content-Length", str(len(data))), *headers]
        self.started = True
        self.writer.write(self._head(status, hdrs) + (b"" if self.head_only else data))
        await self.writer.drain()

    async def start(self, status: int, ctype: str) -> None:
        """The head of a streamed body (chunked for HTTP/1.1, so that a cut answer shows as one)."""
        hdrs = [("Content-Type", ctype)]
        self.chunked = self.chunked_ok and not self.head_only
        if self.chunked:
            hdrs.append(("Transfer-Encoding", "chunked"))
        self.started = True
        self.writer.write(self._head(status, hdrs))
        await self.writer.drain()

    async def chunk(self, data: bytes) -> None:
        if self.head_only or not data:
            return
        self.writer.write(b"%x\r\n%b\r\n" % (len(data), data) if self.chunked else data)
        await self.writer.drain()

    async def end(self) -> None:
        if self.chunked:
            self.writer.write(b"0\r\n\r\n")
            await self.writer.drain()


def _text(message: str) -> bytes:
    return (message.rstrip("\n") + "\n").encode("utf-8")


async def _read_request(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, max_body: int) -> _Request:
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.LimitOverrunError:
        raise _Refused(431, "the request head is larger than 64 KiB") from None
    try:
        text = head.decode("latin-1")
    except UnicodeDecodeError:  # pragma: no cover - latin-1 decodes any byte
        raise _Refused(400, "the request head is not text") from None
    line, *header_lines = text[:-4].split("\r\n")
    parts = line.split(" ")
    if len(parts) != 3 or not parts[0].isalpha():
        raise _Refused(400, f"malformed request line {line[:80]!r}")
    method, target, version = parts
    if version not in ("HTTP/1.1", "HTTP/1.0"):
        raise _Refused(505, f"HTTP version {version[:20]!r} is not supported: use HTTP/1.1")
    headers: dict[str, str] = {}
    for raw in header_lines:
        name, sep, value = raw.partition(":")
        if not sep or not name or name != name.strip():
            raise _Refused(400, f"malformed header line {raw[:80]!r}")
        key, value = name.lower(), value.strip()
        if key in headers and key == "content-length" and headers[key] != value:
            raise _Refused(400, "conflicting Content-Length headers")
        headers[key] = f"{headers[key]}, {value}" if key in headers and key != "content-length" else value
    request = _Request(method.upper(), target, version, headers)
    if "transfer-encoding" in headers:
        raise _Refused(411, "chunked request bodies are not accepted: send Content-Length")
    length_text = headers.get("content-length")
    if length_text is None:
        if request.method == "POST":
            raise _Refused(411, "a POST needs a Content-Length")
        return request
    if not length_text.isdigit() or len(length_text) > 18:
        raise _Refused(400, f"bad Content-Length {length_text[:40]!r}")
    length = int(length_text)
    if length > max_body:
        raise _Refused(413, f"the request body is {length:,} bytes; at most {max_body:,} are accepted "
                            "(policykg serve --max-body)")
    if headers.get("expect", "").lower() == "100-continue":
        writer.write(b"HTTP/1.1 100 Continue\r\n\r\n")
        await writer.drain()
    try:
        request.body = await reader.readexactly(length)
    except asyncio.IncompleteReadError:
        raise ConnectionResetError("the client closed the connection before sending its body") from None
    return request


def _decode(data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise _Refused(400, f"the {what} is not UTF-8") from None


def _form(text: str, what: str) -> dict[str, list[str]]:
    try:
        return parse_qs(text, keep_blank_values=True, errors="strict", max_num_fields=1000)
    except (UnicodeDecodeError, ValueError) as exc:
        raise _Refused(400, f"the {what} is not valid form encoding in UTF-8: {exc}") from None


def _one(params: dict[str, list[str]], name: str) -> str | None:
    values = params.get(name)
    if not values:
        return None
    if len(values) > 1:
        raise _Refused(400, f"more than one {name} parameter")
    return values[0]


async def _body_chunks(reader: asyncio.StreamReader, headers: dict[str, str]) -> AsyncIterator[bytes]:
    """The body of an upstream response, without its framing."""
    if "chunked" in headers.get("transfer-encoding", "").lower():
        while True:
            line = await reader.readuntil(b"\r\n")
            size = int(line.split(b";")[0].strip() or b"0", 16)
            if size == 0:
                while (await reader.readuntil(b"\r\n")) != b"\r\n":  # trailers
                    pass
                return
            data = await reader.readexactly(size)
            await reader.readexactly(2)
            yield data
    elif "content-length" in headers:
        left = int(headers["content-length"])
        while left > 0:
            data = await reader.read(min(left, 65536))
            if not data:
                raise asyncio.IncompleteReadError(b"", left)
            left -= len(data)
            yield data
    else:
        while data := await reader.read(65536):
            yield data


def _reformat(ntriples: bytes, fmt: str) -> bytes:
    import pyoxigraph as ox

    from .vocab import PREFIXES

    target = {"turtle": ox.RdfFormat.TURTLE, "rdfxml": ox.RdfFormat.RDF_XML}[fmt]
    quads = ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)
    out = ox.serialize((q.triple for q in quads), format=target, prefixes={p: str(ns) for p, ns in PREFIXES.items()})
    return out or b""


class Endpoint:
    """The front and its worker pool; `start()` in a running loop, or `start_in_thread()`."""

    def __init__(self, config: EndpointConfig) -> None:
        self.config = config
        self.binary = oxigraph_binary()
        self.store_dir = config.store_dir if config.store_dir is not None else store_dir_for(config.graph_file)
        self.pool: _Pool | None = None
        self.server: asyncio.base_events.Server | None = None
        self.port = 0
        self.connections = 0
        self.loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self.stats = {"queries": 0, "timeouts": 0, "refused": 0, "workers_replaced": 0}

    @property
    def url(self) -> str:
        host = self.config.host if ":" not in self.config.host else f"[{self.config.host}]"
        return f"http://{host}:{self.port}"

    # ---- life cycle
    async def start(self) -> None:
        self.loop = asyncio.get_running_loop()
        if self.config.workers < 1:
            raise ConfigError("--workers must be at least 1")
        version = await self.loop.run_in_executor(None, ensure_store, self.config.graph_file, self.store_dir)
        self.pool = _Pool(self.binary, version, self.config.workers, self.config.timeout)
        await self.pool.start()
        try:
            self.server = await asyncio.start_server(self._connection, self.config.host, self.config.port,
                                                     limit=MAX_HEAD, backlog=1024, reuse_address=True)
        except OSError as exc:
            self.pool.close()
            raise ConfigError(f"cannot listen on {self.config.host}:{self.config.port}: {exc.strerror or exc}",
                              hint="choose another --port") from exc
        self.port = int(self.server.sockets[0].getsockname()[1])
        if self.config.watch_s > 0:
            self._keep(self.loop.create_task(self._watch()))

    def _keep(self, task: asyncio.Task[None]) -> None:
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def stop(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        if self.server is not None:
            self.server.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.server.wait_closed(), 2)
        if self.pool is not None:
            self.pool.close()

    def start_in_thread(self) -> Endpoint:
        """Run the endpoint on a loop of its own in a daemon thread (tests, benchmarks)."""
        started = threading.Event()
        failure: list[BaseException] = []

        def run() -> None:
            loop = asyncio.new_event_loop()
            self.loop = loop
            try:
                loop.run_until_complete(self.start())
            except BaseException as exc:  # noqa: BLE001 - handed to the starting thread
                failure.append(exc)
                started.set()
                return
            started.set()
            loop.run_forever()
            loop.run_until_complete(self.stop())
            loop.close()

        self._thread = threading.Thread(target=run, name="policykg-endpoint", daemon=True)
        self._thread.start()
        started.wait()
        if failure:
            raise failure[0]
        return self

    def stop_thread(self) -> None:
        if self.loop is not None and self._thread is not None:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self._thread.join(10)

    async def _watch(self) -> None:
        """Reload when the graph file changes: a new store version, new workers, the old retired."""
        while True:
            await asyncio.sleep(self.config.watch_s)
            assert self.loop is not None and self.pool is not None
            try:
                fresh = await self.loop.run_in_executor(None, current_version, self.store_dir,
                                                        self.config.graph_file)
                if fresh is not None and fresh == self.pool.location:
                    continue
                version = await self.loop.run_in_executor(None, ensure_store, self.config.graph_file,
                                                          self.store_dir)
                if version == self.pool.location:
                    continue
                pool = _Pool(self.binary, version, self.config.workers, self.config.timeout)
                await pool.start()
            except (PipelineError, OSError) as exc:
                log.warning("the graph changed but could not be reloaded: %s", exc)
                continue
            old, self.pool = self.pool, pool
            old.retired = True
            while not old.idle.empty():  # busy workers are stopped when their query ends
                old.idle.get_nowait().kill()
            log.warning("graph changed: now serving %s", version)

    # ---- one connection
    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        response = _Response(writer, "HTTP/1.1", head_only=False, cors=True)
        try:
            if self.connections > self.config.max_connections:
                await response.send(503, "text/plain; charset=utf-8",
                                    _text(f"too many connections (at most {self.config.max_connections})"),
                                    (("Retry-After", "1"),))
                return
            try:
                request = await asyncio.wait_for(_read_request(reader, writer, self.config.max_body),
                                                 self.config.request_timeout)
            except TimeoutError:
                await response.send(408, "text/plain; charset=utf-8",
                                    _text(f"the request did not arrive within {self.config.request_timeout:g} s"))
                return
            except asyncio.IncompleteReadError:
                return  # closed before a whole head: nobody to answer
            response = _Response(writer, request.version, head_only=request.method == "HEAD", cors=True)
            await self._dispatch(request, reader, response)
        except _Refused as exc:
            self.stats["refused"] += 1
            if not response.started:
                with contextlib.suppress(Exception):
                    await response.send(exc.status, "text/plain; charset=utf-8", _text(exc.message), exc.headers)
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        except Exception:  # a bug: answered, logged, never a dropped connection
            log.exception("internal error in the endpoint")
            if not response.started:
                with contextlib.suppress(Exception):
                    await response.send(500, "text/plain; charset=utf-8", _text("internal error (see the server log)"))
        finally:
            self.connections -= 1
            with contextlib.suppress(Exception):
                writer.close()
                await asyncio.wait_for(writer.wait_closed(), 2)

    async def _dispatch(self, request: _Request, reader: asyncio.StreamReader, response: _Response) -> None:
        if request.method not in _KNOWN_METHODS or request.method in ("TRACE", "CONNECT"):
            raise _Refused(501, f"method {request.method[:20]} is not implemented", (("Allow", _ALLOW),))
        if request.method in ("PUT", "DELETE", "PATCH"):
            raise _Refused(405, f"{request.method} is refused: this endpoint is read-only", (("Allow", _ALLOW),))
        url = urlsplit(request.target)
        request.path = url.path
        request.params = _form(url.query, "query string")
        if request.method == "OPTIONS":
            await response.send(204, "text/plain", b"", (
                ("Allow", _ALLOW), ("Access-Control-Allow-Methods", _ALLOW),
                ("Access-Control-Allow-Headers", "Content-Type, Accept"), ("Access-Control-Max-Age", "86400")))
            return
        if request.path == "/sparql":
            await self._sparql(request, reader, response)
            return
        if request.method == "POST":
            raise _Refused(405, f"POST is for /sparql, not {request.path[:80]}", (("Allow", "GET, HEAD, OPTIONS"),))
        if request.path in ("/", "/index.html"):
            await response.send(200, "text/html; charset=utf-8", _page(), (
                ("Content-Security-Policy", ("default-src 'self'; script-src 'unsafe-inline'; "
                                             "style-src 'unsafe-inline'; img-src 'self' data:")),))
        elif request.path == "/api/queries":
            await response.send(200, "application/json; charset=utf-8",
                                json.dumps(_saved_list(), ensure_ascii=False))
        elif request.path == "/api/bind":
            await self._bind(request, response)
        elif request.path == "/api/status":
            pool = self.pool
            status = {**self.stats, "connections": self.connections, "workers": len(pool.all) if pool else 0,
                      "worker_pids": sorted(w.proc.pid for w in pool.all) if pool else [],
                      "store": str(pool.location) if pool else None, "timeout_s": self.config.timeout}
            await response.send(200, "application/json; charset=utf-8", json.dumps(status))
        elif request.path == "/favicon.ico":
            await response.send(204, "image/x-icon", b"")
        elif request.path == "/lineage.svg":
            await self._lineage(request, reader, response)
        else:
            raise _Refused(404, f"not found: {request.path[:200]}")

    async def _bind(self, request: _Request, response: _Response) -> None:
        name = _one(request.params, "name") or ""
        values = {k: v[0] for k, v in request.params.items() if k != "name"}
        try:
            saved = saved_query(name)
            text = bind_query(saved.text(), values)
            declared = {p.name: p for p in saved.params}
            checked = {k: check_value(declared[k], v) for k, v in values.items() if k in declared}
        except PipelineError as exc:
            raise _Refused(400, exc.one_line()) from None
        await response.send(200, "application/json; charset=utf-8",
                            json.dumps({"query": text, "values": checked}, ensure_ascii=False))

    def _query_of(self, request: _Request) -> str:
        params = dict(request.params)
        if request.method == "POST":
            ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if ctype == "application/sparql-query":
                if "query" in params:
                    raise _Refused(400, "the query is in both the body and the query string")
                params["query"] = [_decode(request.body, "request body")]
            elif ctype == "application/x-www-form-urlencoded":
                for key, values in _form(_decode(request.body, "request body"), "request body").items():
                    params.setdefault(key, []).extend(values)
            elif ctype == "application/sparql-update":
                raise _Refused(400, "SPARQL Update is refused: read-only endpoint")
            else:
                raise _Refused(415, f"unsupported content type {ctype[:80]!r}: send application/sparql-query "
                                    "or application/x-www-form-urlencoded")
        if "update" in params:
            raise _Refused(400, "SPARQL Update is refused: read-only endpoint")
        if "default-graph-uri" in params or "named-graph-uri" in params:
            raise _Refused(400, "FROM / FROM NAMED is refused (default-graph-uri, named-graph-uri): "
                                "queries run on this graph only")
        query = _one(params, "query")
        if query is None:
            raise _Refused(400, "missing query parameter", (("Allow", _ALLOW),))
        return query

    async def _sparql(self, request: _Request, reader: asyncio.StreamReader, response: _Response) -> None:
        query = self._query_of(request)
        try:
            form = check_query(query)
        except QueryError as exc:
            raise _Refused(400, exc.one_line()) from None
        accept = request.headers.get("accept")
        if form is None:  # not a query Oxigraph will read: its parser says why, in a 400
            chosen: tuple[str, str] | None = ("json", "application/sparql-results+json")
        else:
            chosen = negotiate(form, accept)
        if chosen is None:
            kinds = _GRAPHS if form in ("CONSTRUCT", "DESCRIBE") else _RESULTS
            offered = ", ".join(t for types, _ in kinds.values() for t in types[:1])
            raise _Refused(406, f"no format in Accept: {accept!r} fits a {form} answer; offered: {offered}")
        fmt, written = chosen
        upstream_accept = "application/n-triples" if fmt in ("turtle", "rdfxml") else (
            accept if form is None else written.split(";")[0])
        self.stats["queries"] += 1
        await self._run(query, upstream_accept, fmt, written, reader, response)

    # ---- a query on a worker
    async def _run(self, query: str, accept: str | None, fmt: str, written: str,
                   reader: asyncio.StreamReader, response: _Response, sink: bytearray | None = None) -> None:
        assert self.loop is not None and self.pool is not None
        loop = self.loop
        deadline = loop.time() + self.config.timeout
        pool = self.pool
        try:
            worker = await pool.acquire(deadline)
        except TimeoutError:
            self.stats["timeouts"] += 1
            raise _Refused(503, f"every query worker stayed busy for {self.config.timeout:g} s: try again",
                           (("Retry-After", "5"),)) from None
        outcome = {"clean": False}
        exchange = loop.create_task(self._exchange(worker, query, accept, fmt, written, response, outcome, sink))
        watchers = [loop.create_task(self._client_gone(reader)), loop.create_task(self._memory(worker))]
        try:
            done, _ = await asyncio.wait({exchange, *watchers}, timeout=min(LONG_AFTER_S, max(0.0, deadline - loop.time())),
                                         return_when=asyncio.FIRST_COMPLETED)
            if not done:
                pool.demoted(worker)
                done, _ = await asyncio.wait({exchange, *watchers}, timeout=max(0.0, deadline - loop.time()),
                                             return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in watchers:
                task.cancel()
        if exchange in done:
            pool.release(worker, healthy=outcome["clean"])
            exchange.result()  # its errors: the client went away, the worker broke
            return
        exchange.cancel()
        with contextlib.suppress(BaseException):
            await exchange
        pool.release(worker, healthy=False)  # stopped: the only way to stop Oxigraph's evaluation
        self.stats["workers_replaced"] += 1
        reason = next((t.result() for t in watchers if t in done and not t.cancelled()), None)
        if reason == "gone":
            raise ConnectionResetError("the client went away")
        if reason == "memory":
            message = f"the query used more than {self.config.memory_mb:,} MiB and was stopped (--memory-mb)"
        else:
            self.stats["timeouts"] += 1
            message = f"query timed out after {self.config.timeout:g} s and was stopped (--timeout)"
        if response.started:  # a cut answer: no last chunk, so the client sees it is incomplete
            response.writer.transport.abort()
            raise ConnectionResetError(message)
        raise _Refused(503, message)

    async def _client_gone(self, reader: asyncio.StreamReader) -> str:
        if reader.at_eof():
            return "gone"
        read = 0
        while read < 65536:
            data = await reader.read(4096)
            if not data:
                return "gone"
            read += len(data)
        await asyncio.Event().wait()  # a client that keeps sending is not gone: wait for the others
        return "never"

    async def _memory(self, worker: _Worker) -> str:
        while _rss_mb(worker.proc.pid) <= self.config.memory_mb:
            await asyncio.sleep(0.2)
        return "memory"

    async def _exchange(self, worker: _Worker, query: str, accept: str | None, fmt: str, written: str,
                        response: _Response, outcome: dict[str, bool], sink: bytearray | None) -> None:
        if worker.conn is not None and (worker.conn[0].at_eof() or
                                        time.monotonic() - worker.conn_since > _UPSTREAM_REUSE_S):
            worker.drop_connection()
        if worker.conn is None:
            try:
                worker.conn = await asyncio.open_connection("127.0.0.1", worker.port, limit=MAX_HEAD)
                worker.conn_since = time.monotonic()
            except OSError as exc:
                raise _Refused(503, f"the query engine is restarting, try again ({exc.strerror or exc})") from None
        up_reader, up_writer = worker.conn
        try:
            body = query.encode("utf-8")
            up_writer.write((f"POST /query HTTP/1.1\r\nHost: 127.0.0.1:{worker.port}\r\n"
                             f"Content-Type: application/sparql-query; charset=utf-8\r\n"
                             f"Accept: {accept or '*/*'}\r\nContent-Length: {len(body)}\r\n"
                             "\r\n").encode("latin-1", "replace") + body)
            await up_writer.drain()
            head = (await up_reader.readuntil(b"\r\n\r\n")).decode("latin-1")
            status_line, *lines = head[:-4].split("\r\n")
            status = int(status_line.split(" ")[1])
            headers = {}
            for line in lines:
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
            chunks = _body_chunks(up_reader, headers)
            if sink is not None:  # a query of the front's own (the lineage picture)
                async for data in chunks:
                    sink += data
                    if len(sink) > MAX_REFORMAT_BYTES:
                        raise _Refused(500, "the lineage answer is too large")
                if status != 200:
                    raise _Refused(502, f"the query engine answered {status}: {bytes(sink).decode('utf-8', 'replace')}")
            elif status != 200:
                text = b"".join([d async for d in chunks])
                if status == 400:  # Oxigraph's parser: one line, named as the CLI names it
                    message = " ".join(text.decode("utf-8", "replace").split())
                    text = _text(f"malformed query: {message[:2000]}")
                await response.send(status, headers.get("content-type", "text/plain; charset=utf-8"), text)
            elif fmt in ("turtle", "rdfxml"):
                await self._reformatted(chunks, fmt, written, response)
            else:
                await response.start(200, written if fmt != "ntriples" else "application/n-triples")
                async for data in chunks:
                    await response.chunk(data)
                await response.end()
            outcome["clean"] = True
            if "close" in headers.get("connection", "").lower():
                worker.drop_connection()
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError, IndexError,
                ConnectionError) as exc:
            worker.drop_connection()
            if response.started:
                response.writer.transport.abort()
                raise ConnectionResetError("the query engine broke off its answer") from exc
            raise _Refused(502, "the query engine broke off its answer") from exc
        finally:
            if not outcome["clean"]:
                worker.drop_connection()

    async def _reformatted(self, chunks: AsyncIterator[bytes], fmt: str, written: str, response: _Response) -> None:
        """A graph answer with the project's prefixes: N-Triples from the worker, rewritten here."""
        assert self.loop is not None
        held = bytearray()
        async for data in chunks:
            held += data
            if len(held) > MAX_REFORMAT_BYTES:
                if fmt != "turtle":
                    raise _Refused(500, f"the graph answer is larger than {MAX_REFORMAT_BYTES >> 20} MiB: "
                                        "ask for application/n-triples (streamed)")
                # N-Triples is Turtle: the rest goes out as it comes, without prefixes
                await response.start(200, written)
                await response.chunk(bytes(held))
                async for more in chunks:
                    await response.chunk(more)
                await response.end()
                return
        out = await self.loop.run_in_executor(None, _reformat, bytes(held), fmt)
        await response.send(200, written, out)

    # ---- the lineage picture
    async def _lineage(self, request: _Request, reader: asyncio.StreamReader, response: _Response) -> None:
        from . import svg

        assert self.loop is not None
        key = (_one(request.params, "doc") or "").strip()
        if not key:
            raise _Refused(400, "missing doc parameter (a 文号, a title or a document IRI)")
        loop = self.loop

        def select(sparql: str) -> list[dict[str, str]]:
            future = asyncio.run_coroutine_threadsafe(self._select(sparql, reader), loop)
            return future.result(self.config.timeout + 5)

        try:
            picture = await loop.run_in_executor(None, svg.lineage_svg, select, key)
        except svg.NotFound as exc:
            raise _Refused(404, str(exc)) from None
        except ConfigError as exc:  # dot is missing or failed
            raise _Refused(500, exc.one_line()) from None
        await response.send(200, "image/svg+xml; charset=utf-8", picture, (("Cache-Control", "no-store"),))

    async def _select(self, sparql: str, reader: asyncio.StreamReader) -> list[dict[str, str]]:
        sink = bytearray()
        dummy = _Response(_NullWriter(), "HTTP/1.1", head_only=True, cors=False)  # type: ignore[arg-type]
        await self._run(sparql, "application/sparql-results+json", "json", "application/sparql-results+json",
                        reader, dummy, sink)
        data = json.loads(bytes(sink))
        return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]


class _NullWriter:
    """Stands for a client connection when the front asks a worker a query of its own."""

    class transport:
        @staticmethod
        def abort() -> None:
            pass

    def write(self, data: bytes) -> None:
        pass

    async def drain(self) -> None:
        pass


def _saved_list() -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for name in saved_queries():
        saved = saved_query(name)
        out.append({"name": name, "description": saved.description, "text": saved.text(),
                    "params": [{"name": p.name, "kind": p.kind, "default": p.default, "description": p.description}
                               for p in saved.params]})
    return out


def _page() -> str:
    """The research page, with the saved queries and their parameters."""
    from .. import config

    data = json.dumps(_saved_list(), ensure_ascii=False).replace("</", "<\\/")
    return (_PAGE.read_text(encoding="utf-8").replace("__SAVED_QUERIES__", data)
            .replace("__DOC_BASE__", config.BASE_IRI))


def lineage_link(key: str) -> str:
    return "lineage.svg?doc=" + quote(key, safe="")


def serve(config: EndpointConfig, on_ready: Callable[[Endpoint], None] | None = None) -> None:
    """Serve until SIGINT / SIGTERM; workers are stopped with the front."""
    endpoint = Endpoint(config)

    async def main() -> None:
        await endpoint.start()
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        log.warning("SPARQL endpoint at %s/sparql, page at %s/ (Oxigraph, %d workers, timeout %g s)",
                    endpoint.url, endpoint.url, config.workers, config.timeout)
        if on_ready is not None:
            on_ready(endpoint)
        await stop.wait()
        await endpoint.stop()

    asyncio.run(main())
