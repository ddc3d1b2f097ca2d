"""Award and percentage grammar in the drafting styles of several places (issue 14): sentences
written for these tests in 公文 register — national (国务院/部委), municipal (北京/上海/广东 style)
and provincial (内蒙古/新疆/四川 style) — none copied from a corpus document, each read in four
typographies: plain, full-width digits, wrapped by a line break, and an HTML page whose markup
splits the sentence (read through ingest and structure).

The grammar under test (tests/gold/corpus/LABELLING.md):
- a level reached (`达到N%`) in the condition of a grant is eligibility (`other`), in a goal a target;
- money paid back (`返还…的50%`) is a rate grant, a levy (`按…的1.5%计征`) is not;
- a rate of another's grant matched by this policy (`按上级资助资金的50%给予配套支持，最高200万元`)
  is one award with its cap;
- per-unit grants (`每床每月`, `每人每天`, `每张床位给予一次性建设补贴`, `200元/平方米`, `1000元/人`),
  the ceiling written after them a cap, not an award;
- a later tier written as its band alone (`达到5亿元以上的，给予…`) has the earlier tier's subject;
- a measure without money before the grant (`在安排…时给予倾斜，每个城市奖励…`) is no condition.
"""
from __future__ import annotations

import html

import pytest
from helpers import doc_of

from pipeline.extract import extract_mentions
from pipeline.normalize import fold_digits

_FW = str.maketrans("0123456789%", "０１２３４５６７８９％")


def _structured(data: bytes, name: str):
    from pipeline.ingest import ingest_bytes
    from pipeline.structure import structure_document

    return structure_document(ingest_bytes(data, name))


def _wrapped(text: str):
    """Plain text with a hard line break inside the sentence (a printed line's end)."""
    cut = len(text) // 2
    return _structured(f"一、支持政策\n（一）{text[:cut]}\n{text[cut:]}\n".encode(), "wrapped.txt")


def _html(text: str):
    """An HTML page whose runs cut the sentence (a word processor's export pasted into a site)."""
    cut = len(text) // 3
    runs = "".join(f"<span>{html.escape(part, quote=False)}</span>" for part in (text[:cut], text[cut:2 * cut], text[2 * cut:]))
    page = f'<html><head><meta charset="utf-8"></head><body><p>一、支持政策</p><p>（一）{runs}</p></body></html>'
    return _structured(page.encode(), "page.html")


TYPOGRAPHIES = {
    "plain": doc_of,
    "fullwidth": lambda t: doc_of(t.translate(_FW)),
    "wrapped": _wrapped,
    "html": _html,
}
typographies = pytest.mark.parametrize("typo", list(TYPOGRAPHIES))


def _extract(text: str, typo: str):
    return extract_mentions(TYPOGRAPHIES[typo](text))


def _norm(text: str | None) -> str:
    return fold_digits("".join((text or "").split()))


# ---- percentages: the kind follows the grammar of the sentence ------------------------------

