"""Paragraph recovery: cut run-together lines into paragraph spans.

Crawled 公文 reach us with paragraphs separated only by full-width indents (`　　`, NBSP runs)
or by nothing.  The cuts here use cues true of any 公文, never the wording of one document:

- indents: a run of two or more spaces (ideographic, NBSP, en spaces) between paragraphs, or one
  after terminal punctuation;
- the head: a 文号 (`X〔YYYY〕N号`) or 令 number (`X令第N号`) glued to the title or the addressee,
  and a date glued after them or after the title;
- a signature: organisation name(s) followed by a date right after the end of a sentence
  (`…贯彻执行。河北省人民政府办公厅2023年6月29日为…`), or the issuers named in the title's lead
  followed by a date;
- an enclosed policy: `附件` markers and the enclosed title (as the notice quotes it in `《》`) glued
  after the signature;
- numbering (一、 （一） 1． 第N章 第N节 第N条) that continues a sequence, at a plausible boundary:
  after terminal punctuation, or after a short heading.  A cross-reference such as `本办法第十条`
  stands mid-sentence and does not continue the article sequence, so it starts nothing.
"""
from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator

from ..lexicon import alternation, words
from ..normalize import DOC_NUMBER_RE, cn_to_int, date_pattern, fold_digits
from .metadata import metadata_end, metadata_lines
from .numbering import match_number
from .paragraphs import Para

_SP = "\u0020\t\u3000\u00a0\u2002\u2003\u2009\u200b"
_WS_RUN = re.compile(f"[{_SP}]+")
_TERMINAL = "。；：！？;:!?"
_CLOSERS = "”’」』）)"
_DATE = date_pattern().pattern
_CN = "一二三四五六七八九十百零〇两"
# a number that may open an item anywhere in a line
_ITEM_RE = re.compile(  # the lookahead: the characters a number starts with (the same matches, found faster)
    rf"(?=[第{_CN}（(0-9])(?:"
    rf"(?P<chapter>第[{_CN}0-9]+章)|(?P<section>第[{_CN}0-9]+节)|(?P<article>第[{_CN}0-9]+条)"
    rf"|(?P<cn>[{_CN}]+)、"
    rf"|[（(](?P<pcn>[{_CN}]+)[）)]"
    r"|(?<![0-9.．])(?P<ar>[0-9]{1,2})[．.](?![0-9]))"
)
_RANK = {"chapter": 0, "section": 1, "article": 2, "cn": 3, "pcn": 4, "ar": 5}
# what follows a cross-reference rather than an article's text
_REF_TAIL = re.compile(r"^(?:[第、至和或及之中的]|规定|所[称列述指]|以[上下外前后]|[-－—~～])")
ORG_SUFFIX = alternation("signature")  # 人民政府, 委员会, 局 … (ontology/gongwen_lexicon.tsv)
ORG_TOKEN_RE = re.compile(rf"^[\u4e00-\u9fff（）()]{{1,30}}{ORG_SUFFIX}$")
_ORGS = rf"[\u4e00-\u9fff（）()]{{2,60}}?{ORG_SUFFIX}(?:[{_SP}]*[\u4e00-\u9fff（）()]{{2,40}}?{ORG_SUFFIX})*"
_SIGNATURE_RE = re.compile(rf"(?<=[。！？；{_SP}])(?P<orgs>{_ORGS})[{_SP}]*(?P<date>{_DATE})")
_SIGNATURE_AT_RE = re.compile(rf"(?P<orgs>{_ORGS})[{_SP}]*(?P<date>{_DATE})")
# a bracketed note that closes the last sentence (`…。（责任单位：省财政厅）`): a sentence end too
_CLOSING_NOTE_RE = re.compile(r"[。！？；][（(][^（）()。]{1,80}[）)]")


def _signature_matches(text: str) -> Iterator[re.Match[str]]:
    """Organisation name(s) and a date right after a sentence end, or after the note closing it."""
    yield from _SIGNATURE_RE.finditer(text)
    for note in _CLOSING_NOTE_RE.finditer(text):
        if m := _SIGNATURE_AT_RE.match(text, note.end()):
            yield m
_DATE_RE = re.compile(_DATE)
# a 令 or promulgation is signed by its head: `…施行。科技部部长某某二〇〇四年十二月二十七日`
_SIGNER_DATE_RE = re.compile(
    rf"(?<=[。！？])[\u4e00-\u9fff]{{0,20}}?(?:代理|代)?(?:部长|省长|市长|区长|县长|主任|局长|厅长|主席|总理)"
    rf"[\u4e00-\u9fff·]{{2,3}}(?=(?P<date>{_DATE}))")
