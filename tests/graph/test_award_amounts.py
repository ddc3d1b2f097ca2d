"""Each money mention linked to the award it states a figure of (grant, threshold, cap):
the rule on sentences of the tuning corpus, and a SPARQL join over the graph of the seeds and
the tuning documents checked against the records."""
from __future__ import annotations

import pytest
from corpus_graph import ROOT, build_graph_of, tuning_paths
from extract.helpers import doc_of  # tests/extract's one-clause document (tests/ is on sys.path)

from pipeline.extract import extract_mentions
from pipeline.graph.build import award_figures

PKG = "https://policykg.example.org/ontology#"


def _figures(text: str) -> list[dict[str, str]]:
    """Each award's figures as the text of the mention linked to each."""
    ex = extract_mentions(doc_of(text))
    return [{name: ex.amounts[j].text for name, j in found.items()} for found in award_figures(ex)]


@pytest.mark.parametrize("text, expected", [
    # a rate grant capped in the next comma segment
    ("对“领跑者”企业上年度更新先进生产、研发、检测、试验设备，按实际投入金额20%给予补助，最高不超过500万元。",
     [{"cap": "500万元"}]),
    # the same, full-width digits and a Chinese numeral
    ("对“领跑者”企业上年度更新先进生产、研发、检测、试验设备，按实际投入金额２０%给予补助，最高不超过五百万元。",
     [{"cap": "五百万元"}]),
    # a floor before the rate, a cap per item after it
    (("省内企业以技术转让方式吸纳京津重大科技成果，单项交易额在50万元以上的，按照技术合同实际交易额给予最高10%的后补助，"
     "每项最高补助100万元。"), [{"threshold": "50万元", "cap": "100万元"}]),
    # two grants, each with its own floor, the floors and grants in the same unit
    (("对连锁运营5家以上社区居家养老服务设施、营业收入达到100万元以上的，一次性奖励10万元；"
     "连锁运营10家以上、营业收入达到300万元以上的，一次性奖励20万元。"),
     [{"amount": "10万元", "threshold": "100万元"}, {"amount": "20万元", "threshold": "300万元"}]),
    # a 分别 list: each member its own amount, in order
    ("继续对首次获得中国质量奖、提名奖、省政府质量奖的乳品企业，分别给予200万元、100万元、50万元奖励。",
     [{"amount": "200万元"}, {"amount": "100万元"}, {"amount": "50万元"}]),
    # one ceiling sentence after two rate grants caps both: one mention, two awards
    (("对驻冀院所以转让、许可、投资入股等形式向省内转移科技成果的，按实际发生技术合同额的5%给予奖励。"
     "同时，按实际发生技术合同额的2%给予科技成果吸纳方奖励。奖励资金最高50万元。"),
     [{"cap": "50万元"}, {"cap": "50万元"}]),
])
def test_award_figures_link_the_stating_mention(text, expected):
    assert _figures(text) == expected


def test_a_figure_two_mentions_could_state_stays_unlinked():
    """Two equal amounts as near to a grant that ends on neither cannot be told apart: no link, no guess."""
    from pipeline.records import Amount, Award, Extraction

    amounts = tuple(Amount("20万元", 2e5, None, "万元", "max", "一", s, s + 4) for s in (0, 20))
    award = Award("一", "某条件", None, None, 10.0, "投资额", None, 2e5, None, 10, 14)
    assert award_figures(Extraction(amounts=amounts, awards=(award,))) == [{}]


JOIN = """PREFIX pkg: <https://policykg.example.org/ontology#>
SELECT ?file ?award ?figure ?amount ?text ?value ?start ?end WHERE {
  ?doc pkg:sourceFile ?file ; pkg:hasAward ?award .
  ?award ?figure ?amount .
  VALUES ?figure { pkg:amountMention pkg:thresholdMention pkg:capMention }
  ?amount a pkg:Amount ; pkg:amountOf ?award ; pkg:text ?text ; pkg:value ?value ;
          pkg:startOffset ?start ; pkg:endOffset ?end .
  ?doc pkg:hasAmount ?amount .
}"""
_FIELD = {PKG + "amountMention": "amount", PKG + "thresholdMention": "threshold", PKG + "capMention": "cap"}