PERCENTS = [
    # national: eligibility reached in the grant's condition, the loan it lets the firm claim
    ("对招用符合条件人员达到企业现有在职职工人数20%并签订1年以上劳动合同的小微企业，可申请最高不超过300万元的创业担保贷款。",
     ["other"]),
    ("企业研发投入占销售收入比重达到5%的，给予一次性奖励。", ["other"]),
    ("申报企业研发人员占职工总数的比例达到10%。", ["other"]),
    # goals stay targets
    ("到2025年，全省数字经济核心产业增加值占地区生产总值比重达到10%。", ["target"]),
    ("力争全区规模以上工业企业研发机构覆盖率达到50%以上。", ["target"]),
    # money paid back is a rate; a levy is not a grant
    ("对不裁员或少裁员的参保企业，可返还其上年度实际缴纳失业保险费的50%。", ["rate"]),
    ("残疾人就业保障金按上年用人单位在职职工工资总额的1.5%计征。", ["other"]),
    # floors of shares and fee ceilings (national 融资担保 style)
    ("支小支农担保金额占全部担保金额的比例不得低于80%。", ["other"]),
    ("对单户担保金额500万元及以下的小微企业担保业务，再担保费率不高于0.5%。", ["max_rate"]),
    ("政府性融资担保机构要逐步将平均担保费率降至1%以下。", ["target"]),
    # scoring weights and bands (盟市 考评办法 style): points scored, not goals nor grants
    ("年度考评分值=日常监测（60%）+实地调研（20%）+第三方评估（20%）。", ["other", "other", "other"]),
    ("考评结果按日常监测占40%、实地调研占30%、第三方评估占30%计算。", ["other", "other", "other"]),
    ("政务服务事项网上可办率达到90%以上，得5分；达到80%的，得3分。", ["other", "other"]),
    ("数据归集率达到95%，计2分。", ["other"]),
    ("网上办事大厅覆盖率达到100%。", ["target"]),
    # caps on a grant's share, a rate of another's grant
    ("补贴金额不超过项目总投资的30%。", ["max_rate"]),
    ("按照上级资助资金的50%给予配套支持，最高200万元。", ["rate"]),
    # ceilings and floors written with 不得 (national style); a goal held within a bound
    ("政府性融资担保机构对小微企业的年化担保费率不得高于1%。", ["max_rate"]),
    ("省级担保机构承担的风险责任比例不得低于20%。", ["other"]),
    ("全市城镇调查失业率控制在5.5%以内。", ["target"]),
    # a share raised: both ends are the grant's rate
    ("失业保险稳岗返还比例由50%提高至75%。", ["rate", "rate"]),
    # shares of a fund set aside or shared out are no grants
    ("专项资金的30%用于支持中小企业数字化改造。", ["other"]),
    ("中央财政奖励资金的70%按因素法分配，30%用于对成效明显地区的奖励。", ["other", "other"]),
    # a ceiling on the months a base is counted over does not bound the share; a settlement price
    ("返还标准可按不超过6个月的企业及其职工应缴纳社会保险费50%的标准确定。", ["rate"]),
    ("补贴标准可按不超过上年度当地月平均工资的60%确定。", ["max_rate"]),
    ("偏差电量超过合同电量3%的部分，按照偏差电价的50%结算。", ["other", "other"]),
]


@typographies
@pytest.mark.parametrize("text, roles", PERCENTS)
def test_percent_kind_follows_the_sentence(text, roles, typo):
    assert [p.role for p in _extract(text, typo).percentages] == roles


# ---- rate grants ----------------------------------------------------------------------------

@typographies
@pytest.mark.parametrize("text, expected", [
    # the share of another's grant, matched by this policy, with its cap (municipal style)
    ("对获得国家重大专项支持的项目，按照上级资助资金的50%给予配套支持，最高200万元。",
     ("国家重大专项支持", 50, "上级资助资金", 2e6)),
    # money paid back (national style); the modal 可 is not part of the condition
    ("对不裁员或少裁员的参保企业，可返还其上年度实际缴纳失业保险费的50%。",
     ("不裁员或少裁员的参保企业", 50, "上年度实际缴纳失业保险费", None)),
    # 企业及其职工 is the base's own words
    ("对吸纳就业困难人员的企业，按企业及其职工应缴纳社会保险费的50%给予补贴。",
     ("吸纳就业困难人员的企业", 50, "企业及其职工应缴纳社会保险费", None)),
    # the months the base is counted over are not part of it
    ("对坚持不裁员的参保企业，按不超过6个月的企业及其职工应缴纳社会保险费的50%给予返还。",
     ("坚持不裁员的参保企业", 50, "企业及其职工应缴纳社会保险费", None)),
])
def test_rate_grant(text, expected, typo):
    (a,) = _extract(text, typo).awards
    condition, rate, base, cap = expected
    assert (_norm(a.condition), a.rate, _norm(a.rate_base), a.cap, a.amount) == (condition, rate, base, cap, None)


@typographies
@pytest.mark.parametrize("text, expected", [
    # the payer after the subject is not part of the condition
    ("支持金融机构发放普惠小微贷款，人民银行按照贷款本金的1%提供资金支持。",
     [("金融机构发放普惠小微贷款", 1, "贷款本金")]),
    ("对符合条件的个人创业担保贷款，财政部门按贷款合同签订日贷款市场报价利率的50%给予贴息。",
     [("个人创业担保贷款", 50, "贷款合同签订日贷款市场报价利率")]),
    # a share raised: one award, at the new share
    ("对不裁员的参保企业，返还比例由50%提高至75%。", [("不裁员的参保企业", 75, None)]),
    ("对不裁员的参保企业，将稳岗返还比例由50%提高至75%。", [("不裁员的参保企业", 75, None)]),
    # 分别 over a list of shares: one base; the conditions split when the subject lists as many
    ("对年度考核排名前三的旗县区，分别按项目资金的5%、3%、2%予以奖励。",
     [("年度考核排名前三的旗县区", 5, "项目资金"), ("年度考核排名前三的旗县区", 3, "项目资金"),
      ("年度考核排名前三的旗县区", 2, "项目资金")]),
    ("对获得国家级、省级科技进步奖的企业，分别按研发投入的10%、5%给予奖励。",
     [("国家级科技进步奖", 10, "研发投入"), ("省级科技进步奖", 5, "研发投入")]),
])
def test_rate_grant_subjects(text, expected, typo):
    got = [(_norm(a.condition), a.rate, a.rate_base and _norm(a.rate_base)) for a in _extract(text, typo).awards]
    assert got == expected


