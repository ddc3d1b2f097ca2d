"""Money written the ways 公文, tables and statistics write it (issue 14), from TUNING sentences:
thousands grouped with a comma (`1,000万元`), Chinese numerals (`三百万元-五百万元`), full width."""
from __future__ import annotations

import pytest
from helpers import doc_of

from pipeline.extract import extract_mentions
from pipeline.extract.numbers import find_money


@pytest.mark.parametrize("text,expected", [
    ("对建成的省级奶牛种业集群，每个补贴1,000万元。", [(10_000_000, None, "万元")]),  # c003
    ("移植性控胚胎每枚补贴标准提高到2,500元。", [(2_500, None, "元")]),  # c003
    ("省级继续分别补贴4,000万元、2,000万元和1,000万元。", [(40_000_000, None, "万元"), (20_000_000, None, "万元"),
                                                    (10_000_000, None, "万元")]),  # c003
    ("对晋级国家重点实验室的给予三百万元-五百万元奖励性补助。", [(3_000_000, 5_000_000, "万元")]),  # c001
    ("对晋级国家重点实验室的给予300万元-500万元奖励性补助。", [(3_000_000, 5_000_000, "万元")]),  # c001
    ("其中５０万元属获奖人个人所得。", [(500_000, None, "万元")]),  # c019
    ("分别奖励50,30万元。", [(300_000, None, "万元")]),  # groups are three digits: `50,30` is no number
])
def test_money_values(text, expected):
    assert [(m.value, m.value_max, m.unit) for m in find_money(text)] == expected


@pytest.mark.parametrize("text", ["对建成的省级奶牛种业集群，每个补贴1,000万元。", "对建成的省级奶牛种业集群，每个补贴1000万元。",
                                  "对建成的省级奶牛种业集群，每个补贴一千万元。"])
def test_a_grouped_number_is_one_grant_with_its_text_as_written(text):
    """The grouping comma cuts no segment: one fixed amount, one award, the text and offsets as written."""
    ex = extract_mentions(doc_of(text))
    (amount,) = ex.amounts
    assert (amount.value, amount.role) == (10_000_000, "fixed")
    assert text[amount.start:amount.end] == amount.text
    (award,) = ex.awards
    assert award.amount == 10_000_000 and "‚" not in award.condition


def test_a_condition_keeps_its_grouping_commas():
    text = "对年销售收入1,000万元以上的企业，给予50万元奖励。"  # c008's thresholds, written with a comma
    (award,) = extract_mentions(doc_of(text)).awards
    assert award.threshold == 10_000_000 and "1,000万元" in award.condition
