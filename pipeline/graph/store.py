"""Graph stores: rdflib in memory (the default) or Oxigraph on disk, behind one interface.

A store is named by a spec string, as given to `--store`:

    oxigraph          a pyoxigraph Store beside the graph file (`graph.ttl` → `graph.oxigraph/`),
                      built from the graph the first time and again whenever it changes (default)
    oxigraph:DIR      the same, in DIR
    memory            an rdflib Graph held in memory (the fallback; small corpora, tests)

A store folder holds versions (`v-…/`), each a complete Oxigraph store, and a stamp naming the
graph file it was built from and the version that holds it.  A changed graph is loaded into a
new version and the stamp moved to it, so a reader with the old version open — `policykg
serve` runs read-only Oxigraph servers on it — never sees a store written under it.

Both answer SPARQL 1.1 through `GraphStore.query`, which returns plain strings so that
results from either store compare equal.  `rdflib_graph()` gives the same data behind
the rdflib API (oxrdflib for Oxigraph), so code written against rdflib — `policykg query`
and `serve` — runs unchanged on either store.  Large graphs go in through
`load_ntriples`, which for Oxigraph is its bulk loader (it streams the file and
writes SST files directly, never holding the graph in Python).  `push_graph_store`
sends a graph to any SPARQL 1.1 Graph Store Protocol endpoint.
"""
from __future__ import annotations

import http.client
import logging
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Self

import pyoxigraph as ox
import rdflib
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Identifier

from ..errors import ConfigError, InputError, QueryError
from .query import check_query, refuse_outbound

__all__ = [
    "DEFAULT_STORE",
    "GraphStore",
    "MemoryStore",
    "OxigraphStore",
    "QueryResult",
    "StoreSpec",
    "open_graph",
    "open_store",
    "parse_store_spec",
    "push_graph_store",
]
log = logging.getLogger(__name__)

DEFAULT_STORE = "oxigraph"
STAMP_NAME = "policykg-source.txt"
NTRIPLES_MEDIA_TYPE = "application/n-triples"


@dataclass(frozen=True)
class StoreSpec:
    """A parsed `--store` value: `kind` is memory | oxigraph; `path` the Oxigraph folder (None:
    beside the graph file)."""

    kind: str
    path: Path | None = None


@dataclass(frozen=True)
class QueryResult:
    """A SPARQL answer as plain data: IRIs and literals as strings (numbers canonical), unbound as None."""

    variables: tuple[str, ...] = ()
    rows: tuple[tuple[str | None, ...], ...] = ()
    boolean: bool | None = None  # ASK answers
    triples: tuple[tuple[str, str, str], ...] = ()  # CONSTRUCT / DESCRIBE answers


def parse_store_spec(spec: str) -> StoreSpec:
    """`oxigraph`, `oxigraph:DIR` or `memory`; anything else is a usage error naming the forms."""
    kind, sep, rest = spec.partition(":")
    if kind == "memory" and not sep:
        return StoreSpec("memory")
    if kind == "oxigraph" and not sep:
        return StoreSpec("oxigraph")
    if kind == "oxigraph" and rest:
        return StoreSpec("oxigraph", Path(rest))
    raise ConfigError(f"unknown store {spec!r}", hint="use 'oxigraph', 'oxigraph:DIR' or 'memory'")


