"""Amendments, revisions and unnamed precedence, from sentences of the tuning set's families.

Each case is written in two typographies: the crawled run-together form and a laid-out one.
"""
from __future__ import annotations

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
