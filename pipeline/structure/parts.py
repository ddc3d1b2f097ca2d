"""Cut a 公文 into its GB/T 9704-2012 parts.

版头 (masthead, 文号, 签发人) → 标题 → 主送机关 → 正文 (with 附件说明) → 发文机关署名 and
成文日期 → 附注 → [the enclosed policy of a 印发/转发 notice: its title and body] →
附件 → 抄送机关 → 印发机关和印发日期.  Each part is found by what it looks like in any
公文, not by where it sits in one particular document.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..lexicon import alternation
from ..normalize import DOC_NUMBER_RE, date_pattern, parse_date, title_key
from .metadata import is_file_link, is_metadata_line, is_value_line, metadata_lines
from .numbering import match_number
from .paragraphs import Para
from .recover import DOC_TYPE_ENDINGS, TITLE_NOTE_RE, split_orgs
from .titles import complete, several, strip_version, title_start

DATE = date_pattern().pattern
ORG = r"[\u4e00-\u9fff（）()]{2,40}" + alternation("issuer")  # ontology/gongwen_lexicon.tsv
ORG_RE = re.compile(rf"^{ORG}$")
SIGNATURE_ONE_LINE_RE = re.compile(rf"^(?P<orgs>{ORG}(?:[\s、，,]*{ORG})*)\s*(?P<date>{DATE})$")
HEAD_TITLES = "部长|省长|市长|区长|县长|州长|盟长|旗长|主任|局长|厅长|主席|总理|书记|署长|行长"
SIGNER_LINE_RE = re.compile(
    rf"^(?P<org>[\u4e00-\u9fff]{{0,20}}?)(?P<role>(?:代理|代)?(?:{HEAD_TITLES}))[\s\u3000]*"
    r"(?P<name>(?:[\u4e00-\u9fff·][\s\u3000]*){1,3}[\u4e00-\u9fff·])$")
_SERIAL = r"[0-9０-９一二三四五六七八九十百零〇]+"
# the year of a series that numbers by year: `〔2024〕`, `（2024）`, `2023年`
_SERIES_YEAR = r"(?:〔\s*[0-9０-９]{4}\s*〕|[（(]\s*[0-9０-９]{4}\s*[）)]|[0-9０-９]{4}\s*年)"
# a 令's or a 公告's head over its number: `甲省人民政府令` / `第57号`, `国家税务总局公告` / `2023年第1号`
ORDER_HEAD_RE = re.compile(r"^[\u4e00-\u9fff（）()]{2,40}?" + alternation("order_head") + "(?:令|公告|通告)$")
ORDER_SERIAL_RE = re.compile(rf"^(?:{_SERIES_YEAR}\s*)?[（(]?\s*第\s*{_SERIAL}\s*号\s*[）)]?$")
# a year, or a month, without a day: a cover's `二〇二四年四月` — no 成文日期, and not part of the title
PARTIAL_DATE_RE = re.compile(r"^(?:[0-9]{4}|[〇零一二三四五六七八九OＯ○]{4})\s*年(?:\s*[0-9一二三四五六七八九十]{1,2}\s*月)?$")
# a line that is a 令 or 公告 number: `科学技术部令第1号`, `上海市人民政府令（第19号）`, `省政府第4号令`,
# `省政府令〔2024〕第1号`, `国家税务总局公告2023年第1号`
ORDER_LINE_RE = re.compile(
    rf"^(?P<org>[\u4e00-\u9fff（）()]{{2,40}}?)(?:(?:令|公告|通告)\s*(?:{_SERIES_YEAR}\s*)?[（(]?\s*第\s*{_SERIAL}\s*号\s*[）)]?"
    rf"|(?:令|公告|通告)\s*〔\s*[0-9０-９]{{4}}\s*〕\s*{_SERIAL}\s*号|第\s*{_SERIAL}\s*号\s*令)$")
TOC_RE = re.compile(r"^目\s*录$")
# the rule's own preamble publishes it now (`现予公布`, `予以发布`); a sentence that tells how an earlier
# rule was published (`…通过，以…令第4号颁布`) is a citation of it
PROMULGATION_RE = re.compile(
    r"^[（(]?《(?P<inner>[^》]{2,80})》(?:已经|经|已于|于)[^。]{0,80}(?:通过|同意|批准)[^。]{0,40}"
    r"(?:现予|予以|现将其?|特此|现)(?:公布|发布|颁布)")
ENCLOSING_SENTENCE_RE = re.compile(
    r"(?:《(?P<quoted>[^》]{2,80})》(?:[和、及与]《[^》]{2,80}》)*[^。《]{0,60}|制定了(?P<bare>[^，。《》]{4,60})[，,]?\s*)"
    r"(?:现|特)?(?:予以)?(?:印发|转发)(?:给)?(?:你们|你单位|各单位)")
DATE_ONLY_RE = re.compile(rf"^(?P<date>{DATE})$")
# the date under a title in brackets, as State Council documents and legal databases print it: `（2018年12月6日）`
BRACKETED_DATE_RE = re.compile(rf"^[（(]\s*(?P<date>{DATE})\s*[）)]$")
PRINTED_RE = re.compile(rf"^(?P<org>{ORG}(?:\s+{ORG})*)?\s*(?P<date>{DATE})\s*印\s*发$")
MASTHEAD_RE = re.compile(r"^(?P<orgs>.{2,80}?)\s*文\s*件$")
# the `文件` of a joint masthead printed right of the stacked names: a line of its own in the text
_LONE_WENJIAN_RE = re.compile(r"^文[\s\u3000]*件$")
DOC_NUMBER_LINE_RE = re.compile(rf"^[（(]?(?P<num>{DOC_NUMBER_RE.pattern})[）)]?(?:\s*签发人\s*[：:]\s*(?P<signer>\S+))?$")
SIGNER_RE = re.compile(r"^签发人\s*[：:]\s*(?P<signer>\S+)$")
ADDRESSEE_RE = re.compile(r"^[^。；]{2,200}[：:]$")
NOTE_RE = re.compile(r"^[（(]此件[^）)]*[）)]$")
ATTACHMENT_NOTE_RE = re.compile(r"^附\s*件\s*[0-9０-９]*\s*[：:]\s*(?P<names>\S.*)$")
ANNEX_START_RE = re.compile(r"^附\s*件\s*[0-9０-９一二三四五六七八九十]*\s*[：:]?$")
CC_RE = re.compile(r"^抄\s*送\s*[：:]\s*(?P<cc>.*)$")
TERMINAL_RE = re.compile(r"[。！？；][”’」』）)]*$")
ENCLOSING_TITLE_RE = re.compile(r"关于(?:印发|转发|颁布|发布)(?P<inner>.+?)的(?:通知|通告|公告)$")
# a page's headline carries the site's name after the title: `…的通知_某省人民政府网`, `…的通知 - 某市政府`,
# `…的通知|某某门户网站`; a title's own `2019-2025年` has digits after its dash, a site's name none
SITE_NAME_RE = re.compile(r"(?:\s*[_|｜]\s*|(?<![0-9０-９])\s*[-－—–]\s*)[\u4e00-\u9fffA-Za-z（）()]{2,24}?"
                          r"(?:网|网站|门户|政府|政务服务平台)$")
# a compilation's cover: several documents in one file, none of whose titles is the file's
COMPILATION_RE = re.compile(r"(?:汇编|选编|合订本|文件汇总|政策汇总)$")
# what a continuation line of a title may begin with (`…若干措施` / `的通知`), never a title's start
_CONTINUATION_START = ("的", "和", "及", "暨", "与", "（", "(", "《", "之")


def strip_site_name(text: str) -> str:
    return SITE_NAME_RE.sub("", text)


def undouble_headline(text: str) -> str:
    """A headline with the site's name and the title run together (`X_某省人民政府网X`): X once."""
    for m in re.finditer(r"\s*[_|｜\-－—–]", text):
        title = text[:m.start()]
        if title and len(text) > 2 * len(title) and text.endswith(title) \
                and SITE_NAME_RE.fullmatch(text[m.start():len(text) - len(title)]):
            return title
    return text


