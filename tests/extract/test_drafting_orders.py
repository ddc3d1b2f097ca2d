"""Tuning documents' grants rendered in the other drafting orders real provinces use (issue 14).

Each grant below is a real one of a TUNING document (its stem in the comment, its condition and
amount as its gold labels them); the renderings put it in the orders 公文 are drafted in elsewhere —
the condition opened by `对…，`, `对…的，`, `…的，`, `凡…的，`, `经认定为…的，` or bare before the grant, or
named after the verb (`给予X企业100万元奖励`); the grant as `给予X万元奖励`, `给予最高X万元奖励`, `奖励X万元`,
`一次性给予X万元奖励`, `给予一次性奖励X万元`, `给予X万元的一次性奖励`, `给予不超过X万元的补助`, `可获得X万元奖励`
or `给予资金支持，最高不超过X万元`; per-unit grants as `按X元/床`, `每床给予`, `补助标准为每床X元`, `按每人每年`,
`X万元/人·年`, `按X万元/家`; rate grants with their cap in nine orders — with the gold transformed
accordingly (a `max` role where the wording makes the amount a ceiling). Every rendering is read in
the four typographies of test_drafting_styles (plain, full-width digits, a line break inside the
sentence, an HTML page whose markup cuts it).
"""
from __future__ import annotations

import pytest
import test_drafting_styles as styles

from pipeline.extract import extract_mentions
from pipeline.ingest import ingest_bytes
from pipeline.structure import structure_document

typographies = pytest.mark.parametrize("typo", list(styles.TYPOGRAPHIES))


def _awards(text: str, typo: str):
    return extract_mentions(styles.TYPOGRAPHIES[typo](text)).awards


# (status as a noun phrase, the money as written, yuan) — c001, c007 (技术创新示范企业, 制造业创新中心),
# c003 (核心育种场), c001/c010 (国家级工业设计中心)
STATUSES = [
    ("国家级技术创新示范企业", "100万元", 1e6),
    ("省级制造业创新中心", "300万元", 3e6),
    ("国家级核心育种场", "50万元", 5e5),
    ("国家级工业设计中心", "100万元", 1e6),
]
# (recipient, what it did, the money, yuan) — c001, c010 (专利奖, 标准制修订), c001 (新三板挂牌), c036
# (养老服务设施连锁运营)
DEEDS = [
    ("民营企业", "获得中国专利奖金奖", "100万元", 1e6),
    ("企业", "主持国际标准制修订", "30万元", 3e5),
    ("企业", "在“新三板”基础层、创新层挂牌", "10万元", 1e5),
    ("养老服务企业", "连锁运营5家以上社区居家养老服务设施", "10万元", 1e5),
]
# the grant after its condition, and the role its wording gives the amount
GRANTS = {
    "给予X奖励": (lambda m: f"给予{m}奖励。", "fixed"),
    "给予最高X奖励": (lambda m: f"给予最高{m}奖励。", "max"),
    "奖励X": (lambda m: f"奖励{m}。", "fixed"),
    "一次性给予X奖励": (lambda m: f"一次性给予{m}奖励。", "fixed"),
    "给予一次性奖励X": (lambda m: f"给予一次性奖励{m}。", "fixed"),
    "给予X的一次性奖励": (lambda m: f"给予{m}的一次性奖励。", "fixed"),
    "给予不超过X的补助": (lambda m: f"给予不超过{m}的补助。", "max"),
    "可获得X奖励": (lambda m: f"可获得{m}奖励。", "fixed"),
    "最高不超过X": (lambda m: f"给予资金支持，最高不超过{m}。", "max"),
}
# a status: `对X，`, `经认定为X的，`, bare `X，`; a deed: `对做了D的R，`, `R做了D的，`, `对R做了D的，`, `凡R做了D的，`
STATUS_LEADS = {"对X，": "对{}，", "经认定为X的，": "经认定为{}的，", "X，": "{}，"}
DEED_LEADS = {"对D的R，": ("对{d}的{r}，", "{d}的{r}"), "RD的，": ("{r}{d}的，", "{r}{d}"),
              "对RD的，": ("对{r}{d}的，", "{r}{d}"), "凡RD的，": ("凡{r}{d}的，", "{r}{d}")}


