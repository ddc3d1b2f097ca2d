"""Lineage edges spilled to disk as link decides them (pipeline/link/spill.py): read back as they
were, and the graph made from them is the graph of the same edges held in memory.  The inferred
precedence's candidates by issuer are checked against the scan of the whole corpus they replace."""
from __future__ import annotations

import pickle
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from pipeline.graph.build import _link_name, _shared_link_names, graph_triples
from pipeline.io import TupleSpill
from pipeline.link import link_corpus, view_of
from pipeline.link.lineage import _subject_pairs, inferred_precedence
from pipeline.link.provisions import record_date
from pipeline.link.spill import EdgeSpill, SpilledEdges, edge_columns
from pipeline.records import LineageEdge

sys.path.insert(0, str(Path(__file__).parent))
from linkhelpers import award, make_record

YZ, NT = "扬州市工业和信息化局", "南通市科学技术局"


def _edges() -> list[LineageEdge]:
    long = "对新认定的省级专精特新企业给予一次性奖励。" * 40  # longer than a small read-ahead
    return [
        LineageEdge("扬工信规〔2024〕1号", "扬工信规〔2020〕1号", "provision", 0.9, long, 1461, "一", "二",
                    (("rule", "provision/awards"), ("condition", "省级专精特新企业"), ("before", "100000"),
                     ("after", "0.5")), 0, 3),
        LineageEdge("扬工信规〔2024〕1号", "title:扬州|旧办法", "cites", 0.0, "根据《旧办法》制定。", None),
        LineageEdge("sha:abc", "扬工信规〔2020〕1号", "repeals", 1 / 3, "", -2, details=(("start", "7"),)),
    ]


@pytest.mark.parametrize("chunk", [16, 1 << 20])
def test_spilled_edges_read_back_as_they_were(monkeypatch, chunk):
    monkeypatch.setattr(TupleSpill, "CHUNK", chunk)
    edges = _edges()
    spill = EdgeSpill()
    spill.extend(edges * 3)
    kept = spill.keep([0, 2, 4, 5, 7])
    want = [(edges * 3)[i] for i in (0, 2, 4, 5, 7)]
    assert isinstance(kept, SpilledEdges) and len(kept) == 5
    assert list(kept) == want and list(kept) == want  # walked twice: read back each time
    assert kept == tuple(want) and [kept[i] for i in range(5)] == want and kept[1:4] == tuple(want[1:4])
    assert pickle.loads(pickle.dumps(kept)) == tuple(want)  # another process gets a plain tuple
    spilled, walked = edge_columns(kept), edge_columns(tuple(want))
    for name in ("sources", "targets", "kinds", "confidences", "source_awards", "target_awards", "wordings"):
        assert list(getattr(spilled, name)) == list(getattr(walked, name)), name


def test_the_graph_of_spilled_edges_is_the_graph_of_the_edges_in_memory():
    """Two awards of one clause with one condition share a link name (their IRIs then carry the
    award indices): found from the spill's columns as from the edges themselves."""
    records = [make_record("对获评省级智能工厂的企业给予最高30万元奖励；对获评省级智能工厂的企业给予最高10万元奖励。",
                           doc_number=f"扬工信规〔{year}〕1号", issuer=YZ, name=f"{year}.txt",
                           issue_date=f"{year}-03-01",
                           awards=(award("省级智能工厂", 300000 + year), award("省级智能工厂", 100000 + year)))
               for year in (2020, 2022, 2024)]
    linked = link_corpus(records)
    assert isinstance(linked.edges, SpilledEdges)
    assert sum(e.kind == "provision" for e in linked.edges) == 4
    plain = {name for name, n in Counter(map(_link_name, linked.edges)).items() if n > 1}
    assert plain and _shared_link_names(linked.edges) == plain == _shared_link_names(tuple(linked.edges))
    in_memory = replace(linked, edges=tuple(linked.edges))
    assert list(graph_triples(linked)) == list(graph_triples(in_memory))


def _plain_inferred_precedence(statements, records, overlap=0.6):
    """The scan of every document for every clause that the issuer's candidates replace."""
    by_key, out = {r.key: r for r in records}, []
    for clause in statements:
        later = by_key.get(clause.document)
        if clause.kind != "precedence" or clause.targets or later is None or not later.header.issuers:
            continue
        mine = _subject_pairs(later)
        for earlier in records:
            day, before = record_date(later), record_date(earlier)
            if earlier.key == later.key or not (day and before and before < day):
                continue
            if not earlier.header.issuers or earlier.header.issuers[0] != later.header.issuers[0]:
                continue
            theirs = _subject_pairs(earlier)
            if mine and theirs and len(mine & theirs) / max(1, min(len(mine), len(theirs))) >= overlap:
                out.append((later.key, earlier.key))
    return out


def test_inferred_precedence_finds_what_the_whole_scan_finds():
    body = "此前本市出台的相关政策与本办法不一致的，以本办法为准。"
    titles = ["关于支持智能制造发展的若干措施", "关于支持智能制造产业发展的若干政策", "关于加快人才引进的意见"]
    records = [make_record(body if i % 2 else "本办法自印发之日起施行。", doc_number=f"{city}规〔{2018 + i}〕{i + 1}号",
                           issuer=issuer, name=f"{city}{i}.txt", title=titles[i % 3], issue_date=f"{2018 + i}-05-01")
               for city, issuer in (("扬工信", YZ), ("通科", NT)) for i in range(6)]
    views = [view_of(r) for r in records]
    statements = [c for v in views for c in v.statements]
    found = [(e.source, e.target) for e in inferred_precedence(statements, views)]
    assert found and found == _plain_inferred_precedence(statements, views)
