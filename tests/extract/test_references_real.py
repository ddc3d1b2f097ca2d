"""References in real drafting (passages of the corpus tuning documents), each in several typographies:
paragraphs on their own lines, separated only by full-width indents, run together with nothing between.

- the enclosed policy's title, wherever a 印发/转发 notice names it, is no reference (structure marks
  each mention as a `所附政策名称` part); the earlier edition a revision replaces is one;
- the order that promulgated a cited title is its number (`以…令第N号颁布`), in brackets whatever
  the issuer is called (`证监会令第105号`, `发展改革委等10部门令第39号`);
- a form or certificate named in 《》 is not a document;
- a later citation that drops the level word of the place (`河北省X` → `河北X`) is the same document.
"""
import pytest

from pipeline.extract.references import extract_references
from pipeline.ingest import ingest_bytes
from pipeline.structure import structure_document
from pipeline.structure.enclosed import PART_NAME


def _doc(text: str):
    return structure_document(ingest_bytes(text.encode("utf-8"), "real.txt"))


def _typographies(paras: list[str]) -> list[str]:
    return ["\n".join(paras) + "\n", "　　" + "　　".join(paras) + "\n", "".join(paras) + "\n"]


def _refs(doc) -> list[tuple[str | None, str | None]]:
    refs = extract_references(doc)
    for r in refs:
        assert doc.text[r.start:r.end] == r.raw
    return [(r.doc_number, r.title) for r in refs]


TYPES = ["lines", "indents", "glued"]

# c015: a 印发 notice of a revised 细则, which cites the rule it implements (with the 令 that
# promulgated it) and the earlier edition of the 细则 it revises
REVISION = [
    "冀科成市规〔2022〕1号", "河北省科学技术厅关于印发《河北省科学技术奖励办法实施细则》的通知", "各有关单位：",
    ("《河北省科学技术奖励办法》已经省政府第135次常务会议通过，以河北省人民政府令第4号颁布，并于2022年4月1日起施行。"
    "为进一步保障河北省科学技术奖励工作的科学化、制度化、规范化，对《河北省科学技术奖励办法实施细则》进行了修订。"),
    "现将修订后的《河北省科学技术奖励办法实施细则》印发你们，请遵照执行。",
    "河北省科学技术厅", "2022年6月2日",
]


@pytest.mark.parametrize("text", _typographies(REVISION), ids=TYPES)
def test_the_earlier_edition_is_cited_the_enclosed_one_is_not(text):
    doc = _doc(text)
    assert doc.header.policy_title == "河北省科学技术奖励办法实施细则"
    assert _refs(doc) == [("河北省人民政府令第4号", "河北省科学技术奖励办法"), (None, "河北省科学技术奖励办法实施细则")]
    mentions = [p for p in doc.parts if p.name == PART_NAME]
    # the title's mention and the handing-out sentence's; not the object of the revision
    assert [p.text for p in mentions] == ["《河北省科学技术奖励办法实施细则》"] * 2
    revised = doc.text.index("对《") + 1
    assert all(not (p.start <= revised < p.end) for p in mentions)
    assert doc.text.index("修订后的《") + 4 in [p.start for p in mentions]


@pytest.mark.parametrize("earlier", ["原《甲省科技奖励实施细则》同时废止。",
                                     "《甲省科技奖励实施细则》（甲科规〔2019〕2号）同时废止。"])
def test_a_repealed_earlier_edition_is_cited(earlier):
    doc = _doc("\n".join(["甲科规〔2024〕1号", "甲省科学技术厅关于印发《甲省科技奖励实施细则》的通知", "各有关单位：",
                          f"现将修订后的《甲省科技奖励实施细则》印发给你们，请遵照执行。{earlier}",
                          "甲省科学技术厅", "2024年3月1日"]) + "\n")
    refs = _refs(doc)
    assert [t for _, t in refs] == ["甲省科技奖励实施细则"]
    assert refs[0][0] == ("甲科规〔2019〕2号" if "〔2019〕" in earlier else None)


# c034: a 转发 notice whose title quotes the forwarded 措施 without the `的` its text has
FORWARD = [
    "河北省人民政府办公厅关于转发省工业和信息化厅省发展改革委省生态环境厅《河北省加快推进钢铁产业高质量发展若干措施》的通知",
    "冀政办字〔2022〕28号", "各市（含定州、辛集市）人民政府，雄安新区管委会，省政府有关部门：",
    ("省工业和信息化厅、省发展改革委、省生态环境厅《河北省加快推进钢铁产业高质量发展的若干措施》已经省委、省政府同意，"
    "现转发给你们，请认真抓好贯彻执行。"),
    ("一、提高政治站位。认真落实《工业和信息化部国家发展和改革委员会生态环境部关于促进钢铁工业高质量发展的指导意见》"
    "（工信部联原〔2022〕6号），加快推进钢铁产业质量变革。"),
    "河北省人民政府办公厅", "2022年3月4日",
]