def _cases():
    for lead_name, lead in STATUS_LEADS.items():
        for grant_name, (grant, role) in GRANTS.items():
            for status, money, yuan in STATUSES:
                yield pytest.param(lead.format(status) + grant(money), (status, yuan, role),
                                   id=f"{lead_name}{grant_name}-{status}")
    for lead_name, (lead, condition) in DEED_LEADS.items():
        for grant_name, (grant, role) in GRANTS.items():
            for who, deed, money, yuan in DEEDS:
                yield pytest.param(lead.format(d=deed, r=who) + grant(money),
                                   (condition.format(d=deed, r=who), yuan, role), id=f"{lead_name}{grant_name}-{deed}")


@typographies
@pytest.mark.parametrize("text, expected", list(_cases()))
def test_condition_and_grant_in_every_order(text, expected, typo):
    got = [(styles._norm(a.condition), a.amount, a.amount_role) for a in _awards(text, typo)]
    assert got == [expected]


# the party named after the verb (c001: `给予院士合作重点单位一次性奖励40万元`)
@typographies
@pytest.mark.parametrize("who, money, yuan", [(s, m, y) for s, m, y in STATUSES]
                         + [(f"{d}的{r}", m, y) for r, d, m, y in DEEDS])
@pytest.mark.parametrize("form, role", [("给予{w}{m}奖励。", "fixed"), ("给予{w}一次性奖励{m}。", "fixed"),
                                        ("给予{w}最高{m}的奖励。", "max")])
def test_recipient_after_the_verb(who, money, yuan, form, role, typo):
    got = [(styles._norm(a.condition), a.amount, a.amount_role) for a in _awards(form.format(w=who, m=money), typo)]
    assert got == [(who, yuan, role)]


# per-unit grants: c036 (新建养老机构 8000元 per 床), c001 (博士后研究人员 8万元 per 人/年),
# c012/c006 (高新技术企业 10万元 每家: the condition's own head), c003 (全基因组检测 200元 per 头)
PER_UNIT = [
    ("对新建养老机构，按8000元/床给予一次性建设补助。", ("新建养老机构", 8000, "床")),
    ("对新建养老机构，每床给予8000元一次性建设补助。", ("新建养老机构", 8000, "床")),
    ("对新建养老机构，一次性建设补助标准为每床8000元。", ("新建养老机构", 8000, "床")),
    ("对新建养老机构，给予每床8000元的一次性建设补助。", ("新建养老机构", 8000, "床")),
    ("对新建养老机构，按照每床8000元的标准给予一次性建设补助。", ("新建养老机构", 8000, "床")),
    ("新建养老机构按每床8000元给予一次性建设补助。", ("新建养老机构", 8000, "床")),
    ("给予博士后研究人员日常经费每人每年8万元。", ("博士后研究人员", 8e4, "人/年")),
    ("对博士后研究人员，给予日常经费每人每年8万元。", ("博士后研究人员", 8e4, "人/年")),
    ("对博士后研究人员，按每人每年8万元给予日常经费补助。", ("博士后研究人员", 8e4, "人/年")),
    ("对博士后研究人员，日常经费补助标准为每人每年8万元。", ("博士后研究人员", 8e4, "人/年")),
    ("对博士后研究人员，给予8万元/人/年的日常经费补助。", ("博士后研究人员", 8e4, "人/年")),
    ("对博士后研究人员，按8万元/人·年给予日常经费补助。", ("博士后研究人员", 8e4, "人/年")),
    ("对通过认定的高新技术企业，每家给予10万元奖励性后补助。", ("通过认定的高新技术企业", 1e5, "高新技术企业")),
    ("对通过认定的高新技术企业，按10万元/家给予奖励。", ("通过认定的高新技术企业", 1e5, "高新技术企业")),
    ("对通过认定的高新技术企业，给予每家10万元奖励。", ("通过认定的高新技术企业", 1e5, "高新技术企业")),
    ("对高产奶牛核心群全基因组检测的，每头补助200元。", ("高产奶牛核心群全基因组检测", 200, "头")),
    ("高产奶牛核心群全基因组检测每头补助200元。", ("高产奶牛核心群全基因组检测", 200, "头")),
    ("对高产奶牛核心群全基因组检测，按200元/头给予补助。", ("高产奶牛核心群全基因组检测", 200, "头")),
]


