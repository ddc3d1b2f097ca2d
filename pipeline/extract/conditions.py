"""Award conditions: the qualifying status as a self-contained phrase.

Follows the labelling guide (tests/gold/README.md): the leading verb of obtaining
(获评, 被认定为, 首次取得 …) and a trailing `的企业`/`的` are dropped when what remains
names a status; a list (`国家级、省级企业技术中心`) is split into one condition per
grant with the shared prefix and head distributed to every member.
"""
from __future__ import annotations

import itertools
import re

_OBTAIN = re.compile(
    r"^(?:当年|首次|新|经)*(?:获评|获得|获批|被认定为|新认定为|认定为|新认定(?!的)|被评为|评为|确定为|入选|取得|通过|完成|获)(?:首次)?"
)
# a remainder that is an action (与…对接), a compound (…并…) or a catalogue (《…》) keeps its verb
# and so does one whose object is itself an action (`获批筹建的…`, `通过认定的…`)
_KEEP_VERB = re.compile(r"^[与向对在《]|^[\u4e00-\u9fa5]{2}的|并|且|途径|方式")
# a recipient of one kind of ownership or size (`的民营企业`, `的中小企业`) restricts who gets it
_RESTRICTING_TAIL = re.compile(r"的(?:民营|国有|私营|外资|外商投资|中小|小微|中小微)企业$")
_RECIPIENT_TAIL = re.compile(r"的(?:[\u4e00-\u9fa5]{0,8}?(?:企业|单位|机构|(?<!市)场)|项目|产品)$")
_AREA = r"(?:国家级|国家|自治区级|自治区|省级|省|盟市级|州级|市级|市|旗县级|县级|县|区级|[\u4e00-\u9fa5]{2,3}市级)(?:及以上|以上)?"
_GRADES: dict[str, re.Pattern[str]] = {
    "star": re.compile(r"[一二三四五六七八九十0-9]+星级"),
    "agrade": re.compile(r"[0-9]*A+级|[0-9]*A+(?=$)"),
    "numgrade": re.compile(r"[一二三四五六七八九十]+级(?:\(及以上\)|（及以上）)?|[一二三四五六七八九十]+(?=$)"),
    "named": re.compile(r"(?:基础|先进|卓越|领航|行业|区域|企业)级"),
    "area": re.compile(_AREA),
    # prizes and their grades (`一等奖`, `特等奖`, `优秀奖`, `金奖`): `X一等奖、二等奖` shares X
    "prize": re.compile(r"[一二三四五六七八九十特]等奖|(?:优秀|金|银|铜|提名|组织|特别)奖"),
}
# a named prize, with the grade that may follow it (`中国专利奖金奖` → `中国专利奖`)
_PRIZE_NAME = re.compile(r"^(.*[^一二三四五六七八九十特等优秀金银铜提名组织别]奖)(?:[一二三四五六七八九十特]等奖|(?:优秀|金|银|铜|提名|组织|特别)奖)?$")
_QUALIFIER = re.compile(f"^{_AREA}(?:认定的|评定的)?")
# who certified the status (`国家认定的`, `省、市认定的`): a qualifier, no recipient of its own
_CERTIFIER = re.compile(f"{_AREA}(?:[、和]{_AREA})*(?:认定|评定|批准|遴选)的")
_ENTITY = re.compile(r"(?:企业|单位|机构)$")
_OBJECT_VERBS = re.compile(r"^.*(?:参与|推动|开展|推进|加强|组织|通过)")
_GENERIC_CERTIFIED = re.compile(r"^经(?:认定|评定|审核)(?!为)的?(?=.)")
_COMPOUND = re.compile("并|且")
_OF_ENTERPRISE = re.compile("的企业$")
_BRACKET_ENTERPRISE = re.compile(r"(?<=[)）])企业的?$")
_WORK_TAIL = re.compile(r"(?:培育|建设|工作)$")
_RECIPIENT = re.compile(r"的((?:企业|单位|机构))$")


# a clause whose subject is elided and refers back to the previous grant's: a re-assessment
# or renewal of the status just named (`复评通过的`, `复核合格的`, `期满重新认定的`)
_FOLLOW_UP = re.compile(
    r"^(?:(?:通过|经)?(?:复评|复核|复审|复查|重新认定|再次认定|期满重新认定|到期复评)[\u4e00-\u9fa5]{0,4}?)(?:的)?$")


def follow_up(text: str) -> str | None:
    """The qualifier of a follow-up condition without its own subject (`复评通过的` →
    `复评通过`), or None when `text` names a subject of its own."""
    t = clean(text)
    if not _FOLLOW_UP.match(t):
        return None
    return t.removesuffix("的")


