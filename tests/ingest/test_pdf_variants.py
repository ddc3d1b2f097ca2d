"""Layouts a real office may print: a table running over a page break, a running header."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "render"))
from compare import comparable, differences

from pipeline.engine import process_file
from pipeline.ingest import ingest_file

RAW = HERE.parents[0] / "seeds"
TABLE_DOC = "004_3dc2365f799b5415"


@pytest.fixture(scope="module")
def render(tmp_path_factory, rendered_pdfs):  # rendered_pdfs: skips when the font is missing
    from printer import Options
    from render_gongwen import render_file

    out = tmp_path_factory.mktemp("variants")

    def _render(stem: str, **options) -> Path:
        name = stem + "_" + "_".join(f"{k}-{v}" for k, v in sorted(options.items())) + ".pdf"
        return render_file(RAW / f"{stem}.txt", out / name, Options(**options))
    return _render


@pytest.mark.parametrize("repeat_header", [True, False])
def test_table_continued_on_next_page_is_one_table(render, seed_records, repeat_header):
    path = render(TABLE_DOC, annex_new_page=False, repeat_table_header=repeat_header)
    ingested = ingest_file(path)
    assert len(ingested.tables) == 1
    rows = ingested.tables[0]
    assert len({r.page for r in rows}) == 2, "the fixture must split the table over two pages"
    assert len(rows) == 17  # a repeated header is not read twice
    assert [r.cells[0] for r in rows[2:]] == [str(i) for i in range(1, 15)] + ["合计"]
    diffs = differences(comparable(seed_records[TABLE_DOC].to_dict()), comparable(process_file(path).to_dict()))
    assert not diffs, "\n".join(diffs[:20])


@pytest.mark.parametrize("stem", ["001_ebfee30354606d84", "003_3d7294011066eb67"])
def test_running_header_is_removed(render, seed_records, stem):
    header = "连云港市人民政府规范性文件"
    path = render(stem, running_header=header)
    text = ingest_file(path).text
    assert header not in text
    diffs = differences(comparable(seed_records[stem].to_dict()), comparable(process_file(path).to_dict()))
    assert not diffs, "\n".join(diffs[:20])


def test_rendering_is_reproducible(render, rendered_pdfs):
    a = render("003_3d7294011066eb67", justify=True)
    assert a.read_bytes() == rendered_pdfs["003_3d7294011066eb67"].read_bytes()
