"""Loading the graph and answering SPARQL: one place, so a store can be swapped in.

`load_graph(path)` is the only function that reads a graph file; `run_query` answers a
read-only query (SELECT, ASK, CONSTRUCT, DESCRIBE) within a time limit and refuses updates.
Results are written in the SPARQL 1.1 result formats (JSON, XML, CSV, TSV) and graphs in the
RDF formats (Turtle, N-Triples, RDF/XML, JSON-LD, with the project's prefixes) by
`format_result`.

Two checks guard every engine.  `check_query` reads the query's tokens (linear, no parser):
an update, `SERVICE` and `FROM` are refused before any engine sees the text — this is what
the Oxigraph engine and the endpoint rely on, since Oxigraph federates and its parser reads
`trueSERVICE<…>{…}` as `true SERVICE <…> {…}`.  `refuse_outbound` adds rdflib's parse tree
for rdflib's own engine.  Saved queries (ontology/queries/*.rq) describe their parameters
in their header (`# param ?name : description`); `SavedQuery` reads them and `bind_query`
checks a value against its parameter (a date must be a date, a 文号 is normalised).
"""
from __future__ import annotations

import datetime as dt
import difflib
import io
import json
import re
import threading
from collections.abc import Iterator
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
from ..normalize import normalize_doc_number, normalize_order_number, parse_date
from .vocab import PREFIXES

__all__ = [
    "DEFAULT_TIMEOUT_S",
    "Param",
    "QueryResult",
    "SavedQuery",
    "apply_bindings",
    "bind_query",
    "check_query",
    "format_result",
    "load_graph",
    "prepare",
    "query_form",
    "read_query",
    "refuse_outbound",
    "resolve_query",
    "run_query",
    "saved_queries",
    "saved_query",
]

DEFAULT_TIMEOUT_S = 30.0
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


# ---------------------------------------------------------------- tokens: updates, SERVICE, FROM

# One token per match, in SPARQL's own lexical terms.  Strings, IRIs, comments and variables
# are whole tokens, so a word inside them is never read as a keyword.  A prefixed name takes
# its local part's escapes (`ex:a\#b` is a name, not the start of a comment).
_TOKEN_RE = re.compile(r"""
    (?P<comment>\#[^\r\n]*)
  | (?P<string>\"\"\"(?:[^"\\]++|\\.|"(?!""))*+\"\"\"
      | '''(?:[^'\\]++|\\.|'(?!''))*+'''
      | "(?:[^"\\\r\n]++|\\.)*+"
      | '(?:[^'\\\r\n]++|\\.)*+')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*+>)
  | (?P<var>[?$]\w++)
  | (?P<pname>(?:[^\W\d][\w\-.]*+)?:(?:[\w\-.:%]++|\\[_~.\-!$&'()*+,;=/?\#@%])*+)
  | (?P<word>\w++)
  | (?P<space>\s++)
  | (?P<other>.)
""", re.VERBOSE | re.DOTALL)
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_UPDATE_WORDS = ("insert", "delete", "load", "clear", "create", "drop", "copy", "move", "add", "with")
_QUERY_WORDS = ("select", "construct", "describe", "ask")
# Oxigraph matches keywords without word boundaries (`trueSERVICE`, `SERVICESILENT`, `ASKFROM`
# all parse), so a word or a prefix holding one of these anywhere is refused
_OUTBOUND_WORDS = {"service": "SERVICE", "from": "FROM / FROM NAMED"}


def _tokens(query: str) -> Iterator[tuple[str, str]]:
    for m in _TOKEN_RE.finditer(query):
        kind = m.lastgroup or "other"
        if kind not in ("space", "comment"):
            yield kind, m.group()


def query_form(query: str) -> str | None:
    """SELECT | ASK | CONSTRUCT | DESCRIBE, UPDATE for an update, None when the text starts
    with neither (a syntax error the engine reports).  Read from the first keyword after the
    prologue (BASE / PREFIX declarations)."""
    for kind, text in _tokens(query):
        if kind == "word":
            low = text.translate(_ASCII_LOWER)
            if low in ("base", "prefix"):
                continue
            for word in _QUERY_WORDS:
                if low.startswith(word):
                    return word.upper()
            for word in _UPDATE_WORDS:
                if low.startswith(word):
                    return "UPDATE"
            return None
        if kind in ("iri", "pname"):  # the arguments of BASE and PREFIX
            continue
        return None
    return None


