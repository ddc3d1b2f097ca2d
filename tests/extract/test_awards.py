"""Awards: conditions paired with grants, 分别 lists split, rate grants, per-unit caps."""
from __future__ import annotations

import logging

import pytest
from helpers import doc_of

from pipeline.extract import extract_mentions


def _awards(text: str) -> list[tuple]:
    return [(a.condition, a.amount, a.amount_role) for a in extract_mentions(doc_of(text)).awards]


@pytest.mark.parametrize("text, expected", [
    ("对经认定的国家、省智能制造示范工厂分别给予最高 200 万元、100 万元奖励。",
     [("国家智能制造示范工厂", 2e6, "max"), ("省智能制造示范工厂", 1e6, "max")]),
    # variant: other numbers, full-width digits, Chinese numerals, no spaces
    ("对经认定的国家、省智能制造示范工厂分别给予最高３００万元、一百五十万元奖励。",
     [("国家智能制造示范工厂", 3e6, "max"), ("省智能制造示范工厂", 1.5e6, "max")]),
    ("对获国家认定的跨行业跨领域工业互联网平台、省级认定的工业互联网标杆工厂和工业电商平台分别给予最高 200 万元、80 万元和 60 万元奖励。",
     [("国家认定的跨行业跨领域工业互联网平台", 2e6, "max"), ("省级认定的工业互联网标杆工厂", 8e5, "max"),
      ("省级认定的工业电商平台", 6e5, "max")]),
    ("对通过两化融合管理体系贯标评定的企业，按照评定分级，对 5A 级、4A 级、3A 级、2A 级、A 级分别给予最高 60 万元、50 万元、40 万元、20 万元、10 万元奖励。",
     [(f"两化融合管理体系贯标评定{g}级", v, "max") for g, v in
      [("5A", 6e5), ("4A", 5e5), ("3A", 4e5), ("2A", 2e5), ("A", 1e5)]]),
    ("对新认定为国家级、省级和南通市级智能车间的企业，分别给予 200 万元、50 万元和 20 万元奖励。",
     [("国家级智能车间", 2e6, "fixed"), ("省级智能车间", 5e5, "fixed"), ("南通市级智能车间", 2e5, "fixed")]),
    # variant: another city
    ("对新认定为国家级、省级和苏州市级智能车间的企业，分别给予 100 万元、30 万元和 10 万元奖励。",
     [("国家级智能车间", 1e6, "fixed"), ("省级智能车间", 3e5, "fixed"), ("苏州市级智能车间", 1e5, "fixed")]),
    ("对获得省级三、四、五级公共服务平台的,分别给予最高不超过10万元、20万元、30万元奖励。",
     [("省级三级公共服务平台", 1e5, "max"), ("省级四级公共服务平台", 2e5, "max"), ("省级五级公共服务平台", 3e5, "max")]),
    ("对获评国家级零碳、近零碳工业园区(工厂)的分别给予最高不超过80万元、60万元奖励。",
     [("国家级零碳工业园区(工厂)", 8e5, "max"), ("国家级近零碳工业园区(工厂)", 6e5, "max")]),
    ("对被评为卓越级和领航级智能工厂的企业,分别给予最高不超过 200 万元和 400 万元奖励。",
     [("卓越级智能工厂", 2e6, "max"), ("领航级智能工厂", 4e6, "max")]),
    ("对当年获省认定的五星级、四星级、三星级“上云”企业分别奖励15万元、8万元、3万元。",
     [("省认定的五星级“上云”企业", 1.5e5, "fixed"), ("省认定的四星级“上云”企业", 8e4, "fixed"),
      ("省认定的三星级“上云”企业", 3e4, "fixed")]),
    ("推动工业信息安全防护星级企业培育，对认定为省级五星级、四星级的企业，分别给予最高 100 万元、60 万元奖励。",
     [("省级五星级工业信息安全防护星级企业", 1e6, "max"), ("省级四星级工业信息安全防护星级企业", 6e5, "max")]),
    ("对获评国家级制造业单项冠军的企业给予最高不超过80万元奖励，复评通过的给予最高不超过15万元奖励。",
     [("国家级制造业单项冠军", 8e5, "max"), ("国家级制造业单项冠军复评通过", 1.5e5, "max")]),
    ("对获评国家级、省级企业技术中心(工业设计中心)的企业分别给予最高不超过50万元、20万元奖励,复评通过的分别给予最高不超过10万元、5万元奖励。",
     [("国家级企业技术中心(工业设计中心)", 5e5, "max"), ("省级企业技术中心(工业设计中心)", 2e5, "max"),
      ("国家级企业技术中心(工业设计中心)复评通过", 1e5, "max"), ("省级企业技术中心(工业设计中心)复评通过", 5e4, "max")]),
    ("对获批省级示范智能车间的奖励40万元、市级示范智能车间的奖励5万元。",
     [("省级示范智能车间", 4e5, "fixed"), ("市级示范智能车间", 5e4, "fixed")]),
    ("对获评市级近零碳工厂的企业分别给予最高不超过20万元奖励。", [("市级近零碳工厂", 2e5, "max")]),
    ("对获评先进级以上智能 工厂并首次通过智能制造能力成熟度认证(CMMM)二级、三级的企业分别给予最高不超过 20 万元、30 万元的一次性奖励。",
     [("获评先进级以上智能工厂并首次通过智能制造能力成熟度认证(CMMM)二级", 2e5, "max"),
      ("获评先进级以上智能工厂并首次通过智能制造能力成熟度认证(CMMM)三级", 3e5, "max")]),
    ("对完成与国家顶级节点对接的新建二级节点建设单位，给予最高 50 万元奖励。",
     [("完成与国家顶级节点对接的新建二级节点建设单位", 5e5, "max")]),
    ("对年度新增标识注册量完成年度目标任务的，给予二级节点运营单位最高 60 万元奖励。",
     [("年度新增标识注册量完成年度目标任务的二级节点运营单位", 6e5, "max")]),
    ("分别给予50、30万元奖励。", []),  # no condition at all: nothing is guessed
])
def test_money_awards(text: str, expected: list[tuple]) -> None:
    assert _awards(text) == expected


