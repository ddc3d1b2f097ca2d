"""The head of a 公文 read right in the ways it is really published (tests/structure/publishing.py):
legal-database exports with a field block before or after the text, a gov.cn page with the headline
doubled and the title over several lines, whole crawled pages with the site's furniture (as HTML and
as a text dump), titles over two or three lines, 签发人 beside the 文号, a 令 over the rule's name, the
成文日期 in brackets under the title or glued to it.

Every expectation is the TUNING document's gold header, never the pipeline's reading of its text."""
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # the renderings are imported by path, as other helpers
import publishing as P
import renderings as R

from pipeline.ingest import ingest_bytes
from pipeline.structure import structure_document

# a 实施意见 with 文号 and date glued to its title, notices (one with the 文号 above the issuer, one of three
# joint issuers, one 转发), a 印发 notice enclosing a 细则, a provincial rule, 令s (a 实施细则, a 决定 amending
# it, a 决定 with a repeal list), a 指导意见 whose title the crawl broke with an indent
STEMS = [
    "c002_hebei_naiye_yijian_2019", "c003_hebei_naiye_zhengce_2022", "c008_hebei_tidu_peiyu_xize_2022",
    "c010_hebei_zhuzao_duanya_2023", "c016_hebei_kjjl_xize_2024", "c013_hebei_kjjl_banfa_2021",
    "c019_guojia_kjb_ling1_jiangli_xize_1999", "c020_guojia_kjb_ling9_xiugai_2004",
    "c022_guojia_kjb_ling17_feizhi_2016", "c033_guojia_shehui_kejijiang_zhidao_2017",
    "c034_hebei_gangtie_gaozhiliang_zhuanfa_2022",
]
LAYOUTS = [
    "pkulaw/before", "pkulaw/after", "pkulaw-title/before", "wolters/before", "wolters/after", "faxin/before",
    "faxin/after", "govcn-doubled-2", "govcn-doubled-3", "crawled-text", "crawled-page", "title-2", "title-3",
    "signer", "signer-glued", "order", "dated", "dated-glued",
]


def render(stem: str, layout: str) -> tuple[bytes, str]:
    if "/" in layout:
        style, where = layout.split("/")
        return P.legal_database(stem, style, where).encode("utf-8"), "export.txt"
    if layout.startswith("govcn-doubled"):
        return P.govcn_doubled(stem, int(layout[-1])).encode("utf-8"), "page.html"
    if layout == "crawled-text":
        return P.crawled_text(stem).encode("utf-8"), "page.txt"
    if layout == "crawled-page":
        return P.crawled_page(stem).encode("utf-8"), "page.html"
    return P.head_variant(stem, layout).encode("utf-8"), "doc.txt"


def _read(data: bytes, name: str):
    return structure_document(ingest_bytes(data, name))


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("stem", STEMS, ids=lambda s: s[:4])
def test_header_in_every_layout_is_the_gold_header(stem, layout):
    doc = _read(*render(stem, layout))
    assert R.header_of(doc.header) == R.expected_header(stem)


@pytest.mark.parametrize("layout", ["faxin/before", "faxin/after"])
@pytest.mark.parametrize("stem", ["c002_hebei_naiye_yijian_2019", "c016_hebei_kjjl_xize_2024",
                                  "c034_hebei_gangtie_gaozhiliang_zhuanfa_2022"], ids=lambda s: s[:4])
def test_a_title_only_the_field_block_gives_is_recorded_as_metadata(stem, layout):
    """法信 prints the title only as `【标题】`: the title comes from the block, the rest from the text."""
    doc = _read(*render(stem, layout))
    sources = dict(doc.header.sources)
    assert doc.header.title == R.gold(stem)["title"]
    assert sources["title"] == "metadata" and sources["doc_type"] == "metadata"
    assert sources["issue_date"] == "text"
    meta = [p for p in doc.parts if p.name == "元数据"]
    assert meta and all("【" in p.text for p in meta)
    assert not any(m.start <= c.start < m.end for m in meta for c in doc.clauses)  # the block is no body text