class GraphStore:
    """What every store offers; subclasses hold the data."""

    kind = "abstract"

    def load_ntriples(self, path: Path) -> int:
        """Add the triples of an N-Triples file; returns the store's size afterwards."""
        raise NotImplementedError

    def add_graph(self, graph: rdflib.Graph) -> int:
        """Add an rdflib graph's triples; returns the store's size afterwards."""
        raise NotImplementedError

    def query(self, sparql: str) -> QueryResult:
        """Run a SPARQL 1.1 query; a malformed or failing query raises QueryError."""
        raise NotImplementedError

    def rdflib_graph(self) -> rdflib.Graph:
        """The store's data behind the rdflib Graph API (shared, not copied)."""
        raise NotImplementedError

    def dump_ntriples(self, path: Path) -> None:
        """Write every triple as N-Triples (what `push_graph_store` and `load_ntriples` read)."""
        raise NotImplementedError

    def __len__(self) -> int:
        raise NotImplementedError

    def close(self) -> None:
        """Release the store (flushes Oxigraph to disk); the object is unusable afterwards."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class MemoryStore(GraphStore):
    """An rdflib Graph in memory: rdflib's own SPARQL engine (pure Python)."""

    kind = "memory"

    def __init__(self, graph: rdflib.Graph | None = None) -> None:
        self.graph = graph if graph is not None else rdflib.Graph()

    def load_ntriples(self, path: Path) -> int:
        self.graph.parse(str(path), format="nt")
        return len(self.graph)

    def add_graph(self, graph: rdflib.Graph) -> int:
        self.graph += graph
        return len(self.graph)

    def query(self, sparql: str) -> QueryResult:
        refuse_outbound(sparql)
        try:
            result = self.graph.query(sparql)
        except Exception as exc:  # rdflib raises pyparsing and plain errors alike; all are query errors
            raise QueryError(f"query failed on the memory store: {exc}") from exc
        return _from_rdflib(result)

    def rdflib_graph(self) -> rdflib.Graph:
        return self.graph

    def dump_ntriples(self, path: Path) -> None:
        self.graph.serialize(destination=str(path), format="nt", encoding="utf-8")

    def __len__(self) -> int:
        return len(self.graph)


class OxigraphStore(GraphStore):
    """A pyoxigraph Store on disk (or in memory with `path=None`): Rust SPARQL engine, RocksDB."""

    kind = "oxigraph"

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        if path is not None:
            path.mkdir(parents=True, exist_ok=True)
        try:
            self.store = ox.Store(str(path)) if path is not None else ox.Store()
        except OSError as exc:  # another process holds the RocksDB lock
            raise ConfigError(f"cannot open the Oxigraph store in {path}: {exc}",
                              hint="is another policykg process using it?") from exc

    def load_ntriples(self, path: Path, *, optimize: bool = True) -> int:
        # the bulk loader writes sorted files straight to disk: the graph never sits in Python
        self.store.bulk_load(path=str(path), format=ox.RdfFormat.N_TRIPLES)
        if optimize:
            self.optimize()
        return len(self)

    def optimize(self) -> None:
        """Compact the store after a bulk load: lookups on the 10,000-document graph got ten times
        faster (bench/sparql.py), for about a tenth of the load's time and more disk."""
        self.store.optimize()

    def add_graph(self, graph: rdflib.Graph) -> int:
        data = graph.serialize(format="nt", encoding="utf-8")
        self.store.bulk_load(input=data, format=ox.RdfFormat.N_TRIPLES)
        return len(self)

    def query(self, sparql: str) -> QueryResult:
        check_query(sparql)  # on the tokens: Oxigraph's own parser decides what the text means
        try:
            result = self.store.query(sparql)
        except (SyntaxError, ValueError, OSError) as exc:
            raise QueryError(f"query failed on the Oxigraph store: {exc}") from exc
        return _from_oxigraph(result)

    def rdflib_graph(self) -> rdflib.Graph:
        # the default graph, so triples bulk-loaded by pyoxigraph are the ones rdflib sees
        return rdflib.Graph(store=_native_adapter(self.store), identifier=DATASET_DEFAULT_GRAPH_ID)

    def dump_ntriples(self, path: Path) -> None:
        self.store.dump(path, ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())

    def __len__(self) -> int:
        return len(self.store)

    def close(self) -> None:
        if self.path is not None:
            self.store.flush()
        del self.store


