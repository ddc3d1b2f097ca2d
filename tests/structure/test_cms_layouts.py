"""The head of a 公文 read right in government-site layouts (tests/structure/cms_layouts.py): CMS pages
with a breadcrumb, an 信息公开 block in several orders and three printings (labels and values on one
line, each on its own line, tab-separated cells), `字号：大 中 小`, `打印本页`, `来源：`, a share bar;
a headline over a title printed slightly otherwise; title, 文号 and date on one line in any order;
signatures with the date on the issuer's line, on its own line, or broken over two, in Chinese
numerals, with a Latin O, in full-width digits; a body without any head.

Every expectation is the TUNING document's gold header, never the pipeline's reading of its text."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # the renderings are imported by path, as other helpers
import cms_layouts as C
import renderings as R

from pipeline.ingest import ingest_bytes
from pipeline.structure import structure_document

# an 实施意见 with its date in the head, notices (one without a title, one of four joint issuers, one
# enclosing 若干政策 after its signature), a provincial rule promulgated by its governor, 令s, a 指导意见
STEMS = [
    "c001_hebei_jishuchuangxin_2023", "c002_hebei_naiye_yijian_2019", "c004_hebei_shengwuyiyao_2019_gxt",
    "c009_hebei_chengde_fantai_2023", "c013_hebei_kjjl_banfa_2021", "c016_hebei_kjjl_xize_2024",
    "c019_guojia_kjb_ling1_jiangli_xize_1999", "c020_guojia_kjb_ling9_xiugai_2004",
    "c033_guojia_shehui_kejijiang_zhidao_2017", "c034_hebei_gangtie_gaozhiliang_zhuanfa_2022",
]
SIGNED = [s for s in STEMS if s[:4] not in ("c002", "c019", "c020")]  # signed, the date under the signature


def _read(text: str, name: str = "page.txt"):
    return structure_document(ingest_bytes(text.encode("utf-8"), name))


@pytest.mark.parametrize("dated", ["both", "published", "generated"])
@pytest.mark.parametrize("order", ["index-first", "title-first", "number-first"])
@pytest.mark.parametrize("layout", ["inline", "split", "tabs"])
@pytest.mark.parametrize("stem", STEMS, ids=lambda s: s[:4])
def test_a_cms_page_s_text_gives_the_gold_header(stem, layout, order, dated):
    """Labels and values in any order, on one line or one a line: the header is the document's; a
    `发布日期` or `生成日期` is no 成文日期 (the signature's or the head's date is)."""
    doc = _read(C.cms_text(stem, layout, order, dated))
    assert R.header_of(doc.header) == R.expected_header(stem)


@pytest.mark.parametrize("cells_in", ["cells", "rows"])
@pytest.mark.parametrize("dated", ["both", "published", "generated"])
@pytest.mark.parametrize("order", ["index-first", "title-first", "number-first"])
@pytest.mark.parametrize("stem", STEMS, ids=lambda s: s[:4])
def test_a_cms_page_gives_the_gold_header(stem, order, dated, cells_in):
    doc = _read(C.cms_page(stem, order, dated, cells_in), "page.html")
    assert R.header_of(doc.header) == R.expected_header(stem)


@pytest.mark.parametrize("variant", C.FURNITURE)
@pytest.mark.parametrize("stem", STEMS, ids=lambda s: s[:4])
def test_a_page_s_furniture_in_other_sites_printings_is_not_the_head(stem, variant):
    """Widgets separated by `|`, a type-size widget in brackets, an info line opening with the date, the
    page's own `<title>` line above the breadcrumb: metadata, never the title or the 文号's place."""
    doc = _read(C.furnished_text(stem, variant))
    assert R.header_of(doc.header) == R.expected_header(stem)
    meta = "".join(p.text for p in doc.parts if p.name == "元数据")
    assert "责任编辑" in meta and ("大 中 小" in meta or variant == "page-title")


@pytest.mark.parametrize("stem", ["c003_hebei_naiye_zhengce_2022", "c013_hebei_kjjl_banfa_2021",
                                  "c034_hebei_gangtie_gaozhiliang_zhuanfa_2022"], ids=lambda s: s[:4])
def test_labels_and_values_on_separate_lines_are_metadata_not_text(stem):
    """A table dumped one cell a line: each value is its label's, none is the title or body text."""
    doc = _read(C.cms_text(stem, "split", "title-first", "both"))
    meta = "\n".join(p.text for p in doc.parts if p.name == "元数据")
    g = R.gold(stem)
    for value in ("科技、教育", "有效", *(g.get("issuers") or [])):
        assert f"\n{value}\n" in f"\n{meta}\n"
    body = "".join(p.text for p in doc.parts if p.name in ("正文", "政策正文", "标题"))
    assert "科技、教育" not in body and "有效性" not in body
    assert [c.id for c in doc.clauses] == [c.id for c in R.plain(stem).clauses]


