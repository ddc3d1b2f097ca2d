"""Header fields and clause trees of the five seeds, written from reading the documents."""
import pytest

EXPECTED = {
    "000_56b4b2a5a32276d5": {
        "doc_number": "连制造强市办〔2022〕11号",
        "title": "关于印发《支持制造业智能化改造和数字化转型的具体措施》的通知",
        "policy_title": "支持制造业智能化改造和数字化转型的具体措施", "doc_type": "通知",
        "issuers": ["连云港市制造强市建设领导小组办公室"], "issue_date": "2022-06-20",
        "effective_from": "2022-01-01", "effective_to": "2024-12-31"},
    "001_ebfee30354606d84": {
        "doc_number": "连政办规〔2025〕6号", "title": "市政府办公室关于印发加快建设制造强市若干政策措施的通知",
        "policy_title": "加快建设制造强市若干政策措施", "doc_type": "通知", "issuers": ["连云港市人民政府办公室"],
        "issue_date": "2025-11-25", "effective_from": "2025-12-01", "effective_to": "2028-12-01"},
    "002_5d0181b67baf112a": {
        "doc_number": "泗政办发〔2022〕9号", "title": "县人民政府办公室关于促进制造业智能化改造和数字化转型的实施意见",
        "policy_title": None, "doc_type": "实施意见", "issuers": ["泗阳县人民政府办公室"],
        "issue_date": None,  # no 成文日期 under a signature: never guessed
        "effective_from": "2022-01-01", "effective_to": "2024-12-31"},
    "003_3d7294011066eb67": {
        "doc_number": "连工信规〔2024〕1号", "title": "关于印发《支持工业和信息化转型发展的若干政策》的通知",
        "policy_title": "支持工业和信息化转型发展的若干政策", "doc_type": "通知", "issuers": ["连云港市工业和信息化局"],
        "issue_date": "2024-04-22", "effective_from": "2024-04-22", "effective_to": "2027-04-21"},
    "004_3dc2365f799b5415": {
        "doc_number": "启政办发〔2022〕13号",
        "title": "市政府办公室关于印发启东市制造业智能化改造和数字化转型三年行动计划（2022-2024年）的通知",
        "policy_title": "启东市制造业智能化改造和数字化转型三年行动计划（2022-2024年）", "doc_type": "通知",
        "issuers": ["启东市人民政府办公室"], "issue_date": "2022-03-08",
        "effective_from": None, "effective_to": None},  # the plan states no validity period
}


@pytest.mark.parametrize("stem,field", [(s, f) for s, fields in EXPECTED.items() for f in fields])
def test_header_field(seed_records, stem, field):
    assert seed_records[stem].to_dict()[field] == EXPECTED[stem][field]


CLAUSE_COUNTS = {"000_56b4b2a5a32276d5": 12, "001_ebfee30354606d84": 27, "002_5d0181b67baf112a": 37,
                 "003_3d7294011066eb67": 25, "004_3dc2365f799b5415": 21}


@pytest.mark.parametrize("stem", sorted(CLAUSE_COUNTS))
def test_clause_count(seed_records, stem):
    assert len(seed_records[stem].clauses) == CLAUSE_COUNTS[stem]


@pytest.mark.parametrize("stem,clause_id,parent,heading", [
    ("000_56b4b2a5a32276d5", "三/（九）", "三", "提升工业信息安全防护能力"),
    ("000_56b4b2a5a32276d5", "二/（四）", "二", "推进两化融合本质贯标"),
    ("001_ebfee30354606d84", "三/（九）", "三", "支持企业智能化改造"),  # an item without its bullet mark
    ("001_ebfee30354606d84", "六/（二十一）", "六", "开展重要活动或承办重大任务"),
    ("002_5d0181b67baf112a", "二/（二）/4", "二/（二）", "推进工业互联网平台建设"),
    ("002_5d0181b67baf112a", "五", None, "附则"),
    ("003_3d7294011066eb67", "七/（四）", "七", None),  # one sentence: content, not a title
    ("004_3dc2365f799b5415", "三/（二）", "三", "加强政策扶持"),
])
def test_clause_tree(seed_records, stem, clause_id, parent, heading):
    clauses = {c.id: c for c in seed_records[stem].clauses}
    assert clauses[clause_id].parent == parent
    assert clauses[clause_id].heading == heading


def test_lead_and_responsible_units(seed_records):
    clauses = {c.id: c for c in seed_records["002_5d0181b67baf112a"].clauses}
    first = clauses["二/（一）/1"]
    assert first.lead_units == ("通管办",)
    assert first.responsible_units[:2] == ("工信局", "铁塔公司")
    assert clauses["三/（一）"].responsible_units == ("工信局", "财政局")


def test_parts_of_a_printed_notice(seed_records):
    r = seed_records["004_3dc2365f799b5415"]
    names = [p.name for p in r.parts]
    for part in ("文号", "标题", "主送机关", "正文", "发文机关署名和成文日期", "附注", "政策标题", "政策正文",
                 "附件", "抄送机关", "印发机关和印发日期"):
        assert part in names
    assert r.header.publicity == "（此件公开发布）"
    assert r.header.cc[0] == "市委各部门"
    assert r.header.printed_date == "2022-03-08"


@pytest.mark.parametrize("broken,joined", [
    ("对入围省\n\n工业 APP", "对入围省工业 APP"),
    ("社会组\n\n织。", "社会组织。"),
    ("单个企业年度内限申报一\n\n个项目", "单个企业年度内限申报一个项目"),
])
def test_seed_broken_joins_are_repaired(seed_records, broken, joined):
    texts = "".join(r.text for r in seed_records.values())
    assert joined in texts
