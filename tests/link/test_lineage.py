"""Lineage: duplicates, stated links, provision links, succession, acyclicity, lag and evidence."""
from __future__ import annotations

import dataclasses
import datetime as dt
import sys
from pathlib import Path

import networkx as nx
import pytest

from pipeline.link import lineage_graph, link_corpus
from pipeline.link.provisions import condition_key

sys.path.insert(0, str(Path(__file__).parent))
from linkhelpers import award, make_record

YZ = "扬州市工业和信息化局"


def _edges(linked, kind):
    return [e for e in linked.edges if e.kind == kind]


def test_duplicate_text_and_pdf_is_one_document():
    text = "根据《江苏省甲方案》（苏政发〔2020〕1号），制定本政策。\n" + "".join(
        f"（{n}）对获评第{n}类省级智能工厂的企业给予最高{n * 10}万元奖励，单个企业每年不超过{n * 50}万元。\n"
        for n in range(1, 21))
    a = make_record(text, doc_number="扬工信规〔2023〕4号", issuer=YZ, name="a.txt")
    # the PDF's text: same words, different layout (line breaks, spaces, a page number)
    b = dataclasses.replace(make_record(text.replace("，", "，\n ") + "\n- 2 -", doc_number="扬工信规〔2023〕4号",
                                       issuer=YZ, name="a.pdf", fmt="pdf"))
    linked = link_corpus([a, b])
    assert [r.source.file for r in linked.records] == ["a.txt"]
    assert linked.duplicates == (("a.pdf", "a.txt"),)


def test_same_number_different_text_kept_and_reported():
    a = make_record("甲" * 200, doc_number="扬工信规〔2023〕4号", issuer=YZ, name="a.txt")
    b = make_record("乙" * 200, doc_number="扬工信规〔2023〕4号", issuer=YZ, name="b.txt")
    linked = link_corpus([a, b])
    assert len(linked.records) == 2 and linked.duplicates == ()
    assert any("texts differ" in w for w in linked.warnings)


def test_stated_repeal_precedence_continuation():
    old = make_record("旧办法。", doc_number="扬工信规〔2019〕2号", issuer=YZ, name="old.txt", issue_date="2019-03-01")
    new = make_record("本办法自2024年1月1日起施行，《扬州市旧办法》（扬工信规〔2019〕2号）同时废止。"
                      "此前政策与本办法不一致的，以本办法为准。"
                      "本办法未尽事宜，继续按照《扬州市工业发展意见》（扬发〔2015〕3号）执行。",
                      doc_number="扬工信规〔2024〕1号", issuer=YZ, name="new.txt", issue_date="2023-12-20")
    linked = link_corpus([old, new])
    repeal = _edges(linked, "repeals")
    assert [(e.source, e.target, e.lag_days) for e in repeal] == [
        ("扬工信规〔2024〕1号", "扬工信规〔2019〕2号", (dt.date(2023, 12, 20) - dt.date(2019, 3, 1)).days)]
    assert "同时废止" in repeal[0].evidence
    assert [(e.target) for e in _edges(linked, "continues")] == ["扬发〔2015〕3号"]
    kinds = sorted((s.kind, s.targets) for s in linked.statements)
    assert kinds == [("continuation", ("扬发〔2015〕3号",)), ("precedence", ()),
                     ("repeal", ("扬工信规〔2019〕2号",))]


