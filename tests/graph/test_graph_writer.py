"""The streaming graph writer: records read once from a generator give the same graph as
`linked.records`; N-Triples escaping round-trips through rdflib and Oxigraph; a failure
mid-write leaves the old files."""
from __future__ import annotations

import dataclasses
import json
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

import pipeline.graph as graph_stage
from pipeline.graph import build_graph, write_graph_files
from pipeline.graph.build import _dec
from pipeline.graph.ntriples import format_iri, format_literal, ntriples_lines
from pipeline.graph.vocab import XSD, doc_iri
from pipeline.records import Record

EX = "https://policykg.example.org/"


def _records_from_disk(linked, folder: Path):
    """What the runner hands over at scale: records written out, then read back one at a time."""
    for n, record in enumerate(linked.records):
        (folder / f"{n}.json").write_text(json.dumps(record.to_dict(), ensure_ascii=False), encoding="utf-8")
    for n in range(len(linked.records)):
        yield Record.from_dict(json.loads((folder / f"{n}.json").read_text(encoding="utf-8")))


def _assert_same(a: Graph, b: Graph) -> None:
    if not isomorphic(a, b):
        _, only_a, only_b = graph_diff(to_isomorphic(a), to_isomorphic(b))
        pytest.fail(f"graphs differ:\n{only_a.serialize(format='nt')}\n---\n{only_b.serialize(format='nt')}")


def test_streamed_records_give_the_same_graph(seed_linked, tmp_path):
    write_graph_files(seed_linked, tmp_path / "held")
    stream = tmp_path / "records"
    stream.mkdir()
    without = dataclasses.replace(seed_linked, records=())  # the runner drops them after link
    write_graph_files(without, tmp_path / "streamed", records=_records_from_disk(seed_linked, stream))
    held = (tmp_path / "held" / "graph.nt").read_text(encoding="utf-8").splitlines()
    streamed = (tmp_path / "streamed" / "graph.nt").read_text(encoding="utf-8").splitlines()
    assert sorted(held) == sorted(streamed)
    assert len(streamed) == len(set(streamed))  # each triple written once


def test_files_and_build_graph_hold_the_same_triples(seed_linked, seed_graph_file):
    nt = Graph().parse(seed_graph_file.with_suffix(".nt"), format="nt")
    ttl = Graph().parse(seed_graph_file, format="turtle")
    built = build_graph(seed_linked)
    _assert_same(nt, built)
    _assert_same(ttl, built)
    # Oxigraph's strict parsers (IRIs validated) accept both files
    for path, fmt in ((seed_graph_file.with_suffix(".nt"), ox.RdfFormat.N_TRIPLES), (seed_graph_file, ox.RdfFormat.TURTLE)):
        assert sum(1 for _ in ox.parse(path=path, format=fmt)) == len(built)


def test_turtle_uses_the_project_prefixes(seed_graph_file):
    head = seed_graph_file.read_text(encoding="utf-8")[:2000]
    for prefix in ("eli", "pkg", "xsd"):
        assert f"@prefix {prefix}: " in head
    assert "eli:LegalResource" in head


def _parse_line(line: str) -> tuple:
    return next(iter(Graph().parse(data=line, format="nt")))


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_literal_escaping_round_trips(text):
    line = f"<{EX}s> <{EX}p> {format_literal(text)} .\n"
    assert "\n" not in line[:-1] and "\r" not in line
    assert _parse_line(line)[2] == Literal(text)
    (quad,) = list(ox.parse(input=line.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))
    assert quad.object.value == text


@settings(max_examples=100, deadline=None)
@given(st.text(), st.sampled_from([f"{EX}ontology#custom", "urn:x-datatype:é"]))
def test_typed_literal_escaping_round_trips(text, datatype):
    # datatypes rdflib does not know, so it keeps the lexical form as written
    line = f"<{EX}s> <{EX}p> {format_literal(text, datatype)} .\n"
    obj = _parse_line(line)[2]
    assert str(obj) == text and obj.datatype == URIRef(datatype)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_document_key_makes_an_iri_that_round_trips(key):
    iri = str(doc_iri(key))
    (s, _, o) = _parse_line(f"{format_iri(iri)} <{EX}p> {format_iri(iri)} .\n")
    assert str(s) == str(o) == iri
    (quad,) = list(ox.parse(input=f"<{iri}> <{EX}p> <{iri}> .\n".encode(), format=ox.RdfFormat.N_TRIPLES))
    assert quad.subject.value == iri


@pytest.mark.parametrize("bad", [f"{EX}a b", f"{EX}a<b", f"{EX}a\nb", f'{EX}a"b', f"{EX}a\\b", f"{EX}{{x}}"])
def test_an_iri_nt_cannot_hold_is_refused(bad):
    with pytest.raises(ValueError, match="is not an IRI"):
        format_iri(bad)
    with pytest.raises(ValueError, match="is not an IRI"):
        list(ntriples_lines([(f"{EX}s", f"{EX}p", bad)]))


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.floats(allow_nan=False, allow_infinity=False), st.integers(-10**20, 10**20)))
def test_decimal_lexical_form_is_canonical(value):
    lexical, datatype = _dec(value)
    number = Decimal(str(value))
    reference = f"{int(number)}.0" if number == number.to_integral_value() else format(number.normalize(), "f")
    assert lexical == reference and datatype == str(XSD.decimal)
    assert "e" not in lexical.lower()


def _failing(records, after: int):
    for n, record in enumerate(records):
        if n == after:
            raise RuntimeError("disk full")
        yield record


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_a_failure_mid_write_leaves_the_old_files(seed_linked, tmp_path):
    write_graph_files(seed_linked, tmp_path)
    before = _snapshot(tmp_path)
    smaller = dataclasses.replace(seed_linked, edges=(), statements=())
    with pytest.raises(RuntimeError, match="disk full"):
        write_graph_files(smaller, tmp_path, records=_failing(seed_linked.records, after=2))
    assert _snapshot(tmp_path) == before  # no temporary file left behind either


def test_a_failure_writing_turtle_leaves_both_old_files(seed_linked, tmp_path, monkeypatch):
    write_graph_files(seed_linked, tmp_path)
    before = _snapshot(tmp_path)

    def broken(ntriples, out):
        out.write(b"@prefix half")
        raise OSError("no space left on device")

    monkeypatch.setattr(graph_stage, "write_turtle", broken)
    with pytest.raises(OSError, match="no space"):
        write_graph_files(dataclasses.replace(seed_linked, edges=()), tmp_path)
    assert _snapshot(tmp_path) == before
