"""Header fields of a 公文 from its parts: 文号, title, kind, issuers, dates, validity."""
from __future__ import annotations

import datetime as dt
import logging
import re

from ..lexicon import words
from ..normalize import (
    cn_to_int,
    normalize_doc_number,
    normalize_order_number,
    normalize_title,
    parse_date,
    title_key,
)
from ..records import Header, HeaderSource
from .dates import read_labelled_date
from .metadata import block_pairs, field_values
from .parts import (
    ATTACHMENT_NOTE_RE,
    CC_RE,
    COMPILATION_RE,
    ENCLOSING_TITLE_RE,
    MASTHEAD_RE,
    ORDER_LINE_RE,
    ORG_RE,
    PRINTED_RE,
    PROMULGATION_RE,
    SIGNATURE_ONE_LINE_RE,
    SIGNER_LINE_RE,
    Layout,
    strip_site_name,
    undouble_headline,
)
from .recover import split_orgs
from .titles import strip_version

log = logging.getLogger(__name__)

# the tail of a title names the kind of 公文: the first of these (longer kinds first) it ends with
DOC_TYPES = words("doc_type")  # ontology/gongwen_lexicon.tsv
# the short names of central bodies as 公文 print them → the full names (GB/T 9704 wants full names)
FULL_NAMES = {
    "科技部": "科学技术部", "工信部": "工业和信息化部", "发展改革委": "国家发展和改革委员会",
    "国家发展改革委": "国家发展和改革委员会", "人力资源社会保障部": "人力资源和社会保障部",
    "金融监管总局": "国家金融监督管理总局", "住房城乡建设部": "住房和城乡建设部", "国资委": "国务院国有资产监督管理委员会",
    "市场监管总局": "国家市场监督管理总局", "税务总局": "国家税务总局", "人民银行": "中国人民银行",
    "银保监会": "中国银行保险监督管理委员会", "证监会": "中国证券监督管理委员会", "卫生健康委": "国家卫生健康委员会",
}
_DATE = r"(?:[0-9]{4}|[〇零一二三四五六七八九]{4})\s*年\s*[0-9一二三四五六七八九十]{1,2}\s*月\s*[0-9一二三四五六七八九十]{1,3}\s*日"
# the start of validity: `自2022年1月1日起施行`, `…起算，有效期三年`; a date a measure runs from
# (`自2019年1月1日起，对…给予补贴`) is not the document's
_FROM_RE = re.compile(rf"自\s*(?P<date>{_DATE})\s*(?:起|开始)\s*(?:(?:正式)?(?:施行|实施|执行|生效|计算|算)|[^。；]{{0,30}}?有效期)")
_FROM_ISSUE_RE = re.compile(r"自(?:印发|发布|公布|颁布|下发|签发)(?:之日起|之日|后|起)(?:正式)?(?:施行|实施|执行|生效)")
# a start counted from the issue (`自印发之日起30日后施行`): the text gives no date, and none is computed
_FROM_AFTER_ISSUE_RE = re.compile(r"自(?:印发|发布|公布|颁布|下发|签发)之日起\s*(?P<n>[0-9一二三四五六七八九十]+)\s*(?:日|天|个月|月)后"
                                  r"(?:正式)?(?:施行|实施|执行|生效)")
_UNTIL_RE = re.compile(rf"有效期(?:至|到)\s*(?P<date>{_DATE})")
# a title note's promulgation: `2020年3月9日甲市人民政府令第57号公布`
_NOTE_ORDER_RE = re.compile(rf"(?P<date>{_DATE})\s*[\u4e00-\u9fff（）()]{{2,40}}?令\s*[（(]?\s*第[^号]{{1,6}}号\s*[）)]?\s*(?:公布|发布|颁布)")
_SERIES_RE = re.compile(r"(?:令|公告|通告)(?:〔[0-9]{4}〕)?第")
_TRAILING_NOTE_RE = re.compile(r"(?:[（(\[【][^（）()〔〕\[\]【】]{1,80}(?:〔[0-9０-９]{4}〕[^（）()]{0,20})?[）)\]】])+$")
_YEARS_RE = re.compile(r"有效期(?:为)?\s*(?P<n>[0-9一二两三四五六七八九十]+)\s*年")


