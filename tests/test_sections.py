"""Headings and sections: the six found at their lines; table row labels never become headings."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.read.report import read_report
from checker.read.sections import cn_name, cn_number

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "ganxian-xzspj-2023.txt"


def test_real_example_sections_at_their_true_lines() -> None:
    report = read_report(EXAMPLE.read_text(encoding="utf-8"))
    got = [(s.key, s.number, s.loc.line, s.start_line, s.end_line, s.variant) for s in report.sections]
    assert got == [
        ("s1", 1, 7, 8, 17, False),
        ("s2", 2, 19, 20, 35, False),
        ("s3", 3, 37, 38, 70, False),
        ("s4", 4, 72, 73, 77, False),
        ("s5", 5, 79, 80, 83, False),
        ("s6", 6, 85, 86, 87, False),
    ]
    assert [h.loc.line for h in report.headings] == [7, 19, 37, 72, 79, 85]
    assert report.sections[3].heading == "四、政府信息公开行政复议、行政诉讼情况"


ONE_PER_LINE = """某局2023年政府信息公开工作年度报告
一、总体情况
正文。
三、收到和处理政府信息公开申请情况
一、本年新收政府信息公开申请数量
0
三、本年度办理结果
四、结转下年度继续办理
0
四、因政府信息公开工作被申请行政复议和提起行政诉讼情况
## 五、存在的主要问题及改进情况
**六、其他需要报告的事项**
七、附则
一、加强组织保障。确定专人负责。
"""


def test_row_labels_in_one_cell_per_line_text_are_not_headings() -> None:
    report = read_report(ONE_PER_LINE)
    assert [(h.ordinal, h.text, h.loc.line) for h in report.headings] == [
        (1, "一、总体情况", 2),
        (3, "三、收到和处理政府信息公开申请情况", 4),
        (4, "四、因政府信息公开工作被申请行政复议和提起行政诉讼情况", 10),
        (5, "五、存在的主要问题及改进情况", 11),
        (6, "六、其他需要报告的事项", 12),
        (7, "七、附则", 13),
    ]


def test_variants_markdown_and_extra_headings() -> None:
    report = read_report(ONE_PER_LINE)
    by_key = {s.key: s for s in report.sections}
    assert sorted(by_key) == ["s1", "s3", "s4", "s5", "s6"]
    assert by_key["s4"].variant is True
    assert by_key["s4"].canonical == "四、政府信息公开行政复议、行政诉讼情况"
    assert by_key["s5"].loc.column == 4  # after "## "
    assert by_key["s6"].loc.column == 3  # after "**"
    assert by_key["s3"].end_line == 9
    assert by_key["s6"].end_line == 12  # 七、 ends section 六


@pytest.mark.parametrize(
    ("text", "number"),
    [("一", 1), ("十", 10), ("十二", 12), ("二十", 20), ("九十九", 99), ("甲", None), ("", None)],
)
def test_cn_number(text: str, number: int | None) -> None:
    assert cn_number(text) == number
    if number:
        assert cn_name(number) == text
