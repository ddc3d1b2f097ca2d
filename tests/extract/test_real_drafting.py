"""Awards and amounts in real drafting styles (issue 14), one class of error per test.

Every sentence is a tuning-set sentence (tests/corpus/docs c001–c023, c033–c036) or the same
grammar with other numbers and places, each in more than one typography: spaces inside the
numbers, full-width digits, and a line break inside the sentence (read through ingest and
structure, which join broken lines).
"""
from __future__ import annotations

import pytest
from helpers import doc_of

from pipeline.extract import extract_mentions
from pipeline.normalize import fold_digits

_FW = str.maketrans("0123456789", "０１２３４５６７８９")


def _structured(sentence: str):
    from pipeline.ingest import ingest_bytes
    from pipeline.structure import structure_document

    return structure_document(ingest_bytes(f"一、支持政策\n（一）{sentence}\n".encode(), "variant.txt"))


def _spaced(text: str) -> str:
    """`300万元` → `300 万元`, `20%` → `20 %`: spaces between numbers and units."""
    import re

    return re.sub(r"(\d)(万元|亿元|元|%)", r"\1 \2", text)


def _broken(text: str) -> str:
    """A line break in the middle of the sentence (a page or column break)."""
    cut = len(text) // 2
    return text[:cut] + "\n" + text[cut:]


TYPOGRAPHIES = {
    "plain": lambda t: doc_of(t),
    "spaces": lambda t: doc_of(_spaced(t)),
    "fullwidth": lambda t: doc_of(t.translate(_FW)),
    "linebreak": lambda t: _structured(_broken(t)),
}


def _extract(text: str, typo: str):
    return extract_mentions(TYPOGRAPHIES[typo](text))


def _norm(cond: str | None) -> str:
    return fold_digits("".join((cond or "").split()))


typographies = pytest.mark.parametrize("typo", list(TYPOGRAPHIES))


# ---- rate grants with a cap written as one sentence: ONE award (rate, base, cap) -------------

RATE_WITH_CAP = [
    # c006: the grant word is 支持 at the end, the cap joined by 、
    (("对获得药品生产批件的创新药且在省内落地的产业化项目，优先纳入省高技术产业化项目计划，给予不超过项目固定资产投资30%、"
     "最高不超过5000万元的省战略性新兴产业专项资金支持。"),
     ("获得药品生产批件的创新药且在省内落地的产业化项目", 30, "项目固定资产投资", 5e7, None)),
    # c006: the cap's scope after a comma (`单个品种`)
    ("对进入国家集中带量采购中标的药品，给予不高于中标量销售额的10%，单个品种不超过500万元的省级工业转型升级专项资金支持。",
     ("进入国家集中带量采购中标的药品", 10, "中标量销售额", 5e6, "品种")),
    # c001: 按其… (the possessive is not part of the base)
    ("经评估验收完成揭榜任务的实施主体，按其实际投入额的20%、最高不超过200万元予以奖补。",
     ("经评估验收完成揭榜任务的实施主体", 20, "实际投入额", 2e6, None)),
    # c001: the base before the grant verb (`按照…给予最高10%`), the cap per item (`每项`)
    (("省内企业以技术转让方式吸纳京津重大科技成果，单项交易额在50万元以上的，按照技术合同实际交易额给予最高10%的后补助，"
     "每项最高补助100万元。"),
     ("省内企业以技术转让方式吸纳京津重大科技成果，单项交易额在50万元以上", 10, "技术合同实际交易额", 1e6, "项")),
    # the same grammar, another place and numbers
    ("对新认定的市级工程研究中心，优先纳入市重点项目库，给予不超过设备投资额15%、最高不超过300万元的市级专项资金支持。",
     ("新认定的市级工程研究中心", 15, "设备投资额", 3e6, None)),
]


@typographies
@pytest.mark.parametrize("text, expected", RATE_WITH_CAP)
def test_rate_grant_with_cap_is_one_award(text, expected, typo):
    awards = _extract(text, typo).awards
    assert len(awards) == 1, awards
    a = awards[0]
    condition, rate, base, cap, per = expected
    assert (a.amount, a.amount_role, a.rate, a.cap, a.per) == (None, None, rate, cap, per)
    assert _norm(a.rate_base) == base
    assert _norm(a.condition) == _norm(condition)


# ---- shares that are not grants ------------------------------------------------------------

