"""Site and database metadata: label/value blocks that describe a document but are not its text.

Government sites print a table of labelled cells above a policy (`索引号`, `主题分类`, `发文机关`,
`成文日期`, `标题`, `发文字号`, `发布日期`, `有效性`); legal databases head their exports with
bracketed labels (`【法宝引证码】 CLI.…`, `【发布部门】`, `原文链接：…`); crawled pages carry an
info line (`发布时间：… 来源：… 字体：小 中 大`).  Ingest hands them on as lines (a table row's cells
separated by tabs).  Here such a line is recognised by its labels, never by its place in one
document, and read as (label, value) pairs.  Structure keeps these lines out of the title and the
body; the header takes a field from them only when the text does not settle it, and records that
it did (`Header.sources`).  A date is the 成文日期 only when it is labelled so: `发布日期` is the
day a site published the page.
"""
from __future__ import annotations

import re

from ..lexicon import words

_KINDS = words("title_end")
# normalised label → the header field it gives; None: a label of a metadata block that gives no field
LABELS: dict[str, str | None] = {
    **dict.fromkeys(("标题", "文件标题", "文章标题", "公文标题", "文件名称", "名称", "题名", "ArticleTitle"), "title"),
    **dict.fromkeys(("发文字号", "文号", "发文文号", "发文号", "文件编号", "文件字号", "字号"), "number"),
    **dict.fromkeys(("发文机关", "发文机构", "发文单位", "发布机构", "发布机关", "发布部门", "发布单位", "制发机关",
                     "制定机关", "颁布机关", "颁布部门", "成文机关"), "issuers"),
    **dict.fromkeys(("成文日期", "成文时间", "签发日期"), "issue_date"),
    **dict.fromkeys(("实施日期", "施行日期", "生效日期"), "effective_from"),
    **dict.fromkeys(("失效日期", "废止日期", "有效期至"), "effective_to"),
    **dict.fromkeys((
        "发布日期", "发布时间", "公布日期", "公开日期", "印发日期", "生成日期", "PubDate", "pubdate", "发文日期",
        "索引号", "主题分类", "主题词", "关键词", "有效性", "时效性", "效力级别", "效力状态", "法规类别", "法宝引证码",
        "原文链接", "来源", "信息来源", "文章来源", "字体", "字号大小", "浏览次数", "点击数", "访问量", "公文种类",
        "体裁分类", "组配分类", "服务对象", "所属主题", "分类", "公开方式", "公开范围", "批准部门", "批准日期",
        "ContentSource", "SiteName", "责任编辑", "作者", "编辑", "时间", "日期", "浏览量", "阅读次数", "阅读量", "浏览",
        "访问次数", "文章作者", "审核", "供稿",
        # a legal database's field block (北大法宝, 威科先行, 法信): its classes, and the label of the text
        "类别", "所属类别", "法规分类", "颁布日期", "正文", "全文", "题注",
    ), None),
}
_LABEL_KEYS = sorted(LABELS, key=len, reverse=True)
_SPACES = "\u0020\t\u3000\u00a0\u2002\u2003\u2009\u200b"
_LABEL_ALT = "|".join(r"\s*".join(map(re.escape, k)) if not k.isascii() else re.escape(k) for k in _LABEL_KEYS)
# a database's bracketed label (`【法宝引证码】`, `【发布部门】`) or a known label and its colon; several
# may follow each other in one line (`发布时间：2020-07-31　来源：…`), never inside a run of words
_ANY_LABEL_RE = re.compile(rf"【(?P<bracket>[^】]{{2,8}})】[{_SPACES}]*[：:]?"
                           rf"|(?<![\u4e00-\u9fff])(?P<known>{_LABEL_ALT})[{_SPACES}]*[：:]")
# the date (and time) a page was published, printed before its info line's first label
_SITE_DATETIME_RE = re.compile(rf"[{_SPACES}]*[0-9]{{4}}[-/.年][0-9]{{1,2}}[-/.月][0-9]{{1,2}}日?"
                               rf"(?:[{_SPACES}]+[0-9]{{1,2}}:[0-9]{{2}}(?::[0-9]{{2}})?)?[{_SPACES}]*")
# a value written in ASCII: a link, a citation code, an index number
_ASCII_VALUE_RE = re.compile(r"[\x21-\x7e]+(?:[ \t]+[\x21-\x7e]+)*")
_SENTENCE_STOP = re.compile(r"[。；！？]")
_URL_RE = re.compile(r"^[\s\u3000]*(?P<url>(?:https?://|www\.)[\x21-\x7e]+)[\s\u3000]*")
# a file offered for download: an attachment link, not text of the document
FILE_LINK_RE = re.compile(r"\.(?:pdf|docx?|wps|xlsx?|et|ofd|zip|rar|7z|txt|jpe?g|png)[\s\u3000]*$", re.IGNORECASE)


