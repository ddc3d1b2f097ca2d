"""Triples as plain data, written as N-Triples lines without building a graph.

A triple is `(subject, predicate, object)`: the subject and predicate are IRIs (plain `str`;
rdflib's `URIRef` is one), the object an IRI or a literal, a plain `(lexical, datatype)`
tuple (`Lit`; datatype None for a plain string) — a tuple because a corpus makes millions
of them and a NamedTuple costs fifty times more to make.  The graph stage yields these one
record at a time, so a corpus of any size streams to disk in flat memory; `to_rdflib` turns
the same triples into an rdflib graph for small uses.

Literals are written in canonical N-Triples form (RDF 1.1 §4): `"` `\\` LF and CR as ECHAR,
the other control characters as `\\uXXXX`, everything else — Chinese included — as UTF-8.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Protocol

from rdflib import Graph, Literal, URIRef

__all__ = ["Lit", "Triple", "format_iri", "format_literal", "ntriples_lines", "to_rdflib", "write_ntriples"]


Lit = tuple[str, "str | None"]  # (lexical form, datatype IRI or None)
Triple = tuple[str, str, "str | Lit"]

_ECHAR = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r"}
# control characters other than tab are written as UCHAR: a raw one is legal but breaks tools
_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x08\x0a-\x1f\x7f]')
# IRIREF excludes these outright; an IRI holding one is a minting bug, never data to escape
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def _escape_char(match: re.Match[str]) -> str:
    ch = match.group()
    return _ECHAR.get(ch) or f"\\u{ord(ch):04X}"


def format_iri(iri: str) -> str:
    """`<iri>`; an IRI with a character IRIREF forbids raises ValueError."""
    bad = _NOT_IN_IRI.search(iri)
    if bad:
        raise ValueError(f"{iri!r} is not an IRI: {bad.group()!r} at {bad.start()}")
    return f"<{iri}>"


def format_literal(lexical: str, datatype: str | None = None) -> str:
    """`"lexical"` or `"lexical"^^<datatype>`, escaped for N-Triples."""
    if _NEEDS_ESCAPE.search(lexical):
        lexical = _NEEDS_ESCAPE.sub(_escape_char, lexical)
    return f'"{lexical}"' if datatype is None else f'"{lexical}"^^{format_iri(datatype)}'


def ntriples_lines(triples: Iterable[Triple]) -> Iterator[str]:
    """One N-Triples line (with its newline) per triple."""
    # format_iri and format_literal inlined, and the few predicates and datatypes formatted
    # once: this loop runs for every triple of the corpus
    predicates: dict[str, str] = {}
    datatypes: dict[str | None, str] = {None: ""}
    needs_escape, not_in_iri, escape_char = _NEEDS_ESCAPE.search, _NOT_IN_IRI.search, _escape_char
    last_subject, subject_text = None, ""
    for s, p, o in triples:
        if s != last_subject:  # a node's triples come together, so its IRI is checked once
            last_subject, subject_text = s, format_iri(s)
        pred = predicates.get(p)
        if pred is None:
            pred = predicates[p] = format_iri(p)
        if o.__class__ is tuple:
            text, datatype = o
            if needs_escape(text):
                text = _NEEDS_ESCAPE.sub(escape_char, text)
            suffix = datatypes.get(datatype)
            if suffix is None:
                assert datatype is not None  # None is in the table from the start
                suffix = datatypes[datatype] = "^^" + format_iri(datatype)
            yield f'{subject_text} {pred} "{text}"{suffix} .\n'
        elif not_in_iri(o):  # type: ignore[arg-type]
            format_iri(o)  # type: ignore[arg-type]  # raises, naming the character
        else:
            yield f"{subject_text} {pred} <{o}> .\n"


class ByteSink(Protocol):
    def write(self, data: bytes, /) -> object: ...


def write_ntriples(triples: Iterable[Triple], out: ByteSink, *, batch: int = 4096) -> int:
    """Write the triples to a binary file as N-Triples; returns how many lines were written."""
    count, pending = 0, []
    for line in ntriples_lines(triples):
        pending.append(line)
        if len(pending) >= batch:
            out.write("".join(pending).encode("utf-8"))
            count += len(pending)
            pending.clear()
    out.write("".join(pending).encode("utf-8"))
    return count + len(pending)


def to_rdflib(triples: Iterable[Triple], graph: Graph | None = None) -> Graph:
    """The triples added to an rdflib graph (a new one unless `graph` is given)."""
    g = graph if graph is not None else Graph()
    for s, p, o in triples:
        if isinstance(o, tuple):
            lexical, datatype = o
            g.add((URIRef(s), URIRef(p), Literal(lexical, datatype=URIRef(datatype) if datatype else None)))
        else:
            g.add((URIRef(s), URIRef(p), URIRef(o)))
    return g
