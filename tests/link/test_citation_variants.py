"""Citations written other than the cited document writes itself: a 文号 with a series character
dropped, an issuer abbreviated in the cited title.  Excerpts shaped like the tuning set's Hebei
documents (冀科成市规 / 冀政办字 numbers, 省科技厅 short names), in several typographies."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from pipeline.link import link_corpus
from pipeline.link.resolve import drops_series_characters

sys.path.insert(0, str(Path(__file__).parent))
from linkhelpers import make_record

KJT = "河北省科学技术厅"
RULE_TITLE = "河北省科学技术厅关于印发《河北省科学技术奖励办法实施细则》的通知"


def _resolved(body: str, *, own: str = "冀科成市规〔2022〕1号", title: str = RULE_TITLE,
              policy: str | None = "河北省科学技术奖励办法实施细则", citer_issuer: str = KJT) -> list[str | None]:
    cited = make_record("第一条　…", doc_number=own, issuer=KJT, name="cited.txt", title=title, policy_title=policy,
                        issue_date="2022-06-02")
    citer = make_record(body, doc_number="冀科成市规〔2024〕1号", issuer=citer_issuer, name="citer.txt",
                        issue_date="2024-07-31")
    linked = link_corpus([cited, citer])
    record = next(r for r in linked.records if r.source.file == "citer.txt")
    return [r.resolved for r in record.extraction.references]


@pytest.mark.parametrize("cited, own, expected", [
    ("冀科成市〔2022〕1号", "冀科成市规〔2022〕1号", True),   # 规 dropped
    ("冀政办〔2022〕93号", "冀政办字〔2022〕93号", True),     # 字 dropped
    ("冀政〔2022〕93号", "冀政办字〔2022〕93号", True),       # two dropped
    ("冀〔2022〕93号", "冀政办字〔2022〕93号", False),        # three: no longer the same code
    ("冀科成市〔2022〕2号", "冀科成市规〔2022〕1号", False),  # another serial
    ("冀科成市〔2021〕1号", "冀科成市规〔2022〕1号", False),  # another year
    ("科成市〔2022〕1号", "冀科成市规〔2022〕1号", False),    # the place is never the dropped one
    ("冀科农〔2022〕1号", "冀科成市规〔2022〕1号", False),    # not a subsequence
    ("冀科成市规〔2022〕1号", "冀科成市〔2022〕1号", False),  # an added character is not a drop
])
def test_drops_series_characters(cited, own, expected):
    assert drops_series_characters(cited, own) is expected


@pytest.mark.parametrize("body", [
    "对2022年6月公布的《河北省科学技术奖励办法实施细则》（冀科成市〔2022〕1号）进行了修订。",
    "对《河北省科学技术奖励办法实施细则》(冀科成市[2022]1号)进行了修订。",
    "　　对《河北省科学技术奖励办法实施细则》（冀科成市〔2022〕1号）\n进行了修订。",
    "对《河北省科学技术厅关于印发〈河北省科学技术奖励办法实施细则〉的通知》（冀科成市〔2022〕1号）进行了修订。",
], ids=["run-together", "half-width", "laid-out", "notice-title"])
def test_a_number_missing_its_series_character_resolves_by_its_title(body):
    assert _resolved(body) == ["冀科成市规〔2022〕1号"]


@pytest.mark.parametrize("body", [
    "根据冀科成市〔2022〕1号文件，制定本细则。",  # a bare number may be another series' document
    "依照《河北省科学技术奖励办法》（冀科成市〔2022〕1号）执行。",  # the title names no document of the corpus
], ids=["bare-number", "other-title"])
def test_a_variant_number_alone_is_not_reread(body):
    assert _resolved(body) == ["冀科成市〔2022〕1号"]


SUBJECT_TITLE = "河北省科学技术厅关于进一步鼓励社会力量设立科学技术奖的意见"


@pytest.mark.parametrize("body", [
    "根据《省科技厅关于进一步鼓励社会力量设立科学技术奖的意见》，制定本办法。",
    "　　根据《省科学技术厅关于进一步鼓励社会力量设立科学技术奖的意见》\n制定本办法。",
    "根据《河北省科技厅关于进一步鼓励社会力量设立科学技术奖的意见》，制定本办法。",
    "根据《省科技厅关于进一步鼓励社会力量设立科学技术奖的意见》（冀科奖〔2017〕5号），制定本办法。",
], ids=["relative-short", "relative-laid-out", "absolute-short", "with-its-number"])
def test_an_abbreviated_issuer_in_a_cited_title_resolves_in_its_area(body):
    assert _resolved(body, own="冀科奖〔2017〕5号", title=SUBJECT_TITLE, policy=None) == ["冀科奖〔2017〕5号"]


def test_a_relative_title_of_another_province_is_not_resolved():
    got = _resolved("根据《省科技厅关于进一步鼓励社会力量设立科学技术奖的意见》，制定本办法。", own="冀科奖〔2017〕5号",
                    title=SUBJECT_TITLE, policy=None, citer_issuer="江苏省科学技术厅")
    assert got == [None]


@pytest.mark.parametrize("body, citer_date, expected", [
    ("现对《河北省科学技术奖励办法实施细则》进行了修订。", "2022-06-02", None),  # only a later edition in the corpus
    ("　　现对《河北省科学技术奖励办法实施细则》\n进行了修订。", "2022-06-02", None),
    ("依照《河北省科学技术奖励办法实施细则》执行。", "2025-03-01", "冀科成市规〔2024〕1号"),  # written after it
    ("依照《河北省科学技术奖励办法实施细则》执行。", None, "冀科成市规〔2024〕1号"),  # undated: no date to rule it out
], ids=["earlier-citer", "earlier-citer-laid-out", "later-citer", "undated-citer"])
def test_a_title_never_names_a_document_made_after_its_citer(body, citer_date, expected):
    later = make_record("第一条　…", doc_number="冀科成市规〔2024〕1号", issuer=KJT, name="later.txt", title=RULE_TITLE,
                        policy_title="河北省科学技术奖励办法实施细则", issue_date="2024-07-31")
    citer = make_record(body, doc_number="冀科成市〔2022〕7号", issuer=KJT, name="citer.txt", issue_date=citer_date,
                        title="河北省科学技术厅关于做好科学技术奖励工作的通知")
    linked = link_corpus([later, citer])
    record = next(r for r in linked.records if r.source.file == "citer.txt")
    assert [r.resolved for r in record.extraction.references] == [expected]