@typographies
@pytest.mark.parametrize("text, expected", [
    # c001/c009/c010: the fee-rate ceiling is no grant; the grant is 80% of the premium
    ("对纳入《河北省重点领域首台（套）重大技术装备产品公告目录》的产品，按不高于3%的费率上限及实际投保年度保费的80%给予投保企业补贴。",
     [(80, "实际投保年度保费")]),
    ("对纳入首台（套）重大技术装备目录的产品，按实际投保年度费的80%、不超过3%费率上限给予保险保费补贴资金补助。",
     [(80, "实际投保年度费")]),
    # c036 / c007: a deduction or a tax credit is not a grant
    ("对拍卖或其他方式成交价格给予不低于10%的适当扣除。", []),
    ("按照当期可抵扣进项税额加计5%抵减应纳增值税税额。", []),
])
def test_shares_that_are_not_grants(text, expected, typo):
    got = [(a.rate, _norm(a.rate_base)) for a in _extract(text, typo).awards]
    assert got == expected


# ---- 分别 lists whose members are grades, prizes or situations -----------------------------

@typographies
@pytest.mark.parametrize("text, expected", [
    # c009: 根据等次 / 根据不同情形 — the grades are not in the condition: one condition, n awards
    # c009: a recipient of one kind of ownership restricts who gets it: kept as written
    ("对获得中国专利奖的民营企业，根据等次分别奖励100万元、50万元、10万元。",
     [("获得中国专利奖的民营企业", 1e6), ("获得中国专利奖的民营企业", 5e5), ("获得中国专利奖的民营企业", 1e5)]),
    ("对通过PCT（专利合作协定）途径向国外申请发明专利，根据不同情形分别资助不超过3万元、5万元、30万元。",
     [
         ("通过PCT（专利合作协定）途径向国外申请发明专利", 3e4),
         ("通过PCT（专利合作协定）途径向国外申请发明专利", 5e4),
         ("通过PCT（专利合作协定）途径向国外申请发明专利", 3e5)]),
    # c016: the prizes after the shared head's 的
    ("自然科学奖、技术发明奖和科学技术进步奖的特等奖、一等奖、二等奖、三等奖奖金数额分别为50万元、30万元、20万元、10万元。",
     [("自然科学奖、技术发明奖和科学技术进步奖的特等奖", 5e5), ("自然科学奖、技术发明奖和科学技术进步奖的一等奖", 3e5),
      ("自然科学奖、技术发明奖和科学技术进步奖的二等奖", 2e5), ("自然科学奖、技术发明奖和科学技术进步奖的三等奖", 1e5)]),
    # c019: labelled amounts after a colon
    ("国家自然科学奖、国家技术发明奖、国家科学技术进步奖奖金数额分别为：一等奖9万元，二等奖6万元。",
     [("国家自然科学奖、国家技术发明奖、国家科学技术进步奖一等奖", 9e4),
      ("国家自然科学奖、国家技术发明奖、国家科学技术进步奖二等奖", 6e4)]),
    # c001: a prize list sharing its head (`河北省专利奖`)
    ("对获得河北省专利奖一等奖、二等奖、三等奖和优秀奖的企业，每项分别奖励30万元、20万元、10万元、5万元。",
     [("河北省专利奖一等奖", 3e5), ("河北省专利奖二等奖", 2e5), ("河北省专利奖三等奖", 1e5), ("河北省专利奖优秀奖", 5e4)]),
])
def test_graded_lists(text, expected, typo):
    ex = _extract(text, typo)
    got = [(_norm(a.condition), a.amount) for a in ex.awards]
    assert got == [(_norm(c), v) for c, v in expected]
    assert not any("does not split" in w for w in ex.warnings)


def test_graded_list_members_go_into_the_head():
    # c036: 按照新建、改建、租赁的建设方式 … 分别给予每床8000元、3500元、1500元
    text = ("对社会资本投资建设且通过等级评定的养老机构，按照新建、改建、租赁的建设方式和核定床位数量，"
            "分别给予每床8000元、3500元、1500元一次性建设补贴。")
    got = [(a.condition, a.amount, a.per) for a in extract_mentions(doc_of(text)).awards]
    assert got == [("社会资本投资建设且通过等级评定的新建养老机构", 8000, "床"),
                   ("社会资本投资建设且通过等级评定的改建养老机构", 3500, "床"),
                   ("社会资本投资建设且通过等级评定的租赁养老机构", 1500, "床")]


# ---- per-head / per-unit grants -------------------------------------------------------------

@typographies
@pytest.mark.parametrize("text, expected", [
    # c001: 每人每年 → 人/年; 分别 over two members
    (("对省内专精特新“小巨人”企业科技特派团团长和成员每人每年给予2万元、1万元工作补助，"
     "省外科技特派团团长和成员每人每年给予4万元、2万元工作补助。"),
     [(2e4, "人/年"), (1e4, "人/年"), (4e4, "人/年"), (2e4, "人/年")]),
    # c001: 每人不少于 (a floor on a personal award is still the award)
    ("对我省推荐获得“中华技能大奖”和“全国技术能手”称号的人员，分别一次性给予每人不少于10万元和5万元奖励。",
     [(1e5, "人"), (5e4, "人")]),
    # c002/c003: 每头, 每场
    ("对新建标准化规模养殖场的，每场补助30万元。", [(3e5, "场")]),
    ("对引进优质奶牛的养殖场，每头补贴200元。", [(200, "头")]),
    # c001: 每项
    ("对获得省科学技术奖一等奖、二等奖的项目，每项分别奖励30万元、20万元。", [(3e5, "项"), (2e5, "项")]),
])
def test_per_unit(text, expected, typo):
    got = [(a.amount, a.per) for a in _extract(text, typo).awards]
    assert got == expected