@typographies
@pytest.mark.parametrize("text, parties, shares", [
    ("所需资金由市、区两级财政按照6:4比例分担。", ("市", "区"), (6, 4)),
    ("补助资金由自治区与盟市按照7:3比例分担。", ("自治区", "盟市"), (7, 3)),
    ("建设资金省、市、县按照5:3:2的比例分担。", ("省", "市", "县"), (5, 3, 2)),
    ("奖补资金自治区与盟市按照7:3比例分担。", ("自治区", "盟市"), (7, 3)),
])
def test_cost_sharing_between_levels(text, parties, shares, typo):
    got = [(c.parties, c.shares) for c in _extract(text, typo).cost_sharing]
    assert got == [(parties, shares)]


def test_risk_sharing_between_bodies_is_not_fiscal():
    ex = extract_mentions(doc_of("银行、担保机构、政府风险补偿资金按照2:3:5的比例分担风险。"))
    assert ex.cost_sharing == ()


def test_share_that_closes_a_condition_is_no_grant():
    text = "对困难企业，30人（含）以下的参保企业裁员率不高于企业职工总数20%的，可以申请返还。"
    ex = extract_mentions(doc_of(text))
    assert [p.role for p in ex.percentages] == ["max_rate"] and ex.awards == ()


def test_levy_is_no_grant():
    assert extract_mentions(doc_of("用人单位按在职职工工资总额的1.5%计征残疾人就业保障金。")).awards == ()


# ---- per-unit grants ------------------------------------------------------------------------

@typographies
@pytest.mark.parametrize("text, expected", [
    # provincial 养老 style: per bed, per bed and month; the kind of the grant is not its recipient
    ("对新建养老机构，每张床位给予一次性建设补贴1万元。", [("新建养老机构", 1e4, "床位", None)]),
    ("对收住失能老人的养老机构，每床每月给予运营补贴200元。", [("收住失能老人的养老机构", 200, "床/月", None)]),
    # national 就业 style: per person and day
    ("对贫困劳动力参加职业培训的，给予每人每天50元的生活费补贴。", [("贫困劳动力参加职业培训", 50, "人/天", None)]),
    # the standard written per unit after the amount; the ceiling after it is the cap
    ("对租用办公用房的初创企业，按50元/平方米/月给予租金补贴，最高不超过50万元。",
     [("租用办公用房的初创企业", 50, "平方米/月", 5e5)]),
    ("对吸纳登记失业人员就业的企业，按1000元/人给予一次性吸纳就业补贴。", [("吸纳登记失业人员就业的企业", 1000, "人", None)]),
    ("对新建的标准化厂房，按每平方米200元给予补贴，单个园区最高不超过300万元。", [("新建的标准化厂房", 200, "平方米", 3e6)]),
    # 第N条 style: per item with a yearly ceiling per enterprise
    ("对获得授权的发明专利，按每件5000元给予资助，单个企业每年最高不超过50万元。", [("获得授权的发明专利", 5000, "件", 5e5)]),
])
def test_per_unit_grant(text, expected, typo):
    got = [(_norm(a.condition), a.amount, a.per, a.cap) for a in _extract(text, typo).awards]
    assert got == expected


# ---- subjects: the payer, an earlier measure, a later tier ------------------------------------

