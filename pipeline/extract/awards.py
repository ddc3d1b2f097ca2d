"""Awards: one record per (condition → grant) in a sentence.

Works on one sentence at a time with its money and percent mentions already found and
given roles by the spaCy pipeline.  Money grants are lists of amounts (`分别给予最高
200 万元、100 万元奖励`) paired in order with the members of the condition before them;
rate grants are percentages with a base (`按项目贷款额的2%`), a threshold, a cap and
the cap's scope (`单个企业每年` → `企业/年`).
"""
from __future__ import annotations

import bisect
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from ..records import Award, as_award_amount_role
from . import conditions as cond
from .numbers import MoneyMatch, parse_number
from .roles import KIND_LISTED

log = logging.getLogger(__name__)

_GRANT_ROLES = {"max", "fixed"}
# `根据等次`, `根据不同情形`, `按照…分档`, `按照新建、改建、租赁的建设方式…`: how a 分别 list is graded
_BY_GRADE = re.compile(r"^(?:根据|按照|按|视)(?:不同)?")
# `奖金数额分别为`, `补助标准为`: the words between a prize and its amount
_AMOUNT_IS = re.compile(r"(?:的)?(?:奖金|奖励|补助|补贴|资助)?(?:数额|金额|标准|额度)?(?:分别)?(?:为|是)[：:]?\s*$"
                        r"|(?:数额|金额|标准|额度)(?:继续)?(?:调整为|调整到|提高到|提高至|提高为|提升到|提升至)\s*$")
# `按项目分别给予`: the grant is counted per what follows 按
_BY_UNIT = re.compile(r"按(项目|人|户|家|件|台|套|床|亩|头)$")
# a segment `每支育种用冻精`: what is counted (支) and the object it is counted on, the condition
# (the object holds no grant verb and no second 每: `每床每月给予运营` is a unit, a period and a grant)
_EACH_OBJECT = re.compile(r"(?:^|[，,])每一?([项人头床场亩吨支枚套户件台张位名])"
                          r"((?:(?!给予|予以|补贴|补助|奖励|资助|奖补|每)[\u4e00-\u9fa5]){4,16})$")
# `奖金数额分别为：一等奖9万元，二等奖6万元`: a list of labelled amounts after a colon
_LABELLED = re.compile(r"(?:的)?(?:奖金|奖励|补助|补贴|资助)(?:数额|金额|标准|额度)?(?:分别)?为?[：:]")
# a ceiling over all the grants one body receives (`同一单位每年可累计获得最高…`) is no award
_CUMULATIVE = re.compile(r"累计")
_GAP_GRANTOR = re.compile(r"^[^，,；;。]{0,4}[、和](?:省级|省|市级|市县|市|县级|县|中央)")
# the amount others grant, on top of which this policy adds (`在国家每亩补助600元基础上`)
_ON_TOP = re.compile(r"\s*(?:的)?基础上")
_GAP = re.compile(r"^\s*[、和及]\s*$")
# a loan's limit (`给予最高不超过15万元的创业担保贷款`, `…的贷款额度支持`): money lent, not granted;
# an interest subsidy on it (`的贷款贴息`) is granted
_LOAN_AFTER = re.compile(r"\s*(?:的)?[\u4e00-\u9fa5]{0,6}?(?:贷款|授信|借款)(?!贴息|利息|补贴|补助|奖励|风险)")
# what follows a previous grant's amount: its grant noun (`工作补助，`, `的一次性奖励`)
_LEAD_NOUN_TAIL = re.compile(r"^[^，,；;。对、]{0,20}?(?:奖励|补助|补贴|奖补|资助|支持)(?:资金)?\s*(?:[（(][^）)]*[）)])?[，,]")
_LEAD_TAIL = re.compile(r"^(?:的)?(?:一次性)?(?:奖励|补助|补贴|奖补|资助|支持)?\s*(?:[（(][^）)]*[）)])?")
_TAIL_CUES = re.compile(r"(?:最高|不超过|不高于|最多|上限|一次性|不少于|不低于|可达|\s)+$")
# (?:分别)?(?:给予|予以|奖励|…) written so that every branch starts with a literal: the
# regex engine then skips to the characters a match can start with.  Misprints of these words
# (`类励`) are read as meant before any of this runs (`typos`).
# a modal before a verb of receiving is a grant's verb too (`对…的企业，可获得100万元奖励`, `可享受…`)
_VERB = re.compile(r"分别(?:给予|予以|奖励|补助|补贴|奖补|资助|支持)|给予|予以|奖励|补助|补贴|奖补|资助|支持"
                   r"|(?:可以|均可|即可|可)(?:获得|享受|申领|领取)|奖金(?!奖|数额|金额|标准|额度|分别|为|是)")
# `每个产品`, `每家企业` (a noun, or none: the condition's head); `每人`, `每床`, `每头牛位`, `每项`
# (a measure word, or the noun after it); `每人每年` → `人/年`, `每床每月` → `床/月`, `每人每天` → `人/天`
_EACH = re.compile(r"每(?:(?:一)?(?:个|家)([\u4e00-\u9fa5A-Za-z]{0,8}?)|一?(平方米|立方米|千瓦|[项人头床场亩吨支枚套户件台张位名县村乡镇校站])"
                   r"([\u4e00-\u9fa5]{0,3}?(?:[（(][\u4e00-\u9fa5]{1,4}[）)])?))(每年|每月|每天|每日)?$")
_PERIOD = {"每年": "/年", "每月": "/月", "每天": "/天", "每日": "/天"}
# 对 that opens the grant's object: at the start or after a separator, an item number (`5.对`),
# or the payer and an adverb that precede it (`省级对`, `市县继续对`, `继续对`); with 对 first for
# the same reason, the words before it checked by lookbehinds (one per length)
_PAYER_BEFORE = ("省级", "市县", "市级", "县级", "省", "市", "县", "中央", "财政", "自治区", "盟市",
                 *(f"{level}财政" for level in ("中央", "省", "省级", "市", "市级", "县", "县级", "自治区", "各级")))
_ADVERB_BEFORE = ("继续", "再", "另行", "同时")
_BOUNDARY_DUI = re.compile(r"对(?:(?<![^，,；;。、\s]对)|(?<=[0-9０-９][.．]对)|"
                           + "|".join(sorted({f"(?<=[，,；;。、\\s]{re.escape(a + b)}对)|(?<=^{re.escape(a + b)}对)"
                                              for a in ("", *_PAYER_BEFORE) for b in ("", *_ADVERB_BEFORE) if a + b}))
                           + ")")
_CAP_PAREN = re.compile(r"[（(]\s*每(?:个|家)[^）)]*$")
# what follows a grant before the ceiling of all it gives: its grant noun, a comma, the scope
# (`单个企业每年`, `每户`) and the ceiling cue, with no subject of its own
_CAP_AFTER = re.compile(r"^[^，,；;。对]{0,12}[，,]\s*(?:单个|每个|每家|每户|同一)?[\u4e00-\u9fa5]{0,6}?(?:每年|年度)?(?:累计)?"
                        r"(?:补贴|补助|奖励|资助|奖补|支持)?(?:总额|金额|资金|额度)?(?:最高|不超过|最多|上限)+(?:为|可达|不超过)?\s*$")
