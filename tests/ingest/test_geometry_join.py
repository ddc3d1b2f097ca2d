"""The joiner with PDF geometry: a line ran to the margin, the next one is (not) indented."""
from __future__ import annotations

import pytest

from pipeline.ingest.layout import Line, join_lines

FULL, SHORT = True, False


@pytest.mark.parametrize("prev,nxt,full,indented,joined", [
    ("市政府办公室关于印发启东市三年行动计划（2", "022—2024年）》已经常务会议讨论通过，", FULL, False, True),
    ("按就高且不重复的原则支持。", "支持对象为在本市注册的具有独立法人资格的企事业单位和社会", FULL, False, True),
    ("按就高且不重复的原则支持。", "（二）为进一步优化营商环境，本政策施行免申即享。", FULL, False, False),
    ("相关奖励，采取就高原则，不重复计奖。", "附件：全市制造业项目分解表", FULL, False, False),
    ("请认真贯彻落实。", "连云港市人民政府办公室", FULL, False, False),
    ("对获评国家级企业给予奖励，详见", "附件1。", FULL, False, True),
    ("现印发给你们，请遵照执行。", "启东市人民政府办公室", SHORT, True, False),
    ("（一）指导思想", "坚持以习近平新时代中国特色社会主义思想为指导，", SHORT, True, False),
    ("推动产业链上下游企业业务向云端迁", "移，构建基于云端的产业链供应链生态", FULL, True, False),
])
def test_geometry_decides(prev, nxt, full, indented, joined):
    text, _ = join_lines([Line(prev, page=1, full_width=full, indented=False),
                          Line(nxt, page=2, full_width=False, indented=indented)])
    assert (text.count("\n") == 1) is joined


def test_page_map_follows_lines_over_a_page_break():
    text, spans = join_lines([Line("第一页最后一行到了右边界", page=1, full_width=True, indented=False),
                              Line("— 2 —", page=1, full_width=False, indented=True),
                              Line("第二页接着写完。", page=2, full_width=False, indented=False)])
    assert text == "第一页最后一行到了右边界第二页接着写完。\n"
    assert [(s.page, text[s.start:s.end]) for s in spans] == [(1, "第一页最后一行到了右边界"), (2, "第二页接着写完。\n")]