def test_count_mismatch_warns_and_does_not_guess(caplog: pytest.LogCaptureFixture) -> None:
    text = "对获评国家级、省级、市级技术创新示范企业的分别给予最高不超过50万元、20万元奖励。"
    with caplog.at_level(logging.WARNING):
        ex = extract_mentions(doc_of(text))
    assert ex.awards == ()
    assert any("does not split into 2" in w for w in ex.warnings)


@pytest.mark.parametrize("text, expected", [
    ("年度有效投入在100万元以上的项目，按不超过12%予以奖励，单个企业年度奖补上限500万元。",
     [("年度有效投入在100万元以上的项目", 12, "年度有效投入", 1e6, 5e6, "企业/年")]),
    ("年度有效投入在２００万元以上的项目，按不超过十五%予以奖励，单个企业年度奖补上限一千万元。", None),
    ("对总投资在100万元以上的项目，按设备投资额的10%、软件及技术费投资额的30%给予最高50万元的补助。",
     [("总投资在100万元以上的项目", 10, "设备投资额", 1e6, 5e5, None),
      ("总投资在100万元以上的项目", 30, "软件及技术费投资额", 1e6, 5e5, None)]),
    ("对企业开展关键核心技术攻关产生的研发费用给予30%补贴，最高不超过200万元。",
     [("企业开展关键核心技术攻关", 30, "研发费用", None, 2e6, None)]),
    ("购置相关设备超过 100 万元（不含税）的，按照实际设备投资额的 10%进行奖励，单个项目补贴总额最高不超过 1000 万元。",
     [("购置相关设备超过100万元（不含税）", 10, "实际设备投资额", 1e6, 1e7, "项目")]),
    ("积极争取享受省级财政按照项目贷款额1%的贴息奖励。", []),
    ("凡当年发生一般生产安全事故的企业，视情兑现奖励金额，最高不超过奖励金额的90%。", []),
])
def test_rate_awards(text: str, expected: list[tuple] | None) -> None:
    got = [(a.condition, a.rate, a.rate_base, a.threshold, a.cap, a.per)
           for a in extract_mentions(doc_of(text)).awards]
    if expected is None:  # the 000 一/（一） sentence with other numbers and numerals
        expected = [("年度有效投入在２００万元以上的项目", None, "年度有效投入", 2e6, 1e7, "企业/年")]
        assert [(g[0], g[2], g[3], g[4], g[5]) for g in got] == [(e[0], e[2], e[3], e[4], e[5]) for e in expected]
        return
    assert got == expected
    assert all(a.amount is None and a.amount_role is None for a in extract_mentions(doc_of(text)).awards)