_PER_SCOPE = re.compile(r"单个(企业|项目)(年度|每年)?|每个(企业)(每年)")
# `补助标准为实际投入金额的20%` / `补助比例为…`: the standard stated as a share
_RATE_MARK = re.compile(r"(?:按照|按|给予|依照|调整为|提高到|提高至|返还|(?<=[助贴励])(?:标准|比例)(?:为|是)|、)\s*(?:最高)?\s*(?:不超过)?")
_NOT_GRANTED = re.compile(r"争取")
_MAX_CUE = re.compile(r"最高|不超过|不高于|最多|上限")
_PHRASE_BREAK = re.compile(r"[，,、。；\s]")
_EACH_TAIL = re.compile(r"(?:分别|一次性)$")
# who pays and how, between the condition and the verb: `省级再`, `市县继续`, `省财政`
_GRANTOR_TAIL = re.compile(r"(?:[，,]?(?:其中)?(?:省级|省|市级|市县|市|县级|县|区级|区|自治区|盟市|旗县|中央)(?:财政)?)?"
                           r"(?:继续|再|另行|另)+$"
                           r"|[，,]?(?:省级|市级|县级|市县|中央|省财政|市财政|县财政)(?:财政)?$"
                           r"|[，,](?:各级财政|财政部门|人民银行|[\u4e00-\u9fa5]{1,6}(?:部门|管理局))$")
# `其中省级补贴500元、市县补贴300元`: the shares of the amount just given, not grants of their own
_BREAKDOWN = re.compile(r"^其中(?:省级|省|市级|市县|市|县级|县|中央)")
# a lead that names only the grant's money (`奖励资金最高50万元`): a ceiling of the grant before
_ONLY_MONEY = re.compile(r"^(?:奖励|补助|补贴|资助|奖补|支持)?(?:资金|金额|额度|经费)?$")
_COMMA = re.compile(r"[，,]")
_COMMA_OR_DUI = re.compile(r"[，,对]")
_OF_COMMA = re.compile(r"的[，,]")
_LEVEL_HEAD = re.compile(r"^(?:国家级|国家|省级|省|市级|市)")
_LEVEL_GRADE = re.compile(r"^(?:国家级|省级|市级|县级|区级)")
_GRANT_WORD = re.compile(r"奖励|补助|补贴|奖补|贴息|资助|支持|给予|予以|返还")
# `按不超过6个月的…社会保险费`: the months the base is counted over are not the base
_PERIOD_OF = re.compile(r"^\s*(?:最高)?\s*(?:不超过)?\s*[0-9０-９一二两三四五六七八九十]+\s*(?:个月|年)的")
_BASE_TRIM = re.compile(r"^(?:企业(?![及和与])|其|最高|不超过|不高于|\s)+|[的\s]+$")
_PERCENT_IN = re.compile(r"[0-9０-９.．]+\s*[%％‰]|百分之[零〇一二两三四五六七八九十百点]+")
_BASE_JOIN = re.compile(r"[及和与、]")
_BASE_AFTER = re.compile(r"\s?(?P<noun>[\u4e00-\u9fa5]{2,6}?)(?:补助|补贴|奖励|资助)")
# shares that are not grants: tax reliefs (`加计扣除`, `抵免`, `减征`) and fee-rate ceilings
_NOT_A_GRANT = re.compile(r"扣除|抵免|抵减|减征|减免|减半|计税|计征|征收|征缴")
_BRACKETED = re.compile(r"[（(][^）)]*[）)]")  # an aside (`（扣除政府引导基金）`) says what is left out
_FEE_RATE = re.compile(r"\s*的?(?:费率|利率|担保费率)")
# a cap's scope: `单个企业年度`, `单个品种`, `单户`; `每项`, `每个项目`; `年度…最高为`
_SINGLE_SCOPE = re.compile(
    r"(?:单(?:个|户|家|笔)|同一)([\u4e00-\u9fa5]{1,5}?)(年度内?|每年)?"
    r"(?=最高|不超过|不高于|最多|补|奖|支持|资助|总额|累计|可|上限|给予|限|$)")
_EACH_SCOPE = re.compile(r"每(项|个|家|场|户|人|头|床|台|套|件)((?<=[个家])(?!每年|年度)[\u4e00-\u9fa5]{1,6}?)?(每年|年度)?"
                         r"(?=最高|不超过|不高于|最多|补|奖|可|给予)")
_YEAR_SCOPE = re.compile(r"^[，,、\s]*(?:且)?(?:年度|每年)")
_SUPPORT_LEAD = re.compile(r"^(?:重点|大力|积极|鼓励和)?(?:支持|鼓励)(?!资金|政策)")
_WORK_TAIL = re.compile(r"(?:建设|工作)$")
# what the administration does once the subject is named: `优先纳入…`, `择优…`, `由…`
_ADMIN_STEP = re.compile(r"^(?:优先|择优|由|经审核|经评审|纳入|列入)")
_GIVE = re.compile(r"给予|予以|返还")  # `可返还其上年度实际缴纳失业保险费的50%`: money paid back
# `每枚补贴标准由定额补贴调整为购置款的50%`: the grant's standard set to a share
_STANDARD_SET = re.compile(r"(?:补贴|补助|奖励|资助)(?:标准.{0,12}?(?:调整为|提高到|提高至)|(?:标准|比例)(?:为|是))")
# a share of the grant itself (`最高不超过奖励金额的90%`) cuts a payout, it grants nothing
# — unless the grant is another's, matched by this policy (`按上级资助资金的50%给予配套支持`,
# `按国家补助资金1:1给予配套`)
_OF_THE_GRANT = re.compile(r"(?<!上级)(?<!国家)(?<!中央)(?<!省级)(?<!部)(?<!获得)(?<!获得的)(?<!争取)(?<!争取的)"
                           r"(?:奖励|补助|补贴|奖补|资助)(?:金额|资金|额度)")
_ALSO = re.compile(r"^(?:同时|此外)")
_CHANGE_MARK = re.compile(r"(?:提高|提升|调整|降低|下调|上调)(?:至|到|为)\s*$")
# a share that closes the condition (`裁员率不高于职工总数20%的，可以申请返还`): who qualifies, no grant
_QUALIFYING = re.compile(r"\s*(?:[（(]含[）)])?\s*(?:及)?(?:以上|以下|以内)?\s*的\s*[，,]")
# the old value of a changed share (`返还比例由50%提高至75%`): the grant is the new one
_CHANGED_TO = re.compile(r"\s*(?:提高|提升|调整|降低|下调|上调)?(?:至|到|为)\s*[0-9０-９.．]+\s*[%％]")
_AGAIN = re.compile(r"[，,]\s*再(?:次)?(?:给予|予以|奖励|补助|补贴|资助)(?:[^，,。；;]{0,8})$")
# `其中未享受住房保障的，可另行`: a qualifier picking some of the subject named before
_AMONG = re.compile(r"(?:^|[，,])其中[，,]?([^，,。；;]+?)(?:可以|可)?(?:[，,][^，,。；;]{0,6})?$")
_REACH_TAIL = re.compile(r"(?:在|达到|达|超过)?\s*$")
_INCUR_TAIL = re.compile(r"(?:产生|发生|投入)$")


# a sentence that only states the ceiling of the grants before it (`奖励资金最高50万元。`,
# `每项补助金额最高不超过100万元`): the cap of the clause's rate grants, not an award
_CEILING_SENTENCE = re.compile(
    r"^\s*(?:上述|以上)?(?:奖励|补助|补贴|资助|奖补|支持)?(?:资金|金额|额度|经费)?"
    r"(?:每项|每个项目|单个项目|单个企业|单户)?(?:每年|年度)?(?:累计)?(?:最高|不超过|最高不超过|最多)(?:可)?(?:为|达)?\s*$")


@dataclass
class ClauseState:
    """What later sentences of one clause may refer back to; `ceiling` is set by a sentence
    that only caps the clause's rate grants before it."""

    clause: str | None = None
    last_condition: str | None = None
    last_group: list[str] = field(default_factory=list)
    last_named: str | None = None  # the condition of the clause's last grant, as made
    ceiling: float | None = None


def ceiling_of(s: Sentence) -> float | None:
    """The cap stated by a sentence that names only the grant's money and its ceiling."""
    if len(s.money) != 1 or s.percents or s.money[0][1] != "max":
        return None
    m = s.money[0][0]
    if not _CEILING_SENTENCE.match(s.text[:m.start]) or s.text[m.end:].strip(" 。；;，,\n"):
        return None
    return m.value