_NOT_AFTER_DATE = "起前后以至到，、的。已经召发印颁公出举在"
_ANNEX_MARK_RE = re.compile(r"附\s*件\s*[0-9０-９]*\s*[：:]?")
# the kinds a title ends with (ontology/gongwen_lexicon.tsv), then the closing brackets of a qualifier
DOC_TYPE_ENDINGS = (*words("title_end"), "）", ")")


# a bracketed note of adoption / promulgation under a rule's title, kept whole:
# `（2020年3月2日…常务会议通过　2020年3月9日…令第57号公布　自2020年5月1日起施行）`
TITLE_NOTE_RE = re.compile(r"^[（(][^（）()。，]*(?:[（(][^（）()]*[）)][^（）()。，]*)*(?:通过|公布|发布|颁布|施行|修正|修订|批准)"
                           r"[^（）()。，]*[）)]$")


_ORG_SEPARATORS_RE = re.compile(f"[{_SP}、，,]+")
_ORG_TAIL_PIECE_RE = re.compile(r"^(?:办公|委员|人民|政府|员会|总局|会|公)")  # the rest of a name, not one


def split_orgs(s: str) -> list[str]:
    """Joint issuers run together (`A厅B委员会C厅`) → names; the most names that are all organisations."""
    parts = [x for x in _ORG_SEPARATORS_RE.split(s) if x]
    if len(parts) > 1:
        out: list[str] = []
        for part in parts:
            names = split_orgs(part)
            if not names:
                return []
            out.extend(names)
        return out
    s = parts[0] if parts else ""
    n = len(s)
    best: list[list[str] | None] = [None] * (n + 1)
    best[n] = []
    for i in range(n - 1, -1, -1):
        for j in range(i + 3, n + 1):
            tok = s[i:j]
            if best[j] is None or not ORG_TOKEN_RE.match(tok) or _ORG_TAIL_PIECE_RE.match(tok):
                continue
            cand = [tok] + best[j]  # type: ignore[operator]
            if best[i] is None or len(cand) > len(best[i]):  # type: ignore[arg-type]
                best[i] = cand
    return _field_offices(best[0] or [])


# a national body's office in a place is one name: `国家能源局甲省监管办公室`, `国家税务总局甲省税务局`,
# `中国人民银行石家庄中心支行`
_FIELD_OFFICE_RE = re.compile(r"^[\u4e00-\u9fff]{2,5}?(?:监管办公室|监管办|监管局|监管分局|中心支行|分行|支行|税务局|海关|"
                              r"调查总队|特派员办事处|办事处|分局)$")
_NATIONAL_RE = re.compile(r"^(?:国家|中国|国务院|中华人民共和国)[\u4e00-\u9fff]*(?:局|总局|署|银行|部|委员会)$")


def _field_offices(names: list[str]) -> list[str]:
    out: list[str] = []
    for name in names:
        if out and _NATIONAL_RE.match(out[-1]) and _FIELD_OFFICE_RE.match(name):
            out[-1] += name
        else:
            out.append(name)
    return out


