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


def check_pdf_streams(data: bytes, name: str) -> None:
    """Inflate every Flate stream once, in bounded chunks, and refuse the file past the bounds."""
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
        if b"/FlateDecode" not in head and b"/Fl " not in head and b"/Fl/" not in head and b"/Fl]" not in head:
            continue
        image = b"/Image" in head
        limit = MAX_PDF_IMAGE_STREAM if image else MAX_PDF_CONTENT_STREAM
        size = _inflated_size(data, start, end, limit + 1)
        if size > limit:
            kind = "an image stream" if image else "a stream"
            raise ResourceLimit(f"{kind} at byte {start} inflates to more than {limit} bytes "
                                f"({end - start} bytes compressed), over the bound", locator=name,
                                hint="a decompression bomb, or a file too large to read")
        total += size
        if total > MAX_PDF_DECOMPRESSED:
            raise ResourceLimit(f"the streams inflate to more than {MAX_PDF_DECOMPRESSED} bytes, over the bound",
                                locator=name, hint="split the document")


def _inflated_size(data: bytes, start: int, end: int, cap: int) -> int:
    """Bytes a zlib stream in `data[start:end]` inflates to, counted up to `cap` (nothing kept)."""
    inflater = zlib.decompressobj()
    size = 0
    view = memoryview(data)[start:end]
    try:
        for k in range(0, len(view), 64 * 1024):
            buf = inflater.decompress(view[k:k + 64 * 1024], _CHUNK)
            size += len(buf)
            while inflater.unconsumed_tail and size <= cap:
                buf = inflater.decompress(inflater.unconsumed_tail, _CHUNK)
                size += len(buf)
            if size > cap or inflater.eof:
                break
    except zlib.error:
        pass  # encrypted or damaged: the readers report it; what inflated so far counts
    return size


def check_pdf_pages(count: int, name: str) -> None:
    if count > MAX_PDF_PAGES:
        raise ResourceLimit(f"PDF has {count} pages, over the bound of {MAX_PDF_PAGES}", locator=name,
                            hint="split the document")