@dataclass
class Sentence:
    text: str
    offset: int
    money: list[tuple[MoneyMatch, str]]
    percents: list[tuple[int, int, float, str]]
    clause: str | None


def _groups(s: Sentence) -> list[list[int]]:
    """Indices of money mentions joined into lists (`200 万元、80 万元和 60 万元`)."""
    groups: list[list[int]] = []
    for i, (m, _) in enumerate(s.money):
        if groups and _GAP.match(s.text[s.money[groups[-1][-1]][0].end:m.start]):
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


# the kind of a grant named between its verb and its noun (`给予一次性建设补贴`, `给予运营补贴`,
# `奖励资金`): what is granted, not to whom
_GRANT_KIND = re.compile(r"^(?:一次性)?(?:[\u4e00-\u9fa5]{0,4}?(?:建设|运营|装修|租金|房租|安家|开办|生活费?|交通|培训|就业|"
                         r"创业|社会保险|社保|岗位|购房|住房|租房|场租|资金|经费))?$")


# `对租用办公用房的，按50元/平方米…`: the 按 that introduces the amount's standard
_BY_TAIL = re.compile(r"[，,]?\s*(?:按照|按|依照)$")
# a standard written per unit after the amount (`200元/平方米`, `50元/平方米/月`, `1000元/人`)
# (`·` between the units: `8万元/人·年`); `/家`, `/个` count the condition's own head, as `每家` does
_PER_AFTER = re.compile(r"\s*/\s*(平方米|立方米|人次|人|户|亩|头|床|件|台|套|吨|个|项|家)(?:\s*[/·]\s*(年|月|天|日))?")
# what the policy encourages (`鼓励企业建设…`), and the kind of money after a recipient (`…人员日常经费`)
_POLICY_AIM = re.compile(r"^(?:鼓励|支持|引导|推动)(?!资金|政策)")
_KIND_EACH = re.compile(r"(?:日常|工作|生活|科研|启动)?(?:经费|资金)每")
_KIND_TAIL = re.compile(r"(?:日常|工作|生活|科研|启动)?(?:经费|资金)$")
_STANDARD_TAIL = re.compile(r"^(?:的)?(?:标准|金额|额度|数额)(?:分别)?(?:为|是|按)(?=每|$)")
_FAVOUR = re.compile(r"^(?:倾斜|适当倾斜|重点倾斜|优先支持|重点支持)$")
# a grant counted per head or unit taken on (`每新增1名博士研究生`, `每引进一名高层次人才`, `每新建1个站点`)
_EACH_TAKEN_ON = re.compile(r"^每(?P<verb>新增|新引进|引进|新招用|招用|招收|吸纳|新聘用|聘用|新建|新设立|设立)"
                            r"(?P<n>[0-9０-９]+|一)(?P<unit>名|位|人|个|家|台|套|件|项|户|处)(?P<what>[^，,；;。]+)$")
# one space or line break between a number or Latin letter and a CJK character, or one line break
# between two CJK characters: what PDF producers and wrapped copies put there (LibreOffice's autospace
# read back as `每亩补贴 600 元`, a printed line's end inside `基础上`), never a phrase break; a run
# of them (a table's cells, a paragraph's indent) is left as it is
_AUTOSPACE = re.compile(r"(?<=[0-9０-９A-Za-z%％.．])\s(?=[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff])\s(?=[0-9０-９A-Za-z])"
                        r"|(?<=[\u4e00-\u9fff])\n(?=[\u4e00-\u9fff])")


def _parse_lead(lead: str) -> tuple[str, str | None, str, bool]:
    """(condition text, per, recipient, max cue) from the text before a grant's amounts."""
    lead = _AUTOSPACE.sub("", lead) if not lead.isascii() else lead
    s, per, recipient = lead, None, ""
    is_max = bool(_MAX_CUE.search(lead[-14:]))
    for _ in range(4):  # the grant phrase is a few pieces in any order: 每个产品给予最高…
        before = s
        s = _strip_amount_is(_strip_tail(_TAIL_CUES, s))
        verbs = list(_VERB.finditer(s))
        # `给予日常经费每人每年…`: the kind of money before a `每…` is not who is granted; the 每 is read below
        if verbs and not _PHRASE_BREAK.search(s[verbs[-1].end():]) and len(s) - verbs[-1].end() <= 12 \
                and not _KIND_EACH.match(s, verbs[-1].end()):
            tail = s[verbs[-1].end():]
            standard = _STANDARD_TAIL.match(tail)  # `岗位补贴标准为每人每月…`: the standard is per head
            tail = tail[standard.end():] if standard else tail
            each = _EACH.search(tail) if tail.startswith("每") else None
            if each:
                per = _each_unit(each)
            elif not _GRANT_KIND.match(tail) and not _FAVOUR.match(tail):
                recipient = recipient or tail
            cut = verbs[-1].start()
            if _FAVOUR.match(tail) or standard:
                # `在安排…投资时给予倾斜，每个城市奖励…`: an earlier measure without money, its
                # whole segment is its scope; `，岗位补贴标准为…`: the segment names the grant
                cut = max(s.rfind("，", 0, cut), s.rfind(",", 0, cut), 0)
            s = s[:cut]
        s = _strip_tail(_GRANTOR_TAIL, s)
        each = _EACH.search(s)
        if each:
            per = _each_unit(each)
            s = s[:each.start()]
        unit = _BY_UNIT.search(s)
        if unit and per is None:
            per, s = unit.group(1), s[:unit.start()]
        counted = _EACH_OBJECT.search(s)
        if counted and per is None:
            per, s = counted.group(1), counted.group(2)
        s = _strip_amount_is(s)
        if s.endswith(("每年", "每月")) and per is None:  # `奶农大会主办方每年…`: per year
            per, s = "年", s[:-2]
        s = _strip_tail(_EACH_TAIL, s).rstrip("，, ")
        s = _BY_TAIL.sub("", s) if s.endswith(("按", "照")) else s
        if s == before:
            break
    return s, per, recipient, is_max


def lead_condition(lead: str) -> tuple[str, str | None]:
    """(condition, per) of the words before an amount that is granted without a verb of its own
    (`国家级领军人才，每人` → `国家级领军人才`, `人`)."""
    raw, per, _, _ = _parse_lead(lead)
    raw, _ = _condition_text(raw)
    text = cond.clean(raw)
    return (cond.trim(text) if text else text), per


# the characters the end-anchored patterns above can end a match with (a match ends the text,
# or stands before a final newline): a text ending otherwise is left as it is without running them
_LAST_CHARS = {_TAIL_CUES: frozenset("高过于多限性达"), _GRANTOR_TAIL: frozenset("续再行另级县央政门局"),
               _EACH_TAIL: frozenset("别性")}
_AMOUNT_IS_LAST = frozenset("为是：:到至")  # before the whitespace _AMOUNT_IS allows after it


def _strip_tail(pattern: re.Pattern[str], s: str) -> str:
    """`pattern.sub("", s)` for the end-anchored `pattern`, run only when `s` ends as a match can."""
    last = s[-1:]
    if last == "\n" or (last.isspace() and pattern is _TAIL_CUES):
        return pattern.sub("", s)
    return pattern.sub("", s) if last in _LAST_CHARS[pattern] else s


def _strip_amount_is(s: str) -> str:
    """`_AMOUNT_IS.sub("", s)`, run only when the last character but whitespace can end it."""
    return _AMOUNT_IS.sub("", s) if s.rstrip()[-1:] in _AMOUNT_IS_LAST else s


