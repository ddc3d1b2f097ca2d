"""Structure on 公文 that are not the seeds: other cities, numbering styles and layouts."""
import pytest

from pipeline.ingest import ingest_bytes
from pipeline.structure import structure_document

ARTICLES = """苏州市人民政府文件

苏府规〔２０２３〕１５号

苏州市人民政府关于印发《苏州市科技创新券管理办法》的通知

各区人民政府，市各委办局：

现将《苏州市科技创新券管理办法》印发给你们，请认真贯彻执行。

苏州市人民政府

二〇二三年五月八日

（此件公开发布）

苏州市科技创新券管理办法

第一章  总则

第一条  为激发企业创新活力，制定本办法。

第二条  本办法所称创新券，是指政府向企业发放的用于购买科技服务的凭证。

第二章  支持内容

第三条  对企业购买检测服务的，按实际支出的50%给予补助，最高不超过20万元。

第四条  本办法自印发之日起施行，有效期至2026年12月31日。

抄送：市委各部门，市人大常委会办公室。

苏州市人民政府办公室  2023年5月8日印发
"""

JOINT = """南京市财政局 南京市工业和信息化局文件

宁财企〔2023〕8号

关于做好2023年度工业企业技术改造资金申报工作的通知

各区财政局、工信局：

为做好资金申报工作，现将有关事项通知如下：

一、支持范围

1.技术改造项目。对设备投资在500万元以上的项目给予补助。

（1）智能化改造项目。按设备投资额的8%给予补助。

（2）绿色化改造项目。按设备投资额的5%给予补助。

二、申报要求

本通知自2023年3月1日起施行，有效期2年。

南京市财政局

南京市工业和信息化局

2023年2月20日
"""


def _structure(text: str, name: str = "variant.txt", encoding: str = "utf-8"):
    return structure_document(ingest_bytes(text.encode(encoding), name))


def test_articles_and_chapters():
    doc = _structure(ARTICLES)
    h = doc.header
    assert h.doc_number == "苏府规〔2023〕15号"  # full-width digits folded
    assert h.issuers == ("苏州市人民政府",)
    assert h.issue_date == "2023-05-08"  # Chinese-numeral 成文日期
    assert h.effective_from == "2023-05-08"  # 自印发之日起施行 → the issue date
    assert h.effective_to == "2026-12-31"
    assert h.policy_title == "苏州市科技创新券管理办法"
    ids = [c.id for c in doc.clauses]
    assert ids == ["第一章", "第一章/第一条", "第一章/第二条", "第二章", "第二章/第三条", "第二章/第四条"]
    assert h.printed_by == "苏州市人民政府办公室" and h.printed_date == "2023-05-08"


def test_joint_notice_names_every_issuer_lead_first():
    doc = _structure(JOINT)
    assert doc.header.issuers == ("南京市财政局", "南京市工业和信息化局")
    assert doc.header.issue_date == "2023-02-20"


def test_skipped_level_nests_by_rank():
    ids = [c.id for c in _structure(JOINT).clauses]
    assert ids == ["一", "一/1", "一/1/（1）", "一/1/（2）", "二"]


def test_validity_in_years_is_inclusive():
    doc = _structure(JOINT)
    assert (doc.header.effective_from, doc.header.effective_to) == ("2023-03-01", "2025-02-28")


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "utf-16", "utf-8-sig"])
def test_encodings_and_crlf_give_the_same_record(encoding):
    base = _structure(JOINT)
    other = _structure(JOINT.replace("\n", "\r\n"), encoding=encoding)
    assert other.text == base.text
    assert other.header == base.header


def test_not_a_gongwen_warns_and_leaves_nulls():
    doc = _structure("今天天气很好，我们去公园散步，然后回家吃饭。\n晚上看了一场电影。\n")
    assert doc.header.doc_number is None and doc.header.issue_date is None
    assert any("not a 公文" in w for w in doc.warnings)


def test_spaced_title_characters_collapse():
    text = "泗阳县人民政府办公室文件\n\n泗政办发〔2022〕9号\n\n关于促进制造业发展的\n\n实 施 意 见\n\n各乡镇人民政府：\n\n正文内容。\n"
    doc = _structure(text)
    assert doc.header.title == "关于促进制造业发展的实施意见"
    assert doc.header.doc_type == "实施意见"
