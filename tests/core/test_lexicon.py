"""The one lexicon of 公文 words (ontology/gongwen_lexicon.tsv): read once, checked at start."""
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import config
from pipeline.errors import ConfigError
from pipeline.lexicon import ROLES, alternation, load_lexicon, words
from pipeline.structure.header import _doc_type

ROOT = Path(__file__).resolve().parents[2]
# the 15 文种 of the 党政机关公文处理工作条例 (2012), 第八条
WENZHONG = ("决议", "决定", "命令", "公报", "公告", "通告", "意见", "通知", "通报", "报告", "请示", "批复", "议案",
            "函", "纪要")
GOOD_ROW = "通知\twenzhong\t" + ",".join(ROLES)


def test_the_table_holds_the_fifteen_wenzhong() -> None:
    rows = {w.word: w for w in load_lexicon()}
    assert {w for w, r in rows.items() if r.cls == "wenzhong"} == set(WENZHONG)
    assert all("doc_type" in rows[w].roles for w in WENZHONG)


@pytest.mark.parametrize("kind", words("doc_type"))
def test_a_title_is_of_the_longest_kind_it_ends_with(kind: str) -> None:
    assert _doc_type(f"关于支持企业发展的{kind}") == kind
    assert _doc_type(f"关于支持企业发展的{kind}（试行）") == kind


def test_an_alternation_tries_the_longer_of_two_words_first() -> None:
    pattern = alternation("signature")
    assert pattern.index("委员会") < pattern.index("|委|")


def test_a_missing_table_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "gongwen_lexicon.tsv"
    with pytest.raises(ConfigError) as err:
        load_lexicon(path)
    assert str(path) in err.value.one_line() and "\n" not in err.value.one_line()


@pytest.mark.parametrize("row,says", [
    ("通知\twenzhong", "bad 公文 lexicon row"),                    # no roles
    ("通知\tnotaclass\tdoc_type", "bad 公文 lexicon row"),           # unknown class
    ("通知\twenzhong\tdoc_type,nosuchrole", "bad 公文 lexicon row"),  # unknown role
    ("通 知\twenzhong\tdoc_type", "bad 公文 lexicon row"),           # a space inside the word
    (GOOD_ROW, "listed twice"),
    ("实施通知\tpolicy\tdoc_type", "which it ends with"),            # a longer kind after its tail
])
def test_a_malformed_row_names_the_file_and_line(tmp_path: Path, row: str, says: str) -> None:
    path = tmp_path / "gongwen_lexicon.tsv"
    path.write_text(f"# header\n{GOOD_ROW}\n{row}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_lexicon(path)
    assert says in err.value.message
    assert str(err.value.locator) == f"{path}:3"


def test_a_table_without_a_role_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "gongwen_lexicon.tsv"
    path.write_text("通知\twenzhong\tdoc_type\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="has no word for title_end"):
        load_lexicon(path)


def test_a_run_without_the_table_stops_at_start_in_one_line(tmp_path: Path) -> None:
    """The stages build their patterns when imported: the CLI reports it as one line, exit 2,
    before any document is read (and writes nothing)."""
    doc = tmp_path / "a.txt"
    doc.write_text("关于支持企业发展的通知\n一、对符合条件的企业给予奖励。\n", encoding="utf-8")
    missing = tmp_path / "nowhere" / "gongwen_lexicon.tsv"
    script = ("import sys, pathlib\nimport pipeline.config as c\nc.GONGWEN_LEXICON = pathlib.Path(sys.argv[1])\n"
              "from pipeline.cli import run\nsys.argv = ['policykg'] + sys.argv[2:]\nrun()\n")
    proc = subprocess.run([sys.executable, "-c", script, str(missing), "extract", str(doc), "-o",
                           str(tmp_path / "out")], check=False, capture_output=True, text=True, cwd=ROOT,
                          timeout=300)
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("policykg: error: ") and str(missing) in lines[0], proc.stderr
    assert not (tmp_path / "out").exists()


def test_the_default_table_is_the_ontology_file() -> None:
    assert config.GONGWEN_LEXICON == ROOT / "ontology" / "gongwen_lexicon.tsv"
