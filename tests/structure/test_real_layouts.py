"""Structure on real crawled layouts (passages from the corpus tuning documents), each layout
in more than one typography: paragraphs on their own lines, separated only by full-width
indents, and run together with nothing between them."""
import pytest

from pipeline.ingest import ingest_bytes
from pipeline.normalize import parse_date
from pipeline.structure import structure_document
from pipeline.structure.recover import split_orgs


def _structure(text: str):
    return structure_document(ingest_bytes(text.encode("utf-8"), "real.txt"))


def _typographies(paras: list[str]) -> list[str]:
    """The same passage with line breaks, with only `　　` indents, and with nothing between."""
    return ["\n".join(paras) + "\n", "　　" + "　　".join(paras) + "\n", "".join(paras) + "\n"]


def _ids(doc) -> list[str]:
    return [c.id for c in doc.clauses]


# c003: title + 文号 glued, addressee, 一、 sections with （一） items, signature
NOTICE = [
    "河北省人民政府办公厅关于进一步强化奶业振兴支持政策的通知", "冀政办字〔2022〕93号",
    "各市（含定州、辛集市）人民政府，雄安新区管委会，省政府有关部门：",
    "为深入贯彻落实《河北省奶业振兴规划纲要（2019-2025年）》，进一步强化奶业扶持政策，经省政府同意，现就有关事项通知如下。",
    "一、加快奶牛种业发展",
    "（一）支持基因检测。新增专项资金，对高产奶牛核心群全基因组检测每头补贴200元。（责任单位：省农业农村厅）",
    "（二）支持奶牛育种集群创建。对获批国家级核心育种场的奶牛场奖励50万元。（责任单位：省农业农村厅）",
    "二、强化金融政策支持",
    "（三）支持新型保险产品开发。继续推行政策性奶牛保险，稳定养殖收益预期。（责任单位：省财政厅、省农业农村厅）",
    "河北省人民政府办公厅", "2022年6月28日",
]


@pytest.mark.parametrize("text", _typographies(NOTICE), ids=["lines", "indents", "glued"])
def test_notice_header_and_items_in_any_typography(text):
    doc = _structure(text)
    h = doc.header
    assert h.doc_number == "冀政办字〔2022〕93号"
    assert h.title == "河北省人民政府办公厅关于进一步强化奶业振兴支持政策的通知"
    assert h.doc_type == "通知"
    assert h.issuers == ("河北省人民政府办公厅",)
    assert h.issue_date == "2022-06-28"
    assert _ids(doc) == ["一", "一/（一）", "一/（二）", "二", "二/（三）"]


# c009 / c036: a headerless 印发 notice, joint issuers glued in the signature, the enclosed policy after it
ENCLOSING = [
    "省有关部门：", "《关于支持钒钛产业高质量发展的若干措施》已经省政府同意，现印发你们，请结合实际，认真抓好贯彻落实。",
    "河北省工业和信息化厅河北省发展和改革委员会", "河北省科学技术厅河北省自然资源厅", "2023年5月11日",
    "关于支持钒钛产业高质量发展的若干措施", "为提升钒钛产业核心竞争力，制定如下措施。",
    "一、全面提升创新能力", "（一）推进创新平台建设。支持创建省级制造业创新中心。",
    "（二）实施关键共性技术攻关。省级科技专项资金重点支持关键共性技术研发项目。",
    "二、完善产业生态", "（三）培育龙头企业。支持企业兼并重组。",
]


@pytest.mark.parametrize("text", _typographies(ENCLOSING), ids=["lines", "indents", "glued"])
def test_enclosed_policy_items_are_the_clauses(text):
    doc = _structure(text)
    h = doc.header
    assert h.policy_title == "关于支持钒钛产业高质量发展的若干措施"
    assert h.doc_type == "通知"
    assert h.issuers == ("河北省工业和信息化厅", "河北省发展和改革委员会", "河北省科学技术厅", "河北省自然资源厅")
    assert h.issue_date == "2023-05-11"
    assert _ids(doc) == ["一", "一/（一）", "一/（二）", "二", "二/（三）"]


# c019 / c021: a 令 with its number, the title, the date, chapters and articles; cross-references start nothing
ORDER = [
    "科学技术部令第3号", "社会力量设立科学技术奖管理办法", "1999年12月26日",
    "第一章总则", "第一条为了鼓励社会力量支持科学技术事业，根据《国家科学技术奖励条例》，制定本办法。",
    "第二条社会力量设奖是指利用非国家财政性经费面向社会设立的经常性的科学技术奖。",
    "第二章设立", "第三条设奖者应当依照本办法第二条规定办理登记手续：",
    "（一）有规范的名称；", "（二）有必要的经费。",
    "第四条本办法自发布之日起施行。",
]