@dataclass
class Layout:
    """Which paragraphs form which part (indices into the paragraph list)."""

    paras: list[Para]
    metadata: list[int] = field(default_factory=list)  # a site's or database's label/value lines
    masthead: list[int] = field(default_factory=list)
    doc_number: int | None = None
    order_number: int | None = None
    order_serial: int | None = None  # the `第N号` line under a `…令` line
    title_note: int | None = None  # a bracketed note of adoption / promulgation under the title
    head_date: int | None = None
    signer: str | None = None
    enclosed: str | None = None  # the enclosed policy's title as the notice names it
    promulgated: str | None = None  # the rule a promulgation sentence publishes (`《X》已经…通过，现予公布`)
    title: list[int] = field(default_factory=list)
    several_titles: bool = False  # the head holds the titles of several documents (a cover, a compilation)
    cover: str | None = None  # a compilation's cover title (`…政策汇编`): the file's, no document's
    toc: list[int] = field(default_factory=list)  # the compilation's table of contents
    headlines: list[int] = field(default_factory=list)  # title-like lines above the title that are not it
    addressees: int | None = None
    body: list[int] = field(default_factory=list)
    attachment_note: list[int] = field(default_factory=list)
    signature: list[int] = field(default_factory=list)
    note: int | None = None
    policy_title: list[int] = field(default_factory=list)
    policy_body: list[int] = field(default_factory=list)
    annex: list[int] = field(default_factory=list)
    cc: int | None = None
    printed: list[int] = field(default_factory=list)

    def text(self, indices: list[int]) -> str:
        return "".join(self.paras[i].text for i in indices)

    def order_text(self) -> str:
        """The 令 number as printed: one line, or the `…令` line and the `第N号` line under it."""
        lines = [i for i in (self.order_number, self.order_serial) if i is not None]
        text = "".join(self.paras[i].text.strip() for i in lines)
        # printed in brackets after a headline (`…实施细则（科学技术部令第1号）`): the brackets are no part of it
        return text[1:-1] if re.fullmatch(r"[（(][^（()）]+(?:[（(][^（()）]*[）)])?[^（()）]*[）)]", text) else text