# layout run into the wording: an item number (`2.`, `14．`) with the heading run in before
# it (`支持转化服务平台建设5.对…`), and an aside that names who is responsible (`（责任单位：…）`)
_ITEM_NUMBER = re.compile(r"^(?:[^，,。；;0-9０-９]*?[\u4e00-\u9fa5）)])?[0-9０-９]{1,2}[.．、](?=[\u4e00-\u9fa5“《（(])")
_ASIDE = re.compile(r"^[（(][^）)]{0,40}[：:][^）)]{0,60}[）)]")


# a note on how the grant is counted (`（不同剂型合并计算）`, `（按…计算）`) says how many grants, not who qualifies
_COUNTING_NOTE = re.compile(r"[（(][^（）()]{0,20}计算[）)]")
# `凡…的，给予…` (`凡是…`): who qualifies is what follows
_EVERY = re.compile(r"^凡(?:是)?(?=[\u4e00-\u9fa5“《（(])")


def clean(text: str) -> str:
    """Spaces removed, layout (item numbers, responsibility asides) and a leading 对 /
    trailing separators stripped."""
    t = _COUNTING_NOTE.sub("", "".join(text.split()))
    for _ in range(2):
        t = _EVERY.sub("", _ITEM_NUMBER.sub("", _ASIDE.sub("", t)).lstrip("对、，,；;"))
    return t.rstrip("，,、；;")


def drop_obtaining(cond: str) -> tuple[str, bool]:
    """`获评国家级X的企业` → (`国家级X`, True); verbs of action or compounds are kept."""
    cond = _GENERIC_CERTIFIED.sub("", cond)  # generic 经认定的 adds nothing
    m = _OBTAIN.match(cond)
    if m and _RESTRICTING_TAIL.search(cond):
        return cond, False
    if m and _COMPOUND.search(cond[m.end():]):  # a compound keeps its verbs, not its 的企业 tail
        return _OF_ENTERPRISE.sub("", cond).rstrip("的"), False
    if not m or _KEEP_VERB.search(cond[m.end():]) or not cond[m.end():]:
        return cond.rstrip("的"), False
    rest = cond[m.end():]
    rest = _RECIPIENT_TAIL.sub("", rest)
    rest = _BRACKET_ENTERPRISE.sub("", rest)
    if "的" in _CERTIFIER.sub("", rest).rstrip("的"):  # `获得X的医疗器械项目`: a recipient of its own, as written
        return cond.rstrip("的"), False
    return rest.rstrip("的"), True


def split_items(cond: str, n: int) -> list[str] | None:
    """`cond` cut into `n` list members at 、 (then 和/及/与/或) outside brackets, or None."""
    items = _split_outside(cond, "、")
    for joiner in ("和", "及", "与", "或"):
        if len(items) >= n:
            break
        items = [part for item in items for part in _split_outside(item, joiner)]
    return items if len(items) == n else None


def _split_outside(text: str, sep: str) -> list[str]:
    """`text` cut at `sep` where it is not inside brackets, 《》 or quotes."""
    parts, depth, quoted, cur = [], 0, False, ""
    for ch in text:
        if ch in "(（“《":
            depth += 1
        elif ch in ")）”》":
            depth -= 1
        elif ch == '"':
            quoted = not quoted
        if ch == sep and depth <= 0 and not quoted:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    return [p for p in parts if p]


def _grade_kind(item: str) -> str | None:
    for kind, pattern in _GRADES.items():
        if pattern.match(item):
            return kind
    return None


def _cut(item: str, kind: str, first: bool) -> tuple[str, str, str] | None:
    """(prefix, grade, rest) of a list member around its grade word of `kind`."""
    matches = list(_GRADES[kind].finditer(item))
    if kind == "area":
        matches = matches[:1] if matches and matches[0].start() == 0 else []
    if not matches:
        return None
    m = matches[-1] if first and kind != "area" else matches[0]
    return item[:m.start()], m.group(), item[m.end():]


