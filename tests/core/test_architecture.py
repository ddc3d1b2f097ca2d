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


# the pipeline is assembled in one place: the stages' entry points are called only by the engine
# (pipeline/engine/); the package's __init__ re-exports them and each stage defines its own
ASSEMBLY = {
    "ingest_file": {"engine/document.py"},
    "structure_document": {"engine/document.py"},
    "extract_mentions": {"engine/document.py"},
    "link_views": {"engine/assembly.py"},
    "link_corpus": set(),  # link's entry point for records in memory (tests, notebooks)
    "write_graph_files": {"engine/sinks.py", "maintain/sink.py"},
    "ProcessPoolExecutor": {"engine/executors.py"},
    "read_document": {"engine/assembly.py"},
}


def _imported_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.Attribute):
            names.add(node.attr)
    return names


@pytest.mark.parametrize("path", sorted(PKG.rglob("*.py")), ids=lambda p: str(p.relative_to(PKG)))
def test_no_second_assembly_of_the_stages(path):
    rel = str(path.relative_to(PKG))
    stage = _stage_of(path)
    if rel == "__init__.py":
        return
    for name in _imported_names(path) & set(ASSEMBLY):
        owner = {"ingest_file": "ingest", "structure_document": "structure", "extract_mentions": "extract",
                 "link_views": "link", "link_corpus": "link", "write_graph_files": "graph"}.get(name)
        if stage is not None and stage == owner:
            continue
        assert rel in ASSEMBLY[name], f"{rel} uses {name}: only {sorted(ASSEMBLY[name]) or 'its stage'} may"


def test_dask_stays_in_the_dask_executor():
    for path in PKG.rglob("*.py"):
        if any(name.split(".")[0] == "dask" for name in _imports(path)):
            assert path.relative_to(PKG).parts == ("scale.py",), f"{path.relative_to(PKG)} imports dask"


def test_the_dask_executor_imports_nothing_of_the_pipeline_but_its_errors():
    imported = {name for name in _imports(PKG / "scale.py") if name.startswith(".")}
    assert imported <= {".errors"}, imported


def test_every_exception_class_lives_in_errors():
    for path in PKG.rglob("*.py"):
        if path.name == "errors.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and not node.name.startswith("_"):  # private: control flow
                bases = {getattr(b, "id", getattr(b, "attr", "")) for b in node.bases}
                if bases & {"Exception", "PipelineError", "InputError", "ConfigError", "RuntimeError", "ValueError"}:
                    pytest.fail(f"{path.relative_to(PKG)} defines the exception {node.name}: put it in errors.py")

