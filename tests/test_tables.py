"""Tables 二, 三, 四: every cell with its value, state and place, in the shapes real files come in."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from checker.model import CellState, Location, Problem
from checker.read.decode import read_file
from checker.read.fields import cell_state
from checker.read.report import read_report

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _read(name: str):
    decoded = read_file(EXAMPLES / name)
    return read_report(decoded.text, name, decoded.encoding)


@pytest.fixture(scope="module")
def real():
    return _read("ganxian-xzspj-2023.txt")


def test_real_example_has_all_cells(real) -> None:
    assert {tid: len(t.cells) for tid, t in real.tables.items()} == {"t2": 10, "t3": 175, "t4": 15}
    assert real.problems == ()
    numbers = [c for t in real.tables.values() for c in t.cells.values() if c.state is CellState.NUMBER]
    assert len(numbers) == 195
    assert all(c.value == Decimal(0) and c.raw == "0" for c in numbers)


@pytest.mark.parametrize(
    ("table", "row", "col", "line", "column"),
    [
        ("t2", "regulation", "issued", 23, 4),
        ("t2", "normative", "valid", 24, 13),
        ("t2", "license", "decisions", 28, 6),
        ("t2", "coercion", "decisions", 32, 6),
        ("t2", "fee", "amount", 35, 9),
        ("t3", "r1", "natural", 42, 19),
        ("t3", "r1", "total", 42, 31),
        ("t3", "r2", "commercial", 43, 21),
        ("t3", "r3.1", "natural", 44, 17),
        ("t3", "r3.2", "natural", 45, 21),
        ("t3", "r3.3.1", "natural", 48, 22),
        ("t3", "r3.3.2", "other", 49, 30),
        ("t3", "r3.4.1", "natural", 56, 29),
        ("t3", "r3.6.1", "total", 64, 33),
        ("t3", "r3.6.2", "natural", 67, 41),
        ("t3", "r3.6.3", "natural", 68, 8),
        ("t3", "r3.7", "total", 69, 21),
        ("t3", "r4", "total", 70, 26),
        ("t4", "direct", "upheld", 77, 6),
        ("t4", "after-review", "total", 77, 24),
    ],
)
def test_real_example_cell_places(real, table: str, row: str, col: str, line: int, column: int) -> None:
    cell = real.tables[table].cell(row, col)
    assert (cell.raw, cell.value, cell.state) == ("0", Decimal(0), CellState.NUMBER)
    assert cell.loc == Location(line, column, line, column + 1)


def test_real_example_review_block_is_blank_not_zero(real) -> None:
    t4 = real.tables["t4"]
    cells = [t4.cell("review", c) for c in ("upheld", "corrected", "other", "pending", "total")]
    assert [(c.state, c.value, c.raw) for c in cells] == [(CellState.BLANK, None, "")] * 5
    assert [c.loc for c in cells] == [Location(77, i, 77, i) for i in range(1, 6)]


def test_markdown_blank_and_placeholder_cells() -> None:
    report = _read("faulty-2023.md")
    blank = report.tables["t3"].cell("r3.2", "legal")
    assert (blank.state, blank.raw, blank.loc) == (CellState.BLANK, "", Location(44, 52, 44, 52))
    slash = report.tables["t2"].cell("regulation", "repealed")
    assert (slash.state, slash.raw, slash.value, slash.loc.line) == (CellState.PLACEHOLDER, "/", None, 15)
    assert report.tables["t4"].cell("review", "total").value == Decimal(2)
    assert report.tables["t3"].cell("r3.1", "total").value == Decimal(10)


def test_clean_tab_example_values() -> None:
    t3 = _read("clean-2023.txt").tables["t3"]
    assert t3.cell("r1", "natural").value == Decimal(12)
    assert t3.cell("r1", "total").value == Decimal(16)
    assert t3.cell("r3.7", "total").value == Decimal(15)
    assert t3.cell("r4", "total").value == Decimal(2)


def test_one_cell_per_line_gb18030_example() -> None:
    report = _read("township-2023-gb18030.txt")
    assert report.encoding == "gb18030"
    assert {tid: len(t.cells) for tid, t in report.tables.items()} == {"t2": 10, "t3": 175, "t4": 15}
    r1 = report.tables["t3"].cell("r1", "natural")
    assert (r1.value, r1.loc) == (Decimal(1), Location(52, 1, 52, 2))
    assert report.problems == ()


def _clean_without(*fragments: str) -> str:
    lines = (EXAMPLES / "clean-2023.txt").read_text(encoding="utf-8").split("\n")
    return "\n".join(line for line in lines if not any(f in line for f in fragments))


def test_missing_row_is_said_where_expected() -> None:
    report = read_report(_clean_without("4. 保护第三方合法权益"))
    assert report.problems == (
        Problem(
            "row-missing",
            "表三缺少行「（三）不予公开 4.保护第三方合法权益」",
            Location(42, 1, 42, 1),  # the line after 3.危及…, now holding 5.属于三类…
            {"table": "t3", "number": "表三", "row": "r3.3.4", "label": "（三）不予公开 4.保护第三方合法权益"},
        ),
    )
    t3 = report.tables["t3"]
    assert t3.cell("r3.3.4", "natural") is None
    assert t3.cell("r3.3.5", "natural").loc.line == 42
    assert len(t3.cells) == 168


def test_missing_table_is_said_at_its_section() -> None:
    report = read_report(_clean_without("结果维持\t", "1\t0\t0\t0\t1\t0", "行政复议\t"))
    assert "t4" not in report.tables
    name = "表四 政府信息公开行政复议、行政诉讼情况"
    assert report.problems == (
        Problem(
            "table-missing",
            "未找到表四「政府信息公开行政复议、行政诉讼情况」",
            Location(61, 1, 61, 20),
            {"table": "t4", "name": name},
        ),
    )


SPACES = """三、收到和处理政府信息公开申请情况
（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）    自然人    商业企业    科研机构    社会公益组织    法律服务机构    其他    总计
一、本年新收政府信息公开申请数量    １    0    0    0    0    0    1
二、上年结转政府信息公开申请数量    /    —    无    0    0    0    0
"""


def test_space_separated_rows_and_placeholders() -> None:
    t3 = read_report(SPACES).tables["t3"]
    r1 = t3.cell("r1", "natural")
    assert (r1.raw, r1.value, r1.loc) == ("１", Decimal(1), Location(3, 21, 3, 22))
    assert [t3.cell("r2", c).state for c in ("natural", "commercial", "research", "nonprofit")] == [
        CellState.PLACEHOLDER,
        CellState.PLACEHOLDER,
        CellState.PLACEHOLDER,
        CellState.NUMBER,
    ]


@pytest.mark.parametrize(
    ("text", "state", "value"),
    [
        ("0", CellState.NUMBER, Decimal(0)),
        ("12", CellState.NUMBER, Decimal(12)),
        ("0.5", CellState.NUMBER, Decimal("0.5")),
        ("-3", CellState.NUMBER, Decimal(-3)),
        ("1,234", CellState.NUMBER, Decimal(1234)),
        ("", CellState.BLANK, None),
        ("/", CellState.PLACEHOLDER, None),
        ("—", CellState.PLACEHOLDER, None),
        ("——", CellState.PLACEHOLDER, None),
        ("-", CellState.PLACEHOLDER, None),
        ("无", CellState.PLACEHOLDER, None),
        ("不适用", CellState.PLACEHOLDER, None),
        ("3件", CellState.TEXT, None),
        ("1,23", CellState.TEXT, None),
    ],
)
def test_cell_state(text: str, state: CellState, value: Decimal | None) -> None:
    assert cell_state(text) == (state, value)


def test_a_cut_off_report_has_no_table_four_from_table_three_rows() -> None:
    """Cut inside 表三: 表四 is missing, not read from 表三's "总计" header and its first data row."""
    lines = (EXAMPLES / "clean-2023.txt").read_text(encoding="utf-8").split("\n")
    text = "\n".join(lines[:35]) + "\n二、上年结转政府信息公"
    report = read_report(text)
    assert "t4" not in report.tables
    kinds = [(p.kind, p.values.get("table")) for p in report.problems]
    assert ("table-missing", "t4") in kinds
    assert report.tables["t3"].cell("r1", "total").value == 16