@typographies
@pytest.mark.parametrize("text, expected", PER_UNIT)
def test_per_unit_grant_in_every_order(text, expected, typo):
    got = [(styles._norm(a.condition), a.amount, a.per) for a in _awards(text, typo)]
    assert got == [expected]


# a rate grant with its cap (c001: `按实际投入金额20%给予补助，最高不超过500万元`): one award in every order
_RATE_SUBJECT = "“领跑者”企业上年度更新先进生产、研发、检测、试验设备"
RATE_ORDERS = [
    "对{c}的，按实际投入金额20%给予补助，最高不超过500万元。",
    "对{c}的，按实际投入金额的20%给予最高不超过500万元的补助。",
    "对{c}的，给予不超过实际投入金额20%、最高500万元的补助。",
    "对{c}的，给予实际投入金额20%的补助，最高500万元。",
    "对{c}的，按实际投入金额20%给予补助，补助资金最高不超过500万元。",
    "{c}的，按实际投入金额20%给予补助，最高500万元。",
    "凡{c}的，按实际投入金额20%给予补助，最高不超过500万元。",
    "对{c}的，补助标准为实际投入金额的20%，最高不超过500万元。",
    "对{c}的，补助比例为实际投入金额的20%，最高500万元。",
]


@typographies
@pytest.mark.parametrize("form", RATE_ORDERS)
def test_rate_grant_with_cap_in_every_order(form, typo):
    (a,) = _awards(form.format(c=_RATE_SUBJECT), typo)
    assert (styles._norm(a.condition), a.rate, styles._norm(a.rate_base), a.cap, a.amount) == (
        styles._norm(_RATE_SUBJECT), 20, "实际投入金额", 5e6, None)


# one amount shared by numbered items (c001/c007 statuses as the items), the items as clauses
@pytest.mark.parametrize("opening, role", [
    ("符合下列条件之一的，给予一次性奖励10万元：", "fixed"),
    ("对符合下列条件之一的企业，一次性奖励10万元：", "fixed"),
    ("具备下列条件之一的，给予最高10万元奖励：", "max"),
])
@pytest.mark.parametrize("items", ["1．{a}；\n2．{b}。\n", "（1）{a}；\n（2）{b}。\n", "1．{a}；2．{b}。\n"])
def test_one_amount_shared_by_listed_items(opening, role, items):
    text = "一、支持政策\n（一）" + opening + "\n" + items.format(a="国家级技术创新示范企业", b="省级制造业创新中心") \
        + "（二）其他事项。\n"
    ex = extract_mentions(structure_document(ingest_bytes(text.encode("utf-8"), "items.txt")))
    assert [(styles._norm(a.condition), a.amount, a.amount_role) for a in ex.awards] == [
        ("国家级技术创新示范企业", 1e5, role), ("省级制造业创新中心", 1e5, role)]


# caps per year / enterprise and fund sizes around a grant (c001 工业设计中心): the grant alone is an award
@typographies
@pytest.mark.parametrize("text, roles", [
    ("对新认定的省级工业设计中心，给予100万元奖励，单个企业每年累计奖励最高不超过300万元。", ["fixed", "max"]),
    ("省财政安排专项资金1亿元，对新认定的省级工业设计中心，给予100万元奖励。", ["other", "fixed"]),
    ("对新认定的省级工业设计中心，给予100万元奖励。省财政每年安排资金5000万元。", ["fixed", "other"]),
])
def test_caps_and_funds_are_no_awards(text, roles, typo):
    ex = extract_mentions(styles.TYPOGRAPHIES[typo](text))
    assert [m.role for m in ex.amounts] == roles
    assert [(styles._norm(a.condition), a.amount) for a in ex.awards] == [("新认定的省级工业设计中心", 1e6)]


