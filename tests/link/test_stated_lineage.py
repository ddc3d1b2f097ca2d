"""Amendments, revisions and unnamed precedence, from sentences of the tuning set's families.

Each case is written in two typographies: the crawled run-together form and a laid-out one.
"""
from __future__ import annotations

from dataclasses import replace

import pytest
from linkhelpers import make_record

from pipeline.link import link_corpus

HB = "河北省科学技术厅"
GOV = "河北省人民政府办公厅"


def _kinds(linked, kind):
    return sorted((e.source, e.target) for e in linked.edges if e.kind == kind)


def _laid_out(text: str) -> str:
    return text.replace("。", "。\n").replace("：", "：\n")


TYPOGRAPHY = [lambda t: t, _laid_out]


@pytest.mark.parametrize("form", TYPOGRAPHY, ids=["run-together", "laid-out"])
@pytest.mark.parametrize("sentence", [
    "为进一步改革完善我省科技奖励制度，对《甲省科学技术奖励办法》作如下修改：一、将第十一条第一款修改为：“…”",
    "现对科学技术厅2021年11月28日发布的《甲省科学技术奖励办法》（甲科规〔2021〕4号）作如下修改：一、第三条修改为：…",
])
def test_an_amendment_amends_what_it_names(form, sentence: str) -> None:
    old = make_record("第一条　为了奖励…", doc_number="甲科规〔2021〕4号", issuer=HB, name="old.txt",
                      title="甲省科学技术奖励办法", issue_date="2021-11-28")
    new = make_record(form(sentence), doc_number="甲科规〔2024〕1号", issuer=HB, name="new.txt",
                      title="甲省科学技术奖励办法修正案", issue_date="2024-05-20")
    linked = link_corpus([old, new])
    assert _kinds(linked, "amends") == [("甲科规〔2024〕1号", "甲科规〔2021〕4号")]
    assert _kinds(linked, "replaces") == []


@pytest.mark.parametrize("form", TYPOGRAPHY, ids=["run-together", "laid-out"])
def test_a_revision_replaces_the_edition_it_names(form) -> None:
    old = make_record("第一条　…", doc_number="甲科规〔2022〕1号", issuer=HB, name="old.txt",
                      title="甲省科技厅关于印发《甲省科学技术奖励办法实施细则》的通知", issue_date="2022-06-02")
    text = ("省科技厅对2022年6月公布的《甲省科学技术奖励办法实施细则》（甲科规〔2022〕1号）进行了修订，"
            "现将修订后的《甲省科学技术奖励办法实施细则》印发你们，请遵照执行。"
            "省科技厅2022年6月2日印发的《甲省科学技术奖励办法实施细则》(甲科规〔2022〕1号)同时废止。")
    new = make_record(form(text), doc_number="甲科规〔2024〕1号", issuer=HB, name="new.txt",
                      title="甲省科技厅关于印发《甲省科学技术奖励办法实施细则》的通知", issue_date="2024-07-31")
    linked = link_corpus([old, new])
    assert _kinds(linked, "replaces") == [("甲科规〔2024〕1号", "甲科规〔2022〕1号")]
    assert _kinds(linked, "repeals") == [("甲科规〔2024〕1号", "甲科规〔2022〕1号")]


PRECEDENCE = "本通知自2021年8月20日起施行，有效期1年。我省之前有关规定与本通知不一致的，以本通知规定为准。"


@pytest.mark.parametrize("form", TYPOGRAPHY, ids=["run-together", "laid-out"])
def test_unnamed_precedence_needs_same_issuer_and_subject(form) -> None:
    earlier = make_record("…", doc_number="甲政办字〔2019〕9号", issuer=GOV, name="a.txt", issue_date="2019-11-25",
                          title="关于印发《关于支持生物医药产业高质量发展的若干政策》的通知",
                          policy_title="关于支持生物医药产业高质量发展的若干政策")
    other_subject = make_record("…", doc_number="甲政办字〔2020〕3号", issuer=GOV, name="b.txt",
                                issue_date="2020-03-01", title="关于印发支持康养产业发展若干措施的通知",
                                policy_title="支持康养产业发展若干措施")
    other_issuer = make_record("…", doc_number="乙政办字〔2020〕5号", issuer="乙省人民政府办公厅", name="c.txt",
                               issue_date="2020-05-01", title="关于印发支持医药产业发展若干措施的通知",
                               policy_title="支持医药产业发展若干措施")
    later_same = make_record("…", doc_number="甲政办字〔2022〕1号", issuer=GOV, name="d.txt", issue_date="2022-01-01",
                             title="关于印发支持医药产业发展若干措施的通知", policy_title="支持医药产业发展若干措施")
    new = make_record(form(PRECEDENCE), doc_number="甲政办字〔2021〕104号", issuer=GOV, name="new.txt",
                      issue_date="2021-08-13", title="关于印发支持医药产业发展若干措施的通知",
                      policy_title="支持医药产业发展若干措施")
    linked = link_corpus([earlier, other_subject, other_issuer, later_same, new])
    inferred = [e for e in linked.edges if e.kind == "precedence"]
    assert [(e.source, e.target) for e in inferred] == [("甲政办字〔2021〕104号", "甲政办字〔2019〕9号")]
    assert inferred[0].confidence < 0.9 and "inferred" in inferred[0].evidence