def _outbound_token(query: str) -> str | None:
    if not any(w in query.translate(_ASCII_LOWER) for w in _OUTBOUND_WORDS):  # the common case: one pass in C
        return None
    for kind, text in _tokens(query):
        if kind == "word":
            word = text
        elif kind == "pname":
            word = text.partition(":")[0]  # a local name is one token to every parser
        else:
            continue
        low = word.translate(_ASCII_LOWER)
        for key, what in _OUTBOUND_WORDS.items():
            if key in low:
                return what
    return None


def check_query(query: str) -> str | None:
    """The checks every engine gets before it sees a query: not empty, not an update, no
    SERVICE or FROM (read from the tokens, so any engine's parser is covered).  Returns the
    query form (`query_form`).  Linear in the text."""
    if not query.strip():
        raise QueryError("empty query", hint="give SPARQL text, a .rq file or a saved query's name")
    form = query_form(query)
    if form == "UPDATE":
        raise QueryError("SPARQL Update is refused: this endpoint and tool are read-only")
    found = _outbound_token(query)
    if found is not None:
        raise QueryError(f"{found} is refused: queries run on this graph only and never "
                         "reach another address or a file", hint="query the graph itself; fetch other data yourself")
    return form


# ---------------------------------------------------------------- saved queries and parameters

@dataclass(frozen=True)
class Param:
    """A saved query's parameter: `kind` is date | doc_number | iri | text."""

    name: str
    kind: str
    default: str
    description: str


@dataclass(frozen=True)
class SavedQuery:
    name: str
    path: Path
    description: str
    params: tuple[Param, ...]

    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")


def saved_queries() -> dict[str, Path]:
    """The saved queries in ontology/queries, by name (file stem)."""
    return {p.stem: p for p in sorted(config.QUERIES_DIR.glob("*.rq"))}


_PARAM_LINE = re.compile(r"^#\s*param\s+[?$](?P<name>\w+)\s*:\s*(?P<desc>.*)$")
_VALUES_RE = r"VALUES\s+\?{name}\s*\{{\s*(?P<old>[^}}]*?)\s*\}}"


def query_params(text: str) -> tuple[str, tuple[Param, ...]]:
    """A query's description (its first header comment) and its parameters, from the header
    (`# param ?name : description`) and each one's `VALUES ?name { default }`."""
    described: dict[str, str] = {}
    lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        m = _PARAM_LINE.match(line)
        if m:
            described[m.group("name")] = m.group("desc").strip()
        elif not described:
            lines.append(line.lstrip("#").strip())
    description = " ".join(lines).split(". ")[0].strip().rstrip(".:") if lines else ""
    params = []
    for name, desc in described.items():
        m = re.search(_VALUES_RE.format(name=re.escape(name)), text)
        default = m.group("old") if m else ""
        if "xsd:date" in default or "XMLSchema#date" in default or "xsd:date" in desc:
            kind = "date"
        elif "文号" in desc:
            kind = "doc_number"
        elif default.startswith("<"):
            kind = "iri"
        else:
            kind = "text"
        value = default[1:-1] if default.startswith("<") else default.split("^^")[0].strip('"')
        params.append(Param(name, kind, value, desc))
    return description, tuple(params)


def saved_query(name: str) -> SavedQuery:
    """A saved query by name; a name that is none of them is a usage error naming the closest."""
    saved = saved_queries()
    if name not in saved:
        close = difflib.get_close_matches(name, saved, n=2, cutoff=0.5)
        hint = (f"did you mean {' or '.join(close)}? " if close else "") + "`policykg query --list` names them"
        raise ConfigError(f"no saved query {name!r}", hint=hint)
    description, params = query_params(saved[name].read_text(encoding="utf-8"))
    return SavedQuery(name, saved[name], description, params)


_NAME_RE = re.compile(r"[A-Za-z_][\w\-]{0,80}")


