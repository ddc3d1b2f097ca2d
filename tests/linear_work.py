"""Work counted, not timed (issue 20): the Python lines of pipeline/ a call executes, so a test
can compare the work at n and at 4n.  Linear work grows about 4×, a scan per item over all the
others about 16×; `LINEAR_BAR` sits between (n log n passes)."""
from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

from bench.hostile import many_awards_text, many_references_text, run_on_rates_text, run_on_text
from pipeline.records import IngestedText, SourceInfo, StructuredDoc
from pipeline.structure import structure_document

PIPELINE = str(Path(__file__).resolve().parents[1] / "pipeline")
LINEAR_BAR = 6.0
# (text of size n, n) of bench/hostile.py's super-linear cases, for `growth` at n and 4n
HOSTILE = [pytest.param(run_on_text, 150, id="run-on paragraph"), pytest.param(many_awards_text, 150, id="many awards"),
           pytest.param(many_references_text, 150, id="many references"),
           pytest.param(run_on_rates_text, 150, id="run-on percentage grants")]


def structured(text: str, name: str = "hostile.txt") -> StructuredDoc:
    return structure_document(IngestedText(source=SourceInfo(name, "0" * 64, "text", None), text=text))


def lines_run(work: Callable[[], Any]) -> int:
    """The lines of pipeline/ that `work()` executes (sys.settrace; other code is not traced)."""
    count = 0

    def local(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal count
        if event == "line":
            count += 1
        return local

    def call(frame: FrameType, event: str, arg: Any) -> Any:
        return local if frame.f_code.co_filename.startswith(PIPELINE) else None

    sys.settrace(call)
    try:
        work()
    finally:
        sys.settrace(None)
    return count


def growth(inputs: tuple[Any, Any], stage: Callable[[Any], Any]) -> float:
    """How many times the work of `stage` on inputs[1] (4× the size) is that on inputs[0]."""
    stage(inputs[0])  # libraries loaded and caches warm before anything is counted
    small = lines_run(lambda: stage(inputs[0]))
    return lines_run(lambda: stage(inputs[1])) / small
