"""Reference finding: every citation pattern, the enclosed policy excluded, offsets exact."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.config import GOLD_DIR
from pipeline.extract.references import extract_references, trim_agency

sys.path.insert(0, str(Path(__file__).parent))  # --import-mode=importlib: helpers are imported by path
from linkhelpers import make_doc


def refs_of(body: str, **kw):
    doc = make_doc(body, **kw)
    refs = extract_references(doc)
    for r in refs:
        assert doc.text[r.start:r.end] == r.raw
    return [(r.doc_number, r.title, r.lead_in) for r in refs]


@pytest.mark.parametrize("body, expected", [
    ("为贯彻落实《江苏省制造业三年行动计划（2022—2024年）》（苏政办发〔2021〕109号）要求，特制定本措施。",
     [("苏政办发〔2021〕109号", "江苏省制造业三年行动计划（2022-2024年）", "为贯彻落实")]),
    ("根据《扬州市工业发展意见》(扬政发[2020]８号)，制定本办法。", [("扬政发〔2020〕8号", "扬州市工业发展意见", "根据")]),
    ("根据《扬州市工业发展意见》（扬政发［2020］008号），制定本办法。", [("扬政发〔2020〕8号", "扬州市工业发展意见", "根据")]),
    ("按照《泰州市专项资金管理办法》（泰财规(2021)3号）执行。", [("泰财规〔2021〕3号", "泰州市专项资金管理办法", "按照")]),
    ("对入选《江苏省重点推广应用的新技术新产品目录》的产品给予奖励。",
     [(None, "江苏省重点推广应用的新技术新产品目录", "入选")]),
    ("根据省政府办公厅苏政办发〔2021〕109号文件精神，制定本方案。", [("苏政办发〔2021〕109号", None, "根据")]),
    ("根据《A市甲办法》《A市乙办法》等文件要求，制定本政策。",
     [(None, "A市甲办法", "根据"), (None, "A市乙办法", "根据")]),
    (("本政策未尽事宜，继续按照《市委市政府加快工业发展的意见》（宿发〔2015〕17号）、"
      "《支持智能化的具体措施》（市制造强市办〔2022〕11号）等文件执行。"),
     [("宿发〔2015〕17号", "市委市政府加快工业发展的意见", "继续按照"),
      ("市制造强市办〔2022〕11号", "支持智能化的具体措施", "继续按照")]),
    ("依据《关于印发〈扬州市甲方案〉的通知》（扬政办发〔2022〕4号）执行。",
     [("扬政办发〔2022〕4号", "关于印发〈扬州市甲方案〉的通知", "依据")]),
    ("本办法自2025年1月1日起施行，《扬州市旧办法》（扬政规〔2019〕2号）同时废止。",
     [("扬政规〔2019〕2号", "扬州市旧办法", None)]),
])
def test_citation_patterns(body, expected):
    assert refs_of(body) == expected


def test_enclosed_policy_is_not_a_reference():
    notice = "现将《扬州市制造业支持政策》印发给你们，请认真贯彻落实。"
    body = "为落实《江苏省制造业行动计划》，制定本政策。"
    got = refs_of(body, doc_number="扬政办发〔2023〕5号", title="关于印发《扬州市制造业支持政策》的通知",
                  policy_title="扬州市制造业支持政策", notice=notice)
    assert got == [(None, "江苏省制造业行动计划", "落实")]


def test_enclosure_sentence_with_a_variant_title_is_not_a_reference():
    notice = "《扬州市制造业若干政策》已经市政府常务会议审议通过，现印发给你们。"
    got = refs_of("本政策由市工信局负责解释。", doc_number="扬政办发〔2023〕5号",
                  title="关于印发扬州市制造业支持政策的通知", policy_title="扬州市制造业支持政策", notice=notice)
    assert got == []


def test_own_number_is_not_a_reference():
    assert refs_of("本意见自印发之日起施行。", doc_number="泗政办发〔2022〕9号", title="关于X的实施意见") == []


@pytest.mark.parametrize("raw, trimmed", [
    ("根据苏政办发〔2021〕109号", "苏政办发〔2021〕109号"),
    ("省政府办公厅苏政办发〔2021〕109号", "苏政办发〔2021〕109号"),
    ("市政府印发的连政发〔2020〕1号", "连政发〔2020〕1号"),
    ("工信部规〔2020〕1号", "工信部规〔2020〕1号"),
    ("市制造强市办〔2022〕11号", "市制造强市办〔2022〕11号"),
])
def test_trim_agency(raw, trimmed):
    assert trim_agency(raw) == trimmed


_CJK = st.text(alphabet=st.sampled_from(list("制造业智能化改造数字化转型实施方案政策措施意见办法")), min_size=2, max_size=20)


@settings(max_examples=60, deadline=None)
@given(title=_CJK, agency=st.sampled_from(["苏政办发", "连工信规", "扬政发", "市制造强市办"]),
       year=st.integers(1990, 2030), serial=st.integers(1, 999),
       brackets=st.sampled_from(["〔〕", "[]", "［］", "()", "（）"]), pad=st.booleans(),
       outer=st.sampled_from(["（）", "()"]))
def test_title_with_number_property(title, agency, year, serial, brackets, pad, outer):
    digits = f"{serial:03d}" if pad else str(serial)
    number = f"{agency}{brackets[0]}{year}{brackets[1]}{digits}号"
    body = f"根据《{title}》{outer[0]}{number}{outer[1]}，制定本办法。"
    assert refs_of(body) == [(f"{agency}〔{year}〕{serial}号", title, "根据")]


def test_seed_references_match_gold(seed_records):
    """Every seed document: the same references (文号, title) as the hand-labelled gold."""
    for stem, record in seed_records.items():
        gold = json.loads((GOLD_DIR / f"{stem}.json").read_text(encoding="utf-8"))["references"]
        got = [(r.doc_number, r.title) for r in record.extraction.references]
        assert got == [(g["doc_number"], g["title"]) for g in gold], stem


# 令 numbers as a citation's number, in the shapes the tuning set's national and provincial
# rules use (brackets, a year, full-width or Chinese serials, a date or a lead-in before it)
@pytest.mark.parametrize("body, expected", [
    ("现对科学技术部1999年12月24日发布的《国家科学技术奖励条例实施细则》（科学技术部令第1号）作如下修改：",
     [("科学技术部令第1号", "国家科学技术奖励条例实施细则", None)]),
    ("为贯彻落实《甲省科学技术奖励办法》（省政府令〔2024〕第1号）精神，制定本细则。",
     [("省政府令〔2024〕第1号", "甲省科学技术奖励办法", "为贯彻落实")]),
    # the order that promulgated the title, later in its sentence, is its number: one cited document
    ("《甲省科学技术奖励办法》已经省政府第135次常务会议通过，以甲省人民政府令第４号颁布。",
     [("甲省人民政府令第4号", "甲省科学技术奖励办法", None)]),
    ("1999年12月26日科学技术部令第3号发布，2006年2月5日科学技术部令第十号修改",
     [("科学技术部令第3号", None, None), ("科学技术部令第10号", None, None)]),
    ("根据《乙市管理办法》（乙市人民政府令（第19号）），制定本细则。",
     [("乙市人民政府令第19号", "乙市管理办法", "根据")]),
])
def test_order_numbers_are_citation_numbers(body, expected):
    assert refs_of(body) == expected


def test_a_documents_own_order_number_is_not_a_reference():
    from dataclasses import replace

    doc = make_doc("科学技术部令第1号　本细则自发布之日起施行。")
    assert [r.doc_number for r in extract_references(doc)] == ["科学技术部令第1号"]
    doc = replace(doc, header=replace(doc.header, order_number="科学技术部令第1号"))
    assert extract_references(doc) == []


@pytest.mark.parametrize("body, expected", [
    # a short name defined right after the citation, then used: one reference
    ("根据工业和信息化部《甲企业梯度培育管理暂行办法》(以下简称《办法》)，制定本细则。按照《办法》要求开展认定。",
     [(None, "甲企业梯度培育管理暂行办法", "根据")]),
    ("为贯彻落实《甲省科学技术奖励办法》（以下简称“奖励办法”），依照《奖励办法》第十条执行。",
     [(None, "甲省科学技术奖励办法", "为贯彻落实")]),
    # the 文号 straight after the title, without brackets
    ("贯彻落实《中共甲省委、甲省人民政府关于加快创新的实施意见》甲发〔2017〕1号和《乙方案》精神。",
     [("甲发〔2017〕1号", "中共甲省委、甲省人民政府关于加快创新的实施意见", "贯彻落实"), (None, "乙方案", "贯彻落实")]),
])
def test_short_names_and_unbracketed_numbers(body, expected):
    assert refs_of(body) == expected
