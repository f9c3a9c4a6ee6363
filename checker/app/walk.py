"""The files a run names: every one found is checked or listed with the reason it is not.

A gate that skips silently passes what it never opened, so the walk turns every path it
meets into either a ``Task`` (a report to read) or a finished ``FileResult``:

* a report file (``read.files.kind_of``) is a task; any other file in a folder or matched
  by a glob is ``skipped`` with its reason (an explicitly named file is always read);
* a FIFO, device or socket is ``skipped`` and never opened (opening a FIFO blocks, a device
  never ends), also when it is named on the command line;
* an unreadable folder or file, a dangling link and a link that loops back into a folder
  above it are ``unreadable`` with a ``read-error`` saying why (the run exits 2);
* links are followed, each folder at most once: a second way to a folder already walked is
  ``skipped`` naming the first, so ``'**'`` over a link loop checks each file once and ends.

Folders are walked lazily in name order (files and subfolders interleaved), so the first
result can be written before the walk ends and memory does not grow with the number of
files. Names starting with "." (``.git``, editor lock files) are not looked at.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from checker.app.globs import is_glob, name_matcher
from checker.diagnostics import Diagnostic, FileResult, Severity
from checker.read.files import kind_of

_SPECIAL_KINDS = ((stat.S_ISFIFO, "管道（FIFO）"), (stat.S_ISCHR, "字符设备"), (stat.S_ISBLK, "块设备"),
                  (stat.S_ISSOCK, "套接字"))


@dataclass(frozen=True, slots=True)
class Task:
    """A report file to read and check; ``kind`` is the reader ("text", "docx", …)."""

    path: str
    kind: str


Found = Task | FileResult


def skipped(path: str, reason: str) -> FileResult:
    return FileResult(path, "skipped", None, None, None, (), reason=reason)


def walk_error(path: str, reason: str) -> FileResult:
    """An ``unreadable`` result for a path the walk could not get through (exit 2)."""
    diag = Diagnostic("read-error", Severity.ERROR, f"无法读取 {path}：{reason}", None,
                      values={"path": path, "reason": reason})
    return FileResult(path, "unreadable", None, None, None, (diag,), reason=reason)


def walk(args: Sequence[str], on_missing: Callable[[str], None]) -> Iterator[Found]:
    """Every path the arguments name, in order; ``on_missing(arg)`` for one that names nothing."""
    walker = _Walker(dedupe=len(args) > 1)
    for arg in args:
        found = False
        for item in walker.argument(arg):
            found = True
            if walker.first(item.path):
                yield item
        if not found:
            on_missing(arg)


class _Walker:
    """The state of one run's walk: folders already walked (by device and inode), paths already given."""

    def __init__(self, dedupe: bool) -> None:
        self.folders: dict[tuple[int, int], str] = {}
        self.seen: set[str] | None = set() if dedupe else None

    def first(self, path: str) -> bool:
        """False for a path an earlier argument already gave (only kept when there are several)."""
        if self.seen is None:
            return True
        if path in self.seen:
            return False
        self.seen.add(path)
        return True

    def argument(self, arg: str) -> Iterator[Found]:
        """What one argument names; its folders are walked once each (another argument may walk them again)."""
        self.folders = {}
        if arg == "-":
            yield skipped(arg, "“-”（标准输入）不受支持：请给出报告文件的路径")
            return
        try:
            st = os.stat(arg)
        except FileNotFoundError:
            if os.path.islink(arg):
                yield walk_error(arg, "链接指向的文件不存在")
            elif is_glob(arg):
                yield from self.glob(arg)
            return
        except OSError as exc:
            yield walk_error(arg, _os_reason(exc))
            return
        if stat.S_ISDIR(st.st_mode):
            yield from self.folder(arg, st, ())
        elif stat.S_ISREG(st.st_mode):
            yield Task(arg, kind_of(arg) or "text")
        else:
            yield skipped(arg, _special(st.st_mode))

    def folder(self, path: str, st: os.stat_result, above: tuple[tuple[int, int], ...],
               glob: _Glob | None = None) -> Iterator[Found]:
        """A folder's entries in name order; ``glob`` when only the entries it matches are wanted."""
        ident = (st.st_dev, st.st_ino)
        if ident in above:
            yield walk_error(path, f"链接构成循环（指回上层文件夹 {self.folders.get(ident, '')}）")
            return
        if ident in self.folders:
            yield skipped(path, f"与 {self.folders[ident]} 是同一个文件夹，已在那里检查")
            return
        self.folders[ident] = path
        try:
            with os.scandir(path) as it:
                names = sorted(e.name for e in it if not e.name.startswith("."))
        except OSError as exc:
            yield walk_error(path, f"无法读取文件夹：{_os_reason(exc)}")
            return
        for name in names:
            yield from self.entry(os.path.join(path, name), name, (*above, ident), glob)

    def entry(self, path: str, name: str, above: tuple[tuple[int, int], ...],
              glob: _Glob | None) -> Iterator[Found]:
        inner = glob.advance(name) if glob is not None else None
        if inner is not None and not inner.states:
            return  # nothing below can match: the glob prunes the walk
        matched = inner is None or inner.matched
        try:
            st = os.stat(path)
        except OSError as exc:
            if matched:  # in a glob, a broken entry whose name does not match is not named by it
                yield walk_error(path, _link_reason(exc) if os.path.islink(path) else _os_reason(exc))
            return
        if stat.S_ISDIR(st.st_mode):
            yield from self.folder(path, st, above, None if matched else inner)
        elif not matched:
            return
        elif not stat.S_ISREG(st.st_mode):
            yield skipped(path, _special(st.st_mode))
        elif kind_of(path) is None:
            suffix = os.path.splitext(name)[1]
            yield skipped(path, f"不是报告文件（{suffix or '无后缀'}），未检查")
        else:
            yield Task(path, kind_of(path) or "text")

    def glob(self, arg: str) -> Iterator[Found]:
        """A glob: the folder before its first wildcard, walked with the rest as a pattern."""
        parts = arg.split("/")
        fixed = next(i for i, p in enumerate(parts) if is_glob(p))
        base = "/".join(parts[:fixed]) or ("/" if arg.startswith("/") else ".")
        pattern = tuple(p for p in parts[fixed:] if p)
        try:
            st = os.stat(base)
        except OSError:
            return
        if not stat.S_ISDIR(st.st_mode):
            return
        for item in self.folder(base, st, (), _Glob.of(pattern)):
            yield _relabel(item, base, fixed == 0)


