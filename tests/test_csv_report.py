"""``--format csv`` (issue 11.4): one row per finding, or per file with ``--per-file``; UTF-8 with a BOM;
no cell a spreadsheet would run as a formula; file names escaped to valid UTF-8."""

from __future__ import annotations

import csv
import io
from dataclasses import replace

import pytest
from report_results import ALL, CTX, HOSTILE, rendered

from checker.diagnostics import Diagnostic, FileResult, Severity
from checker.reporters.csv_out import cell


def rows(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline="")))


def test_one_row_per_finding_exact() -> None:
    assert rows(rendered("csv", ALL)) == [
        ["文件", "单位", "年度", "规则", "级别", "问题", "位置", "已豁免", "豁免理由", "建议"],
        ["南湖县/卫健委2024.docx", "南湖县卫健委", "2024", "t3-total", "错误", "表三“本年新收”合计应为 15，实为 16",
         "第3页 第2个表格 第5行第4列：“16”", "否", "", "（七）总计 应为 15（现为 16）"],
        ["南湖县/教育局2024.txt", "南湖县教育局", "2024", "text-table-mismatch", "错误", "正文 749 件与表三 713 件不同",
         "第2行第3列", "是", "正文 749 件含上年结转 36 件，经核实无误", ""],
        ["北山区/坏.txt", "", "", "read-error", "错误", "无法读取文件：二进制文件", "第1行第1列", "否", "", ""],
    ]


def test_per_file_rows_exact() -> None:
    assert rows(rendered("csv", ALL, replace(CTX, per_file=True))) == [
        ["文件", "单位", "年度", "类型", "结论", "错误", "警告", "提示", "已豁免", "未评估", "说明"],
        ["南湖县/卫健委2024.docx", "南湖县卫健委", "2024", "Word", "不通过", "1", "0", "0", "0", "", ""],
        ["南湖县/教育局2024.txt", "南湖县教育局", "2024", "文本", "通过", "1", "0", "0", "1",
         "publish-late（没有发布日期）", ""],
        ["北山区/财政局2024.txt", "北山区财政局", "2024", "文本", "不通过", "0", "0", "0", "0", "t3-total ×3（未找到表三）", ""],
        ["北山区/照片.png", "", "", "", "跳过", "0", "0", "0", "0", "", "不是报告格式（图片）"],
        ["北山区/坏.txt", "", "", "", "无法检查", "1", "0", "0", "0", "", "无法读取文件：二进制文件"],
    ]


@pytest.mark.parametrize(("value", "written"), [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
    ("+1", "'+1"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
    ("正文=表格", "正文=表格"), (2024, 2024), (None, ""), ("a\x1bb", "a\\x1bb"),
])
def test_cells_never_become_formulas(value: object, written: object) -> None:
    assert cell(value) == written


def test_hostile_names_and_formula_messages() -> None:
    formula = FileResult("=cmd.txt", "checked", None, None, "@某局", (Diagnostic("r", Severity.ERROR, "-1 件", None),))
    text = rendered("csv", [formula, *HOSTILE])
    text.encode("utf-8")
    assert rows(text)[1:] == [
        ["'=cmd.txt", "'@某局", "", "r", "错误", "'-1 件", "", "否", "", ""],
        ["bad\\xff\\xfe.txt", "某局", "2024", "x", "错误", "m\\x1b[2J", "", "否", "", ""],
        ["evil\\x1b]0;pwn\\x07\\x1b[31m.txt", "", "", "read-error", "错误", "无法读取文件：二进制文件", "第1行第1列", "否", "", ""],
    ]