def _norm_label(raw: str) -> str:
    return re.sub(f"[{_SPACES}\\s：:【】]", "", raw)


def known_label(raw: str) -> bool:
    return _norm_label(raw) in LABELS


def _label_cell(cell: str) -> bool:
    """A table cell that is a label: a known one, or a short run of words ending in a colon."""
    label = _norm_label(cell)
    if label in LABELS:
        return True
    return bool(re.fullmatch(rf"[\u4e00-\u9fff{_SPACES}]{{2,10}}[：:]", cell.strip()))


def metadata_pairs(line: str) -> list[tuple[str, str]] | None:
    """The (label, value) pairs of a metadata line, or None when the line is not one."""
    parsed = _parse(line)
    return parsed[0] if parsed else None


def metadata_end(line: str) -> int | None:
    """Where the metadata of a line ends: a line joiner may glue the next line of the text to a
    link or a code (`原文链接：https://….html冀政办字〔2022〕93号`).  None: not a metadata line."""
    parsed = _parse(line)
    return parsed[1] if parsed else None


# a whole page's furniture as a text dump keeps it: the navigation bar, the breadcrumb, the print and
# share widgets, the links to other pages and the footer — words every site prints, no document does
# the type-size widget: `字号：大 中 小`, `【字体 小 中 大】`, `【大 中 小】`
_TYPE_SIZES = rf"(?:字[号体][{_SPACES}]*[：:]?[{_SPACES}]*)?(?:大[{_SPACES}]*中[{_SPACES}]*小|小[{_SPACES}]*中[{_SPACES}]*大)"
_NAV_RE = re.compile(rf"^[{_SPACES}]*(?:网站)?首页(?:[{_SPACES}|｜]+[\u4e00-\u9fff]{{2,8}}){{3,}}[{_SPACES}]*$")
_CHROME_RE = re.compile(
    rf"^[{_SPACES}]*(?:(?:当前位置|您(?:现在)?的?(?:当前)?位置|所在位置)[{_SPACES}]*[：:]|(?:网站)?首页[{_SPACES}]*[>＞»›]"
    rf"|(?:[【\[]?[{_SPACES}]*(?:打印本页|打印此页|打印|关闭窗口|关闭本页|关闭|返回顶部|收藏本页|加入收藏|{_TYPE_SIZES})"
    rf"[{_SPACES}]*[】\]]?[{_SPACES}|｜/·]*)+$|(?:上一篇|下一篇|相关链接|相关文件|相关阅读|相关新闻|相关推荐|相关解读|相关附件"
    r"|相关文章|相关信息|相关稿件|附件下载)[{_SPACES}]*(?:[：:]|$)"
    r"|分享到|扫一扫)")
_FOOTER_WORDS = ("ICP备", "网站标识码", "版权所有", "Copyright", "©")  # anywhere in the line


def is_chrome_line(line: str) -> bool:
    """A line of a site's page furniture (navigation, breadcrumb, widgets, related links, footer)."""
    return len(line) <= 200 and bool(_NAV_RE.match(line) or _CHROME_RE.match(line)
                                     or any(word in line for word in _FOOTER_WORDS))


def _parse(line: str) -> tuple[list[tuple[str, str]], int] | None:
    if is_chrome_line(line):
        return [], len(line)
    if "\t" in line:
        return _table_row(line)
    pairs: list[tuple[str, str]] = []
    if m := _URL_RE.match(line):
        return [("链接", m.group("url"))], m.end()
    marks = [(m.start(), m.end(), _norm_label(m.group("bracket") or m.group("known")))
             for m in _ANY_LABEL_RE.finditer(line)]
    if not marks or (line[:marks[0][0]].strip(_SPACES) and not _SITE_DATETIME_RE.fullmatch(line[:marks[0][0]])):
        return None
    if len(marks) == 1 and marks[0][2] not in LABELS and _reads_as_title(line[marks[0][1]:]):
        return None  # a column's tag before a headline (`【政策文件】…的通知`), no field of a block
    end = len(line)
    for n, (_, value_start, label) in enumerate(marks):
        value_end = marks[n + 1][0] if n + 1 < len(marks) else len(line)
        value = line[value_start:value_end]
        stripped = value.lstrip(_SPACES)
        m = _ASCII_VALUE_RE.match(stripped)
        if m and m.end() < len(stripped.rstrip(_SPACES)) and re.match(r"[^\x00-\x7f]", stripped[m.end():]) \
                and re.search(r"[A-Za-z/]", m.group(0)):  # a link or a code, not a number (`2020年`)
            # a link or code with the next line of the text glued to it
            end = value_start + (len(value) - len(stripped)) + m.end()
            pairs.append((label, m.group(0)))
            break
        pairs.append((label, value.strip(_SPACES)))
    # one label with a long running value is a sentence (`标题：…。` in a body), not a block
    # (a title may hold any punctuation; a list of issuers may be separated by `；`)
    field = LABELS.get(pairs[0][0])
    if len(pairs) == 1 and field != "title" and re.search(r"[。！？]" if field == "issuers" else r"[。；！？]", pairs[0][1]):
        return None
    return pairs, end


