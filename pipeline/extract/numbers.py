"""Money and percent mentions: the compiled pre-filter regexes and the number parser.

The regexes find candidate mentions with exact character offsets; the parser turns the
number of one mention into a value.  cn2an is applied only to a numeral already cut out
of the text: run over whole sentences it rewrites words such as 一些 or 十分.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..normalize import fold_digits

_CN_NUM = "零〇一二两三四五六七八九十百千万亿"
# thousands grouped with a comma (`5,000万元`, `12,500元`, tables and statistics): extract reads the
# text with each grouping comma as GROUP_MARK (`mark_grouping`), so that no rule cutting at commas
# (segments, conditions) cuts the number; groups of exactly three digits (`50,30万元` is no number)
GROUP_MARK = "\u201a"
_GROUPED_RE = re.compile(r"(?<![0-9０-９.．])[0-9０-９]{1,3}(?:,[0-9０-９]{3})+(?![0-9０-９])")
# a line break inside the digits of a number written with its unit (`按每床800` / `0元`: a printed
# line's end, a wrapped copy) is read as absent; a number alone at a line's end is not joined to the next
_WRAPPED_DIGITS = r"(?:\n[0-9０-９]+(?=(?:[.．][0-9０-９]+)?\s*(?:亿元|万元|元|[%％‰])))?"
_ARABIC = (r"(?:[0-9０-９]{1,3}(?:[,\u201a][0-9０-９]{3})+(?![0-9０-９])|[0-9０-９]+" + _WRAPPED_DIGITS
           + r")(?:[.．][0-9０-９]+)?")
_CHINESE = f"[{_CN_NUM}]*[一二两三四五六七八九十][{_CN_NUM}]*"
NUMBER = f"(?:{_ARABIC}|{_CHINESE})"
# a range joins two numbers with a dash or 至/到; `2—3 个` has no unit and never matches
_RANGE_SEP = r"\s*[-－—–~～至到]\s*"
# 元 inside words (单元, 多元化, 元宇宙, 元素, 元件, 元旦) is not money
_UNIT = r"\s*(?P<unit>亿元|万元|元)(?![化宇素件旦器])"
# the lower bound may carry its own unit (`300万元至500万元`, `5000万元-1亿元`)
# the lookaheads name the characters a match can start with: the same matches, but the regex engine
# skips to those characters instead of trying the numeral alternatives at every character
_NUMBER_START = f"(?=[0-9０-９{_CN_NUM}])"
# a magnitude alone before the unit (`营业收入保持在万亿元以上`, `千亿元级产业集群`, `千万元`): one of it; not after
# a vague quantifier (`数千万元`, `几百万元`, `近千亿元`, `上千亿元`)
_BARE = f"(?<![0-9０-９{_CN_NUM}数几多余上近])[百千万](?=亿元|万元)"
_BARE_VALUE = {"百": 100.0, "千": 1000.0, "万": 10000.0}
MONEY_RE = re.compile(
    f"{_NUMBER_START}(?P<num>{NUMBER}|{_BARE})(?:(?:\\s*(?P<unit1>亿元|万元|元))?{_RANGE_SEP}(?P<num2>{NUMBER}))?{_UNIT}"
)
# members of a list sharing one unit: `50、30万元` → the `50` before the final member
LIST_MEMBER_RE = re.compile(f"(?P<num>{_ARABIC}|{_CHINESE})\\s*(?:、|和|及)\\s*$")
_LIST_JOINS = ("、", "和", "及")
# per mille (`1‰`, `千分之一`) is a percent mention a tenth of its number
PERCENT_RE = re.compile(
    f"(?P<num>{_ARABIC}|{_CHINESE})\\s*(?P<sign>[%％‰])|百分之(?P<cn>[{_CN_NUM}点]+)|千分之(?P<cnm>[{_CN_NUM}点]+)"
)
# the pre-filter: a sentence without any of these never reaches jieba/spaCy
CANDIDATE_RE = re.compile(
    f"(?=[0-9０-９{_CN_NUM}%％‰百千各\\d])(?:{NUMBER}\\s*(?:亿元|万元|元)|[百千万](?:亿元|万元)|[%％‰]|百分之|千分之|\\d\\s*[:：]\\s*\\d|各承担)"
)
# what every CANDIDATE_RE match contains; tried first because the numeral alternatives of
# CANDIDATE_RE are tried at every character, which costs more than the rest of a sentence's work
_CANDIDATE_MARK = re.compile(r"[元%％‰:：]|百分之|千分之|各承担")
_UNIT_SCALE = {"元": 1, "万元": 10_000, "亿元": 100_000_000}
_DECIMAL = re.compile(r"\d+(?:\.\d+)?")
_GROUPED = re.compile(r"\d{1,3}(?:[,\u201a]\d{3})+(?:\.\d+)?")
_CN_NUMERAL = re.compile(f"[{_CN_NUM}点]+")


def mark_grouping(text: str) -> str:
    """`text` with the commas that group thousands (`1,000万元`) as GROUP_MARK; length kept."""
    if "," not in text:
        return text
    return _GROUPED_RE.sub(lambda m: m.group().replace(",", GROUP_MARK), text)


def unmark_grouping(text: str) -> str:
    """A string cut from the marked reading, with its grouping commas as written."""
    return text.replace(GROUP_MARK, ",")


def is_candidate(text: str) -> bool:
    """True when `text` may hold a money, percent or cost-sharing mention (CANDIDATE_RE)."""
    return _CANDIDATE_MARK.search(text) is not None and CANDIDATE_RE.search(text) is not None


def candidate_marks(text: str) -> Iterator[int]:
    """Where `text` has a character or word that every CANDIDATE_RE match contains."""
    return (m.start() for m in _CANDIDATE_MARK.finditer(text))


@dataclass(frozen=True)
class MoneyMatch:
    """One money mention as found in a string: offsets, text, yuan values, unit."""

    start: int
    end: int
    text: str
    value: float
    value_max: float | None
    unit: str

    def shifted(self, delta: int) -> MoneyMatch:
        """The same mention with its offsets moved by `delta` (dataclasses.replace costs more)."""
        return MoneyMatch(self.start + delta, self.end + delta, self.text, self.value, self.value_max, self.unit)


def parse_number(raw: str) -> float:
    """`12` / `１２` / `1.5` / `十二` / `一千二百` / `两万` → the number it writes.

    Raises ValueError for text that is not a numeral.
    """
    s = fold_digits(raw.strip()).replace("．", ".").replace("\n", "")
    if _GROUPED.fullmatch(s):
        s = s.replace(",", "").replace(GROUP_MARK, "")
    if not s:
        raise ValueError("empty numeral")
    if _DECIMAL.fullmatch(s):
        return float(s)
    if _CN_NUMERAL.fullmatch(s):
        import cn2an  # only for a Chinese numeral (rare in money): not at start-up

        return float(cn2an.cn2an(s.replace("两", "二").replace("〇", "零"), "normal"))
    raise ValueError(f"not a numeral: {raw!r}")


def _split_unit(num: str, unit: str) -> tuple[str, str]:
    """`五十万` + `元` → (`五十`, `万元`): a Chinese numeral ending in 万/亿 carries the unit."""
    if unit == "元" and len(num) > 1 and num[-1] in "万亿" and not num[0].isdigit():
        return num[:-1], num[-1] + "元"
    return num, unit


@functools.lru_cache(maxsize=4096)
def yuan(num: str, unit: str) -> float:
    """The value in yuan of `num` written with `unit` (元, 万元, 亿元)."""
    num, unit = _split_unit(num, unit)
    value = (_BARE_VALUE.get(num) or parse_number(num)) * _UNIT_SCALE[unit]
    return float(round(value, 2))


def find_money(text: str) -> list[MoneyMatch]:
    """Every money mention of `text`, list members sharing one unit included, in order."""
    out: list[MoneyMatch] = []
    if "元" not in text:  # every unit ends in 元
        return out
    for m in MONEY_RE.finditer(text):
        # in a range the unit is written once, after the upper bound: 三百至五百万元
        last = m.group("num2") or m.group("num")
        _, unit = _split_unit(last, m.group("unit"))
        high = yuan(m.group("num2"), m.group("unit")) if m.group("num2") else None
        if m.group("unit1"):  # each bound with its own unit: the mention's unit is the first's
            unit = _split_unit(m.group("num"), m.group("unit1"))[1]  # (`三百万元-五百万元`: 万元)
            low = yuan(m.group("num"), m.group("unit1"))
        else:
            low = yuan(m.group("num"), unit) if high is not None else yuan(m.group("num"), m.group("unit"))
        members = _list_members(text, m.start(), unit)
        out.extend(members)
        out.append(MoneyMatch(m.start(), m.end(), m.group(), low, high, unit))
    return out


def _list_members(text: str, start: int, unit: str) -> list[MoneyMatch]:
    """Bare numbers before a mention that share its unit (`50、30万元` → 50 万元)."""
    members: list[MoneyMatch] = []
    pos = start
    while True:
        window = text[max(0, pos - 20):pos]
        # LIST_MEMBER_RE needs a joining word at the end; most mentions have none
        m = LIST_MEMBER_RE.search(window) if window.rstrip()[-1:] in _LIST_JOINS else None
        if not m:
            break
        offset = max(0, pos - 20)
        s, e = offset + m.start("num"), offset + m.end("num")
        # a number already carrying its own unit ends with 元 and is found by MONEY_RE
        members.insert(0, MoneyMatch(s, e, text[s:e], parse_number(text[s:e]) * _UNIT_SCALE[unit], None, unit))
        pos = s
    return members


def find_percents(text: str) -> list[re.Match[str]]:
    """Every PERCENT_RE match of `text`, in order."""
    if "%" not in text and "％" not in text and "‰" not in text and "分之" not in text:
        return []
    return list(PERCENT_RE.finditer(text))


def percent_value(m: re.Match[str]) -> float:
    """The value in percent of a PERCENT_RE match (`12%` → 12, `百分之三十` → 30, `1‰` → 0.1)."""
    if m.group("num"):
        value = parse_number(m.group("num"))
        return round(value / 10, 6) if m.group("sign") == "‰" else value
    if m.group("cnm"):
        return round(parse_number(m.group("cnm")) / 10, 6)
    return parse_number(m.group("cn"))