@pytest.mark.parametrize("text", _typographies(FORWARD), ids=TYPES)
def test_the_forwarded_policy_is_no_reference_in_either_spelling(text):
    doc = _doc(text)
    assert len([p for p in doc.parts if p.name == PART_NAME]) == 2
    assert _refs(doc) == [("工信部联原〔2022〕6号", "工业和信息化部国家发展和改革委员会生态环境部关于促进钢铁工业高质量发展的指导意见")]


# c008 (a 细则 citing national rules by their 令 numbers), in several bracket and digit typographies
@pytest.mark.parametrize("cited,number", [
    ("《创业投资企业管理暂行办法》（发展改革委等10部门令第39号）", "发展改革委等10部门令第39号"),
    ("《创业投资企业管理暂行办法》(发展改革委等１０部门令第３９号)", "发展改革委等10部门令第39号"),
    ("《私募投资基金监督管理暂行办法》（证监会令第105号）", "证监会令第105号"),
    ("《私募投资基金监督管理暂行办法》（证监会令第一百零五号）", "证监会令第105号"),
    ("《私募投资基金监督管理暂行办法》（证监会令（第105号））", "证监会令第105号"),
])
def test_an_order_number_in_brackets_whatever_its_issuer_is_called(cited, number):
    doc = _doc(f"第九条　所称合格机构投资者是指符合{cited}相关规定的创业投资基金。\n")
    assert [n for n, _ in _refs(doc)] == [number]


@pytest.mark.parametrize("sentence", [
    "《甲省科学技术奖励办法》已经省政府第135次常务会议通过，以甲省人民政府令第4号颁布，自2022年4月1日起施行。",
    "《甲省科学技术奖励办法》经省政府常务会议审议通过，以甲省人民政府令第４号公布。",
    "《甲省科学技术奖励办法》已于2021年11月17日以甲省人民政府令〔2021〕第4号发布。",
])
def test_the_promulgating_order_is_the_title_s_number(sentence):
    doc = _doc(f"各有关单位：\n{sentence}现将有关事项通知如下。\n")
    refs = _refs(doc)
    assert len(refs) == 1 and refs[0][1] == "甲省科学技术奖励办法" and "令" in refs[0][0] and refs[0][0].endswith("第4号")


def test_an_order_in_another_sentence_is_not_the_title_s():
    doc = _doc("各有关单位：\n依据《甲省科学技术奖励办法》开展工作。以甲省人民政府令第4号颁布的规定同时适用。\n")
    assert _refs(doc) == [(None, "甲省科学技术奖励办法"), ("甲省人民政府令第4号", None)]


# c011, c021: forms and certificates named in 《》
@pytest.mark.parametrize("sentence", [
    "3.备案需提交的有关材料：《河北省农业科技小巨人企业申报书》；",
    "第十二条　审批机关对批准的社会力量设奖，发给由科学技术部统一制作的《社会力量设立科学技术奖登记证书》。",
    "申报单位填写《甲省科技型企业认定申请表（2024年版）》，并附相关证明材料。",
    "项目承担单位签订《甲省重点研发计划项目任务书》后拨付资金。",
])
def test_a_form_or_certificate_is_not_a_reference(sentence):
    assert _refs(_doc(sentence + "\n")) == []


def test_a_catalogue_or_a_standard_is_still_a_reference():
    doc = _doc("对列入《河北省重点领域首台（套）重大技术装备产品公告目录》且符合《企业会计准则》的企业给予奖励。\n")
    assert [t for _, t in _refs(doc)] == ["河北省重点领域首台（套）重大技术装备产品公告目录", "企业会计准则"]


# c002: the same plan cited with and without the province's level word
@pytest.mark.parametrize("first,later", [
    ("河北省奶业振兴规划纲要（2019-2025年）", "河北奶业振兴规划纲要（2019-2025年）"),
    ("河北奶业振兴规划纲要（2019-2025年）", "河北省奶业振兴规划纲要（2019-2025年）"),
    ("黑龙江省奶业振兴规划纲要", "黑龙江奶业振兴规划纲要"),
])
def test_a_later_citation_without_the_level_word_is_the_same_document(first, later):
    text = (f"为贯彻落实《{first}》，制定本意见。\n"
            f"一、总体要求。确保《{later}》任务目标如期实现。\n")
    refs = extract_references(_doc(text))
    assert [r.title for r in refs] == [first, first]
    assert refs[1].raw == f"《{later}》"  # the text as printed stays the evidence


def test_different_places_are_different_documents():
    refs = extract_references(_doc("依据《甲省奶业规划》和《乙省奶业规划》执行。\n"))
    assert [r.title for r in refs] == ["甲省奶业规划", "乙省奶业规划"]


