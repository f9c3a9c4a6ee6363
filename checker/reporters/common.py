"""What every reporter needs: the run context, and the counts of a run kept while it streams.

A reporter reads the results once, as they come (``render(results, out, ctx)`` takes any
iterable), and keeps only a ``Tally``: counts by verdict, severity and rule, and per agency
and per folder. It never keeps a report's lines, so memory does not grow with the number
of files beyond one entry per agency and folder. Pass or fail is never decided here:
``checker.diagnostics.verdict`` is the one place.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TextIO

from checker.diagnostics import Diagnostic, FileResult, NotAssessed, Severity, verdict
from checker.model import Place

SEVERITY_ZH = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}
VERDICT_ZH = {"passed": "通过", "failed": "不通过", "unreadable": "无法检查", "skipped": "跳过"}
KIND_ZH = {"text": "文本", "docx": "Word", "pdf": "PDF", "html": "网页"}
NO_AGENCY = "（未识别单位）"


def parent_folder(path: str) -> str:
    """The folder a report sits in: offices keep one folder per region."""
    return os.path.dirname(path) or "."


@dataclass(frozen=True, slots=True)
class RenderContext:
    """The run around the results: rules (for metadata and counts), fail level, options."""

    ruleset: Any = None  # checker RuleSet, or None when unknown
    fail_on: Severity = Severity.ERROR
    statistics: bool = False
    color: str = "auto"  # auto | always | never
    version: str = "0.1.0"
    env: dict[str, str] = field(default_factory=dict)  # the environment (NO_COLOR, COLUMNS), passed in
    per_file: bool = False  # csv: one row per file instead of one per finding
    fail_on_source: str = ""  # who set the fail level when it is not the default ("配置方案 publish")
    folder_of: Callable[[str], str] = parent_folder  # the region a file is counted under

    @property
    def rule_count(self) -> int:
        return len(self.ruleset.rules) if self.ruleset is not None else 0

    def rule(self, rule_id: str) -> Any:
        """The loaded rule with this id, or None (read-error, internal-error, unknown)."""
        if self.ruleset is None:
            return None
        try:
            return self.ruleset.get(rule_id)
        except (KeyError, LookupError):
            return None

    def tally(self) -> Tally:
        return Tally(self.fail_on, self.folder_of)


def fails(diag: Diagnostic, fail_on: Severity) -> bool:
    """Whether a finding counts against the file: at or above the fail level and not waived."""
    return diag.waived is None and diag.severity.rank >= fail_on.rank


@dataclass(slots=True)
class GroupCounts:
    """One row of the table by agency or by folder."""

    files: int = 0
    passed: int = 0
    failed: int = 0
    unreadable: int = 0
    rules: Counter[str] = field(default_factory=Counter)  # what fails files: findings and gaps, by rule

    def add(self, result: FileResult, outcome: str, fail_on: Severity) -> None:
        self.files += 1
        if outcome in ("passed", "failed", "unreadable"):
            setattr(self, outcome, getattr(self, outcome) + 1)
        self.rules.update(d.rule for d in result.diagnostics if fails(d, fail_on))
        self.rules.update(f"{n.rule}（未评估）" for n in result.not_assessed if n.fault)

    def top_rules(self, n: int = 3) -> list[tuple[str, int]]:
        """The most frequent failing rules, ties by id, so the table reads the same every run."""
        return sorted(self.rules.items(), key=lambda kv: (-kv[1], kv[0]))[:n]


class Tally:
    """Counts of a run, added one result at a time (what a streaming reporter keeps)."""

    SKIPPED_SHOWN = 20  # skipped files named in a summary; the rest are only counted

    def __init__(self, fail_on: Severity = Severity.ERROR, folder_of: Callable[[str], str] = parent_folder) -> None:
        self.fail_on = fail_on
        self.folder_of = folder_of
        self.verdicts: Counter[str] = Counter()
        self.levels: Counter[Severity] = Counter()
        self.by_rule: Counter[tuple[str, Severity]] = Counter()
        self.waived = 0
        self.skipped: list[tuple[str, str]] = []  # (path, reason) of the first SKIPPED_SHOWN
        self.agencies: dict[str, GroupCounts] = {}
        self.folders: dict[str, GroupCounts] = {}
        self.stale_waivers_fail = False  # a waivers file's own findings reach fail_on

    def add(self, result: FileResult) -> str:
        """Count one result; returns its verdict. A waivers file's findings (waiver-unused,
        waiver-expired) are counted as findings, but the file is not a report: it is in no
        table and no report count, and fails the gate only by its findings."""
        outcome = verdict(result, self.fail_on)
        for d in result.diagnostics:
            self.levels[d.severity] += 1
            self.by_rule[(d.rule, d.severity)] += 1
            self.waived += d.waived is not None
        if result.kind == "waivers":
            self.stale_waivers_fail |= outcome == "failed"
            return outcome
        self.verdicts[outcome] += 1
        if outcome == "skipped":
            if len(self.skipped) < self.SKIPPED_SHOWN:
                self.skipped.append((result.path, result.reason or ""))
            return outcome
        for groups, key in ((self.agencies, result.agency or NO_AGENCY), (self.folders, self.folder_of(result.path))):
            groups.setdefault(key, GroupCounts()).add(result, outcome, self.fail_on)
        return outcome

    @property
    def files(self) -> int:
        """Every file listed, skipped ones included."""
        return sum(self.verdicts.values())

    @property
    def reports(self) -> int:
        """Files that are reports: checked or meant to be (skipped ones are not)."""
        return self.files - self.verdicts["skipped"]

    def count(self, outcome: str) -> int:
        return self.verdicts[outcome]

    def per_rule(self) -> list[tuple[str, Severity, int]]:
        """(rule, severity, count), most severe first, then most frequent, then by id."""
        ranked = sorted(self.by_rule.items(), key=lambda kv: (-kv[0][1].rank, -kv[1], kv[0][0]))
        return [(rule, sev, n) for (rule, sev), n in ranked]

    def summary_dict(self) -> dict[str, int]:
        """JSON ``summary``: files = passed + failed + unreadable + skipped; errors, warnings and
        infos count every finding, waived ones included; waived counts the waived findings."""
        return {
            "files": self.files,
            "errors": self.levels[Severity.ERROR],
            "warnings": self.levels[Severity.WARNING],
            "infos": self.levels[Severity.INFO],
            "passed": self.count("passed"),
            "failed": self.count("failed"),
            "unreadable": self.count("unreadable"),
            "skipped": self.count("skipped"),
            "waived": self.waived,
        }


def summary_of(rule: Any, limit: int | None = None) -> str:
    """A rule's one-line ``summary`` (required in rule files), cut to ``limit`` characters where a
    format has only that much room (the HTML chart); "" for a rule built by hand without one."""
    text = (getattr(rule, "summary", "") or "").strip() if rule is not None else ""
    return text if limit is None or len(text) <= limit else text[: limit - 1] + "…"


#: Diagnostics of the checking itself, which no rule file declares: their one-line summaries.
BUILTIN_RULES = {
    "read-error": "文件无法读取或解码",
    "internal-error": "检查本文件时内部出错",
    "rule-budget": "规则超出计算限额，未能完成",
    "waiver-unused": "豁免没有用上：没有它所豁免的问题",
    "waiver-expired": "豁免已过期，不再适用",
}


def rule_summary(ctx: RenderContext, rule_id: str, limit: int | None = None) -> str:
    """The one line shown beside a rule id: the loaded rule's summary, else the built-in diagnostic's."""
    rule = ctx.rule(rule_id)
    return summary_of(rule, limit) if rule is not None else BUILTIN_RULES.get(rule_id, "")


def location_text(diag: Diagnostic) -> str:
    """Where a finding is, for a person: the file's own place (page, table, row, column), else
    line and column of the text; "" when the finding is about the whole file."""
    described = diag.place.describe() if diag.place is not None else ""
    if described:
        return described
    loc = diag.location
    return f"第{loc.line}行第{loc.column}列" if loc else ""


def not_assessed_text(result: FileResult, shown: int | None = 2) -> str:
    """``publish-late（没有发布日期）、t3-total ×2（未找到表三）``: a file's unassessed rules, briefly.

    One entry per rule: a report with a hundred blank cells gives each table rule a hundred
    reasons, and a line listing them all hides the rule names; the first ``shown`` reasons are
    quoted and the rest counted (``shown=None`` quotes them all, for the machine formats).
    Rules in a row with the same reasons share them (``carry-over ×7、text-copied（均为：没有上一年度的报告）``).
    """
    by_rule: dict[str, list[NotAssessed]] = {}
    for n in result.not_assessed:
        by_rule.setdefault(n.rule, []).append(n)
    groups: list[tuple[list[str], str]] = []
    for rule, gaps in by_rule.items():
        count = sum(n.count for n in gaps)
        name = f"{rule}{f' ×{count}' if count > 1 else ''}"
        reasons = _reasons_text(gaps, shown)
        if groups and groups[-1][1] == reasons:
            groups[-1][0].append(name)
        else:
            groups.append(([name], reasons))
    return "、".join(f"{'、'.join(names)}（{'均为：' if len(names) > 1 else ''}{reasons}）" for names, reasons in groups)


def _reasons_text(gaps: list[NotAssessed], shown: int | None) -> str:
    reasons = "；".join(n.reason for n in gaps[:shown])
    more = f" 等 {len(gaps)} 项原因" if shown is not None and len(gaps) > shown else ""
    return reasons + more


def place_text(place: Place) -> str:
    """``第3页 第2个表格 第5行第4列：“16”``: the file's own place and what stands there."""
    where = place.describe()
    quoted = f"“{place.text}”" if place.text else ""
    return "：".join(part for part in (where, quoted) if part)