@pytest.mark.parametrize("stem", ["c003_hebei_naiye_zhengce_2022", "c016_hebei_kjjl_xize_2024"], ids=lambda s: s[:4])
def test_only_a_labelled_cheng_wen_date_is_the_issue_date(stem):
    """A block with a 发布日期 only: the issue date is the signature's, from the text; with 成文日期
    labelled, the two agree and the text's is kept."""
    published = _read(C.cms_text(stem, "split", "index-first", "published"))
    assert published.header.issue_date == R.gold(stem)["issue_date"]
    assert dict(published.header.sources)["issue_date"] == "text"


@pytest.mark.parametrize("change", C.HEADLINE_CHANGES)
@pytest.mark.parametrize("stem", STEMS, ids=lambda s: s[:4])
def test_a_headline_printed_otherwise_over_the_title(stem, change):
    doc = _read(C.headline_then_title(stem, change))
    assert R.header_of(doc.header) == R.expected_header(stem)


@pytest.mark.parametrize("lines", [1, 2, 3])
@pytest.mark.parametrize("change", C.HEADLINE_CHANGES)
@pytest.mark.parametrize("stem", [s for s in STEMS if R.gold(s)["title"]], ids=lambda s: s[:4])
def test_a_headline_printed_otherwise_right_above_the_title_block(stem, change, lines):
    """`关于印发…的通知` over `甲省科学技术厅` / `关于印发…的通知`, a headline without `关于`, with the site's
    name or the 文号: the headline is the page's, the title the block's."""
    doc = _read(C.headline_over_title(stem, change, lines))
    assert R.header_of(doc.header) == R.expected_header(stem)


@pytest.mark.parametrize("style", ["cn", "cn-numerals", "latin-o", "fullwidth"])
@pytest.mark.parametrize("order", ["tnd", "tdn", "ntd", "dtn"])
@pytest.mark.parametrize("stem", [s for s in STEMS if R.gold(s)["title"]], ids=lambda s: s[:4])
def test_title_number_and_date_on_one_line_in_any_order(stem, order, style):
    doc = _read(C.one_line_head(stem, order, style), "doc.txt")
    assert R.header_of(doc.header) == R.expected_header(stem)


@pytest.mark.parametrize("style", ["dots", "dashes", "slashes"])
@pytest.mark.parametrize("order", ["tnd", "tdn", "ntd"])
# a page's headline line: the title first (or its 文号), the site's date after it; a 令 prints its date
# in 年月日 under its number, never so
@pytest.mark.parametrize("stem", [s for s in STEMS if R.gold(s)["title"] and not R.gold(s)["order_number"]],
                         ids=lambda s: s[:4])
def test_a_site_s_date_beside_the_title_is_neither_title_nor_issue_date(stem, order, style):
    """`…的通知　冀政办字〔2022〕28号　2022.02.26`: the date a site prints in digits and dots is no part of
    the title; the 成文日期 is the signature's (null with a warning where only that date is printed)."""
    doc = _read(C.one_line_head(stem, order, style), "doc.txt")
    expected = R.expected_header(stem)
    if stem not in SIGNED:
        expected["issue_date"] = None
        assert any(w.startswith("issue_date:") for w in doc.warnings)
    assert R.header_of(doc.header) == expected


@pytest.mark.parametrize("join", ["line", "own", "split"])
@pytest.mark.parametrize("style", ["cn", "cn-numerals", "latin-o", "fullwidth", *C.ZEROS])
@pytest.mark.parametrize("stem", SIGNED, ids=lambda s: s[:4])
def test_signature_and_date_in_every_printing(stem, style, join):
    """`ORG二〇一九年十一月二十五日` on one line, joint issuers one a line with the date after the last,
    the date on its own line or broken after its year: issuers and issue date are the signature's."""
    doc = _read(C.signature_variant(stem, style, join), "doc.txt")
    assert R.header_of(doc.header) == R.expected_header(stem)
    assert [c.id for c in doc.clauses] == [c.id for c in R.plain(stem).clauses]


