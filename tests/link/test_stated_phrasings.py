"""How 公文 state a repeal, a replacement or their precedence, in the wordings of several drafting styles.

Each sentence names an earlier document (甲省, numbers invented) the way a later one does; the
edge it must give, or none.  Two typographies: run-together (a crawled page) and laid out.
"""
from __future__ import annotations

import pytest
from linkhelpers import make_record

from pipeline.link import link_corpus

ISSUER = "甲省工业和信息化厅"
OLD = "甲工信规〔2019〕2号"
NEW = "甲工信规〔2024〕1号"
CITED = f"《甲省工业企业技术改造资金管理办法》（{OLD}）"


def _laid_out(text: str) -> str:
    return text.replace("。", "。\n").replace("，", "，\n")


TYPOGRAPHY = [lambda t: t, _laid_out]

STATED = [
    # repeals: the verbs 废止 / 失效 / 不再执行 / 停止执行 / 不再施行, with or without 同时 / 自…起
    ("repeals", f"本办法自2024年3月1日起施行，{CITED}同时废止。"),
    ("repeals", f"本办法自印发之日起施行，原{CITED}同时失效。"),
    ("repeals", f"自本办法施行之日起，{CITED}不再执行。"),
    ("repeals", f"{CITED}自本办法施行之日起停止执行。"),
    ("repeals", f"本办法施行后，{CITED}不再施行。"),
    ("repeals", f"现决定废止{CITED}。"),
    ("repeals", f"经研究，决定对{CITED}予以废止。"),
    ("repeals", f"{CITED}即行废止。"),
    # a replacement said in so many words
    ("replaces", f"本办法代替{CITED}。"),
    ("replaces", f"本办法自2024年3月1日起施行，并取代{CITED}。"),
    # precedence: 以本…为准 / 按本…执行 / 按照本…规定执行
    ("precedence", f"{CITED}与本办法不一致的，以本办法为准。"),
    ("precedence", f"{CITED}与本办法规定不一致的，按本办法执行。"),
    ("precedence", f"{CITED}中与本通知不一致的，按照本通知规定执行。"),
    # an amendment in place
    ("amends", f"现对{CITED}作如下修改：一、将第五条修改为：“…”"),
    ("amends", f"决定对{CITED}部分条款予以修改。"),
]

NOT_STATED = [
    # a basis is cited, not repealed, even when the sentence repeals something else unnamed
    f"根据{CITED}，结合我省实际，制定本办法。",
    f"按照{CITED}有关规定，对不再符合条件的企业停止执行优惠政策。",
    # the document's own validity, not another's
    f"本办法自2024年3月1日起施行，有效期5年。{CITED}规定的申报程序继续适用。",
]


def _corpus(body: str):
    old = make_record("第一条　为了…", doc_number=OLD, issuer=ISSUER, name="old.txt",
                      title="甲省工业企业技术改造资金管理办法", issue_date="2019-04-01")
    new = make_record(body, doc_number=NEW, issuer=ISSUER, name="new.txt",
                      title="甲省工业企业技术改造资金管理办法", issue_date="2024-02-01")
    return link_corpus([old, new])


def _stated(linked) -> set[str]:
    return {e.kind for e in linked.edges if e.kind != "cites" and (e.source, e.target) == (NEW, OLD)}


@pytest.mark.parametrize("form", TYPOGRAPHY, ids=["run-together", "laid-out"])
@pytest.mark.parametrize("kind, sentence", STATED)
def test_a_stated_relation_gives_its_edge(form, kind: str, sentence: str) -> None:
    assert kind in _stated(_corpus(form(sentence)))


@pytest.mark.parametrize("form", TYPOGRAPHY, ids=["run-together", "laid-out"])
@pytest.mark.parametrize("sentence", NOT_STATED)
def test_a_citation_that_states_nothing_gives_only_cites(form, sentence: str) -> None:
    linked = _corpus(form(sentence))
    assert _stated(linked) == set()
    assert any(e.kind == "cites" and (e.source, e.target) == (NEW, OLD) for e in linked.edges)