def message_with_place(diag: Diagnostic) -> str:
    """The message, and for a finding with a place of its own, where it is and what stands there
    (for formats that show a line, not a place: SARIF, GitHub)."""
    where = place_text(diag.place) if diag.place is not None else ""
    return f"{diag.message}（{where}）" if where else diag.message


def why_unchecked(result: FileResult) -> str:
    """Why a file was skipped or not checked: its reason, else its read-error's message."""
    if result.reason:
        return result.reason
    if result.status == "unreadable" and result.diagnostics:
        return result.diagnostics[0].message
    return ""


class Spool:
    """Text a format must hold until the run ends (JUnit's cases after its counts, SARIF's
    artifacts, the HTML table of files): in memory up to ``limit`` characters, then on
    disk, so even those formats keep memory flat in the number of files."""

    def __init__(self, separator: str = "", limit: int = 1 << 20) -> None:
        self.separator = separator
        self.count = 0
        # closed by copy_to, or by the ``with`` block a reporter holds it in
        self.file = tempfile.SpooledTemporaryFile(max_size=limit, mode="w+", encoding="utf-8", newline="")  # noqa: SIM115

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.file.close()

    def add(self, text: str) -> None:
        self.file.write((self.separator if self.count else "") + text)
        self.count += 1

    def copy_to(self, out: TextIO) -> None:
        """Write everything held, in order, and let it go."""
        self.file.seek(0)
        shutil.copyfileobj(self.file, out)
        self.file.close()


def kind_text(result: FileResult) -> str:
    """What the file was read as, in Chinese ("Word", "PDF"…); a checked file of no kind is text."""
    if result.kind:
        return KIND_ZH.get(result.kind, result.kind)
    return KIND_ZH["text"] if result.status == "checked" else ""
