"""Cue spans read over cue windows (pipeline/extract/cues.py) are the SpanRuler's over jieba's
tokens of the whole text: the finder only skips segmenting what jieba cannot cut otherwise."""
from __future__ import annotations

import re

import pytest
from helpers import doc_of
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.config import PROJECT_DIR
from pipeline.extract import extract_mentions
from pipeline.extract.cues import cue_finder
from pipeline.extract.nlp import CUE_KEY, CUE_RULER, build_nlp
from pipeline.extract.roles import CUE_PATTERNS

SEED_FILES = sorted((PROJECT_DIR / "tests" / "seeds").glob("*.txt"))

_CUES = sorted({w for ws in CUE_PATTERNS.values() for w in ws})
# pieces that make jieba cut around and across cue words: words that hold a cue (奖励金,
# 以上海, 按时), single characters its HMM joins (按, 最, 多), digits, spaces and brackets
_PIECES = _CUES + [
    "金", "额", "项", "目", "的", "企业", "上海", "以", "照", "按", "最", "多", "不", "低于", "高", "于", "达",
    "超", "过", "予", "给", "奖", "励", "补", "助", "性", "次", "一", "100", "5", "万元", " ", "　", "、", "（",
    "）", "金额", "照片", "按时", "增长率", "给予以", "奖励金", "以上海", "力争取", "突破口", "封顶级", "超过去",
]


def _ruler_cues(text: str) -> list[tuple[int, int, str]]:
    nlp = build_nlp()
    doc = nlp.get_pipe(CUE_RULER)(nlp.make_doc(text))
    return [(s.start_char, s.end_char, s.label_) for s in doc.spans[CUE_KEY]]


def _spaced_cue(text: str) -> bool:
    """A cue of several tokens written with spaces between them (`最 多`)."""
    nlp = build_nlp()
    tokens = [[t.text for t in nlp.make_doc(w)] for w in _CUES]
    return any(re.search(r"\s+".join(map(re.escape, t)), text) for t in tokens if len(t) > 1)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=14).map("".join))
def test_windows_find_what_the_ruler_finds(text: str) -> None:
    found = cue_finder()(text)
    if found is None:
        assert _spaced_cue(text)
    else:
        assert found == _ruler_cues(text)


@pytest.mark.parametrize("text, expected", [
    ("以上海为例", []),  # 以 | 上海
    ("100万元以上", [(5, 7, "ABOVE")]),
    ("按时足额拨付", []),  # 按时 is one word
    ("按项目投资额", [(0, 1, "RATE_BY")]),  # a single character: settled at the edge of its block
    ("奖励金额100万元", [(0, 2, "GRANT")]),  # 奖励 | 金额, though 奖励金 is a word
    ("给予以奖励", [(0, 2, "GRANT"), (3, 5, "GRANT")]),  # 给予 and 予以 overlap
    ("封顶级", []),  # 封 | 顶级
    ("单个企业每年最高奖励额", [(6, 8, "MAX"), (8, 10, "GRANT")]),
])
def test_cue_examples(text: str, expected: list[tuple[int, int, str]]) -> None:
    assert cue_finder()(text) == expected == _ruler_cues(text)


def test_spaced_cue_goes_through_the_pipeline() -> None:
    assert cue_finder()("最 多奖励") is None
    ex = extract_mentions(doc_of("每个企业最 多奖励50万元。"))
    assert [(a.text, a.role) for a in ex.amounts] == [("50万元", "max")]


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.stem)
def test_every_segment_of_the_seeds(path) -> None:
    for segment in re.split(r"[，,；;：:。！？!?\n]", path.read_text(encoding="utf-8")):
        assert cue_finder()(segment) == _ruler_cues(segment), segment
