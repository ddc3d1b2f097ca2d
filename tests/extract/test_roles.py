"""Roles of money and percent mentions, from the documents' wording and variants."""
from __future__ import annotations

import pytest
from helpers import doc_of

from pipeline.extract import extract_mentions


@pytest.mark.parametrize("text, expected", [
    # max
    ("对经认定的国家智能制造示范工厂给予最高 200 万元奖励。", [("200 万元", "max")]),
    ("对获评省级企业技术中心的企业给予最高不超过50万元奖励。", [("50万元", "max")]),
    ("单个企业年度奖补上限500万元。", [("500万元", "max")]),
    ("单个企业每年最高奖励额度不超过100万元。", [("100万元", "max")]),
    ("每个产品不超过2万元类励(每个企业每年不超过20万元)。", [("2万元", "max"), ("20万元", "max")]),
    ("对被认定为5G全连接工厂的企业给予最高一百万元奖励。", [("一百万元", "max")]),
    # fixed
    ("对获批省级示范智能工厂的奖励150万元。", [("150万元", "fixed")]),
    ("单个机构年服务收入达500万元以上的，一次性奖励１５万元。", [("500万元", "threshold"), ("１５万元", "fixed")]),
    ("分别给予 200 万元和 100 万元的奖励。", [("200 万元", "fixed"), ("100 万元", "fixed")]),
    # threshold
    ("年度有效投入在100万元以上的项目，按不超过12%予以奖励。", [("100万元", "threshold")]),
    ("对项目贷款额超过300万元的项目给予贴息。", [("300万元", "threshold")]),
    ("单个机构年服务收入达300-500万元、工位10人以上的。", [("300-500万元", "threshold")]),
    ("有效投入额 200 万元(不含税)以上的,给予奖补。", [("200 万元", "threshold")]),
    ("购置相关设备超过 100 万元（不含税）的，按照实际设备投资额的 10%进行奖励。", [("100 万元", "threshold")]),
    ("对当年获得省级以上认定的工业互联网跨行业跨领域平台奖励150万元。", [("150万元", "fixed")]),
    # target
    ("到2024年，全县软件业务收入突破50亿元。", [("50亿元", "target")]),
    ("到2025年，全市数字经济核心产业营业收入超过1200亿元。", [("1200亿元", "target")]),
    # other
    ("县财政安排资金3000万元。", [("3000万元", "other")]),
])
def test_money_roles(text: str, expected: list[tuple[str, str]]) -> None:
    ex = extract_mentions(doc_of(text))
    assert [(a.text, a.role) for a in ex.amounts] == expected


@pytest.mark.parametrize("text, expected", [
    ("年度有效投入在100万元以上的项目，按不超过12%予以奖励。", [("12%", "max_rate")]),
    ("按照项目贷款额的2%给予贴息奖励。", [("2%", "rate")]),
    ("给予企业设备购置款5%的奖励。", [("5%", "rate")]),
    ("对企业开展关键核心技术攻关产生的研发费用给予30%补贴。", [("30%", "rate")]),
    ("经核实后按最高不超过学费60%的标准给予补助。", [("60%", "max_rate")]),
    ("视情兑现奖励金额，最高不超过奖励金额的90%。", [("90%", "max_rate")]),
    ("重点企业关键工序数控化率达65%，经营管理数字化普及率超过80%。", [("65%", "target"), ("80%", "target")]),
    ("力争规上企业“上云”率超60%。", [("60%", "target")]),
    ("小微企业完成“智改数转”60%以上。", [("60%", "target")]),
    ("数字化研发设计工具普及率接近 92%。", [("92%", "target")]),
    ("按照项目贷款额的１２％给予贴息奖励。", [("１２％", "rate")]),
    ("给予不超过有效投入额百分之三十的奖补。", [("百分之三十", "max_rate")]),
])
def test_percent_roles(text: str, expected: list[tuple[str, str]]) -> None:
    ex = extract_mentions(doc_of(text))
    assert [(p.text, p.role) for p in ex.percentages] == expected
    assert all(text[p.start:p.end] == p.text for p in ex.percentages)


@pytest.mark.parametrize("text, parties, shares, mention", [
    ("企业奖励资金由市、县（区）按30:70分级承担。", ("市", "县（区）"), (30, 70), "30:70"),
    ("涉及东海县的由市、县(区)按3:7分别承担。", ("市", "县（区）"), (3, 7), "3:7"),
    ("奖励资金由市、区按４０：６０分级承担。", ("市", "区"), (40, 60), "４０：６０"),
    ("奖励资金由县财政与税收归属地政府（园区）分担，双方各承担一半。",
     ("县财政", "税收归属地政府（园区）"), (50, 50), "双方各承担一半"),
])
def test_cost_sharing(text: str, parties: tuple, shares: tuple, mention: str) -> None:
    ex = extract_mentions(doc_of(text))
    assert ex.percentages == () and ex.amounts == ()
    [cs] = ex.cost_sharing
    assert (cs.parties, cs.shares, cs.text, text[cs.start:cs.end]) == (parties, shares, mention, mention)