def read_header(layout: Layout, warnings: list[str]) -> Header:
    title = _dedupe_title(_clean_title(layout.text(layout.title))) or None
    if title and (layout.several_titles or COMPILATION_RE.search(title)):
        # a cover or a compilation: which document the file is, no single title says
        warnings.append(f"title: the head holds several documents' titles ({title}): none is taken")
        title = None
    elif title is None and layout.cover:
        warnings.append(f"title: a compilation's cover ({layout.cover}) heads several documents: none of their titles is taken")
    if title is None and layout.promulgated:
        title = normalize_title(layout.promulgated)
    policy_title = _policy_title(title, layout)
    issuers = _issuers(layout)
    issue_date = _issue_date(layout)
    if issue_date is None and layout.head_date is not None:
        issue_date = parse_date(layout.paras[layout.head_date].text)
    note = layout.paras[layout.title_note].text if layout.title_note is not None else ""
    if issue_date is None and (m := _NOTE_ORDER_RE.search(note)):
        issue_date = parse_date(m.group("date"))  # the day the 令 published it
    printed_by, printed_date = _printed(layout)
    if issue_date is None:
        warnings.append("issue_date: no 成文日期 under a signature" + (", using the 印发 date" if printed_date else ""))
        issue_date = printed_date if printed_date and not layout.signature else None
    effective_from, effective_to = _validity(layout, issue_date, warnings)
    doc_number = normalize_doc_number(layout.paras[layout.doc_number].text, strip_lead_ins=False) \
        if layout.doc_number is not None else None
    order_number = _order_number(layout) or (normalize_order_number(note) if doc_number is None else None)
    if not issuers and order_number and layout.order_number is None and (m := _SERIES_RE.search(order_number)):
        issuers = [order_number[:m.start()]]  # the 令 the title note names is its issuer's
    if doc_number is None and order_number is None:
        warnings.append("doc_number: no 文号 line in the 版头")
    fields: dict[str, object] = {
        "title": title, "doc_number": doc_number, "order_number": order_number, "issuers": tuple(issuers),
        "issue_date": issue_date, "effective_from": effective_from, "effective_to": effective_to}
    sources = _with_metadata(fields, layout, warnings)
    title = fields["title"]  # type: ignore[assignment]
    if title and (better := _titled_candidate(title, layout)):
        warnings.append(f"title: {title} is cut short or runs on; the same title ending in its kind of 公文 is {better[0]}")
        title, sources["title"] = better
    if title is None and not any(w.startswith("title:") for w in warnings):
        warnings.append("title: no line above the body reads as a title, and no metadata names one")
    # the kind the title ends with; only a document without a title is the kind its text calls itself
    several = title is None and (layout.several_titles or layout.cover is not None)
    doc_type = _doc_type(title) if title else None if several else _doc_type_from_text(layout)
    if doc_type is None:
        warnings.append(f"doc_type: the title ({title}) ends in no kind of 公文" if title
                        else "doc_type: the file holds several documents, of no one kind" if several
                        else "doc_type: no title, and the text does not say what kind of 公文 it is")
    if doc_type:
        sources["doc_type"] = sources.get("title", "text") if _doc_type(title) else "text"
    if not fields["issuers"]:
        warnings.append("issuers: neither a masthead nor a signature names the issuing body")
    return Header(
        doc_number=fields["doc_number"], order_number=fields["order_number"], title=title,  # type: ignore[arg-type]
        policy_title=policy_title, doc_type=doc_type,
        issuers=fields["issuers"], issue_date=fields["issue_date"],  # type: ignore[arg-type]
        effective_from=fields["effective_from"], effective_to=fields["effective_to"],  # type: ignore[arg-type]
        addressees=_addressees(layout), cc=_cc(layout),
        printed_by=printed_by, printed_date=printed_date,
        publicity=layout.paras[layout.note].text.strip() if layout.note is not None else None,
        signer=layout.signer, attachments=_attachments(layout),
        sources=tuple(sorted(sources.items())),
    )


