"""What a grant counts, matches and starts from, in the typographies that real copies carry (issue 14).

Sentences from tuning documents of the corpus (c002, c003, c009, c012: as published), and
reproducible renderings of them where the class has no sentence of its own in the tuning set
(two grants joined in one sentence, a ratio for a share), each read in the four typographies of
test_drafting_styles (plain, full-width digits, a line break inside, an HTML page splitting it)
and in three spacings that PDF producers emit (LibreOffice's autospace read back as one space
between a number or Latin letter and a CJK character; a full-width space; a line break there).

- `per` is what is counted: the measure word when the noun after it is what it counts
  (`每头奶牛` → 头), the noun when it names a place (`每头牛位`, `每张床位`); the kind a list of
  examples closes (`…等省级奶牛种业集群，每个补贴` → 奶牛种业集群); the scope of a rate grant's cap
  (`每场补贴不超过`, `每家企业或项目最高不超过`, `，年度补助资金最高为` → 年); a head taken on
  (`每新增1名博士研究生，给予企业…` → 名, the taker the condition's head);
- a grant matching another at a ratio (`按国家奖励金额给予1:1配套`) is a rate grant of that base;
- a rate grant's floor is its own subject's (`对…超过500万元的企业，按…10%`), not the sentence's first;
- a subject that refers back to the policy's aim before it: `支持S开展…，对其承担…` → S; a subject
  without its head after `支持创建O` → `…的O`; what the aim has S create (`支持S创建省级“O”，对每个“O”…`);
  a subject without its head after another aim (`鼓励S采用…投资X，对…的`) → the aim, then the qualifier;
- the roles of one body (`科技特派团团长和成员`): the second role is of the body the first names.
"""
from __future__ import annotations

import re

import pytest
from helpers import doc_of
from test_drafting_styles import TYPOGRAPHIES, _norm

from pipeline.extract import extract_mentions

_CJK = r"[\u4e00-\u9fff]"


def _spaced(sep: str):
    """The text with `sep` between every number or Latin letter and a CJK character, both ways."""
    def render(text: str):
        text = re.sub(f"(?<={_CJK})(?=[0-9A-Za-z])", sep, text)
        return doc_of(re.sub(f"(?<=[0-9A-Za-z%])(?={_CJK})", sep, text))
    return render


LAYOUTS = {**TYPOGRAPHIES, "autospace": _spaced(" "), "ideographic-space": _spaced("\u3000"),
           "line-break": _spaced("\n")}
layouts = pytest.mark.parametrize("layout", list(LAYOUTS))


def _awards(text: str, layout: str):
    return extract_mentions(LAYOUTS[layout](text)).awards


@layouts
@pytest.mark.parametrize("text, expected", [
    # c003 / c002: a grant on top of the national per-mu grant keeps its per
    ("苜蓿种植在国家每亩补贴600元基础上，省级继续再补贴400元。", [("苜蓿种植", 400, "亩")]),
    # c002: the measure word counts the cow; a stall is counted by its own noun
    ("奶牛场参加生产性能测定，每头奶牛补助70元。", [("奶牛场参加生产性能测定", 70, "头")]),
    ("支持乳品企业自建牧场，按照设计存栏规模，每头牛位省级补助2000元。", [("乳品企业自建牧场", 2000, "牛位")]),
    # c003: 每个 after a list of examples counts the kind they close, without its level
    ("对建成的良种繁育、胚胎移植等省级奶牛种业集群，每个补贴1000万元。",
     [("建成的良种繁育、胚胎移植等省级奶牛种业集群", 1e7, "奶牛种业集群")]),
    # c001: a 国家 that is part of a name stays
    ("对新认定的工业企业牵头创建的国家产业技术基础公共服务平台，给予每家100万元支持。",
     [("新认定的工业企业牵头创建的国家产业技术基础公共服务平台", 1e6, "国家产业技术基础公共服务平台")]),
])
def test_what_a_fixed_grant_counts(text, expected, layout):
    assert [(_norm(a.condition), a.amount, a.per) for a in _awards(text, layout)] == expected


