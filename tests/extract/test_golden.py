"""Whole-document golden files: extract's output for the five seeds, compared as data.

The golden files were written from the extractor's output only after it was checked
against the hand-labelled gold (tests/gold) and the documents.  To rewrite them after a
deliberate change: `.venv/bin/python tests/extract/test_golden.py --update`.
"""
from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOLDEN_DIR = Path(__file__).resolve().parent / "golden"
STEMS = sorted(p.stem for p in (ROOT / "tests" / "seeds").glob("*.txt"))


def _extracted(path: Path) -> dict:
    from pipeline.extract import extract_mentions
    from pipeline.ingest import ingest_file
    from pipeline.structure import structure_document

    ex = extract_mentions(structure_document(ingest_file(path)))
    data = {name: [asdict(x) for x in getattr(ex, name)]
            for name in ("amounts", "percentages", "awards", "cost_sharing")}
    return json.loads(json.dumps(data, ensure_ascii=False))  # tuples → lists, as in the file


@pytest.mark.parametrize("stem", STEMS)
def test_golden_document(stem: str) -> None:
    golden = json.loads((GOLDEN_DIR / f"{stem}.json").read_text(encoding="utf-8"))
    got = _extracted(ROOT / "tests" / "seeds" / f"{stem}.txt")
    for name in golden:
        assert got[name] == golden[name], f"{stem}: {name} differs from tests/extract/golden"


if __name__ == "__main__" and "--update" in sys.argv:
    sys.path.insert(0, str(ROOT))
    for stem in STEMS:
        out = GOLDEN_DIR / f"{stem}.json"
        out.write_text(json.dumps(_extracted(ROOT / "tests" / "seeds" / f"{stem}.txt"), ensure_ascii=False,
                                  sort_keys=True, indent=1) + "\n", encoding="utf-8")
        print("wrote", out)