@pytest.mark.parametrize("cited, takes", [("甲科规〔2021〕4号", True), ("甲科规〔2024〕1号", False),
                                          ("甲省人民政府令第4号", True)],
                         ids=["same-year", "other-year", "order-number"])
def test_a_document_without_a_number_takes_the_one_its_citer_gives(cited: str, takes: bool) -> None:
    rule = make_record("第一条　为了奖励…", doc_number=None, issuer="甲省人民政府", name="rule.txt",
                       title="甲省科学技术奖励办法", issue_date="2021-11-28")
    citer = make_record(f"为贯彻落实《甲省科学技术奖励办法》（{cited}），制定本细则。", doc_number="甲科规〔2022〕1号",
                        issuer=HB, name="citer.txt", issue_date="2022-06-02")
    linked = link_corpus([rule, citer])
    node = next(d for d in linked.documents if d.record_file == "rule.txt")
    cites = [(e.source, e.target) for e in linked.edges if e.kind == "cites"]
    if takes:
        assert node.doc_number == cited and node.number_source.startswith("citer.txt")
        assert cites == [("甲科规〔2022〕1号", node.key)]
        assert all(d.key != cited for d in linked.documents)
    else:
        assert node.doc_number is None and cites == [("甲科规〔2022〕1号", cited)]


@pytest.mark.parametrize("form", TYPOGRAPHY, ids=["run-together", "laid-out"])
def test_a_repeal_decision_repeals_each_document_it_lists(form) -> None:
    """The tuning set's repeal decision shape: the list in an annex, entries with a 令 number or 文号."""
    rule = make_record("第一条　…", doc_number=None, issuer="科学技术部", name="rule.txt",
                       title="社会力量设立甲奖管理办法", issue_date="1999-12-26")
    rule = replace(rule, header=replace(rule.header, order_number="科学技术部令第3号"))
    notice = make_record("…", doc_number="国科发成字〔1995〕48号", issuer="科学技术部", name="notice.txt",
                         title="关于甲成果鉴定的通知", issue_date="1995-05-01")
    decision = make_record(form(
        "根据《甲规章制定程序条例》，现决定对部分规章和文件予以废止。附件1：1、社会力量设立甲奖管理办法　　发文单位："
        "科技部　　发文时间与文号：1999年12月26日科学技术部令第3号发布。附件2：1、《关于甲成果鉴定的通知》　　"
        "文号：国科发成字〔1995〕48号"), doc_number=None, issuer="科学技术部", name="decision.txt",
        title="科技部关于对部分规章和文件予以废止的决定", issue_date="2016-06-23")
    linked = link_corpus([rule, notice, decision])
    repealed = {e.target for e in linked.edges if e.kind == "repeals"}
    assert {"国科发成字〔1995〕48号", "科学技术部令第3号"} <= repealed
    assert "科学技术部令第3号" in {d.key for d in linked.documents if d.record_file == "rule.txt"}
    assert not any("甲规章制定程序条例" in t for t in repealed)  # its legal basis is not repealed


@pytest.mark.parametrize("citer_date, expected", [("2022-06-02", "rule"), ("2024-07-31", "省政府令〔2024〕第1号"),
                                                   (None, "rule")],
                         ids=["before-the-new-edition", "after-it", "undated"])
def test_a_title_shared_by_editions_names_the_one_in_force(citer_date, expected) -> None:
    """Editions of one rule share its title; a title-only citation means the edition in force then."""
    rule = make_record("第一条　…", doc_number=None, issuer="甲省人民政府", name="rule.txt",
                       title="甲省科学技术奖励办法", issue_date="2021-11-28")
    numbered = make_record("为贯彻落实《甲省科学技术奖励办法》（省政府令〔2024〕第1号）精神，制定本细则。",
                           doc_number="甲科规〔2024〕2号", issuer=HB, name="numbered.txt", issue_date="2024-08-01")
    citer = make_record("依照《甲省科学技术奖励办法》的规定执行。", doc_number="甲科规〔2024〕9号" if citer_date else None,
                        issuer=HB, name="citer.txt", issue_date=citer_date)
    linked = link_corpus([rule, numbered, citer])
    keys = {d.record_file: d.key for d in linked.documents if d.record_file}
    cited = [e for e in linked.edges if e.kind == "cites" and e.source == keys["citer.txt"]]
    assert [e.target for e in cited] == [keys["rule.txt"] if expected == "rule" else expected]
    assert cited[0].confidence < 1.0