@layouts
@pytest.mark.parametrize("text, expected", [
    # c003: the cap per farm of a rate grant
    ("新增专项资金，对养殖场购置液体粪肥输送管道、田间液体粪肥贮存罐等设施设备，按照购置款的30%予以补贴，每场补贴不超过20万元。",
     [(30, "购置款", 2e5, "场")]),
    # c009: the cap per enterprise or project
    (("对钒钛企业入选全国智能制造试点示范项目的企业或项目，按不超过其新增中长期贷款合同签订日LPR（贷款基础利率）的30%"
     "给予一年期贴息，每家企业或项目最高不超过1000万元。"), [(30, "新增中长期贷款合同签订日LPR（贷款基础利率）", 1e7, "企业或项目")]),
    # c012: the cap per year, in a segment of its own
    ("对技术转移服务机构促成的向省内企业转移的科技成果,按技术交易额的1‰给予奖励性后补助，年度补助资金最高为20万元。",
     [(0.1, "技术交易额", 2e5, "年")]),
])
def test_the_scope_of_a_rate_grants_cap(text, expected, layout):
    got = [(a.rate, _norm(a.rate_base), a.cap, a.per) for a in _awards(text, layout)]
    assert got == [(r, _norm(b), c, p) for r, b, c, p in expected]


@layouts
@pytest.mark.parametrize("text, expected", [
    # c002's per-head grant rendered as a grant per head taken on, the taker named after the verb
    ("每新增1名博士研究生，给予企业2万元补贴。", [("新增博士研究生的企业", 2e4, "名")]),
    ("每引进一名高层次人才，给予用人单位5万元奖励。", [("引进高层次人才的用人单位", 5e4, "名")]),
    # the taker named by 对 before
    ("对新落户的企业，每新增1名博士研究生，给予2万元补贴。", [("新落户的企业新增博士研究生", 2e4, "名")]),
])
def test_a_grant_per_head_taken_on(text, expected, layout):
    assert [(_norm(a.condition), a.amount, a.per) for a in _awards(text, layout)] == expected


@layouts
@pytest.mark.parametrize("text, expected", [
    # c012's rate grant (按项目研发合同的10%给予…最高100万元) rendered as a matching grant at a ratio
    ("对获得国家科技重大专项的项目，按国家资助金额给予1:1配套支持，最高100万元。", [(100, "国家资助金额", 1e6)]),
    ("对获得国家科技重大专项的项目，按照国家资助资金1：0.5的比例给予配套支持。", [(50, "国家资助资金", None)]),
])
def test_a_grant_matching_another_at_a_ratio(text, expected, layout):
    assert [(a.rate, _norm(a.rate_base), a.cap) for a in _awards(text, layout)] == expected


def test_a_ratio_shared_between_levels_grants_nothing():
    # cost sharing (`由市、县按30:70的比例分级承担`) is no matching grant
    assert extract_mentions(doc_of("所需资金由市、县按30:70的比例分级承担。")).awards == ()


@layouts
@pytest.mark.parametrize("text, expected", [
    # c006's fixed grant with a floor, then c010's rate grant with its own floor, in one sentence
    (("对上一年度营业收入达5000万元以上的新引进企业给予100万元奖励，对投资规模达到3000万元以上的，"
     "按不超过其实际投资额1%的比例给予一次性奖励，奖励金额最高不超过2000万元。"), [(None, 5e7), (1, 3e7)]),
    # the same rate grant without a floor of its own has none
    (("对上一年度营业收入达5000万元以上的新引进企业给予100万元奖励，对投资期限满两年（含）以上的，"
     "按不超过其实际投资额1%的比例给予一次性奖励，奖励金额最高不超过2000万元。"), [(None, 5e7), (1, None)]),
])
def test_a_rate_grants_floor_is_its_own(text, expected, layout):
    assert [(a.rate, a.threshold) for a in _awards(text, layout)] == expected