def _each_unit(m: re.Match[str]) -> str:
    """What a `每…` counts: the noun after 每个/每家 ('' = the condition's head), else the noun
    after the measure word or the measure word itself; `/年`, `/月`, `/天` when it is also per period."""
    if m.group(2):
        # the noun after a measure word is counted when it names a place (`每张床位`, `每头牛位`);
        # else it is what the measure word counts, and the grant is per that measure (`每头奶牛` → 头)
        noun = m.group(3)
        unit = (m.group(2) + noun) if noun.startswith(("（", "(")) else (noun if noun.endswith("位") else m.group(2))
    else:
        unit = m.group(1)
    if unit and m.group(4):
        unit += _PERIOD[m.group(4)]
    return unit


def _condition_text(s: str) -> tuple[str, int]:
    """Text after the last 对 that opens a phrase (else after the last separator), and its start."""
    dui = list(_BOUNDARY_DUI.finditer(s))
    if dui:
        return s[dui[-1].end():], dui[-1].end()
    lead = len(s) - len(s.lstrip("，,；;、 \t\n"))
    return s[lead:], lead


_LEADING_GRANT = re.compile(r"^分别(?:给予|予以|奖励|补助|补贴|资助|奖补)(?!资金|标准|金额|额度)(?=[\u4e00-\u9fa5“（(]{2})")


def _conditions(raw: str, n: int, lead: str, recipient: str, state: ClauseState) -> list[str] | None:
    """The n conditions of a grant group, or None when the list does not split into n."""
    # `分别奖励国家级、省级企业技术中心100万元、50万元`: who is granted is named after the verb
    text = _LEADING_GRANT.sub("", cond.clean(raw))
    follow = cond.follow_up(text)
    if follow is not None:
        # `复评通过的给予…`: the subject is elided, so it is the previous grant's, with the
        # qualifier as written (`复评通过`, `复核合格`, `复评未通过`)
        base = state.last_group[-n:] if len(state.last_group) >= n else []
        return [c + follow for c in base] if len(base) == n else None
    among = _AMONG.search(text) if n == 1 else None
    if among:
        # `对新认定的省级领军人才，……其中未享受住房保障的，可另行给予…`: those of the subject named
        # before the grant who meet the qualifier (`新认定的省级领军人才中未享受住房保障的`)
        dui = _BOUNDARY_DUI.search(lead)
        subject = cond.clean(_COMMA.split(lead[dui.end():], maxsplit=1)[0]) if dui else state.last_condition
        if subject and subject.startswith("其中"):  # `；对其中首次认定的，再给予…`: those of the previous grant's subject
            subject = state.last_condition
        if subject and not subject.startswith("其中"):
            return [f"{subject}中{among.group(1)}"]
    if n == 1:
        named = cond.trim(text)
        if "将" in text and named.startswith(cond.NAMING_VERBS):  # `将X认定为Y`: as named, verb kept
            return [named]
        text = named
    context = ""
    parts = _COMMA.split(text)
    if n > 1 and len(parts) > 1 and _BY_GRADE.match(parts[-1]):
        # `对获得X的企业，根据等次分别奖励A、B、C`: one condition, graded; `按照新建、改建、租赁的
        # 建设方式…分别给予`: the members of the qualifier go into the condition's head
        subject, _ = cond.drop_obtaining("，".join(parts[:-1]))
        members = cond.split_items(_BY_GRADE.sub("", parts[-1]).split("的")[0], n)
        if members and "的" in parts[-1] and "的" in subject:
            head_at = subject.rindex("的") + 1
            return [subject[:head_at] + m + subject[head_at:] for m in members]
        return [subject] * n
    members = cond.parallel_members(text, n) if n > 1 else None
    if members:  # `存栏300头、500头及1000头以上的奶牛场`: what is around the list is shared
        return [cond.drop_obtaining(m)[0] for m in members]
    if n > 1 and not cond.split_items(cond.drop_obtaining(text)[0], n) and "的" in text:
        # `X的特等奖、一等奖、二等奖`: the list is what follows the last 的, X its shared head
        head, _, tail_list = text.rpartition("的")
        members = cond.split_items(tail_list, n)
        if members and not cond.split_items(head, n):
            return [head + "的" + m for m in members]
    if len(parts) > 1 and n > 1 and cond.is_grade_list(parts[-1], n):
        # `对通过X评定的企业，按照评定分级，5A级、4A级…分别奖励`: the list is the last part
        context, text = parts[0], parts[-1]
    body, dropped = cond.drop_obtaining(text)
    if recipient and not dropped:
        recipient = _KIND_TAIL.sub("", recipient) or recipient
        if _POLICY_AIM.match(cond.clean(raw)):
            # `鼓励企业建设…，给予院士合作重点单位一次性奖励`: the policy's aim is no condition; the
            # party named after the verb is who is granted
            return [recipient] if n == 1 else None
        return [cond.trim(cond.clean(raw) + recipient)] if n == 1 else None
    if n == 1:
        return [body]
    items = cond.split_items(body, n)
    if items is None:
        return None
    out, bare = cond.distribute(items)
    if bare:
        context = context or _earlier_context(lead)
        if context:
            out = cond.attach_context(out, cond.context_head(context), cond.recipient_of(text))
    return out


def _earlier_context(lead: str) -> str:
    """The phrase a bare grade list refers to: an earlier 对-phrase or the segment before."""
    dui = list(_BOUNDARY_DUI.finditer(lead))
    if len(dui) >= 2:
        return _COMMA.split(lead[dui[-2].end():], maxsplit=1)[0]
    if dui:
        segs = _COMMA.split(lead[:dui[-1].start()].rstrip("，, "))
        return segs[-1] if segs else ""
    return ""


# the policy's aim in the segment before the grant's 对 (`支持S开展…`, `支持创建O`, `支持S创建O`): who
# and what the grant's subject refers back to
_AIM = re.compile(r"(?:^|[，,；;。])(?:重点|大力|积极)?(?:支持|鼓励|引导)(?P<rest>[^，,；;。]{2,60})[，,]?$")
_AIM_ACT = re.compile(r"创建|建设|组建|培育|开展|参与|承担|实施|牵头|申报|争创|采用|投资")
_CREATE = ("创建", "建设", "组建", "培育")
_APPLY = ("申报", "争创")
# a status named short after the aim that applies for it in full (`申报国际标准认证，对通过认证的`)
_SHORT_STATUS = re.compile(r"^(?P<verb>通过|获得|获批|取得)(?P<what>[\u4e00-\u9fa5]{2,6}?)的")


_AIM_SPAN = 70  # what _AIM can match: a boundary, 重点, 支持, 60 characters, a comma


def _last_dui(lead: str) -> re.Match[str] | None:
    """The last boundary 对 of `lead`, looked for in ever larger tails: linear in the distance
    to it, not in the sentence (the lookbehinds still see before the tail)."""
    size = 256
    while True:
        start = max(0, len(lead) - size)
        found = None
        for found in _BOUNDARY_DUI.finditer(lead, start):
            pass
        if found is not None or start == 0:
            return found
        size *= 4


