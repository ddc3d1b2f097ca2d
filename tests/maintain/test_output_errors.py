"""Issue 20: where the outputs cannot go — a read-only `-o`, a file given as the folder, a legal
file name whose record name would pass 255 bytes — is one line with its exit code and nothing
half-written; a long legal name (the temporary file's prefix would push it past 255) is read."""
from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from support import CITED_DOC, snapshot
from typer.testing import CliRunner

from pipeline.cli import app

RUNNER = CliRunner()


def _named(folder: Path, total_bytes: int) -> Path:
    """CITED_DOC under a .txt name of exactly `total_bytes` bytes (Chinese, three bytes a character)."""
    stem_bytes = total_bytes - len(".txt")
    name = "政" * (stem_bytes // 3) + "x" * (stem_bytes % 3) + ".txt"
    assert len(name.encode()) == total_bytes
    path = folder / name
    path.write_text(CITED_DOC, encoding="utf-8")
    return path


def _args(command: str, path: Path, corpus: Path, out: Path) -> list[str]:
    if command == "ingest":
        return ["-q", "ingest", str(path), "--root", str(corpus), "--no-shacl", "-j", "1"]
    if command == "build":
        return ["-q", "build", str(path.parent), "-o", str(out), "-j", "1"]
    return ["-q", "extract", str(path), "-o", str(out)]


@pytest.mark.parametrize("command", ["extract", "build", "ingest"])
def test_a_name_of_250_bytes_is_read(command: str, corpus: Path, inputs: Path, tmp_path: Path) -> None:
    path = _named(inputs, 250)  # its record's name is 251 bytes; the temporary file's would pass 255
    result = RUNNER.invoke(app, _args(command, path, corpus, tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    where = corpus / "extracted" if command == "ingest" else tmp_path / "out"
    assert (where / f"{path.stem}.json").is_file()
    assert not [p for p in where.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("command", ["extract", "build", "ingest"])
def test_a_name_whose_record_name_is_too_long_is_bad_input(command: str, corpus: Path, inputs: Path,
                                                           tmp_path: Path) -> None:
    path = _named(inputs, 255)  # legal, but its record's name would be 256 bytes
    before = snapshot(corpus)
    result = RUNNER.invoke(app, _args(command, path, corpus, tmp_path / "out"))
    assert result.exit_code == 1, result.stderr
    lines = result.stderr.splitlines()
    assert lines[0] == (f"policykg: error: {path.name}: its record's name {path.stem}.json would be 256 bytes, "
                        "over the 255 a file name may have (rename the file to a shorter name)")
    assert snapshot(corpus) == before
    if command == "extract":
        assert len(lines) == 1 and not (tmp_path / "out").exists()


@pytest.mark.parametrize("command", ["extract", "build"])
@pytest.mark.parametrize("under", ["", "sub"])
def test_a_file_given_as_the_output_folder_is_one_line(command: str, under: str, inputs: Path,
                                                       tmp_path: Path) -> None:
    path = _named(inputs, 20)
    blocker = tmp_path / "a-file"
    blocker.write_bytes(b"not a folder")
    out = blocker / under if under else blocker
    result = RUNNER.invoke(app, _args(command, path, tmp_path, out))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("policykg: error: ")
    assert "a-file" in result.stderr and "Traceback" not in result.stderr
    assert blocker.read_bytes() == b"not a folder"


@pytest.fixture
def read_only(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A folder nothing can be created in (EROFS, as a read-only mount: chmod would not stop root)."""
    folder = tmp_path / "ro"
    folder.mkdir()
    real_open, real_mkdir, real_replace, real_rename = os.open, os.mkdir, os.replace, os.rename

    def refuse(path: object) -> None:
        if str(path).startswith(str(folder)):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))

    def open_(path, flags, *args, **kwargs):  # type: ignore[no-untyped-def]
        if flags & (os.O_CREAT | os.O_WRONLY | os.O_RDWR):
            refuse(path)
        return real_open(path, flags, *args, **kwargs)

    def mkdir(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        refuse(path)
        return real_mkdir(path, *args, **kwargs)

    def replace(src, dst, *args, **kwargs):  # type: ignore[no-untyped-def]
        refuse(dst)
        return real_replace(src, dst, *args, **kwargs)

    def rename(src, dst, *args, **kwargs):  # type: ignore[no-untyped-def]
        refuse(dst)
        return real_rename(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "open", open_)
    monkeypatch.setattr(os, "mkdir", mkdir)
    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(os, "rename", rename)
    return folder


@pytest.mark.parametrize("command", ["extract", "build"])
@pytest.mark.parametrize("under", ["", "out"])
def test_a_read_only_output_folder_is_one_line(command: str, under: str, read_only: Path, inputs: Path) -> None:
    path = _named(inputs, 20)
    result = RUNNER.invoke(app, _args(command, path, inputs, read_only / under if under else read_only))
    assert result.exit_code == 2, result.stderr
    assert result.stderr.count("\n") == 1 and "Read-only file system" in result.stderr, result.stderr
    assert list(read_only.iterdir()) == []


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_a_fifo_or_a_device_given_to_ingest_is_refused_and_frees_the_corpus(kind: str, corpus: Path,
                                                                             inputs: Path) -> None:
    path = inputs / "pipe.txt"
    if kind == "fifo":
        os.mkfifo(path)  # nobody writes it: reading it would wait for ever, holding the corpus lock
    else:
        path.symlink_to("/dev/zero")
    before = snapshot(corpus)
    result = RUNNER.invoke(app, ["-q", "ingest", str(path), "--root", str(corpus), "-j", "1", "--max-bytes", "1024"])
    assert result.exit_code == 1
    what = "a FIFO (named pipe)" if kind == "fifo" else "a character device"
    assert result.stderr == f"policykg: error: pipe.txt: {what}, not a regular file: not read (give the document file itself)\n"
    assert snapshot(corpus) == before
    good = _named(inputs, 20)
    assert RUNNER.invoke(app, ["-q", "ingest", str(good), "--root", str(corpus), "-j", "1", "--no-shacl"]).exit_code == 0
