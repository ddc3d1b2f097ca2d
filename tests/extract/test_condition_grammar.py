"""Award conditions from the grammar of the grant (issue 14), one class per test.

Every sentence is a tuning-set sentence (tests/corpus/docs c001–c023, c033–c036) or the same
grammar with other numbers, places and wording, each read in four typographies (plain, spaces
inside the numbers, full-width digits, a line break inside the sentence).
"""
from __future__ import annotations

import pytest
from test_real_drafting import _extract, _norm, typographies


def _conditions(text: str, typo: str) -> list[tuple[str, float | None]]:
    return [(_norm(a.condition), a.amount if a.amount is not None else a.rate) for a in _extract(text, typo).awards]


def _expect(pairs: list[tuple[str, float]]) -> list[tuple[str, float]]:
    return [(_norm(c), v) for c, v in pairs]


# ---- a parallel list inside the phrase shares what is written before and after it -------------

@typographies
@pytest.mark.parametrize("text, expected", [
    # c002: quantities joined by 、 and 及, the head after the last one
    ("省级对存栏300头、500头及1000头以上的奶牛场购置信息化设备、应用软件及相关设施建设分别给予不超过30万元、50万元和300万元一次性补助。",
     [(f"存栏{n}头以上的奶牛场购置信息化设备、应用软件及相关设施建设", v) for n, v in
      [(300, 3e5), (500, 5e5), (1000, 3e6)]]),
    ("市级对存栏200头、400头或800头以上的肉牛场购置环保设备，分别补贴20万元、40万元、80万元。",
     [(f"存栏{n}头以上的肉牛场购置环保设备", v) for n, v in [(200, 2e5), (400, 4e5), (800, 8e5)]]),
    # c002: money as the members
    ("对引进年实际投资额10亿元、5亿元的奶业产业化项目，分别给予1000万元和500万元奖补。",
     [("引进年实际投资额10亿元的奶业产业化项目", 1e7), ("引进年实际投资额5亿元的奶业产业化项目", 5e6)]),
    # c001 / c009: standard levels, the suffix written once or every time
    ("对主持国际、国家、行业标准制修订的企业，每个项目分别资助30万元、20万元、10万元。",
     [("主持国际标准制修订的企业", 3e5), ("主持国家标准制修订的企业", 2e5), ("主持行业标准制修订的企业", 1e5)]),
    ("对主持制修订国际标准、国家标准、地方标准的企业或团体，分别给予20万元、10万元、5万元资助。",
     [("主持制修订国际标准的企业或团体", 2e5), ("主持制修订国家标准的企业或团体", 1e5),
      ("主持制修订地方标准的企业或团体", 5e4)]),
    # c004: phases
    ("对进入Ⅱ期、Ⅲ期临床试验研究的创新药（不同剂型合并计算），分别给予300万元、500万元省战略性新兴产业专项资金奖励；",
     # the note on how grants are counted is no part of the condition (LABELLING.md)
     [("进入Ⅱ期临床试验研究的创新药", 3e6), ("进入Ⅲ期临床试验研究的创新药", 5e6)]),
    # c012: ordinal prizes with 等奖 written once, a qualifier after a comma kept
    ("2.对驻冀院所获得国家科学技术奖一、二等奖，且在我省实现产业化的获奖成果，每项分别给予100万元、50万元的一次性奖励。",
     [("驻冀院所获得国家科学技术奖一等奖，且在我省实现产业化的获奖成果", 1e6),
      ("驻冀院所获得国家科学技术奖二等奖，且在我省实现产业化的获奖成果", 5e5)]),
    ("对高校院所获得省科学技术奖一、二、三等奖，且在本市转化的成果，分别给予80万元、40万元、20万元奖励。",
     [(f"高校院所获得省科学技术奖{g}等奖，且在本市转化的成果", v) for g, v in [("一", 8e5), ("二", 4e5), ("三", 2e5)]]),
    # c001: quoted titles
    ("对我省推荐获得“中华技能大奖”和“全国技术能手”称号的人员，分别一次性给予每人不少于10万元和5万元奖励。",
     [("我省推荐获得“中华技能大奖”称号的人员", 1e5), ("我省推荐获得“全国技术能手”称号的人员", 5e4)]),
])
def test_parallel_list_shares_its_context(text, expected, typo):
    assert sorted(_conditions(text, typo)) == sorted(_expect(expected))


# ---- a prize grade after the prize it grades; the payer and adverb before 对 -------------------

