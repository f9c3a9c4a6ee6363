"""CSV for Excel and WPS: one row per finding, or with ``--per-file`` one row per file.

UTF-8 with a byte order mark, so Excel and WPS open the Chinese right; the header row is
in Chinese, as the office reads it. A cell that starts with ``=``, ``+``, ``-``, ``@``
(or a tab or carriage return) is prefixed with ``'`` so a spreadsheet never runs it as a
formula (a file name or a quoted sentence is data). Written row by row as the results
come: nothing is kept but the counts.

Rows per finding: every diagnostic, waived ones marked with their reason. Rows per file:
every file found, with its verdict (``checker.diagnostics.verdict``), its counts, the
rules not assessed on it and why, and why it was skipped or could not be read.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any, TextIO

from checker.diagnostics import Diagnostic, FileResult, Severity
from checker.reporters.common import (
    SEVERITY_ZH,
    VERDICT_ZH,
    RenderContext,
    Tally,
    kind_text,
    location_text,
    not_assessed_text,
    place_text,
    why_unchecked,
)
from checker.reporters.escape import printable

BOM = "\ufeff"
FINDING_HEADER = ("文件", "单位", "年度", "规则", "级别", "问题", "位置", "已豁免", "豁免理由", "建议")
FILE_HEADER = ("文件", "单位", "年度", "类型", "结论", "错误", "警告", "提示", "已豁免", "未评估", "说明")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> Any:
    """A value as a spreadsheet cell: numbers as they are, text printable and never a formula."""
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    text = printable(str(value))
    return "'" + text if text.startswith(_FORMULA) else text


def finding_row(result: FileResult, diag: Diagnostic) -> list[Any]:
    where = place_text(diag.place) if diag.place is not None else location_text(diag)
    waived = diag.waived
    return [cell(v) for v in (
        result.path, result.agency, result.year, diag.rule, SEVERITY_ZH[diag.severity], diag.message,
        where, "是" if waived else "否", waived.reason if waived else "", diag.hint,
    )]


def file_row(result: FileResult, outcome: str) -> list[Any]:
    levels = {s: sum(d.severity is s for d in result.diagnostics) for s in Severity}
    return [cell(v) for v in (
        result.path, result.agency, result.year, kind_text(result), VERDICT_ZH[outcome],
        levels[Severity.ERROR], levels[Severity.WARNING], levels[Severity.INFO],
        sum(d.waived is not None for d in result.diagnostics), not_assessed_text(result, shown=None), why_unchecked(result),
    )]


def render(results: Iterable[FileResult], out: TextIO, ctx: RenderContext) -> Tally:
    tally = ctx.tally()
    out.write(BOM)
    writer = csv.writer(out)
    writer.writerow(FILE_HEADER if ctx.per_file else FINDING_HEADER)
    for result in results:
        outcome = tally.add(result)
        if ctx.per_file:
            writer.writerow(file_row(result, outcome))
        else:
            writer.writerows(finding_row(result, d) for d in result.diagnostics)
    return tally