@pytest.mark.parametrize("text", _typographies(ORDER), ids=["lines", "indents", "glued"])
def test_order_number_title_date_and_articles(text):
    doc = _structure(text)
    h = doc.header
    assert h.doc_number is None
    assert h.order_number == "科学技术部令第3号"
    assert h.title == "社会力量设立科学技术奖管理办法"
    assert h.issuers == ("科学技术部",)
    assert h.issue_date == "1999-12-26"
    assert h.effective_from == "1999-12-26"
    assert _ids(doc) == ["第一章", "第一章/第一条", "第一章/第二条", "第二章", "第二章/第三条",
                         "第二章/第三条/（一）", "第二章/第三条/（二）", "第二章/第四条"]


# c023: title, 文号 and addressee glued; a （此件主动公开） note and the enclosed title after the signature
ARTICLES_NOTICE = [
    "科技部关于印发《社会力量设立科学技术奖管理办法》的通知", "国科发奖〔2023〕11号", "各有关单位：",
    "为引导社会力量设立科学技术奖规范健康发展，科技部研究制定了《社会力量设立科学技术奖管理办法》。现印发给你们，请遵照执行。",
    "科技部", "2023年2月6日", "（此件主动公开）", "社会力量设立科学技术奖管理办法",
    "第一章总则", "第一条为引导社会力量设立科学技术奖规范健康发展，制定本办法。",
    "第二条本办法适用于社会科技奖的设立和监督管理等工作。", "第三条本办法自发布之日起实施。",
]


@pytest.mark.parametrize("text", _typographies(ARTICLES_NOTICE), ids=["lines", "indents", "glued"])
def test_notice_enclosing_articles(text):
    doc = _structure(text)
    h = doc.header
    assert h.doc_number == "国科发奖〔2023〕11号"
    assert h.title == "科技部关于印发《社会力量设立科学技术奖管理办法》的通知"
    assert h.policy_title == "社会力量设立科学技术奖管理办法"
    assert h.issuers == ("科学技术部",)
    assert h.issue_date == "2023-02-06"
    assert h.effective_from == "2023-02-06"
    assert _ids(doc) == ["第一章", "第一章/第一条", "第一章/第二条", "第一章/第三条"]


@pytest.mark.parametrize("raw,iso", [
    ("二ＯＯ四年十二月二十七日", "2004-12-27"), ("二OO四年十二月二十七日", "2004-12-27"),
    ("二○一六年六月二十三日", "2016-06-23"), ("二〇二三年五月八日", "2023-05-08"), ("２０２３年５月８日", "2023-05-08"),
])
def test_dates_with_chinese_numerals_and_o_for_zero(raw, iso):
    assert parse_date(raw) == iso


@pytest.mark.parametrize("glued,names", [
    ("财政部科技部工业和信息化部", ["财政部", "科技部", "工业和信息化部"]),
    ("河北省工业和信息化厅河北省发展和改革委员会河北省生态环境厅",
     ["河北省工业和信息化厅", "河北省发展和改革委员会", "河北省生态环境厅"]),
    ("河北省人民政府办公厅", ["河北省人民政府办公厅"]),
    ("财政部办公厅　工业和信息化部办公厅", ["财政部办公厅", "工业和信息化部办公厅"]),
])
def test_joint_issuers_run_together(glued, names):
    assert split_orgs(glued) == names


def test_cross_reference_does_not_start_an_article():
    doc = _structure("第一条为了规范管理，制定本办法。第二条符合本办法第一条规定的，按照本办法第三条办理。第三条本办法自发布之日起施行。\n")
    assert _ids(doc) == ["第一条", "第二条", "第三条"]


def test_validity_years_count_from_the_stated_start():
    doc = _structure("\n".join(NOTICE[:-2] + ["本通知自印发之日起施行，有效期3年。", "河北省人民政府办公厅", "2022年6月28日"]) + "\n")
    assert (doc.header.effective_from, doc.header.effective_to) == ("2022-06-28", "2025-06-27")


# c013 / c022: a promulgation preamble signed by the head of the issuing body, then the rule itself
PROMULGATION = [
    "科学技术部令第17号", "《科技部关于对部分规章和文件予以废止的决定》",
    "《科技部关于对部分规章和文件予以废止的决定》已经科学技术部2016年第21次部务会议审议通过，现予公布，自公布之日起施行。",
    "部长万钢", "二○一六年六月二十三日", "科技部关于对部分规章和文件予以废止的决定",
    "根据国务院有关要求，科技部对单独制定的规章和文件进行了全面清理。现决定对部分规章予以废止。",
]


@pytest.mark.parametrize("text", _typographies(PROMULGATION), ids=["lines", "indents", "glued"])
def test_promulgation_signed_by_the_head(text):
    h = _structure(text).header
    assert h.order_number == "科学技术部令第17号"
    assert h.title == "科技部关于对部分规章和文件予以废止的决定"
    assert h.policy_title is None
    assert h.doc_type == "决定"
    assert h.issuers == ("科学技术部",)
    assert h.issue_date == "2016-06-23"
    assert h.effective_from == "2016-06-23"