def _with_metadata(fields: dict[str, object], layout: Layout, warnings: list[str]) -> dict[str, HeaderSource]:
    """Fill the fields the text leaves null from the metadata block; say where each came from and
    warn where the two disagree (the text, the document itself, wins)."""
    pairs = block_pairs([layout.paras[i].text for i in sorted(layout.metadata)])
    meta = field_values(pairs)
    found: dict[str, object] = {}
    if t := meta.get("title"):
        found["title"] = _dedupe_title(_clean_title(t)) or None
    if n := meta.get("number"):
        found["doc_number"] = normalize_doc_number(n, strip_lead_ins=False)
        found["order_number"] = None if found["doc_number"] else normalize_order_number(n)
    if v := meta.get("issuers"):
        names = [FULL_NAMES.get(x, x) for x in (re.sub(r"\s", "", y) for y in re.split(r"[、，,;；\s\u3000]+", v)) if x]
        found["issuers"] = tuple(dict.fromkeys(names))
    for name in ("issue_date", "effective_from", "effective_to"):
        if v := meta.get(name):
            found[name], why = read_labelled_date(v)
            if why:
                warnings.append(f"metadata: {name} {why}")
    sources: dict[str, HeaderSource] = {k: "text" for k, v in fields.items() if v}
    number_in_text = bool(fields["doc_number"] or fields["order_number"])
    for name, value in found.items():
        if not value:
            continue
        if name in ("doc_number", "order_number") and number_in_text:
            ours = fields["doc_number"] or fields["order_number"]
            if value != ours:
                warnings.append(f"metadata: 发文字号 {value} differs from the text's {ours}")
            continue
        current = fields[name]
        if current and name == "title" and _differs(name, current, value) and _in_head(layout, str(value)):
            # the head of the text holds the metadata's title word for word: our reading of it was off
            warnings.append(f"title: read as the metadata's {value}, which the text's head holds, not {current}")
            fields[name], sources[name] = value, "metadata"
            continue
        if current:
            if _differs(name, current, value):
                warnings.append(f"metadata: {name} {_show(value)} differs from the text's {_show(current)}")
            continue
        fields[name] = value
        sources[name] = "metadata"
    return sources


def _titled_candidate(title: str, layout: Layout) -> tuple[str, HeaderSource] | None:
    """A 公文's title ends in its 文种 (GB/T 9704: 发文机关 + 事由 + 文种): a title read without one is the
    weaker reading when a page's headline or the metadata gives the same title ending in one — the
    text's cut short (a prefix of it) or run on (it holds the other whole)."""
    if layout.cover is not None or layout.several_titles:
        return None
    meta = field_values(block_pairs([layout.paras[i].text for i in sorted(layout.metadata)])).get("title")
    candidates: list[tuple[str, HeaderSource]] = [(layout.paras[i].text, "text") for i in layout.headlines]
    candidates += [(meta, "metadata")] if meta else []
    ours = title_key(title)
    weak = _doc_type(title) is None or title.count("《") != title.count("》")
    for raw, source in candidates:
        other = _dedupe_title(_clean_title(raw))
        key = title_key(other)
        if not other or not _doc_type(other) or len(key) < 8 or key == ours:
            continue
        # ours is the other cut short: by its kind's words, or in a phrase (`…若干措施` + `》的通知`)
        cut_short = key.startswith(ours) and (weak or key[len(ours):].startswith(_CONTINUED))
        if cut_short or (weak and key in ours):
            return other, source
    return None


# what the rest of a title cut short begins with: never a title's own start (`…的通知` after `…若干措施》`)
_CONTINUED = ("的", "和", "及", "暨", "与", "之")