def cut_parts(paras: list[Para]) -> Layout:
    layout = Layout(paras)
    i = _read_front(layout)
    end = _read_tail(layout, i)
    sig = _find_signature(paras, i, end)
    if sig is None:
        layout.body = list(range(i, end))
    else:
        sig_start, sig_end = sig
        layout.body = list(range(i, sig_start))
        layout.signature = list(range(sig_start, sig_end))
        _read_enclosing(layout)
        _read_after_signature(layout, sig_end, end)
    _split_attachments(layout)
    return layout


def _is_orgs(text: str) -> bool:
    return bool(ORG_RE.match(text)) or bool(split_orgs(text)) and len(text) <= 80


def _read_front(layout: Layout) -> int:
    """版头 and 标题 in any order: 文号, 令 number, date, masthead, title lines, then the 主送机关; of the
    title-like lines, those a banner, a shortened headline or a page's head put above the title are dropped."""
    i = _read_front_lines(layout)
    if len(layout.title) > 1:
        lines = [layout.paras[t].text.strip() for t in layout.title]
        breaks = [k > 0 and any(layout.title[k - 1] < m < layout.title[k] for m in layout.metadata)
                  for k in range(len(layout.title))]
        if drop := title_start(lines, breaks):
            layout.headlines.extend(layout.title[:drop])
            layout.title = layout.title[drop:]
            layout.several_titles = several(lines[drop:])
    if layout.headlines and layout.masthead and layout.title \
            and layout.masthead[-1] + 1 == layout.title[0] and layout.masthead[-1] > max(layout.headlines):
        layout.title.insert(0, layout.masthead.pop())  # the issuer's line heads the title block under a headline
    return i