@pytest.mark.parametrize("stem", ["c003_hebei_naiye_zhengce_2022", "c019_guojia_kjb_ling1_jiangli_xize_1999",
                                  "c034_hebei_gangtie_gaozhiliang_zhuanfa_2022"], ids=lambda s: s[:4])
def test_a_crawled_page_s_furniture_is_not_the_document(stem):
    """Navigation, breadcrumb, info line, print widgets, related links and footer of a text dump are
    metadata: the clauses are the plain text's, the related links' titles nowhere in the header."""
    doc = _read(*render(stem, "crawled-text"))
    plain = R.plain(stem)
    assert [c.id for c in doc.clauses] == [c.id for c in plain.clauses]
    assert doc.header.policy_title == plain.header.policy_title == R.gold(stem)["policy_title"]
    meta = "".join(p.text for p in doc.parts if p.name == "元数据")
    for furniture in ("机构概况", "当前位置", "浏览次数", "打印本页", "相关链接", "上一篇", "ICP备"):
        assert furniture in meta
    body = "".join(p.text for p in doc.parts if p.name in ("正文", "政策正文", "附件"))
    assert "专项资金申报工作的通知" not in body  # a related link is not part of the policy


def _with_kind(title: str, kind: str) -> str:
    return re.sub(r"(?:通知|决定|指导意见|实施意见)$", kind, title)


KINDS = ["决议", "决定", "命令", "公报", "公告", "通告", "意见", "通知", "通报", "报告", "请示", "批复", "议案", "函", "纪要",
         "办法", "实施办法", "暂行办法", "细则", "实施细则", "规定", "方案", "实施方案", "若干措施", "实施意见", "指导意见",
         "指南", "规划", "行动计划", "条例", "规则"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("stem,layout", [("c003_hebei_naiye_zhengce_2022", "title-1"),
                                         ("c033_guojia_shehui_kejijiang_zhidao_2017", "title-2"),
                                         ("c022_guojia_kjb_ling17_feizhi_2016", "title-3")], ids=lambda s: s[:5])
def test_doc_type_is_the_kind_the_title_ends_with(stem, layout, kind):
    """A tuning document's title with the kind it ends with changed: the kind read is that kind."""
    title = _with_kind(R.gold(stem)["title"], kind)
    doc = _read(P.head_variant(stem, layout, title=title).encode("utf-8"), "doc.txt")
    assert (doc.header.title, doc.header.doc_type) == (title, kind)


@pytest.mark.parametrize("title,kind", [
    ("河北省科学技术厅关于印发《河北省科学技术奖励办法实施细则》的通知", "通知"),  # contract: 通知 for every 印发 notice
    ("河北省人民政府办公厅关于转发省财政厅《河北省奶业振兴扶持资金管理办法》的通知", "通知"),
    ("河北省科学技术奖励管理办法", "办法"),  # gold convention (c021): a 管理办法 is an 办法
    ("河北省支持钢铁行业创新发展若干措施（试行）", "若干措施"),  # the qualifier in brackets is not the kind
    ("河北省奶业振兴规划（2019-2025年）", "规划"),
])
def test_doc_type_of_enclosing_and_qualified_titles(title, kind):
    stem = "c003_hebei_naiye_zhengce_2022"
    doc = _read(P.head_variant(stem, "title-1", title=title).encode("utf-8"), "doc.txt")
    assert (doc.header.title, doc.header.doc_type) == (title, kind)


def test_a_title_that_names_no_kind_gives_doc_type_null_with_a_warning():
    stem = "c003_hebei_naiye_zhengce_2022"
    title = "河北省人民政府办公厅关于进一步强化奶业振兴支持政策的几点说明"
    doc = _read(P.head_variant(stem, "title-1", title=title).encode("utf-8"), "doc.txt")
    assert doc.header.title == title
    assert doc.header.doc_type is None  # not read from `本通知` in the text: the title does not say so
    assert any(w.startswith("doc_type:") for w in doc.warnings)
