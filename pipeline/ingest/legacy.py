"""Legacy word-processor files (.doc, .wps, .rtf) → DOCX with LibreOffice headless, then `docx.py`.

What many government sites attach is a Word 97-2003 `.doc` or a WPS Office `.wps` (an
OLE compound file with the same `WordDocument` stream), or an `.rtf`.  No Python library
reads these faithfully, so a real converter does: `soffice --headless --convert-to docx`
(Debian `libreoffice-writer-nogui`).  It was chosen over antiword and catdoc by
measurement on the same files (`tests/ingest/test_legacy.py`, README *PDF and other
formats*): LibreOffice keeps the tables as tables, the heading styles and the merged
cells, so the record equals the one the DOCX gives; antiword prints tables as padded
`|` grids and loses the title style, catdoc garbles the text (mojibake mid-document).
LibreOffice is ~1 s a file where antiword is ~10 ms: the price of records that are right.

A file named `.doc` is often something else: a DOCX renamed, an HTML or MHTML page
"saved as Word", an RTF.  The content decides (`sniff`): a zip goes to the DOCX reader,
HTML to the HTML reader, and only OLE and RTF files go to the converter.

Each conversion runs in a private temporary folder with its own LibreOffice profile, so
concurrent workers never share (or lock) one, under a time limit; the converter's output
is read by the DOCX reader with its own size bounds.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import ConverterMissing, InputError, UnsupportedFormat

__all__ = ["CONVERT_TIMEOUT_S", "LIBREOFFICE_PACKAGE", "convert_to_docx", "find_soffice", "sniff"]

LIBREOFFICE_PACKAGE = "libreoffice-writer-nogui"
# a legacy document of a few hundred pages converts in a few seconds; a file that takes
# longer is refused rather than left to hold a worker
CONVERT_TIMEOUT_S = 120
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff(data: bytes) -> str:
    """What a legacy-suffixed file really holds: "ole", "rtf", "zip", "html", "pdf" or "unknown"."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if data[:8] == OLE_MAGIC:
        return "ole"
    if head[:5] == b"{\\rtf":
        return "rtf"
    if data[:4] == b"PK\x03\x04":
        return "zip"
    if head[:5] == b"%PDF-":
        return "pdf"
    lower = head[:1024].lower()
    if lower.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in lower or b"mime-version:" in lower:
        return "html"
    return "unknown"


def find_soffice() -> str | None:
    for exe in ("soffice", "libreoffice"):
        path = shutil.which(exe)
        if path:
            return path
    return None


def convert_to_docx(data: bytes, name: str, kind: str) -> bytes:
    """The DOCX LibreOffice makes of a legacy document (`kind` "ole" or "rtf", from `sniff`)."""
    suffix = Path(name).suffix.lower() or ".doc"
    exe = find_soffice()
    if exe is None:
        raise ConverterMissing(f"a {suffix} file needs LibreOffice to be read, and soffice is not installed",
                               locator=name, hint=f"apt-get install {LIBREOFFICE_PACKAGE}")
    with tempfile.TemporaryDirectory(prefix="policykg-convert-") as tmp:
        folder = Path(tmp)
        # the input's own name could hold anything; the converter sees a fixed one with the
        # suffix that tells its import filter what to expect
        src = folder / ("input" + (".rtf" if kind == "rtf" else ".doc"))
        src.write_bytes(data)
        out_dir = folder / "out"
        profile = (folder / "profile").as_uri()
        cmd = [exe, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--nolockcheck",
               "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out_dir), str(src)]
        env = {**os.environ, "HOME": tmp, "SAL_USE_VCLPLUGIN": "svp"}
        try:
            proc = subprocess.run(cmd, capture_output=True, timeout=CONVERT_TIMEOUT_S, env=env, check=False,
                                  stdin=subprocess.DEVNULL, start_new_session=True)
        except subprocess.TimeoutExpired as exc:
            raise InputError(f"LibreOffice did not convert the file within {CONVERT_TIMEOUT_S} s", locator=name,
                             hint="open it in an office program and save it as .docx") from exc
        except OSError as exc:
            raise ConverterMissing(f"LibreOffice cannot be started ({exc})", locator=name,
                                   hint=f"apt-get install {LIBREOFFICE_PACKAGE}") from exc
        out = out_dir / (src.stem + ".docx")
        if proc.returncode != 0 or not out.exists():
            detail = (proc.stderr or proc.stdout).decode("utf-8", "replace").strip().splitlines()
            why = next((ln for ln in detail if "javaldx" not in ln), "no output")
            raise UnsupportedFormat(f"LibreOffice cannot read this {suffix} file ({why[:120]})", locator=name,
                                    hint="open it in an office program and save it as .docx")
        return out.read_bytes()