def _read_front_lines(layout: Layout) -> int:
    paras, i = layout.paras, 0
    n = len(paras)
    while i < min(n, 14 + len(layout.metadata) + len(layout.headlines) + len(layout.toc)):
        text = paras[i].text.strip()
        if not layout.title and (COMPILATION_RE.search(text) and _title_like(text)
                                 or layout.cover is not None and (_is_orgs(text) or PARTIAL_DATE_RE.match(text))):
            # a compilation's cover: its title, compiler and date are the cover's, not a document's
            layout.cover = text if layout.cover is None else layout.cover
            layout.headlines.append(i)
            i += 1
            continue
        if layout.title and (j := _respelled(layout, i)):
            layout.headlines.extend(layout.title)
            layout.title = list(range(i, j))  # the headline, then the document's own title block over lines
            i = j
            continue
        if not re.search(r"[\w\u4e00-\u9fff]", text):
            pass  # a rule (the red line under the 文号 read as `━━━━`): layout, no part of the head
        elif is_metadata_line(paras[i].text) or (layout.metadata and layout.metadata[-1] == i - 1 and is_value_line(
                [p.text for p in paras[i - 1:i + 2]], 1)):  # a label alone on its line, then its value
            layout.metadata.append(i)
        elif m := DOC_NUMBER_LINE_RE.match(text):
            if layout.doc_number is None:
                layout.doc_number, layout.signer = i, m.group("signer") or layout.signer
        elif ORDER_LINE_RE.match(text):
            if layout.order_number is None:
                layout.order_number = i
        elif ORDER_HEAD_RE.match(text) and i + 1 < n and ORDER_SERIAL_RE.match(paras[i + 1].text.strip()):
            if layout.order_number is None:  # `甲省人民政府令` over `第57号`
                layout.order_number, layout.order_serial = i, i + 1
            i += 1
        elif TITLE_NOTE_RE.match(text) and parse_date(text):
            if layout.title_note is None:  # `（2020年3月9日甲市人民政府令第57号公布）` under the title
                layout.title_note = i
        elif m := SIGNER_RE.match(text):
            layout.signer = m.group("signer")
        elif DATE_ONLY_RE.match(text) or BRACKETED_DATE_RE.match(text):
            if layout.head_date is None:
                layout.head_date = i
        elif PARTIAL_DATE_RE.match(text):
            pass
        elif NOTE_RE.match(text):
            layout.note = i
        elif TOC_RE.match(text) and layout.cover is not None and not layout.title:
            # the compilation's contents: the titles of the documents it holds, then the first of them
            layout.toc = _toc_entries(paras, i + 1)
            layout.several_titles = len(layout.toc) > 1
            i = (layout.toc[-1] if layout.toc else i) + 1
            continue
        elif TOC_RE.match(text):
            return _skip_toc(paras, i + 1)
        elif ADDRESSEE_RE.match(text) and (i > 0 or "，" in text or "、" in text or text.startswith("各")):
            layout.addressees = i
            return i + 1
        elif not layout.title and (MASTHEAD_RE.match(text) or (layout.masthead and _LONE_WENJIAN_RE.match(text)) or (
                _is_orgs(text) and not (i + 1 < n and paras[i + 1].text.strip().startswith("关于"))
                and (_followed_by_doc_number(paras, i) or _above_a_title(paras, i)))):
            layout.masthead.append(i)
        elif layout.title and not layout.masthead and _is_orgs(text) and _title_complete(layout):
            layout.masthead.append(i)  # a cover or page head: the title, then the issuing body (and a date)
        elif layout.title and _title_like(text) and _quoted_headline(layout.text(layout.title), text):
            layout.headlines.extend(layout.title)  # the page's headline names the policy the title block hands out
            layout.title = [i]
        elif _title_like(text) and not (layout.title and _dup_title(layout, text)):
            if layout.title and _another_title(layout, text):
                if _encloses(layout, text):
                    break  # the notice's title, then its enclosed policy's: the policy's text begins here
                layout.several_titles = True
            layout.title.append(i)
        elif _title_like(text):
            # the title printed again: a page's headline or a database's title line comes first, the
            # document's own title block after it (its issuer's name, its brackets as printed)
            if _longer_title(layout, text) or title_key(strip_version(strip_site_name(text))) == title_key(
                    strip_version(strip_site_name(layout.text(layout.title)))):
                layout.headlines.extend(layout.title)
                layout.title = [i]
        else:
            break
        i += 1
    return i


def _respelled(layout: Layout, i: int) -> int | None:
    """Where the lines from `i` that spell the title read so far once more end (a page's headline, then
    the title block printed over two or three lines, its issuer's name on a line of its own), else None."""
    title = _undouble(title_key(strip_site_name(layout.text(layout.title))))
    if len(title) < 8 or not _title_complete(layout):
        return None
    spelled = ""
    for j in range(i, min(len(layout.paras), i + 4)):
        line = layout.paras[j].text.strip()
        if not line or TERMINAL_RE.search(line) or is_metadata_line(line):
            return None
        spelled += title_key(line)
        if spelled == title:
            return j + 1 if j > i else None  # one line the same: a doubled title, read as such elsewhere
        if _headline_of(title, spelled) and complete(spelled):
            return j + 1
    return None