@typographies
@pytest.mark.parametrize("text, expected", [
    # national style: the payer before 对, the grant noun 资金 after the verb
    ("中央财政对上年度工作成效明显的省份给予奖励，每个省份奖励资金3000万元。", [("上年度工作成效明显的省份", 3e7, "省份")]),
    ("对年度考核排名前10位的城市，在安排中央预算内投资时给予倾斜，每个城市奖励2000万元。",
     [("年度考核排名前10位的城市", 2e7, "城市")]),
    ("对排名前10位的县，中央财政一次性给予每县1000万元奖励资金。", [("排名前10位的县", 1e7, "县")]),
    # tiers: the later tier's band in the earlier tier's subject
    ("对年产值首次达到1亿元以上的企业，给予奖励50万元；达到5亿元以上的，给予奖励100万元。",
     [("年产值首次达到1亿元以上的企业", 5e5, None), ("年产值首次达到5亿元以上的企业", 1e6, None)]),
    ("对年度纳税额首次超过1000万元的企业，给予一次性奖励50万元；超过5000万元的，给予一次性奖励100万元。",
     [("年度纳税额首次超过1000万元的企业", 5e5, None), ("年度纳税额首次超过5000万元的企业", 1e6, None)]),
])
def test_grant_subject(text, expected, typo):
    got = [(_norm(a.condition), a.amount, a.per) for a in _extract(text, typo).awards]
    assert got == expected


@typographies
@pytest.mark.parametrize("text, expected", [
    ("对当年营业收入首次超过1000万元、5000万元、1亿元的企业，分别给予10万元、30万元、50万元的一次性奖励。",
     [1e7, 5e7, 1e8]),
])
def test_listed_tiers_have_their_own_floor(text, expected, typo):
    assert [a.threshold for a in _extract(text, typo).awards] == expected


@typographies
@pytest.mark.parametrize("text, per", [
    ("对符合条件的科技企业孵化器，按照其上年度服务收入的10%给予运营补贴，每家每年最高50万元。", "家/年"),
    ("对在本市设立研发中心的企业，按实际研发投入的20%给予补助，同一企业年度补助总额不超过500万元。", "企业/年"),
])
def test_scope_of_a_rate_grants_cap(text, per, typo):
    (a,) = _extract(text, typo).awards
    assert (a.per, a.cap is not None) == (per, True)


def test_interest_subsidy_on_a_loan_is_granted():
    ex = extract_mentions(doc_of("对成功运用知识产权质押融资的企业，给予最高50万元的贷款贴息。"))
    assert [(a.amount, a.amount_role) for a in ex.awards] == [(5e5, "max")]


@typographies
def test_both_ends_of_a_raised_ceiling_are_ceilings(typo):
    ex = _extract("将个人创业担保贷款最高额度由10万元提高至15万元。", typo)
    assert [(a.value, a.role) for a in ex.amounts] == [(1e5, "max"), (1.5e5, "max")]
    assert ex.awards == ()


@typographies
@pytest.mark.parametrize("text, expected", [
    # a later tier with its grant words elided (`、满20年的3万元`): a grant, with the earlier tier's subject
    ("对在乡村学校连续任教满10年的教师，一次性奖励1万元、满20年的3万元。",
     [("在乡村学校连续任教满10年的教师", 1e4), ("在乡村学校连续任教满20年的教师", 3e4)]),
    # the people a policy encourages to work somewhere, and the term served there (鼓励X在Y就业，满N年的)
    ("鼓励高校毕业生在基层医疗机构稳定就业，连续工作满3年的一次性奖励5000元、满5年的12000元。",
     [("在基层医疗机构连续工作满3年的高校毕业生", 5e3), ("在基层医疗机构连续工作满5年的高校毕业生", 1.2e4)]),
])
def test_elided_tier(text, expected, typo):
    ex = _extract(text, typo)
    assert [(_norm(a.condition), a.amount) for a in ex.awards] == expected
    assert [a.role for a in ex.amounts] == ["fixed", "fixed"]


def test_tier_thresholds():
    ex = extract_mentions(doc_of("对年产值首次达到1亿元以上的企业，给予奖励50万元；达到5亿元以上的，给予奖励100万元。"))
    assert [a.threshold for a in ex.awards] == [1e8, 5e8]


