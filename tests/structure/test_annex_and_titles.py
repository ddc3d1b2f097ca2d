"""Annexes glued to the text, and titles in the head in every arrangement real pages print them
(passages of the corpus tuning documents, each in several typographies)."""
import pytest

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