@pytest.mark.parametrize("raw,number", [
    ("证监会令第105号", "证监会令第105号"), ("（证监会令第一百零五号）", "证监会令第105号"),
    ("发展改革委等10部门令第39号", "发展改革委等10部门令第39号"), ("发展改革委等１０部门令第３９号", "发展改革委等10部门令第39号"),
    ("以河北省人民政府令第4号颁布", "河北省人民政府令第4号"), ("河北省人民政府令（第7号）", "河北省人民政府令第7号"),
    ("经省政府第135次常务会议通过", None), ("本会议第3号决议", None),
])
def test_order_numbers_whatever_the_issuer_is_called(raw, number):
    from pipeline.normalize import normalize_order_number

    assert normalize_order_number(raw) == number


# c015's promulgation sentence with its 令 number in the other order (`第N号令`), as orders are cited
@pytest.mark.parametrize("order,number", [
    ("河北省人民政府第4号令", "河北省人民政府令第4号"),
    ("省政府第4号令", "省政府令第4号"),
    ("河北省人民政府第四号令", "河北省人民政府令第4号"),
])
@pytest.mark.parametrize("typography", range(3), ids=TYPES)
def test_an_order_number_with_its_series_word_after_the_serial(order, number, typography):
    paras = [p.replace("以河北省人民政府令第4号颁布", f"以{order}颁布") for p in REVISION]
    assert paras != REVISION
    doc = _doc(_typographies(paras)[typography])
    assert _refs(doc) == [(number, "河北省科学技术奖励办法"), (None, "河北省科学技术奖励办法实施细则")]


# c016: an order number with its year (`省政府令〔2024〕第1号`) and the earlier 细则's 文号, here printed
# with a 第 (`冀科成市规〔2022〕第1号`), in brackets after their titles or bare in the sentence
XIZE_2024 = [
    "冀科成市规〔2024〕1号", "河北省科学技术厅关于印发《河北省科学技术奖励办法实施细则》的通知", "各有关单位：",
    "为贯彻落实《河北省科学技术奖励办法》（省政府令〔2024〕第1号）精神，进一步规范我省科学技术奖的提名、评审、授予等活动。",
    "省科技厅2022年6月2日印发的《河北省科学技术奖励办法实施细则》(冀科成市规〔2022〕第1号)同时废止。",
    "河北省科学技术厅", "2024年7月31日",
]


@pytest.mark.parametrize("bare", [False, True], ids=["after-titles", "bare"])
@pytest.mark.parametrize("typography", range(3), ids=TYPES)
def test_a_doc_number_with_di_and_an_order_number_are_told_apart(bare, typography):
    paras = XIZE_2024
    if bare:  # the numbers alone: `根据省政府令〔2024〕第1号`, `冀科成市规〔2022〕第1号同时废止`
        paras = [p.replace("《河北省科学技术奖励办法》（省政府令〔2024〕第1号）", "省政府令〔2024〕第1号")
                  .replace("《河北省科学技术奖励办法实施细则》(冀科成市规〔2022〕第1号)", "冀科成市规〔2022〕第1号")
                 for p in XIZE_2024]
        assert paras != XIZE_2024
    doc = _doc(_typographies(paras)[typography])
    assert doc.header.doc_number == "冀科成市规〔2024〕1号"
    got = _refs(doc)
    titles = [("河北省科学技术奖励办法", "河北省科学技术奖励办法实施细则"), (None, None)][bare]
    assert got == [("省政府令〔2024〕第1号", titles[0]), ("冀科成市规〔2022〕1号", titles[1])]


# c034's citation of the ministries' 意见, its 文号 printed with a 第, in the brackets a citation uses
@pytest.mark.parametrize("number", ["（工信部联原〔2022〕第6号）", "(工信部联原[2022]第6号)", "（工信部联原〔2022〕第 6 号）"])
def test_a_doc_number_with_di_after_a_title(number):
    paras = [p.replace("（工信部联原〔2022〕6号）", number) for p in FORWARD]
    assert paras != FORWARD
    refs = _refs(_doc(_typographies(paras)[0]))
    assert ("工信部联原〔2022〕6号", "工业和信息化部国家发展和改革委员会生态环境部关于促进钢铁工业高质量发展的指导意见") in refs


@pytest.mark.parametrize("raw,number", [
    ("冀政办字〔2022〕第12号", "冀政办字〔2022〕12号"), ("根据冀政办字﹝2022﹞第12号文件", "冀政办字〔2022〕12号"),
    ("省政府令〔2024〕第1号", None), ("省政府令〔2024〕1号", None), ("河北省人民政府第4号令", None),
])
def test_a_doc_number_is_never_an_order_number(raw, number):
    """令/公告/通告 before the year's bracket or the 第 makes an order number, never a 文号."""
    from pipeline.normalize import normalize_doc_number, normalize_order_number

    assert normalize_doc_number(raw) == number
    assert (normalize_order_number(raw) is None) == (number is not None)