def _in_head(layout: Layout, title: str) -> bool:
    end = (layout.body or layout.policy_body or [len(layout.paras)])[0]
    head = "".join(layout.paras[i].text for i in range(min(end + 1, len(layout.paras))) if i not in layout.metadata)
    return title_key(title) in title_key(head)


def _differs(name: str, ours: object, theirs: object) -> bool:
    if name == "title":
        return title_key(str(ours)) != title_key(str(theirs))
    if name == "issuers":
        return set(ours) != set(theirs)  # type: ignore[call-overload]
    return ours != theirs


def _show(value: object) -> str:
    return "、".join(value) if isinstance(value, tuple) else str(value)


# a date as a site prints it beside a headline (`2022.02.26`, `2022-02-26`, `2022/2/26`): never a title's
# words, and no 成文日期 (a 公文 writes its date in 年月日)
_SITE_DATE_RE = re.compile(r"^[\s\u3000]*[0-9]{4}[.\-/][0-9]{1,2}[.\-/][0-9]{1,2}[\s\u3000]*|[\s\u3000]*[0-9]{4}[.\-/][0-9]{1,2}[.\-/][0-9]{1,2}[\s\u3000]*$")


# a site's column tag before its headline (`【政策文件】`, `[转载]`): no 公文 title opens with a bracket
_COLUMN_TAG_RE = re.compile(r"^[\s\u3000]*[【\[［][^】\]］]{1,10}[】\]］][\s\u3000]*")


def _clean_title(raw: str) -> str:
    raw = _COLUMN_TAG_RE.sub("", _SITE_DATE_RE.sub("", raw.strip()))
    title = re.sub(r"[（(]此件[^）)]*[）)]$", "", normalize_title(strip_site_name(undouble_headline(raw.strip()))))
    title = strip_version(title)
    # a title names its subject in words: a line of marks alone (a headline cut to `…`) is none
    return title if re.search(r"[\u4e00-\u9fff]{2}", title) else ""


def _dedupe_title(title: str) -> str:
    """A page that prints the title twice in a row (headline + title) gives it once."""
    half = len(title) // 2
    if title and len(title) % 2 == 0 and title[:half] == title[half:]:
        return title[:half]
    return title


def _order_number(layout: Layout) -> str | None:
    if layout.order_number is None:
        return None
    return normalize_order_number(layout.order_text()) if ORDER_LINE_RE.match(layout.order_text()) else None


def _doc_type_from_text(layout: Layout) -> str | None:
    """No title: a 印发/转发 notice is a 通知; else the kind the text calls itself (`本通知`)."""
    if layout.enclosed:
        return "通知"
    text = "".join(layout.paras[i].text for i in layout.body)
    counts = {k: len(re.findall(f"本{k}", text)) for k in DOC_TYPES}
    best = max(counts, key=lambda k: counts[k]) if counts else None
    return best if best and counts[best] else None


def _doc_type(title: str | None) -> str | None:
    if not title:
        return None
    # a qualifier or a note in brackets after the kind is not the kind: `…办法（试行）`, `…导引（市级版）`,
    # `…规定（2023年修订）`, `…的通知（国办发〔2018〕117号）`, `…条例（2004年8月28日…修正）`
    title = _TRAILING_NOTE_RE.sub("", title)
    for kind in DOC_TYPES:
        if title.endswith(kind):
            return kind
    return None


def _policy_title(title: str | None, layout: Layout) -> str | None:
    if layout.promulgated and not (title and ENCLOSING_TITLE_RE.search(title)):
        return None
    if layout.policy_title:
        return _clean_title(layout.text(layout.policy_title))
    if title and (m := ENCLOSING_TITLE_RE.search(title)):
        return normalize_title(m.group("inner"))
    if layout.enclosed:
        return normalize_title(layout.enclosed)
    return None


def _orgs(text: str) -> list[str]:
    """Bodies named in a masthead or signature: whitespace or nothing separates joint issuers."""
    out = []
    for tok in re.split(r"[\s、，,]+", text):  # `X、Y` lists too
        if ORG_RE.match(tok):
            out.extend(split_orgs(tok) or [tok])
    return out


