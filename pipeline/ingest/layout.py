"""Layout repair shared by every input format: page furniture, broken lines, width folding.

A 公文 is printed 28 characters to a line and Chinese wraps by character, so a line
break (or a page break, which conversions turn into a blank line) can fall inside a
word, a number or a 文号.  The joiner decides, line by line, whether the next line
continues the current paragraph.  It works from what a line says about itself
(terminal punctuation, numbering, headings, signatures), plus the line's width when
the source is a PDF and the width is known.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..lexicon import alternation
from ..normalize import DOC_NUMBER_RE
from ..records import PageSpan

# page numbers and running furniture: `— 3 —`, `-3-`, `- 3 -`, `第3页`, `第 3 页 共 9 页`, `3/9`
PAGE_FURNITURE_RE = re.compile(
    r"^\s*(?:[—–\-－]\s*[0-9０-９]{1,3}\s*[—–\-－]"
    r"|第\s*[0-9０-９]{1,3}\s*页(?:\s*[，,]?\s*共\s*[0-9０-９]{1,3}\s*页)?"
    r"|[0-9０-９]{1,3}\s*/\s*[0-9０-９]{1,3})\s*$"
)
MARKDOWN_HEADING_RE = re.compile(r"^\s{0,3}#{1,6}\s+")
MARKDOWN_BULLET_RE = re.compile(r"^\s{0,3}[-*+]\s+(?=\S)")
MARKDOWN_RULE_RE = re.compile(r"^\s{0,3}(?:-{3,}|\*{3,}|_{3,})\s*$")

# a paragraph ends with one of these (closing quotes/brackets after them allowed)
TERMINAL_RE = re.compile(r"[。！？；：:;!?…][”’」』）)\]]*$")
# numbered items, annex and closing lines begin a paragraph of their own
ITEM_START_RE = re.compile(
    r"^\s*(?:[一二三四五六七八九十百]+、|[（(][一二三四五六七八九十百]+[）)]|[0-9０-９]+[．.、](?![0-9０-９])"
    r"|[（(][0-9０-９]+[）)]|第[一二三四五六七八九十百零〇0-9]+[章节条]|附件|抄送|附：|备注"
    r"|[（(]此件)"
)
_YEAR = r"(?:[0-9０-９]{4}|[〇零一二三四五六七八九OoＯｏ○◯]{4})\s*年"
DATE_LINE_RE = re.compile(rf"^\s*{_YEAR}.{{1,8}}日(?:印发)?\s*$")
# a date broken over two lines (`2023年` / `6月29日`, `二〇二三年六月` / `二十九日`)
DATE_HEAD_RE = re.compile(rf"^\s*(?:[\u4e00-\u9fff（）()]{{2,40}}?)?{_YEAR}(?:\s*[0-9０-９一二三四五六七八九十]{{1,2}}\s*月)?\s*$")
DATE_TAIL_RE = re.compile(r"^\s*(?:[0-9０-９一二三四五六七八九十]{1,2}\s*月\s*)?[0-9０-９一二三四五六七八九十]{1,3}\s*日\s*$")
# the 成文日期 in brackets under a title: `（2018年12月6日）`
BRACKETED_DATE_LINE_RE = re.compile(rf"^\s*[（(]\s*{_YEAR}.{{1,8}}日\s*[）)]\s*$")
# a title or heading ends with the kind of document (ontology/gongwen_lexicon.tsv) or a bracketed year range
TITLE_END_RE = re.compile(
    r"(?:" + alternation("heading_end") + r"|[0-9]{4}\s*[—–\-－~～至]\s*[0-9]{4}\s*年?[）)])\s*$"
)
ORG_LINE_RE = re.compile(r"^[\u4e00-\u9fff（）()]{2,30}" + alternation("org_line") + r"\s*$")
# a signature line: an organisation's name and the 成文日期 after it; nothing continues it (a wrapped
# sentence that ends in a body's name and a date, `…已经省人民政府2023年6月29日` / `常务会议通过`, has words
# no name has)
SIGNED_LINE_RE = re.compile(r"^(?![^0-9〇零一二三四五六七八九OoＯｏ○◯]*[经于在由的将已为对])[\u4e00-\u9fff（）()、\s]{2,80}"
                            + alternation("org_line") + rf"\s*{_YEAR}.{{1,8}}日\s*$")
# a text line shorter than this that carries no clause punctuation is a heading, not a wrap
MIN_WRAP_CHARS = 22


@dataclass
class Line:
    text: str
    page: int | None = None
    heading: bool = False  # marked as a heading by the source (markdown #, PDF font size)
    full_width: bool | None = None  # the line reaches the right margin (PDF); None if unknown
    table: bool = False
    # the line starts further right than a wrapped line would (a first-line indent or a
    # centred line); None when the source has no geometry or prints paragraphs unindented
    indented: bool | None = None


def is_page_furniture(line: str) -> bool:
    return bool(PAGE_FURNITURE_RE.match(line))


def strip_markdown(raw: str) -> Line | None:
    """One markdown line as a layout-free Line; None for a horizontal rule."""
    if MARKDOWN_RULE_RE.match(raw):
        return None
    heading = bool(MARKDOWN_HEADING_RE.match(raw))
    text = MARKDOWN_HEADING_RE.sub("", raw)
    text = MARKDOWN_BULLET_RE.sub("", text)
    return Line(text=text.rstrip(), heading=heading, table="\t" in text)


def _content_len(text: str) -> int:
    return len(re.sub(r"\s", "", text))


# the 版头's 签发人 field (`冀政字〔2023〕1号　　签发人：张三`, two signers of a joint 上行文): it ends its line
_SIGNER_FIELD_RE = re.compile(r"签\s*发\s*人\s*[：:][\s\u3000]*[\u4e00-\u9fff·]{2,4}(?:[\s\u3000]+[\u4e00-\u9fff·]{2,4}){0,3}$")


# a site's date (and time) in digits ends its info line (`…　发布时间：2023-01-05 10:30`): prose never does
_SITE_DATE_END_RE = re.compile(r"(?<![0-9])[0-9]{4}[-./][0-9]{1,2}[-./][0-9]{1,2}(?:[\s\u3000]+[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?$")
# a rule drawn with characters (the red line under a 文号, a separator a converter printed): a line of its own
_RULE_LINE_RE = re.compile(r"^[━─—－\-=＝_＿~～\s\u3000]{3,}$")


def continues(prev: Line, nxt: Line) -> bool:
    """Does `nxt` continue the paragraph that `prev` ends?"""
    p, n = prev.text.rstrip(), nxt.text.strip()
    if not p or not n or prev.table or nxt.table or prev.heading or nxt.heading:
        return False
    if DATE_HEAD_RE.match(p) and DATE_TAIL_RE.match(n) and re.search("[年月]$", p):
        return True  # the year (and month) of a date on one line, the rest on the next
    if prev.full_width is not None and nxt.indented is not None:
        return _continues_by_geometry(prev, p, nxt, n)
    if SIGNED_LINE_RE.match(p) or _SIGNER_FIELD_RE.search(p) or _RULE_LINE_RE.match(p) or _RULE_LINE_RE.match(n) \
            or _SITE_DATE_END_RE.search(p):
        return False
    if TERMINAL_RE.search(p) or ITEM_START_RE.match(n) or DATE_LINE_RE.match(n) or BRACKETED_DATE_LINE_RE.match(n):
        return False
    if n[0] in CONTINUATION_START:  # no paragraph begins with a stop or a closing mark (`。` after `…如下措施`)
        return True
    if ORG_LINE_RE.match(n) and _content_len(n) <= 20:
        return False
    if n.startswith("各") and n.endswith(("：", ":")):
        return False
    if _label_line(p) or _label_line(n) or DOC_NUMBER_RE.fullmatch(n):
        return False  # (a 文号 alone on its line is the 版头's, never the end of a wrapped title)
    if prev.full_width is not None:
        # geometry knows best: only a line that ran to the margin can wrap
        return prev.full_width
    content = ITEM_START_RE.sub("", p, count=1)  # the numbering's own 、 is no clause punctuation
    has_clause_punct = bool(re.search(r"[，,。；、]", content))
    if TITLE_END_RE.search(p) and not p.endswith(("，", ",")):
        return False
    return has_clause_punct or _content_len(content) >= MIN_WRAP_CHARS


# the labels a database's field block or a site's info line begins with (`发布部门：`, `来源：`, `当前位置：`)
_SITE_LABELS = frozenset(("当前位置", "您的位置", "您现在的位置", "来源", "信息来源", "发布时间", "发布日期", "发布机关",
                          "发布部门", "发文机关", "文号", "发文字号", "浏览次数", "点击数", "索引号", "生效日期", "实施日期",
                          "时效性", "效力级别", "类别", "正文",
                          # a government site's 信息公开 block (gov.cn, TRS, 大汉, 开普 CMSs)
                          "主题分类", "主题词", "发布机构", "发文单位", "发文机构", "成文日期", "公开日期", "生成日期",
                          "印发日期", "名称", "标题", "有效性", "公文种类", "体裁分类", "组配分类", "服务对象",
                          "责任编辑", "编辑", "作者", "审核", "浏览量", "阅读次数", "时间"))
# a label alone on its line (`发布机构：`), its value on the next: a table's cells dumped one a line
_BARE_LABEL_RE = re.compile(r"^[\u4e00-\u9fff\u3000 ]{2,8}[：:]$")


def _bare_label(line: str) -> bool:
    """A site label alone on its line (`发布机构：`), not a body line that ends in a colon (`措施如下：`)."""
    s = line.strip()
    return bool(_BARE_LABEL_RE.match(s)) and re.sub(r"[\u3000 ：:]", "", s) in _SITE_LABELS
# a page's own `<title>`: the headline, then the site's name after `_` or `|` (`…的通知_某省人民政府网`)
_PAGE_TITLE_RE = re.compile(r"\s*[_|｜]\s*[\u4e00-\u9fffA-Za-z（）()]{2,24}?(?:网|网站|门户|政务服务平台)$")
_BREADCRUMB_RE = re.compile(r"^(?:网站)?首页\s*(?:[>＞»›]|&gt;)")  # `首页 > 政策文件 > 正文`
_NAV_BAR_RE = re.compile(r"^[\u4e00-\u9fff]{2,8}(?:[\u3000\t]+[\u4e00-\u9fff]{2,8}){3,}$")


def _label_line(line: str) -> bool:
    """A database's or site's label line (`【发布部门】…`, `来源：…　发布时间：…`), a widget closing in `】`
    (`【打印本页】`) or a navigation bar (short words between wide spaces): never a wrapped line of prose."""
    s = line.strip()
    if re.match(r"[【\[][^】\]]{2,12}[】\]]", s) or s.endswith(("】", "]")):
        return True
    m = re.match(r"([^：:]{2,6})[：:]", s)
    return bool(m and re.sub(r"[\u3000 ]", "", m.group(1)) in _SITE_LABELS) or bool(_NAV_BAR_RE.match(s)) \
        or _bare_label(s) or bool(_BREADCRUMB_RE.match(s)) or bool(_PAGE_TITLE_RE.search(s))


def _continues_by_geometry(prev: Line, p: str, nxt: Line, n: str) -> bool:
    """Paragraphs are indented: a line continues one that ran to the margin unless it is indented.

    A sentence may end exactly at the margin with the paragraph going on, so terminal
    punctuation alone does not end a paragraph here; it does when the next line looks
    like the start of something else (an item, 附件, a date, an organisation).
    """
    if not prev.full_width:
        return _text_continues(p, n, bool(nxt.indented))
    if nxt.indented:
        return n[0] in CONTINUATION_START
    org_line = bool(ORG_LINE_RE.match(n)) and _content_len(n) <= 20
    return not (TERMINAL_RE.search(p) and (ITEM_START_RE.match(n) or DATE_LINE_RE.match(n) or org_line))


# no paragraph begins with one of these: closing marks and clause punctuation, and `号`
# (the tail of a 文号 whose number ended the line above)
CONTINUATION_START = frozenset("，。、；：？！）》」』】〕〉”’%％‰,.;:?!)]}号")
# what stands after a number in the same phrase: units, 号, dates, percent
_AFTER_NUMBER_RE = re.compile(r"^(?:[0-9０-９A-Za-zＡ-Ｚａ-ｚ.．%％‰]|万|亿|元|号|年|月|日|个|家|项|人|名|次|倍|期|批|台|套|平方米|亩|吨|户|所)")
_OPENING = frozenset("（《「『【〔〈“‘([{")


def _text_continues(p: str, n: str, indented: bool) -> bool:
    """A line that stops short of the margin still continues when the text says so: it ends
    without terminal punctuation and the next line can only be the rest of the same phrase —
    it begins with a closing mark or `号`, or finishes a number or its unit (`最高 50` / `万元`,
    `〔2021〕1` / `09号`), or the short line ends with an opening bracket."""
    if TERMINAL_RE.search(p):
        return False
    if n[0] in CONTINUATION_START:
        return True
    if indented or ITEM_START_RE.match(n) or DATE_LINE_RE.match(n):
        return False
    if p[-1] in _OPENING:
        return True
    return bool(re.match(r"[0-9０-９A-Za-zＡ-Ｚａ-ｚ]", p[-1])) and bool(_AFTER_NUMBER_RE.match(n))


# full-width digits and letters → ASCII (one C-level pass), and the signs folded inside numbers
_FOLD_WIDTH = {code: code - 0xFEE0 for first, last in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
               for code in range(first, last + 1)}
_FULL_WIDTH_RE = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
_NUMBER_SIGN_RE = re.compile("[％．]")


def fold_numbers(text: str) -> str:
    """Fold full-width digits and letters, and `％`/`．` inside numbers; length is kept.

    Wording is never rewritten, so offsets into the folded text are offsets into the
    document; only characters that are the same symbol in another width change.
    `％` after a digit becomes `%`, `．` between two digits `.` (a digit as `str.isdigit` has it,
    once full-width digits are folded).
    """
    if _FULL_WIDTH_RE.search(text):
        text = text.translate(_FOLD_WIDTH)
    signs = [m.start() for m in _NUMBER_SIGN_RE.finditer(text)]
    if not signs:
        return text
    chars = list(text)
    last = len(text) - 1
    for i in signs:  # the folded signs are no digits, so reading `text` is reading the folded chars
        if text[i] == "％":
            if i > 0 and text[i - 1].isdigit():
                chars[i] = "%"
        elif 0 < i < last and text[i - 1].isdigit() and text[i + 1].isdigit():
            chars[i] = "."
    return "".join(chars)


def join_lines(lines: list[Line]) -> tuple[str, tuple[PageSpan, ...]]:
    """Paragraphs joined from lines: the normalised text and its page map.

    Blank lines carry no information in a PDF conversion (a page break looks the same
    as a paragraph break), so they are dropped before joining.
    """
    kept = [ln for ln in lines if ln.text.strip() and not is_page_furniture(ln.text)]
    paragraphs: list[list[Line]] = []
    for line in kept:
        if paragraphs and continues(paragraphs[-1][-1], line) and not _labelled_value(paragraphs):
            paragraphs[-1].append(line)
        else:
            paragraphs.append([line])
    text_parts: list[str] = []
    spans: list[PageSpan] = []
    offset = 0
    for para in paragraphs:
        for i, line in enumerate(para):
            piece = line.text.strip() if i else line.text.rstrip().lstrip(" \u3000")
            if i:
                piece = _glue(text_parts[-1], piece)
            piece = fold_numbers(piece)
            if line.page is not None:
                _extend(spans, line.page, offset, offset + len(piece))
            text_parts.append(piece)
            offset += len(piece)
        text_parts.append("\n")
        if para[-1].page is not None:
            _extend(spans, para[-1].page, offset, offset + 1)
        offset += 1
    return "".join(text_parts), tuple(spans)


def _labelled_value(paragraphs: list[list[Line]]) -> bool:
    """The last paragraph is one line under a label printed alone (`发布机构：` / `某省人民政府`): a
    table cell's value, which no line after it continues."""
    return len(paragraphs) >= 2 and len(paragraphs[-1]) == 1 and _bare_label(paragraphs[-2][-1].text)


def join_wrapped(lines: list[str]) -> str:
    """The lines of one wrapped block (a table cell) as one line, glued as `join_lines` glues a
    paragraph's lines: a space only between two Latin letters, none in a number or Chinese."""
    out = ""
    for line in lines:
        out += _glue(out, line)
    return out


def _glue(before: str, piece: str) -> str:
    # Latin words broken across lines keep a space; Chinese and numbers (`3` / `00万元`) join directly
    if before and re.match(r"[A-Za-z]", before[-1]) and re.match(r"[A-Za-z]", piece[:1]):
        return " " + piece
    return piece


def _extend(spans: list[PageSpan], page: int, start: int, end: int) -> None:
    if spans and spans[-1].page == page and spans[-1].end == start:
        spans[-1] = PageSpan(page, spans[-1].start, end)
    else:
        spans.append(PageSpan(page, start, end))