def _native_adapter(store: ox.Store) -> rdflib.store.Store:
    """oxrdflib's rdflib store, taught to run prepared queries natively.

    oxrdflib refuses rdflib's prepared `Query` objects, and rdflib then falls back to its
    own (slow, pure-Python) engine over Oxigraph's triples.  A prepared query keeps the text
    it was parsed from, so it is handed to Oxigraph's engine as text instead.
    """
    from oxrdflib import OxigraphStore as _Adapter
    from rdflib.plugins.sparql.sparql import Query

    class _PreparedAware(_Adapter):  # type: ignore[misc]
        def query(self, query: Query | str, initNs: Mapping[str, Any],
                  initBindings: Mapping[str, Identifier], queryGraph: str, **kwargs: object) -> rdflib.query.Result:
            if isinstance(query, Query) and getattr(query, "_original_args", None):
                text, namespaces, _base = query._original_args
                query, initNs = text, {**(namespaces or {}), **initNs}
            return super().query(query, initNs, initBindings, queryGraph, **kwargs)

    return _PreparedAware(store=store)


def store_dir_for(graph_file: Path) -> Path:
    """Where the default Oxigraph store of a graph file lives: beside it (`graph.oxigraph/`)."""
    return graph_file.with_suffix(".oxigraph")


def _source_file(graph_file: Path) -> Path:
    """The file a store is loaded from: graph.nt beside graph.ttl when there is one (the same
    triples, written together by `build`; N-Triples loads fastest)."""
    nt = graph_file.with_suffix(".nt")
    return nt if graph_file.suffix.lower() != ".nt" and nt.is_file() else graph_file


def _source_key(graph_file: Path) -> str:
    if not graph_file.exists():
        from .query import load_graph

        load_graph(graph_file)  # its one-line error: not found, unknown format
    source = _source_file(graph_file)
    st = source.stat()
    return f"{source.resolve()} {st.st_size} {st.st_mtime_ns}"


def current_version(folder: Path, graph_file: Path) -> Path | None:
    """The version folder holding `graph_file` as it is now, or None when it must be (re)built."""
    stamp = folder / STAMP_NAME
    try:
        source, _, version = stamp.read_text(encoding="utf-8").partition("\n")
    except OSError:
        return None
    version = version.strip()
    if source != _source_key(graph_file) or not version or not (folder / version).is_dir():
        return None
    return folder / version


def ensure_store(graph_file: Path, folder: Path | None = None) -> Path:
    """The version folder of an Oxigraph store holding `graph_file`, built when missing or stale.

    A build goes into a folder of its own and the stamp is moved to it once the store is
    complete, so readers of the previous version are undisturbed; versions older than the
    previous one are removed.
    """
    import os
    import shutil
    import time

    folder = folder if folder is not None else store_dir_for(graph_file)
    found = current_version(folder, graph_file)
    if found is not None:
        return found
    key = _source_key(graph_file)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        version = f"v-{time.time_ns()}-{os.getpid()}"
        building = folder / f".build-{version}"
        started = time.perf_counter()
        store = ox.Store(str(building))
        unparsed: SyntaxError | None = None
        try:
            store.bulk_load(path=str(_source_file(graph_file)), format=_ox_format(_source_file(graph_file)))
            store.optimize()
            store.flush()
            triples = len(store)
        except SyntaxError as exc:  # the file is not the graph its name says: bad data, not our bug
            unparsed = exc
        finally:
            del store
        if unparsed is not None:
            shutil.rmtree(building, ignore_errors=True)
            raise InputError(f"the graph file does not parse: {getattr(unparsed, 'msg', None) or unparsed}",
                             locator=graph_file.name,
                             hint="serve or query the graph.ttl / graph.nt that build writes") from unparsed
        building.rename(folder / version)
        tmp = folder / f".{STAMP_NAME}.{os.getpid()}"
        tmp.write_text(f"{key}\n{version}", encoding="utf-8")
        tmp.replace(folder / STAMP_NAME)
    except OSError as exc:
        raise ConfigError(f"cannot write the Oxigraph store in {folder}: {exc}",
                          hint="use --store oxigraph:DIR with a writable folder, or --store memory") from exc
    log.info("loaded %s into the Oxigraph store %s (%d triples, %.1f s)", graph_file, folder / version, triples,
             time.perf_counter() - started)
    versions = sorted((p for p in folder.glob("v-*") if p.is_dir() and p.name != version),
                      key=lambda p: p.stat().st_mtime_ns)
    for old in versions[:-1]:  # keep the previous one: a reader may still have it open
        shutil.rmtree(old, ignore_errors=True)
    for stale in folder.glob(".build-*"):  # a build that died half way (not one running now: too new)
        if time.time() - stale.stat().st_mtime > 3600:
            shutil.rmtree(stale, ignore_errors=True)
    return folder / version


