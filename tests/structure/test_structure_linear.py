"""Issue 20: structure linear in its input.  Work is counted, not timed (tests/linear_work.py):
the hostile inputs of bench/hostile.py — a run-on paragraph, thousands of awards, of references,
of percentage grants in one document — structured at n and at 4n."""
from __future__ import annotations

from collections.abc import Callable

import linear_work
import pytest
from linear_work import HOSTILE, LINEAR_BAR, growth

from bench.hostile import many_references_text
from pipeline.records import IngestedText, SourceInfo
from pipeline.structure import structure_document


def _ingested(text: str) -> IngestedText:
    return IngestedText(source=SourceInfo("hostile.txt", "0" * 64, "text", None), text=text)


@pytest.mark.parametrize(("text_of", "n"), [*HOSTILE, pytest.param(many_references_text, 1000, id="1,000 references")])
def test_structure_work_grows_linearly(text_of: Callable[[int], str], n: int) -> None:
    assert growth((_ingested(text_of(n)), _ingested(text_of(4 * n))), structure_document) < LINEAR_BAR


def test_the_work_count_sees_a_quadratic_stage(monkeypatch: pytest.MonkeyPatch) -> None:
    """The measure itself: a stage that compares each line with every earlier one (counted in
    this file, as pipeline/ is counted above) grows far past the bar."""
    def pairwise(doc: IngestedText) -> int:
        lines = doc.text.splitlines()
        same = 0
        for i, line in enumerate(lines):
            for other in lines[:i]:
                same += line == other
        return same

    monkeypatch.setattr(linear_work, "PIPELINE", __file__)
    assert growth((_ingested(many_references_text(50)), _ingested(many_references_text(200))), pairwise) > LINEAR_BAR
