"""The house layout holds: data flows one way, heavy libraries stay in their stage."""
import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[2] / "pipeline"
ORDER = ["ingest", "structure", "extract", "link", "graph", "evaluate"]
# library → the only stage packages allowed to import it
CONFINED = {"pdfplumber": {"ingest"}, "pypdfium2": {"ingest"}, "docx": {"ingest"},
            "spacy": {"extract"}, "jieba": {"extract"}, "rdflib": {"graph"}, "pyshacl": {"graph"}}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            prefix = "." * node.level + (node.module or "")
            names.add(prefix)
    return names


def _stage_of(path: Path) -> str | None:
    rel = path.relative_to(PKG).parts
    return rel[0] if len(rel) > 1 and rel[0] in ORDER else None


@pytest.mark.parametrize("path", sorted(PKG.rglob("*.py")), ids=lambda p: str(p.relative_to(PKG)))
def test_stage_never_imports_a_later_stage(path):
    stage = _stage_of(path)
    if stage is None:
        return
    later = ORDER[ORDER.index(stage) + 1:]
    for name in _imports(path):
        target = name.lstrip(".").split(".")[0]
        if name.startswith("..") and target in later:
            pytest.fail(f"{path.relative_to(PKG)} imports the later stage {target}")
        if name.startswith("pipeline.") and name.split(".")[1] in later:
            pytest.fail(f"{path.relative_to(PKG)} imports the later stage {name}")


@pytest.mark.parametrize("library,allowed", sorted(CONFINED.items()))
def test_heavy_libraries_stay_in_their_stage(library, allowed):
    for path in PKG.rglob("*.py"):
        stage = _stage_of(path)
        for name in _imports(path):
            if name.split(".")[0] == library:
                assert stage in allowed, f"{path.relative_to(PKG)} imports {library}"