def _relabel(item: Found, base: str, relative: bool) -> Found:
    """Paths of a glob relative to the working folder read as the shell would print them ("x.txt", not "./x.txt")."""
    if not relative or base != "." or not item.path.startswith("./"):
        return item
    path = item.path[2:]
    return Task(path, item.kind) if isinstance(item, Task) else _with_path(item, path)


def _with_path(result: FileResult, path: str) -> FileResult:
    diags = tuple(Diagnostic(d.rule, d.severity, d.message.replace(result.path, path, 1), d.location,
                             values={**d.values, "path": path}) for d in result.diagnostics)
    return FileResult(path, result.status, None, None, None, diags, reason=result.reason)


# ---------------------------------------------------------------- glob components: a small NFA, no backtracking


@dataclass(frozen=True, slots=True)
class _Glob:
    """Glob components and the positions in them that the path walked so far can have reached."""

    pattern: tuple[str, ...]
    states: frozenset[int]

    @classmethod
    def of(cls, pattern: tuple[str, ...]) -> _Glob:
        return cls(pattern, _closure(pattern, {0}))

    @property
    def matched(self) -> bool:
        return len(self.pattern) in self.states

    def advance(self, name: str) -> _Glob:
        """The states after one more path component ``name``."""
        nxt: set[int] = set()
        for i in self.states:
            if i >= len(self.pattern):
                continue
            if self.pattern[i] == "**":
                nxt.add(i)
            elif name_matcher(self.pattern[i]).fullmatch(name):
                nxt.add(i + 1)
        return _Glob(self.pattern, _closure(self.pattern, nxt))


def _closure(pattern: tuple[str, ...], states: set[int]) -> frozenset[int]:
    """``**`` also matches no component at all."""
    out = set(states)
    for i in states:
        j = i
        while j < len(pattern) and pattern[j] == "**":
            j += 1
            out.add(j)
    return frozenset(out)


# ---------------------------------------------------------------- reasons


def _special(mode: int) -> str:
    what = next((name for test, name in _SPECIAL_KINDS if test(mode)), "特殊文件")
    return f"不是普通文件（{what}），不读取"


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "权限不足"
    return exc.strerror or type(exc).__name__


def _link_reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "链接指向的文件不存在"
    if exc.errno == errno.ELOOP:
        return "链接构成循环"
    return f"无法访问链接指向的文件：{_os_reason(exc)}"
