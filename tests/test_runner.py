"""The batch runner: every file through read_path, results streamed in input order, a bounded window."""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Iterator
from pathlib import Path

from checker.app.batch import run
from checker.app.check import Job, check_task, default_ruleset
from checker.app.walk import Found, Task, skipped
from checker.diagnostics import FileResult

ROOT = Path(__file__).resolve().parent.parent
CLEAN = ROOT / "examples" / "clean-2023.txt"


def test_every_kind_is_read_through_read_path(tmp_path: Path) -> None:
    (tmp_path / "a.docx").write_bytes(b"PK\x03\x04 not really a docx")
    job = Job(default_ruleset())
    result = check_task(Task(str(tmp_path / "a.docx"), "docx"), job).result
    assert (result.status, result.kind, [d.rule for d in result.diagnostics]) == ("unreadable", "docx", ["read-error"])
    assert result.reason is not None
    text = check_task(Task(str(CLEAN), "text"), job).result
    assert (text.status, text.kind, text.year, len(text.lines) > 0) == ("checked", "text", 2023, True)
    bare = check_task(Task(str(CLEAN), "text"), Job(default_ruleset(), keep_lines=False)).result
    assert bare.lines == () and bare.diagnostics == text.diagnostics


def _endless(folder: Path) -> Iterator[Found]:
    """Tasks without end, a skipped file every fifth: a runner that collects first never returns."""
    for i in itertools.count():
        yield skipped(f"x{i}.png", "不是报告文件（.png），未检查") if i % 5 == 4 else Task(str(folder / "a.txt"), "text")


def test_results_stream_in_order_with_a_bounded_window(tmp_path: Path) -> None:
    shutil.copy(CLEAN, tmp_path / "a.txt")
    job = Job(default_ruleset(), keep_lines=False)
    for jobs in (1, 2):
        first: list[FileResult] = [o.result for o in itertools.islice(run(_endless(tmp_path), job, jobs), 12)]
        assert [r.status for r in first] == ["checked"] * 4 + ["skipped"] + ["checked"] * 4 + ["skipped"] + [
            "checked"] * 2
        assert [r.path for r in first if r.status == "skipped"] == ["x4.png", "x9.png"]