def _reads_as_title(text: str) -> bool:
    text = text.strip(_SPACES)
    return len(text) >= 8 and not re.search(r"[。；！？]", text) and text.rstrip("）)").endswith(_KINDS)


def _table_row(line: str) -> tuple[list[tuple[str, str]], int] | None:
    cells = [c.strip(_SPACES) for c in line.split("\t")]
    cells = [c for c in cells if c]
    if not cells or not known_label(cells[0]):
        return None
    pairs: list[tuple[str, str]] = []
    k = 0
    while k < len(cells):
        if not _label_cell(cells[k]):
            return None  # a value without a label: a data table, not a metadata row
        value = cells[k + 1] if k + 1 < len(cells) and not _label_cell(cells[k + 1]) else ""
        pairs.append((_norm_label(cells[k]), value))
        k += 2 if value else 1
    return pairs, len(line)


def is_metadata_line(line: str) -> bool:
    parsed = _parse(line)
    return parsed is not None and parsed[1] >= len(line.rstrip(_SPACES))


def is_file_link(line: str) -> bool:
    return bool(FILE_LINK_RE.search(line)) and len(line.strip()) <= 160 and "。" not in line


def metadata_lines(lines: list[str]) -> set[int]:
    """Indices of the metadata lines of a text: those before the first sentence of the text,
    and those after its last (a database export may put its citation code at the end)."""
    out: set[int] = set()
    for i, line in enumerate(lines[:40]):
        if metadata_end(line) is not None:
            out.add(i)
        elif re.search(r"[。；！？]", line) or len(line) > 200:
            break
        elif i - 1 in out and is_value_line(lines, i):
            out.add(i)  # the value of a label printed alone on the line above
    for i in range(len(lines) - 1, max(-1, len(lines) - 8), -1):
        if i in out:
            break
        if is_metadata_line(lines[i]):
            out.add(i)
        else:
            break
    return out | _page_tail(lines)


def _page_tail(lines: list[str]) -> set[int]:
    """A page's tail after the document: from its first furniture line (`打印本页`, `相关链接：`,
    `上一篇：`) on, when no sentence follows — the links there are other pages' titles."""
    # the lines after a tail's first line hold no sentence either: the tail can only start in the
    # run of such lines that ends the text, so only those are parsed (most texts end in a sentence)
    first = len(lines)
    while first > max(0, len(lines) - 40) and len(lines[first - 1]) <= 120 \
            and not _SENTENCE_STOP.search(lines[first - 1]):
        first -= 1
    for i in range(first, len(lines)):
        if is_chrome_line(lines[i]) or _editor_line(lines[i]):
            return set(range(i, len(lines)))
    return set()


def _editor_line(line: str) -> bool:
    """A page's credit line after the text (`责任编辑：张三`, `作者：`, `审核：`)."""
    pairs = metadata_pairs(line)
    return bool(pairs) and pairs[0][0] in ("责任编辑", "编辑", "作者", "文章作者", "审核", "供稿")  # type: ignore[index]


def awaits_value(line: str) -> bool:
    """A known label alone on its line (`发布机构：`): a table's cells dumped one a line, the value next."""
    pairs = metadata_pairs(line) or []
    return len(pairs) == 1 and not pairs[0][1] and pairs[0][0] in LABELS


def is_value_line(lines: list[str], i: int) -> bool:
    """`lines[i]` is the value of a label printed alone on the line above: a table dumped one cell a
    line, where the next label follows the value (or the value is a word, `有效`).  A label left
    empty is followed by the text itself, which is no value."""
    if i < 1 or not awaits_value(lines[i - 1]) or metadata_end(lines[i]) is not None \
            or re.search(r"[。；！？]", lines[i]):
        return False
    value = lines[i].strip(_SPACES)
    return len(value) <= 6 or (i + 1 < len(lines) and metadata_end(lines[i + 1]) is not None)


def block_pairs(lines: list[str]) -> list[tuple[str, str]]:
    """The (label, value) pairs of a run of metadata lines, a label alone on its line taking the
    line after it (not itself a label line) as its value."""
    out: list[tuple[str, str]] = []
    k = 0
    while k < len(lines):
        pairs = metadata_pairs(lines[k]) or []
        if k + 1 < len(lines) and is_value_line(lines, k + 1):
            out.append((pairs[0][0], lines[k + 1].strip(_SPACES)))
            k += 2
            continue
        out.extend(pairs)
        k += 1
    return out


def field_values(pairs: list[tuple[str, str]]) -> dict[str, str]:
    """The first non-empty value of each header field the pairs give."""
    out: dict[str, str] = {}
    for label, value in pairs:
        field = LABELS.get(label)
        if field and value and field not in out:
            out[field] = value
    return out
