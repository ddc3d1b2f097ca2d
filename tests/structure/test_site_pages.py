"""The head of a 公文 read right in the publishing layouts of tests/structure/site_pages.py (issue 13):
whole TRS/WCM pages with their meta tags and a headline in full, cut short or missing; pages whose
`<title>` is the only hint of the headline, with the site's name after a separator; 北大法宝 exports
with the whole field block and the title repeated; titles broken over two lines at any character;
the 文号 in brackets after the title, on the next line, before it, beside it; half-width punctuation.

Every expectation is the TUNING document's gold header, never the pipeline's reading of its text."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # the renderings are imported by path, as other helpers
import publishing as P
import renderings as R
import site_pages as S

from pipeline.ingest import ingest_bytes
from pipeline.structure import structure_document

# notices (one of three joint issuers, one 转发, one enclosing 若干措施（试行）), a provincial rule promulgated
# by its governor, 令s (a 实施细则 with a short title, a 决定 amending one), a 指导意见, a 细则
STEMS = [
    "c003_hebei_naiye_zhengce_2022", "c010_hebei_zhuzao_duanya_2023", "c012_hebei_zhongyang_zhuji_yuansuo_2017",
    "c013_hebei_kjjl_banfa_2021", "c016_hebei_kjjl_xize_2024", "c019_guojia_kjb_ling1_jiangli_xize_1999",
    "c020_guojia_kjb_ling9_xiugai_2004", "c033_guojia_shehui_kejijiang_zhidao_2017",
    "c034_hebei_gangtie_gaozhiliang_zhuanfa_2022",
]
NUMBERED = [s for s in STEMS if R._number(R.gold(s))]


def _read(text: str, name: str):
    return structure_document(ingest_bytes(text.encode("utf-8"), name))


@pytest.mark.parametrize("headline", S.HEADLINES)
@pytest.mark.parametrize("stem", STEMS, ids=lambda s: s[:4])
def test_a_wcm_page_with_its_meta_tags_gives_the_gold_header(stem, headline):
    """`ArticleTitle`, `PubDate`, `ContentSource` tags, a headline in full, cut short, a prefix or
    none: the title is the document's; the page's publication date is no 成文日期."""
    doc = _read(S.wcm_page(stem, headline), "page.html")
    assert R.header_of(doc.header) == R.expected_header(stem)


@pytest.mark.parametrize("sep", ["_", " - ", "|"])
@pytest.mark.parametrize("site", S.SITES)
@pytest.mark.parametrize("stem", STEMS, ids=lambda s: s[:4])
def test_the_site_s_name_in_the_page_title_is_not_the_headline(stem, site, sep):
    """A page with no `ArticleTitle` and a headline in a plain block, its body under the title block:
    the `<title>`'s part that names the site (a portal, a body, a domain), longer than the headline
    or not, is not what the headline is found by; the headline is the title."""
    doc = _read(S.wcm_page(stem, "full", meta=False, site=site, sep=sep, own_title=False), "page.html")
    assert R.header_of(doc.header) == R.expected_header(stem)


@pytest.mark.parametrize(("sep", "joiner"), [("", " "), (" ", "、"), ("：", "，")])
@pytest.mark.parametrize("stem", STEMS, ids=lambda s: s[:4])
def test_a_pkulaw_export_with_its_field_block_and_the_title_repeated(stem, sep, joiner):
    """The title, `【发布部门】…【法宝引证码】`, the title again over the document: one title, the block's
    `【发布日期】` no 成文日期."""
    doc = _read(S.pkulaw_full(stem, sep, joiner), "export.txt")
    assert R.header_of(doc.header) == R.expected_header(stem)


@pytest.mark.parametrize("at", [2, 5, 9, -9, -5, -3, -1])
@pytest.mark.parametrize("stem", STEMS, ids=lambda s: s[:4])
def test_a_title_broken_at_any_character_is_one_title(stem, at):
    doc = _read(S.title_cut(stem, at % len(R.gold(stem)["title"])), "doc.txt")
    assert R.header_of(doc.header) == R.expected_header(stem)


@pytest.mark.parametrize("where", S.NUMBER_PLACES)
@pytest.mark.parametrize("stem", NUMBERED, ids=lambda s: s[:4])
def test_the_number_beside_the_title_in_every_place(stem, where):
    """`…的通知（冀政办字〔2022〕93号）`, the bracketed number on the next line, `(…)`, the number over the
    title or beside it: the number is the 文号 (or 令 number), never part of the title."""
    doc = _read(S.numbered_title(stem, where), "doc.txt")
    assert R.header_of(doc.header) == R.expected_header(stem)


@pytest.mark.parametrize("style", S.PUNCTUATION)
@pytest.mark.parametrize("stem", STEMS, ids=lambda s: s[:4])
def test_half_width_punctuation_reads_the_same_header(stem, style):
    """Half-width commas, colons and brackets (`(沪府规〔2019〕38号)`), ASCII spaces for indents: the
    title keeps its brackets as printed, every other field is the gold's."""
    doc = _read(S.punctuated(stem, style), "doc.txt")
    expected = R.expected_header(stem)
    expected["title"] = expected["title"].translate(S.PUNCTUATION[style]).replace(" ", "")
    assert R.header_of(doc.header) == expected


HEADLINED = [(stem, kind) for stem in STEMS + ["c008_hebei_tidu_peiyu_xize_2022", "c015_hebei_kjjl_xize_tongzhi_2022",
                                                "c023_guojia_shehui_kejijiang_banfa_2023"]
             for kind in S.PAGE_HEADLINES if kind == "news" or R.gold(stem)["policy_title"]]