@pytest.mark.parametrize("join", C.JOINT)
@pytest.mark.parametrize("style", ["cn", "cn-numerals"])
@pytest.mark.parametrize("stem", ["c009_hebei_chengde_fantai_2023", "c010_hebei_zhuzao_duanya_2023",
                                  "c017_guojia_keji_danbao_jihua_2024", "c016_hebei_kjjl_xize_2024"], ids=lambda s: s[:4])
def test_joint_issuers_and_the_date_on_one_signature_line(stem, style, join):
    """`X　Y　Z　2023年5月11日`, `X、Y、Z　…`, `XYZ　…`: every issuer in the order printed, and the date."""
    doc = _read(C.signature_variant(stem, style, join), "doc.txt")
    assert R.header_of(doc.header) == R.expected_header(stem)


@pytest.mark.parametrize("cut", ["bracket", "middle"])
@pytest.mark.parametrize("note", ["（试行）", "(试行)", "（暂行）", "（2023年修订）", "（征求意见稿）"])
@pytest.mark.parametrize("stem", ["c003_hebei_naiye_zhengce_2022", "c013_hebei_kjjl_banfa_2021",
                                  "c016_hebei_kjjl_xize_2024", "c033_guojia_shehui_kejijiang_zhidao_2017"],
                         ids=lambda s: s[:4])
def test_doc_type_of_a_wrapped_title_ending_in_a_bracket(stem, note, cut):
    """`…奖励办` / `法（2023年修订）`: one title (no masthead), the kind before the note."""
    doc = _read(C.wrapped_title(stem, note, cut), "doc.txt")
    g = R.gold(stem)
    assert (doc.header.title, doc.header.doc_type) == (g["title"] + note, g["doc_type"])
    assert not any(p.name == "发文机关标志" for p in doc.parts)


@pytest.mark.parametrize("stem", ["c003_hebei_naiye_zhengce_2022", "c013_hebei_kjjl_banfa_2021",
                                  "c019_guojia_kjb_ling1_jiangli_xize_1999", "c033_guojia_shehui_kejijiang_zhidao_2017"],
                         ids=lambda s: s[:4])
def test_a_headerless_body_gives_nulls_with_warnings_and_its_clauses(stem):
    doc = _read(C.headerless(stem), "body.txt")
    h = doc.header
    assert (h.title, h.doc_number, h.order_number, h.issue_date, h.issuers) == (None, None, None, None, ())
    for field in ("title", "doc_number", "issue_date", "issuers"):
        assert any(w.startswith(f"{field}:") for w in doc.warnings), field
    assert [c.id for c in doc.clauses] == [c.id for c in R.plain(stem).clauses]


@pytest.mark.parametrize("layout", ["inline", "split", "tabs"])
@pytest.mark.parametrize("stem", ["c003_hebei_naiye_zhengce_2022", "c016_hebei_kjjl_xize_2024",
                                  "c033_guojia_shehui_kejijiang_zhidao_2017"], ids=lambda s: s[:4])
def test_a_headless_body_s_issue_date_is_only_a_labelled_cheng_wen_date(stem, layout):
    """The block is the only head: its 成文日期 is the issue date (`source: metadata`); a block that
    labels only a 发布日期 or 生成日期 gives none, with a warning. Title, 文号 and issuers come from it."""
    g = R.gold(stem)
    both = _read(C.cms_text(stem, layout, "index-first", "both", headless=True)).header
    assert (both.title, both.issue_date, both.issuers) == (g["title"], g["issue_date"], tuple(g["issuers"]))
    assert dict(both.sources)["issue_date"] == dict(both.sources)["title"] == "metadata"
    for dated in ("published", "generated"):
        doc = _read(C.cms_text(stem, layout, "index-first", dated, headless=True))
        assert doc.header.title == g["title"] and doc.header.issue_date is None
        assert any(w.startswith("issue_date:") for w in doc.warnings)
