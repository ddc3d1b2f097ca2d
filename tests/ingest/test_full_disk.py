"""A disk that fills up during `build` or `ingest`: one line, exit 2 (a system problem, not bad input
or a bug), and the output folder or corpus exactly as it was.

Two ways to fill it without root (no tmpfs): `ulimit -f`, which the kernel enforces on every write
of the process and its libraries (Python ignores SIGXFSZ, so the write fails with EFBIG), and a
bootstrap that makes the n-th write of any file opened for writing fail with ENOSPC.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "tests" / "seeds"
POLICYKG = [sys.executable, "-m", "pipeline"]

# the n-th write to a file opened for writing (open, io.open, os.fdopen, os.write) raises ENOSPC;
# the count of writes is left in a file, to aim at the first, middle and last
_BOOTSTRAP = r"""
import atexit, builtins, errno, io, os, sys
fail_at, count_file = int(sys.argv[1]), sys.argv[2]
state = {"n": 0}
real_open, real_fdopen, real_write = io.open, os.fdopen, os.write

def _tick():
    state["n"] += 1
    if state["n"] == fail_at:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

class _Full:
    def __init__(self, fh): self._fh = fh
    def write(self, data):
        _tick()
        return self._fh.write(data)
    def writelines(self, lines):
        for line in lines: self.write(line)
    def __enter__(self): return self
    def __exit__(self, *exc): return self._fh.__exit__(*exc)
    def __iter__(self): return iter(self._fh)
    def __getattr__(self, name): return getattr(self._fh, name)

def _wrap(fh, mode): return _Full(fh) if any(c in str(mode) for c in "wax+") else fh
def _open(file, mode="r", *a, **k): return _wrap(real_open(file, mode, *a, **k), mode)
def _fdopen(fd, mode="r", *a, **k): return _wrap(real_fdopen(fd, mode, *a, **k), mode)
def _os_write(fd, data):
    _tick()
    return real_write(fd, data)
builtins.open = io.open = _open
os.fdopen, os.write = _fdopen, _os_write
atexit.register(lambda: real_open(count_file, "w").write(str(state["n"])))
sys.argv = ["policykg", *sys.argv[3:]]
from pipeline.cli import app
app()
"""


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _run(args: list[str], *, ulimit_kib: int | None = None, fail_at: int | None = None,
         count: Path | None = None) -> subprocess.CompletedProcess[str]:
    if fail_at is not None:
        cmd = [sys.executable, "-c", _BOOTSTRAP, str(fail_at), str(count), *args]
    else:
        cmd = [*POLICYKG, *args]
    if ulimit_kib is not None:
        cmd = ["bash", "-c", f'ulimit -f {ulimit_kib}; exec "$@"', "bash", *cmd]
    return subprocess.run(cmd, check=False, cwd=ROOT, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A corpus of one seed, built: `raw_docs/` and `extracted/`; a second seed waits in `new/`."""
    root = tmp_path_factory.mktemp("corpus")
    seeds = sorted(SEEDS.glob("*.txt"))
    (root / "raw_docs").mkdir()
    (root / "new").mkdir()
    shutil.copy(seeds[0], root / "raw_docs")
    shutil.copy(seeds[1], root / "new")
    done = _run(["build", str(root / "raw_docs"), "-o", str(root / "extracted"), "-j", "1"])
    assert done.returncode == 0, done.stderr
    return root


def _copy(built: Path, tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    shutil.copytree(built, root)
    return root


def _one_line_no_space(result: subprocess.CompletedProcess[str], reason: str) -> None:
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("policykg: error: ")]
    assert result.returncode == 2, result.stderr
    assert len(errors) == 1 and reason in errors[0], result.stderr  # documents' warnings may precede it
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr


def _commands(root: Path) -> dict[str, tuple[list[str], Path]]:
    """Each command with the folder it must leave as it was."""
    raw_two = root / "raw_two"
    if not raw_two.exists():
        shutil.copytree(root / "raw_docs", raw_two)
        shutil.copy(next((root / "new").iterdir()), raw_two)
    new = next((root / "new").iterdir())
    return {"build": (["build", str(raw_two), "-o", str(root / "extracted"), "-j", "1"], root / "extracted"),
            "ingest": (["ingest", str(new), "--root", str(root), "-j", "1"], root)}


@pytest.mark.parametrize("command", ["build", "ingest"])
def test_file_size_limit_mid_write_changes_nothing(built: Path, tmp_path: Path, command: str) -> None:
    root = _copy(built, tmp_path)
    args, kept = _commands(root)[command]
    before = _tree(kept)
    # the graph files of two documents pass 8 KiB; the records and manifest stay under it
    result = _run(args, ulimit_kib=8)
    _one_line_no_space(result, "File too large")
    assert _tree(kept) == before


def _count_writes(built: Path, tmp_path: Path, command: str, count: Path) -> int:
    probe = _copy(built, tmp_path / "probe")
    probe_args, _ = _commands(probe)[command]
    assert _run(probe_args, fail_at=0, count=count).returncode == 0  # 0: never fails; counts the writes
    total = int(count.read_text())
    assert total > 3
    return total


def _leftovers(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*")
                  if p.name.startswith((".staging-", ".policykg-txn-")) or p.name.endswith(".tmp"))


@pytest.mark.parametrize("command", ["build", "ingest"])
def test_disk_full_at_any_write_before_the_commit_changes_nothing(built: Path, tmp_path: Path, command: str) -> None:
    """Writes 2, n/2 and (build) n, the last: the commit's journal; all but the last are the
    staged outputs. (The 1st is tempfile's probe of the temporary folder, which tries another
    when it fails; after an ingest's commit come the record cache's writes: the next test.) A sweep
    of every write of this build, 2 to 31, left the folder as it was each time."""
    root = _copy(built, tmp_path)
    count = tmp_path / "writes"
    args, kept = _commands(root)[command]
    total = _count_writes(built, tmp_path, command, count)
    before = _tree(kept)
    for fail_at in (2, total // 2, total) if command == "build" else (2, total // 2):
        result = _run(args, fail_at=fail_at, count=count)
        _one_line_no_space(result, "No space left on device")
        assert _tree(kept) == before, f"changed after a full disk at write {fail_at} of {total}"
        assert _leftovers(root) == [], f"left behind after a full disk at write {fail_at} of {total}"
        if command == "build":  # the one line names the output folder and says it is unchanged
            assert f"{root / 'extracted'}: No space left on device" in result.stderr
            assert "the output folder is as it was" in result.stderr


def test_disk_full_for_the_record_cache_after_the_commit_is_a_warning(built: Path, tmp_path: Path) -> None:
    """The record cache is written once the ingest has committed; it is an optimisation, so a
    full disk then is one warning and exit 0, with the ingest done."""
    root = _copy(built, tmp_path)
    count = tmp_path / "writes"
    args, _ = _commands(root)["ingest"]
    total = _count_writes(built, tmp_path, "ingest", count)
    result = _run(args, fail_at=total, count=count)  # the last write: a cache entry
    assert result.returncode == 0, result.stderr
    assert "policykg: error" not in result.stderr and "Traceback" not in result.stderr
    warnings = [ln for ln in result.stderr.splitlines() if "record cache" in ln]
    assert len(warnings) == 1 and "No space left on device" in warnings[0], result.stderr
    assert "the ingest is committed" in warnings[0]
    new = next((root / "new").iterdir())
    assert (root / "raw_docs" / new.name).read_bytes() == new.read_bytes()
    manifest = json.loads((root / "extracted" / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(manifest["inputs"]) == sorted(p.name for p in (root / "raw_docs").iterdir())
    assert _leftovers(root) == []
