"""Legacy Word (.doc), WPS (.wps) and RTF through LibreOffice; DOCX with tracked changes, text boxes, tables.

The .doc fixtures are LibreOffice's conversions of the tests' own DOCX renderings of the seed
texts (no real .doc is in the repo), so the record a .doc gives must equal the text's record.
These tests need LibreOffice (`apt-get install libreoffice-writer-nogui`): without it they fail.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import office_fixtures as of
from compare import comparable, differences
from test_formats import SEEDS, _docx, _paragraphs, _record

from pipeline.errors import ConverterMissing, UnsupportedFormat
from pipeline.ingest import ingest_bytes


def _soffice() -> str:
    exe = shutil.which("soffice")
    assert exe, "LibreOffice is not installed: apt-get install libreoffice-writer-nogui"
    return exe


@pytest.fixture(scope="module")
def legacy_seeds(seed_records, tmp_path_factory) -> dict[str, dict[str, bytes]]:
    """Each seed's DOCX rendering converted by LibreOffice to .doc and .rtf (one soffice run per format)."""
    exe = _soffice()
    folder = tmp_path_factory.mktemp("legacy")
    for stem in SEEDS:
        (folder / f"{stem}.docx").write_bytes(_docx(_paragraphs(stem, seed_records)))
    docx_files = [str(folder / f"{stem}.docx") for stem in SEEDS]
    for filt in ("doc:MS Word 97", "rtf:Rich Text Format"):
        subprocess.run([exe, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                        "--convert-to", filt, "--outdir", str(folder), *docx_files],
                       check=True, capture_output=True, timeout=600, env={"HOME": str(folder), "PATH": "/usr/bin:/bin"})
    return {stem: {ext: (folder / f"{stem}.{ext}").read_bytes() for ext in ("doc", "rtf")} for stem in SEEDS}


@pytest.mark.parametrize("stem", SEEDS)
def test_doc_record_equals_text_record(stem, legacy_seeds, seed_records):
    data = legacy_seeds[stem]["doc"]
    assert data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "the fixture is a real OLE Word 97 file"
    got = _record(data, f"{stem}.doc")
    assert got["source"]["format"] == "docx"
    assert any("converted to DOCX by LibreOffice" in w for w in got["warnings"])
    diffs = differences(comparable(seed_records[stem].to_dict()), comparable(got))
    assert not diffs, "\n".join(diffs[:20])


@pytest.mark.parametrize("stem", SEEDS[:2])
def test_wps_is_read_like_doc(stem, legacy_seeds, seed_records):
    """WPS Office writes .wps as the Word 97 binary format: the same bytes under a .wps name."""
    got = _record(legacy_seeds[stem]["doc"], f"{stem}.wps")
    diffs = differences(comparable(seed_records[stem].to_dict()), comparable(got))
    assert not diffs, "\n".join(diffs[:20])


@pytest.mark.parametrize("stem", [SEEDS[0], SEEDS[-1]])  # the last seed has the merged-cell annex table
def test_rtf_record_equals_text_record(stem, legacy_seeds, seed_records):
    data = legacy_seeds[stem]["rtf"]
    assert data.startswith(b"{\\rtf")
    got = _record(data, f"{stem}.rtf")
    diffs = differences(comparable(seed_records[stem].to_dict()), comparable(got))
    assert not diffs, "\n".join(diffs[:20])