def _headline_of(headline: str, title: str) -> bool:
    """`headline` (a key) is `title` as a page's headline prints it short: without `关于`, or without the
    issuing bodies before `关于` (`关于印发…的通知` over `甲省科学技术厅` / `关于印发…的通知`)."""
    if len(headline) >= len(title):
        return False
    if headline == title.replace("关于", "", 1):
        return True
    return headline.startswith("关于") and title.endswith(headline) and bool(split_orgs(title[:-len(headline)]))


def _skip_toc(paras: list[Para], i: int) -> int:
    """A 目录 lists the chapter headings; the body starts where the first heading comes again."""
    first = match_number(paras[i].text) if i < len(paras) else None
    if not first:
        return i
    for j in range(i + 1, min(len(paras), i + 60)):
        num = match_number(paras[j].text)
        if num is None or TERMINAL_RE.search(paras[j].text.strip()):
            return i
        if num.canonical == first.canonical:
            return j
    return i


# a contents entry: a title, then dot leaders or spaces and a page number (`…通知……………1`, `…办法　12`)
_TOC_ENTRY_RE = re.compile(r"^(?:[0-9０-９]{1,3}\s*[.．、]|[一二三四五六七八九十]{1,3}、)?\s*(?P<title>\S.{3,120}?)"
                           r"\s*(?:[.．…·\-—_]{2,}\s*|[\s\u3000]+)?(?P<page>[0-9０-９]{1,4})$")


def _toc_entries(paras: list[Para], i: int) -> list[int]:
    """The lines of a compilation's contents from `i`: each a document's title and its page."""
    out = []
    while i < len(paras) and (m := _TOC_ENTRY_RE.match(t := paras[i].text.strip())) and _title_like(m.group("title")) \
            and not TERMINAL_RE.search(t):
        out.append(i)
        i += 1
    return out


def _dup_title(layout: Layout, text: str) -> bool:
    """The title printed again (page headline + document title, a database's doubled title line):
    the same words, one the other with the issuer's name before `关于`, or the whole title read so far
    printed again cut short (its kind's words lost: a crawl ran them into the next line)."""
    new, old = (_undouble(title_key(strip_version(strip_site_name(t)))) for t in (text, layout.text(layout.title)))
    if new == old or (len(new) >= 8 and len(new) < len(old) and old.startswith(new) and _title_complete(layout)):
        return True
    short, long_ = sorted((new, old), key=len)
    return len(short) >= 8 and long_.endswith(short) and "关于" in long_[:len(long_) - len(short) + 2]


def _another_title(layout: Layout, text: str) -> bool:
    """`text` is a title of its own, not the next line of the title read so far: both are whole
    titles (each ends in the kind of 公文 it is), and `text` does not begin as a continuation does."""
    title = re.sub(r"\s", "", layout.text(layout.title))
    text = re.sub(r"\s", "", strip_site_name(text))
    kinds = tuple(k for k in DOC_TYPE_ENDINGS if k not in "）)")
    return len(title) >= 8 and len(text) >= 8 and title.endswith(kinds) and text.endswith(kinds) \
        and not text.startswith(_CONTINUATION_START)


def _quoted_headline(above: str, text: str) -> bool:
    """`above` is a page's headline of the document whose title block begins with `text`: the headline is
    the title of the policy the block hands out (`X`, then `…关于印发《X》的通知`), or a news headline that
    quotes the title (`甲省人民政府印发《X》`, then `X`: it ends in the quote, not in a kind of 公文)."""
    above, text = re.sub(r"\s", "", above), re.sub(r"\s", "", text)
    if complete(above) and "关于" in text.split("《")[0] \
            and any(_quote_key(q) == _quote_key(above) for q in re.findall(r"《([^《》]{4,})》", text)):
        return True
    quoted = re.search(r"《([^《》]{4,})》$", above)
    return quoted is not None and not complete(above) and _quote_key(quoted.group(1)) == _quote_key(text)


def _quote_key(title: str) -> str:
    """A title as another title quotes it: a quoting title often drops a `的` (`…发展若干措施`)."""
    return title_key(title).replace("的", "")