@typographies
@pytest.mark.parametrize("text, expected", [
    # the honour named before a grant, a qualifier picking some of it (with or without 的)
    ("对新认定的省级领军人才，按规定给予工作经费支持，其中未享受住房保障的，可另行给予最高20万元购房补贴。",
     [("新认定的省级领军人才中未享受住房保障的", 2e5, None)]),
    ("对入选自治区高层次人才引进计划的人才，每人给予50万元资助，其中急需紧缺人才可另行给予最高30万元。",
     [("入选自治区高层次人才引进计划的人才", 5e5, "人"), ("入选自治区高层次人才引进计划的人才中急需紧缺人才", 3e5, None)]),
    # a second payer adds to the same subject's grant
    ("对首次认定的高新技术企业，市财政给予一次性奖励30万元，区财政再给予20万元配套奖励。",
     [("首次认定的高新技术企业", 3e5, None), ("首次认定的高新技术企业", 2e5, None)]),
    # per-head amounts of the subject split by a category
    ("对引进的高层次人才，按高级职称每人3万元、中级职称每人1万元给予一次性安家补助。",
     [("引进的高层次人才中高级职称", 3e4, "人"), ("引进的高层次人才中中级职称", 1e4, "人")]),
    # levels of an autonomous region distribute like 国家级、省级; a shared qualifier and level
    ("对经认定的国家级、自治区级技术创新示范企业，分别一次性奖励100万元、50万元。",
     [("国家级技术创新示范企业", 1e6, None), ("自治区级技术创新示范企业", 5e5, None)]),
    ("对新获批的国家级孵化器、众创空间，分别给予最高300万元、100万元的一次性奖励。",
     [("新获批的国家级孵化器", 3e6, None), ("新获批的国家级众创空间", 1e6, None)]),
    # the policy's aim (鼓励/支持…) is no condition: the party named after the verb is granted
    # (the first sentence is c001's, a tuning document; the second the same grammar drafted anew)
    (("鼓励企业建设院士合作重点单位、博士后科研工作站和博士后创新实践基地，给予院士合作重点单位一次性奖励40万元，"
      "给予博士后研究人员日常经费每人每年8万元。"), [("院士合作重点单位", 4e5, None), ("博士后研究人员", 8e4, "人/年")]),
    ("支持企业建设博士后科研工作站，给予新设站单位一次性资助50万元。", [("新设站单位", 5e5, None)]),
    # the object counted one by one
    ("对每个新建的村级养老服务站给予5万元建设补助。", [("新建的村级养老服务站", 5e4, "村级养老服务站")]),
    # 最高可达 is a ceiling cue, not a condition; a grant's standard per head and month
    ("对新落户的总部企业，给予最高可达1000万元的一次性落户奖励。", [("新落户的总部企业", 1e7, None)]),
    ("对吸纳就业困难人员就业的用人单位，给予社会保险补贴和岗位补贴，岗位补贴标准为每人每月500元。",
     [("吸纳就业困难人员就业的用人单位", 500, "人/月")]),
    # the basis of a per-unit amount (按其实际运营面积) is no condition, and no category of the subject
    ("对区级以上众创空间，按其实际运营面积给予每平方米每年100元的场租补贴，最高不超过50万元。",
     [("区级以上众创空间", 100, "平方米/年")]),
])
def test_grant_subject_across_segments(text, expected, typo):
    got = [(_norm(a.condition), a.amount, a.per) for a in _extract(text, typo).awards]
    assert got == expected


# ---- money that is no award -----------------------------------------------------------------

@typographies
@pytest.mark.parametrize("text", [
    "自治区财政每年安排不少于5000万元的专项资金。",
    "安排专项资金1亿元，用于支持产业园区基础设施建设。",
    "污水处理费标准为0.95元/立方米。",
    "个人创业担保贷款最高额度为15万元，贷款期限最长不超过3年。",
    # a loan's limit is money lent, not granted (national 就业 style)
    "对符合条件的个人创业者，可给予最高不超过15万元的创业担保贷款。",
    "对吸纳就业困难人员的小微企业，给予最高不超过300万元的贷款额度支持。",
])
def test_no_award(text, typo):
    assert _extract(text, typo).awards == ()


# ---- grants whose conditions or amounts are listed below the granting sentence ----------------

def _lines_txt(lines: list[str], fullwidth: bool = False):
    text = "\n".join(lines) + "\n"
    return _structured((text.translate(_FW) if fullwidth else text).encode(), "list.txt")


def _lines_html(lines: list[str]):
    body = "".join(f"<p>{html.escape(line, quote=False)}</p>" for line in lines)
    return _structured(f'<html><head><meta charset="utf-8"></head><body>{body}</body></html>'.encode(), "list.html")