@typographies
@pytest.mark.parametrize("text, expected", [
    # c003: `继续对`, a bare grade of the prize just named, the recipient tail dropped
    ("继续对首次获得中国质量奖、提名奖、省政府质量奖的乳品企业，分别给予200万元、100万元、50万元奖励；",
     [("中国质量奖", 2e6), ("中国质量奖提名奖", 1e6), ("省政府质量奖", 5e5)]),
    ("市县继续对首次获得省长质量奖、提名奖的企业，分别给予100万元、50万元奖励。",
     [("省长质量奖", 1e6), ("省长质量奖提名奖", 5e5)]),
    # c003: `新增专项资金，对获批…的奶牛场`: the status, not the farm
    ("新增专项资金，对获批国家级核心育种场的奶牛场奖励50万元，对获批省级奶牛原种场的奶牛场奖励20万元；",
     [("国家级核心育种场", 5e5), ("省级奶牛原种场", 2e5)]),
    # c001 / c009: a recipient of one kind of ownership restricts who gets it
    ("对获得中国专利奖金奖、银奖、优秀奖的民营企业分别奖励100万元、50万元、10万元；",
     [(f"获得中国专利奖{g}的民营企业", v) for g, v in [("金奖", 1e6), ("银奖", 5e5), ("优秀奖", 1e5)]]),
])
def test_prize_grades_and_payers(text, expected, typo):
    assert sorted(_conditions(text, typo)) == sorted(_expect(expected))


# ---- the lead's other words: layout, time frames, sources, steps, bases, earlier grants -------

@typographies
@pytest.mark.parametrize("text, expected", [
    # c001: a responsibility aside run into the sentence
    ("（责任单位：省财政厅、省地方金融监管局）对在河北股权交易所主板挂牌的科技型中小企业，给予一次性5万元补助。",
     [("在河北股权交易所主板挂牌的科技型中小企业", 5e4)]),
    # c012: an item number with its heading run in before it
    ("支持转化服务平台建设5.对驻冀院所设立的技术转移服务机构，一次性给予30万元奖励性后补助。",
     [("驻冀院所设立的技术转移服务机构", 3e5)]),
    ("支持创办高新技术企业9.对通过认定的高新技术企业，每家给予10万元奖励性后补助。",
     [("通过认定的高新技术企业", 1e5)]),
    # c006 / c009: `新认定的` is a qualifier, kept (new status only); `新认定X的企业` obtains X
    ("对新认定的高新技术企业，给予10万元奖励。", [("新认定的高新技术企业", 1e5)]),
    ("对新认定中国驰名商标的企业奖励50万元。", [("中国驰名商标", 5e5)]),
    # c009: an action obtained keeps its verb
    ("对获批筹建的国家产品质量检验检测中心给予一次性500万元。", [("获批筹建的国家产品质量检验检测中心", 5e6)]),
    # c004: the administration's step after the subject
    ("对获得创新医疗器械特别审查程序的医疗器械项目，择优列入省级科技计划并给予最高不超过100万元省级科技专项经费支持；",
     [("获得创新医疗器械特别审查程序的医疗器械项目", 1e6)]),
    ("支持中成药大品种增加适应症二次开发、循证医学研究，择优列入省级科技计划给予最高不超过100万元省级科技专项经费支持。",
     [("中成药大品种增加适应症二次开发、循证医学研究", 1e6)]),
    # c002: the money's source; the basis of the amount
    ("利用国家资金支持奶牛家庭牧场升级改造，每场补助30万元。", [("奶牛家庭牧场升级改造", 3e5)]),
    ("支持乳品企业自建牧场，按照设计存栏规模，每头牛位省级补助2000元。", [("乳品企业自建牧场", 2000)]),
    # c001: the moment of the grant (`…后`)
    ("对申请在境内A股上市的企业，进入辅导期并在证监局完成备案后，给予100万元补助；",
     [("申请在境内A股上市的企业，进入辅导期并在证监局完成备案", 1e6)]),
    # c001: the condition ends at its grant, a quota after it is not part of it
    ("对金融机构在重点服务领域进行创新的项目给予一次性奖励，每年评选不超过10个，每个项目奖励50万元。",
     [("金融机构在重点服务领域进行创新的项目", 5e5)]),
    # c007: never a lone 符合条件的
    ("鼓励企业建设院士合作载体、博士后科研工作站，对符合条件的院士合作载体给予40万元奖励。", [("院士合作载体", 4e5)]),
    # c012: `将X认定为Y` names X as Y
    ("优先将驻冀院所认定为河北省科技创新券创新服务提供机构，根据开放绩效，每年给予最高30万元的运行补助。",
     [("认定为河北省科技创新券创新服务提供机构的驻冀院所", 3e5)]),
    ("将高校院所认定为市级科技服务机构，每年给予最高20万元的运行补助。", [("认定为市级科技服务机构的高校院所", 2e5)]),
])
def test_lead_words_that_are_no_condition(text, expected, typo):
    assert sorted(_conditions(text, typo)) == sorted(_expect(expected))


