"""Award conditions: the qualifying status as a self-contained phrase.

Follows the labelling guide (tests/gold/README.md): the leading verb of obtaining
(获评, 被认定为, 首次取得 …) and a trailing `的企业`/`的` are dropped when what remains
names a status; a list (`国家级、省级企业技术中心`) is split into one condition per
grant with the shared prefix and head distributed to every member.
"""
from __future__ import annotations

import re

_OBTAIN = re.compile(
    r"^(?:当年|首次|新|经)*(?:获评|获得|获批|被认定为|新认定为|认定为|被评为|评为|确定为|入选|取得|通过|完成|获)(?:首次)?"
)
# a remainder that is an action (与…对接), a compound (…并…) or a catalogue (《…》) keeps its verb
_KEEP_VERB = re.compile(r"^[与向对在《]|并|且|途径|方式")
_RECIPIENT_TAIL = re.compile(r"的[\u4e00-\u9fa5]{0,8}?(?:企业|项目|单位|机构|产品)$")
_AREA = r"(?:国家级|国家|省级|省|市级|市|县级|县|区级|[\u4e00-\u9fa5]{2,3}市级)(?:及以上|以上)?"
_GRADES: dict[str, re.Pattern[str]] = {
    "star": re.compile(r"[一二三四五六七八九十0-9]+星级"),
    "agrade": re.compile(r"[0-9]*A+级|[0-9]*A+(?=$)"),
    "numgrade": re.compile(r"[一二三四五六七八九十]+级(?:\(及以上\)|（及以上）)?|[一二三四五六七八九十]+(?=$)"),
    "named": re.compile(r"(?:基础|先进|卓越|领航|行业|区域|企业)级"),
    "area": re.compile(_AREA),
    # prizes and their grades (`一等奖`, `特等奖`, `优秀奖`, `金奖`): `X一等奖、二等奖` shares X
    "prize": re.compile(r"[一二三四五六七八九十特]等奖|(?:优秀|金|银|铜|提名|组织|特别)奖"),
}
_QUALIFIER = re.compile(f"^{_AREA}(?:认定的|评定的)?")
_ENTITY = re.compile(r"(?:企业|单位|机构)$")
_OBJECT_VERBS = re.compile(r"^.*(?:参与|推动|开展|推进|加强|组织|通过)")
_GENERIC_CERTIFIED = re.compile(r"^经(?:认定|评定|审核)的?")
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


def clean(text: str) -> str:
    """Spaces removed and a leading 对 / trailing separators stripped."""
    return "".join(text.split()).lstrip("对、，,；;").rstrip("，,、；;")


def drop_obtaining(cond: str) -> tuple[str, bool]:
    """`获评国家级X的企业` → (`国家级X`, True); verbs of action or compounds are kept."""
    cond = _GENERIC_CERTIFIED.sub("", cond)  # generic 经认定的 adds nothing
    m = _OBTAIN.match(cond)
    if m and _COMPOUND.search(cond[m.end():]):  # a compound keeps its verbs, not its 的企业 tail
        return _OF_ENTERPRISE.sub("", cond).rstrip("的"), False
    if not m or _KEEP_VERB.search(cond[m.end():]) or not cond[m.end():]:
        return cond.rstrip("的"), False
    rest = cond[m.end():]
    rest = _RECIPIENT_TAIL.sub("", rest)
    rest = _BRACKET_ENTERPRISE.sub("", rest)
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
    bare = not head and all(not c[2] for c in cuts)
    return out, bare


def _distribute_loose(items: list[str]) -> list[str]:
    """Lists whose members are not grades: borrow the previous member's qualifier
    (`省级认定的`) and, for a short first member (`零碳`), the last member's head."""
    out = list(items)
    for i in range(1, len(out)):
        if not _QUALIFIER.match(out[i]):
            q = _QUALIFIER.match(out[i - 1])
            if q and q.group():
                out[i] = q.group() + out[i]
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