def distribute(items: list[str]) -> tuple[list[str], bool]:
    """Members with the shared prefix and head put back; the flag says the members are
    bare grades (`5A级`, `三星级`) whose head must come from the context."""
    kind = _grade_kind(items[-1])
    if kind is None:
        return _distribute_loose(items), False
    found = [_cut(item, kind, i == 0) for i, item in enumerate(items)]
    cuts = [c for c in found if c is not None]
    if len(cuts) != len(items):
        return _distribute_loose(items), False
    prefix, head = cuts[0][0], cuts[-1][2]
    # `三、四、五级` and `AAA、AA、A 级` leave 级 to the last member; `国家、省级` does not
    suffix = "级" if kind in ("numgrade", "agrade") and cuts[-1][1].endswith("级") else ""
    out = []
    for pre, grade, rest in cuts:
        if suffix and not grade.endswith("级") and not grade.endswith("星级"):
            grade += suffix
        out.append((pre or prefix) + grade + (rest or head))
    # bare: nothing but a level (`省级`) around the grades (`5A级、4A级`); `中国专利奖金奖、银奖` names its prize
    bare = not head and all(not c[2] for c in cuts) and (not prefix or bool(_QUALIFIER.fullmatch(prefix)))
    return out, bare


# the roles of the members of a body (a team, a group, a committee)
_BODY_ROLE = re.compile(r"(?:副?(?:团长|组长|队长|会长|主任|站长|秘书长)|负责人|成员|队员|组员|委员|骨干)$")
_SHARED_LEAD = re.compile(f"^(?P<of>[^、，,]{{1,12}}?的)(?P<area>{_AREA})")


def _distribute_loose(items: list[str]) -> list[str]:
    """Lists whose members are not grades: borrow the previous member's qualifier
    (`省级认定的`) and, for a short first member (`零碳`), the last member's head."""
    out = list(items)
    for i in range(1, len(out)):
        prize = _PRIZE_NAME.match(out[i - 1])
        if _GRADES["prize"].fullmatch(out[i]) and prize:
            out[i] = prize.group(1) + out[i]  # `中国质量奖、提名奖`: the grade of the prize just named
            continue
        role = _BODY_ROLE.search(out[i - 1]) if _BODY_ROLE.fullmatch(out[i]) else None
        if role and role.start():  # `科技特派团团长和成员`: a role of the body just named
            out[i] = out[i - 1][:role.start()] + out[i]
            continue
        if not _QUALIFIER.match(out[i]):
            q = _QUALIFIER.match(out[i - 1])
            if q and q.group():
                out[i] = q.group() + out[i]
    shared = _SHARED_LEAD.match(out[0])
    if shared and shared.group("area"):
        # `新获批的国家级孵化器、众创空间`: the first member's qualifier and level are every member's
        lead = shared.group("of") + shared.group("area")
        # a member with a level of its own (`新认定的国家级X、省级X`) takes the qualifier before the level
        out = [out[0]] + [m if m.startswith(lead) or "的" in m
                          else (shared.group("of") + m if _QUALIFIER.match(m) else lead + m) for m in out[1:]]
    q0 = _QUALIFIER.match(out[0])
    core0 = out[0][q0.end():] if q0 else out[0]
    q_last = _QUALIFIER.match(out[-1])
    core_last = out[-1][q_last.end():] if q_last else out[-1]
    at = core_last.find(core0) if core0 else -1
    if core0 and 0 < at and len(core0) < len(core_last):
        head = core_last[at + len(core0):]
        out = [item if i == len(out) - 1 or item.endswith(head) else item + head
               for i, item in enumerate(out)]
    return out


def grade_of_prize(previous: str, condition: str) -> str | None:
    """`二等奖` after `省科学技术进步奖一等奖` → `省科学技术进步奖二等奖`: a bare grade is of the prize the
    previous grant named; None when `condition` is no bare grade or `previous` names no prize."""
    if not _GRADES["prize"].fullmatch(condition):
        return None
    prize = _PRIZE_NAME.match(previous)
    return prize.group(1) + condition if prize and prize.group(1) != previous else None


def is_grade_list(text: str, n: int) -> bool:
    """True when `text` is n bare grades (`5A级、4A级、3A级`), with nothing else."""
    items = split_items(clean(text), n)
    return items is not None and distribute(items)[1]


def context_head(segment: str) -> str:
    """The object of a lead-in segment (`推动工业信息安全防护星级企业培育` →
    `工业信息安全防护星级企业`), the head of a list of bare grades."""
    s = clean(segment)
    s, dropped = drop_obtaining(s)
    if not dropped:
        s = _OBJECT_VERBS.sub("", s)
    return _WORK_TAIL.sub("", s)


def attach_context(grades: list[str], context: str, recipient: str) -> list[str]:
    """Bare grades with their head: an entity head (`…星级企业`) follows the grade,
    a system or assessment (`两化融合管理体系贯标评定`) precedes it."""
    if _ENTITY.search(context):
        return [g + context for g in grades]
    return [context + g + recipient for g in grades]


