"""What an input may cost before it is read: bytes read, decompressed size, pages, zip members.

A hostile file is small on disk and huge once read: a symlink to `/dev/zero` (its reported
size is 0), a FIFO that never ends, a PDF whose 4 MB hold a 4 GB stream, a DOCX whose
`document.xml` unpacks to a gigabyte.  Each is refused here with a one-line error naming
what was measured and the bound, before a parser sees it:

- `read_bounded`: only regular files are opened (a FIFO, device, socket or directory is
  refused from its `stat`, before any read, and opened non-blocking so nothing swapped in
  between can hang), and `max_bytes` is measured on the bytes actually read.
- `check_zip`: member count, total declared size (zipfile never inflates past a member's
  declared size, so the declaration bounds the work) and each large member's ratio.
- `check_pdf_streams`: every Flate stream is inflated once in bounded chunks, without being
  kept, so a stream's and the file's decompressed size are known before pdfminer or pdfium
  inflate anything; `check_pdf_pages` bounds the page count.
"""
from __future__ import annotations

import base64
import binascii
import os
import re
import stat
import zipfile
import zlib
from pathlib import Path

from ..errors import NotRegularFile, ResourceLimit, TooLarge

__all__ = ["MAX_PDF_CONTENT_STREAM", "MAX_PDF_DECOMPRESSED", "MAX_PDF_IMAGE_STREAM", "MAX_PDF_PAGES",
           "MAX_ZIP_MEMBERS", "MAX_ZIP_RATIO", "MAX_ZIP_UNCOMPRESSED", "check_pdf_pages", "check_pdf_streams",
           "check_zip", "read_bounded"]

MiB = 1024 * 1024
# a DOCX of a 300-page 公文 unpacks to a few MiB; python-docx holds every part as an lxml tree
# (~10× the XML), so 64 MiB of XML already costs most of the 1 GiB a document may use
MAX_ZIP_UNCOMPRESSED = 64 * MiB
MAX_ZIP_MEMBERS = 2000
# XML deflates 5-30× (the corpus's and the renderer's DOCX files: at most 12×); a member
# over 1 MiB that unpacks more than 200× is a bomb, not a document
MAX_ZIP_RATIO = 200
ZIP_RATIO_MIN_SIZE = 1 * MiB
# a page's content stream is KiB to a few MiB (a dense vector map); pdfminer parses it into
# Python objects at ~100× its size, so a content stream is bounded far below an image's
MAX_PDF_CONTENT_STREAM = 32 * MiB
# a 600-dpi A4 colour scan is ~100 MiB raw; pdfium inflates images one page at a time
MAX_PDF_IMAGE_STREAM = 256 * MiB
MAX_PDF_DECOMPRESSED = 1024 * MiB
# the corpus's compilation has 331 pages; a bound keeps a fabricated page tree from costing hours
MAX_PDF_PAGES = 3000

_CHUNK = 1 * MiB


def read_bounded(path: Path, max_bytes: int) -> bytes:
    """A regular file's bytes, refused when more than `max_bytes` are there to be read."""
    name = path.name
    try:
        st = os.stat(path)  # follows a symlink: what counts is what would be read
    except FileNotFoundError as exc:
        raise NotRegularFile("no such file", locator=name) from exc
    _require_regular(st.st_mode, name)
    if st.st_size > max_bytes:
        raise TooLarge(f"file is {st.st_size} bytes, over the {max_bytes}-byte limit", locator=name,
                       hint="split it or raise --max-bytes")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    fd = os.open(path, flags)
    try:
        _require_regular(os.fstat(fd).st_mode, name)  # the file opened is the file checked
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, min(_CHUNK, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > max_bytes:
                raise TooLarge(f"more than {max_bytes} bytes were read (the file reported {st.st_size})",
                               locator=name, hint="split it or raise --max-bytes")
    finally:
        os.close(fd)
    return b"".join(chunks)


def _require_regular(mode: int, name: str) -> None:
    if stat.S_ISREG(mode):
        return
    kind = ("a directory" if stat.S_ISDIR(mode) else "a FIFO (named pipe)" if stat.S_ISFIFO(mode)
            else "a character device" if stat.S_ISCHR(mode) else "a block device" if stat.S_ISBLK(mode)
            else "a socket" if stat.S_ISSOCK(mode) else "not a regular file")
    raise NotRegularFile(f"{kind}, not a regular file: not read", locator=name,
                         hint="give the document file itself")


def check_zip(zf: zipfile.ZipFile, name: str, what: str = "DOCX") -> None:
    """Refuse a package with too many members, too much to unpack, or a member that unpacks like a bomb."""
    infos = zf.infolist()
    if len(infos) > MAX_ZIP_MEMBERS:
        raise ResourceLimit(f"{what} package has {len(infos)} members, over the bound of {MAX_ZIP_MEMBERS}",
                            locator=name)
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > ZIP_RATIO_MIN_SIZE and info.file_size > MAX_ZIP_RATIO * max(1, info.compress_size):
            raise ResourceLimit(f"{what} member {info.filename} unpacks {info.file_size // max(1, info.compress_size)}"
                                f"× ({info.file_size} bytes from {info.compress_size}), over the bound of "
                                f"{MAX_ZIP_RATIO}×", locator=name, hint="a zip bomb, or re-save the file")
    if total > MAX_ZIP_UNCOMPRESSED:
        raise ResourceLimit(f"{what} package unpacks to {total} bytes, over the bound of {MAX_ZIP_UNCOMPRESSED}",
                            locator=name, hint="split the document")


# `stream` after a dictionary, up to `endstream`; the dictionary says the filter and the kind
_STREAM_RE = re.compile(rb"stream\r?\n")
_DICT_LOOKBACK = 4096
_FILTER_RE = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[A-Za-z0-9]+|\d+\s+\d+\s+R)")
_NAME_RE = re.compile(rb"/([A-Za-z0-9]+)")
_REF_RE = re.compile(rb"(\d+)\s+(\d+)\s+R")
# filters that expand what they decode, by their full and abbreviated names; images' own codecs
# (DCT, JPX, CCITT, JBIG2) are left: pdfium decodes an image one page at a time, at its stated size
_EXPANDING = {b"FlateDecode": "flate", b"Fl": "flate", b"LZWDecode": "lzw", b"LZW": "lzw",
              b"RunLengthDecode": "rl", b"RL": "rl", b"ASCII85Decode": "a85", b"A85": "a85",
              b"ASCIIHexDecode": "ahx", b"AHx": "ahx"}


