"""The check pipeline for one report and for many: read, evaluate, adjust, collect.

Every failure of one file becomes a ``FileResult`` with diagnostics, never an
exception, so a batch of hundreds of reports always finishes and a file that
could not be checked is visible (status "unreadable") to every reporter and to
the exit code. Batches run in a process pool whose results come back in input
order, so the output is the same whatever ``-j`` is.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from checker.diagnostics import Diagnostic, FileResult, Severity, sorted_diagnostics
from checker.language.select import matches

#: File suffixes picked up when a folder is checked (an explicitly named file is always checked).
SUFFIXES = (".txt", ".md", ".text", ".markdown")
_GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True, slots=True)
class Adjust:
    """Per-file rule choice (from per-path overrides): narrow, drop and re-level diagnostics."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: tuple[tuple[str, Severity], ...] = ()

    def apply(self, diags: Iterable[Diagnostic]) -> tuple[Diagnostic, ...]:
        levels = dict(self.severity)
        out = []
        for d in diags:
            if d.rule in _ALWAYS_REPORTED:
                out.append(d)
                continue
            if self.select and not matches(d.rule, self.select):
                continue
            if matches(d.rule, self.ignore):
                continue
            level = levels.get(d.rule)
            out.append(replace(d, severity=level) if level and level != d.severity else d)
        return tuple(out)


#: Diagnostics about the checking itself: no configuration can hide them from a gate.
_ALWAYS_REPORTED = frozenset({"read-error", "internal-error"})


@dataclass(frozen=True, slots=True)
class Job:
    """Everything a worker needs to check files; picklable when ``ruleset`` is None."""

    rule_paths: tuple[str, ...]
    options: Any = None  # checker.engine.Options
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severities: tuple[tuple[str, Severity], ...] = ()
    keep_lines: bool = True
    adjust_for: Callable[[str], Adjust] | None = field(default=None, compare=False)
    ruleset: Any = field(default=None, compare=False)


def build_ruleset(job: Job) -> Any:
    """Load the rules of a job (raises ``checker.loader.RuleFileError``) and apply its choices."""
    from checker.language.loader import load_rules

    ruleset = load_rules([Path(p) for p in job.rule_paths])
    if job.select or job.ignore:
        ruleset = ruleset.select(list(job.select), list(job.ignore))
    if job.severities:
        ruleset = ruleset.with_severities(dict(job.severities))
    return ruleset


@lru_cache(maxsize=1)
def _default_ruleset() -> Any:
    from checker.language.loader import default_rule_paths, load_rules

    return load_rules(default_rule_paths())


def _default_options() -> Any:
    from checker.engine.evaluate import Options

    return Options()


def check_text(
    text: str, path: str = "<text>", ruleset: Any = None, options: Any = None,
    encoding: str = "utf-8", keep_lines: bool = True,
) -> FileResult:
    """Check a report given as text (the library entry point; no file system)."""
    try:
        from checker.engine.evaluate import evaluate
        from checker.read.report import read_report

        report = read_report(text, path, encoding)
        diags = evaluate(ruleset or _default_ruleset(), report, options or _default_options())
        title = report.title
        return FileResult(
            path=path, status="checked", format=report.format, year=report.year,
            agency=title.agency if title else None, diagnostics=sorted_diagnostics(diags),
            lines=report.lines if keep_lines else (),
        )
    except Exception as exc:  # a bug must not stop a batch nor pass a gate
        return _internal_error(path, exc)


def check_file(path: str | Path, ruleset: Any = None, options: Any = None, keep_lines: bool = True) -> FileResult:
    """Read and check one file; an unreadable file gives status "unreadable" with its read-error."""
    name = str(path)
    try:
        from checker.read.decode import read_file

        decoded = read_file(Path(path))
    except Exception as exc:
        return _internal_error(name, exc)
    if isinstance(decoded, Diagnostic):
        return FileResult(name, "unreadable", None, None, None, (decoded,))
    return check_text(decoded.text, name, ruleset, options, decoded.encoding, keep_lines)


def _internal_error(path: str, exc: BaseException) -> FileResult:
    diag = Diagnostic(
        rule="internal-error", severity=Severity.ERROR,
        message=f"检查本文件时内部出错（{type(exc).__name__}: {exc}），本文件未完成检查",
        location=None,
    )
    return FileResult(path, "unreadable", None, None, None, (diag,))


# ---------------------------------------------------------------- paths


@dataclass(frozen=True, slots=True)
class Expanded:
    """The files to check, in a stable order, and the arguments that named nothing."""

    files: tuple[str, ...]
    missing: tuple[str, ...]


def expand_paths(args: Sequence[str]) -> Expanded:
    """Files as given, folders recursively (report suffixes, hidden folders skipped), globs sorted."""
    files: dict[str, None] = {}
    missing: list[str] = []
    for arg in args:
        found = _expand_one(arg)
        if found is None:
            missing.append(arg)
        for f in found or ():
            files.setdefault(f, None)
    return Expanded(tuple(files), tuple(missing))


def _expand_one(arg: str) -> list[str] | None:
    p = Path(arg)
    if p.is_file():
        return [arg]
    if p.is_dir():
        return _walk(p)
    if _GLOB_CHARS & set(arg):
        hits = sorted(glob.glob(arg, recursive=True))
        out: list[str] = []
        for h in hits:
            out.extend([h] if Path(h).is_file() else _walk(Path(h)))
        return out or None
    return None


def _walk(folder: Path) -> list[str]:
    out = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        out.extend(os.path.join(root, n) for n in sorted(names)
                   if n.lower().endswith(SUFFIXES) and not n.startswith("."))
    return out


# ---------------------------------------------------------------- batches


@dataclass(frozen=True, slots=True)
class _Worker:
    """A worker's loaded state: the rule set is built once per process, not once per file."""

    job: Job
    ruleset: Any

    def check(self, path: str) -> FileResult:
        result = check_file(path, self.ruleset, self.job.options, self.job.keep_lines)
        if self.job.adjust_for is None:
            return result
        diags = sorted_diagnostics(self.job.adjust_for(path).apply(result.diagnostics))
        return replace(result, diagnostics=diags)


_STATE: dict[str, _Worker] = {}  # one entry per worker process, set by _init_worker only


def _init_worker(job: Job) -> None:
    _STATE["worker"] = _Worker(job, job.ruleset if job.ruleset is not None else build_ruleset(job))


def _check_in_worker(path: str) -> FileResult:
    return _STATE["worker"].check(path)


def run(paths: Sequence[str], job: Job, jobs: int = 1) -> Iterator[FileResult]:
    """Check ``paths`` with ``jobs`` processes, yielding results in the order of ``paths``."""
    ruleset = job.ruleset if job.ruleset is not None else build_ruleset(job)
    if jobs <= 1 or len(paths) < 2 * jobs:
        worker = _Worker(job, ruleset)
        yield from (worker.check(p) for p in paths)
        return
    yield from _run_pool(paths, replace(job, ruleset=ruleset), jobs)


def _run_pool(paths: Sequence[str], job: Job, jobs: int) -> Iterator[FileResult]:
    import multiprocessing as mp

    # fork: the loaded rule set is inherited, neither pickled nor reloaded; elsewhere it is pickled once.
    ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else None)
    chunk = max(1, min(64, len(paths) // (jobs * 8)))
    with ctx.Pool(jobs, initializer=_init_worker, initargs=(job,)) as pool:
        yield from pool.imap(_check_in_worker, paths, chunksize=chunk)