# ranges and bounds keep their direction (c001 `给予300万元-500万元`, c010 `投资规模达到3000万元`)
@typographies
@pytest.mark.parametrize("grant, amount", [("给予300万元-500万元奖励", 5e6), ("给予300-500万元奖励", 5e6),
                                           ("给予不超过500万元奖励", 5e6), ("最高给予500万元奖励", 5e6)])
@pytest.mark.parametrize("floor", ["达到3000万元", "不低于3000万元", "在3000万元以上"])
def test_ranges_and_bounds(grant, amount, floor, typo):
    text = f"对投资规模{floor}的项目，{grant}。"
    (a,) = _awards(text, typo)
    assert (a.amount, a.amount_role, a.threshold) == (amount, "max", 3e7)


# the rules LABELLING.md settles between tuning documents (c001/c006/c012, c001/c010, c004/c006, c006/c012)
@typographies
@pytest.mark.parametrize("text, expected", [
    # `新认定的` restricts who qualifies: kept
    ("对新认定的国家级技术创新示范企业，给予100万元资金支持。", [("新认定的国家级技术创新示范企业", 1e6, None)]),
    ("对新认定的省级工业设计中心，给予100万元支持。", [("新认定的省级工业设计中心", 1e6, None)]),
    # a recipient of its own keeps the verb of obtaining
    ("对获得中国专利奖金奖、银奖的民营企业分别奖励100万元、50万元。",
     [("获得中国专利奖金奖的民营企业", 1e6, None), ("获得中国专利奖银奖的民营企业", 5e5, None)]),
    # a note on how grants are counted is no part of the condition, in either bracket
    ("对进入Ⅱ期、Ⅲ期临床试验研究的创新药（不同剂型合并计算），分别给予300万元、500万元奖励。",
     [("进入Ⅱ期临床试验研究的创新药", 3e6, None), ("进入Ⅲ期临床试验研究的创新药", 5e6, None)]),
    ("对进入Ⅲ期临床试验研究的改良型新药(按品种计算)，给予200万元奖励。", [("进入Ⅲ期临床试验研究的改良型新药", 2e6, None)]),
    # `每家` counts the condition's head, without the words of newness or arrival before it
    ("对协作配套的新引进县域外企业，每家给予100万元一次性支持。", [("协作配套的新引进县域外企业", 1e6, "县域外企业")]),
    ("对新认定的高新技术企业每家给予10万元的省财政专项资金支持。", [("新认定的高新技术企业", 1e5, "高新技术企业")]),
    ("对带动本地配套的新引进企业，按100万元/家给予支持。", [("带动本地配套的新引进企业", 1e6, "企业")]),
])
def test_rules_settled_between_documents(text, expected, typo):
    assert [(styles._norm(a.condition), a.amount, a.per) for a in _awards(text, typo)] == expected


# tiers (c036: `营业收入达到100万元以上的…；…300万元以上的`): each later tier written as its band alone takes
# the earlier tier's subject, with or without the verb before the band
_TIER_WHO = "养老服务企业"


