"""Loading the graph and answering SPARQL: one place, so a store can be swapped in.

`load_graph(path)` is the only function that reads a graph file; `run_query` answers a
read-only query (SELECT, ASK, CONSTRUCT, DESCRIBE) and refuses updates.  Results are
written in the SPARQL 1.1 result formats (JSON, CSV, TSV) by `format_result`.
"""
from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pyparsing import ParseException
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from .. import config
from ..errors import ConfigError, QueryError
from .vocab import PREFIXES

__all__ = [
    "QueryResult",
    "apply_bindings",
    "format_result",
    "load_graph",
    "prepare",
    "read_query",
    "refuse_outbound",
    "run_query",
    "saved_queries",
]

_FORMATS = {".ttl": "turtle", ".nt": "nt", ".n3": "n3", ".rdf": "xml", ".xml": "xml", ".jsonld": "json-ld",
            ".trig": "trig", ".nq": "nquads"}


def load_graph(path: str | Path) -> Graph:
    """Read a graph file (Turtle, N-Triples, …, by suffix)."""
    path = Path(path)
    if not path.exists():
        raise QueryError(f"graph file {path} not found", hint="run `policykg build RAW_DIR -o DIR` first")
    fmt = _FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise QueryError(f"cannot tell the RDF format of {path.name}", hint=f"use one of {sorted(_FORMATS)}")
    graph = Graph()
    try:
        graph.parse(path, format=fmt)
    except Exception as exc:  # rdflib raises many parser-specific types; all mean a bad file
        raise QueryError(f"cannot parse {path}: {exc}") from exc
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns)
    return graph


def saved_queries() -> dict[str, Path]:
    """The saved queries in ontology/queries, by name (file stem)."""
    return {p.stem: p for p in sorted(config.QUERIES_DIR.glob("*.rq"))}


def read_query(text_or_path: str) -> str:
    """QUERY may be SPARQL text, a path to a .rq file, or the name of a saved query."""
    candidate = Path(text_or_path)
    if text_or_path.endswith(".rq") or (len(text_or_path) < 200 and candidate.is_file()):
        if not candidate.is_file():
            raise QueryError(f"query file {text_or_path} not found")
        return candidate.read_text(encoding="utf-8")
    saved = saved_queries()
    if text_or_path in saved:
        return saved[text_or_path].read_text(encoding="utf-8")
    return text_or_path


_VALUES_RE = r"VALUES\s+\?{name}\s*\{{\s*(?P<old>[^}}]*?)\s*\}}"


def apply_bindings(query: str, bindings: dict[str, str]) -> str:
    """Set a saved query's parameters: `VALUES ?date { "2024-06-01"^^xsd:date }` gets a new value.

    The new value keeps the datatype of the default (a typed literal, an IRI or a string),
    so the query stays plain SPARQL that any store runs.
    """
    for name, value in bindings.items():
        pattern = re.compile(_VALUES_RE.format(name=re.escape(name)))
        m = pattern.search(query)
        if not m:
            raise ConfigError(f"the query has no `VALUES ?{name} {{ … }}` to bind",
                              hint="saved queries list their parameters in their header comments")
        old = m.group("old")
        escaped = value.replace("\\", "\\\\").replace('"', '\\"')
        if old.startswith("<"):
            new = f"<{value}>"
        elif "^^" in old:
            new = f'"{escaped}"^^{old.split("^^", 1)[1]}'
        else:
            new = f'"{escaped}"'
        query = query[:m.start("old")] + new + query[m.end("old"):]
    return query


def prepare(query: str) -> Any:
    """Parse a query; an update, a syntax error or a query that would reach out of the graph
    (`refuse_outbound`) is a QueryError with the reason."""
    if not query.strip():
        raise QueryError("empty query", hint="give SPARQL text, a .rq file or a saved query's name")
    try:
        prepared = prepareQuery(query, initNs=PREFIXES)
    except Exception as exc:  # pyparsing's ParseException and rdflib's errors: report, do not hide
        if _is_update(query):
            raise QueryError("SPARQL Update is refused: this endpoint and tool are read-only") from exc
        raise QueryError(f"malformed query: {exc}") from exc
    refuse_outbound(query)
    return prepared