def resolve_query(text_or_path: str) -> tuple[str, str | None]:
    """QUERY as given to `policykg query`: SPARQL text, a path to a .rq file, or the name of a
    saved query.  Returns the text and the saved query's name (None otherwise).  A bare word
    that names no saved query and no file is a misspelt name, not SPARQL."""
    candidate = Path(text_or_path)
    if text_or_path.endswith(".rq") or (len(text_or_path) < 200 and "\n" not in text_or_path
                                        and candidate.is_file()):
        if not candidate.is_file():
            raise QueryError(f"query file {text_or_path} not found")
        return candidate.read_text(encoding="utf-8"), None
    if _NAME_RE.fullmatch(text_or_path):
        return saved_query(text_or_path).text(), text_or_path
    return text_or_path, None


def read_query(text_or_path: str) -> str:
    """QUERY may be SPARQL text, a path to a .rq file, or the name of a saved query."""
    return resolve_query(text_or_path)[0]


def check_value(param: Param, value: str) -> str:
    """A parameter's value, checked and normalised for its kind; a bad one is a one-line error."""
    value = value.strip()
    if param.kind == "date":
        day: str | None = None
        if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", value):
            try:
                day = dt.date(*map(int, value.split("-"))).isoformat()
            except ValueError:
                day = None
        elif re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", value):
            day = parse_date(value)
        if day is None:
            raise ConfigError(f"{param.name}={value!r} is not a date", hint="write YYYY-MM-DD, e.g. 2024-06-01")
        return day
    if param.kind == "doc_number":
        number = normalize_doc_number(value, strip_lead_ins=False) or normalize_order_number(value)
        if number is None:
            raise ConfigError(f"{param.name}={value!r} is not a 文号",
                              hint="write the document number, e.g. 苏政办发〔2021〕109号")
        return number
    if param.kind == "iri":
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.\-]*:[^<>\"{}|^`\\\x00-\x20]*", value):
            raise ConfigError(f"{param.name}={value!r} is not an IRI", hint="write a full IRI, e.g. https://…")
        return value
    if not value:
        raise ConfigError(f"{param.name} is empty", hint="give the text to look for")
    if len(value) > 1000:
        raise ConfigError(f"{param.name} is longer than 1,000 characters")
    return value


def bind_query(query: str, bindings: dict[str, str]) -> str:
    """Set a query's parameters, each value checked for its parameter's kind (`check_value`);
    a name the query does not declare is a usage error listing the ones it does."""
    if not bindings:
        return query
    _, params = query_params(query)
    declared = {p.name: p for p in params}
    checked = {}
    for name, value in bindings.items():
        param = declared.get(name)
        if param is None and not re.search(_VALUES_RE.format(name=re.escape(name)), query):
            names = ", ".join(declared) or "none"
            raise ConfigError(f"the query has no parameter {name!r}", hint=f"its parameters: {names}")
        checked[name] = check_value(param, value) if param else value
    return apply_bindings(query, checked)


def apply_bindings(query: str, bindings: dict[str, str]) -> str:
    """Set a saved query's parameters: `VALUES ?date { "2024-06-01"^^xsd:date }` gets a new value.

    The new value keeps the datatype of the default (a typed literal, an IRI or a string),
    so the query stays plain SPARQL that any store runs.  Values are not checked here
    (`bind_query` checks them).
    """
    for name, value in bindings.items():
        pattern = re.compile(_VALUES_RE.format(name=re.escape(name)))
        m = pattern.search(query)
        if not m:
            raise ConfigError(f"the query has no `VALUES ?{name} {{ … }}` to bind",
                              hint="saved queries list their parameters in their header comments")
        old = m.group("old")
        escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
        if old.startswith("<"):
            new = f"<{value}>"
        elif "^^" in old:
            new = f'"{escaped}"^^{old.split("^^", 1)[1]}'
        else:
            new = f'"{escaped}"'
        query = query[:m.start("old")] + new + query[m.end("old"):]
    return query


# ---------------------------------------------------------------- running a query

