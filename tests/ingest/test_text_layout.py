"""Text input: markdown as layout, page furniture, the line joiner, width folding."""
import pytest

from pipeline.errors import EmptyInput, InputError
from pipeline.ingest import ingest_bytes
from pipeline.ingest.layout import Line, continues, fold_numbers, is_page_furniture


def _text(s: str) -> str:
    return ingest_bytes(s.encode("utf-8"), "t.txt").text


@pytest.mark.parametrize("line", ["— 3 —", "-3-", "- 12 -", "第3页", "第 3 页 共 9 页", "－５－", "3/9"])
def test_page_furniture(line):
    assert is_page_furniture(line)


@pytest.mark.parametrize("line", ["3．推动企业上云", "2022年6月20日", "第三条 本办法"])
def test_content_is_not_furniture(line):
    assert not is_page_furniture(line)


@pytest.mark.parametrize("prev,nxt,joined", [
    ("对获评国家级、省级工业互联网 APP 优秀解决方案的项目分别给予奖励，对入围省", "工业 APP 汇聚平台的产品给予奖励。", True),
    ("支持范围包括连云港市具有独立法人资格的企业和社会组", "织。适用多项奖励政策的项目。", True),
    ("全面推进智改数转，对技改项目给予奖补（单个企业年度内限申报一", "个项目）。", True),
    ("现将《若干政策》印发给你们，", "请做好贯彻落实。", True),
    ("一、总体目标", "围绕加快建设先进制造业基地，立足产业体系。", False),  # a heading
    ("为贯彻落实有关要求，特制定本意见。", "一、总体目标", False),
    ("关于印发加快建设制造强市若干政策措施的通知", "各县、区人民政府，市各委办局：", False),
    ("《加快建设制造强市若干政策措施》已经审议通过，现印发给你们，请认真组织实施。", "连云港市人民政府办公室", False),
    ("本政策措施内涉及的财政奖励资金，由市、县分级承担，其他各区按现行", "2024年4月22日", False),
])
def test_joiner(prev, nxt, joined):
    assert continues(Line(prev), Line(nxt)) is joined


def test_geometry_decides_when_known():
    assert continues(Line("短行", full_width=True), Line("续行。")) is True
    assert continues(Line("一行没有到右边距，所以", full_width=False), Line("是新段落。")) is False


def test_year_range_wrapped_inside_a_number_is_rejoined():
    text = _text("为落实《江苏省制造业智能化改造和数字化转型三年行动计划（2\n022—2024年）》，制定本方案。\n")
    assert "（2022—2024年）" in text


def test_markdown_marks_are_layout():
    text = _text("# 连云港市工业和信息化局文件\n\n## 一、总则\n\n- (一)支持创新。内容。\n\n---\n")
    assert text == "连云港市工业和信息化局文件\n一、总则\n(一)支持创新。内容。\n"


def test_full_width_digits_fold_and_keep_length():
    raw = "按不超过１２％予以奖励，贯标２．０，1．构建"
    folded = fold_numbers(raw)
    assert folded == "按不超过12%予以奖励，贯标2.0，1．构建"
    assert len(folded) == len(raw)


def test_empty_and_binary_inputs_are_refused():
    with pytest.raises(EmptyInput):
        ingest_bytes(b"  \n\n", "empty.txt")
    with pytest.raises(InputError, match="binary"):
        ingest_bytes(bytes(range(256)) * 20, "garbage.txt")