def _with_aim(c: str, lead: str) -> str:
    """The subject of a grant that refers back to the aim before it: `其承担…` → `S承担…`; a subject
    without its head (`为集群提供…的`) → `…的O`; what was created (`“工业诊所”开展…`) → `S创建的O开展…`."""
    dui = _last_dui(lead)
    after = cond.clean(lead[dui.end():]) if dui else ""
    headless = after == c + "的" or after.startswith(c + "的，")
    short = _SHORT_STATUS.match(after)
    if not dui or not (c.startswith(("其", "“")) or headless or short):
        return c
    # the aim ends at that 对 and is at most 66 characters long: searched there, not from the
    # sentence's start (a run-on paragraph is one sentence: each grant would re-read all of it)
    aim = _AIM.search(lead, max(0, dui.start() - _AIM_SPAN), dui.start())
    if not aim:
        return c
    rest = cond.clean(aim.group("rest"))
    act = _AIM_ACT.search(rest)
    if not act:
        return c
    who, verb, what = rest[:act.start()], act.group(), rest[act.end():]
    if short and who and verb in _APPLY and what.endswith(short.group("what")):
        # `鼓励S申报国际标准认证，对通过认证的…`: the status obtained is the one the aim applies for, S its holder
        return f"{short.group('verb')}{what}的{who}"
    if short and not (c.startswith(("其", "“")) or headless):
        return c
    if c.startswith("其") and who:  # `支持S开展…，对其承担…`
        return who + c[1:]
    if headless and verb not in _CREATE:  # `鼓励S采用…投资X，对…的，按…`: the subject acts as the aim says
        return f"{rest}，{c}"
    if verb in _CREATE and what:
        if headless and not who:  # `支持创建O，对…的，给予`
            return f"{c}的{what}"
        quoted = _QUOTED_LEAD.match(c)
        if quoted and who and what.endswith(quoted.group()):  # `支持S创建省级“O”，对每个“O”…`
            return f"{who}{verb}的{what}{c[quoted.end():]}"
    return c


def _per_for_each(per: str | None, condition: str) -> str | None:
    """`每个` without a noun counts per the condition's own head (`新技术新产品`)."""
    if per != "":
        return per
    if "的" not in condition:
        return _LEVEL_HEAD.sub("", condition)
    # `…的新引进县域外企业`: newness and arrival qualify the head, they are not what is counted
    head = _NEW_HEAD.sub("", condition.rsplit("的", 1)[1])
    if "等" in head[:-2]:  # `良种繁育、胚胎移植等省级奶牛种业集群`: the kind after the examples, not its level
        head = _LEVEL_GRADE.sub("", head.rsplit("等", 1)[1]) or head
    return head


_NEW_HEAD = re.compile(r"^(?:新(?:引进|认定|设立|获批|组建)|新近引进|引进)(?=[\u4e00-\u9fa5]{2})")


# `每个新建的…站`, `每个“工业诊所”开展诊断服务`: the grant's object counted one by one
_EACH_LEAD = re.compile(r"^每(?:一)?(?:个|家|所|座)(?P<what>[^，,。；;]{2,30})$")
_QUOTED_LEAD = re.compile(r"^“[^”]{1,20}”")
# a subject split by a category before per-head amounts, and the next member of the list
_BY_MEMBER = re.compile(r"^(?P<subject>[^，,]+?)[，,](?:按照|按)(?P<member>(?!其|实际)[^，,]{2,12}(?<![面积数量额模准用入资]))$")
_GAP_MEMBER = re.compile(r"^\s*[、，,]\s*[^，,。；;对]{2,12}$")
# a band of a measure (`达到1亿元以上`, `超过1000万元`, `在500万元以上`): the tier of a tiered grant
# (or the number alone before 以上: `营业收入100万元以上的企业，奖励…；300万元以上的，奖励…`)
_BAND = re.compile(r"(?:(?:达到|达|超过|超出|高于|在|满)\s*(?=[0-9０-９])|(?=[0-9０-９.．,\u201a]+\s*(?:亿元|万元|元|年|个月|家|人)"
                   r"(?:\s*(?:\(含\)|（含）))?(?:及以上|以上)))[0-9０-９.．,\u201a]+\s*(?:亿元|万元|元|年|个月|家|人)"
                   r"(?:\s*(?:\(含\)|（含）))?(?:及以上|以上)?")


def _next_tier(previous: str, condition: str) -> str:
    """The condition of a later tier written as its band alone (`对年产值达到1亿元以上的企业，给予…；
    达到5亿元以上的，给予…`): the earlier tier's condition with this band in place of its own."""
    band = _BAND.fullmatch(condition)
    old = _BAND.search(previous) if band else None
    if not old:
        return _elided_nouns(previous, condition)
    return previous[:old.start()] + condition + previous[old.end():]


_DIGITS = re.compile(r"[0-9０-９]+(?:[.．][0-9０-９]+)?")


def _elided_nouns(previous: str, condition: str) -> str:
    """A later tier written as the earlier one with other numbers and its nouns elided
    (`连锁运营5家以上社区居家养老服务设施、营业收入达到100万元以上的` … `连锁运营10家以上、营业收入达到300万元以上的`):
    each part takes the words the earlier tier's part has after the same wording."""
    parts, before = condition.split("、"), previous.split("、", condition.count("、") + 1)
    if len(parts) != len(before) or len(parts) < 2 or not _DIGITS.search(condition) or len(condition) + len(previous) > 200:
        return condition
    out = []
    for part, old in zip(parts, before):
        shape = "".join(re.escape(piece) + (_DIGITS.pattern if k < len(pieces) - 1 else "")
                        for pieces in [_DIGITS.split(part)] for k, piece in enumerate(pieces))
        m = re.match(shape, old)
        if not m:
            return condition
        out.append(part + old[m.end():])
    return "、".join(out)


def _per_after(text: str, end: int, per: str | None) -> str | None:
    """`per`, else the unit written after the amount (`200元/平方米` → `平方米`, `/平方米/月` → `平方米/月`)."""
    if per is not None:
        return per
    m = _PER_AFTER.match(text, end)
    if not m:
        return None
    unit = "" if m.group(1) in ("家", "个") else m.group(1)
    return unit + ("/" + m.group(2).replace("日", "天") if m.group(2) else "")


def _cap_year(s: Sentence, pe: int, cap: int | None) -> str | None:
    """`年` when the cap's own segment opens with the year (`，年度补助资金最高为20万元`)."""
    if cap is None:
        return None
    return "年" if _YEAR_SCOPE.match(_COMMA.split(s.text[pe:s.money[cap][0].start])[-1]) else None


def _scope(text: str) -> str | None:
    """What a cap counts per, from the words after the rate: `单个企业年度` → `企业/年`,
    `单个品种` → `品种`, `每项` → `项`, `年度…最高` → `年`; None when the text does not say."""
    m = _PER_SCOPE.search(text)
    if m:
        unit = m.group(1) or m.group(3)
        return f"{unit}/年" if (m.group(2) or m.group(4)) else unit
    m = _SINGLE_SCOPE.search(text)
    if m:
        return f"{m.group(1)}/年" if m.group(2) else m.group(1)
    m = _EACH_SCOPE.search(text)
    if m:
        return (m.group(2) or m.group(1)) + ("/年" if m.group(3) else "")
    if _YEAR_SCOPE.match(text):
        return "年"
    return None


def _rate_base(s: Sentence, marks: list[re.Match[str]], seg_start: int, ps: int) -> str:
    """The noun the share is of: the text between the last rate mark and the percent
    (`按其实际投入额的20%` → `实际投入额`); when the last mark is a grant verb right before the
    percent (`按照技术合同实际交易额给予最高10%`), the text after the mark before it; when the
    stretch holds another share (`按不高于3%的费率上限及实际投保年度保费的80%`), what follows
    the last conjunction after it."""
    if not marks:
        return ""
    base = _BASE_TRIM.sub("", _PERIOD_OF.sub("", s.text[marks[-1].end():ps]))
    if not base and len(marks) > 1 and marks[-1].group().startswith(("给予", "予以")):
        base = _BASE_TRIM.sub("", s.text[marks[-2].end():marks[-1].start()])
    pct = list(_PERCENT_IN.finditer(base))
    if pct:
        rest = base[pct[-1].end():]
        joins = list(_BASE_JOIN.finditer(rest))
        base = _BASE_TRIM.sub("", rest[joins[-1].end():]) if joins else ""
    return base


_RATE_RANGE = re.compile(r"[%％]\s*[-－—–~～至到]\s*$")
_RATE_RANGE_LOW = re.compile(r"的?\s*[0-9０-９.．]+\s*[%％]\s*[-－—–~～至到]\s*$")