# parse-tree nodes that make an engine fetch something other than the graph it was given:
# SERVICE (federation: an HTTP request to any address, or a file), FROM / FROM NAMED
# (rdflib loads the named IRI — a URL or a local file — into the dataset)
_OUTBOUND = {"ServiceGraphPattern": "SERVICE", "DatasetClause": "FROM / FROM NAMED"}


def refuse_outbound(query: str) -> None:
    """Raise QueryError when `query` would make the engine reach the network or the file system.

    Checked on the parse tree, not the text, so a comment or a string holding `SERVICE` is no
    reason to refuse and no spelling (lower case, `SILENT`, nested in OPTIONAL) gets through.
    Every store goes through this: rdflib's engine and Oxigraph's both federate.
    """
    try:
        tree = parseQuery(query)
    except Exception as exc:  # the caller's own parser reports the syntax error in its words
        raise QueryError(f"malformed query: {exc}") from exc
    found = _first_node(tree, set(_OUTBOUND))
    if found is not None:
        raise QueryError(f"{_OUTBOUND[found]} is refused: queries run on this graph only and never "
                         "reach another address or a file", hint="query the graph itself; fetch other data yourself")


def _first_node(node: Any, names: set[str]) -> str | None:
    stack = [node]
    while stack:  # iterative: a deeply nested query must not exhaust the recursion limit
        current = stack.pop()
        if isinstance(current, CompValue):
            if current.name in names:
                return str(current.name)
            stack.extend(current.values())
        elif isinstance(current, (list, tuple)) or hasattr(current, "asList"):
            stack.extend(current)
    return None


def _is_update(query: str) -> bool:
    try:
        parseUpdate(query)
    except ParseException:  # not an update either: the caller reports the query's own parse error
        return False
    return True


@dataclass
class QueryResult:
    kind: str  # SELECT | ASK | CONSTRUCT | DESCRIBE
    variables: list[str]
    rows: list[list[Any]]
    boolean: bool | None = None
    graph: Graph | None = None


def run_query(graph: Graph, query: str) -> QueryResult:
    """Answer a read-only query over `graph`."""
    prepared = prepare(query)
    try:
        result = graph.query(prepared)
    except Exception as exc:  # evaluation errors (bad function arguments, …) are query problems
        raise QueryError(f"query failed: {exc}") from exc
    if result.type == "ASK":
        return QueryResult("ASK", [], [], boolean=bool(result.askAnswer))
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return QueryResult(result.type, [], [], graph=result.graph)
    variables = [str(v) for v in result.vars or []]
    rows = [[row[i] if i < len(row) else None for i in range(len(variables))]  # type: ignore[index, arg-type]
            for row in result]
    return QueryResult("SELECT", variables, rows)


def _term_json(term: Any) -> dict[str, str] | None:
    if term is None:
        return None
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if isinstance(term, Literal) and term.language:
        out["xml:lang"] = term.language
    elif isinstance(term, Literal) and term.datatype:
        out["datatype"] = str(term.datatype)
    return out


def _term_nt(term: Any) -> str:
    return "" if term is None else term.n3()


def format_result(result: QueryResult, fmt: str) -> str:
    """`json` (SPARQL 1.1 Query Results JSON), `csv`, `tsv`; graphs as Turtle or N-Triples."""
    if result.graph is not None:
        return result.graph.serialize(format="nt" if fmt in ("nt", "tsv", "csv") else "turtle")
    if fmt == "json":
        if result.kind == "ASK":
            return json.dumps({"head": {}, "boolean": result.boolean}, ensure_ascii=False)
        bindings = [{v: _term_json(t) for v, t in zip(result.variables, row) if t is not None}
                    for row in result.rows]
        return json.dumps({"head": {"vars": result.variables}, "results": {"bindings": bindings}},
                          ensure_ascii=False, sort_keys=True)
    if result.kind == "ASK":
        return ("true" if result.boolean else "false") + "\n"
    if fmt == "tsv":
        lines = ["\t".join("?" + v for v in result.variables)]
        lines += ["\t".join(_term_nt(t) for t in row) for row in result.rows]
        return "\n".join(lines) + "\n"
    if fmt == "csv":
        import csv
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(result.variables)
        for row in result.rows:
            writer.writerow(["" if t is None else str(t) for t in row])
        return buf.getvalue()
    raise ConfigError(f"unknown result format {fmt!r}", hint="use json, csv or tsv")
