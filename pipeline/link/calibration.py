"""The confidence of every lineage rule, from its measured precision (one table, with its counts).

Each edge link makes comes from one rule (`RULES`): a citation resolved by its 文号, by an exact
title, by the edition in force, by a number lent to a numberless document; a stated repeal,
amendment, revision, precedence or continuation; a repeal list; an inferred precedence; award
links and the succession inferred from them.  `MEASURED` holds, per rule, how many of its edges
were right and how many it made, measured by `pipeline.evaluate.lineage.measure_rules` on the
tuning set of the corpus gold (lineage gold and the references' `resolved`, negative pairs
included) plus the seeds' gold — never on the check set.  A rule's confidence is the Wilson
lower bound of that precision, so a rule seen twice is not "1.00": two right out of two gives
0.42.  A rule the gold never exercised keeps the confidence it was drafted with and is flagged
`measured=False`.  `tests/evaluate/test_lineage_calibration.py` re-measures and fails when the
table drifts from a fresh measurement.
"""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass

# one-sided 95% lower bound: a rule must earn its confidence with observations
WILSON_Z = 1.645

# rule → (relation(s) of its edges, what it is)
RULES: dict[str, tuple[str, str]] = {
    "cites/number": ("cites", "the citation gives a 文号 or 令 number"),
    "cites/number-variant": ("cites", "a number with a series character dropped, its title naming the document"),
    "cites/title-exact": ("cites", "a title cited alone, one document in the corpus bears it"),
    "cites/title-fuzzy": ("cites", "a title cited alone, near-identical to one document's"),
    "cites/title-edition": ("cites", "a title several editions share: the one in force when cited"),
    "cites/title-numbered": ("cites", "a number no document shows, lent to the numberless document of that title"),
    "cites/unresolved": ("cites", "a citation no document of the corpus resolves (a title node of its own)"),
    # one rule for every sentence that names the document it acts on: each kind alone is rare
    "stated": ("amends repeals replaces precedence continues",
               "a sentence naming X: 对《X》作如下修改, 《X》同时废止, 对《X》进行了修订, …以本X为准, 继续按照《X》执行"),
    "repeals/list": ("repeals", "an entry of a repeal decision's list"),
    "replaces/awards": ("replaces", "an expired document's awards taken over by a later one (inferred)"),
    "precedence/inferred": ("precedence", "…以本X为准 naming nothing: earlier documents of the issuer on the subject"),
    "changes/awards": ("changes", "awards of an earlier document reappear changed (inferred)"),
    "provision/awards": ("provision", "one award in two documents of an area (inferred)"),
    "duplicate": ("duplicate", "two files of one document (same 文号 and numbers, near-identical wording)"),
}

# rule → (edges right, edges made), measured as the module docstring says (tuning set + seeds,
# 2026-12-03).  Where the wrong ones are: title-exact 2 — c008's two titles that c017 and c035
# cite with their 文号, which the corpus gold leaves unresolved (the seeds' gold would resolve
# them); changes 3 and provision 29 — award links between documents a reader never links
# (unrelated subjects of one province sharing an honour).  Rules absent here were not exercised.
MEASURED: dict[str, tuple[int, int]] = {
    "cites/number": (28, 28),
    "cites/title-exact": (4, 6),
    "cites/title-edition": (1, 1),
    "cites/title-numbered": (2, 2),  # 2: c016's 〔2024〕 令 number lent to the 修正案 that re-published the 办法
    "cites/unresolved": (44, 44),
    "stated": (4, 4),
    "repeals/list": (1, 1),
    "precedence/inferred": (1, 1),
    "changes/awards": (1, 4),
    "provision/awards": (19, 48),
    "duplicate": (1, 1),
}


@dataclass(frozen=True)
class Calibration:
    rule: str
    correct: int
    predicted: int
    confidence: float  # Wilson lower bound of correct / predicted, or the drafted value
    measured: bool

    @property
    def precision(self) -> float | None:
        return self.correct / self.predicted if self.predicted else None


def wilson_lower(correct: int, n: int, z: float = WILSON_Z) -> float:
    """Lower end of the Wilson score interval of a proportion `correct / n` (0 when n is 0)."""
    if n <= 0:
        return 0.0
    p = correct / n
    centre = p + z * z / (2 * n)
    spread = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, (centre - spread) / (1 + z * z / n))


def calibration(rule: str, drafted: float) -> Calibration:
    """The calibrated confidence of `rule`; `drafted` where the gold has never exercised it."""
    if rule not in RULES:
        raise KeyError(f"unknown lineage rule {rule!r}")
    correct, n = MEASURED.get(rule, (0, 0))
    if n == 0:
        return Calibration(rule, 0, 0, drafted, measured=False)
    return Calibration(rule, correct, n, round(wilson_lower(correct, n), 3), measured=True)


@functools.lru_cache(maxsize=256)  # called once per edge: a corpus has hundreds of thousands
def rule_confidence(rule: str, drafted: float) -> float:
    """The confidence an edge of `rule` carries."""
    return calibration(rule, drafted).confidence