def _index(iri: str, kind: str) -> int:
    head, _, index = iri.rpartition("/")
    assert head.endswith("/" + kind), iri
    return int(index)


@pytest.fixture(scope="module")
def seeds_and_tuning_graph(tmp_path_factory):
    """The seeds (tests/seeds) and the tuning documents of the corpus, built as one corpus."""
    seeds = sorted((ROOT / "tests" / "seeds").glob("*.txt"))
    return build_graph_of(seeds + tuning_paths(), tmp_path_factory.mktemp("seeds-tuning-graph"))


@pytest.fixture(scope="module")
def pairs(seeds_and_tuning_graph):
    return seeds_and_tuning_graph.rows(JOIN)


def test_amounts_join_their_awards_as_the_records_state(seeds_and_tuning_graph, pairs):
    """Every pair the join returns is what the records say: the mention's text at its offsets,
    in the award's clause, with the value of the award's figure."""
    records = seeds_and_tuning_graph.records
    assert {r["file"] for r in pairs} >= {f for f, rec in records.items() if rec.extraction.awards
                                          and any(a.amount is not None for a in rec.extraction.awards)}
    seen = set()
    for row in pairs:
        record = records[row["file"]]
        award = record.extraction.awards[_index(row["award"], "award")]
        mention = record.extraction.amounts[_index(row["amount"], "amount")]
        field = _FIELD[row["figure"]]
        assert (row["file"], row["award"], field) not in seen  # one mention per figure
        seen.add((row["file"], row["award"], field))
        assert record.text[int(row["start"]):int(row["end"])] == row["text"] == mention.text
        assert mention.clause == award.clause
        assert float(row["value"]) == mention.value
        stated = getattr(award, field)
        assert stated in ((mention.value, mention.value_max) if field == "amount" else (mention.value,)), row
        assert (mention.role == "threshold") == (field == "threshold")


def test_every_figure_one_mention_settles_is_linked(seeds_and_tuning_graph, pairs):
    """A figure whose clause holds one money mention of its value and role is linked to it,
    and a mention of a budget or a target is no award's figure."""
    linked = {(r["file"], _index(r["award"], "award"), _FIELD[r["figure"]]): _index(r["amount"], "amount")
              for r in pairs}
    checked = 0
    for file, record in seeds_and_tuning_graph.records.items():
        ex = record.extraction
        for i, award in enumerate(ex.awards):
            for field in ("amount", "threshold", "cap"):
                value = getattr(award, field)
                if value is None:
                    continue
                fits = [j for j, a in enumerate(ex.amounts) if a.clause == award.clause
                        and (a.role == "threshold") == (field == "threshold")
                        and value in ((a.value, a.value_max) if field == "amount" else (a.value,))]
                if len(fits) == 1:
                    checked += 1
                    assert linked.get((file, i, field)) == fits[0], (file, award.condition, field)
        figures = {j for (f, _, _), j in linked.items() if f == file}
        assert not {j for j, a in enumerate(ex.amounts) if a.role == "target"} & figures, file
    assert checked > 100  # the seeds and the tuning set hold hundreds of such figures


def test_award_history_gives_thresholds_and_caps_as_written(seeds_and_tuning_graph):
    """award_history returns each award's threshold and cap, as numbers and as the text states them."""
    records = seeds_and_tuning_graph.records
    capped = next((r, a) for r in records.values() for a in r.extraction.awards
                  if a.threshold is not None and a.cap is not None)
    record, award = capped
    rows = seeds_and_tuning_graph.rows("award_history", condition_text=award.condition)
    mine = [r for r in rows if r["condition"] == award.condition and r["clause"] == award.clause]
    assert mine
    for row in mine:
        assert float(row["threshold"]) == award.threshold and float(row["cap"]) == award.cap
        assert row["threshold_text"] in record.text and row["cap_text"] in record.text
