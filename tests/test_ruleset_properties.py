"""Properties of the whole shipped rule set on generated reports (tests/strategies.py).

A consistent 2021-format report, in any of the four shapes and with any noise, gives no error and
no warning (``all-zero`` is an info and may appear). Each kind of injected fault gives its rule's
diagnostic at the right place, and nothing else above info:

* a blank cell            → ``cell-blank`` at that cell;
* a changed total          → ``t4-block-total`` at the block's 总计 (表三: the row and outcome totals);
* a wrong period year      → ``period-mismatch`` and ``year-mismatch`` at the period sentence;
* a missing section        → ``section-missing`` at the title;
* a contradicting sentence → ``text-table-mismatch`` at the number (``zero-consistency`` too when the table says 0);
* an old-format table      → ``format-outdated`` at the title.
"""

from __future__ import annotations

import re
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import SHAPES, Noise, consistent_specs, noises, render

from checker.app.check import check_text
from checker.language.loader import default_rule_paths, load_rules
from checker.read.report import read_report

RULES = load_rules(default_rule_paths())
# Cells to blank (not the three the generated prose quotes: 表三 本年新收/结转下年度 总计, 表四 行政复议 总计).
T3_CELLS = [(r, c) for r in ("r1", "r2", "r3.1", "r3.2", "r3.3.4", "r3.6.2", "r3.7", "r4")
            for c in ("natural", "legal", "total") if (r, c) not in {("r1", "total"), ("r4", "total")}]
T4_CELLS = [(b, c) for b in ("review", "direct", "after-review") for c in ("upheld", "pending", "total")
            if (b, c) != ("review", "total")]

specs = consistent_specs()


def _serious(text: str) -> list[tuple[str, int, int, tuple | None]]:
    result = check_text(text, "generated.txt", RULES)
    assert result.status == "checked"
    return [
        (d.rule, d.location.line if d.location else 0, d.location.column if d.location else 0,
         (d.cell.table, d.cell.row, d.cell.col) if d.cell else None)
        for d in result.diagnostics
        if d.severity.value != "info"
    ]


def _at(text: str, needle: str) -> tuple[int, int]:
    """1-based line and column of the first occurrence of ``needle``."""
    offset = text.index(needle)
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


@settings(max_examples=40, deadline=None)
@given(specs, st.sampled_from(SHAPES), noises())
def test_consistent_reports_give_no_error_and_no_warning(spec, shape, noise):
    assert _serious(render(spec, shape, noise)) == []


@settings(max_examples=30, deadline=None)
@given(specs, st.sampled_from(("tabs", "markdown")), st.sampled_from(["t3", "t4"]), st.data())
def test_a_blank_cell_is_reported_at_the_cell(spec, shape, table, data):
    row, col = data.draw(st.sampled_from(T3_CELLS if table == "t3" else T4_CELLS))
    cells = dict(getattr(spec, table))
    cells[(row, col)] = ""  # rendered as an empty cell
    text = render(replace(spec, **{table: cells}), shape, Noise())
    found = _serious(text)
    cell = read_report(text).tables[table].cell(row, col)
    assert cell is not None and cell.raw == ""
    assert found == [("cell-blank", cell.loc.line, cell.loc.column, (table, row, col))]


@settings(max_examples=30, deadline=None)
@given(specs, st.sampled_from(SHAPES), noises(), st.sampled_from(["review", "direct", "after-review"]),
       st.integers(1, 5))
def test_a_changed_block_total_is_reported_at_the_total(spec, shape, noise, block, delta):
    t4 = dict(spec.t4)
    t4[(block, "total")] += delta
    text = render(replace(spec, t4=t4), shape, noise)
    cell = read_report(text).tables["t4"].cell(block, "total")
    assert _serious(text) == [("t4-block-total", cell.loc.line, cell.loc.column, ("t4", block, "total"))]


@settings(max_examples=20, deadline=None)
@given(specs, st.sampled_from(SHAPES), st.sampled_from(["natural", "research", "other"]), st.integers(1, 5))
def test_a_changed_outcome_cell_breaks_its_row_and_column_totals(spec, shape, col, delta):
    t3 = dict(spec.t3)
    t3[("r3.3.4", col)] += delta
    text = render(replace(spec, t3=t3), shape, Noise())
    tables = read_report(text).tables["t3"]
    row_total, col_total = tables.cell("r3.3.4", "total"), tables.cell("r3.7", col)
    assert sorted(_serious(text)) == sorted([
        ("t3-row-total", row_total.loc.line, row_total.loc.column, ("t3", "r3.3.4", "total")),
        ("t3-outcome-total", col_total.loc.line, col_total.loc.column, ("t3", "r3.7", col)),
    ])


@settings(max_examples=20, deadline=None)
@given(specs, st.sampled_from(SHAPES), st.sampled_from([-1, 1]))
def test_a_wrong_period_year_is_reported_at_the_period(spec, shape, shift):
    y = spec.year
    text = render(spec, shape).replace(f"自{y}年1月1日起至{y}年12月31日止", f"自{y + shift}年1月1日起至{y + shift}年12月31日止")
    line, column = _at(text, f"{y + shift}年1月1日起")
    # year-mismatch at the same place is covered by period-mismatch (issue 13): one fault, one finding
    assert sorted(_serious(text)) == [("period-mismatch", line, column, None)]


@settings(max_examples=20, deadline=None)
@given(specs, st.sampled_from(SHAPES), noises())
def test_a_missing_section_is_reported_at_the_title(spec, shape, noise):
    text = render(spec, shape, noise)
    start = text.index("五、存在的主要问题及改进情况")
    start = text.rfind("\n", 0, start) + 1
    end = text.rfind("\n", 0, text.index("六、其他需要报告的事项")) + 1
    text = text[:start] + text[end:]
    title = read_report(text).title
    assert _serious(text) == [("section-missing", title.loc.line, title.loc.column, None)]


@settings(max_examples=30, deadline=None)
@given(specs, st.sampled_from(SHAPES), noises(), st.integers(1, 9))
def test_a_contradicting_sentence_is_reported_at_its_number(spec, shape, noise, delta):
    r1 = spec.t3[("r1", "total")]
    said = f"共收到政府信息公开申请{r1}件"
    text = render(spec, shape, noise).replace(said, f"共收到政府信息公开申请{r1 + delta}件")
    line, column = _at(text, f"申请{r1 + delta}件")
    column += len("申请")
    expected = [("text-table-mismatch", line, column, None)]
    if r1 == 0:  # "received N" against a table that says none: also the error
        m = re.search(r"[^。]*共收到政府信息公开申请", text.split("\n")[line - 1])
        expected.append(("zero-consistency", line, m.start() + m.group(0).index("收到") + 1, None))
    assert sorted(_serious(text)) == sorted(expected)


@settings(max_examples=20, deadline=None)
@given(specs, st.sampled_from(SHAPES), noises())
def test_an_old_format_table_is_reported_at_the_title(spec, shape, noise):
    text = render(spec, shape, noise)
    for new, old in (("本年制发件数", "本年新制作数量"), ("本年废止件数", "本年新公开数量"), ("现行有效件数", "对外公开总数量")):
        text = text.replace(new, old)
    title = read_report(text).title
    assert _serious(text) == [("format-outdated", title.loc.line, title.loc.column, None)]