@typographies
@pytest.mark.parametrize("text, expected", [
    # c001: a time frame; a rate grant after an earlier fixed grant to the same subject
    ("“十四五”期间，省内企业作为重大科技成果受让方，单项交易额在50万元以上不足100万元的，按照技术合同实际交易额给予最高10%的补助。",
     [("省内企业作为重大科技成果受让方，单项交易额在50万元以上不足100万元", 10)]),
    ("在“新三板”基础层、创新层挂牌的企业，给予一次性10万元补助，实现首次股权融资的，再给予融资额1%且不超过50万元补助。",
     [("在“新三板”基础层、创新层挂牌的企业", 1e5), ("在“新三板”基础层、创新层挂牌的企业实现首次股权融资", 1)]),
    # c010: the payer after the subject
    ("对铸造行业纳入首台（套）重大技术装备产品目录的产品，投保首台（套）重大技术装备综合保险，省级财政按实际投保年度保费的80%给予投保企业补贴。",
     [("铸造行业纳入首台（套）重大技术装备产品目录的产品，投保首台（套）重大技术装备综合保险", 80)]),
    # c007: `，符合条件的` after the subject
    ("对向社会开放科研基础设施和大型仪器设备的单位，符合条件的按出租仪器设备年收入的20%给予补贴，最高不超过80万元。",
     [("向社会开放科研基础设施和大型仪器设备的单位", 20)]),
])
def test_rate_grant_conditions(text, expected, typo):
    assert sorted(_conditions(text, typo)) == sorted(_expect(expected))


# ---- per-unit: what 按 counts, a counted object, grants per unit of new capacity --------------

@typographies
@pytest.mark.parametrize("text, expected", [
    # c009: `按项目分别给予`
    ("对主持制修订国际标准、国家标准、行业标准的企业或团体按项目分别给予30万元、20万元、10万元。",
     [("主持制修订国际标准的企业或团体", 3e5, "项目"), ("主持制修订国家标准的企业或团体", 2e5, "项目"),
      ("主持制修订行业标准的企业或团体", 1e5, "项目")]),
    # c003: the counted object after 每 is the condition; a standard adjusted to the amount
    ("对引进优秀种用胚胎，每枚补贴标准由定额补贴调整为购置款的50%，每支育种用冻精补贴金额调整为150元。",
     [("育种用冻精", 150, "支")]),
    ("奶牛场使用性控冻精扩繁，每支补贴标准调整为75元。", [("奶牛场使用性控冻精扩繁", 75, "支")]),
    # c002 / c003: per unit of new capacity, the rate of output is what is counted
    ("对每新增年产万吨婴幼儿乳粉、年产500吨奶酪或黄油、日产50吨巴氏杀菌乳产能，省级分别支持4000万元、2000万元和1000万元。",
     [("新增婴幼儿乳粉产能", 4e7, "年产万吨"), ("新增奶酪或黄油产能", 2e7, "年产500吨"),
      ("新增巴氏杀菌乳产能", 1e7, "日产50吨")]),
    ("市县继续对每新增日处理生鲜乳100吨的高温灭菌乳、低温酸奶等其他乳制品产能补贴1000万元。",
     [("新增高温灭菌乳、低温酸奶等其他乳制品产能", 1e7, "日处理生鲜乳100吨")]),
    ("对每新增年产2万吨饲料产能，市级补助200万元。", [("新增饲料产能", 2e6, "年产2万吨")]),
])
def test_per_unit_counts(text, expected, typo):
    got = [(_norm(a.condition), a.amount, _norm(a.per)) for a in _extract(text, typo).awards if a.amount]
    assert got == [(_norm(c), v, _norm(p)) for c, v, p in expected]


# ---- amount roles: bands keep their direction, funds and breakdowns are other, ranges are max --

