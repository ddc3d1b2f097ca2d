"""What makes a percentage a rate, a ceiling on a rate, a goal or anything else (issue 14), by the
grammar of the phrase around it, from sentences of the corpus's TUNING documents (some rewritten into
another drafting of the same rule, noted), each as written, in full-width digits and `％`, and as
`百分之N` / `千分之N`:

- `按…N%给予`, `给予…费用的N%`, `N%的比例给予`: a rate (`rate`);
- `不超过` / `不高于` / `最高` / `上限` before it: a ceiling on a rate (`max_rate`), a grant's or a fee's;
- `不低于` / `不少于`, a share of a quantity, tax reliefs, a rise of a rate already set: `other`;
- a percent that measures who qualifies (`…N%以上的企业`, `达到…N%的，给予`): eligibility, `other`,
  even after a word of growth (`增长`);
- goals: `到2025年`, `力争`, `年均`, `实现`, `降至`: `target`;
- `N个百分点` is no percentage mention."""
from __future__ import annotations

import re

import pytest
from helpers import doc_of

from pipeline.extract import extract_mentions

_CN = "零一二三四五六七八九"


def _cn(n: int) -> str:
    tens, units = divmod(n, 10)
    head = "" if not tens else ("十" if tens == 1 else _CN[tens] + "十")
    return head + (_CN[units] if units or not tens else "")


def _cn_percent(m: re.Match[str]) -> str:
    num = m.group(1)
    if "." in num:
        whole, frac = num.split(".")
        return ("千分之" + _cn(int(whole + frac))) if whole == "0" else f"百分之{_cn(int(whole))}点{''.join(_CN[int(c)] for c in frac)}"
    return "百分之" + _cn(int(num))


def _variants(text: str) -> list[str]:
    """As written, full-width digits and ％, Chinese numerals (`百分之三十`, `千分之五`)."""
    return [text, text.translate(str.maketrans("0123456789%.", "０１２３４５６７８９％．")),
            re.sub(r"([0-9]+(?:\.[0-9]+)?)%", _cn_percent, text)]


CASES = [
    # rates: 按 … N% 给予; 给予 … 的 N%; N% 的比例
    ("对“领跑者”企业上年度更新先进生产、研发、检测、试验设备，按实际投入金额20%给予补助，最高不超过500万元。", ["rate"]),  # c001
    ("按其当年实缴外方注册资本额2%的比例给予奖励，最高奖励1亿元。", ["rate"]),  # c006
    ("给予企业购置设备和配套软硬件投资金额的15%，最高不超过500万元的支持。", ["rate"]),  # c006
    ("利用国家资金，对省外购买奶牛按照基准利率进行全额贴息和50%担保费补助。", ["rate"]),  # c002
    # ceilings on a rate, a grant's (贴息 included) or a fee's
    ("按不超过其实际投资额1%的比例给予一次性奖励，最高不超过2000万元。", ["max_rate"]),  # c010
    ("按不超过其新增中长期贷款合同签订日LPR（贷款基础利率）的30%给予一年期贴息。", ["max_rate"]),  # c009
    ("融担基金再担保业务单笔担保金额500万元以上的，再担保费率不高于0.5%。", ["max_rate"]),  # c017
    ("对康养小微企业担保业务实施降费奖补，奖补后的综合担保费率不超过3%。", ["max_rate"]),  # c036
    ("给予不超过项目固定资产投资30%、最高不超过5000万元支持。", ["max_rate"]),  # c004
    # floors and shares that grant nothing
    ("省级再担保机构分险比例不低于20%。", ["other"]),  # c017
    ("年研发投入占当年销售收入的比例不低于2%。", ["other"]),  # c011
    ("高新技术企业减按15%的优惠税率缴纳企业所得税。", ["other"]),  # c007
    # a percent that measures who qualifies
    ("对排放大气、水污染物浓度值低于国家和地方标准30%、50%以上的企业，分别按规定减征环境保护税。", ["other", "other"]),  # c034
    # c008's `近2年主营业务收入平均增长率不低于5%` drafted as the grant's object
    ("对主营业务收入增长5%以上的企业，给予一次性奖励。", ["other"]),
    # c011's `研发人员占企业职工总数的5%以上` drafted as a condition with 达到 … 的
    ("对研发人员达到企业职工总数5%的企业，给予支持。", ["other"]),
    ("研发人员达到企业职工总数5%的，给予支持。", ["other"]),
    # goals
    ("省国资委监管的企业研发投入强度年均增速达到10.5%以上。", ["target"]),  # c007
    ("到2022年，奶牛家庭牧场存栏比例达到50%以上。", ["target"]),  # c002
    ("通过采用科学饲养配方实现生鲜乳标准化生产，生鲜乳乳蛋白率达到3.2%、乳脂肪率达到3.8%。", ["target", "target"]),  # c002
    ("逐步将对科技创新类中小企业收取的平均担保费率降至1%以下。", ["target"]),  # c017
]


@pytest.mark.parametrize(("text", "roles"), CASES, ids=[f"{k:02d}" for k in range(len(CASES))])
def test_percent_role_follows_the_grammar(text: str, roles: list[str]) -> None:
    for variant in _variants(text):
        ex = extract_mentions(doc_of(variant))
        assert [p.role for p in ex.percentages] == roles, variant


@pytest.mark.parametrize("text,value", [("按技术交易额的1‰给予奖励", 0.1), ("按技术交易额的千分之一给予奖励", 0.1),
                                        ("再担保费率不高于千分之五", 0.5), ("年均增速达到百分之十点五以上", 10.5),
                                        ("年均增速达到１０．５％以上", 10.5)])
def test_percent_values_in_every_writing(text: str, value: float) -> None:
    (p,) = extract_mentions(doc_of(text)).percentages
    assert p.value == pytest.approx(value)


def test_percentage_points_are_no_percentage():
    """c007's goal drafted as a rise in points: `个百分点` is not a percent of anything."""
    for text in _variants("省国资委监管的企业研发投入强度每年提高0.5个百分点。"):
        assert extract_mentions(doc_of(text)).percentages == ()