def open_graph(spec: str, graph_file: Path) -> rdflib.Graph:
    """The graph of `graph_file` behind the rdflib API, held in the store `spec` names.

    `memory` parses the file; `oxigraph` / `oxigraph:DIR` bulk-load it into an Oxigraph store
    the first time (or when the file has changed since) and afterwards open the store
    read-only, which is what makes a large graph quick to query.
    """
    parsed = parse_store_spec(spec)
    if parsed.kind == "memory":
        from .query import load_graph  # the graph stage's reader: every format, prefixes bound

        return load_graph(graph_file)
    version = ensure_store(graph_file, parsed.path)
    try:
        store = ox.Store.read_only(str(version))
    except OSError as exc:
        raise ConfigError(f"cannot open the Oxigraph store in {version}: {exc}") from exc
    return rdflib.Graph(store=_native_adapter(store), identifier=DATASET_DEFAULT_GRAPH_ID)


def _ox_format(path: Path) -> ox.RdfFormat:
    formats = {".nt": ox.RdfFormat.N_TRIPLES, ".ttl": ox.RdfFormat.TURTLE, ".nq": ox.RdfFormat.N_QUADS,
               ".trig": ox.RdfFormat.TRIG, ".rdf": ox.RdfFormat.RDF_XML, ".jsonld": ox.RdfFormat.JSON_LD}
    if path.suffix.lower() not in formats:
        raise ConfigError(f"cannot tell the RDF format of {path.name}", hint=f"use one of {sorted(formats)}")
    return formats[path.suffix.lower()]


def open_store(spec: str = "memory") -> GraphStore:
    """Open the store named by `spec` (see the module docstring); Oxigraph folders are created."""
    parsed = parse_store_spec(spec)
    if parsed.kind == "memory":
        return MemoryStore()
    return OxigraphStore(parsed.path)


_XSD = "http://www.w3.org/2001/XMLSchema#"
_NUMERIC = {f"{_XSD}{t}" for t in ("decimal", "double", "float", "integer", "int", "long", "short",
                                   "nonNegativeInteger", "positiveInteger", "negativeInteger")}


def _plain(value: str, datatype: str | None) -> str:
    """A term's lexical form; numbers in canonical form, because the engines write them
    differently (rdflib `160000.0`, Oxigraph `160000` for the same xsd:decimal)."""
    if datatype not in _NUMERIC:
        return value
    try:
        number = Decimal(value)
    except InvalidOperation:  # an ill-typed literal is kept as written, not guessed
        return value
    if not number.is_finite():
        return value
    text = format(number.normalize(), "f")
    return "0" if text in ("-0", "0") else text


def _rdflib_term(term: object) -> str | None:
    if term is None:
        return None
    if isinstance(term, rdflib.Literal):
        return _plain(str(term), str(term.datatype) if term.datatype else None)
    return str(term)


def _ox_term(term: object) -> str | None:
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        return _plain(term.value, term.datatype.value)
    return term.value  # type: ignore[attr-defined]