@typographies
@pytest.mark.parametrize("text, expected", [
    # c001: a band between a floor and a ceiling (`以上不足`)
    ("单项交易额在50万元以上不足100万元的，按照技术合同实际交易额给予最高10%的补助。",
     [("50万元", "threshold"), ("100万元", "threshold")]),
    # c017: a bound below keeps its direction: still a band
    ("单笔担保金额500万元及以下的，再担保费率不高于0.3%。", [("500万元", "threshold")]),
    # c002: amounts inside the 对-phrase measure who is granted
    ("对引进年实际投资额10亿元、5亿元的奶业产业化项目，分别给予1000万元和500万元奖补。",
     [("10亿元", "threshold"), ("5亿元", "threshold"), ("1000万元", "fixed"), ("500万元", "fixed")]),
    # c009 / c012: a fund's size, the fund cue nearer than any grant cue
    ("鼓励省级产业引导基金与市合作设立总规模不低于50亿元的产业基金。", [("50亿元", "other")]),
    ("支持科技成果产业化开发应用，设立每年不少于3000万元的重大科技成果转化专项资金。", [("3000万元", "other")]),
    # c003: the shares of an amount by who pays
    ("给予每吨800元的喷粉补贴，其中省级补贴500元、市县补贴300元。",
     [("800元", "fixed"), ("500元", "other"), ("300元", "other")]),
    # c001 / c007: a granted range is a ceiling
    ("对晋级全国重点实验室的，给予一次性300万元至500万元奖励性补助。", [("300万元至500万元", "max")]),
    # c001: a floor on a personal award is still the award
    ("分别一次性给予每人不少于10万元和5万元奖励。", [("10万元", "fixed"), ("5万元", "fixed")]),
])
def test_amount_roles(text, expected, typo):
    got = [(_norm(a.text), a.role) for a in _extract(text, typo).amounts]
    assert got == [(_norm(t), r) for t, r in expected]


# c019: 最高 inside a prize's name is no ceiling (a line break inside the cue word 奖金 is not read)
@pytest.mark.parametrize("typo", ["plain", "spaces", "fullwidth"])
@pytest.mark.parametrize("text", ["国家最高科学技术奖奖金数额为500万元。", "最高人民法院确定的奖金数额为20万元。"])
def test_top_inside_a_name_is_no_ceiling(text, typo):
    assert [a.role for a in _extract(text, typo).amounts] == ["fixed"]


# ---- rate bases: a list inside the base; a standard adjusted to a share -----------------------

@typographies
@pytest.mark.parametrize("text, expected", [
    # c006: 、 inside the base joins its members (it opens another share only after a share)
    ("支持各类药物、高端医疗器械等领域技改项目，给予购置生产设备、检测仪器、研发工器具、配套软硬件系统等费用的10%，单个项目不超过800万元的省级专项资金支持。",
     ("各类药物、高端医疗器械等领域技改项目", 10, "购置生产设备、检测仪器、研发工器具、配套软硬件系统等费用")),
    ("支持工业互联网试点示范项目建设，给予购置自动化设备与改造、信息化软硬件等费用的20%，单个项目不超过100万元的专项资金支持。",
     ("工业互联网试点示范项目", 20, "购置自动化设备与改造、信息化软硬件等费用")),
    # c003: a standard adjusted to a share of a base; the per-unit segment is not the condition
    ("对引进优秀种用胚胎，每枚补贴标准由定额补贴调整为购置款的50%。", ("引进优秀种用胚胎", 50, "购置款")),
    ("对引进优质种公牛，每头补贴标准提高到购置款的30%。", ("引进优质种公牛", 30, "购置款")),
])
def test_rate_bases(text, expected, typo):
    got = [(_norm(a.condition), a.rate, _norm(a.rate_base)) for a in _extract(text, typo).awards if a.rate]
    assert got == [(_norm(expected[0]), expected[1], _norm(expected[2]))]


# ---- the honour named before the grant: `其中…的` picks some of the subject ---------------------

@typographies
@pytest.mark.parametrize("text, expected", [
    ("对新认定的省级领军人才，给予50万元生活补贴，其中未享受住房保障的，可另行给予最高20万元住房补贴。",
     [("新认定的省级领军人才", 5e5), ("新认定的省级领军人才中未享受住房保障的", 2e5)]),
    ("对新引进的市级高层次人才，给予30万元安家补贴。其中在本市首次购房的，再给予10万元购房补贴。",
     [("新引进的市级高层次人才", 3e5), ("新引进的市级高层次人才中在本市首次购房的", 1e5)]),
])
def test_qualifier_of_an_earlier_subject(text, expected, typo):
    assert sorted(_conditions(text, typo)) == sorted(_expect(expected))


# ---- a later step of the same subject (`…后，再给予`) in a sentence without its own subject ------

@typographies
@pytest.mark.parametrize("text, expected", [
    # c001
    ("对申请在境内A股上市的企业，进入辅导期并在证监局完成备案后，给予100万元补助；向证券交易所提交上市申请并获受理后，再给予200万元补助；",
     [("申请在境内A股上市的企业，进入辅导期并在证监局完成备案", 1e6),
      ("申请在境内A股上市的企业，向证券交易所提交上市申请并获受理", 2e6)]),
    ("对拟在新三板挂牌的企业，完成股份制改造后，给予30万元补助。挂牌成功后，再给予50万元奖励。",
     [("拟在新三板挂牌的企业，完成股份制改造", 3e5), ("拟在新三板挂牌的企业，挂牌成功", 5e5)]),
])
def test_later_step_of_the_same_subject(text, expected, typo):
    assert sorted(_conditions(text, typo)) == sorted(_expect(expected))
