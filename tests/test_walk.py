"""The walk: every path found is a report to check or a result saying why not; links once; globs linear."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import re2

from checker.app.globs import path_matcher
from checker.app.walk import Task, walk
from checker.diagnostics import FileResult

posix_only = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs and symlinks are POSIX")


def listing(args: list[str]) -> tuple[list[tuple[str, str, str | None]], list[str]]:
    """(path, status or kind, reason) of everything walked, and the arguments that named nothing."""
    missing: list[str] = []
    out = []
    for item in walk(args, missing.append):
        if isinstance(item, Task):
            out.append((item.path, item.kind, None))
        else:
            assert isinstance(item, FileResult)
            out.append((item.path, item.status, item.reason))
    return out, missing


def make(tmp_path: Path, *names: str) -> None:
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")


@posix_only
def test_every_file_of_a_folder_is_listed(tmp_path: Path) -> None:
    make(tmp_path, "a.txt", "b/r.docx", "c.pdf", "d.png", "e", ".git/x.txt", "f.html")
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere")
    t = str(tmp_path)
    got, missing = listing([t])
    assert got == [
        (f"{t}/a.txt", "text", None),
        (f"{t}/b/r.docx", "docx", None),
        (f"{t}/c.pdf", "pdf", None),
        (f"{t}/d.png", "skipped", "不是报告文件（.png），未检查"),
        (f"{t}/e", "skipped", "不是报告文件（无后缀），未检查"),
        (f"{t}/f.html", "html", None),
        (f"{t}/gone.txt", "unreadable", "链接指向的文件不存在"),
        (f"{t}/pipe.txt", "skipped", "不是普通文件（管道（FIFO）），不读取"),
        (f"{t}/zero.txt", "skipped", "不是普通文件（字符设备），不读取"),
    ]
    assert missing == []


@posix_only
def test_links_are_followed_once_and_loops_are_errors(tmp_path: Path) -> None:
    make(tmp_path, "real/a.txt")
    (tmp_path / "real" / "up").symlink_to(tmp_path)
    (tmp_path / "same").symlink_to(tmp_path / "real")
    t = str(tmp_path)
    got, _ = listing([t])
    assert got == [
        (f"{t}/real/a.txt", "text", None),
        (f"{t}/real/up", "unreadable", f"链接构成循环（指回上层文件夹 {t}）"),
        (f"{t}/same", "skipped", f"与 {t}/real 是同一个文件夹，已在那里检查"),
    ]
    star, _ = listing([f"{t}/**"])  # glob.glob gave a.txt dozens of times through the loop
    assert [p for p, kind, _ in star if kind == "text"] == [f"{t}/real/a.txt"]


@posix_only
def test_special_files_named_directly(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    got, missing = listing([str(tmp_path / "pipe"), "-", "/dev/null"])
    reason = "不是普通文件（管道（FIFO）），不读取"
    assert got == [
        (str(tmp_path / "pipe"), "skipped", reason),
        ("-", "skipped", "“-”（标准输入）不受支持：请给出报告文件的路径"),
        ("/dev/null", "skipped", "不是普通文件（字符设备），不读取"),
    ]
    assert missing == []
    # a FIFO matched by a glob is listed, not dropped
    assert listing([str(tmp_path / "p*")]) == ([(str(tmp_path / "pipe"), "skipped", reason)], [])


def test_globs_and_explicit_files(tmp_path: Path) -> None:
    make(tmp_path, "x/2023.txt", "x/y/2024.md", "x/y/z.png", "notes.rst")
    t = str(tmp_path)
    got, missing = listing([f"{t}/x/**/*.md", f"{t}/notes.rst", f"{t}/*/y", f"{t}/*.zzz", f"{t}/none.txt"])
    assert got == [
        (f"{t}/x/y/2024.md", "text", None),
        (f"{t}/notes.rst", "text", None),  # named explicitly: always read
        (f"{t}/x/y/z.png", "skipped", "不是报告文件（.png），未检查"),  # a matched folder is walked
    ]
    assert missing == [f"{t}/*.zzz", f"{t}/none.txt"]


def test_glob_matching_does_not_backtrack() -> None:
    pattern = "*a" * 30 + "*b"
    assert isinstance(path_matcher(pattern), re2._Regexp)  # RE2: linear, where re took 26 s
    assert path_matcher(pattern).fullmatch("a" * 40) is None
    assert path_matcher(pattern).fullmatch("a" * 30 + "b") is not None
    assert path_matcher("乡镇/**").fullmatch("乡镇/a/b.txt") and path_matcher("乡镇").fullmatch("乡镇/c.txt")
    assert not path_matcher("*.md").fullmatch("sub/x.md") and path_matcher("[!x]?.txt").fullmatch("ab.txt")
