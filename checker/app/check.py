"""The check of one report: read (any kind), assess, adjust (per-path overrides), waive.

Every failure of one file becomes a ``FileResult`` with diagnostics, never an
exception, so a batch of hundreds of reports always finishes and a file that
could not be checked is visible (status "unreadable") to every reporter and to
the exit code (``diagnostics.verdict``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from checker.app.waivers import Use, Waivers
from checker.app.walk import Task
from checker.diagnostics import Diagnostic, FileResult, Severity, sorted_diagnostics
from checker.engine.batchindex import single
from checker.engine.cross import Identity, Member, Needs, Packed, is_cross, needs_of, pack, snapshot
from checker.engine.evaluate import Options, assess
from checker.language.ast import RuleSet
from checker.language.cache import load_cached
from checker.language.select import matches
from checker.model import Report
from checker.read.files import MAX_BYTES, Unreadable, kind_of, read_path
from checker.read.report import read_report
from checker.resources import rules_dir


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
_ALWAYS_REPORTED = frozenset({"read-error", "internal-error", "rule-budget"})


@dataclass(frozen=True, slots=True)
class CrossPlan:
    """What the cross-report rules of a run read of each report (``engine.cross.Needs``), and who wrote
    which report (agencies.yaml's ``Agencies.identify``; the title's agency when it says nothing)."""

    needs: Needs
    identify: Callable[[str, str], Identity | None] | None = field(default=None, compare=False)

    def member(self, report: Report) -> Member | None:
        """The report's snapshot for the batch (``pack`` it to send it); None for a file that is not a report."""
        if any(p.kind == "not-a-report" for p in report.problems):
            return None
        agency = report.title.agency if report.title and report.title.agency else ""
        who = self.identify(report.path, agency) if self.identify is not None else None
        return snapshot(report, self.needs, who)


def cross_plan(ruleset: RuleSet, identify: Callable[[str, str], Identity | None] | None = None) -> CrossPlan | None:
    """The plan of a run whose rules include cross-report rules; None when none is selected (the batch streams)."""
    cross = [r for r in ruleset.rules if is_cross(r)]
    return CrossPlan(needs_of(cross), identify) if cross else None


@dataclass(frozen=True, slots=True)
class Job:
    """Everything a worker needs to check files; picklable (a worker that is not forked gets a copy)."""

    ruleset: RuleSet
    options: Options = field(default_factory=Options)
    keep_lines: bool = True  # the text reporter's code frames need each report's lines
    adjust_for: Callable[[str], Adjust] | None = field(default=None, compare=False)
    waivers: Waivers | None = None
    max_bytes: int = MAX_BYTES
    cross: CrossPlan | None = None  # set when cross-report rules are selected: the batch runs in two phases


@dataclass(frozen=True, slots=True)
class Outcome:
    """One file's result and what the run's waivers did on it (summed up at the end of the run)."""

    result: FileResult
    use: Use = field(default_factory=Use)
    member: Packed | None = None  # the report's snapshot for the cross-report rules (``Job.cross``)


@lru_cache(maxsize=1)
def default_ruleset() -> RuleSet:
    """The shipped rules, through the rule cache."""
    return load_cached([rules_dir()])


def check_text(
    text: str, path: str = "<text>", ruleset: RuleSet | None = None, options: Options | None = None,
    encoding: str = "utf-8", keep_lines: bool = True,
) -> FileResult:
    """Check a report given as text (the library entry point; no file system)."""
    try:
        report = read_report(text, path, encoding)
        return _assessed(report, ruleset or default_ruleset(), options or Options(), "text", keep_lines)
    except Exception as exc:  # a bug must not stop a batch nor pass a gate
        return internal_error(path, exc)


def check_file(path: str | Path, ruleset: RuleSet | None = None, options: Options | None = None,
               keep_lines: bool = True) -> FileResult:
    """Read (any report kind, through ``read.files.read_path``) and check one file (a batch of one)."""
    job = Job(ruleset or default_ruleset(), options or Options(), keep_lines)
    return check_task(Task(str(path), kind_of(path) or "text"), job).result


def check_task(task: Task, job: Job) -> Outcome:
    """Read, assess, adjust and waive one file; never raises."""
    try:
        report = read_path(task.path, max_bytes=job.max_bytes)
        if isinstance(report, Unreadable):
            return Outcome(_unreadable(task.path, report))
        result = _assessed(report, job.ruleset, job.options, task.kind, True, part="own" if job.cross else "all")
        if job.adjust_for is not None:
            result = replace(result, diagnostics=sorted_diagnostics(job.adjust_for(task.path).apply(result.diagnostics)))
        use = Use()
        if job.waivers is not None:
            result, use = job.waivers.apply(result, report.lines)
        keep = job.keep_lines or (job.cross is not None and job.waivers is not None)  # phase 2 waives too
        member = job.cross.member(report) if job.cross is not None else None
        member = pack(member) if member is not None else None  # here, in the worker: the parent only indexes
        return Outcome(result if keep else replace(result, lines=()), use, member)
    except Exception as exc:  # a bug must not stop a batch nor pass a gate
        return Outcome(internal_error(task.path, exc))


def _assessed(report: Report, ruleset: RuleSet, options: Options, kind: str, keep_lines: bool,
              part: str = "all") -> FileResult:
    """The file's result; with ``part`` "all" (a report checked on its own, not in a two-phase batch) the
    cross-report rules see a batch of one: nothing to compare with, so they are not assessed."""
    batch = None
    if part == "all":
        (plan,) = ruleset.compiled(("cross-plan",), lambda: (cross_plan(ruleset),))  # a tuple: None is cached too
        member = plan.member(report) if plan is not None else None
        batch = single(member) if member is not None else None
    assessment = assess(ruleset, report, options, batch=batch, part=part)
    title = report.title
    return FileResult(
        path=report.path, status="checked", format=report.format, year=report.year,
        agency=title.agency if title else None, diagnostics=sorted_diagnostics(assessment.diagnostics),
        lines=report.lines if keep_lines else (), not_assessed=assessment.not_assessed, kind=kind,
    )


def _unreadable(path: str, unreadable: Unreadable) -> FileResult:
    diag = unreadable.diagnostic
    reason = diag.values.get("reason")
    return FileResult(path, "unreadable", None, None, None, (diag,),
                      reason=reason if isinstance(reason, str) else diag.message, kind=unreadable.kind)


def internal_error(path: str, exc: BaseException, kind: str | None = None) -> FileResult:
    """The result of a file whose check failed on a bug: ``unreadable``, never a pass."""
    diag = Diagnostic(
        rule="internal-error", severity=Severity.ERROR,
        message=f"检查本文件时内部出错（{type(exc).__name__}: {exc}），本文件未完成检查",
        location=None,
    )
    return FileResult(path, "unreadable", None, None, None, (diag,), reason="内部错误", kind=kind)