def _hard_blocks(with_control: bool) -> list[str]:
    title = of.para("某某市科学技术局文件", style="Title")
    return [
        of.content_control(title) if with_control else title,
        of.para("关于印发《某某市科技创新奖励办法》的通知", style="Title"),
        of.para("对认定的高新技术企业给予", of.deleted("最高30万元"), of.inserted("最高50万元"), "奖励。"),
        of.para("正文段落一。", of.text_box(of.para("文本框中的说明：奖励资金由市财政承担。"))),
        of.table([[of.cell(of.para("序号"), vmerge="restart"), of.cell(of.para("项目"), vmerge="restart"),
                   of.cell(of.para("奖励标准"), span=2)],
                  [of.cell(vmerge="continue"), of.cell(vmerge="continue"), of.cell(of.para("国家级")),
                   of.cell(of.para("省级"))],
                  [of.cell(of.para("1")), of.cell(of.para("专精特新"), of.para("小巨人企业")),
                   of.cell(of.para("100万元")), of.cell(of.para("50万元"))]], 4),
        of.para("本办法自印发之日起施行。"),
    ]


HARD_TEXT = ("某某市科学技术局文件\n关于印发《某某市科技创新奖励办法》的通知\n对认定的高新技术企业给予最高50万元奖励。\n"
             "正文段落一。\n文本框中的说明：奖励资金由市财政承担。\n序号\t项目\t奖励标准\n\t\t国家级\t省级\n"
             "1\t专精特新 小巨人企业\t100万元\t50万元\n本办法自印发之日起施行。\n")


def test_docx_tracked_changes_text_boxes_merged_cells_content_controls():
    ingested = ingest_bytes(of.docx(*_hard_blocks(with_control=True)), "hard.docx")
    assert ingested.text == HARD_TEXT  # deletion dropped, insertion kept, text box once, cells on the grid
    assert any("tracked changes" in w for w in ingested.warnings)


@pytest.mark.parametrize("target", ["doc", "rtf"])
def test_legacy_tracked_changes_text_boxes_tables(target):
    """The same document saved as .doc / .rtf by LibreOffice reads to the same text (Word 97 has no
    content controls, so the title is a plain paragraph there).  antiword, measured on this file,
    prints the deleted `最高30万元` beside the inserted amount and splits the two-paragraph cell
    into two rows; that is why the converter is LibreOffice."""
    _soffice()
    data = of.convert(of.docx(*_hard_blocks(with_control=False)), ".docx", target)
    assert ingest_bytes(data, f"hard.{target}").text == HARD_TEXT


def test_missing_converter_is_one_line_naming_the_package(monkeypatch, legacy_seeds):
    from pipeline.ingest import legacy

    monkeypatch.setattr(legacy, "find_soffice", lambda: None)
    with pytest.raises(ConverterMissing) as err:
        ingest_bytes(legacy_seeds[SEEDS[0]]["doc"], "notice.doc")
    line = err.value.one_line()
    assert line == ("notice.doc: a .doc file needs LibreOffice to be read, and soffice is not installed "
                    "(apt-get install libreoffice-writer-nogui)")
    assert err.value.exit_code == 2


def test_doc_that_is_really_docx_or_html(seed_records):
    stem = SEEDS[1]
    data = _docx(_paragraphs(stem, seed_records))
    got = ingest_bytes(data, "attachment.doc")
    assert any("DOCX package named .doc" in w for w in got.warnings)
    page = "<html><head><meta charset='utf-8'></head><body><div id='zoom'>" + "".join(
        f"<p>{line}</p>" for _, line in _paragraphs(stem, seed_records) if "\t" not in line) + "</div></body></html>"
    got = ingest_bytes(page.encode("utf-8"), "saved-as-word.doc")
    assert got.source.format == "html" and "Word HTML" in got.warnings[0]


def test_doc_with_no_known_signature_is_refused():
    with pytest.raises(UnsupportedFormat) as err:
        ingest_bytes(b"\x01\x02 some binary WPS 2000 bytes " * 20, "old.wps")
    assert err.value.one_line().startswith("old.wps: not a Word, WPS or RTF document")


def test_unreadable_ole_is_one_line_error():
    _soffice()
    junk = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    with pytest.raises(UnsupportedFormat) as err:
        ingest_bytes(junk, "broken.doc")
    assert err.value.one_line().startswith("broken.doc: LibreOffice cannot read this .doc file")