def _in_breakdown(text: str, seg_start: int, ps: int) -> bool:
    """True when the percent at `ps` stands in a bracket opened right after another percent."""
    opened = max(text.rfind("(", seg_start, ps), text.rfind("（", seg_start, ps))
    if opened < 0 or max(text.rfind(")", opened, ps), text.rfind("）", opened, ps)) >= 0:
        return False
    return _PERCENT_END.search(text, max(seg_start, opened - 8), opened) is not None


_PERCENT_END = re.compile(r"[%％]\s*$")


def _rate_awards(s: Sentence, state: ClauseState) -> tuple[list[Award], list[int]]:
    """Awards computed as a share, and the money indices used as their caps."""
    awards: list[Award] = []
    caps: list[int] = []
    lead_end = None
    index = _MoneyIndex(s) if any(role in ("rate", "max_rate") for *_, role in s.percents) else None
    listed: list[list[int]] = []  # the awards of each list of shares
    matched = _matching_ratios(s.text)
    if matched and index is None:
        index = _MoneyIndex(s)
    for ps, pe, value, role in sorted(s.percents + matched) if matched else s.percents:
        if role not in ("rate", "max_rate", "ratio"):
            continue
        seg_start = max(s.text.rfind(ch, 0, ps) for ch in "，,；;。") + 1
        seg_end = min([i for i in (s.text.find(ch, pe) for ch in "，,；;。") if i >= 0] or [len(s.text)])
        seg = s.text[seg_start:seg_end]
        # a grant word in the percent's segment or just after it (`给予…费用的10%，单个项目…支持`,
        # `按…20%，最高…给予补助`); tax reliefs and fee-rate ceilings are shares, not grants
        if _in_breakdown(s.text, seg_start, ps):
            continue  # `按采购金额的10%(驻冀院所、采购方各5%)`: the share split by who pays, not a grant of its own
        if _NOT_GRANTED.search(seg) or _NOT_A_GRANT.search(_BRACKETED.sub("", seg)) or _FEE_RATE.match(s.text, pe) \
                or _CHANGED_TO.match(s.text, pe) or _QUALIFYING.match(s.text, pe):
            continue
        if not (_GRANT_WORD.search(s.text, ps, min(len(s.text), seg_end + 12))
                or _GIVE.search(s.text, seg_start, ps) or _STANDARD_SET.search(s.text, seg_start, ps)) \
                or _OF_THE_GRANT.search(s.text, seg_start, ps):
            continue
        # `、` opens the next share of a list of shares only after a share (`按A的20%、B的10%`); in
        # `购置设备、检测仪器…等费用的10%` it joins the members of the base
        marks = [m for m in _RATE_MARK.finditer(s.text, seg_start, ps)
                 if not m.group().startswith("、") or _PERCENT_IN.search(s.text, seg_start, m.start())]
        mark = marks[-1] if marks else None
        base = _rate_base(s, marks, seg_start, ps)
        low = _RATE_RANGE_LOW.search(s.text, seg_start, ps) if not base and marks else None
        if low and marks[-1].end() < low.start():  # `按项目总投资10%至20%的比例`: the base is before the lower share
            base = _BASE_TRIM.sub("", s.text[marks[-1].end():low.start()])
        named = _BASE_AFTER.match(s.text, pe)
        if named and base.endswith(("和", "及", "与")):
            base = named.group("noun")  # `…进行全额贴息和50%担保费补助`: the share is of the noun after it
        if "奖励" in base and role != "ratio":  # a share of the award itself (`奖励资金的30%用于…`)
            continue
        if lead_end is None or not (mark and mark.group().startswith("、")):
            first = marks[0] if marks else None
            lead_end = first.start() if first and first.start() > seg_start else seg_start
        assert index is not None
        award = _rate_award(s, state, lead_end, ps, pe, value, base, caps, index)
        tier = _tier(s, seg_start, ps, index) if awards else None
        if tier and awards[-1].rate is not None:
            # one award per tier: its own floor, its part as the base
            award = replace(award, threshold=tier[0].value, rate_base=tier[1],
                            condition=_tier_condition(awards[-1].condition, tier[1]))
        elif awards and mark and mark.group().startswith("、") and not base and awards[-1].rate is not None:
            # `分别按项目资金的5%、3%、2%予以奖励`: the next share of a list, of the same base
            if not listed or listed[-1][-1] != len(awards) - 1:
                listed.append([len(awards) - 1])
            listed[-1].append(len(awards))
            award = replace(award, condition=awards[-1].condition, rate_base=awards[-1].rate_base)
        if awards and awards[-1].rate is not None and _RATE_RANGE.search(s.text, seg_start, ps):
            # `按项目总投资的10%—20%给予补助`: one grant of at most the upper share, of the lower's base
            awards[-1] = replace(award, condition=awards[-1].condition, rate_base=awards[-1].rate_base,
                                 start=awards[-1].start)
            continue
        awards.append(award)
    for members in listed:
        _distribute_rates(awards, members)
    return awards, caps


# a grant matching another's at a ratio (`按国家奖励金额给予1:1配套`, `按上级资助资金1：0.5的比例
# 给予配套支持`): a share of that grant, the second number's part of the first's
_MATCH_RATIO = re.compile(r"(?<![0-9０-９.．:：])(?P<n>[0-9０-９]+(?:[.．][0-9０-９]+)?)\s*[:：]\s*(?P<m>[0-9０-９]+(?:[.．][0-9０-９]+)?)"
                          r"(?![0-9０-９.．:：])(?=\s*(?:的)?\s*(?:比例)?\s*(?:给予|予以|进行)?\s*(?:配套|匹配))")


def _matching_ratios(text: str) -> list[tuple[int, int, float, str]]:
    """(start, end, rate in percent, "ratio") of each matching ratio in a sentence that grants it."""
    if ":" not in text and "：" not in text:
        return []
    out = []
    for m in _MATCH_RATIO.finditer(text):
        low = max(0, m.start() - 200)  # a segment is short; a run-on paragraph is one sentence
        seg_start = max(max(text.rfind(ch, low, m.start()) for ch in "，,；;。") + 1, low)
        n, share = parse_number(m.group("n")), parse_number(m.group("m"))
        if n and "按" in text[seg_start:m.start()] and _GIVE.search(text, seg_start, m.end() + 8):
            out.append((m.start(), m.end(), round(100 * share / n, 6), "ratio"))
    return out


def _distribute_rates(awards: list[Award], members: list[int]) -> None:
    """A list of shares over a list of conditions (`对获得国家级、省级…的，分别按…的5%、3%`): the
    members in order, when the condition splits into as many; else one condition for all."""
    head = awards[members[0]].condition
    items = cond.split_items(head, len(members))
    if items is None:
        return
    for k, c in zip(members, cond.distribute(items)[0]):
        awards[k] = replace(awards[k], condition=c)


# the party a rate grant names after its verb (`…的2%给予科技成果吸纳方奖励`)
_RECIPIENT = re.compile(r"[^，,。；;]{0,6}?(?:给予|予以)(?P<who>[\u4e00-\u9fa5]{2,12}?)(?:奖励|补助|补贴|资助|奖补|支持)")
_NOT_RECIPIENT = re.compile(r"^(?:一次性|最高|不超过|相应|适当|资金|经费|一定)|贴息|奖|补|资助|费|息")
# a tier of a rate grant: `超过100万元的部分给予5%`, `100万元以上的部分按3%`
_TIER_PART = re.compile(r"\s*(?:以上|及以上)?\s*的?部分")
_TIER_LEAD = re.compile(r"^\s*(?:对|其中)?\s*(?:超过|超出|高于|在)?\s*$")
_MEASURE = re.compile(r"^(?P<noun>[^，,0-9０-９]*?)(?:在|达到|达|超过|不足|低于|[0-9０-９])")