def prepare(query: str) -> Any:
    """Parse a query with rdflib; an update, a syntax error or a query that would reach out of
    the graph (`refuse_outbound`) is a QueryError with the reason."""
    check_query(query)
    try:
        prepared = prepareQuery(query, initNs=PREFIXES)
    except Exception as exc:  # pyparsing's ParseException and rdflib's errors: report, do not hide
        if _is_update(query):
            raise QueryError("SPARQL Update is refused: this endpoint and tool are read-only") from exc
        raise QueryError(f"malformed query: {_short(exc)}") from exc
    refuse_outbound(query)
    return prepared


# parse-tree nodes that make an engine fetch something other than the graph it was given:
# SERVICE (federation: an HTTP request to any address, or a file), FROM / FROM NAMED
# (rdflib loads the named IRI — a URL or a local file — into the dataset)
_OUTBOUND = {"ServiceGraphPattern": "SERVICE", "DatasetClause": "FROM / FROM NAMED"}


def refuse_outbound(query: str) -> None:
    """Raise QueryError when `query` would make the engine reach the network or the file system.

    Checked on the tokens (`check_query`: any engine) and on rdflib's parse tree, so a comment
    or a string holding `SERVICE` is no reason to refuse and no spelling (lower case,
    `SILENT`, nested in OPTIONAL, glued to the word before it) gets through.
    """
    check_query(query)
    try:
        tree = parseQuery(query)
    except Exception as exc:  # the caller's own parser reports the syntax error in its words
        raise QueryError(f"malformed query: {_short(exc)}") from exc
    found = _first_node(tree, set(_OUTBOUND))
    if found is not None:
        raise QueryError(f"{_OUTBOUND[found]} is refused: queries run on this graph only and never "
                         "reach another address or a file", hint="query the graph itself; fetch other data yourself")


def _short(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:300]


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


def _native(graph: Graph) -> bool:
    """True when the graph's store runs SPARQL itself (Oxigraph through oxrdflib)."""
    try:
        from oxrdflib import OxigraphStore
    except ImportError:  # pragma: no cover - a dependency
        return False
    return isinstance(graph.store, OxigraphStore)


def run_query(graph: Graph, query: str, timeout: float | None = None) -> QueryResult:
    """Answer a read-only query over `graph`, within `timeout` seconds (None: no limit).

    On Oxigraph (oxrdflib) the text goes to Oxigraph's engine unparsed by rdflib, so any
    SPARQL 1.1 query Oxigraph reads is answered; in memory rdflib parses and evaluates it.
    A query over its time is a QueryError; the engine's thread is left to finish on its own
    (Oxigraph's cannot be stopped from Python), which is why the endpoint runs queries in
    processes it can stop.
    """
    native = _native(graph)
    if native:
        check_query(query)  # Oxigraph's own parser reads the text and names any syntax error
        prepared: Any = query
    else:
        prepared = prepare(query)
    if timeout is None:
        return _evaluate(graph, prepared, native)
    box: dict[str, Any] = {}

    def work() -> None:
        try:
            box["result"] = _evaluate(graph, prepared, native)
        except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread
            box["error"] = exc

    worker = threading.Thread(target=work, name="policykg-query", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise QueryError(f"query timed out after {timeout:g} s", hint="narrow the query or raise --timeout")
    if "error" in box:
        raise box["error"]
    return box["result"]  # type: ignore[no-any-return]


_XSD_STRING = URIRef("http://www.w3.org/2001/XMLSchema#string")


def _evaluate(graph: Graph, prepared: Any, native: bool) -> QueryResult:
    try:
        result = graph.query(prepared)
        if result.type == "ASK":
            return QueryResult("ASK", [], [], boolean=bool(result.askAnswer))
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            assert result.graph is not None
            out = Graph()
            for prefix, ns in PREFIXES.items():
                out.bind(prefix, ns, override=True)
            for s, p, o in result.graph:  # Oxigraph types every plain string: written plain again
                if isinstance(o, Literal) and o.datatype == _XSD_STRING:
                    o = Literal(str(o))
                out.add((s, p, o))
            return QueryResult(result.type, [], [], graph=out)
        variables = [str(v) for v in result.vars or []]
        rows = [[row[i] if i < len(row) else None for i in range(len(variables))]  # type: ignore[index, arg-type]
                for row in result]
    except QueryError:
        raise
    except SyntaxError as exc:  # Oxigraph's parser
        raise QueryError(f"malformed query: {_short(exc)}") from exc
    except Exception as exc:  # evaluation errors (bad function arguments, …) are query problems
        if not native and str(exc).startswith(_RDFLIB_CANNOT):  # a SPARQL 1.1 form rdflib's engine lacks
            raise QueryError("query failed: rdflib's engine cannot evaluate this valid SPARQL 1.1 query "
                             "(a pattern inside an expression, e.g. EXISTS in the projection)",
                             hint="run it on the Oxigraph store: --store oxigraph, the default") from exc
        raise QueryError(f"query failed: {_short(exc)}") from exc
    return QueryResult("SELECT", variables, rows)


_RDFLIB_CANNOT = "What do I do with this CompValue?"  # rdflib's algebra on a form it has no rule for


# ---------------------------------------------------------------- result formats

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


def _xml_results(result: QueryResult) -> str:
    from xml.sax.saxutils import escape, quoteattr

    parts = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "<head>"]
    parts += [f"<variable name={quoteattr(v)}/>" for v in result.variables]
    parts.append("</head>")
    if result.kind == "ASK":
        parts.append(f"<boolean>{'true' if result.boolean else 'false'}</boolean></sparql>\n")
        return "".join(parts)
    parts.append("<results>")
    for row in result.rows:
        parts.append("<result>")
        for var, term in zip(result.variables, row):
            if term is None:
                continue
            if isinstance(term, URIRef):
                body = f"<uri>{escape(str(term))}</uri>"
            elif isinstance(term, BNode):
                body = f"<bnode>{escape(str(term))}</bnode>"
            else:
                attrs = ""
                if isinstance(term, Literal) and term.language:
                    attrs = f" xml:lang={quoteattr(term.language)}"
                elif isinstance(term, Literal) and term.datatype:
                    attrs = f" datatype={quoteattr(str(term.datatype))}"
                body = f"<literal{attrs}>{escape(str(term))}</literal>"
            parts.append(f"<binding name={quoteattr(var)}>{body}</binding>")
        parts.append("</result>")
    parts.append("</results></sparql>\n")
    return "".join(parts)