@typographies
@pytest.mark.parametrize("text, first, second", [
    (f"对营业收入达到100万元以上的{_TIER_WHO}，给予10万元奖励；达到300万元以上的，给予20万元奖励。",
     f"营业收入达到100万元以上的{_TIER_WHO}", f"营业收入达到300万元以上的{_TIER_WHO}"),
    (f"营业收入100万元以上的{_TIER_WHO}，奖励10万元；300万元以上的，奖励20万元。",
     f"营业收入100万元以上的{_TIER_WHO}", f"营业收入300万元以上的{_TIER_WHO}"),
    (f"对营业收入在100万元以上的{_TIER_WHO}，一次性奖励10万元；在300万元以上的，一次性奖励20万元。",
     f"营业收入在100万元以上的{_TIER_WHO}", f"营业收入在300万元以上的{_TIER_WHO}"),
    (f"对营业收入超过100万元的{_TIER_WHO}，给予最高10万元奖励；超过300万元的，给予最高20万元奖励。",
     f"营业收入超过100万元的{_TIER_WHO}", f"营业收入超过300万元的{_TIER_WHO}"),
    (f"对{_TIER_WHO}营业收入达到100万元以上的，给予10万元奖励；达到300万元以上的，给予20万元奖励。",
     f"{_TIER_WHO}营业收入达到100万元以上", f"{_TIER_WHO}营业收入达到300万元以上"),
])
def test_tiers_in_every_order(text, first, second, typo):
    got = [(styles._norm(a.condition), a.amount, a.threshold) for a in _awards(text, typo)]
    assert got == [(first, 1e5, 1e6), (second, 2e5, 3e6)]


# the honour named earlier than a further grant (c001 `对新认定的省级工业设计中心，给予100万元支持`), the further
# grant to some of them in the orders provinces write it: `其中…的`, `其中，…的，`, `对其中…的`, a sentence of its own
@typographies
@pytest.mark.parametrize("second, role", [
    ("，其中首次认定的，可另行给予最高20万元。", "max"),
    ("；其中，首次认定的，另行给予最高20万元奖励。", "max"),
    ("。其中首次认定的，可另行给予最高20万元。", "max"),
    ("；对其中首次认定的，再给予20万元奖励。", "fixed"),
    ("。对其中首次认定的，再给予20万元奖励。", "fixed"),
])
def test_honour_named_before_a_further_grant(second, role, typo):
    text = "对新认定的省级工业设计中心，给予100万元奖励" + second
    got = [(styles._norm(a.condition), a.amount, a.amount_role) for a in _awards(text, typo)]
    assert got == [("新认定的省级工业设计中心", 1e6, "fixed"), ("新认定的省级工业设计中心中首次认定的", 2e5, role)]


# the status named short after the aim that applies for it in full (c002: `鼓励奶牛养殖场申报国际标准认证，对通过认证的
# 一次性奖励50万元`): the full status and its holder
@typographies
@pytest.mark.parametrize("text, expected", [
    ("鼓励奶牛养殖场申报国际标准认证，对通过认证的一次性奖励50万元。", "通过国际标准认证的奶牛养殖场"),
    ("鼓励奶牛养殖场申报国际标准认证，对通过认证的，给予50万元一次性奖励。", "通过国际标准认证的奶牛养殖场"),
    ("鼓励企业申报高新技术企业认定，对通过认定的，给予10万元奖励。", "通过高新技术企业认定的企业"),
])
def test_status_named_short_after_the_aim(text, expected, typo):
    assert [styles._norm(a.condition) for a in _awards(text, typo)] == [expected]


# a share split by who pays, in a bracket after it (c012: `按照采购金额的10%(驻冀院所、采购方各5%)给予最高200万元补助`):
# one rate grant, the bracket's shares no grants of their own
@typographies
@pytest.mark.parametrize("text, rate, cap", [
    ("对首购驻冀院所首台(套)科技创新产品的企业，按照采购金额的10%(驻冀院所、采购方各5%)给予最高200万元补助。", 10, 2e6),
    ("对首购驻冀院所首台（套）科技创新产品的企业，按采购金额的20%（省、市各承担10%）给予补助，最高100万元。", 20, 1e6),
])
def test_share_split_in_brackets_is_one_grant(text, rate, cap, typo):
    assert [(a.rate, styles._norm(a.rate_base), a.cap) for a in _awards(text, typo)] == [(rate, "采购金额", cap)]