def _issuers(layout: Layout) -> list[str]:
    """Masthead bodies first (lead first), then signature bodies not already named."""
    names: list[str] = []
    head_of_government = None
    for i in layout.masthead:
        text = layout.paras[i].text.strip()
        m = MASTHEAD_RE.match(text)
        orgs = m.group("orgs") if m else text
        if re.fullmatch(r"(?:\S{1,2}[\s\u3000]+)+\S{1,2}", orgs):
            orgs = re.sub(r"[\s\u3000]", "", orgs)  # a name printed with its characters spaced out
        names.extend(_orgs(orgs))
    for i in layout.signature:
        text = layout.paras[i].text.strip()
        m = SIGNATURE_ONE_LINE_RE.match(text)
        if not m and (s := SIGNER_LINE_RE.match(text)):
            names.extend(split_orgs(s.group("org")) if s.group("org") else [])
            head_of_government = head_of_government or _GOVERNMENT_LEVEL.get(re.sub("^代理?", "", s.group("role")))
            continue
        names.extend(_orgs(m.group("orgs")) if m else ([] if parse_date(text) else _orgs(text)))
    title = _clean_title(layout.text(layout.title))
    if not names and (m := re.match(r"^(?P<orgs>.{2,120}?)关于", title)):
        names.extend(split_orgs(m.group("orgs")))  # the title's lead names the issuers
    if layout.order_number is not None and (m := ORDER_LINE_RE.match(layout.order_text())):
        names.extend(split_orgs(m.group("org")) or [m.group("org")])
    promulgated = layout.promulgated or any(PROMULGATION_RE.match(layout.paras[i].text.strip()) for i in layout.body[:3])
    if not names and (head_of_government or promulgated):
        names.extend(_government(layout, head_of_government))
    out: list[str] = []
    for name in (FULL_NAMES.get(n, n) for n in (re.sub(r"\s", "", n) for n in names)):
        if name not in out:
            out.append(name)
    return out


# the head of a government signs its 令 (`省长某某`, `代市长某某`): the level of the government
_GOVERNMENT_LEVEL = {"省长": "省", "市长": "市", "区长": "区", "县长": "县", "州长": "州", "盟长": "盟", "旗长": "旗"}
_LEVELS = "自治区|自治州|省|市|州|县|区|盟|旗"
# the government named in full where it adopted the rule: `甲省人民政府第12次常务会议`
_GOVERNMENT_MEETING_RE = re.compile(
    r"(?:(?<![\u4e00-\u9fff])|(?<=[届经由在于的日和及、]))(?:[一二三四五六七八九十]+届)?"
    r"(?P<gov>(?![年月日])[\u4e00-\u9fff](?:(?!届)[\u4e00-\u9fff]){1,14}?(?:" + _LEVELS + r")人民政府)(?:第[^。，、]{1,8}次)?(?:常务|全体)会议")
# or by its level only: `省政府第135次常务会议`
_LEVEL_MEETING_RE = re.compile(r"(?:(?<![\u4e00-\u9fff])|(?<=[日经由在的于及和并]))(?:本)?(?P<level>" + _LEVELS + r")(?:人民)?政府(?:第[^。，、]{1,8}次)?(?:常务|全体)会议")


def _government(layout: Layout, level: str | None) -> list[str]:
    """The government that issues a rule its head signs or its 常务会议 adopted — only as far as the
    text names it: in full (`…省人民政府…常务会议`), or its level (`省长`, `省政府…常务会议`) with the
    place the title begins with (`河北省科学技术奖励办法` → 河北省人民政府)."""
    preamble = "".join(layout.paras[i].text for i in layout.body[:4])
    if layout.title_note is not None:
        preamble += layout.paras[layout.title_note].text
    if m := _GOVERNMENT_MEETING_RE.search(preamble):
        return [m.group("gov")]
    if level is None and (m := _LEVEL_MEETING_RE.search(preamble)):
        level = m.group("level")
    title = _clean_title(layout.text(layout.title) or (layout.promulgated or ""))
    if level is None:
        return []
    outer = r"(?:[\u4e00-\u9fff]{2,7}?(?:省|自治区))?" if level not in ("省", "自治区") else ""
    if m := re.match(rf"^(?P<place>{outer}[\u4e00-\u9fff]{{1,7}}?{level})", title):
        return [m.group("place") + "人民政府"]
    return []