def test_provision_links_and_succession_same_city_only():
    early = make_record("对获评省级智能工厂的企业给予最高50万元奖励；对新取得软件产品评估证书的企业每个产品1万元。",
                        doc_number="扬工信规〔2021〕1号", issuer=YZ, name="e.txt", issue_date="2021-03-01",
                        effective_from="2021-03-01", effective_to="2023-12-31",
                        awards=(award("省级智能工厂", 500000), award("软件产品评估证书", 10000, per="产品")))
    late = make_record("对获评省级智能工厂的企业给予最高80万元奖励；对规上企业新取得软件产品评估证书的每个产品2万元。",
                       doc_number="扬政办规〔2024〕2号", issuer="扬州市人民政府办公室", name="l.txt",
                       issue_date="2024-03-01", effective_from="2024-04-01",
                       awards=(award("省级智能工厂", 800000), award("规上企业新取得软件产品评估证书", 20000, per="产品")))
    other = make_record("对获评省级智能工厂的企业给予最高30万元奖励。", doc_number="泰工信规〔2022〕1号",
                        issuer="泰州市工业和信息化局", name="o.txt", issue_date="2022-01-01",
                        awards=(award("省级智能工厂", 300000),))
    linked = link_corpus([early, late, other])
    links = sorted((dict(e.details)["before"], dict(e.details)["after"], e.target) for e in _edges(linked, "provision"))
    assert links == [("10000", "20000", "扬工信规〔2021〕1号"), ("500000", "800000", "扬工信规〔2021〕1号")]
    assert all(e.lag_days == 1096 and e.evidence for e in _edges(linked, "provision"))
    assert [(e.source, e.target) for e in _edges(linked, "replaces")] == [("扬政办规〔2024〕2号", "扬工信规〔2021〕1号")]
    assert [(e.source, e.target) for e in _edges(linked, "changes")] == [("扬政办规〔2024〕2号", "扬工信规〔2021〕1号")]
    assert 0 < _edges(linked, "replaces")[0].confidence <= 1


@pytest.mark.parametrize("a, b", [
    ("省级重点工业互联网平台（企业级）", "对被认定为省级重点工业互联网平台(企业级)的企业"),
    ("国家技术创新示范企业", "国家级技术创新示范企业"),
    ("软件产品评估证书", "规上软件与信息服务业企业新取得软件产品评估证书"),
    ("国家级能效“领跑者”", '国家级能效"领跑者"'),
])
def test_condition_keys_agree(a, b):
    assert condition_key(a) == condition_key(b)


@pytest.mark.parametrize("a, b", [
    ("国家级智能工厂", "省级智能工厂"),
    ("省级重点工业互联网平台（企业级）", "省级重点工业互联网平台（行业级）"),
    ("国家级制造业单项冠军", "国家级制造业单项冠军复评通过"),
])
def test_condition_keys_differ(a, b):
    assert condition_key(a) != condition_key(b)


def test_forward_citation_is_dropped_and_reported():
    a = make_record("根据《扬州市后来的办法》（扬工信规〔2024〕9号），制定本政策。", doc_number="扬工信规〔2020〕1号",
                    issuer=YZ, name="a.txt", issue_date="2020-01-01")
    b = make_record("新办法。", doc_number="扬工信规〔2024〕9号", issuer=YZ, name="b.txt", issue_date="2024-01-01")
    linked = link_corpus([a, b])
    assert not _edges(linked, "cites")
    assert any("points forward in time" in w for w in linked.warnings)


def test_seed_lineage_is_acyclic_and_complete(seed_linked):
    graph = lineage_graph(seed_linked)
    assert nx.is_directed_acyclic_graph(nx.DiGraph(graph))
    for edge in seed_linked.edges:
        assert 0 < edge.confidence <= 1 and edge.evidence
        assert edge.lag_days is None or edge.lag_days >= 0


def test_seed_award_history(seed_linked):
    """省级重点工业互联网平台（企业级）10万→20万 and 软件产品评估证书 1万→2万 per product."""
    links = {(condition_key(dict(e.details)["condition"]), e.target, e.source): e
             for e in _edges(seed_linked, "provision")}
    platform = dict(links[(condition_key("省级重点工业互联网平台（企业级）"), "连工信规〔2024〕1号", "连政办规〔2025〕6号")].details)
    assert (platform["before"], platform["after"]) == ("100000", "200000")
    edge = links[(condition_key("软件产品评估证书"), "连工信规〔2024〕1号", "连政办规〔2025〕6号")]
    software = dict(edge.details)
    later = {r.key: r for r in seed_linked.records}[edge.source]
    assert (software["before"], software["after"]) == ("10000", "20000")
    assert later.extraction.awards[edge.source_award].per == "产品"  # the link names the award itself


def test_seed_succession_2025_measures_replace_2022(seed_linked):
    replaces = [(e.source, e.target) for e in _edges(seed_linked, "replaces")]
    assert ("连政办规〔2025〕6号", "连制造强市办〔2022〕11号") in replaces
