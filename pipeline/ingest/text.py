"""Plain text and markdown: bytes → str with the encoding detected, then lines."""
from __future__ import annotations

import codecs
import re

from ..errors import EmptyInput, EncodingError, InputError
from .layout import Line, strip_markdown

# encodings a Chinese government text plausibly arrives in, in order of trust
_CJK_ENCODINGS = ("gb18030", "gbk", "gb2312", "big5", "utf_16", "utf_16_le", "utf_16_be")


def decode_text(data: bytes, name: str) -> str:
    """Decode `data`, detecting UTF-8 (with or without BOM), UTF-16 and GB18030/GBK."""
    if not data.strip():
        raise EmptyInput("file is empty", locator=name)
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return _decode(data, enc, name)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = _guess(data, name)
    else:
        if "\x00" in text:  # UTF-16 of ASCII lines, digits and newlines is also valid UTF-8
            text = _utf16_without_bom(data) or text
    _check_is_text(text, name)
    return text


# what a Chinese text decoded from UTF-16 with the right byte order holds: whitespace, ASCII,
# Latin-1, general punctuation (“” — …), enclosed/Roman numerals and shapes (①, Ⅰ, □), CJK symbols
# and ideographs, full-width forms; the wrong byte order or GBK bytes read as UTF-16 give mostly
# other blocks (Hangul, private use, unpaired surrogates)
_UTF16_PLAUSIBLE = re.compile("[\t\n\r\f\x20-\x7e\xa0-\xff\u2000-\u206f\u2150-\u218f\u2460-\u27bf"
                              "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]")
_UTF16_MIN_PLAUSIBLE = 0.97


def _utf16_without_bom(data: bytes) -> str | None:
    """The text of UTF-16 bytes written without a byte-order mark (Windows' "Unicode" text), or None.

    Each byte order is tried; one is taken when it decodes and nearly all its characters are what a
    Chinese text holds (and some are CJK, or the text is ASCII).  An odd length is not UTF-16."""
    if len(data) % 2:
        return None
    sample = data[:8192]
    for codec in ("utf-16-le", "utf-16-be"):
        try:  # incremental: a pair of surrogates cut at the sample's end is not an error
            head = codecs.getincrementaldecoder(codec)().decode(sample, final=len(sample) == len(data))
        except UnicodeDecodeError:
            continue
        plausible = len(_UTF16_PLAUSIBLE.findall(head))
        if head and plausible >= _UTF16_MIN_PLAUSIBLE * len(head) and "\x00" not in head:
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                return None
    return None


# what a page declares (`<meta charset>`, `<meta http-equiv="Content-Type" content="…; charset=…">`,
# an XML declaration), looked for where a page's head is
_DECLARED = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)|"""
                       rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.\-]+)""", re.IGNORECASE)
_HEAD_BYTES = 16 * 1024
# the labels browsers read as GBK (WHATWG Encoding), decoded as GB18030, GBK's superset: a page
# declared gb2312 routinely holds characters only GBK has; Big5's labels likewise
_GB_LABELS = {"gb2312", "gb_2312", "gb_2312-80", "gbk", "x-gbk", "chinese", "csgb2312", "csiso58gb231280",
              "iso-ir-58", "gb18030", "cp936", "windows-936"}
_BIG5_LABELS = {"big5", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5"}
_UTF8_LABELS = {"utf-8", "utf8", "unicode-1-1-utf-8"}


def declared_charset(data: bytes) -> tuple[str, str] | None:
    """(label as written, Python codec) of the charset an HTML page declares, if it is one trusted here:
    UTF-8, the GB family or Big5.  A declared single-byte charset is left to detection (a Chinese page
    declared iso-8859-1 decodes without error, to mojibake)."""
    m = _DECLARED.search(data[:_HEAD_BYTES])
    if m is None:
        return None
    label = (m.group(1) or m.group(2)).decode("ascii").strip().lower()
    codec = "gb18030" if label in _GB_LABELS else "big5hkscs" if label in _BIG5_LABELS \
        else "utf-8" if label in _UTF8_LABELS else None
    return (label, codec) if codec else None


def decode_html(data: bytes, name: str) -> tuple[str, tuple[str, ...]]:
    """Decode an HTML page and say when its declared charset was wrong.

    A byte-order mark wins; then bytes that are valid UTF-8 and not plain ASCII are UTF-8 whatever
    the page declares (GBK text is practically never valid UTF-8; a page re-saved as UTF-8 keeps
    its old `charset=gb2312`); then the declared charset if the bytes are valid in it; else the
    encoding is detected as for a text file."""
    declared = declared_charset(data)
    if declared is None or data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_text(data, name), ()
    label, codec = declared
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        _check_is_text(text, name)
        wrong = codec != "utf-8" and not text.isascii()
        return text, ((f"the page declares charset {label}, but its bytes are UTF-8: read as UTF-8",) if wrong else ())
    if codec != "utf-8":
        try:
            text = data.decode(codec)
        except UnicodeDecodeError as exc:
            problem = f"not valid {label} at byte {exc.start}"
        else:
            _check_is_text(text, name)
            return text, ()
    else:
        problem = "not valid UTF-8"
    text = decode_text(data, name)
    return text, (f"the page declares charset {label}, but its bytes are {problem}: the encoding was detected",)


def _decode(data: bytes, encoding: str, name: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise EncodingError(f"not valid {encoding} at byte {exc.start}", locator=name) from exc
    _check_is_text(text, name)
    return text


def _guess(data: bytes, name: str) -> str:
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16
    if b"\x00" in data[:4096] and not _looks_utf16(data):
        raise InputError("binary file, not text", locator=name, hint="give a .txt, .pdf, .docx or .html")
    from charset_normalizer import from_bytes  # only for files that are not UTF-8: not at start-up

    best = from_bytes(data, cp_isolation=list(_CJK_ENCODINGS)).best()
    if best is None:
        raise EncodingError("cannot detect the text encoding", locator=name,
                            hint="save it as UTF-8 or GB18030")
    return str(best)


def _looks_utf16(data: bytes) -> bool:
    sample = data[:4096]
    return sample[1::2].count(0) > len(sample) // 4 or sample[0::2].count(0) > len(sample) // 4


# control characters but the four a text file holds (\t \n \f \r): one regex pass counts them
# (a per-character loop was a third of ingest's time on a 10 KB text)
_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f]")


def _check_is_text(text: str, name: str) -> None:
    if not text.strip():
        raise EmptyInput("file holds no text", locator=name)
    controls = len(_CONTROLS.findall(text))
    if controls > max(8, len(text) // 50) or "\ufffd" in text[:2000] and text.count("\ufffd") > len(text) // 50:
        raise InputError("binary file, not text", locator=name, hint="give a .txt, .pdf, .docx or .html")


def text_lines(text: str) -> list[Line]:
    """Lines of a text or markdown file; markdown marks are layout, not content."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    lines = []
    for raw in text.split("\n"):
        line = strip_markdown(raw)
        if line is not None:
            lines.append(line)
    return lines
