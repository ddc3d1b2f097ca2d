"""An amendment that re-publishes X is the edition of X of its own date (`pipeline/link/editions.py`).

Fixtures are edited copies of the tuning family c013–c016 (the 河北省科学技术奖励办法, its 2024
修正案, and the two 实施细则 notices that cite it by 令 number): each edit says what it changes and
fails if the text it edits is gone.  The 修正案 shows no number and no 成文日期; its note says when it
was adopted, and the 2024 notice cites the 办法 with a 〔2024〕 令 number.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.engine import process_file
from pipeline.link import link_corpus, view_of
from pipeline.link.editions import made_on, republished
from pipeline.normalize import parse_date

DOCS = Path(__file__).parents[1] / "corpus" / "docs"
BANFA, XZA, XIZE22, XIZE24 = ("c013_hebei_kjjl_banfa_2021", "c014_hebei_kjjl_xiuzhengan_2024",
                              "c015_hebei_kjjl_xize_tongzhi_2022", "c016_hebei_kjjl_xize_2024")
NOTE_DATE = "2024年5月15日"
CITED = "（省政府令〔2024〕第1号）"


def _text(stem: str) -> str:
    return next(DOCS.glob(f"{stem}.*")).read_text(encoding="utf-8")


def _edit(text: str, edits: list[tuple[str, str]]) -> str:
    for old, new in edits:
        assert old in text, f"the text no longer holds {old!r}"
        text = text.replace(old, new)
    return text


def _link(tmp_path: Path, edits: dict[str, list[tuple[str, str]]]):
    paths = []
    for stem in (BANFA, XZA, XIZE22, XIZE24):
        path = tmp_path / f"{stem}.txt"
        path.write_text(_edit(_text(stem), edits.get(stem, [])), encoding="utf-8")
        paths.append(path)
    records = [process_file(p) for p in paths]
    keys = {r.source.file[:4]: r.key for r in records}
    return link_corpus(records), keys, records


def _cites(linked, source: str, target: str) -> list:
    return [e for e in linked.edges if (e.kind, e.source, e.target) == ("cites", source, target)]


# the same family in other typographies: the note's date, the amendment's title and wording, the cited number
TYPOGRAPHIES = {
    "as-published": {},
    "full-width-date": {XZA: [(NOTE_DATE, "２０２４年５月１５日")]},
    "chinese-numeral-date": {XZA: [(NOTE_DATE, "二〇二四年五月十五日")]},
    "bracket-note-and-fullwidth-paren": {XZA: [("(《", "（《"), ("施行。)", "施行。）")]},
    "modification-decision": {XZA: [("河北省科学技术奖励办法修正案(《河北省科学技术奖励办法修正案》",
                                      "关于修改《河北省科学技术奖励办法》的决定(《关于修改〈河北省科学技术奖励办法〉的决定》"),
                                     ("根据本修正案，", "根据本决定，")]},
    "other-brackets-in-number": {XIZE24: [(CITED, "（省政府令﹝2024﹞第1号）")]},
    "adopted-then-in-force": {XZA: [("已经2024年5月15日省政府第29次常务会议审议通过，现予公布，自公布之日起施行",
                                     "于2024年5月15日经省人民政府常务会议通过，现予公布，自2024年6月1日起施行")]},
}


@pytest.mark.parametrize("edits", list(TYPOGRAPHIES.values()), ids=list(TYPOGRAPHIES))
def test_a_dated_number_names_the_edition_the_amendment_republished(tmp_path, edits):
    linked, key, records = _link(tmp_path, edits)
    amendment = next(r for r in records if r.key == key["c014"])
    assert amendment.header.issue_date is None  # the header stays null: the note dates it for lineage only
    view = view_of(amendment)
    assert view.made is not None and view.made[0] == "2024-05-15"
    assert parse_date(amendment.text[view.made[1]:view.made[2]]) == "2024-05-15"  # its offsets hold the date
    assert republished(view) == {"河北省科学技术奖励办法"}
    edge, = _cites(linked, key["c016"], key["c014"])
    assert dict(edge.details)["rule"] == "cites/title-numbered" and edge.lag_days == 77
    # the 2024 number is the amendment's now, not a node of its own beside it
    assert not any(e.target.startswith("省政府令") for e in linked.edges)
    assert not _cites(linked, key["c016"], key["c013"])
    # the yearless number of the 2022 notice stays on the 办法: the amendment was made after the notice
    assert _cites(linked, key["c015"], key["c013"]) and not _cites(linked, key["c015"], key["c014"])
    numbers = {d.key: d.doc_number for d in linked.documents}
    assert numbers[key["c013"]] == "河北省人民政府令第4号" and numbers[key["c014"]] == "省政府令〔2024〕第1号"
    # the amendment still cites and amends the 办法 it amends, not itself
    assert _cites(linked, key["c014"], key["c013"])
    assert any((e.kind, e.source, e.target) == ("amends", key["c014"], key["c013"]) for e in linked.edges)


NEGATIVES = {
    # the amendment amends and re-publishes another 办法: the 2024 number is not its
    "amends-another-banfa": {XZA: [("河北省科学技术奖励办法修正案(《河北省科学技术奖励办法修正案》",
                                    "河北省科学技术普及奖励办法修正案(《河北省科学技术普及奖励办法修正案》"),
                                   ("对《河北省科学技术奖励办法》作如下修改", "对《河北省科学技术普及奖励办法》作如下修改"),
                                   ("根据本修正案，《河北省科学技术奖励办法》重新公布", "根据本修正案，《河北省科学技术普及奖励办法》重新公布")]},
    # an edition of the year but made after the citer: never cited by it
    "made-after-the-citer": {XZA: [(NOTE_DATE, "2024年9月15日")]},
    # of another year than the number's
    "another-year": {XZA: [(NOTE_DATE, "2023年5月15日")]},
    # amends X without re-publishing it: not an edition of X
    "not-republished": {XZA: [("根据本修正案，《河北省科学技术奖励办法》重新公布", "本修正案自公布之日起施行")]},
}


@pytest.mark.parametrize("edits", list(NEGATIVES.values()), ids=list(NEGATIVES))
def test_no_edition_edge_where_the_amendment_is_not_the_cited_edition(tmp_path, edits):
    linked, key, _ = _link(tmp_path, edits)
    assert not _cites(linked, key["c016"], key["c014"])
    assert not _cites(linked, key["c016"], key["c013"])  # the 2021 办法 is not of 2024 either
    assert _cites(linked, key["c015"], key["c013"])


@pytest.mark.parametrize("text, expected", [
    ("甲市乙办法修正案\n（2020年3月2日甲市人民政府第8次常务会议通过　2020年3月9日甲市人民政府令第57号公布　自2020年5月1日起施行）",
     "2020-03-02"),
    ("甲市乙办法\n（二〇二〇年三月九日甲市人民政府令第57号公布）", "2020-03-09"),
    ("甲市乙办法\n本办法自2020年5月1日起施行。", "2020-05-01"),
    ("甲市乙办法\n为了…，制定本办法。", None),
])
def test_made_on_reads_the_promulgation_note(text, expected):
    made = made_on(text)
    assert (made[0] if made else None) == expected
    if made:
        assert made[1] < made[2] <= len(text)