@pytest.mark.parametrize("text, expected", [
    ("对入围省工业 APP 汇聚平台的产品每个产品给予最高 2 万元奖励。",
     [("入围省工业APP汇聚平台的产品", 2e4, "产品", None)]),
    ("对规上软件与信息服务业企业新取得软件产品评估证书的,给予每个产品不超过2万元类励(每个企业每年不超过20万元)。",
     [("规上软件与信息服务业企业新取得软件产品评估证书", 2e4, "产品", 2e5)]),
    ("对新取得软件产品评估证书的企业给予每个产品不超过 1 万元奖励（每个企业不超过 10 万元）。",
     [("软件产品评估证书", 1e4, "产品", 1e5)]),
    ("对取得江苏省首版次软件认定的企业给予每个认定软件最高不超过40万元奖励。",
     [("江苏省首版次软件认定", 4e5, "认定软件", None)]),
    ("对入选《江苏省重点推广应用的新技术新产品目录》的新技术新产品,每个给予最高不超过5万元奖励。",
     [("入选《江苏省重点推广应用的新技术新产品目录》的新技术新产品", 5e4, "新技术新产品", None)]),
    ("对开展诊断服务的第三方机构给予补贴,每家企业补贴最高不超过2万元。",
     [("开展诊断服务的第三方机构", 2e4, "企业", None)]),
])
def test_per_unit_awards(text: str, expected: list[tuple]) -> None:
    got = [(a.condition, a.amount, a.per, a.cap) for a in extract_mentions(doc_of(text)).awards]
    assert got == expected


def test_offsets_and_clause() -> None:
    text = "对获评国家级、省级工业遗产的企业分别给予最高不超过50万元、20万元奖励。"
    ex = extract_mentions(doc_of(text, clause="三/（六）"))
    assert [a.clause for a in ex.awards] == ["三/（六）", "三/（六）"]
    assert all(text[a.start:a.end] == a.text for a in ex.amounts)
    assert all(0 <= a.start < a.end <= len(text) for a in ex.awards)
    assert extract_mentions(doc_of(text, clause=None)).awards[0].clause is None


def _structured(item: str):
    """A real structure-stage document: a section heading and one numbered item."""
    from pipeline.ingest import ingest_bytes
    from pipeline.structure import structure_document

    return structure_document(ingest_bytes(f"一、支持政策\n{item}\n".encode(), "variant.txt"))


# Items whose number is followed directly by the grant (no heading sentence first), with
# other cities, numbers and typography: the item number is layout, never part of a condition.
@pytest.mark.parametrize("sentence,expected", [
    ("（一）对经认定的国家、省智能制造示范工厂分别给予最高３００万元、１５０万元奖励。",
     [("国家智能制造示范工厂", 3000000, "max"), ("省智能制造示范工厂", 1500000, "max")]),
    ("（二）对获评国家级、省级企业技术中心的企业分别给予最高不超过五十万元、二十万元奖励。",
     [("国家级企业技术中心", 500000, "max"), ("省级企业技术中心", 200000, "max")]),
    ("1．对新认定为国家级、省级和苏州市级智能车间的企业，分别给予 300 万元、80 万元和 30 万元奖励。",
     [("国家级智能车间", 3000000, "fixed"), ("省级智能车间", 800000, "fixed"), ("苏州市级智能车间", 300000, "fixed")]),
])
def test_item_number_is_not_part_of_the_condition(sentence, expected):
    ex = extract_mentions(_structured(sentence))
    assert [(a.condition, a.amount, a.amount_role) for a in ex.awards] == expected


def test_rate_grant_without_a_named_recipient_keeps_a_condition():
    ex = extract_mentions(_structured("（八）按设备投资额的百分之二十给予补助，最高不超过100万元。"))
    (award,) = ex.awards
    assert award.condition and award.rate == 20 and award.cap == 1000000 and award.rate_base == "设备投资额"
