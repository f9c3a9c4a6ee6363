"""The exit code comes from the reporter's tally of verdicts: waived findings do not count, the file's own gaps do."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_cli import CLEAN, ONLY, ROOT, run

from checker.app.cli import exit_code
from checker.diagnostics import Diagnostic, FileResult, NotAssessed, Severity, Waived
from checker.reporters import Tally


def result(*diags: Diagnostic, status: str = "checked", gaps: tuple[NotAssessed, ...] = ()) -> FileResult:
    return FileResult("a.txt", status, "2021", 2024, None, diags, not_assessed=gaps)


ERROR = Diagnostic("t3-total", Severity.ERROR, "m", None)
WARNING = Diagnostic("t3-rows", Severity.WARNING, "m", None)


@pytest.mark.parametrize(("results", "exit_zero", "code"), [
    ([result(), result(WARNING)], False, 0),
    ([result(), result(ERROR)], False, 1),
    ([result(ERROR)], True, 0),
    ([result(Diagnostic("t3-total", Severity.ERROR, "m", None, waived=Waived("核实")))], False, 0),
    ([result(gaps=(NotAssessed("t3-total", "未找到表三", fault=True),))], False, 1),
    ([result(gaps=(NotAssessed("publish-late", "没有发布日期", fault=False),))], False, 0),
    ([result(Diagnostic("rule-budget", Severity.ERROR, "m", None))], True, 2),
    ([result(status="skipped"), result()], False, 0),
    ([result(), result(status="unreadable")], True, 2),
], ids=["warning", "error", "exit-zero", "waived", "fault-gap", "context-gap", "budget", "skipped", "unreadable"])
def test_tally(results: list[FileResult], exit_zero: bool, code: int) -> None:
    tally = Tally(Severity.ERROR)
    for r in results:
        tally.add(r)
    assert exit_code(tally, missing=False, exit_zero=exit_zero) == code


def test_size_limit_is_configurable(tmp_path: Path) -> None:
    shutil.copy(ROOT / CLEAN, tmp_path / "a.txt")
    proc = run("check", str(tmp_path / "a.txt"), *ONLY, "--max-size", "0.001", "--format", "json")
    assert proc.returncode == 2
    assert '"reason": "文件过大，超过读取上限"' in proc.stdout
    assert run("check", CLEAN, "--max-size", "0").returncode == 2