def recover_paragraphs(text: str, lines: list[Para]) -> list[Para]:
    # metadata lines (a site's label/value table, a database's citation code) are kept whole and
    # take no part in reading the head: the document's own head starts after them
    meta = metadata_lines([line.text for line in lines])
    meta_spans = []
    for i in sorted(meta):
        line = lines[i]
        end = line.start + (metadata_end(line.text) or len(line.text))
        meta_spans.append((line.start, end))
        if end < line.end:  # the next line of the text glued to a link or a code
            lines = lines[:i] + [Para(text, end, line.end)] + lines[i + 1:]
            meta.discard(i)
    begin = next((line.start for i, line in enumerate(lines) if i not in meta), len(text))
    head_end = _head_end(text, begin)
    known_titles = set(re.findall(r"《([^《》]{4,80})》", text[begin: _first_signature_guess(text)]))
    cuts: set[int] = set()
    spans: list[tuple[int, int]] = []
    for i, line in enumerate(lines):
        if i in meta:
            continue
        if TITLE_NOTE_RE.match(line.text.strip()) and _DATE_RE.search(line.text):
            meta_spans.append((line.start, line.end))  # kept whole, as metadata lines are
            continue
        if _spaced_masthead(line.text):
            spans.append((line.start, line.end))  # `甲 省 人 民 政 府  文  件`: one line, not words cut at its spaces
            continue
        spans.extend(_indent_pieces(text, line.start, line.end))
    for s, e in spans:
        cuts.add(s)
        cuts.add(e)
    if head_end:
        _head_cuts(text, spans, head_end, cuts)
    head_pieces = _pieces(text, spans, cuts)
    lead_orgs = _lead_orgs(text, head_pieces, head_end)
    for s_, e_ in head_pieces:
        if s_ < head_end and 4 <= e_ - s_ <= 80 and _title_end_in(text[s_:e_] + "xx") == e_ - s_:
            known_titles.add(text[s_:e_])
    _signature_cuts(text, spans, cuts, lead_orgs, known_titles)
    # 附 first, its context as a lookbehind (at the start or after a line break or space): a regex that
    # starts with a literal is scanned for it at C speed, one that starts with a lookbehind is tried at
    # every character
    for m in re.finditer(rf"附(?<![^\n{_SP}]附)\s*件\s*[0-9０-９]+(?=[\u4e00-\u9fff])", text):
        cuts.update((m.start(), m.end()))
    cuts.update(_glued_annex_cuts(text))
    pieces = _pieces(text, spans, cuts)
    pieces = _numbering_cuts(text, pieces)
    pieces = sorted(pieces + meta_spans)
    return [Para(text, s, e) for s, e in pieces if text[s:e].strip()]


_GLUED_ANNEX_RE = re.compile(r"附(?<=[。；！？]附)\s*件\s*(?P<n>[0-9０-９]{1,2})(?=[\u4e00-\u9fff])")


def _spaced_masthead(line: str) -> bool:
    """A masthead line printed with its characters spaced out, `文件` after the issuers' names."""
    m = re.fullmatch(r"(?P<orgs>[\u4e00-\u9fff（）()\s\u3000]{2,120}?)[\s\u3000]*文[\s\u3000]*件", line.strip())
    return m is not None and bool(re.search(r"[\s\u3000]", line.strip())) \
        and bool(split_orgs(re.sub(r"[\s\u3000]", "", m.group("orgs"))))


def _glued_annex_cuts(text: str) -> list[int]:
    """An annex glued to the last sentence before it (`…有效期3年。附件2X申报书…`): a sentence may
    also begin with `附件2` (`附件2所列…`), so the marker starts the annex only when what follows
    it is the name the 附件说明 gives annex N (`附件：1.…2.X申报书`)."""
    out = []
    for m in _GLUED_ANNEX_RE.finditer(text):
        name = text[m.end():m.end() + 8]
        n = str(cn_to_int(m.group("n")))
        if re.search(rf"(?<![0-9０-９]){n}\s*[.．、]\s*{re.escape(name)}", fold_digits(text[:m.start()])):
            out += [m.start(), m.end()]
    return out


def _head_end(text: str, begin: int = 0) -> int:
    """The 版头 and title run to the first full stop (the first sentence of the body), or to the
    colon after the 主送机关; the colon of the 版头's `签发人：` label is neither."""
    m = re.compile(r"。|(?<!签发人)(?<!签发人\s)[：:]").search(text, begin)
    return min(m.start() + 1 if m else len(text), begin + 600)


def _first_signature_guess(text: str) -> int:
    m = _SIGNATURE_RE.search(text)
    return m.end() if m else min(len(text), 3000)


_PHRASE_MARK_RE = re.compile(r"[，。；：、,.;:]")
_ENDS_PHRASE_RE = re.compile(f"[{_TERMINAL}，]$")