def _tier(s: Sentence, seg_start: int, ps: int, index: _MoneyIndex) -> tuple[MoneyMatch, str] | None:
    """The floor and the text of a tier (`超过100万元的部分`) opening the percent's segment."""
    for m, _ in index.starting_in(seg_start, ps):
        if _TIER_LEAD.match(s.text[seg_start:m.start]):
            part = _TIER_PART.match(s.text, m.end)
            if part:
                return m, s.text[seg_start:part.end()].strip().lstrip("对其中").strip()
    return None


def _tier_condition(previous: str, tier: str) -> str:
    """The condition of a later tier: the earlier tier's, its band (`单项交易额在50万元以上不足
    100万元`) replaced by this tier's (`单项交易额超过100万元的部分`)."""
    head, _, last = previous.rpartition("，")
    m = _MEASURE.match(last)
    noun = m.group("noun") if m else ""
    return f"{head}，{noun}{tier}" if head else f"{noun}{tier}"


def _rate_condition(text: str) -> str:
    """The condition of a rate grant from the text before it: up to the first `的，` (the
    的-phrase that closes it), and never the administration's own steps that follow the
    subject (`对获得…的产业化项目，优先纳入…计划，给予…` → the 对-phrase); a sentence without 对
    that opens with the policy's own verb (`支持…项目建设，给予…`) has that verb's object."""
    out = _OF_COMMA.split(text, maxsplit=1)[0].rstrip("的，,")
    parts = _COMMA.split(out)
    for i in range(1, len(parts)):
        if _ADMIN_STEP.match(parts[i]):
            out = "，".join(parts[:i]).rstrip("的，,")
            break
    if _SUPPORT_LEAD.match(out):
        out = _WORK_TAIL.sub("", _SUPPORT_LEAD.sub("", out))
    return cond.trim(_GRANTOR_TAIL.sub("", out)) if out else out


class _MoneyIndex:
    """A sentence's money mentions and 对 boundaries, looked up by bisection: a rate grant's
    threshold, cap, tier and condition found without a scan of the sentence from its start
    (a run-on paragraph of percentage grants is one sentence).  s.money is in text order; a
    `_BOUNDARY_DUI` match is one 对 decided by look-behinds only, so its matches in a prefix of
    the sentence are those of the whole sentence that end inside the prefix."""

    def __init__(self, s: Sentence) -> None:
        self.money = s.money
        self.starts = [m.start for m, _ in s.money]
        self.thresholds = [(m, i) for i, (m, r) in enumerate(s.money) if r == "threshold"]
        self.threshold_starts = [m.start for m, _ in self.thresholds]
        lowest, self.lowest_end = None, []  # the smallest end of the thresholds up to each one
        for m, _ in self.thresholds:
            lowest = m.end if lowest is None else min(lowest, m.end)
            self.lowest_end.append(-lowest)  # negated: ascending, for bisect
        self.dui_ends = [m.end() for m in _BOUNDARY_DUI.finditer(s.text)]

    def starting_in(self, lo: int, hi: int) -> Iterator[tuple[MoneyMatch, str]]:
        """The mentions with lo <= start < hi, in text order."""
        for i in range(bisect.bisect_left(self.starts, lo), len(self.starts)):
            if self.starts[i] >= hi:
                break
            yield self.money[i]

    def first_threshold_ending_by(self, end: int, start: int = 0) -> tuple[MoneyMatch, int] | None:
        """The first threshold (in text order) starting at `start` or later whose end is at most `end`."""
        k = bisect.bisect_left(self.lowest_end, -end)
        if start:  # from the grant's own subject on: an earlier grant's floor is not this one's
            k = max(k, bisect.bisect_left(self.threshold_starts, start))
            while k < len(self.thresholds) and self.thresholds[k][0].end > end:
                if self.thresholds[k][0].start >= end:
                    return None
                k += 1
        return self.thresholds[k] if k < len(self.thresholds) else None

    def first_cap(self, lo: int, hi: int) -> int | None:
        """The index of the first `max` mention with lo <= start < hi."""
        for i in range(bisect.bisect_left(self.starts, lo), len(self.starts)):
            if self.starts[i] >= hi:
                break
            if self.money[i][1] == "max":
                return i
        return None

    def condition_text(self, text: str, lead_end: int) -> tuple[str, int, bool]:
        """`_condition_text(text[:lead_end])`, and whether that prefix holds a 对 boundary."""
        k = bisect.bisect_right(self.dui_ends, lead_end)
        if k:
            return text[self.dui_ends[k - 1]:lead_end], self.dui_ends[k - 1], True
        raw, start = _condition_text(text[:lead_end])
        return raw, start, False


def _rate_award(s: Sentence, state: ClauseState, lead_end: int, ps: int, pe: int,
                value: float, base: str, caps: list[int], index: _MoneyIndex) -> Award:
    raw, start, has_dui = index.condition_text(s.text, lead_end)
    text = cond.clean(raw)
    previous = state.last_condition
    also = bool(not has_dui and _ALSO.match(text) and previous)
    if also and previous is not None:
        text = previous
    text = _rate_condition(text)
    nxt = _BOUNDARY_DUI.search(s.text, pe)
    recipient = _RECIPIENT.match(s.text, pe, nxt.start() if nxt else len(s.text)) if also else None
    if recipient and not _NOT_RECIPIENT.search(recipient.group("who")):
        # `同时，按…的2%给予科技成果吸纳方奖励`: another party of the same grant
        text = f"{text}的{recipient.group('who')}"
    text, _ = cond.drop_obtaining(text)
    text = _with_aim(text, s.text[:lead_end]) if has_dui and text else text
    threshold = index.first_threshold_ending_by(lead_end, start if has_dui else 0)
    if not base and threshold:  # `年度有效投入在100万元以上…按不超过12%`: the share is of the floor's subject
        seg = _COMMA_OR_DUI.split(s.text[:threshold[0].start])[-1]
        base = cond.clean(_REACH_TAIL.sub("", seg))
    if not base and "的" in text and not _COMMA.search(text.rsplit("的", 1)[1]) \
            and not _CHANGE_MARK.search(s.text, 0, ps):  # `…攻关产生的研发费用给予30%`
        text, base = text.rsplit("的", 1)
        text = _INCUR_TAIL.sub("", text)
    nxt = _BOUNDARY_DUI.search(s.text, pe)
    stop = nxt.start() if nxt else len(s.text)
    cap = index.first_cap(pe, stop)
    if cap is not None:
        caps.append(cap)
    # a sentence that names no recipient (`按设备投资额的20%给予补助`) is conditioned by the
    # clause's previous subject, else by its own grant phrase as written; never left empty
    text = text or state.last_condition or cond.clean(s.text[:pe])
    return Award(
        clause=s.clause, condition=text, amount=None, amount_role=None, rate=value,
        rate_base=base or None, threshold=threshold[0].value if threshold else None,
        cap=s.money[cap][0].value if cap is not None else None, per=_scope(s.text[pe:stop]) or _cap_year(s, pe, cap),
        start=s.offset + start, end=s.offset + pe,
    )


def labelled_list_end(sentence: str) -> int | None:
    """Where the labelled amounts of `奖金数额分别为：一等奖9万元，…` start, or None."""
    m = _LABELLED.search(sentence)
    return m.end() if m else None