def _issue_date(layout: Layout) -> str | None:
    for i in reversed(layout.signature):
        if date := parse_date(layout.paras[i].text):
            return date
    return None


def _printed(layout: Layout) -> tuple[str | None, str | None]:
    if not layout.printed:
        return None, None
    text = " ".join(layout.paras[i].text.strip() for i in layout.printed)
    m = PRINTED_RE.match(text)
    if not m:
        return None, parse_date(text)
    org = re.sub(r"\s", "", m.group("org")) if m.group("org") else None
    return org, parse_date(m.group("date"))


def _addressees(layout: Layout) -> tuple[str, ...]:
    if layout.addressees is None:
        return ()
    text = layout.paras[layout.addressees].text.strip().rstrip("：:")
    return tuple(a.strip() for a in re.split(r"[，,；;]", text) if a.strip())


def _cc(layout: Layout) -> tuple[str, ...]:
    if layout.cc is None:
        return ()
    m = CC_RE.match(layout.paras[layout.cc].text.strip())
    text = (m.group("cc") if m else "").rstrip("。.")
    return tuple(a.strip() for a in re.split(r"[，,；;]", text) if a.strip())


def _attachments(layout: Layout) -> tuple[str, ...]:
    out = []
    for i in layout.attachment_note:
        m = ATTACHMENT_NOTE_RE.match(layout.paras[i].text.strip())
        if m:
            out.append(m.group("names").strip())
    return tuple(out)


def _validity(layout: Layout, issue_date: str | None, warnings: list[str]) -> tuple[str | None, str | None]:
    """Validity from the closing sentences; the last statement in the text wins."""
    body = layout.policy_body or layout.body
    if layout.promulgated and layout.policy_body:
        body = layout.body[:3] + layout.policy_body  # a promulgation preamble states when the rule takes effect
    text = "\n".join(layout.paras[i].text for i in body)
    if layout.title_note is not None:  # the note under the title states when the rule takes effect
        text = layout.paras[layout.title_note].text + "\n" + text
    start = None
    from_at = -1
    if found := list(_FROM_RE.finditer(text)):
        start = parse_date(found[-1].group("date"))
        from_at = found[-1].start()
    elif found := list(_FROM_ISSUE_RE.finditer(text)):
        start = issue_date
        from_at = found[-1].start()
    elif found := list(_FROM_AFTER_ISSUE_RE.finditer(text)):
        warnings.append(f"effective_from: takes effect some time after the issue ({found[-1].group(0)}): not computed")
        from_at = found[-1].start()
    end = None
    if found := list(_UNTIL_RE.finditer(text)):
        end = parse_date(found[-1].group("date"))
    elif start and (years := [y for y in _YEARS_RE.finditer(text) if _same_sentence(text, y.start(), from_at)]):
        end = _add_years(start, cn_to_int(years[-1].group("n")))
    if start is None:
        warnings.append("effective_from: the text states no start of validity")
    if end is None:
        warnings.append("effective_to: the text states no end of validity")
    return start, end


def _same_sentence(text: str, a: int, b: int) -> bool:
    """`有效期N年` counts from the start of validity stated in the same sentence."""
    lo, hi = min(a, b), max(a, b)
    return b >= 0 and not re.search(r"[。\n]", text[lo:hi])


def _add_years(start: str, years: int) -> str:
    """The last day of a period of `years` years beginning on `start` (inclusive)."""
    d = dt.date.fromisoformat(start)
    try:
        after = d.replace(year=d.year + years)
    except ValueError:  # 29 February
        after = d.replace(year=d.year + years, day=28) + dt.timedelta(days=1)
    return (after - dt.timedelta(days=1)).isoformat()