def _indent_pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a line at indent runs; a lone item number or a spaced-out heading word stays joined."""
    pieces: list[list[int]] = []
    pos = start
    for m in _WS_RUN.finditer(text, start, end):
        if m.start() == start or m.end() == end:
            continue
        single = m.end() - m.start() == 1
        if single and text[m.start() - 1] not in _TERMINAL and not _starts_item(text, m.end(), end):
            continue
        pieces.append([pos, m.start()])
        pos = m.end()
    pieces.append([pos, end])
    out: list[list[int]] = []
    for p in pieces:
        if out:
            prev = text[out[-1][0]:out[-1][1]]
            cur = text[p[0]:p[1]]
            num = match_number(prev)
            lone_number = num is not None and num.length >= len(prev.rstrip()) and num.kind in ("chapter", "section", "article")
            # a word printed with its characters spaced out (`总　　则`): the piece before is a character
            # or two of it, never a run of words (`…政策汇编` then `目录` are two lines)
            spaced_word = len(cur.strip()) <= 2 and not _PHRASE_MARK_RE.search(cur) and len(prev) <= 20 \
                and len(_WS_RUN.split(prev.strip())[-1]) <= 2 \
                and not _ENDS_PHRASE_RE.search(prev) and not _DATE_RE.search(prev)
            if lone_number or spaced_word:
                out[-1][1] = p[1]
                continue
        out.append(p)
    return [(s, e) for s, e in out]


def _starts_item(text: str, pos: int, end: int) -> bool:
    m = _ITEM_RE.match(text, pos, end)
    if m is None:
        return False
    return not (m.lastgroup in ("chapter", "section", "article") and _REF_TAIL.match(text[m.end():m.end() + 2]))


def _pieces(text: str, spans: list[tuple[int, int]], cuts: set[int]) -> list[tuple[int, int]]:
    out = []
    ordered = sorted(cuts)
    for s, e in spans:
        inner = ordered[bisect.bisect_right(ordered, s):bisect.bisect_left(ordered, e)]  # s < cut < e
        bounds = [s] + inner + [e]
        for a, b in itertools.pairwise(bounds):
            a2, b2 = a, b
            while a2 < b2 and text[a2] in _SP:
                a2 += 1
            while b2 > a2 and text[b2 - 1] in _SP:
                b2 -= 1
            if a2 < b2:
                out.append((a2, b2))
    return out


def _title_end_in(s: str) -> int:
    """Where a title glued before a 文号's agency code ends (after its kind word), else 0: the
    latest end of a kind word at least two characters before the end of `s`."""
    best = 0
    limit = len(s) - 2
    for kind in DOC_TYPE_ENDINGS:
        if kind in _SELF_OVERLAPPING:  # occurrences overlap: the non-overlapping ones, from the left
            ends = [m.end() for m in re.finditer(re.escape(kind), s) if m.end() <= limit]
            end = max(ends, default=0)
        else:  # every occurrence counts: the last one that ends in time
            i = s.rfind(kind, 0, limit)
            end = i + len(kind) if i >= 0 else 0
        best = max(best, end)
    return best


# kinds a copy of which can begin inside another (none today): read as re.finditer reads them
_SELF_OVERLAPPING = frozenset(k for k in DOC_TYPE_ENDINGS if any(k[:i] == k[-i:] for i in range(1, len(k))))


def _slogan_cuts(head: str, cuts: set[int]) -> None:
    """A banner's slogan that closes a `《…》` run into the title under it (`…《…纲要》甲厅关于…的通知`):
    the title starts after the `》` when what follows reads `[issuing bodies]关于…<kind>` and the whole
    line does not."""
    from .titles import well_formed  # titles reads this module's names

    for m in re.finditer("》", head):
        start = head.rfind("\n", 0, m.start()) + 1
        end = head.find("\n", m.end())
        end = len(head) if end < 0 else end
        rest = head[m.end():end]
        if well_formed(rest, whole=False) and not well_formed(head[start:end], whole=False):
            cuts.add(m.end())


_CONTENTS_ENTRY_END_RE = re.compile(r"(?:[.．…·]{3,}|…{2,})\s*[0-9０-９]{1,4}(?=[\u4e00-\u9fff（《])")


def _head_cuts(text: str, spans: list[tuple[int, int]], head_end: int, cuts: set[int]) -> None:
    head = text[:head_end]
    for m in DOC_NUMBER_RE.finditer(head):
        if m.start() > 0 and text[m.start() - 1] in "《<〈":
            continue
        start = m.start()
        # the agency code must not swallow the title it is glued to
        agency = m.group("agency")
        cut_in = _title_end_in(agency)
        if cut_in:
            start = m.start() + cut_in
        end = m.end()
        if text[start - 1:start] in "（(" and text[end:end + 1] in "）)":
            start, end = start - 1, end + 1
        cuts.update((start, end))
    for m in re.finditer(rf"(?:令|公告|通告)(?:〔[0-9０-９]{{4}}〕|[0-9０-９]{{4}}年)?[（(]?第[0-9０-９{_CN}]+号[）)]?|第[0-9０-９{_CN}]+号令", head):
        run = re.search(r"[\u4e00-\u9fff（）()]{1,40}$", text[max(0, m.start() - 40):m.start()])
        if not run:
            continue
        pre = run.group(0)
        start = m.start() - len(pre) + _title_end_in(pre + "xx")
        cuts.update((start, m.end()))
    for m in _DATE_RE.finditer(head):
        before = text[max(0, m.start() - 4):m.start()]
        after = text[m.end():m.end() + 1]
        lead = text[max(0, m.start() - 9):m.start() - 1].rstrip("》")
        if m.start() > 0 and before[-1] in "（(" and after and after in "）)" \
                and any(lead.endswith(k) for k in DOC_TYPE_ENDINGS[:-2]):
            cuts.update((m.start() - 1, m.end() + 1))  # `…的通知（2018年12月6日）`: the title's date in brackets
            continue
        if after and after in _NOT_AFTER_DATE:
            continue
        if m.start() in cuts or before.endswith("号") or any(before.endswith(k) for k in DOC_TYPE_ENDINGS) \
                or text[m.start() - 1:m.start()] in f"{_SP}\n":
            cuts.update((m.start(), m.end()))
    for m in re.finditer(r"[（(]《[^》]{2,80}》(?:已经|经)", text[:head_end + 200]):
        close = re.search(r"[）)]", text[m.end():m.end() + 300])
        cuts.add(m.start())
        if close:
            cuts.add(m.end() + close.end())
    for kind in DOC_TYPE_ENDINGS[:-2] if "关于" in head else ():
        for m in re.finditer(re.escape(kind) + "(?=关于)", head):
            cuts.add(m.end())
    for m in re.finditer(r"》(?=《)", head):  # a title in 《》 printed above the sentence that quotes it
        opening = head.rfind("《", 0, m.start())
        if opening in cuts:
            cuts.add(m.end())
    for m in _CONTENTS_ENTRY_END_RE.finditer(head):  # a contents entry's dot leaders and page, then the next line
        cuts.add(m.end())
    _slogan_cuts(head, cuts)
    _addressee_cuts(text, spans, head_end, cuts)
    toc = re.search(r"目\s*录", head)
    if toc and (toc.start() in cuts):
        cuts.add(toc.end())


def _addressee_cuts(text: str, spans: list[tuple[int, int]], head_end: int, cuts: set[int]) -> None:
    """`…的通知各市人民政府：为…`: the title's kind word ends the title, `：` ends the 主送机关."""
    if text[head_end - 1:head_end] not in "：:":
        return
    if head_end < len(text) and text[head_end] not in _SP + "\n":
        cuts.add(head_end)
    start = max([c for c in cuts if c < head_end - 1] + [0])
    piece = text[start:head_end]
    anchor = max(piece.rfind("关于"), piece.rfind("》"), piece.rfind(">"))
    if anchor < 0:
        return
    best = None
    for kind in DOC_TYPE_ENDINGS[:-2]:
        i = piece.find(kind, anchor)
        if i >= 0 and (best is None or i + len(kind) < best) and i + len(kind) < len(piece) - 2:
            best = i + len(kind)
    if best is not None:
        cuts.add(start + best)