def _encloses(layout: Layout, text: str) -> bool:
    """`text` is the title of the policy the title read so far hands out (`关于印发X的通知`, then `X`)."""
    m = ENCLOSING_TITLE_RE.search(re.sub(r"\s", "", layout.text(layout.title)))
    return m is not None and title_key(m.group("inner").strip("《》")) == title_key(text)


def _above_a_title(paras: list[Para], i: int) -> bool:
    """An issuing body printed above a title that does not continue it (`关于…` would): a cover's
    or a page's head (`XX委员会` over `XX产业政策导引`)."""
    if i + 1 >= len(paras):
        return False
    nxt = paras[i + 1].text.strip()
    return _title_like(nxt) and not ADDRESSEE_RE.match(nxt) and not _is_orgs(nxt) \
        and not nxt.startswith(("关于", "印发", "转发", "颁布", "发布", "公布", "批转")) \
        and not _wraps_into(paras[i].text.strip(), nxt)


def _wraps_into(text: str, nxt: str) -> bool:
    """A title wrapped in the middle of an issuer's name (`…河北省发展和改革委` / `员会…关于…`): the
    names read whole only with the next line's words before its `关于`."""
    at = nxt.find("关于")
    if at > 0 and not split_orgs(nxt[:at]) and bool(split_orgs(text + nxt[:at])):
        return True
    # a title wrapped before its last characters (`…奖励办` / `法（2023年修订）`): the next line's words,
    # without the bracketed note, are too few to be a title, and the two lines end in a kind of 公文
    words = re.sub(r"[（(][^（）()]*[）)]$", "", nxt)
    return len(words) <= 3 and re.sub(r"[（(][^（）()]*[）)]$", "", text + nxt).endswith(DOC_TYPE_ENDINGS)


def _title_complete(layout: Layout) -> bool:
    """The title read so far ends as a title does (its kind, or a closing bracket)."""
    title = re.sub(r"\s", "", layout.text(layout.title))
    return title.endswith(DOC_TYPE_ENDINGS)


def _undouble(s: str) -> str:
    half = len(s) // 2
    return s[:half] if s and len(s) % 2 == 0 and s[:half] == s[half:] else s


def _longer_title(layout: Layout, text: str) -> bool:
    return len(_undouble(title_key(strip_site_name(text)))) > \
        len(_undouble(title_key(strip_site_name(layout.text(layout.title)))))


def _followed_by_doc_number(paras: list[Para], i: int) -> bool:
    """A masthead stands above the 文号 (or is a `…文件` line); joint issuers' names one a line, and the
    `文件` of their masthead on a line of its own, stand between."""
    if MASTHEAD_RE.match(paras[i].text.strip()):
        return True
    j = i + 1
    while j < min(len(paras), i + 9) and (_LONE_WENJIAN_RE.match(paras[j].text.strip()) or _is_orgs(paras[j].text.strip())):
        j += 1
    return any(DOC_NUMBER_LINE_RE.match(p.text.strip()) for p in paras[max(i + 1, j - 2):j + 3])


def _title_like(text: str) -> bool:
    # a page that prints its headline and the title run together doubles a long title's length
    # (a line ending in a colon introduces what follows — the 主送机关 — and is no title)
    return bool(text) and len(_undouble(undouble_headline(text))) <= 80 and not TERMINAL_RE.search(text) \
        and not text.endswith(("：", ":")) and not match_number(text) \
        and not re.search(r"[，,]", text) and not is_file_link(text) and not is_metadata_line(text)


def _read_tail(layout: Layout, start: int) -> int:
    """抄送 and 印发 lines at the end; returns where they begin."""
    paras = layout.paras
    end = len(paras)
    j = end - 1
    meta = metadata_lines([p.text for p in paras])  # a page's tail of links is metadata only as a run
    while j >= start:
        text = paras[j].text.strip()
        if (is_metadata_line(paras[j].text) or j in meta) and j > start:
            layout.metadata.append(j)
        elif printed := PRINTED_RE.match(text):
            layout.printed.insert(0, j)
            if not printed.group("org") and j - 1 >= start and ORG_RE.match(paras[j - 1].text.strip()):
                layout.printed.insert(0, j - 1)
                j -= 1
        elif CC_RE.match(text):
            layout.cc = j
        else:
            break
        j -= 1
    return j + 1


