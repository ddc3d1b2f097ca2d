"""Plain helpers the tests share (fixtures live in tests/conftest.py): documents to ingest,
what `policykg build` and `ingest` do to a corpus folder, and snapshots of a folder.

Imported by name (`from support import ...`): tests/conftest.py puts tests/ on sys.path, so no
test imports a conftest.
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from pipeline.engine import BuildResult, FileSink, build, local_executor
from pipeline.engine.outputs import staged
from pipeline.engine.sinks import MANIFEST
from pipeline.io import list_inputs
from pipeline.maintain import IngestReport, ingest_documents
from pipeline.maintain.lock import LOCK_NAME

SEED_RAW = Path(__file__).resolve().parent / "seeds"

# A 公文 the seed corpus cites but does not hold: 000 cites 连政办发〔2022〕3号 by 文号.
CITED_DOC = """连云港市人民政府办公室

连政办发〔2022〕3号

市政府办公室关于印发连云港市制造业智能化改造和数字化转型实施方案的通知

各县、区人民政府，市各委、办、局，市各直属单位：

《连云港市制造业智能化改造和数字化转型实施方案》已经市政府同意，现印发给你们，请认真组织实施。

连云港市人民政府办公室

2022年2月10日

连云港市制造业智能化改造和数字化转型实施方案

一、总体要求

根据《江苏省制造业智能化改造和数字化转型三年行动计划（2022-2024年）》（苏政办发〔2021〕109号），制定本方案。

二、主要任务

（一）推进企业智能化改造。对符合条件的项目给予不超过50万元奖励。

（二）加强数字化转型服务。支持服务商为企业提供诊断服务。
"""

# A later 公文 that cites one already in the corpus (001 is 连政办规〔2025〕6号).
CITING_DOC = """连云港市工业和信息化局

连工信发〔2026〕2号

关于做好2026年度工业企业技术改造项目申报工作的通知

各县区工业和信息化主管部门：

根据《连云港市人民政府办公室关于印发连云港市推动工业经济高质量发展若干政策措施的通知》（连政办规〔2025〕6号），现就做好2026年度项目申报工作通知如下。

一、申报范围

（一）在本市注册的工业企业。

二、申报时间

（一）2026年3月31日前提交材料。

连云港市工业和信息化局

2026年1月15日
"""

NOT_A_GONGWEN = """今天天气很好，我们去公园散步。
公园里有很多人在跑步，也有人在下棋。
傍晚回家的时候，街上的灯都亮了。
"""


def ingest(files: list[Path], root: Path, **kwargs: Any) -> IngestReport:
    """`ingest_documents` without SHACL unless asked: validation costs ~15 s a call, and these
    tests are about files; test_cli checks the SHACL line once."""
    return ingest_documents(files, root, **{"validate": False, **kwargs})


def build_into(raw_dir: Path, out_dir: Path, jobs: int = 1) -> BuildResult:
    """What `policykg build RAW -o OUT` does: the lock, the engine, files staged and swapped in."""
    with staged(out_dir) as stage, local_executor(jobs) as executor:
        result = build(list_inputs(raw_dir), FileSink(stage.folder), executor=executor, park_in=stage.scratch)
        stage.commit(manifest=MANIFEST)
    return result


def snapshot(root: Path) -> dict[str, str]:
    """sha256 of every file under `root` (the lock file aside: taking the lock creates it)."""
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and p.name != LOCK_NAME}


def changed(before: dict[str, str], after: dict[str, str]) -> set[str]:
    return {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