def check_pdf_streams(data: bytes, name: str) -> None:
    """Decode every stream's filters once, in bounded steps, and refuse the file past the bounds:
    Flate, LZW and RunLength (a few bytes can stand for megabytes) and ASCII85/ASCIIHex, in chains
    too, named directly or through an indirect object."""
    total = 0
    pos = 0
    while True:
        m = _STREAM_RE.search(data, pos)
        if m is None:
            break
        start = m.end()
        if m.start() >= 3 and data[m.start() - 3:m.start()] == b"end":
            pos = start
            continue
        end = data.find(b"endstream", start)
        if end < 0:
            end = len(data)
        head = data[max(0, m.start() - _DICT_LOOKBACK):m.start()]
        dict_start = head.rfind(b"obj")
        head = head[dict_start:] if dict_start >= 0 else head
        pos = end + 9
        filters = _stream_filters(data, head)
        if not filters:
            continue
        image = b"/Image" in head
        limit = MAX_PDF_IMAGE_STREAM if image else MAX_PDF_CONTENT_STREAM
        size = _decoded_size(data[start:end], filters, limit + 1)
        if size > limit:
            kind = "an image stream" if image else "a stream"
            raise ResourceLimit(f"{kind} at byte {start} decodes ({', '.join(filters)}) to more than {limit} bytes "
                                f"({end - start} bytes encoded), over the bound", locator=name,
                                hint="a decompression bomb, or a file too large to read")
        total += size
        if total > MAX_PDF_DECOMPRESSED:
            raise ResourceLimit(f"the streams decode to more than {MAX_PDF_DECOMPRESSED} bytes, over the bound",
                                locator=name, hint="split the document")


def _stream_filters(data: bytes, head: bytes) -> list[str]:
    """The expanding filters a stream's dictionary names, in order (an indirect /Filter resolved);
    empty when it has none, or only image codecs."""
    m = _FILTER_RE.search(head)
    if m is None:
        return []
    value = m.group(1)
    ref = _REF_RE.fullmatch(value)
    if ref is not None:  # `/Filter 7 0 R`: the names are in object 7
        obj = re.search(rb"(?<![0-9])%s\s+%s\s+obj(.{0,512}?)endobj" % (ref.group(1), ref.group(2)), data, re.DOTALL)
        value = obj.group(1) if obj else b""
    names = _NAME_RE.findall(value)
    if any(n not in _EXPANDING for n in names):
        # an image codec ends the chain: what comes before it is bounded as it decodes
        names = names[:next(i for i, n in enumerate(names) if n not in _EXPANDING)]
    return [_EXPANDING[n] for n in names]


def _decoded_size(encoded: bytes, filters: list[str], cap: int) -> int:
    """Bytes `encoded` decodes to through `filters`, counted up to `cap`: every filter but the last
    decoded (its output bounded by `cap`), the last only counted."""
    for f in filters[:-1]:
        encoded, size = _DECODERS[f](encoded, cap, True)
        if size > cap:
            return size
    return _DECODERS[filters[-1]](encoded, cap, False)[1]


