"""A missing ontology table is an error at start: before any document is read, not after."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.engine import parking, read_documents
from pipeline.errors import ConfigError
from pipeline.link import aliases


def test_a_missing_alias_table_stops_a_build_before_its_first_document(monkeypatch, tmp_path: Path) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text("关于支持企业发展的通知\n一、对符合条件的企业给予不超过50万元奖励。\n", encoding="utf-8")
    monkeypatch.setattr(aliases.load_aliases, "__defaults__", (tmp_path / "agency_aliases.tsv",))
    seen: list[str] = []
    with parking() as park, pytest.raises(ConfigError, match="alias table .*agency_aliases.tsv not found"):
        read_documents([doc], park, progress=seen.append)
    assert seen == []  # refused before reading


def test_extract_needs_no_alias_table(monkeypatch, tmp_path: Path) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text("关于支持企业发展的通知\n一、对符合条件的企业给予不超过50万元奖励。\n", encoding="utf-8")
    monkeypatch.setattr(aliases.load_aliases, "__defaults__", (tmp_path / "agency_aliases.tsv",))
    with parking() as park:
        docs = read_documents([doc], park, link=False)
    assert [o.file for o in docs.outcomes] == ["a.txt"] and docs.outcomes[0].failure is None