def _find_signature(paras: list[Para], start: int, end: int) -> tuple[int, int] | None:
    """The first 署名 + 成文日期 block: `ORG DATE` on one line, or ORG lines then a DATE line or an
    `ORG DATE` line (joint issuers one a line, the date after the last)."""
    for j in range(start, end):
        text = paras[j].text.strip()
        if SIGNATURE_ONE_LINE_RE.match(text):
            k = j
            while k - 1 >= start and ORG_RE.match(paras[k - 1].text.strip()) and j - k < 6:
                k -= 1
            return k, j + 1
        if DATE_ONLY_RE.match(text) or BRACKETED_DATE_RE.match(text):  # (some print it in brackets)
            k = j
            while k - 1 >= start and (ORG_RE.match(t := paras[k - 1].text.strip()) or split_orgs(t)
                                      or SIGNER_LINE_RE.match(t)) and j - k < 4:
                k -= 1
            if k < j:
                return k, j + 1
    return None


def _read_enclosing(layout: Layout) -> None:
    """What a 印发/转发 notice encloses, or what a promulgation publishes, as the text names it."""
    title = re.sub(r"\s", "", layout.text(layout.title))
    if m := ENCLOSING_TITLE_RE.search(title):
        layout.enclosed = m.group("inner").strip("《》")
    for i in layout.body[:6]:
        text = layout.paras[i].text.strip()
        if m := PROMULGATION_RE.match(text):
            layout.promulgated = m.group("inner")
            return
        if layout.enclosed is None and (m := ENCLOSING_SENTENCE_RE.search(text)):
            layout.enclosed = (m.group("quoted") or m.group("bare")).strip()
            return


def _read_after_signature(layout: Layout, i: int, end: int) -> None:
    paras = layout.paras
    if i < end and NOTE_RE.match(paras[i].text.strip()):
        layout.note = i
        i += 1
    if i >= end:
        return
    if layout.enclosed or layout.promulgated:
        while i < end and (ANNEX_START_RE.match(t := paras[i].text.strip()) or not re.search(r"[\w\u4e00-\u9fff]", t)):
            i += 1
        j = i
        while j < end and j < i + 3 and _title_like(t := paras[j].text.strip()) and not (j > i and _is_orgs(t)) \
                and not TITLE_NOTE_RE.match(t):
            j += 1
        layout.policy_title = list(range(i, j))
        if j < end and TITLE_NOTE_RE.match(paras[j].text.strip()) and parse_date(paras[j].text):
            if layout.title_note is None:
                layout.title_note = j
            j += 1
        layout.policy_body = list(range(j, end))
    else:
        layout.annex = list(range(i, end))


def _split_attachments(layout: Layout) -> None:
    """附件说明 lines and the annex proper out of whichever body holds the clauses."""
    body = layout.policy_body or layout.body
    paras = layout.paras
    for n, idx in enumerate(body):
        if ANNEX_START_RE.match(paras[idx].text.strip()) and n > 0:
            layout.annex = body[n:] + layout.annex
            del body[n:]
            break
    for n, idx in enumerate(body):  # the 附件说明 closes the body, so it is among its last lines
        if ATTACHMENT_NOTE_RE.match(paras[idx].text.strip()) and n >= len(body) - 6:
            layout.attachment_note.append(idx)
    for idx in list(layout.attachment_note):
        k = body.index(idx) + 1
        while k < len(body) and re.match(r"^[0-9０-９]{1,2}\s*[.．、]\s*\S{2,60}$", t := paras[body[k]].text.strip()) \
                and not TERMINAL_RE.search(t) and body[k] not in layout.attachment_note:
            layout.attachment_note.append(body[k])
            k += 1
    for idx in layout.attachment_note:
        body.remove(idx)
    _end_amendment(layout, body)


def _end_amendment(layout: Layout, body: list[int]) -> None:
    """An amendment that re-publishes the amended text: the text after `…重新公布。` is not its body."""
    for n, idx in enumerate(body):
        if re.search(r"根据本(?:修正案|决定)[^。]{0,60}重新(?:公布|发布|印发)", layout.paras[idx].text):
            layout.annex = body[n + 1:] + layout.annex
            del body[n + 1:]
            return
