"""extract's jieba tokens and cue ruler without spaCy (pipeline/extract/segmenter.py) are spaCy's:
the tokens of `spacy.blank("zh")` with the jieba segmenter and the `policy_cues` SpanRuler's spans,
on the seeds' and tuning documents' sentences and on texts made of the pieces that trip them
(spaces of every kind, runs of them, digits, Latin, brackets)."""
from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.config import PROJECT_DIR
from pipeline.errors import ExtractSetupError
from pipeline.extract.nlp import CUE_KEY, CUE_RULER, build_nlp
from pipeline.extract.roles import CUE_PATTERNS
from pipeline.extract.segmenter import CueRuler, tokens

_SPLIT = json.loads((PROJECT_DIR / "tests" / "corpus" / "split.json").read_text(encoding="utf-8"))
TEXTS = sorted((PROJECT_DIR / "tests" / "seeds").glob("*.txt")) + sorted(
    p for p in (PROJECT_DIR / "tests" / "corpus" / "docs").glob("*.txt") if p.stem in _SPLIT["tuning"])
_CUES = sorted({w for ws in CUE_PATTERNS.values() for w in ws})
_PIECES = _CUES + ["企业", "奖励金", "以上海", "按时", "最", "多", "金额", "100", "5.5", "万元", "%", "ABC", "a",
                   " ", "  ", "\u3000", "\t", "\n", "\r\n", "\u00a0", "（", "）", "、", "，", "。", "-"]


def _spacy_tokens(text: str) -> list[tuple[int, int, str]]:
    return [(t.idx, t.idx + len(t.text), t.text) for t in build_nlp().make_doc(text)]


def _spacy_cues(text: str) -> list[tuple[int, int, str]]:
    nlp = build_nlp()
    doc = nlp.get_pipe(CUE_RULER)(nlp.make_doc(text))
    return [(s.start_char, s.end_char, s.label_) for s in doc.spans[CUE_KEY]]


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.stem)
def test_tokens_and_cues_of_real_sentences_are_spacy_s(path) -> None:
    ruler = CueRuler(CUE_PATTERNS)
    for sentence in re.split(r"(?<=[。；！？\n])", path.read_text(encoding="utf-8")):
        assert tokens(sentence) == _spacy_tokens(sentence), sentence
        assert ruler(sentence) == _spacy_cues(sentence), sentence


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=0, max_size=16).map("".join))
def test_tokens_and_cues_of_made_texts_are_spacy_s(text: str) -> None:
    assert tokens(text) == _spacy_tokens(text)
    assert CueRuler(CUE_PATTERNS)(text) == _spacy_cues(text)


def test_a_cue_word_under_two_labels_is_refused() -> None:
    with pytest.raises(ExtractSetupError, match="two labels"):
        CueRuler({"MAX": ("最高",), "GRANT": ("奖励", "最高")})
