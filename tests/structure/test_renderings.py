"""Tuning documents rendered in the layouts real documents reach us in (tests/structure/renderings.py):
a gov.cn fragment with its metadata table, a whole TRS page, a 北大法宝 export.  Every rendering
must read as the plain text does — the same header and the same clause tree — with the site's
metadata read as such (`Header.sources`), never as body text."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # the renderings are imported by path, as other helpers
import renderings as R

from pipeline.extract import extract_mentions
from pipeline.ingest import ingest_bytes
from pipeline.records import Extraction, Record
from pipeline.structure import structure_document
from pipeline.structure.metadata import metadata_pairs
from pipeline.structure.recover import split_orgs

# notices with 一、（一） items, 文号 before the issuer, joint issuers in the title, a title over two
# runs, a 转发 notice, 印发 notices enclosing articles, a 令 with its number and a 目录, a promulgation
# signed by the head of a ministry and one signed by a provincial governor
STEMS = [
    "c003_hebei_naiye_zhengce_2022", "c008_hebei_tidu_peiyu_xize_2022", "c010_hebei_zhuzao_duanya_2023",
    "c033_guojia_shehui_kejijiang_zhidao_2017", "c034_hebei_gangtie_gaozhiliang_zhuanfa_2022",
    "c023_guojia_shehui_kejijiang_banfa_2023", "c016_hebei_kjjl_xize_2024", "c019_guojia_kjb_ling1_jiangli_xize_1999",
    "c021_guojia_kjb_ling3_shehui_sheli_1999", "c022_guojia_kjb_ling17_feizhi_2016", "c013_hebei_kjjl_banfa_2021",
]
# headerless crawled notices: no title in the text, so the renderings that need one are not made
HEADERLESS = ["c001_hebei_jishuchuangxin_2023", "c009_hebei_chengde_fantai_2023", "c036_hebei_kangyang_2024"]


def _render(stem: str, kind: str) -> bytes:
    family, _, variant = kind.partition("-")
    if family == "govcn":
        return R.govcn_fragment(stem, variant).encode("utf-8")
    if family == "trs":
        return R.trs_page(stem, variant).encode("utf-8")
    return R.pkulaw_export(stem)


def _read(data: bytes, name: str):
    return structure_document(ingest_bytes(data, name))


def _cases():
    for stem in STEMS:
        for kind in ("govcn-tables", "govcn-divs", "trs-h1", "trs-div", "trs-sidebar", "pkulaw"):
            yield stem, kind
    for stem in HEADERLESS:
        for kind in ("govcn-tables", "govcn-divs"):
            yield stem, kind


@pytest.mark.parametrize("stem,kind", list(_cases()), ids=lambda x: x[:4] if x.startswith("c0") else x)
def test_rendering_reads_as_the_plain_text(stem, kind):
    plain = R.plain(stem)
    doc = _read(_render(stem, kind), "page.txt" if kind == "pkulaw" else "page.html")
    assert R.header_of(doc.header) == R.header_of(plain.header)
    assert [c.id for c in doc.clauses] == [c.id for c in plain.clauses]
    if kind.startswith("govcn"):  # the text settles every field its table gives: none comes from it
        assert "metadata" not in dict(doc.header.sources).values()


@pytest.mark.parametrize("stem", STEMS[:4] + ["c013_hebei_kjjl_banfa_2021"])
def test_plain_header_is_the_gold_header(stem):
    """The renderings are compared with the plain text; the plain text with its gold."""
    assert R.header_of(R.plain(stem).header) == R.expected_header(stem)


def test_metadata_table_fills_what_the_text_does_not_say():
    stem = "c001_hebei_jishuchuangxin_2023"  # starts at the notice's first sentence: no title, no 文号
    title = "河北省人民政府办公厅关于印发《关于加快工业企业技术创新发展的若干措施》的通知"
    doc = _read(R.govcn_fragment(stem, "tables", title=title, doc_number="冀政办字〔2023〕1号").encode(), "p.html")
    h = doc.header
    assert h.title == title and h.doc_number == "冀政办字〔2023〕1号"
    sources = dict(h.sources)
    assert sources["title"] == sources["doc_number"] == sources["doc_type"] == "metadata"
    assert sources["issuers"] == sources["issue_date"] == "text"  # the signature says them
    assert [c.id for c in doc.clauses] == [c.id for c in R.plain(stem).clauses]
    parts = {p.name for p in doc.parts}
    assert "元数据" in parts
    # the table is not body text: its 文号 is no citation, its lines start no clause
    refs = extract_mentions(doc).references
    assert all(r.doc_number != "冀政办字〔2023〕1号" for r in refs)
    meta = next(p for p in doc.parts if p.name == "元数据")
    assert all(not (meta.start <= c.start < meta.end) for c in doc.clauses)


def test_a_published_date_is_not_the_issue_date():
    stem = "c014_hebei_kjjl_xiuzhengan_2024"  # a rule published without a date under it
    doc = _read(R.govcn_fragment(stem, "tables", issue_date=None, published="2024-06-03").encode(), "p.html")
    assert doc.header.issue_date is None
    doc = _read(R.govcn_fragment(stem, "tables", issue_date="2024-05-20").encode(), "p.html")
    assert doc.header.issue_date == "2024-05-20"  # labelled 成文日期
    assert dict(doc.header.sources)["issue_date"] == "metadata"


def test_metadata_that_disagrees_with_the_text_is_reported_not_used():
    stem = "c003_hebei_naiye_zhengce_2022"
    doc = _read(R.govcn_fragment(stem, "tables", doc_number="冀政办字〔2022〕94号", issuers=["河北省财政厅"]).encode(),
                "p.html")
    assert doc.header.doc_number == "冀政办字〔2022〕93号"
    assert doc.header.issuers == ("河北省人民政府办公厅",)
    assert any("94号" in w and "differs" in w for w in doc.warnings)
    assert any("河北省财政厅" in w for w in doc.warnings)


def test_the_page_title_is_the_headline_never_the_site_title():
    stem = "c023_guojia_shehui_kejijiang_banfa_2023"
    page = R.trs_page(stem, "h1")
    assert "<title>" in page and "_某省能源监管办公室</title>" in page
    doc = _read(page.encode(), "p.html")
    assert doc.header.title == R.gold(stem)["title"]
    assert "能源监管" not in doc.text  # menus, info line, share, QR and footer are not the document
    for furniture in ("字体", "分享到", "ICP", "当前位置", "扫一扫", "网站标识码"):
        assert furniture not in doc.text


@pytest.mark.parametrize("variant", ["empty", "empty-sidebar"])
@pytest.mark.parametrize("stem", ["c023_guojia_shehui_kejijiang_banfa_2023", "c021_guojia_kjb_ling3_shehui_sheli_1999"])
def test_a_page_without_body_text(stem, variant):
    doc = _read(R.trs_page(stem, variant).encode(), "p.html")
    h = doc.header
    assert h.title == R.gold(stem)["title"]  # what the page shows
    assert (h.doc_number, h.order_number, h.issue_date, h.effective_from, h.effective_to) == (None,) * 5
    assert doc.clauses == ()
    assert any(w.startswith("no body text") and "links to files" in w for w in doc.warnings)


@pytest.mark.parametrize("stem", ["c013_hebei_kjjl_banfa_2021", "c014_hebei_kjjl_xiuzhengan_2024"])
def test_a_rule_of_the_provincial_government(stem):
    """Signed by the (acting) governor, adopted by `省政府…常务会议`: the government the title names."""
    assert R.plain(stem).header.issuers == ("河北省人民政府",)


PROMULGATION = ("《{title}》已经2021年11月17日{meeting}通过，现予公布，自2022年4月1日起施行。\n"
                "{signer}\n2021年11月28日\n{title}\n第一章　总则\n第一条　为了奖励科学技术进步，制定本办法。\n"
                "第二条　本办法自2022年4月1日起施行。\n")


@pytest.mark.parametrize("meeting,signer,title,issuers", [
    ("省政府第135次常务会议", "代省长王正谱", "河北省科学技术奖励办法", ("河北省人民政府",)),
    ("十三届河北省人民政府第135次常务会议", "省长　王　正", "科学技术奖励办法", ("河北省人民政府",)),
    ("市政府第35次常务会议", "市长某某某", "石家庄市科学技术奖励办法", ("石家庄市人民政府",)),
    ("省政府第135次常务会议", "代省长王正谱", "科学技术奖励办法", ()),  # no place named: no guess
    ("政府常务会议", "市长某某某", "河北省科学技术奖励办法", ()),  # a 市长 does not sign for a 省
])
def test_head_of_government_names_the_government_only_as_far_as_the_text_does(meeting, signer, title, issuers):
    text = PROMULGATION.format(meeting=meeting, signer=signer, title=title)
    h = _read(text.encode(), "rule.txt").header
    assert h.issuers == issuers
    assert h.issue_date == "2021-11-28" and h.effective_from == "2022-04-01"


@pytest.mark.parametrize("head", [
    "科学技术部令\n第3号\n社会力量设立科学技术奖管理办法\n",
    "社会力量设立科学技术奖管理办法\n科学技术部令（第3号）\n",
    "社会力量设立科学技术奖管理办法\n（1999年12月26日科学技术部令第3号公布　　自1999年12月26日起施行）\n",
])
def test_order_number_in_each_printed_form(head):
    body = "第一条　为了鼓励社会力量支持科学技术事业，制定本办法。\n第二条　本办法自发布之日起施行。\n"
    h = _read((head + body).encode(), "order.txt").header
    assert h.order_number == "科学技术部令第3号" and h.doc_number is None
    assert h.title == "社会力量设立科学技术奖管理办法"
    assert h.issuers == ("科学技术部",)
    if "公布" in head:
        assert h.issue_date == "1999-12-26" and h.effective_from == "1999-12-26"


@pytest.mark.parametrize("lines", [
    ["河北省支持康养产业发展若干措施", "（试行）", "河北省人民政府办公厅", "二〇二四年四月"],
    ["河北省人民政府办公厅", "河北省支持康养产业发展若干措施", "（试行）", "二〇二四年四月"],
])
def test_a_cover_names_title_and_issuer_on_lines_of_their_own(lines):
    body = "一、强化财政金融支持\n（一）创新金融领域支持。对符合条件的企业给予支持。\n"
    h = _read(("\n".join(lines) + "\n" + body).encode(), "cover.txt").header
    assert h.title == "河北省支持康养产业发展若干措施（试行）"
    assert h.doc_type == "若干措施"  # the bracketed qualifier is not the kind
    assert h.issuers == ("河北省人民政府办公厅",) and h.issue_date is None  # a month is no 成文日期


def test_header_sources_are_serialised():
    doc = _read(R.govcn_fragment("c001_hebei_jishuchuangxin_2023", "tables", title="关于X的通知").encode(), "p.html")
    record = Record(source=doc.ingested.source, text=doc.text, header=doc.header, clauses=doc.clauses,
                    extraction=Extraction(), parts=doc.parts, warnings=doc.warnings)
    data = record.to_dict()
    assert data["header_sources"]["title"] == "metadata" and data["header_sources"]["issuers"] == "text"
    assert Record.from_dict(data) == record


@pytest.mark.parametrize("line,pairs", [
    ("索引号：\t000013407/2023-00051\t主题分类：\t综合政务\\其他",
     [("索引号", "000013407/2023-00051"), ("主题分类", "综合政务\\其他")]),
    ("标题：\t关于X的通知", [("标题", "关于X的通知")]),
    ("发文字号：\t\t发布日期：\t2018年12月10日", [("发文字号", ""), ("发布日期", "2018年12月10日")]),
    ("【法宝引证码】 CLI.13.426117", [("法宝引证码", "CLI.13.426117")]),
    ("【发布部门】河北省人民政府", [("发布部门", "河北省人民政府")]),
    ("发布时间：2020-07-31 20:56　来源：", [("发布时间", "2020-07-31 20:56"), ("来源", "")]),
    ("各有关单位：", None),  # an addressee line
    ("名称　　发文单位：科技部", None),  # a repeal list's entry is body text
    ("项目名称\t金额\t单位", None),  # a data table
])
def test_metadata_lines(line, pairs):
    assert metadata_pairs(line) == pairs


@pytest.mark.parametrize("glued,names", [
    ("国家能源局河南监管办公室", ["国家能源局河南监管办公室"]),
    ("国家能源局河南监管办公室河南省发展和改革委员会河南省能源局",
     ["国家能源局河南监管办公室", "河南省发展和改革委员会", "河南省能源局"]),
    ("国家能源局华北监管局河北省发展和改革委员会", ["国家能源局华北监管局", "河北省发展和改革委员会"]),
    ("国家税务总局河北省税务局", ["国家税务总局河北省税务局"]),
])
def test_a_national_body_s_local_office_is_one_name(glued, names):
    assert split_orgs(glued) == names
