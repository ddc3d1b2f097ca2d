"""A crawled body taken twice is read once, with a warning; anything short of an exact repeat is kept."""
from __future__ import annotations

import pytest

from pipeline.ingest import ingest_bytes
from pipeline.ingest.repeats import drop_repeated_copy
from pipeline.normalize import core_text

ROOT = __import__("pathlib").Path(__file__).resolve().parents[2]
# two tuning-set bodies (the crawl of the Hebei sites): one with `　　` indents, one run together
BODIES = {
    "indented": (ROOT / "tests/corpus/docs/c003_hebei_naiye_zhengce_2022.txt").read_text(encoding="utf-8"),
    "run-together": (ROOT / "tests/corpus/docs/c012_hebei_zhongyang_zhuji_yuansuo_2017.txt")
    .read_text(encoding="utf-8").replace("\u3000", ""),
}
SEPARATORS = {"none": "", "blank lines": "\n\n\n", "indent": "\u3000\u3000", "nbsp": "\u00a0\n"}


@pytest.mark.parametrize("body", BODIES.values(), ids=BODIES.keys())
@pytest.mark.parametrize("sep", SEPARATORS.values(), ids=SEPARATORS.keys())
def test_two_copies_read_as_one(body: str, sep: str) -> None:
    text, warning = drop_repeated_copy(body + sep + body)
    assert core_text(text) == core_text(body)
    assert warning is not None and "the same body twice" in warning


@pytest.mark.parametrize("body", BODIES.values(), ids=BODIES.keys())
def test_near_repeats_and_single_copies_are_kept(body: str) -> None:
    for text in (body, body + body.rstrip()[:-1], body + body.replace("万元", "元", 1), body + "\n" + body + "。"):
        assert drop_repeated_copy(text) == (text, None)


def test_ingest_warns_and_keeps_the_first_copy() -> None:
    body = BODIES["indented"]
    record = ingest_bytes((body + "\n\n\n" + body).encode("utf-8"), "twice.txt")
    assert core_text(record.text) == core_text(body)
    assert any("the same body twice" in w for w in record.warnings)