def build_awards(s: Sentence, state: ClauseState) -> tuple[list[Award], list[str]]:
    """The awards granted in sentence `s`, and warnings for lists that do not pair up."""
    ceiling = ceiling_of(s)
    if ceiling is not None:
        state.ceiling = ceiling
        return [], []
    awards, caps = _rate_awards(s, state)
    warnings: list[str] = []
    prev_end = 0
    last: list[int] = []  # indices into awards of the previous grant group
    breakdown = False
    labelled = _LABELLED.search(s.text)
    subject = cond.clean(s.text[:labelled.start()]) if labelled else ""
    if not _GRANT_WORD.search(s.text) and "奖金" not in s.text:
        return awards, warnings  # a ceiling or a sum with no grant in the sentence
    # the threshold of a grant is the first one in its lead: found by bisection, not by a scan
    # of every mention of the sentence for each grant (a run-on paragraph is one sentence)
    sentence_conds: list[str] = []  # the conditions of the sentence's previous grant
    basis = ""  # the subject split by a category (`按高级职称每人…、中级职称每人…`)
    thresholds = [m for m, r in s.money if r == "threshold"]  # s.money is in text order
    threshold_starts = [m.start for m in thresholds]
    for group in _groups(s):
        first, role = s.money[group[0]]
        if role not in _GRANT_ROLES or group[0] in caps:
            continue
        if _ON_TOP.match(s.text, s.money[group[-1]][0].end) or _LOAN_AFTER.match(s.text, s.money[group[-1]][0].end):
            continue
        before = s.text[prev_end:first.start]
        if last and len(group) == 1 and KIND_LISTED.fullmatch(before):
            # `最高分别给予50万元的贷款贴息、30万元的评估担保等费用补贴`: the same subject's next grant
            prior = awards[last[-1]]
            awards.append(replace(prior, amount=first.value, amount_role=as_award_amount_role(role),
                                  start=prior.start, end=s.offset + first.end))
            last = [len(awards) - 1]
            prev_end = first.end
            continue
        segment = _COMMA.split(before)[-1]
        if role == "max" and _CUMULATIVE.search(segment):
            continue
        if _BREAKDOWN.match(segment) or (breakdown and _GAP_GRANTOR.match(before)):
            breakdown = True
            prev_end = s.money[group[-1]][0].end
            continue
        if labelled and first.start > labelled.end() and subject:
            # `奖金数额分别为：一等奖9万元，二等奖6万元`: the label before each amount
            label = cond.clean(_COMMA.split(s.text[max(prev_end, labelled.end()):first.start])[-1])
            prev_end = s.money[group[-1]][0].end
            if label and len(group) == 1:
                m = s.money[group[0]][0]
                awards.append(Award(clause=s.clause, condition=subject + label, amount=m.value,
                                    amount_role=as_award_amount_role(role), rate=None, rate_base=None, threshold=None, cap=None,
                                    per=None, start=s.offset + first.start - len(label), end=s.offset + m.end))
            continue
        if last and (_CAP_PAREN.search(before) or (
                role == "max" and _CAP_AFTER.match(before) and all((awards[k].amount or 0) < first.value for k in last))):
            # `每个产品不超过2万元(每个企业每年不超过20万元)`, `按每件5000元给予资助，单个企业每年最高不超过
            # 50万元`: the overall ceiling of the per-unit grants just made
            for k in last:
                awards[k] = replace(awards[k], cap=first.value)
            prev_end = s.money[group[-1]][0].end
            continue
        tail = _LEAD_NOUN_TAIL.match(before) or _LEAD_TAIL.match(before)
        lead = before[tail.end():] if prev_end and tail else before
        prev_end = s.money[group[-1]][0].end
        if _NOT_GRANTED.search(lead):
            continue
        raw, per, recipient, _ = _parse_lead(lead)
        raw, _ = _condition_text(raw)
        subject, _, last_part = cond.clean(raw).rpartition("，")
        taken_on = _EACH_TAKEN_ON.match(last_part) if per is None else None
        if taken_on:  # `每新增1名博士研究生，给予企业2万元`: counted per head taken on
            n = taken_on.group("n")
            per = taken_on.group("unit") if n in ("1", "１", "一") else n + taken_on.group("unit")
            # the taker is the subject named before (`对新引进的企业，每新增…`), else the recipient
            raw = subject + taken_on.group("verb") + taken_on.group("what") + ("的" if recipient and not subject else "")
            recipient = "" if subject else recipient
        if _ONLY_MONEY.match(cond.clean(raw)) and cond.clean(raw):
            continue
        capacity = cond.capacity_members(cond.clean(raw), len(group))
        conds: list[str] | None
        pers: list[str] | None
        if capacity:
            conds, pers = [c for c, _ in capacity], [p for _, p in capacity]
        else:
            conds, pers = _conditions(raw, len(group), s.text[:first.start], recipient, state), None
        if conds is None:
            msg = (f"clause {s.clause}: {len(group)} amounts but the condition {cond.clean(raw)!r} "
                   f"does not split into {len(group)}; no awards made")
            log.warning(msg)
            warnings.append(msg)
            continue
        k = bisect.bisect_left(threshold_starts, first.start - len(lead))
        threshold = thresholds[k].value if k < len(thresholds) and threshold_starts[k] < first.start else None
        floors = [t.value for t in thresholds[k:bisect.bisect_left(threshold_starts, first.start)]]
        # `首次超过1000万元、5000万元、1亿元的企业，分别给予…`: one floor per member, in order
        tiers = floors if len(group) > 1 and len(floors) == len(group) else None
        last = []
        # a sentence without its own subject that grants again (`…后，再给予`) goes on from the
        # clause's previous subject
        again = len(group) == 1 and bool(_AGAIN.search(before)) and not _BOUNDARY_DUI.search(s.text, 0, first.start)
        for k, (c, i) in enumerate(zip(conds, group)):
            m = s.money[i][0]
            c = c or (sentence_conds[-1] if sentence_conds else "") or state.last_condition or cond.clean(s.text[:m.end])
            by = _BY_MEMBER.match(c) if len(conds) == 1 else None
            if by:  # `对引进的高层次人才，按高级职称每人3万元、…`: the members of the subject by a category
                basis, c = by.group("subject"), f"{by.group('subject')}中{by.group('member')}"
            elif basis and len(conds) == 1 and _GAP_MEMBER.match(before):
                c = f"{basis}中{c}"  # `…、中级职称每人1万元`: the next member
            else:
                basis = ""
            each_object = _EACH_LEAD.match(c)
            own_per = None
            if each_object:  # `对每个新建的村级养老服务站给予…`: counted per what it names
                c = each_object.group("what")
                quoted = _QUOTED_LEAD.match(c)
                own_per = quoted.group() if quoted else c.rsplit("的", 1)[-1]
            if len(conds) == 1:
                c = _with_aim(c, s.text[:first.start])
            graded = cond.grade_of_prize(state.last_named, c) if len(conds) == 1 and state.last_named else None
            if graded:  # `…进步奖一等奖奖金20万元，二等奖奖金10万元`: the grade of the prize just named
                c = graded
            elif len(conds) == 1 and state.last_group:
                c = _next_tier(state.last_group[-1], c)
            if again and state.last_condition and not c.startswith(state.last_condition):
                c = f"{state.last_condition}，{c}"  # `…获受理后，再给予`: a later step of the same subject
            last.append(len(awards))
            # a range grant (`给予300万元至500万元`) is worth up to its upper bound
            value, grant_role = (m.value_max, "max") if m.value_max is not None else (m.value, role)
            awards.append(Award(
                clause=s.clause, condition=c, amount=value, amount_role=as_award_amount_role(grant_role), rate=None,
                rate_base=None, threshold=tiers[k] if tiers else threshold, cap=None, per=pers[k] if pers else _per_for_each(_per_after(s.text, m.end, own_per or _per_for_each(per, c)), c),
                start=s.offset + first.start - len(lead), end=s.offset + m.end,
            ))
        state.last_group = conds
        state.last_named = awards[-1].condition if last else state.last_named
        sentence_conds = [awards[k].condition for k in last]
    first_dui = _BOUNDARY_DUI.search(s.text)
    if first_dui:
        state.last_condition = cond.clean(_COMMA.split(s.text[first_dui.end():], maxsplit=1)[0])
    return awards, warnings

