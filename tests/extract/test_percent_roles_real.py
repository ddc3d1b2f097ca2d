"""Percent roles, cost sharing by level, ceiling sentences and rate tiers in real drafting
(issue 14), from sentences of the corpus's tuning set, each in more than one typography."""
from __future__ import annotations

import pytest
from helpers import doc_of

from pipeline.extract import extract_mentions


def _variants(text: str) -> list[str]:
    """The sentence as written, with full-width digits and ％, and with spaces around numbers."""
    fw = text.translate(str.maketrans("0123456789%", "０１２３４５６７８９％"))
    spaced = text.replace("%", " %").replace("万元", " 万元")
    return [text, fw, spaced]


PERCENT_CASES = [
    # a ceiling before an earlier share belongs to it; the share after the conjunction is a rate
    ("按不高于3%的费率上限及实际投保年度保费的80%给予投保企业补贴。", ["max_rate", "rate"]),
    # tax reliefs and price deductions are shares that grant nothing
    ("在据实扣除的基础上再按实际发生额的100%在税前加计扣除。", ["other"]),
    ("按其投资额的10%从当年应纳税额中抵免。", ["other"]),
    ("对拍卖或其他方式成交价格给予不低于10%的适当扣除。", ["other"]),
    # floors of a price or of a risk share
    ("出让底价可按不低于所在级别公共服务用地基准地价的70%确定。", ["other"]),
    ("银行和政府性融资担保体系分别按不低于贷款金额的20%、不高于贷款金额的80%分担风险责任。", ["other", "max_rate"]),
    # a share of a quantity; a rise of a rate already set
    ("按照乳品企业生鲜乳收购量的10%，对过剩生鲜乳喷粉进行补贴。", ["other"]),
    ("补贴标准上浮10%，引导培训资源向康养服务业集中。", ["other"]),
    # the applicant's own figures in eligibility
    ("研发人员占企业职工总数的5%以上。", ["other"]),
    ("年研发投入占当年销售收入的比例不低于2%。", ["other"]),
    ("企业资产负债率不超过70%，有良好的信用等级。", ["other"]),
    ("产品收入之和占企业同期营业收入比重超过50%。", ["other"]),
    # goals: a year, 力争, a movement, a yearly growth
    ("到2022年达到125万亩，占全省50%。", ["target"]),
    ("逐步将对科技创新类中小企业收取的平均担保费率降至1%以下。", ["target"]),
    ("省国资委监管企业研发投入年均增幅不低于20%、工业企业不低于25%。", ["target", "target"]),
    ("力争到2025年关键工序数控化率达到80%以上。", ["target"]),
    # one change of a ceiling keeps its role on both ends
    ("约定代偿赔付上限从4%提高至5%。", ["max_rate", "max_rate"]),
    # per mille
    ("按技术交易额的1‰给予奖励性后补助。", ["rate"]),
]


@pytest.mark.parametrize(("text", "roles"), PERCENT_CASES)
def test_percent_roles_in_real_drafting(text: str, roles: list[str]) -> None:
    for variant in _variants(text):
        ex = extract_mentions(doc_of(variant))
        assert [p.role for p in ex.percentages] == roles, variant


@pytest.mark.parametrize("text", ["按技术交易额的1‰给予奖励", "按技术交易额的千分之一给予奖励"])
def test_per_mille_value(text: str) -> None:
    (p,) = extract_mentions(doc_of(text)).percentages
    assert p.value == pytest.approx(0.1)


@pytest.mark.parametrize(("text", "parties", "shares"), [
    ("每吨补贴800元，其中省级500元、市县300元，稳定奶农生鲜乳收购。", ("省级", "市县"), (500, 300)),
    ("给予每吨800元的喷粉补贴，其中省级补贴500元、市县补贴300元。", ("省级", "市县"), (500, 300)),
    ("给予每吨８００元的喷粉补贴，其中，省级补贴５００元、市县补贴３００元。", ("省级", "市县"), (500, 300)),
    ("所需资金由省级财政承担60%、市县财政承担40%。", ("省级财政", "市县财政"), (60, 40)),
])
def test_cost_sharing_by_level(text: str, parties: tuple[str, ...], shares: tuple[float, ...]) -> None:
    (c,) = extract_mentions(doc_of(text)).cost_sharing
    assert c.parties == parties and c.shares == tuple(float(x) for x in shares)


@pytest.mark.parametrize("text", ["其中企业自筹500元、银行贷款300元。", "其中省级500元，企业300元。"])
def test_no_cost_sharing_without_levels(text: str) -> None:
    assert extract_mentions(doc_of(text)).cost_sharing == ()


CEILING = ("对驻冀院所以转让、许可、投资入股等形式向省内转移科技成果的，按实际发生技术合同额的5%给予奖励。"
           "同时，按实际发生技术合同额的2%给予科技成果吸纳方奖励。奖励资金最高50万元。")


@pytest.mark.parametrize("text", _variants(CEILING))
def test_ceiling_sentence_caps_the_rate_grants_before_it(text: str) -> None:
    awards = extract_mentions(doc_of(text)).awards
    assert [(a.rate, a.cap) for a in awards] == [(5, 500000), (2, 500000)]
    assert awards[1].condition.endswith("的科技成果吸纳方")


TIERS = ("省内企业作为重大科技成果受让方，单项交易额在50万元以上不足100万元的，按照技术合同实际交易额给予最高10%的补助，"
         "超过100万元的部分给予最高5%的补助，每项最高可补助100万元。")


@pytest.mark.parametrize("text", _variants(TIERS))
def test_rate_tiers_one_award_each(text: str) -> None:
    awards = extract_mentions(doc_of(text)).awards
    assert [(a.rate, a.threshold, a.cap) for a in awards] == [(10, 500000, 1000000), (5, 1000000, 1000000)]
    assert "超过" in awards[1].rate_base and awards[1].rate_base.endswith("的部分")
    assert awards[1].condition.startswith("省内企业作为重大科技成果受让方，单项交易额")