def _lead_orgs(text: str, pieces: list[tuple[int, int]], head_end: int) -> list[str]:
    """The issuers a title names before `关于` (`A厅B委关于印发…的通知`)."""
    for s, e in pieces:
        if s > head_end:
            break
        m = re.match(rf"^(?P<orgs>[\u4e00-\u9fff（）(){_SP}]{{2,120}}?)关于", text[s:e])
        if m:
            return split_orgs(m.group("orgs"))
    return []


def _signature_cuts(text: str, spans: list[tuple[int, int]], cuts: set[int], lead_orgs: list[str],
                    known_titles: set[str]) -> None:
    found: list[tuple[int, int]] = []
    for m in re.finditer(r"附(?<=[。；！？]附)\s*件\s*[0-9０-９]*\s*[：:]", text):  # 附 first: found faster
        cuts.add(m.start())
    for m in _SIGNER_DATE_RE.finditer(text):
        if not (text[m.end("date"):m.end("date") + 1] and text[m.end("date")] in _NOT_AFTER_DATE):
            found.append((m.start(), m.end("date")))
    for m in _signature_matches(text):
        after = text[m.end():m.end() + 1]
        if after and after in _NOT_AFTER_DATE:
            continue
        orgs = split_orgs(m.group("orgs"))
        if not orgs:
            continue
        # the signature starts at the first organisation name (what precedes it is a sentence end)
        found.append((m.start(), m.end()))
    if lead_orgs:
        names = "|".join(re.escape(o) for o in sorted(lead_orgs, key=len, reverse=True))
        for m in re.finditer(rf"(?:{names})(?:[{_SP}]*(?:{names}))*[{_SP}]*(?P<date>{_DATE})", text):
            after = text[m.end():m.end() + 1]
            if not (after and after in _NOT_AFTER_DATE):
                found.append((m.start(), m.end()))
    for start, end in found:
        cuts.update((start, end))
        dm = _DATE_RE.search(text, start, end)
        if dm:
            cuts.add(dm.start())
        _after_signature_cuts(text, end, cuts, known_titles)


