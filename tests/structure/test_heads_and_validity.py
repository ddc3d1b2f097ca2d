"""Heads real pages and files print that earlier renderings did not cover, and validity statements,
built from TUNING documents (text + gold header) in several typographies:

- titles with half-width `(试行)` and with several `《》` (`关于印发《A》《B》和《C》的通知`), on a whole TRS page,
  a gov.cn fragment and in plain text over one to three lines;
- a shortened headline above the title (`…` or a prefix), a site's banner above the head of a crawled page;
- 令 and 公告 numbers in every printed form (`X第N号令`, `X令〔YYYY〕第N号`, `X公告2023年第1号`, over two lines);
- a compilation's cover and contents: the cover's title is no document's; one policy after it gives its own title;
- the kind of 公文 a title ends with under a bracketed note (`（2023年修订）`, `（国办发〔2018〕117号）`);
- 成文日期 in Chinese numerals, with spaces, on the signature line; `自…起施行` only as validity.
"""
import datetime as dt
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # the renderings are imported by path, as other helpers
import publishing as P
import renderings as R

from pipeline.ingest import ingest_bytes
from pipeline.structure import structure_document
from pipeline.structure.header import _doc_type

FIELDS = ("doc_number", "order_number", "title", "doc_type", "issuers", "issue_date")


def _read(text: str, name: str = "doc.txt"):
    return structure_document(ingest_bytes(text.encode("utf-8"), name))


def _retitled(stem: str, title: str, monkeypatch) -> None:
    """The tuning document with another title wherever it prints its title (gold and text alike)."""
    gold, paragraphs = R.gold, R.paragraphs

    def new_gold(s: str) -> dict:
        return {**gold(s), "title": title} if s == stem else gold(s)

    def new_paragraphs(s: str) -> list[tuple[str, str]]:
        out, done = [], False
        for role, text in paragraphs(s):
            if role == "标题" and s == stem:
                if not done:
                    out.append((role, title))
                done = True
                continue
            out.append((role, text))
        return out

    monkeypatch.setattr(R, "gold", new_gold)
    monkeypatch.setattr(R, "paragraphs", new_paragraphs)


THREE = "《社会力量设立科学技术奖管理办法(试行)》《社会力量设立科学技术奖评审规则(试行)》《社会力量设立科学技术奖监督规则(试行)》"
TITLES = [
    ("c012_hebei_zhongyang_zhuji_yuansuo_2017", "河北省科学技术厅关于印发《支持中央驻冀科研院所科技成果转化的若干措施(试行)》的通知"),
    ("c023_guojia_shehui_kejijiang_banfa_2023", f"科技部关于印发{THREE}的通知"),
    ("c023_guojia_shehui_kejijiang_banfa_2023", f"关于修订{THREE}的通知"),
    ("c023_guojia_shehui_kejijiang_banfa_2023", "科技部关于印发《社会力量设立科学技术奖管理办法》《评审规则》和《监督规则》的通知"),
]
PAGES = ["trs-h1", "trs-div", "trs-sidebar", "govcn-tables", "govcn-divs", "title-1", "title-2", "title-3"]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("stem,title", TITLES, ids=["half-width", "three", "three-no-issuer", "three-with-和"])
def test_titles_with_several_quoted_titles_and_half_width_brackets(stem, title, page, monkeypatch):
    _retitled(stem, title, monkeypatch)
    family, _, variant = page.partition("-")
    if family == "trs":
        doc = _read(R.trs_page(stem, variant), "page.html")
    elif family == "govcn":
        doc = _read(R.govcn_fragment(stem, variant), "page.html")
    else:
        doc = _read(P.head_variant(stem, page))
    h = doc.header
    assert (h.title, h.doc_type) == (title, "通知")
    assert (h.doc_number, h.issuers, h.issue_date) == (R.gold(stem)["doc_number"], tuple(R.gold(stem)["issuers"]),
                                                       R.gold(stem)["issue_date"])


HEADED = ["c003_hebei_naiye_zhengce_2022", "c008_hebei_tidu_peiyu_xize_2022", "c010_hebei_zhuzao_duanya_2023",
          "c016_hebei_kjjl_xize_2024", "c023_guojia_shehui_kejijiang_banfa_2023"]


