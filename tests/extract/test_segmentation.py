"""Golden segmentations: jieba (pinned in requirements.lock) with ontology/jieba_userdict.txt.

The cue words of the role patterns and the edges of money mentions must come out as whole
tokens; a jieba or dictionary change that moves them shows up here first.
"""
from __future__ import annotations

import pytest

from pipeline.extract.nlp import build_nlp

GOLDEN = {
    "分别给予最高不超过50万元奖励": ["分别", "给予", "最高", "不超过", "50", "万元", "奖励"],
    "单个企业年度奖补上限500万元": ["单个", "企业", "年度", "奖补", "上限", "500", "万元"],
    "年度有效投入在100万元以上的项目": ["年度", "有效投入", "在", "100", "万元", "以上", "的", "项目"],
    "按照项目贷款额的2%给予贴息奖励": ["按照", "项目贷款额", "的", "2%", "给予", "贴息", "奖励"],
    "全县软件业务收入突破50亿元": ["全县", "软件", "业务收入", "突破", "50", "亿元"],
    "对获评国家级专精特新小巨人的企业": ["对", "获评", "国家级", "专精特新", "小巨人", "的", "企业"],
    "省级近零碳工厂复评通过": ["省级", "近零碳", "工厂", "复评", "通过"],
    "推进智改数转和两化融合贯标": ["推进", "智改数转", "和", "两化融合", "贯标"],
    "每个产品不超过2万元类励": ["每个", "产品", "不超过", "2", "万元", "类励"],
    "给予最高一百五十万元奖励": ["给予", "最高", "一百五十万元", "奖励"],
    "达300-500万元": ["达", "300", "-", "500", "万元"],
}


@pytest.mark.parametrize("text", sorted(GOLDEN))
def test_golden_segmentation(text: str) -> None:
    assert [t.text for t in build_nlp().make_doc(text)] == GOLDEN[text]


def test_pipeline_components() -> None:
    nlp = build_nlp()
    assert nlp.pipe_names == ["policy_mentions", "policy_cues", "policy_roles"]
    assert build_nlp() is nlp  # built, and the user dictionary loaded, once per process


def test_versions_pinned() -> None:
    from importlib.metadata import version

    from pipeline.config import PROJECT_DIR

    lock = (PROJECT_DIR / "requirements.lock").read_text()
    assert f"jieba=={version('jieba')}" in lock and f"spacy=={version('spacy')}" in lock