def recipient_of(cond: str) -> str:
    """The recipient noun of a `…的企业` tail (`企业`), or ''."""
    m = _RECIPIENT.search(cond)
    return m.group(1) if m else ""


# members of a parallel list inside a phrase, each a core and an optional suffix that the last
# member may carry for all (`一、二等奖`, `国际、国家、行业标准`): quantities (`300头、500头及
# 1000头`, `10亿元、5亿元`), phases (`Ⅱ期、Ⅲ期`), standard levels, ordinal prizes, quoted titles
_RUN_KINDS: tuple[tuple[str, str], ...] = (
    (r"[0-9０-９]+(?:[.．][0-9０-９]+)?", r"亿元|万元|元|头|吨|亩|个|家|项|人|台|套|床|张"),
    (r"[ⅠⅡⅢⅣⅤⅥ]+", r"期|类"),
    (r"国际|国家|行业|地方|团体", r"标准"),
    (r"[一二三四五六七八九十特]", r"等奖"),
    (r"“[^“”]{1,30}”", r"(?!)"),
)
_RUNS = tuple(re.compile(f"(?:{core})(?:{suffix})?") for core, suffix in _RUN_KINDS)
_SUFFIXES = tuple(re.compile(f"(?:{core})((?:{suffix})?)$") for core, suffix in _RUN_KINDS)
_RUN_JOIN = re.compile(r"\s*[、和及与或]\s*")


def parallel_members(text: str, n: int) -> list[str] | None:
    """The n conditions of a phrase holding one parallel list of n members that share what is
    written before and after the list (`存栏300头、500头及1000头以上的奶牛场…` → `存栏300头以上
    的奶牛场…`, …), or None when `text` holds no such list of exactly n members."""
    for run, suffix_of in zip(_RUNS, _SUFFIXES):
        found = list(run.finditer(text))
        for i in range(len(found) - n + 1):
            members = found[i:i + n]
            if not all(_RUN_JOIN.fullmatch(text, a.end(), b.start()) for a, b in itertools.pairwise(members)):
                continue
            if i + n < len(found) and _RUN_JOIN.fullmatch(text, members[-1].end(), found[i + n].start()):
                continue  # a longer list: not this one
            if i > 0 and _RUN_JOIN.fullmatch(text, found[i - 1].end(), members[0].start()):
                continue
            suffix = suffix_of.search(members[-1].group())
            last_suffix = suffix.group(1) if suffix else ""
            before, after = text[:members[0].start()], text[members[-1].end():]
            out = []
            for m in members:
                own = suffix_of.search(m.group())
                word = m.group() if own and own.group(1) else m.group() + last_suffix
                out.append(before + word + after)
            return out
    return None


# what precedes or follows the condition in the lead of a grant without restricting who gets it:
# a time frame (`“十四五”期间，`), the money's source (`利用国家资金`), the policy's own verb
# (`支持…`), the administration's steps (`，择优列入…计划并`), the basis of the amount (`，根据开放
# 绩效`, `，按照设计存栏规模`), what the grant adds to (`在国家…基础上`), the moment (`…后`), and
# the generic `符合条件的` (never a condition on its own)
_TIME_FRAME = re.compile(r"^[^，,。；;]{0,12}(?:期间|以来|年度内|年内)[，,]")
_SOURCE = re.compile(r"^(?:利用|使用|安排|统筹)[^，,。；;]{0,12}?(?:资金|经费)(?:支持|用于)?")
_POLICY_VERB = re.compile(r"^(?:重点|大力|积极|继续)?(?:支持|鼓励|推动|引导)(?!资金|政策)")
_ADMIN_STEP = re.compile(r"^(?:优先|择优|经审核|经评审|纳入|列入)(?!将)")
_BASIS = re.compile(r"^(?:根据|按照|依据|视|按(?=其|实际))")
_ON_TOP_OF = re.compile(r"在[^，,。；;]{0,20}基础上$")
_AFTER = re.compile(r"(?<=[\u4e00-\u9fa5）)])(?<![售落最今此以之前])后$")
_GENERIC = re.compile(r"^(?:符合(?:相关|上述|以上)?条件(?:的)?|按规定|每年)$")
_MONEY_KIND = re.compile(r"(?:一次性)?(?:日常|工作|生活|科研|启动|运营|建设|专项)?(?:经费|资金|补助|补贴|奖励|资助|奖补)")
_GENERIC_LEAD = re.compile(r"^符合(?:相关|上述|以上)?条件的(?=.)")
_GRANT_IN = re.compile(r"给予|予以")
NAMING_VERBS = ("认定为", "评为", "列为", "确定为", "命名为")
_DISPOSAL = re.compile(r"^(?:优先|择优)?将(?P<who>[^，,。；;]{2,20}?)(?P<verb>认定为|评为|列为|确定为|命名为)(?P<status>[^，,。；;]{2,40})$")
# adverbs and modals left before the grant verb (`…的参保企业，可返还…`)
# people the policy encourages to work somewhere, and the term they must serve there
_PLACED = re.compile(r"^(?P<who>[^，,在]{2,20}?)在(?P<where>[^，,]{2,12}?)(?:稳定|长期)?(?:就业|工作|创业|任教|从业|服务)"
                     r"[，,](?P<term>[^，,]{2,16}?)的?$")