# ---- ceilings over several awards, sums and ceilings without a grant -------------------------

@typographies
@pytest.mark.parametrize("text", [
    # c004/c006: a ceiling per body per year over all the policy's grants
    "本政策所列的奖励资金按照“就高不就低”原则，同一独立法人单位每年可累计获得最高不超过5000万元奖励或补助资金。",
    "本事项的独立法人企事业单位每年最高累计奖励额度2000万元。",
    # c017: a guarantee balance ceiling (no grant in the sentence)
    "将科技创新类中小企业单户在保余额上限从1000万元提高至不超过3000万元。",
])
def test_no_award(text, typo):
    ex = _extract(text, typo)
    assert ex.awards == ()
    if "累计" in text:  # the ceiling is still an amount, role max
        assert [a.role for a in ex.amounts] == ["max"]


# ---- ranges with a unit on each bound ------------------------------------------------------

@typographies
@pytest.mark.parametrize("text, value, value_max", [
    ("对晋级全国重点实验室、技术创新中心的，给予一次性300万元至500万元奖励性补助。", 3e6, 5e6),
    ("对晋级国家重点实验室、国家技术创新中心的给予300万元-500万元奖励性补助。", 3e6, 5e6),
])
def test_range_grant(text, value, value_max, typo):
    ex = _extract(text, typo)
    # a granted range is a ceiling (LABELLING.md): the amount's role is max, as its award's
    assert [(a.value, a.value_max, a.role) for a in ex.amounts] == [(value, value_max, "max")]
    assert [(a.amount, a.amount_role) for a in ex.awards] == [(value_max, "max")]


def test_range_band_is_a_threshold():
    ex = extract_mentions(doc_of("上年度营业收入总额在5000万元-1亿元的企业，近2年研发费用总额占营业收入总额比重均不低于6%。"))
    assert [(a.text, a.value, a.value_max, a.unit, a.role) for a in ex.amounts] == \
        [("5000万元-1亿元", 5e7, 1e8, "万元", "threshold")]


# ---- the amount others grant, on top of which the policy adds ------------------------------

@typographies
def test_amount_on_top_of_another_grant_is_not_this_policys(typo):
    ex = _extract("苜蓿种植在国家每亩补助600元基础上，省级再补助400元。", typo)
    assert [a.amount for a in ex.awards] == [400]


# ---- misprints and follow-up conditions ------------------------------------------------------

@pytest.mark.parametrize("word", ["类励", "奖励"])
def test_misprinted_grant_word_reads_as_meant(word):
    ex = extract_mentions(doc_of(f"对新取得软件产品评估证书的企业，给予每个产品不超过3万元{word}。"))
    assert [(a.amount, a.amount_role, a.per) for a in ex.awards] == [(3e4, "max", "产品")]
    assert any("misprint" in w for w in ex.warnings) == (word == "类励")
    assert ex.amounts[0].text == "3万元"


@pytest.mark.parametrize("follow, expected", [
    ("复评通过的", "复评通过"),
    ("复核合格的", "复核合格"),
    ("期满重新认定的", "期满重新认定"),
])
def test_follow_up_condition_keeps_its_own_wording(follow, expected):
    text = f"对获评省级技术创新中心的企业给予最高不超过50万元奖励，{follow}给予最高不超过10万元奖励。"
    got = [(a.condition, a.amount) for a in extract_mentions(doc_of(text)).awards]
    assert got == [("省级技术创新中心", 5e5), ("省级技术创新中心" + expected, 1e5)]


# ---- breakdowns of an amount by who pays, and the paying level before the verb ----------------

@typographies
@pytest.mark.parametrize("text, expected", [
    # c003: `其中省级…、市县…` splits the 800 by payer; the payer is not the condition
    ("对规模奶牛场购置饲草收获设备的，给予每台800元的购机补贴，其中省级补贴500元、市县补贴300元。",
     [(800, "台")]),
    # c002/c003: the paying level and an adverb between the unit and the verb
    ("对奶牛场参加生产性能测定的，每头继续补贴70元。", [(70, "头")]),
    # c003: per year
    ("对奶农大会主办方每年补助20万元。", [(2e5, "年")]),
])
def test_payers_and_units(text, expected, typo):
    got = [(a.amount, a.per) for a in _extract(text, typo).awards]
    assert got == expected
