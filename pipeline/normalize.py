"""The contract's normalisation rules, shared by every stage.

RECORD.md says these apply everywhere (文号, titles, dates, numbers), so they live in one
module that stages import like `records` and `config`; none of them holds state.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
from collections.abc import Iterator

from .lexicon import alternation

FULLWIDTH_OFFSET = 0xFEE0
# the brackets a 文号's year is printed in; ﹝﹞ (U+FE5D/U+FE5E, small form variants) are 〔〕 in some fonts
_OPEN = "[［【(（〔﹝"
_CLOSE = "]］】)）〕﹞"

# 文号: agency code, year in any bracket, serial (a 第 before it is printed too: `冀政办字〔2022〕第12号`), 号.
# The agency prefix is a run of CJK/Latin characters without punctuation; the caller trims lead-in
# words.  An agency code ending in a series word of ORDER_NUMBER_RE (令, 公告, 通告) before the year's
# bracket makes an order number (`省政府令〔2024〕第1号`), never a 文号.
_SERIES_WORDS = ("令", "公告", "通告")  # the series of ORDER_NUMBER_RE
DOC_NUMBER_RE = re.compile(
    r"(?P<agency>[\u4e00-\u9fffA-Za-z]{1,20})" + "".join(f"(?<!{w})" for w in _SERIES_WORDS) +
    r"\s*[" + re.escape(_OPEN) + r"]\s*"
    r"(?P<year>[0-9０-９]{4})\s*[" + re.escape(_CLOSE) + r"]\s*"
    r"(?P<nth>第\s*)?(?P<serial>[0-9０-９]{1,5})\s*号"
)
# words that stand before a 文号 in running text but are not part of its agency code
_LEAD_INS = ("继续按照", "根据", "按照", "依据", "参照", "详见", "见", "依照", "印发", "转发", "即", "和", "及", "与", "或")

_CN_DIGITS = "〇零一二三四五六七八九十百千万两"
CN_NUMERAL_RE = re.compile(f"[{_CN_DIGITS}]+")


# str.translate tables: one C-level pass instead of a Python loop per character
_WIDTH_TABLE = {code: code - FULLWIDTH_OFFSET for code in range(0xFF01, 0xFF5F)} | {0x3000: ord(" ")}
_DIGIT_TABLE = {code: code - FULLWIDTH_OFFSET for code in range(0xFF01, 0xFF5F)
                if chr(code).isalnum()}
# titles keep full-width parentheses: they are Chinese punctuation, not ASCII look-alikes
_TITLE_TABLE = {k: v for k, v in _WIDTH_TABLE.items() if chr(k) not in "（）"}


def fold_width(s: str) -> str:
    """Full-width ASCII (digits, letters, punctuation, ideographic space) to half-width."""
    return s.translate(_WIDTH_TABLE)


def fold_digits(s: str) -> str:
    """Full-width digits and letters only; everything else untouched, length kept."""
    return s.translate(_DIGIT_TABLE)


def normalize_doc_number(raw: str, *, strip_lead_ins: bool = True) -> str | None:
    """`连制造强市办[2022]011号` → `连制造强市办〔2022〕11号`; None if no 文号 is in `raw`.

    Zero padding of the serial is dropped (`004号` = `4号`) so one document has one id, and so is
    a 第 before it (`〔2022〕第1号` = `〔2022〕1号`) — except after a 令/公告/通告, where it makes
    a 令 number (`normalize_order_number`).
    """
    m = DOC_NUMBER_RE.search(raw.replace(" ", "").replace("\u3000", ""))
    if not m:
        return None
    agency = fold_digits(m.group("agency"))
    if strip_lead_ins:
        agency = strip_lead_in(agency)
    year = fold_digits(m.group("year"))
    serial = str(int(fold_digits(m.group("serial"))))
    return f"{agency}〔{year}〕{serial}号"


def strip_lead_in(agency: str) -> str:
    changed = True
    while changed:
        changed = False
        for word in _LEAD_INS:
            if agency.startswith(word) and len(agency) > len(word) + 1:
                agency = agency[len(word):]
                changed = True
    return agency


_YEAR_DASH_RE = re.compile(r"(\d{4})\s*[—–－\-~～至]+\s*(\d{4})")


def normalize_title(raw: str) -> str:
    """Contract titles: no 《》, no spaces, full-width ASCII folded, `-` in year ranges.

    Full-width parentheses are Chinese punctuation and stay; only ASCII look-alikes fold.
    """
    s = raw.strip().strip("《》〈〉")
    s = "".join(s.split())  # str.split's whitespace is regex \s (both Py_UNICODE_ISSPACE)
    s = s.translate(_TITLE_TABLE)
    s = _YEAR_DASH_RE.sub(r"\1-\2", s)
    return s


def title_key(title: str) -> str:
    """A looser key for matching titles: no brackets or punctuation at all."""
    s = normalize_title(title)
    s = s.replace("（", "(").replace("）", ")")
    return re.sub(r"[()《》〈〉“”\"'‘’、，,·\-]", "", s)


def cn_to_int(s: str) -> int:
    """`二〇二二` → 2022, `二十` → 20, `12` → 12, `十一` → 11."""
    s = fold_digits(s.strip())
    if any(ch in "〇零一二三四五六七八九" for ch in s):
        s = re.sub("[OoＯｏ○◯]", "〇", s)  # `二ＯＯ四`: a Latin / full-width O or a circle printed for 〇
    if s.isdigit():
        return int(s)
    if all(ch in "〇零一二三四五六七八九" for ch in s) and len(s) > 1:
        return int("".join(str("〇一二三四五六七八九".index(ch)) if ch != "零" else "0" for ch in s))
    s = s.replace("两", "二")
    value = _standard_numerals().get(s)
    if value is not None:
        return value
    import cn2an  # any other form (`一百一`, `十万`, `1万`): cn2an's smart reading, imported only then

    return int(cn2an.cn2an(s, "smart"))


_CN_DIGIT_NAMES = "零一二三四五六七八九"


@functools.cache
def _standard_numerals() -> dict[str, int]:
    """Every number below 10,000 as it is written out in full (`十二`, `二十一`, `一百零五`,
    `三千零二十`), and `零`/`〇`: what cn2an's smart reading gives them (tests/core/test_normalize.py
    checks each against cn2an), without its cost per call."""
    table = {"零": 0, "〇": 0}
    for n in range(1, 10_000):
        places = [(n // 1000, "千"), (n // 100 % 10, "百"), (n // 10 % 10, "十"), (n % 10, "")]
        out, gap = "", False
        for digit, unit in places:
            if digit:
                out += ("零" if gap else "") + _CN_DIGIT_NAMES[digit] + unit
                gap = False
            elif out:
                gap = True
        table[out[1:] if 10 <= n < 20 else out] = n  # `十二`, not `一十二`
    return table


_DATE_RE = re.compile(
    r"(?P<y>[0-9０-９]{4}|[〇零一二三四五六七八九OoＯｏ○◯]{4})\s*年\s*"
    r"(?P<m>[0-9０-９]{1,2}|[一二三四五六七八九十]{1,2})\s*月\s*"
    r"(?P<d>[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})\s*日"
)


def parse_date(raw: str) -> str | None:
    """The first date in `raw` as ISO `YYYY-MM-DD`, or None if there is none or it is invalid."""
    m = _DATE_RE.search(raw)
    if not m:
        return None
    try:
        return dt.date(cn_to_int(m.group("y")), cn_to_int(m.group("m")), cn_to_int(m.group("d"))).isoformat()
    except ValueError:
        return None


def date_pattern() -> re.Pattern[str]:
    return _DATE_RE


def core_text(text: str) -> str:
    """The text without layout (spaces, line breaks, widths): what two copies of one document
    share character for character."""
    return re.sub(r"[\s\u3000]+", "", fold_width(text))


def text_fingerprint(text: str) -> str:
    """Hash of the text with layout removed, so a PDF and its text rendering agree."""
    return hashlib.sha256(core_text(text).encode("utf-8")).hexdigest()


# the numbers that make an edition: a number bound to what it counts (an amount, a share, a
# date, a 文号, an item or article number), Arabic (folded) or Chinese.  A bare number — a page
# number left in a PDF's text layer, `- 2 -` — binds to nothing and is layout, not content.
_NUM = r"[0-9]+(?:\.[0-9]+)?|[〇零一二三四五六七八九十百千两]+"
_NUMBER_RE = re.compile(
    rf"(?:(?<=[第（(〔\[［【])(?:{_NUM}))|(?:(?:{_NUM})(?=[元万亿%年月日号条章节款项个家人次倍岁天周、．.)）〕\]］】]))")
def number_skeleton(text: str) -> tuple[str, ...]:
    """The numbers of a text in order: two texts that differ in an amount, a date, a 文号 or a
    clause number have different skeletons, whatever their similarity ratio."""
    return tuple(_NUMBER_RE.findall(core_text(text)))


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# 令 (and 公告/通告) numbers: the number of an order in its issuer's series, not a 〔year〕 文号:
# `科学技术部令第1号`, `上海市人民政府令（第19号）`, `省政府令〔2024〕第1号`, `国家科学技术委员会令第19号`.
# The issuer ends in the name of an organ, so `以河北省人民政府令第4号颁布` yields 河北省人民政府令.
# An abbreviated commission (`证监会令第105号`) ends in 会; a joint order names its lead and the
# count of the others (`发展改革委等10部门令第39号`).
_ORGAN_END = alternation("order_number")  # 人民政府, 委员会, 局, 署 … (ontology/gongwen_lexicon.tsv)
_JOINT = r"(?:等[0-9０-９一二三四五六七八九十]{1,3}个?部(?:门|委))?"
_ORDER_SERIAL = r"[0-9０-９]{1,5}|[〇零一二三四五六七八九十百千两]{1,6}"
_ORDER_SERIES = "|".join(_SERIES_WORDS)
ORDER_NUMBER_RE = re.compile(
    rf"(?P<issuer>[\u4e00-\u9fff]{{0,18}}?{_ORGAN_END}{_JOINT})"
    # the series word, before its serial or after it (`省政府第4号令`): read ahead, so both forms name it
    rf"(?=(?:第\s*(?:{_ORDER_SERIAL})\s*号)?(?P<series>{_ORDER_SERIES}))"
    rf"(?:(?:{_ORDER_SERIES})\s*"
    r"(?:[" + re.escape(_OPEN) + r"]\s*(?P<year>[0-9０-９]{4})\s*[" + re.escape(_CLOSE) + r"]"
    # or the year written out before the serial: `国家税务总局公告2023年第1号`, `…令2023年第7号`
    r"|(?P<year_written>[0-9０-９]{4})\s*年(?=\s*第))?\s*"
    # `令第4号`, `令（第19号）`; after a year the 第 may be left out (`令〔2024〕1号`)
    rf"[（(]?\s*(?(year)(?:第\s*)?|第\s*)(?P<serial>{_ORDER_SERIAL})\s*号\s*[）)]?"
    rf"|第\s*(?P<serial_before>{_ORDER_SERIAL})\s*号(?:{_ORDER_SERIES}))"
)
# where the organ ending an order number's issuer can stand: an organ's name followed by what
# comes after the issuer (its series word, or the 第 of `省政府第4号令`)
_ORDER_ORGAN_AT_RE = re.compile(rf"(?={_ORGAN_END}{_JOINT}(?:第|{_ORDER_SERIES}))")
_ORDER_ISSUER_LEAD = 18  # the most characters of an issuer before its organ (`[\u4e00-\u9fff]{0,18}?`)


def order_numbers_in(text: str) -> Iterator[re.Match[str]]:
    """`ORDER_NUMBER_RE.finditer(text)`, the same matches, tried only where one can start: at most
    18 characters before an organ's name that the series word or 第 follows (the regex alone
    tries its issuer at every character of the text, ~5 ms a document)."""
    pos = tried = 0
    for organ in _ORDER_ORGAN_AT_RE.finditer(text):
        q = organ.start()
        for p in range(max(pos, tried, q - _ORDER_ISSUER_LEAD), q + 1):
            m = ORDER_NUMBER_RE.match(text, p)
            if m:
                yield m
                pos = m.end()
                break
        tried = q + 1


# characters that stand before an issuer's name in running text, never inside it
_ORDER_LEAD_RE = re.compile(r"^(?:根据|按照|依据|依照|遵照|执行|贯彻落实|以|经|由|据|对|和|及|与|、|的|是|为|并)+")


def normalize_order_number(raw: str) -> str | None:
    """`上海市人民政府令（第19号）` → `上海市人民政府令第19号`; `省政府令〔2024〕第1号` and
    `国家税务总局公告2023年第1号` kept with their year; `省政府第4号令` → `省政府令第4号`;
    Chinese and full-width serials → ASCII.  None when `raw` holds no order number."""
    compact = re.sub(r"\s+", "", raw)
    m = ORDER_NUMBER_RE.search(compact)
    if not m:
        return None
    issuer = m.group("issuer")
    if m.start() > 0 and compact[m.start() - 1].isdigit() and issuer[0] in "年月日":
        issuer = issuer[1:]  # the tail of a date written before it: `1999年12月26日科学技术部令第3号`
    issuer = fold_digits(_ORDER_LEAD_RE.sub("", issuer))
    if len(issuer) < 2:
        return None
    year = f"〔{fold_digits(m.group('year'))}〕" if m.group("year") else \
        f"{fold_digits(m.group('year_written'))}年" if m.group("year_written") else ""
    serial = m.group("serial") or m.group("serial_before")
    return f"{issuer}{m.group('series')}{year}第{cn_to_int(serial)}号"
