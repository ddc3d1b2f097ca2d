"""Resolution: one node per real document, however it is cited (seed corpus and variants)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from pipeline import config
from pipeline.config import DEFAULT_TITLE_MATCH, GOLD_DIR
from pipeline.link import link_corpus
from pipeline.link.aliases import Place, learn_places, load_aliases, localize_number
from pipeline.link.titles import score, title_keys
from pipeline.normalize import title_key

sys.path.insert(0, str(Path(__file__).parent))
from linkhelpers import make_record


def test_seed_resolved_matches_gold(seed_linked):
    for record in seed_linked.records:
        stem = Path(record.source.file).stem
        gold = json.loads((GOLD_DIR / f"{stem}.json").read_text(encoding="utf-8"))["references"]
        got = [(r.title, r.resolved) for r in record.extraction.references]
        assert got == [(g["title"], g["resolved"]) for g in gold], stem


def _citers(linked, target):
    return sorted({e.source for e in linked.edges if e.kind == "cites" and e.target == target})


@pytest.mark.parametrize("target, citers", [
    ("苏政办发〔2021〕109号", ["启政办发〔2022〕13号", "连制造强市办〔2022〕11号"]),
    ("连政办发〔2022〕3号", ["连制造强市办〔2022〕11号", "连工信规〔2024〕1号"]),
    ("连制造强市办〔2022〕11号", ["连工信规〔2024〕1号"]),
])
def test_seed_one_node_cited_by(seed_linked, target, citers):
    assert _citers(seed_linked, target) == citers
    assert sum(1 for d in seed_linked.documents if d.key == target) == 1


@pytest.mark.parametrize("number, place, expected", [
    ("市制造强市办〔2022〕11号", Place("连", "连云港市", "江苏省"), "连制造强市办〔2022〕11号"),
    ("市政办发〔2021〕3号", Place("泗", "泗阳县", "宿迁市"), "宿政办发〔2021〕3号"),  # a county's 市 is its city
    ("县政办发〔2021〕3号", Place("泗", "泗阳县", "宿迁市"), "泗政办发〔2021〕3号"),
    ("市政办发〔2021〕3号", Place("启", "启东市", "南通市"), "启政办发〔2021〕3号"),  # a county-level city is 市
    ("省政办发〔2021〕3号", Place("连", "连云港市", "江苏省"), "苏政办发〔2021〕3号"),
    ("连政办发〔2021〕3号", Place("扬", "扬州市", "江苏省"), "连政办发〔2021〕3号"),  # absolute: unchanged
    ("市政办发〔2021〕3号", None, "市政办发〔2021〕3号"),  # area unknown: as written
])
def test_localize_number(number, place, expected, tmp_path):
    """The area hierarchy (a county in its city) comes from the table; the shipped table holds only
    the provinces, so the cities of these cases are given as a maintainer would add them."""
    table = tmp_path / "aliases.tsv"
    table.write_text(config.AGENCY_ALIASES.read_text(encoding="utf-8") + "".join(
        f"place\t{a}\t{n}\t{p}\n" for a, n, p in [("连", "连云港市", "江苏省"), ("宿", "宿迁市", "江苏省"),
                                                   ("泗", "泗阳县", "宿迁市"), ("扬", "扬州市", "江苏省"),
                                                   ("通", "南通市", "江苏省"), ("启", "启东市", "南通市")]),
                     encoding="utf-8")
    assert localize_number(load_aliases(table), number, place) == expected


def test_learns_place_abbreviation_from_corpus():
    table = load_aliases()
    assert "厦" not in table.places
    rec = make_record("本政策由市工信局负责解释。", doc_number="厦工信规〔2023〕3号", issuer="厦门市工业和信息化局",
                      name="xm1.txt")
    assert learn_places(table, [rec]) == []
    assert table.places["厦"].name == "厦门市"


def test_other_city_variants_resolve():
    """扬州 / 泰州 documents written for the test: number, localised number, enclosure, shared title."""
    a = make_record("为贯彻落实《江苏省制造业绿色发展三年行动计划（2023—2025年）》（苏政发〔2023〕7号）、"
                    "《市政府关于印发扬州市工业互联网发展实施方案的通知》（扬政发〔2023〕2号）要求，制定本措施。",
                    doc_number="扬工信规〔2023〕4号", issuer="扬州市工业和信息化局", name="yz1.txt",
                    issue_date="2023-05-01")
    b = make_record("根据《江苏省制造业绿色发展三年行动计划（2023-2025年）》《扬州市工业互联网发展实施方案》，"
                    "继续按照《支持绿色发展的措施》（市工信规〔2023〕4号）执行。",
                    doc_number="扬政办规〔2024〕1号", issuer="扬州市人民政府办公室", name="yz2.txt",
                    issue_date="2024-02-01")
    c = make_record("根据《江苏省制造业绿色发展三年行动计划（2023 - 2025年）》和《南通市制造业绿色发展三年行动计划"
                    "（2023-2025年）》，制定本计划。", doc_number="泰政办发〔2023〕9号", issuer="泰州市人民政府办公室",
                    name="tz1.txt", issue_date="2023-08-01")
    linked = link_corpus([a, b, c])
    resolved = {r.source.file: [ref.resolved for ref in r.extraction.references] for r in linked.records}
    assert resolved["yz1.txt"] == ["苏政发〔2023〕7号", "扬政发〔2023〕2号"]
    assert resolved["yz2.txt"] == ["苏政发〔2023〕7号", "扬政发〔2023〕2号", "扬工信规〔2023〕4号"]
    assert resolved["tz1.txt"] == ["苏政发〔2023〕7号", None]  # 南通's plan is another document
    assert _citers(linked, "苏政发〔2023〕7号") == ["扬工信规〔2023〕4号", "扬政办规〔2024〕1号", "泰政办发〔2023〕9号"]


def test_relative_titles_stay_within_their_city():
    """`市政府关于…` in a 扬州 and in a 泰州 document are two different documents."""
    body = "根据《市政府关于加快工业经济高质量发展的实施意见》，制定本政策。"
    a = make_record(body, doc_number="扬工信规〔2023〕4号", issuer="扬州市工业和信息化局", name="yz.txt")
    b = make_record(body, doc_number="泰工信规〔2023〕5号", issuer="泰州市工业和信息化局", name="tz.txt")
    linked = link_corpus([a, b])
    targets = {e.target for e in linked.edges if e.kind == "cites"}
    assert len(targets) == 2 and all(t.startswith("title:") for t in targets)


def test_ambiguous_title_left_unresolved_with_a_warning():
    a = make_record("根据《江苏省甲方案》（苏政发〔2020〕1号），制定本政策。", doc_number="扬工信规〔2023〕4号",
                    issuer="扬州市工业和信息化局", name="a.txt")
    b = make_record("根据《江苏省甲方案》（苏政发〔2021〕5号），制定本政策。", doc_number="扬工信规〔2023〕6号",
                    issuer="扬州市工业和信息化局", name="b.txt")
    c = make_record("根据《江苏省甲方案》，制定本政策。", doc_number="扬工信规〔2023〕8号",
                    issuer="扬州市工业和信息化局", name="c.txt")
    linked = link_corpus([a, b, c])
    assert [r.extraction.references[0].resolved for r in linked.records] == [
        "苏政发〔2020〕1号", "苏政发〔2021〕5号", None]
    assert any("matches several documents" in w for w in linked.warnings)


# Measured title pairs: (a, b, same document?).  The threshold (config.DEFAULT_TITLE_MATCH)
# must separate them; the printed table is the measurement.
TITLE_PAIRS = [
    ("江苏省制造业智能化改造和数字化转型三年行动计划（2022-2024年）",
     "江苏省制造业智能化改造和数字化转型三年行动计划(2022—2024年)", True),
    ("关于加快推进制造业智能化改造和数字化转型的实施意见", "关于加快推进制造业智能化改造数字化转型的实施意见", True),
    ("扬州市工业互联网创新发展行动计划", "扬州市工业互联网创新发展的行动计划", True),
    ("江苏省制造业智能化改造和数字化转型三年行动计划（2022-2024年）",
     "南通市制造业智能化改造和数字化转型三年行动计划（2022-2024年）", False),
    ("江苏省制造业智能化改造和数字化转型三年行动计划（2022-2024年）",
     "江苏省制造业智能化改造和数字化转型三年行动计划（2025-2027年）", False),
    ("关于加快发展先进制造业的实施意见", "关于加快发展现代服务业的实施意见", False),
    ("扬州市工业互联网创新发展行动计划", "扬州市工业互联网创新发展专项资金管理办法", False),
]


def test_title_threshold_separates_measured_pairs(capsys):
    rows = []
    for a, b, same in TITLE_PAIRS:
        s = score(title_key(a), title_key(b))
        rows.append((s, same, a, b))
    with capsys.disabled():
        print(f"\ntitle pairs (threshold {DEFAULT_TITLE_MATCH}):")
        for s, same, a, b in rows:
            print(f"  {s:6.1f} {'same' if same else 'diff'}  {a} | {b}")
    for s, same, a, b in rows:
        assert (s >= DEFAULT_TITLE_MATCH) == same, (a, b, s)


def test_notice_title_keys_include_enclosed_policy():
    keys = title_keys("市政府办公室关于印发连云港市制造业智能化改造和数字化转型实施方案的通知", {"市": "连云港市"})
    assert ("", title_key("连云港市制造业智能化改造和数字化转型实施方案")) in keys
    assert keys[0][0] == "连云港市"  # the notice's own title is relative to its city


@pytest.mark.parametrize("number, place, expected", [
    ("省政办字〔2022〕93号", Place("冀", "河北省", None), "冀政办字〔2022〕93号"),
    ("省科成市规〔2022〕1号", Place("冀", "河北省", None), "冀科成市规〔2022〕1号"),
])
def test_provinces_come_from_the_shipped_table(number, place, expected):
    """A Hebei (tuning-set) citation by 省…: the province's abbreviation is in the table, not learned."""
    table = load_aliases()
    assert table.places["冀"].name == "河北省" and "连" not in table.places
    assert localize_number(table, number, place) == expected


def test_a_missing_alias_table_is_a_configuration_error(tmp_path):
    from pipeline.errors import ConfigError

    with pytest.raises(ConfigError, match="alias table .* not found"):
        load_aliases(tmp_path / "none.tsv")