GRAPH_FORMATS = {"ttl": "turtle", "turtle": "turtle", "nt": "nt", "rdfxml": "pretty-xml", "jsonld": "json-ld"}
RESULT_FORMATS = ("json", "xml", "csv", "tsv")


def _csv_cell(term: Any) -> str:
    if isinstance(term, Literal) and term.datatype is not None:
        from .store import _plain

        return _plain(str(term), str(term.datatype))
    return str(term)


def format_result(result: QueryResult, fmt: str) -> str:
    """SELECT/ASK: `json` (SPARQL 1.1 Query Results JSON), `xml`, `csv`, `tsv`.  CONSTRUCT /
    DESCRIBE: `ttl`, `nt`, `rdfxml`, `jsonld` with the project's prefixes (eli:, pkg:, …);
    a results format asked of a graph gives Turtle (json, xml) or N-Triples (csv, tsv)."""
    if result.graph is not None:
        graph = result.graph
        for prefix, ns in PREFIXES.items():
            graph.bind(prefix, ns, override=True)
        name = GRAPH_FORMATS.get(fmt) or ("nt" if fmt in ("csv", "tsv") else "turtle")
        if name == "json-ld":
            return graph.serialize(format="json-ld", context={p: str(ns) for p, ns in PREFIXES.items()})
        return graph.serialize(format=name)
    if fmt == "json":
        if result.kind == "ASK":
            return json.dumps({"head": {}, "boolean": result.boolean}, ensure_ascii=False)
        bindings = [{v: _term_json(t) for v, t in zip(result.variables, row) if t is not None}
                    for row in result.rows]
        return json.dumps({"head": {"vars": result.variables}, "results": {"bindings": bindings}},
                          ensure_ascii=False, sort_keys=True)
    if fmt == "xml":
        return _xml_results(result)
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
        for row in result.rows:  # numbers in canonical form, as Oxigraph writes them (not rdflib's 100000.0)
            writer.writerow(["" if t is None else _csv_cell(t) for t in row])
        return buf.getvalue()
    raise ConfigError(f"unknown result format {fmt!r}", hint="use json, xml, csv or tsv")