@pytest.mark.parametrize("form", ["page", "text"])
@pytest.mark.parametrize(("stem", "kind"), HEADLINED, ids=lambda x: x[:4] if x.startswith("c0") else x)
def test_a_page_headline_naming_the_policy_is_the_page_s(stem, kind, form):
    """A page named after the policy its notice hands out (`X` over `…关于印发《X》的通知`, the quote
    without a `的` the policy's title has), or a news headline quoting it (`甲省人民政府印发《X》` over `X`):
    the title is the document's title block, not two documents' titles, not the headline run into it."""
    doc = _read(S.headlined(stem, kind, form), "page.html" if form == "page" else "page.txt")
    assert R.header_of(doc.header) == R.expected_header(stem)


TUNING = sorted(R.json.loads((R.ROOT / "tests" / "corpus" / "split.json").read_text(encoding="utf-8"))["tuning"])


def _applicable(make, variants):
    out = []
    for stem in TUNING:
        for variant in variants:
            try:
                make(stem, variant)
            except ValueError:
                continue  # the layout does not apply to this document (no 文号, no signature, one issuer)
            out.append((stem, variant))
    return out


@pytest.mark.parametrize(("stem", "kind"), _applicable(S.masthead_variant, S.MASTHEADS),
                         ids=lambda x: x[:4] if x.startswith("c0") else x)
def test_a_red_head_file_s_masthead_in_every_printing(stem, kind):
    """`X文件` over the 文号; joint issuers one a line with `文件` on its own; the masthead spaced out;
    `签发人：` after the 文号 (the title under it is no continuation of that line); the red rule as a line:
    the masthead is no title line and names the issuers."""
    doc = _read(S.masthead_variant(stem, kind), "doc.txt")
    assert R.header_of(doc.header) == R.expected_header(stem)
    assert any(p.name == "发文机关标志" for p in doc.parts)


@pytest.mark.parametrize(("stem", "form"), _applicable(S.signature_date, S.SIGNATURE_DATES),
                         ids=lambda x: x[:4] if x.startswith("c0") else x)
def test_the_signature_s_date_in_every_printing(stem, form):
    doc = _read(S.signature_date(stem, form), "doc.txt")
    assert R.header_of(doc.header) == R.expected_header(stem)


@pytest.mark.parametrize("source", ["metadata", "headline"])
@pytest.mark.parametrize(("stem", "kind"), _applicable(S.cut_title, S.CUT_TITLES),
                         ids=lambda x: x[:4] if x.startswith("c0") else x)
def test_a_title_cut_short_or_run_on_is_the_site_s_whole_title(stem, kind, source):
    """The text's title block cut short (`…若干措施` without `》的通知`, whose words a crawl ran into the
    主送机关) or run on: the title is the one the page's headline or metadata gives, which extends it to
    its kind of 公文 (GB/T 9704: a title ends in its 文种), recorded with that source."""
    doc = _read(S.cut_title(stem, kind, source), "page.txt")
    assert R.header_of(doc.header) == R.expected_header(stem)


@pytest.mark.parametrize(("stem", "version"), _applicable(lambda s, v: S.pkulaw_versioned(s, *v),
                                                       [(a, b) for a in S.VERSION_LABELS for b in (True, False)]),
                         ids=lambda x: x[:4] if isinstance(x, str) else f"{x[0]}-{'own' if x[1] else 'database-only'}")
def test_a_database_s_version_label_is_no_part_of_the_title(stem, version):
    """北大法宝 titles a document `…(2019)`, `…(2019修订)`, `…(2019修正)`: the label is the database's, so
    the title is the document's own line, or the database's line without the label."""
    doc = _read(S.pkulaw_versioned(stem, *version), "export.txt")
    assert R.header_of(doc.header) == R.expected_header(stem)


@pytest.mark.parametrize(("stem", "printing"), _applicable(S.headline_only_page, S.HEADLINE_PRINTINGS),
                         ids=lambda x: x[:4] if x.startswith("c0") else x)
def test_a_headline_in_any_printing_is_the_title_when_the_body_has_none(stem, printing):
    """`<br>` or `<span>`s inside the headline, the headline over two `<p>`, a column's tag (`【政策文件】`,
    `[转载]`) or the page's date before it: the title is the headline's words, the issuers read from it."""
    doc = _read(S.headline_only_page(stem, printing), "page.html")
    assert R.header_of(doc.header) == R.expected_header(stem)


NORMATIVE_KINDS = ("规范", "标准", "导则", "守则", "章程", "制度", "名录", "须知")
RULES = ["c019_guojia_kjb_ling1_jiangli_xize_1999", "c021_guojia_kjb_ling3_shehui_sheli_1999"]


@pytest.mark.parametrize("note", ["", "（试行）", "(试行)"])
@pytest.mark.parametrize("layout", ["title-1", "title-2"])
@pytest.mark.parametrize("kind", NORMATIVE_KINDS)
@pytest.mark.parametrize("stem", RULES, ids=lambda s: s[:4])
def test_a_normative_document_s_kind_is_its_doc_type(stem, kind, layout, note):
    """Normative documents other than 办法/细则 end in their kind too (…管理规范, …标准, …导则, …章程):
    a rule's title printed with that kind (over one or two lines, with a trial note) gives it as doc_type."""
    g = R.gold(stem)
    title = g["title"][:-len(g["doc_type"])] + kind + note
    doc = _read(P.head_variant(stem, layout, title=title), "doc.txt")
    assert (doc.header.title, doc.header.doc_type) == (title, kind)
