"""Issue 20: extract is linear in its input.  Not timed: the work is counted (tests/linear_work.py)
at n and at 4n on the hostile inputs of bench/hostile.py (a run-on paragraph of award sentences,
a document of many awards, one of many citations), and what is read from them is checked.  The
wall-clock targets of the whole processes are bench/hostile.py's."""
from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from linear_work import HOSTILE, LINEAR_BAR, growth, structured

import pipeline.extract as extract_module
from bench.hostile import many_awards_text, many_references_text, run_on_rates_text, run_on_text
from pipeline.engine import Options, process_file
from pipeline.errors import BudgetExceeded
from pipeline.extract import extract_mentions
from pipeline.records import Extraction


@pytest.mark.parametrize(("text_of", "n"), HOSTILE)
def test_extract_work_grows_linearly(text_of: Callable[[int], str], n: int) -> None:
    assert growth((structured(text_of(n)), structured(text_of(4 * n))), extract_mentions) < LINEAR_BAR


def _cpu(work: Callable[[], Any]) -> float:
    best = float("inf")
    for _ in range(2):
        started = time.process_time()
        work()
        best = min(best, time.process_time() - started)
    return best


@pytest.mark.parametrize(("text_of", "n"), [pytest.param(run_on_text, 600, id="run-on paragraph"),
                                            pytest.param(run_on_rates_text, 600, id="run-on percentage grants")])
def test_extract_time_grows_linearly_on_long_sentences(text_of: Callable[[int], str], n: int) -> None:
    """The lines counted miss a regular expression run over the whole sentence for each grant (C,
    not Python lines; a run-on paragraph is one sentence): CPU time at n and 4n catches it (an
    extract that looked for the aim of each grant from the sentence's start took 16×)."""
    small, large = structured(text_of(n)), structured(text_of(4 * n))
    extract_mentions(small)
    assert _cpu(lambda: extract_mentions(large)) / _cpu(lambda: extract_mentions(small)) < 7


def test_the_run_on_paragraph_is_read_whole() -> None:
    """Every pair of sentences: two awards, each with its own amount and the amount as its figure."""
    n = 400
    ex: Extraction = extract_mentions(structured(run_on_text(n)))
    assert len(ex.amounts) == 2 * n
    assert [a.amount for a in ex.awards] == [300000.0, 100000.0] * n
    # the second grant's subject is elided: the previous one's with its qualifier (`复审`)
    assert [a.condition for a in ex.awards] == ["新认定的高新技术企业", "新认定的高新技术企业通过复审"] * n
    doc = structured(run_on_text(n))
    for award, amount in zip(ex.awards, ex.amounts):
        assert doc.text[award.start:award.end].endswith(amount.text)


def test_each_rate_grant_of_a_run_on_paragraph_has_its_floor_and_its_own_cap() -> None:
    """A paragraph of percentage grants (floor, share, cap) run together: every grant read, each
    capped by the amount that follows it, within its own stretch of the text."""
    n = 300
    text = run_on_rates_text(n)
    ex = extract_mentions(structured(text))
    assert [(a.rate, a.rate_base, a.threshold, a.cap) for a in ex.awards] == [(10.0, "研发投入", 1e6, 5e5)] * n
    assert [a.condition for a in ex.awards] == ["年度研发投入在100万元以上的企业"] * n
    assert all(text[a.start:a.end].startswith("年度研发投入") and text[a.start:a.end].endswith("10%") for a in ex.awards)


def test_many_references_are_each_read_with_their_number() -> None:
    n = 600
    text = many_references_text(n)
    ex = extract_mentions(structured(text))
    assert [r.title for r in ex.references] == [f"关于支持第{i}项产业发展的若干措施" for i in range(1, n + 1)]
    assert [r.doc_number for r in ex.references] == [f"冀政办字〔20{10 + i % 14}〕{i}号" for i in range(1, n + 1)]
    assert all(text[r.start:r.end] == r.raw for r in ex.references)


def test_many_awards_each_grant_their_own_amount() -> None:
    n = 600
    ex = extract_mentions(structured(many_awards_text(n)))
    assert [a.amount for a in ex.awards] == [(i % 90 + 10) * 10000.0 for i in range(1, n + 1)]
    assert [a.condition for a in ex.awards] == [f"认定的第{i}类企业" for i in range(1, n + 1)]


def test_the_budget_stops_extract_inside_its_loop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`--max-seconds` refuses a document while extract is still going through its sentences (the
    timer interrupts the stage), not only once the stage has ended: each of 500 award sentences
    made 0.1 s slow would take 50 s; the 3-second budget stops it long before, naming extract."""
    real = extract_module.build_awards

    def slow(*args: Any) -> Any:
        time.sleep(0.1)
        return real(*args)

    monkeypatch.setattr(extract_module, "build_awards", slow)
    path = tmp_path / "awards.txt"
    path.write_text(many_awards_text(500), encoding="utf-8")
    t0 = time.monotonic()
    with pytest.raises(BudgetExceeded) as err:
        process_file(path, Options(max_seconds=3))
    assert time.monotonic() - t0 < 30
    assert err.value.stage == "extract"
    assert err.value.one_line() == ("awards.txt: refused: still in the extract stage after the 3-second budget "
                                    "(raise --max-seconds, or split the document)")