def _from_rdflib(result: rdflib.query.Result) -> QueryResult:
    if result.type == "ASK":
        return QueryResult(boolean=bool(result.askAnswer))
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        assert result.graph is not None
        return QueryResult(triples=tuple(sorted((str(s), str(p), _rdflib_term(o) or "")
                                                for s, p, o in result.graph)))
    variables = tuple(str(v) for v in result.vars or ())
    rows = tuple(tuple(_rdflib_term(v) for v in row) for row in result)  # type: ignore[union-attr]
    return QueryResult(variables=variables, rows=rows)


def _from_oxigraph(result: object) -> QueryResult:
    if isinstance(result, ox.QueryBoolean):
        return QueryResult(boolean=bool(result))
    if isinstance(result, ox.QueryTriples):
        return QueryResult(triples=tuple(sorted((t.subject.value, t.predicate.value, _ox_term(t.object) or "")
                                                for t in result)))
    assert isinstance(result, ox.QuerySolutions)
    variables = tuple(v.value for v in result.variables)
    rows = tuple(tuple(_ox_term(term) for term in solution) for solution in result)
    return QueryResult(variables=variables, rows=rows)


def push_graph_store(ntriples: Path, endpoint: str, *, graph_iri: str | None = None,
                     replace: bool = True, timeout: float = 60.0) -> int:
    """Send an N-Triples file to a SPARQL 1.1 Graph Store Protocol endpoint; returns the HTTP status.

    `replace` uses PUT (the graph becomes exactly this file), else POST (triples are merged).
    The target is the default graph unless `graph_iri` names one.  The file is parsed whole
    first (streamed, nothing kept), so bytes that are not N-Triples never replace a graph; the
    body is streamed from disk.  Only http(s) endpoints; every failure of the connection — a
    refusal, a reset, a server silent for `timeout` seconds — is one QueryError naming it.
    """
    parts = urllib.parse.urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"{endpoint!r} is not an http(s) URL", hint="give the Graph Store's URL, e.g. "
                          "http://host:7878/store")
    check_ntriples(ntriples)
    query = {"graph": graph_iri} if graph_iri else {"default": ""}
    url = f"{endpoint}{'&' if '?' in endpoint else '?'}{urllib.parse.urlencode(query)}"
    size = ntriples.stat().st_size
    with ntriples.open("rb") as body:
        request = urllib.request.Request(url, data=body, method="PUT" if replace else "POST", headers={
            "Content-Type": NTRIPLES_MEDIA_TYPE, "Content-Length": str(size)})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                status = int(response.status)
        except urllib.error.HTTPError as exc:
            raise QueryError(f"the Graph Store at {endpoint} refused the graph: HTTP {exc.code} {exc.reason}",
                             hint="check the endpoint URL and that it accepts application/n-triples") from exc
        except urllib.error.URLError as exc:
            raise QueryError(f"cannot reach the Graph Store at {endpoint}: {exc.reason}") from exc
        except TimeoutError as exc:
            raise QueryError(f"the Graph Store at {endpoint} did not answer within {timeout:g} s",
                             hint="the remote graph may or may not have been replaced; push again") from exc
        except (OSError, http.client.HTTPException) as exc:  # a reset, a closed connection, a garbled answer
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else (str(exc) or type(exc).__name__)
            raise QueryError(f"the connection to the Graph Store at {endpoint} failed: {reason}",
                             hint="the remote graph may or may not have been replaced; push again") from exc
    log.info("pushed %d bytes of N-Triples to %s (HTTP %d)", size, url, status)
    return status


def check_ntriples(path: Path) -> None:
    """Parse `path` as N-Triples (streamed by Oxigraph's parser); an InputError naming the line if it is not."""
    try:
        for _ in ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES):
            pass
    except SyntaxError as exc:
        raise InputError(f"not N-Triples, nothing pushed: {exc.msg if hasattr(exc, 'msg') else exc}",
                         locator=path.name, hint="push the graph.nt that build writes") from exc