_TAIL_ADVERB = re.compile(r"[，,]?(?:并|且|再|继续|另行|可以|(?<!许)可|均可|将|分别)+$")


def trim(text: str) -> str:
    """The condition of one grant from its lead, by the grammar of the grant (see above): the
    comma segments that restrict who gets it, and a grant made earlier in the lead
    (`X的企业，给予…补助，实现Y的，再给予…`) dropped with its own segment."""
    t = _GENERIC_LEAD.sub("", _SOURCE.sub("", _TIME_FRAME.sub("", text)))
    parts = [p for p in re.split(r"[，,]", t) if p]
    kept: list[str] = []
    for i, part in enumerate(parts):
        if i and (_ADMIN_STEP.match(part) or _BASIS.match(part) or part.startswith(("每", "将"))):
            break  # what follows the subject is the administration's or the amount's (`每枚补贴标准…`)
        grant = _GRANT_IN.search(part)
        if grant and grant.start() > 0:
            kept.append(part[:grant.start()])
            break  # `…的项目给予一次性奖励，每年评选…`: the condition ends at its grant
        if grant and not kept and i == len(parts) - 1 and len(part) - grant.end() >= 2:
            kept.append(part[grant.end():])  # `给予X企业100万元奖励`: the party named after the verb
            break
        if grant:  # `，给予一次性10万元补助，`: an earlier grant; its qualifier follows
            if kept:
                kept[-1] += "".join(parts[i + 1:i + 2])
                kept.extend(parts[i + 2:])
            break
        if _GENERIC.match(part):
            continue
        if i and _MONEY_KIND.fullmatch(part):
            break  # `对X，日常经费补助标准为…`: the segment names the money, not who gets it
        kept.append(part)
    out = "，".join(kept)
    if _POLICY_VERB.match(out):
        out = _POLICY_VERB.sub("", out)
        placed = _PLACED.match(out)
        if placed:  # `鼓励X在Y稳定就业，连续工作满3年的` → `在Y连续工作满3年的X`: who qualifies is X
            out = f"在{placed.group('where')}{placed.group('term')}的{placed.group('who')}"
    out = _ON_TOP_OF.sub("", out)
    put = _DISPOSAL.match(out)
    if put:  # `将驻冀院所认定为X机构`: the one so named, `认定为X机构的驻冀院所`
        out = f"{put.group('verb')}{put.group('status')}的{put.group('who')}"
    return _AFTER.sub("", _TAIL_ADVERB.sub("", out)).rstrip("的，,") or text


# a grant per unit of new capacity (`对每新增年产万吨婴幼儿乳粉、日产50吨巴氏杀菌乳产能，分别支持…`):
# the condition is the new capacity of each product, `per` the rate of output it is counted in
_CAPACITY = re.compile(r"^每?(?P<new>新增|新建|扩建)(?P<body>.+?)(?P<head>产能|生产能力)$")
_RATE_OF_OUTPUT = re.compile(r"^(?P<qty>(?:年|日|月)(?:产|处理|加工|生产|屠宰)[\u4e00-\u9fa5]{0,4}?[0-9０-９.．]*"
                             r"[万千百]?(?:吨|头|只|千瓦|立方米|件|台|套))的?(?P<product>.+)$")


def capacity_members(text: str, n: int) -> list[tuple[str, str]] | None:
    """(condition, per) of the n members of a grant per unit of new capacity, or None."""
    m = _CAPACITY.match(text)
    if not m:
        return None
    items = [m.group("body")] if n == 1 else _split_outside(m.group("body"), "、")
    if len(items) != n:
        return None
    out = []
    for item in items:
        rate = _RATE_OF_OUTPUT.match(item)
        if not rate:
            return None
        out.append((f"{m.group('new')}{rate.group('product')}{m.group('head')}", rate.group("qty")))
    return out
