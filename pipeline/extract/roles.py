"""Roles of money and percent mentions, read from the cue words around them.

The cue words are SpanRuler patterns (`CUE_PATTERNS`, labels MAX, THRESHOLD, TARGET,
GRANT, RATE_BY); they are in the jieba user dictionary so that they come out as whole
tokens.  Single-character cues (达, 超) cannot be phrase patterns without matching
inside words, so they are checked on the character just before the number.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from .numbers import MoneyMatch

CUE_PATTERNS: dict[str, tuple[str, ...]] = {
    "MAX": ("最高", "不超过", "上限", "不高于", "最多", "封顶", "以内", "不得超过", "不得高于", "原则上不超过"),
    "THRESHOLD": ("超过", "达到", "高于", "不低于", "超出"),
    # 以上 counts only right after the number (`100万元以上`); before it, it is part of a
    # name (`省级以上认定的平台奖励150万元`), so it has its own label
    "ABOVE": ("以上", "及以上"),
    "TARGET": ("突破", "力争", "接近", "增长"),
    "GRANT": ("奖励", "给予", "予以", "补助", "补贴", "奖补", "贴息", "一次性", "资助", "支持", "奖金", "返还"),
    "RATE_BY": ("按", "按照", "依照"),
    # money set up or set aside, not granted to anyone: fund sizes, budgets, allocations
    "FUND": ("设立", "安排", "筹集", "总规模", "规模"),
}
_BOUNDARY = "，,；;。：:"  # a line break inside a segment is a wrap (extract cuts segments at line ends)
_BOUNDARY_RE = re.compile(f"[{_BOUNDARY}]")
# members of one list (`50 万元、30 万元`), or the two ends of one change (`由10万元提高至15万元`)
_GROUP_GAP = re.compile(r"^\s*(?:[、和及]|(?:提高|提升|调整|增加|上调|下调|降低)(?:至|到|为))\s*$")
_AFTER_ABOVE = re.compile(r"^\s*(?:[（(][^）)]{0,8}[）)]\s*)?(?:\(含\)|（含）)?\s*(?:及)?以上")
# a level to be held (`营业收入保持在万亿元以上`, `稳定在`) is stated as a goal too
_TARGET_SENTENCE = re.compile(r"到\s*\d{4}\s*年|力争|目标|保持在|稳定在")
# a tuple, not the string "达超": `"" in "达超"` is true, and '' is what starts a text
_LEAD_CUES = ("达", "超")


def _window_start(text: str, pos: int, floor: int) -> int:
    """Start of the comma segment that holds `pos`, never before `floor`."""
    low = max(floor, pos - 200)
    if _BOUNDARY_RE.search(text, low, pos) is None:  # the usual case: one scan, not eight
        return low
    return max(text.rfind(ch, low, pos) for ch in _BOUNDARY) + 1


def _window_end(text: str, pos: int) -> int:
    """End of the comma segment that holds `pos`."""
    high = min(len(text), pos + 200)
    m = _BOUNDARY_RE.search(text, pos, high)
    return m.start() if m else high


def _labels(cues: list[tuple[int, int, str]], start: int, end: int) -> list[str]:
    return [label for s, e, label in cues if s >= start and e <= end]


def _char_before(text: str, pos: int) -> str:
    """The character before `pos`, spaces skipped; '' at the start of `text`."""
    i = pos - 1
    while i >= 0 and text[i] == " ":
        i -= 1
    return text[i] if i >= 0 else ""


def _group_first(text: str, edges: list[tuple[int, int]], i: int) -> int:
    """Index of the first member of the list (`50 万元、30 万元和 20 万元`) holding mention i."""
    while i > 0 and _GROUP_GAP.match(text[edges[i - 1][1]:edges[i][0]]):
        i -= 1
    return i


def target_sentence(sentence: str) -> bool:
    """A sentence that states goals (`到2024年，…突破50亿元`) rather than grants."""
    return bool(_TARGET_SENTENCE.search(sentence))


# what a sentence grants or lets its subject claim (`给予`, `奖励`, `可申请…贷款`, `返还`); the
# words before it are the grant's condition, whatever they measure
# — and points scored (`…达到95%，计2分`, `得满分`): a scoring band is met, not a goal
_GRANTS = re.compile(r"给予|予以|奖励|补助|补贴|奖补|资助|返还|可申请|可享受|享受|满分|[得计扣加]\s*[0-9０-９.．]+\s*分")
# the applicant of a call (`申报企业`, `申请单位`): what it must reach is eligibility, not a goal
_APPLICANT = re.compile(r"(?:申报|申请)(?:单位|企业|主体|项目|机构|人)")


def condition_before(sentence: str, start: int, end: int) -> bool:
    """True when the stretch `start:end` of `sentence` is in the condition of a grant: the
    sentence grants after it, or its subject is the applicant of a call."""
    return _GRANTS.search(sentence, end) is not None or _APPLICANT.search(sentence, 0, end) is not None


# a bound below (`500万元及以下`, `1000万元以下`) keeps its direction and is a band, like 以上
_AFTER_BELOW = re.compile(r"^\s*(?:\(含\)|（含）)?\s*(?:及)?(?:以下|以内)")
# a band that closes a qualifier (`1亿元以上的企业`): who, not a goal
_OF_AFTER_BAND = re.compile(r"\s*(?:\(含\)|（含）)?\s*(?:及)?(?:以上|以下|以内)[^，,；;。]{0,12}?的")
# `不足100万元`, `低于`, `少于`: the top of a band
_BELOW_CUE = re.compile(r"(?:不足|(?<!不)低于|(?<!不)少于|未达到?)\s*$")
# `其中省级补贴500元、市县补贴300元`: the shares of an amount by who pays, not grants
_BREAKDOWN = re.compile(r"\s*其中(?:省级|省|市级|市县|市|县级|县|区|中央)")
# `最高` as a cue binds money; before a noun it is part of a name (`国家最高科学技术奖`)
_NAME_AFTER_TOP = re.compile(r"科学|人民|检察|法院")


def _max_cue(text: str, cues: list[tuple[int, int, str]], start: int, end: int) -> bool:
    """A ceiling cue between start and end that binds money (not `最高` inside a name)."""
    return any(label == "MAX" and not (text[s:e] == "最高" and _NAME_AFTER_TOP.match(text, e))
               for s, e, label in cues if s >= start and e <= end)


def _last(cues: list[tuple[int, int, str]], start: int, end: int, label: str) -> int:
    return max((s for s, e, lab in cues if lab == label and s >= start and e <= end), default=-1)


def money_role(text: str, edges: list[tuple[int, int]], i: int,
               cues: list[tuple[int, int, str]], value_max: float | None, in_goal: bool = False) -> str:
    """max | fixed | threshold | target | other for money mention `i` of `edges`."""
    first = _group_first(text, edges, i)
    floor = edges[first - 1][1] if first > 0 else 0
    start = _window_start(text, edges[first][0], floor)
    before = _labels(cues, start, edges[first][0])
    after = _labels(cues, edges[i][1], _window_end(text, edges[i][1]))
    if _AFTER_ABOVE.match(text[edges[i][1]:]) or _AFTER_BELOW.match(text[edges[i][1]:]) \
            or _BELOW_CUE.search(text, start, edges[first][0]):
        # a band in a goal (`营业收入保持在万亿元以上`) is the goal's level, in a grant's condition its floor
        return "target" if in_goal and "GRANT" not in before + after and not _OF_AFTER_BAND.match(text, edges[i][1]) \
            else "threshold"
    if _BREAKDOWN.match(text, _window_start(text, edges[first][0], 0)):
        return "other"
    if first > 0 and (_ELIDED_GRANT.fullmatch(text, edges[first - 1][1], edges[first][0])
                      or KIND_LISTED.fullmatch(text, edges[first - 1][1], edges[first][0])):
        # `连续工作满3年的一次性奖励6000元、满5年的15000元`: the next tier of the grant before
        previous = money_role(text, edges, first - 1, cues, None, in_goal)
        if previous in ("fixed", "max"):
            return previous
    # money set up or set aside (`设立…不少于3000万元的专项资金`, `总规模不低于50亿元`): the fund's
    # cue nearer than any grant cue
    if "FUND" in before and _last(cues, start, edges[first][0], "FUND") > _last(cues, start, edges[first][0], "GRANT"):
        return "other"
    if _max_cue(text, cues, start, edges[first][0]):
        return "max"
    lead = _char_before(text, edges[first][0])
    if value_max is not None:
        # a range granted (`给予300万元至500万元`) is a grant of at most its upper bound; a range
        # reached (`达300-500万元`) a band
        grant = "GRANT" in before and "THRESHOLD" not in before and lead not in _LEAD_CUES
        return "max" if grant else "threshold"
    if "THRESHOLD" in before or lead in _LEAD_CUES:
        target = in_goal and "GRANT" not in before + after
        return "target" if target else "threshold"
    if "TARGET" in before:
        return "target"
    if "GRANT" in before or "GRANT" in after[:1] or _STANDARD_IS.search(text, start, edges[first][0]):
        return "fixed"
    if _IN_OBJECT.match(text, start) and _OF_AFTER.match(text, edges[i][1]):
        return "threshold"  # `对引进年实际投资额10亿元、5亿元的项目`: a measure of who is granted
    return "other"


# `岗位补贴标准为每人每月500元`: a grant's standard (its grant word inside a longer jieba word)
_STANDARD_IS = re.compile(r"(?:奖励|补助|补贴|资助|奖补)(?:资金)?(?:标准|金额|额度|数额)(?:分别)?(?:为|是|按)\s*"
                          r"(?:每[\u4e00-\u9fa5]{1,4}?(?:每[年月天日])?)?\s*$")
# a tier whose grant words are elided: `、` and its own qualifier closed by 的, then the amount
_ELIDED_GRANT = re.compile(r"\s*、\s*[^，,。；;、0-9０-９]{0,4}[0-9０-９]+\s*(?:年|个月|家|人|项|次)(?:以上)?的\s*")
# the next member of a list of grants each named by its kind: `最高分别给予50万元的贷款贴息、30万元的…补贴`
KIND_LISTED = re.compile(r"\s*的[^，,。；;、0-9０-９]{2,12}[、和及]\s*")
# the 对-phrase naming who is granted, and the 的 that closes it after the amount
_IN_OBJECT = re.compile(r"\s*(?:[（(][一二三四五六七八九十]+[）)]|[0-9０-９]{1,2}[.．、])?\s*"
                        r"(?:省级|市县|市级|县级|省|市|县)?(?:继续|再)?对")
_OF_AFTER = re.compile(r"(?:\s*[、和及或]\s*[0-9０-９.．]+\s*(?:亿元|万元|元))*[^，,；;。0-9０-９]{0,12}?的")


# a share that grants nothing: tax reliefs (`加计扣除`, `抵免`, `减征`), price deductions and
# levies (`按工资总额的1.5%计征`)
_PCT_NOT_GRANT = re.compile(r"扣除|抵免|抵减|减征|减免|减半|计税|退税|计征|征收|征缴|结算|计价|计收")
# a count of months, years, times … between a ceiling cue and a percent: what the ceiling bounds
_QUANTITY = re.compile(r"[0-9０-９一二两三四五六七八九十]+\s*(?:个月|年|天|日|倍|人|次|周)")
# a weight in a total (`按日常监测占40%、实地调研占30%计算`): a share of a score, granting nothing
_PCT_WEIGHT = re.compile(r"占\s*$")
# a share of a fund set aside for a use or shared out (`专项资金的30%用于…`, `70%按因素法分配`)
_PCT_ALLOCATED = re.compile(r"\s*(?:的资金|的部分)?\s*(?:用于|按因素法|按照因素法|切块|统筹用于|分配)")
# a rise or fall of a rate already set (`补贴标准上浮10%`), not a share of a base
_PCT_SHIFT = re.compile(r"(?:上浮|下浮|上调|下调)\s*$")
# the applicant's own statistics named as a ceiling (`资产负债率不超过70%`, `出让股权不超过30%`):
# eligibility, not a capped grant
_PCT_OWN_FIGURE = re.compile(r"负债率|比重|占比|股权")
# goals written as a movement, a yearly growth or an achievement (`降至1%以下`, `提高到`,
# `年均增幅不低于20%`, `完成“智改数转”60%以上`);
# past figures (`近2年`, `上年度`) are an applicant's record, not a goal
_PCT_GOAL_MOVE = re.compile(r"(?:降至|降到|降低到|降低至|下降到|下降至|提高到|提高至|提升到|提升至|增长到|增长至|年均|完成|实现|控制在)")
_PCT_PAST = re.compile(r"近\s*[0-9０-９一二两三四五]+\s*年|上年|上一年|截至")
# floors (`不低于`, `不少于`) as opposed to levels attained (`达到`, `达`, `超过`); a level
# passed (`超过`, `高于`) is a floor too when it is the applicant's own figure (`比重超过50%`)
_PCT_FLOOR = re.compile(r"不(?:得)?低于|不(?:得)?少于")
_PCT_PASSED = re.compile(r"(?<!不)超过|(?<!不)高于|超出")
# a share of a quantity (`按收购量的10%`) counts an amount of goods, not money granted
_PCT_OF_QUANTITY = re.compile(r"量\s*的?\s*$")
_PCT_ANY = re.compile(r"[0-9０-９.．]+\s*[%％‰]|[百千]分之[零〇一二两三四五六七八九十百点]+")
# two percents that are one list (`10%、8%`), one range, or one change (`上限从4%提高至5%`)
_PCT_LIST_GAP = re.compile(r"^\s*(?:[、和及或\-－—–~～]|(?:提高|提升|调整|增加|降低|下调|上调)?[至到为])\s*$")
# after an earlier percent, a conjunction opens the next share (`3%的费率上限及…保费的80%`)
_PCT_JOIN = re.compile(r"[及和与、，,]")
_BRACKETED = re.compile(r"[（(][^）)]*[）)]?")
# a percent that measures who or what qualifies: it closes a phrase with 的 (`营业收入增长20%以上的企业`,
# `达到职工总数15%的，给予…`); without a grant word before it, it is eligibility, not a goal nor a grant
_PCT_QUALIFIES = re.compile(r"\s*(?:[（(]含[）)])?\s*(?:及)?(?:以上|以下|以内)?\s*(?:[（(]含[）)])?[^，,；;。：:0-9０-９%％]{0,10}?的")


def _own_window(text: str, begin: int, start: int) -> int:
    """Where the cues that can belong to the percent at `start` begin: after the percent
    before it in the segment, unless the two are members of one list (`10%、8%`)."""
    last = None
    for m in _PCT_ANY.finditer(text, begin, start):
        if m.end() <= start:
            last = m
    if last is None or _PCT_LIST_GAP.match(text[last.end():start]):
        return begin
    joins = list(_PCT_JOIN.finditer(text, last.end(), start))
    return joins[-1].end() if joins else last.end()


def percent_role(text: str, start: int, end: int, cues: list[tuple[int, int, str]],
                 in_goal: bool = False, in_condition: bool = False) -> str:
    """rate | max_rate | target | other for the percent mention at `start:end`.

    `rate`/`max_rate` are grants computed as a share; `target` a goal (`到2025年…达到80%以上`,
    `降至1%以下`, `年均增幅不低于20%`); `other` anything else: eligibility floors and the
    applicant's figures (`研发投入占比不低于3%`, `50%以上的企业`), tax reliefs, price floors,
    risk shares with a floor, shares of a quantity, scoring bands.  A level reached (`达到N%`)
    in the condition of a grant (`in_condition`: the sentence grants after it, `…达到职工总数25%
    的，可申请…`) is eligibility, not a goal, unless it is written as a goal's movement."""
    begin = _window_start(text, start, 0)
    stop = _window_end(text, end)
    before = _labels(cues, begin, start)
    own_start = _own_window(text, begin, start)
    own = _labels(cues, own_start, start)
    top = _last(cues, own_start, start, "MAX")
    if top >= 0 and _QUANTITY.search(text, top, start):
        # `按不超过6个月的…社会保险费50%`: the ceiling bounds the months, not the share
        own = [label for label in own if label != "MAX"]
    head, own_head = text[begin:start], text[own_start:start]
    past = _PCT_PAST.search(head) is not None
    qualifies = _PCT_QUALIFIES.match(text, end) is not None and not {"GRANT", "RATE_BY", "MAX"} & set(own)
    moves = (_PCT_GOAL_MOVE.search(head) is not None or "TARGET" in before) and not qualifies
    goal = (in_goal or moves) and not past
    in_condition = in_condition or _GRANTS.search(text, end, stop) is not None
    if in_condition and not moves:
        goal = False  # the sentence grants after it: a measure of who qualifies
    if _PCT_NOT_GRANT.search(_BRACKETED.sub("", text[begin:stop])) or _PCT_ALLOCATED.match(text, end):
        return "other"
    if _PCT_SHIFT.search(head) or _PCT_WEIGHT.search(own_head):
        return "other"
    if _AFTER_ABOVE.match(text[end:]):
        return "target" if goal else "other"
    if "MAX" in own:
        return "other" if _PCT_OWN_FIGURE.search(head) else "max_rate"
    if "RATE_BY" in before or "GRANT" in before:
        if _PCT_FLOOR.search(own_head) or _PCT_OF_QUANTITY.search(head):
            return "other"
        return "rate"
    if "THRESHOLD" in before or _char_before(text, start) in _LEAD_CUES:
        floor = _PCT_FLOOR.search(own_head) or (_PCT_PASSED.search(own_head) and _PCT_OWN_FIGURE.search(head))
        return "target" if goal or not (floor or qualifies or in_condition) else "other"
    if goal:
        return "target"
    if "GRANT" in _labels(cues, end, stop):
        return "rate"
    return "other"


def assign_roles(text: str, money: list[MoneyMatch], percents: list[tuple[int, int]],
                 cues: list[tuple[int, int, str]], goals: Sequence[tuple[int, int]] = (),
                 conditions: Sequence[tuple[int, int]] = ()) -> tuple[list[str], list[str]]:
    """Roles of the money and percent mentions of `text` from its cue spans (start order);
    `goals` are the ranges of `text` that state goals, `conditions` those before a grant of
    their sentence."""
    edges = [(m.start, m.end) for m in money]
    money_roles = [money_role(text, edges, i, cues, m.value_max, any(a <= m.start < b for a, b in goals))
                   for i, m in enumerate(money)]
    return money_roles, [percent_role(text, s, e, cues, any(a <= s < b for a, b in goals),
                                      any(a <= s < b for a, b in conditions)) for s, e in percents]