def _inflated_size(data: bytes, start: int, end: int, cap: int) -> int:
    """Bytes a zlib stream in `data[start:end]` inflates to, counted up to `cap` (nothing kept)."""
    return _flate(memoryview(data)[start:end], cap, False)[1]


def _flate(encoded: bytes | memoryview, cap: int, keep: bool) -> tuple[bytes, int]:
    inflater = zlib.decompressobj()
    out = bytearray()
    size = 0
    view = memoryview(encoded)
    try:
        for k in range(0, len(view), 64 * 1024):
            buf = inflater.decompress(view[k:k + 64 * 1024], _CHUNK)
            while True:
                size += len(buf)
                if keep:
                    out += buf
                if not inflater.unconsumed_tail or size > cap:
                    break
                buf = inflater.decompress(inflater.unconsumed_tail, _CHUNK)
            if size > cap or inflater.eof:
                break
    except zlib.error:
        pass  # encrypted or damaged: the readers report it; what inflated so far counts
    return bytes(out), size


def _lzw(encoded: bytes | memoryview, cap: int, keep: bool) -> tuple[bytes, int]:
    """PDF's LZW (codes of 9 to 12 bits, 256 clear, 257 end, widths changing one code early), up to `cap`
    bytes; without `keep` only the strings' lengths are tracked, so a bomb costs its codes, not its output."""
    table: list[bytes] = [bytes([i]) for i in range(256)] + [b"", b""]
    lengths = [1] * 258
    out = bytearray()
    size, width, acc, nbits = 0, 9, 0, 0
    prev: bytes | None = None
    prev_len = 0
    for byte in bytes(encoded):
        acc, nbits = (acc << 8) | byte, nbits + 8
        while nbits >= width:
            nbits -= width
            code = (acc >> nbits) & ((1 << width) - 1)
            acc &= (1 << nbits) - 1
            if code == 256:
                del table[258:], lengths[258:]
                width, prev = 9, None
                continue
            if code == 257 or code > len(lengths) or (prev is None and code >= 256):
                return bytes(out), size
            if code < len(lengths):
                length = lengths[code]
                entry = table[code] if keep else b""
            else:  # the code being defined: the previous string and its own first byte
                length = prev_len + 1
                entry = (prev + prev[:1]) if keep and prev is not None else b""
            if prev is not None and len(lengths) < 4096:
                lengths.append(prev_len + 1)
                table.append(prev + entry[:1] if keep else b"")
            prev, prev_len = entry, length
            size += length
            if keep:
                out += entry
            if size > cap:
                return bytes(out), size
            if len(lengths) + 1 >= (1 << width) and width < 12:
                width += 1
    return bytes(out), size


def _run_length(encoded: bytes | memoryview, cap: int, keep: bool) -> tuple[bytes, int]:
    data = bytes(encoded)
    out = bytearray()
    size, i = 0, 0
    while i < len(data) and size <= cap:
        n = data[i]
        if n == 128:
            break
        if n < 128:  # the next n + 1 bytes as they are
            count, chunk, i = n + 1, data[i + 1:i + 2 + n], i + 2 + n
        else:  # the next byte 257 - n times
            count, chunk, i = 257 - n, data[i + 1:i + 2] * (257 - n) if keep else b"", i + 2
        size += count
        if keep:
            out += chunk
    return bytes(out), size


def _ascii85(encoded: bytes | memoryview, cap: int, keep: bool) -> tuple[bytes, int]:
    text = re.sub(rb"\s", b"", bytes(encoded))
    text = text[2:] if text.startswith(b"<~") else text
    text = text.split(b"~>", 1)[0]
    if not keep:  # `z` is four zero bytes, five characters four bytes
        zeros = text.count(b"z")
        return b"", 4 * zeros + (len(text) - zeros) * 4 // 5
    try:
        out = base64.a85decode(text)
    except ValueError:
        return b"", 0  # damaged: the readers report it
    return out, len(out)


def _ascii_hex(encoded: bytes | memoryview, cap: int, keep: bool) -> tuple[bytes, int]:
    digits = re.sub(rb"[^0-9A-Fa-f]", b"", bytes(encoded).split(b">", 1)[0])
    if not keep:
        return b"", (len(digits) + 1) // 2
    out = binascii.unhexlify(digits + b"0" * (len(digits) % 2))
    return out, len(out)


_DECODERS = {"flate": _flate, "lzw": _lzw, "rl": _run_length, "a85": _ascii85, "ahx": _ascii_hex}


def check_pdf_pages(count: int, name: str) -> None:
    if count > MAX_PDF_PAGES:
        raise ResourceLimit(f"PDF has {count} pages, over the bound of {MAX_PDF_PAGES}", locator=name,
                            hint="split the document")