LAYOUTS = {
    "txt": _lines_txt,
    "fullwidth": lambda lines: _lines_txt(lines, fullwidth=True),
    "html": _lines_html,
}
layouts = pytest.mark.parametrize("layout", list(LAYOUTS))

# 办法 / 实施细则 style (第N条) and 措施 style (一、/（一）)
SHARED_LISTS = [
    ["第一章　总则", "第一条　为鼓励企业创新，制定本办法。", "第二章　奖励",
     "第五条　符合下列条件之一的企业，给予一次性奖励10万元：", "（一）新认定为国家级高新技术企业的；",
     "（二）首次入选国家级专精特新“小巨人”企业的；", "（三）新获批设立省级以上企业技术中心的。"],
    ["一、支持创新平台建设", "（一）具备下列情形之一的研发机构，一次性给予补助50万元：",
     "1.新认定为自治区级重点实验室的；", "2.新认定为自治区级工程技术研究中心的。"],
]


@layouts
@pytest.mark.parametrize("lines", SHARED_LISTS)
def test_one_amount_shared_by_listed_items(lines, layout):
    ex = extract_mentions(LAYOUTS[layout](lines))
    amount = 1e5 if "10万元" in lines[3] else 5e5
    items = [line for line in lines if line.startswith(("（", "1.", "2."))][-3 if amount == 1e5 else -2:]
    assert [a.amount for a in ex.awards] == [amount] * len(items)
    conditions = [_norm(a.condition) for a in ex.awards]
    assert all(c and "下列" not in c for c in conditions)
    # each condition is its item's status
    for c, item in zip(conditions, items):
        assert c in _norm(item)


STANDARD_LISTS = [
    # 第N条 style: the standard item by item, per head
    (["第六条　对新引进的高层次人才，给予安家补助，标准如下：", "（一）国家级领军人才，每人100万元；",
      "（二）省级领军人才，每人50万元。"],
     [("国家级领军人才", 1e6, "人"), ("省级领军人才", 5e5, "人")]),
    # a 奖励标准 table flattened to text, one row a line, cells joined by |
    (["一、奖励标准", "奖励项目 | 奖励标准", "国家级技术创新示范企业 | 100万元", "省级技术创新示范企业 | 50万元",
      "二、附则"],
     [("国家级技术创新示范企业", 1e6, None), ("省级技术创新示范企业", 5e5, None)]),
    # the same with cells joined by a run of spaces (a PDF's text layer), a ceiling in a cell
    (["一、补助标准", "对新建养老服务设施给予建设补助，标准如下：", "社区养老服务中心    最高不超过30万元",
      "农村互助幸福院    最高不超过10万元", "二、附则"],
     [("社区养老服务中心", 3e5, None), ("农村互助幸福院", 1e5, None)]),
]


# HTML collapses a run of spaces, so the space-joined cells are read as text only (an HTML table's
# cells come out joined by a tab: test_html_table_of_grant_standards)
@pytest.mark.parametrize("lines, expected, layout", [
    (lines, expected, layout) for lines, expected in STANDARD_LISTS for layout in LAYOUTS
    if not (layout == "html" and any("    " in line for line in lines))])
def test_amounts_listed_under_a_grant(lines, expected, layout):
    ex = extract_mentions(LAYOUTS[layout](lines))
    assert [(_norm(a.condition), a.amount, a.per) for a in ex.awards] == expected
    granted = {a.amount for a in ex.awards}
    assert all(m.role in ("fixed", "max") for m in ex.amounts if m.value in granted)


def test_html_table_of_grant_standards():
    rows = [("奖励项目", "奖励标准"), ("国家级技术创新示范企业", "100万元"), ("省级技术创新示范企业", "最高50万元")]
    table = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    page = (f'<html><head><meta charset="utf-8"></head><body><p>一、奖励标准</p><table>{table}</table>'
            "<p>二、附则</p></body></html>")
    ex = extract_mentions(_structured(page.encode(), "table.html"))
    assert [(a.condition, a.amount, a.amount_role) for a in ex.awards] == [
        ("国家级技术创新示范企业", 1e6, "fixed"), ("省级技术创新示范企业", 5e5, "max")]


def test_rows_without_a_granting_header_are_no_awards():
    # a statistics table: its header names no standard
    lines = ["一、基本情况", "地区 | 地区生产总值", "甲市 | 3000亿元", "乙市 | 2000亿元", "二、附则"]
    assert extract_mentions(_lines_txt(lines)).awards == ()