def _after_signature_cuts(text: str, pos: int, cuts: set[int], known_titles: set[str]) -> None:
    """After a signature: a `（此件…）` note, an `附件` marker and the enclosed policy's title."""
    while pos < len(text) and text[pos] in _SP + "\n":
        pos += 1
    m = re.match(r"[（(]此件[^）)]{1,10}[）)]", text[pos:])
    if m:
        cuts.update((pos, pos + m.end()))
        pos += m.end()
        while pos < len(text) and text[pos] in _SP + "\n":
            pos += 1
    m = _ANNEX_MARK_RE.match(text, pos)
    if m:
        cuts.update((pos, m.end()))
        pos = m.end()
        while pos < len(text) and text[pos] in _SP + "\n":
            pos += 1
    for title in sorted(known_titles, key=len, reverse=True):
        if text.startswith(title, pos):
            cuts.update((pos, pos + len(title)))
            break


def _value(kind: str, m: re.Match[str]) -> int | None:
    raw = m.group(kind)
    if kind in ("chapter", "section", "article"):
        raw = raw[1:-1]
    try:
        return cn_to_int(raw)
    except Exception:  # noqa: BLE001 - not a number after all
        return None


_ANNEX_LABEL_END_RE = re.compile(r"附\s*件\s*[0-9０-９]*\s*[：:]\s*$")
_ITEM_TEXT_START_RE = re.compile(r"[\u4e00-\u9fff“《（(【\[A-Za-z]")  # what an item's text begins with
_CLAUSE_MARK_RE = re.compile(r"[，。；：、,;:]")


def _numbering_cuts(text: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    last: dict[str, int] = {}
    out: list[tuple[int, int]] = []
    for s, e in pieces:
        first = _ITEM_RE.match(text, s, e)
        seg_start, seg_item = s, None
        kind = first.lastgroup if first else None
        if first and kind and match_number(text[s:e]) and (v := _value(kind, first)) is not None:
            last[kind] = v
            seg_item = kind
        pos = s
        for m in _ITEM_RE.finditer(text, s + 1, e):
            kind = m.lastgroup
            assert kind
            p = m.start()
            v = _value(kind, m)
            if v is None:
                continue
            expected = v == last.get(kind, 0) + 1 or v == 1
            if not expected:
                continue
            if kind in ("chapter", "section", "article") and _REF_TAIL.match(text[m.end():m.end() + 2]):
                continue
            if kind in ("pcn", "ar", "cn") and text[p - 1] in "第款项条章节":
                continue
            if _ANNEX_LABEL_END_RE.search(text[max(0, p - 8):p]):
                continue
            nxt = text[m.end():m.end() + 1]
            if not _ITEM_TEXT_START_RE.match(nxt or "x") \
                    and (kind not in ("chapter", "section", "article") or nxt not in _SP):
                continue
            prev = text[p - 1]
            ok = prev in _TERMINAL or (prev in "”’」』" and text[p - 2] in _TERMINAL)
            if not ok and prev in "）)" and v == last.get(kind, 0) + 1 and kind in ("cn", "pcn", "ar", "article"):
                ok = True
            if not ok:
                seg = text[seg_start:p]
                if seg_item is not None and (sm := _ITEM_RE.match(seg)):
                    seg = seg[sm.end():]
                short = len(seg) <= 40 and not _CLAUSE_MARK_RE.search(seg)
                if short and seg_item is not None:
                    ok = _RANK[seg_item] < _RANK[kind] or (seg_item == kind and kind in ("chapter", "section"))
                elif short and seg_item is None and kind in ("chapter", "section", "article"):
                    ok = len(seg) <= 12
            if not ok:
                continue
            out.append((pos, p))
            pos, seg_start, seg_item = p, p, kind
            last[kind] = v
        out.append((pos, e))
    return [(a, b) for a, b in out if a < b]
