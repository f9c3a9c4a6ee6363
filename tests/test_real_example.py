"""The real report (赣县区行政审批局 2023, text extracted from PDF) against the whole shipped rule set.

Issue 4: the errors are exactly five ``cell-blank``, one at each 行政复议 cell of 表四 (line 77,
the data row that begins with five empty cells); the warnings exactly one ``core-function-zero``
(an 行政审批局 reporting 0 行政许可 decisions); the infos may include ``all-zero``. Nothing else.
"""

from __future__ import annotations

from pathlib import Path

from checker.app.check import check_file
from checker.language.loader import default_rule_paths, load_rules

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "ganxian-xzspj-2023.txt"
RULES = load_rules(default_rule_paths())


def _by_severity(severity: str) -> list[tuple]:
    result = check_file(EXAMPLE, RULES)
    assert result.status == "checked"
    return [
        (d.rule, d.location.line, d.location.column, d.cell and (d.cell.table, d.cell.row, d.cell.col))
        for d in result.diagnostics
        if d.severity.value == severity
    ]


def test_errors_are_the_five_blank_review_cells_of_table_four():
    assert _by_severity("error") == [
        ("cell-blank", 77, column, ("t4", "review", col))
        for column, col in enumerate(("upheld", "corrected", "other", "pending", "total"), 1)
    ]


def test_the_one_warning_is_the_approval_bureau_without_licences():
    assert _by_severity("warning") == [("core-function-zero", 28, 6, ("t2", "license", "decisions"))]


def test_infos_are_at_most_all_zero():
    assert {rule for rule, *_ in _by_severity("info")} <= {"all-zero"}


def test_messages_name_the_table_row_and_column():
    result = check_file(EXAMPLE, RULES)
    messages: dict[str, str] = {}
    for d in result.diagnostics:
        messages.setdefault(d.rule, d.message)
    assert messages["cell-blank"] == "表四“行政复议”行“结果维持”列未填写：没有发生的事项应填 0"
    assert messages["core-function-zero"] == (
        "单位名称“赣县区行政审批局”表明行政许可是其主要职责，但表二“行政许可”行“本年处理决定数量”为 0，请核实"
    )