def _shortened(title: str) -> list[str]:
    at = title.find("关于")
    return [title[:10] + "…", title[:len(title) // 2], title[at:at + 10] + "…" + title[-4:], title[:12] + "..."]


@pytest.mark.parametrize("form", range(4), ids=["prefix…", "prefix", "关于…kind", "prefix..."])
@pytest.mark.parametrize("layout", ["title-1", "title-2"])
@pytest.mark.parametrize("stem", HEADED, ids=lambda s: s[:4])
def test_a_shortened_headline_above_the_title_is_not_part_of_it(stem, layout, form):
    headline = _shortened(R.gold(stem)["title"])[form]
    doc = _read(headline + "\n" + P.head_variant(stem, layout))
    assert R.header_of(doc.header) == R.expected_header(stem)


BANNERS = [["深入学习贯彻《习近平新时代中国特色社会主义思想学习纲要》"], ["《中华人民共和国政府信息公开条例》", "欢迎访问某省人民政府网站"]]


@pytest.mark.parametrize("banner", BANNERS, ids=["slogan", "slogan+welcome"])
@pytest.mark.parametrize("stem", HEADED + ["c019_guojia_kjb_ling1_jiangli_xize_1999", "c021_guojia_kjb_ling3_shehui_sheli_1999",
                                           "c033_guojia_shehui_kejijiang_zhidao_2017"], ids=lambda s: s[:4])
def test_a_site_banner_with_a_quoted_slogan_is_not_the_title(stem, banner):
    text = P.crawled_text(stem)
    assert R.header_of(_read("\n".join(banner) + "\n" + text, "page.txt").header) == R.expected_header(stem)
    page = P.crawled_page(stem).replace(
        '<div class="nav">', '<div class="slogan">' + "".join(f"<p>{b}</p>" for b in banner) + '</div><div class="nav">')
    assert R.header_of(_read(page, "page.html").header) == R.expected_header(stem)


@pytest.mark.parametrize("sep", ["\n", "　　"], ids=["lines", "indents"])
@pytest.mark.parametrize("stem", ["c003_hebei_naiye_zhengce_2022", "c010_hebei_zhuzao_duanya_2023"], ids=lambda s: s[:4])
def test_a_welcome_banner_over_a_notice_s_head_is_not_the_title(stem, sep):
    lines = P.head_variant(stem, "title-1").splitlines()
    doc = _read(sep.join(BANNERS[1] + lines) + "\n")
    assert R.header_of(doc.header) == R.expected_header(stem)


ORDER = "c021_guojia_kjb_ling3_shehui_sheli_1999"
ORDER_HEADS = {
    "over two lines": (["科学技术部令", "第 3 号"], "科学技术部令第3号"),
    "with a space": (["科学技术部令　第3号"], "科学技术部令第3号"),
    "N号令": (["科学技术部第3号令"], "科学技术部令第3号"),
    "year in brackets": (["科学技术部令〔1999〕第3号"], "科学技术部令〔1999〕第3号"),
    "year written": (["科学技术部令1999年第3号"], "科学技术部令1999年第3号"),
    "公告 over two lines": (["科学技术部公告", "1999年第3号"], "科学技术部公告1999年第3号"),
}


@pytest.mark.parametrize("date", ["1999年12月26日", "（1999年12月26日）", "一九九九年十二月二十六日"])
@pytest.mark.parametrize("sep", ["\n", "　　"], ids=["lines", "indents"])
@pytest.mark.parametrize("head", list(ORDER_HEADS))
def test_the_title_after_a_令_or_公告_line_in_any_printed_form(head, sep, date):
    lines, number = ORDER_HEADS[head]
    g = R.gold(ORDER)
    body = [t for r, t in R.paragraphs(ORDER) if r == "正文" and t.startswith("第")][1:]  # the articles
    h = _read(sep.join(lines + [g["title"], date] + body) + "\n").header
    assert (h.order_number, h.doc_number, h.title, h.doc_type, h.issuers, h.issue_date) == \
        (number, None, g["title"], "办法", ("科学技术部",), g["issue_date"])


NOTICE = "c003_hebei_naiye_zhengce_2022"
COVERS = [["河北省科技政策汇编", "河北省科学技术厅", "二〇二四年四月"], ["科技政策选编"], ["河北省奶业振兴政策汇编", "二〇二二年七月"]]


@pytest.mark.parametrize("leader", ["……………………", "．．．．．．．．", "......"])
@pytest.mark.parametrize("cover", COVERS, ids=["cover+compiler+date", "cover", "cover+date"])
@pytest.mark.parametrize("stem", [NOTICE, "c023_guojia_shehui_kejijiang_banfa_2023", ORDER], ids=lambda s: s[:4])
def test_a_compilation_of_one_policy_has_the_policy_s_title(stem, cover, leader):
    """The cover's title names the compilation, no document; a contents entry is no title: the
    one policy the file holds gives its own title (and its header)."""
    g = R.gold(stem)
    doc = _read("\n".join(cover + ["目录", f"{g['title']}{leader}1"]) + "\n" + P.head_variant(stem, "title-1"))
    assert R.header_of(doc.header) == R.expected_header(stem)


@pytest.mark.parametrize("cover", COVERS, ids=["cover+compiler+date", "cover", "cover+date"])
def test_a_compilation_of_several_policies_gives_no_title_and_a_warning(cover):
    titles = [R.gold(NOTICE)["title"], R.gold("c010_hebei_zhuzao_duanya_2023")["title"]]
    contents = ["目录"] + [f"{t}……………………{2 * k + 1}" for k, t in enumerate(titles)]
    doc = _read("\n".join(cover + contents) + "\n" + P.head_variant(NOTICE, "title-1"))
    assert doc.header.title is None and doc.header.doc_type is None  # of no one kind either
    assert any(w.startswith("title:") and "several" in w for w in doc.warnings)
    assert any(w.startswith("doc_type:") and "several" in w for w in doc.warnings)


@pytest.mark.parametrize("title,kind", [
    ("甲省科学技术奖励办法(试行)", "办法"), ("甲省科学技术奖励办法（试行）（2023年修订）", "办法"),
    ("甲省科学技术奖励实施细则（修订）", "实施细则"), ("甲省科学技术奖励规定（2023年修订）", "规定"),
    ("甲省人民政府关于加强奶业振兴的通知（冀政办字〔2022〕93号）", "通知"),
    ("甲省人民政府关于加强奶业振兴的通知(冀政办字〔2022〕93号)", "通知"),
    ("甲省人民政府关于加强奶业振兴的公告（2023年第1号）", "公告"), ("甲省人民政府关于禁止燃放烟花爆竹的通告", "通告"),
    ("甲省科学技术奖励条例（2004年8月28日甲省第十届人民代表大会常务委员会第十一次会议修正）", "条例"),
    ("甲省人民政府关于同意设立甲市高新技术产业开发区的批复", "批复"), ("甲省科学技术厅关于商请支持奖励工作的函", "函"),
    ("甲省人民政府关于废止《甲省奖励办法》等三件规章的决定", "决定"),
])
def test_the_kind_a_title_ends_with_under_a_bracketed_note(title, kind):
    assert _doc_type(title) == kind
    doc = _read(P.head_variant(NOTICE, "title-1", title=title))
    # a 文号 in brackets after the title in the text is the 文号, not part of the title
    printed = re.sub(r"[（(][^（）()]*〔[0-9]{4}〕[^（）()]*[）)]$", "", title)
    assert (doc.header.title, doc.header.doc_type) == (printed, kind)


DATED = ["c003_hebei_naiye_zhengce_2022", "c010_hebei_zhuzao_duanya_2023", "c023_guojia_shehui_kejijiang_banfa_2023",
         "c016_hebei_kjjl_xize_2024", "c033_guojia_shehui_kejijiang_zhidao_2017"]


def _printed_as(stem: str, style: str) -> str:
    d = dt.date.fromisoformat(R.gold(stem)["issue_date"])
    text = P.head_variant(stem, "title-1")
    plain = f"{d.year}年{d.month}月{d.day}日"
    assert plain in text
    printed = f"{d.year} 年 {d.month} 月 {d.day} 日" if style == "spaced" else R.print_date(d.isoformat(), style)
    if style == "on-the-signature-line":  # `河北省人民政府办公厅2023年6月29日`
        lines = text.splitlines()
        k = max(n for n, line in enumerate(lines) if line == plain)
        lines[k - 1:k + 1] = [lines[k - 1] + plain]
        return "\n".join(lines) + "\n"
    return text.replace(plain, printed)


@pytest.mark.parametrize("style", ["cn-numerals", "latin-o", "fullwidth", "spaced", "on-the-signature-line"])
@pytest.mark.parametrize("stem", DATED, ids=lambda s: s[:4])
def test_the_issue_date_under_the_signature_in_any_typography(stem, style):
    doc = _read(_printed_as(stem, style))
    assert R.header_of(doc.header) == R.expected_header(stem)
    assert doc.header.effective_from == R.gold(stem)["effective_from"]


@pytest.mark.parametrize("label", ["发布日期", "印发日期", "公开日期"])
def test_a_publication_date_label_is_not_the_issue_date(label):
    stem = "c014_hebei_kjjl_xiuzhengan_2024"  # a rule without a date under it
    html = R.govcn_fragment(stem, "tables", issue_date=None).replace("发布日期：", f"{label}：")
    doc = _read(html, "page.html")
    assert doc.header.issue_date is None and "issue_date" not in dict(doc.header.sources)


VALIDITY = "c003_hebei_naiye_zhengce_2022"  # signed 2022年6月28日, its text states no validity


@pytest.mark.parametrize("sentence,start", [
    ("本通知自公布之日起施行。", "2022-06-28"), ("本通知自印发之日起正式实施。", "2022-06-28"),
    ("本通知自2024年1月1日起施行。", "2024-01-01"), ("本通知自2024年1月1日起实施，有效期3年。", "2024-01-01"),
    ("本通知自印发之日起30日后施行。", None),  # a start the text does not date: not computed
    ("自2023年1月1日起，对新建奶牛场每头补贴200元。", None),  # a measure's own period, not the notice's validity
])
def test_validity_statements(sentence, start):
    lines = P.head_variant(VALIDITY, "title-1").splitlines()
    k = lines.index("2022年6月28日") - 1  # the last sentence of the body stands above the signature
    lines.insert(k, sentence)
    doc = _read("\n".join(lines) + "\n")
    assert doc.header.issue_date == "2022-06-28"
    assert doc.header.effective_from == start
    if "30日后" in sentence:
        assert any(w.startswith("effective_from:") and "not computed" in w for w in doc.warnings)


WRAPPED = HEADED + ["c012_hebei_zhongyang_zhuji_yuansuo_2017", "c033_guojia_shehui_kejijiang_zhidao_2017",
                    "c034_hebei_gangtie_gaozhiliang_zhuanfa_2022", "c011_hebei_nongye_xiaojuren_2017",
                    "c002_hebei_naiye_yijian_2019"]


def _wrapped(title: str, cut: str) -> list[str]:
    """A title over lines as a narrow column or a PDF's text layer wraps it: in the middle of a word."""
    n = len(title)
    if cut == "half":
        return [title[:n // 2], title[n // 2:]]
    if cut == "thirds":
        return [title[:n // 3], title[n // 3:2 * n // 3], title[2 * n // 3:]]
    if cut == "after《":
        k = title.index("《") + 1 if "《" in title else n // 2
        return [title[:k], title[k:]]
    if cut == "before》":
        k = title.index("》") if "》" in title else n // 2
        return [title[:k], title[k:]]
    return [title[:-2], title[-2:]]  # the kind alone on the last line


@pytest.mark.parametrize("cut", ["half", "thirds", "after《", "before》", "kind alone"])
@pytest.mark.parametrize("stem", WRAPPED, ids=lambda s: s[:4])
def test_a_title_wrapped_in_the_middle_of_a_word(stem, cut):
    lines, done = [], False
    for role, text in R.paragraphs(stem):
        if role == "标题":
            if not done:
                lines.extend(_wrapped(R.gold(stem)["title"], cut))
            done = True
        elif role == "发文机关署名和成文日期":
            lines.extend(R._signature_lines(text))
        else:
            lines.append(text)
    assert R.header_of(_read("\n".join(lines) + "\n").header) == R.expected_header(stem)


@pytest.mark.parametrize("sep", ["\n", "　　"], ids=["lines", "indents"])
@pytest.mark.parametrize("stem", ["c003_hebei_naiye_zhengce_2022", "c023_guojia_shehui_kejijiang_banfa_2023",
                                  "c033_guojia_shehui_kejijiang_zhidao_2017"], ids=lambda s: s[:4])
def test_a_slogan_run_into_the_title_is_cut_off(stem, sep):
    """`学习贯彻…` / `深入学习贯彻《…纲要》` over a notice's title: a text reader may join the slogan's
    last line to the title's first; the title starts after the `》`."""
    lines = P.head_variant(stem, "title-1").splitlines()
    banner = ["学习贯彻党的二十大精神", "深入学习贯彻《习近平新时代中国特色社会主义思想学习纲要》"]
    doc = _read(sep.join(banner + lines) + "\n")
    assert R.header_of(doc.header) == R.expected_header(stem)
