"""The endpoint load test's verdicts (bench/report.py): memory is judged against serve's bound."""
from __future__ import annotations

from bench.report import _endpoint


def _report(peak_worker_mb: float, memory_mb: int | None) -> dict:
    load = {"clients": 20, "requests_per_client": 50, "errors": 0, "throughput_rps": 16.4, "p50_ms": 600.0,
            "p99_ms": 6000.0, "peak_worker_rss_mb": peak_worker_mb, "peak_workers_rss_mb": 4 * peak_worker_mb}
    ask = {"target_ms": 100.0, "pathological_running": 3, "holds": True, "p50_ms": 19.2, "max_ms": 108.8}
    report = {"load": load, "ask_while_pathological": ask, "front_rss_mb": 148.0}
    if memory_mb is not None:
        report["memory_mb"] = memory_mb
    return report


def _memory_verdict(report: dict) -> dict:
    (verdict,) = [v for v in _endpoint(report) if "memory" in v["target"]]
    return verdict


def test_memory_within_the_bound_holds():
    verdict = _memory_verdict(_report(39.7, 2048))
    assert verdict["holds"] is True and "39.7 MiB" in verdict["measured"] and "2048" in verdict["target"]


def test_memory_over_the_bound_fails():
    assert _memory_verdict(_report(2100.0, 2048))["holds"] is False


def test_memory_without_a_recorded_bound_is_not_measured():
    assert _memory_verdict(_report(39.7, None))["holds"] is None


def test_ask_target_is_judged_on_95_percent_of_the_asks():
    from bench.endpoint import ask_figures

    quick = [20.0] * 19
    assert ask_figures(quick + [108.8])["holds"] is True  # one hiccup: reported as the max, not judged
    assert ask_figures(quick + [108.8])["max_ms"] == 108.8
    assert ask_figures([20.0] * 11 + [900.0] * 9)["holds"] is False  # the median alone would pass
    assert ask_figures([20.0] * 18 + [float("inf")] * 2)["holds"] is False  # two asks unanswered