# a magnitude alone before the unit (c034: `钢铁产业营业收入保持在万亿元以上`) is one of it; after a vague
# quantifier (`数千万元`) no amount; a level held (`保持在`, `稳定在`) is a goal
@typographies
@pytest.mark.parametrize("text, expected", [
    ("提升产品附加值，钢铁产业营业收入保持在万亿元以上。", [(1e12, "亿元", "target")]),
    ("全省生物医药产业营业收入稳定在千亿元以上。", [(1e11, "亿元", "target")]),
    ("对总投资千万元以上的项目，给予10万元奖励。", [(1e7, "万元", "threshold"), (1e5, "万元", "fixed")]),
    ("对投资数千万元的项目给予支持。", []),
    ("引进几百万元的设备。", []),
])
def test_magnitude_alone_before_the_unit(text, expected, typo):
    ex = extract_mentions(styles.TYPOGRAPHIES[typo](text))
    assert [(m.value, m.unit, m.role) for m in ex.amounts] == expected


# a list of levels of one status (c001/c007 技术创新示范企业, 工业设计中心 in the orders other provinces use): after the
# verb (`分别奖励国家级、省级X100万元、50万元`), or each member with its own level after a shared `新认定的`
@typographies
@pytest.mark.parametrize("text, expected", [
    ("分别奖励国家级、省级工业设计中心100万元、50万元。", ["国家级工业设计中心", "省级工业设计中心"]),
    ("对国家级、省级工业设计中心，分别奖励100万元、50万元。", ["国家级工业设计中心", "省级工业设计中心"]),
    ("对认定为国家级、省级工业设计中心的，分别给予100万元、50万元奖励。", ["国家级工业设计中心", "省级工业设计中心"]),
    ("新认定的国家级工业设计中心、省级工业设计中心分别给予100万元、50万元奖励。",
     ["新认定的国家级工业设计中心", "新认定的省级工业设计中心"]),
    ("对新认定的国家级工业设计中心、省级工业设计中心，分别奖励100万元、50万元。",
     ["新认定的国家级工业设计中心", "新认定的省级工业设计中心"]),
])
def test_levels_of_one_status_in_every_order(text, expected, typo):
    got = [(styles._norm(a.condition), a.amount) for a in _awards(text, typo)]
    assert got == [(expected[0], 1e6), (expected[1], 5e5)]


# a range of shares granted (c001's rate grant `按实际投入金额20%给予补助` written with a range, as other provinces
# do): one rate award at the upper share, like a granted range of money
@typographies
@pytest.mark.parametrize("share", ["10%—20%", "10%-20%", "10%至20%", "10%～20%"])
@pytest.mark.parametrize("form, cap", [("对{c}的，按实际投入金额的{s}给予补助。", None),
                                       ("对{c}的，按实际投入金额{s}的比例给予补助，最高不超过500万元。", 5e6)])
def test_range_of_shares_is_one_grant(share, form, cap, typo):
    got = [(styles._norm(a.condition), a.rate, styles._norm(a.rate_base), a.cap)
           for a in _awards(form.format(c=_RATE_SUBJECT, s=share), typo)]
    assert got == [(styles._norm(_RATE_SUBJECT), 20, "实际投入金额", cap)]


# prizes and their money (c016/c019 科学技术奖 grades) written as `X一等奖奖金20万元，二等奖奖金10万元…`: the money
# noun 奖金 is no part of the condition (`中国专利奖金奖` is a prize), a bare grade is of the prize just named
@typographies
@pytest.mark.parametrize("sep", ["，", "；", "。"])
def test_prize_money_by_grade(sep, typo):
    text = sep.join(["省科学技术进步奖一等奖奖金20万元", "二等奖奖金10万元", "三等奖奖金5万元"]) + "。"
    got = [(styles._norm(a.condition), a.amount) for a in _awards(text, typo)]
    assert got == [("省科学技术进步奖一等奖", 2e5), ("省科学技术进步奖二等奖", 1e5), ("省科学技术进步奖三等奖", 5e4)]


@typographies
def test_prize_named_with_its_grade_is_no_money_noun(typo):
    got = [styles._norm(a.condition) for a in _awards("对获得中国专利奖金奖、银奖的企业，分别奖励100万元、50万元。", typo)]
    assert got == ["中国专利奖金奖", "中国专利奖银奖"]
