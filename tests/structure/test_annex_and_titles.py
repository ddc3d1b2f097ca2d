"""Annexes glued to the text, and titles in the head in every arrangement real pages print them
(passages of the corpus tuning documents, each in several typographies)."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # the renderings are imported by path, as other helpers
import renderings as R

from pipeline.ingest import ingest_bytes
from pipeline.structure import structure_document


def _structure(text: str):
    return structure_document(ingest_bytes(text.encode("utf-8"), "real.txt"))


def _typographies(paras: list[str]) -> list[str]:
    return ["\n".join(paras) + "\n", "　　" + "　　".join(paras) + "\n", "".join(paras) + "\n"]


TYPES = ["lines", "indents", "glued"]

# c011: a 印发 notice whose enclosed 指引 ends in its last article, with annex 2 (a form) glued to it
GUIDE = [
    "河北省科学技术厅关于印发《河北省农业科技小巨人企业培育工作指引》的通知", "冀科农〔2017〕3号", "各市（含定州、辛集市）科技局：",
    "现将《河北省农业科技小巨人企业培育工作指引》印发给你们，请认真组织。",
    "附件：1.河北省农业科技小巨人企业培育工作指引2.河北省农业科技小巨人企业申报书",
    "河北省科学技术厅", "2017年3月30日",
    "附件1", "河北省农业科技小巨人企业培育工作指引",
    "第一章备案条件", "第一条农业科技小巨人企业是指在现代农业产业领域内拥有核心自主知识产权的中小企业。",
    "第二章附则", "第二条本工作指引自2017年4月1日起实施，有效期3年。",
]
FORM = "附件2河北省农业科技小巨人企业申报书企业名称(盖章)填报说明一、本申报书为申请备案填报。一、企业基本情况企业名称注册地"


@pytest.mark.parametrize("text", [t.rstrip("\n") + FORM + "\n" for t in _typographies(GUIDE)], ids=TYPES)
def test_an_annex_glued_to_the_last_article_is_an_annex(text):
    doc = _structure(text)
    assert [c.id for c in doc.clauses] == ["第一章", "第一章/第一条", "第二章", "第二章/第二条"]
    annex = next(p for p in doc.parts if p.name == "附件")
    assert annex.text.startswith("附件2河北省农业科技小巨人企业申报书")
    last = doc.clauses[-1]
    assert last.text.endswith("有效期3年。")


@pytest.mark.parametrize("text", _typographies([
    "各有关单位：", "一、申报范围。附件2所列企业可以申报。", "二、申报时间。附件1所列材料于3月底前报送。",
    "甲省科学技术厅", "2024年3月1日"]), ids=TYPES)
def test_a_sentence_that_begins_with_an_annex_s_name_is_no_annex(text):
    doc = _structure(text)
    assert [c.id for c in doc.clauses] == ["一", "二"]
    assert "附件" not in {p.name for p in doc.parts}


# ---- the head in every arrangement: tuning documents' own title, 文号 and date, printed otherwise ----
FIELDS = ("doc_number", "title", "doc_type", "issuers", "issue_date")
# 文号 above the title, the issuer's name on a line of its own, a two-line title, joint issuers,
# a 转发 notice, a 印发 notice with a long enclosed title
HEADED = ["c003_hebei_naiye_zhengce_2022", "c008_hebei_tidu_peiyu_xize_2022", "c010_hebei_zhuzao_duanya_2023",
          "c012_hebei_zhongyang_zhuji_yuansuo_2017", "c023_guojia_shehui_kejijiang_banfa_2023",
          "c033_guojia_shehui_kejijiang_zhidao_2017", "c034_hebei_gangtie_gaozhiliang_zhuanfa_2022"]


def _split(stem: str) -> tuple[str, str, list[str]]:
    paras = R.paragraphs(stem)
    title = "".join(t for r, t in paras if r == "标题")
    number = "".join(t for r, t in paras if r == "文号")
    return title, number, [t for r, t in paras if r not in ("标题", "文号")]


def _head(arrangement: str, title: str, number: str, date: str) -> list[str]:
    return {
        "title number": [f"{title}　{number}"], "number title": [f"{number}　{title}"],
        "title(number)": [f"{title}（{number}）"], "title number date": [f"{title}　{number}　{date}"],
        "number date title": [f"{number}　{date}　{title}"], "date title number": [f"{date}　{title}　{number}"],
        "headline, title, number": [title, title, number], "headline+title glued, number": [title + title, number],
        "number, headline, title": [number, title, title],
        "headline with the site's name, title, number": [f"{title}_某省人民政府网", title, number],
        "headline - site, title, number": [f"{title} - 某市人民政府", title, number],
    }[arrangement]


ARRANGEMENTS = ["title number", "number title", "title(number)", "title number date", "number date title",
                "date title number", "headline, title, number", "headline+title glued, number",
                "number, headline, title", "headline with the site's name, title, number",
                "headline - site, title, number"]


@pytest.mark.parametrize("sep", ["\n", "　　"], ids=["lines", "indents"])
@pytest.mark.parametrize("arrangement", ARRANGEMENTS)
@pytest.mark.parametrize("stem", HEADED, ids=lambda s: s[:4])
def test_the_head_in_any_arrangement_reads_as_the_plain_text(stem, arrangement, sep):
    title, number, body = _split(stem)
    date = R._cn_date(R.gold(stem)["issue_date"], padded=False)
    doc = _structure(sep.join(_head(arrangement, title, number, date) + body) + "\n")
    expected = R.plain(stem).header
    assert {k: getattr(doc.header, k) for k in FIELDS} == {k: getattr(expected, k) for k in FIELDS}
    assert [c.id for c in doc.clauses] == [c.id for c in R.plain(stem).clauses]


NOTICE, _, NOTICE_BODY = _split("c003_hebei_naiye_zhengce_2022")
OTHER = _split("c010_hebei_zhuzao_duanya_2023")[0]
RULE = _split("c023_guojia_shehui_kejijiang_banfa_2023")[0]


@pytest.mark.parametrize("sep", ["\n", "　　"], ids=["lines", "indents"])
@pytest.mark.parametrize("head", [
    [NOTICE, OTHER],  # a cover listing two notices
    [NOTICE, RULE],
    ["河北省奶业振兴政策汇编", "目录", "1." + NOTICE, "2." + OTHER, NOTICE],  # a compilation
    ["河北省科技创新政策选编"],
], ids=["two notices", "notice and another", "compilation with contents", "selection"])
def test_several_documents_titles_give_no_title_and_a_warning(head, sep):
    doc = _structure(sep.join(head + NOTICE_BODY) + "\n")
    assert doc.header.title is None
    assert any(w.startswith("title:") and "several" in w for w in doc.warnings)


@pytest.mark.parametrize("sep", ["\n", "　　"], ids=["lines", "indents"])
def test_a_notice_s_title_then_its_enclosed_policy_s_is_one_title(sep):
    stem = "c023_guojia_shehui_kejijiang_banfa_2023"
    title, number, body = _split(stem)
    doc = _structure(sep.join([title, "社会力量设立科学技术奖管理办法", number] + body) + "\n")
    assert doc.header.title == title
    assert doc.header.policy_title == "社会力量设立科学技术奖管理办法"
    assert not any("several" in w for w in doc.warnings)


@pytest.mark.parametrize("sep", ["\n", "　　", ""], ids=["lines", "indents", "glued"])
@pytest.mark.parametrize("drop", [1, 2], ids=["from the addressee", "from the first sentence"])
def test_a_headerless_body_gives_nulls_with_warnings_and_its_items(drop, sep):
    stem = "c003_hebei_naiye_zhengce_2022"
    body = _split(stem)[2][drop - 1:]  # the platform's text: no title, no 文号
    doc = _structure(sep.join(body) + "\n")
    assert doc.header.title is None and doc.header.doc_number is None
    assert any(w.startswith("doc_number:") for w in doc.warnings)
    assert doc.header.issuers == ("河北省人民政府办公厅",) and doc.header.issue_date == "2022-06-28"
    assert [c.id for c in doc.clauses] == [c.id for c in R.plain(stem).clauses]


@pytest.mark.parametrize("sep", ["\n", "　　"], ids=["lines", "indents"])
@pytest.mark.parametrize("stem", ["c003_hebei_naiye_zhengce_2022", "c023_guojia_shehui_kejijiang_banfa_2023"],
                         ids=lambda s: s[:4])
def test_the_signer_s_label_is_not_the_addressee(stem, sep):
    """`签发人：某某` beside the 文号 (GB/T 9704's 版头 of an upward document): its colon ends no 主送机关."""
    title, number, body = _split(stem)
    doc = _structure(sep.join([f"{number}　签发人：张三", title] + body) + "\n")
    assert doc.header.title == title and doc.header.doc_number == R.plain(stem).header.doc_number
    assert doc.header.signer == "张三"
    assert doc.header.addressees == R.plain(stem).header.addressees