@layouts
@pytest.mark.parametrize("text, expected", [
    # c034: 其 is the aim's subject
    ("支持科技领军企业中的钢铁企业开展跨行业、跨领域关键核心技术研发，对其承担省级重大科技计划项目，给予不超过1000万元的资金支持。",
     ["科技领军企业中的钢铁企业承担省级重大科技计划项目"]),
    # c001: the qualifier without its head, the head what the aim creates
    ("支持创建县域特色产业集群“微科技”创新中心，对为集群提供先进技术转移落地服务、且每年形成5项以上知识产权的，给予300万元奖励。",
     ["为集群提供先进技术转移落地服务、且每年形成5项以上知识产权的县域特色产业集群“微科技”创新中心"]),
    # c006: each of what the aim has its subject create
    ("支持医药工业企业服务机构创建省级“工业诊所”，对每个“工业诊所”开展诊断服务给予30万元省级工业转型升级专项资金支持。",
     ["医药工业企业服务机构创建的省级“工业诊所”开展诊断服务"]),
    # c010: a rate grant whose qualifier has no head, after an aim that is an action
    (("鼓励各类投资基金采用股权方式投资省内铸造和锻压行业，对投资规模达到3000万元、期限满两年（含）以上的，"
      "按不超过其实际投资额1%的比例给予一次性奖励（扣除政府引导基金），奖励金额最高不超过2000万元。"),
     ["各类投资基金采用股权方式投资省内铸造和锻压行业，投资规模达到3000万元、期限满两年（含）以上"]),
    # c001: the subject named in full after 对 needs no aim
    ("支持企业工业设计中心建设，对新认定的省级工业设计中心，给予100万元支持；", ["新认定的省级工业设计中心"]),
])
def test_a_subject_that_refers_back_to_the_aim(text, expected, layout):
    assert [_norm(a.condition) for a in _awards(text, layout)] == [_norm(c) for c in expected]


@layouts
@pytest.mark.parametrize("text, expected", [
    # c001: the leader and the members of a team, per head and year
    (("对省内专精特新“小巨人”企业科技特派团团长和成员每人每年给予2万元、1万元工作补助，"
      "省外科技特派团团长和成员每人每年给予4万元、2万元工作补助。"),
     [("省内专精特新“小巨人”企业科技特派团团长", 2e4), ("省内专精特新“小巨人”企业科技特派团成员", 1e4),
      ("省外科技特派团团长", 4e4), ("省外科技特派团成员", 2e4)]),
])
def test_the_roles_of_one_body(text, expected, layout):
    assert [(_norm(a.condition), a.amount, a.per) for a in _awards(text, layout)] == [(c, v, "人/年") for c, v in expected]


@layouts
@pytest.mark.parametrize("text, expected", [
    # c012: a list of grants each named by its kind after one ceiling: both of the one subject, both at most
    ("10.对成功运用知识产权质押融资的驻冀院所高新技术企业，最高分别给予50万元的贷款贴息、30万元的评估担保等费用补贴。",
     [("成功运用知识产权质押融资的驻冀院所高新技术企业", 5e5, "max"), ("成功运用知识产权质押融资的驻冀院所高新技术企业", 3e5, "max")]),
])
def test_grants_listed_by_their_kind(text, expected, layout):
    ex = extract_mentions(LAYOUTS[layout](text))
    assert [(_norm(a.condition), a.amount, a.amount_role) for a in ex.awards] == expected
    assert [m.role for m in ex.amounts] == ["max", "max"]


@layouts
@pytest.mark.parametrize("text, expected", [
    # c002: after another grant joined by 和, the share is of the noun written after it
    ("利用国家资金，对省外购买奶牛按照基准利率进行全额贴息和50%担保费补助。", [("省外购买奶牛", 50, "担保费")]),
    # the seed's form: no base after the share, the base before it stays
    ("年度有效投入在100万元以上的项目，按不超过12%予以奖励，单个企业年度奖补上限500万元。", [("年度有效投入在100万元以上的项目", 12, "年度有效投入")]),
])
def test_a_share_of_the_noun_after_it(text, expected, layout):
    assert [(_norm(a.condition), a.rate, a.rate_base) for a in _awards(text, layout)] == expected


@layouts
@pytest.mark.parametrize("text, expected", [
    # c036: the later tier with other numbers and its nouns elided
    (("对连锁运营5家以上社区居家养老服务设施、营业收入达到100万元以上的，一次性奖励10万元；"
      "连锁运营10家以上、营业收入达到300万元以上的，一次性奖励20万元。"),
     [("连锁运营5家以上社区居家养老服务设施、营业收入达到100万元以上", 1e5),
      ("连锁运营10家以上社区居家养老服务设施、营业收入达到300万元以上", 2e5)]),
])
def test_a_later_tier_with_its_nouns_elided(text, expected, layout):
    assert [(_norm(a.condition), a.amount) for a in _awards(text, layout)] == expected
