"""What keeps link linear: provision chains, blocked title lookup, cheap acyclicity, views.

Each shortcut is checked against the plain algorithm it replaces, so a faster link can
never be a different link.
"""
from __future__ import annotations

import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.link import link_corpus, link_views, view_of
from pipeline.link.stated import _SENTENCE_END, sentence_at
from pipeline.link.titles import TitleIndex, best_match, score
from pipeline.records import LineageEdge

sys.path.insert(0, str(Path(__file__).parent))
from linkhelpers import award, make_record

YZ = "扬州市工业和信息化局"


def _version(year: int, amount: int, name: str):
    return make_record(f"对获评省级智能工厂的企业给予最高{amount // 10000}万元奖励。",
                       doc_number=f"扬工信规〔{year}〕1号", issuer=YZ, name=name, issue_date=f"{year}-03-01",
                       awards=(award("省级智能工厂", amount),))


def test_a_provision_links_to_its_latest_earlier_version_only():
    """Three versions make a chain 2024 → 2022 → 2020, not also 2024 → 2020."""
    linked = link_corpus([_version(2020, 300000, "a.txt"), _version(2022, 500000, "b.txt"),
                          _version(2024, 800000, "c.txt")])
    chain = sorted((e.source, e.target, dict(e.details)["before"], dict(e.details)["after"])
                   for e in linked.edges if e.kind == "provision")
    assert chain == [("扬工信规〔2022〕1号", "扬工信规〔2020〕1号", "300000", "500000"),
                     ("扬工信规〔2024〕1号", "扬工信规〔2022〕1号", "500000", "800000")]
    assert all(e.source_award == 0 and e.target_award == 0 for e in linked.edges if e.kind == "provision")


def test_same_day_versions_are_not_ordered():
    a, b = _version(2022, 300000, "a.txt"), _version(2022, 500000, "b.txt")
    b = make_record(b.text, doc_number="扬工信规〔2022〕2号", issuer=YZ, name="b.txt", issue_date="2022-03-01",
                    awards=(award("省级智能工厂", 500000),))
    assert not [e for e in link_corpus([a, b]).edges if e.kind == "provision"]


def _brute_best(keys, titles, threshold):
    """The unblocked search the index replaces: every title of the same scope, scored."""
    best = None
    for key in keys:
        for other in titles:
            if other[0] == key[0]:
                s = score(key[1], other[1])
                if s >= threshold and (best is None or s > best[1]):
                    best = (other, s)
    return best


_WORDS = ["扬州市", "泰州市", "关于", "加快", "推进", "制造业", "智能化", "改造", "实施意见", "2022", "2023", "三年",
          "行动计划", "若干政策", "的", "通知"]
_titles = st.lists(st.sampled_from(_WORDS), min_size=2, max_size=7).map("".join)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["", "扬州市"]), _titles), min_size=1, max_size=25),
       st.tuples(st.sampled_from(["", "扬州市"]), _titles))
def test_blocked_title_lookup_equals_the_full_scan(indexed, query):
    index = TitleIndex()
    for n, key in enumerate(indexed):
        index.add(key, f"doc{n}")
    match, _ = best_match([query], index, 80)
    expected = _brute_best([query], list(dict.fromkeys(indexed)), 80)
    if query in index.exact:
        assert match is not None and match.score == 100
    elif expected is None:
        assert match is None
    else:
        assert match is not None and match.score == expected[1]


@given(st.text(alphabet="ab。；;！？\n", max_size=40), st.data(), st.integers(1, 50))
def test_sentence_at_equals_a_character_scan(text, data, reach):
    """A scan to the nearest sentence end, at most `reach` characters from the mention."""
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    s = start
    while s > 0 and text[s - 1] not in _SENTENCE_END and start - s < reach:
        s -= 1
    e = end
    while e < len(text) and text[e] not in _SENTENCE_END and e - end < reach:
        e += 1
    if e < len(text) and text[e] in _SENTENCE_END and text[e] != "\n":
        e += 1
    assert sentence_at(text, start, end, reach=reach) == (s, e)


def test_evidence_of_a_run_on_text_is_bounded():
    """8,000 citations in one sentence: each edge quotes a bounded excerpt, so the graph stays linear."""
    body = "".join(f"根据《苏州市第{i}号工业发展办法》（苏政办发〔2021〕{i}号），" for i in range(1, 8001)) + "制定本办法。"
    rec = make_record(body, doc_number="苏工信规〔2023〕1号", issuer="苏州市工业和信息化局", name="a.txt",
                      issue_date="2023-01-01")
    linked = link_corpus([rec])
    cites = [e for e in linked.edges if e.kind == "cites"]
    assert len(cites) == 8000
    assert max(len(e.evidence) for e in cites) <= 2 * 200 + 60


def test_views_link_like_records():
    """`link_views` (records on disk) and `link_corpus` (records in memory) give the same links."""
    records = [_version(2020, 300000, "a.txt"), _version(2022, 500000, "b.txt"),
               make_record("根据《关于a.txt的通知》（扬工信规〔2020〕1号）执行。", doc_number="扬政办发〔2023〕5号", issuer=YZ, name="c.txt",
                           issue_date="2023-01-01")]
    texts = {r.source.file: r.text for r in records}
    from_views = link_views([view_of(r) for r in records], lambda v: texts[v.source.file])
    from_records = link_corpus(records)
    assert from_views.edges == from_records.edges and from_views.documents == from_records.documents
    assert from_views.records == () and [r.key for r in from_records.records] == list(from_views.ingested)
    cited = next(r for r in from_records.records if r.source.file == "c.txt")
    assert [ref.resolved for ref in cited.extraction.references] == ["扬工信规〔2020〕1号"]


def test_acyclicity_check_still_drops_a_cycle_through_an_undated_document():
    """Skipping the path search for strictly backward edges must not let a cycle through an
    undated document survive."""
    from pipeline.link.lineage import keep_acyclic

    a = make_record("甲。", doc_number="扬工信规〔2024〕1号", issuer=YZ, name="a.txt", issue_date="2024-01-01")
    b = make_record("乙。", doc_number="扬工信规〔2025〕1号", issuer=YZ, name="b.txt", issue_date="2025-01-01")
    x = make_record("丙。", doc_number="扬工信规〔2000〕9号", issuer=YZ, name="x.txt")  # no date
    edges = [LineageEdge(a.key, x.key, "cites", 1.0, "", None), LineageEdge(x.key, b.key, "cites", 0.9, "", None),
             LineageEdge(b.key, a.key, "cites", 0.8, "", None)]
    kept, warnings = keep_acyclic(edges, [view_of(r) for r in (a, b, x)])
    assert len(kept) == 2 and "closes a cycle" in warnings[0]
