"""Properties of the engine with the table rules: consistent tables give nothing; one changed cell
gives exactly the diagnostics its rules should give, each at the cell the rule blames.

Where each rule points (docs/rule-language.md §3): t3-row-total at the row's 总计, t3-outcome-total
at the column's （七）总计, t3-balance at the column's 本年新收, t4-block-total at the block's 总计.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from builders import LAYOUT, build_report
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import consistent_specs, noises, render

from checker.engine.evaluate import evaluate
from checker.language.loader import load_rules
from checker.read.report import read_report

ROOT = Path(__file__).resolve().parent.parent
RULES = load_rules([ROOT / "rules" / f"{s}.rule" for s in ("table-totals", "text-table", "sections", "period")])
T3 = LAYOUT.table("t3")
OUTCOMES = set(T3.group("outcomes") or ())
APPLICANTS = tuple(T3.group("applicants") or ())
BALANCE_ROWS = {"r1", "r2", "r3.7", "r4"}
T3_CELLS = [("t3", r, c) for r, c in T3.cell_ids()]
T4_CELLS = [("t4", r, c) for r, c in LAYOUT.table("t4").cell_ids()]


def expected_after_change(table: str, row: str, col: str) -> set[tuple[str, str, str, str]]:
    """(rule, table, row, col) of the cell each rule points at, when only (row, col) changed."""
    if table == "t4":
        return {("t4-block-total", "t4", row, "total")}
    out = {("t3-row-total", "t3", row, "total")}
    if row in OUTCOMES or row == "r3.7":
        out.add(("t3-outcome-total", "t3", "r3.7", col))
    if row in BALANCE_ROWS:
        out.add(("t3-balance", "t3", "r1", col))
    return out


@st.composite
def t3_values(draw) -> dict[str, int]:
    """A consistent 表三 as builder cell overrides."""
    cells: dict[tuple[str, str], int] = {}
    for col in APPLICANTS:
        outcomes = {r: draw(st.integers(0, 4)) for r in OUTCOMES}
        done, carry = sum(outcomes.values()), draw(st.integers(0, 3))
        previous = draw(st.integers(0, done + carry))
        for row, v in {**outcomes, "r3.7": done, "r4": carry, "r2": previous, "r1": done + carry - previous}.items():
            cells[(row, col)] = v
    for row, _ in T3.cell_ids()[::7]:
        cells[(row, "total")] = sum(cells[(row, c)] for c in APPLICANTS)
    return {f"t3 {r} {c}": v for (r, c), v in cells.items()}


def _view(diags) -> set[tuple[str, str, str, str]]:
    return {(d.rule, d.cell.table, d.cell.row, d.cell.col) for d in diags}


@settings(max_examples=60, deadline=None)
@given(t3_values(), st.sampled_from(T3_CELLS + T4_CELLS), st.integers(1, 5))
def test_one_changed_cell_gives_exactly_its_rules(cells, target, delta):
    report = build_report(cells)
    assert evaluate(RULES, report) == ()
    table, row, col = target
    value = report.tables[table].cell(row, col).value + delta
    changed_report = build_report({**cells, f"{table} {row} {col}": value})
    changed = evaluate(RULES, changed_report)
    assert _view(changed) == expected_after_change(table, row, col)
    for d in changed:
        assert d.location == changed_report.tables[d.cell.table].cell(d.cell.row, d.cell.col).loc


@settings(max_examples=60, deadline=None)
@given(t3_values(), st.sampled_from(T3_CELLS + T4_CELLS), st.sampled_from(["", "/", "—", "无", "见附件"]))
def test_a_cell_without_a_number_is_never_judged_by_the_sums(cells, target, raw):
    table, row, col = target
    assert evaluate(RULES, build_report({**cells, f"{table} {row} {col}": raw})) == ()


@settings(max_examples=25, deadline=None)
@given(consistent_specs(), st.sampled_from(["tabs", "lines", "markdown", "spaces"]), noises(),
       st.sampled_from(T3_CELLS + T4_CELLS), st.integers(1, 5))
def test_rendered_reports_read_back_and_one_changed_cell(spec, shape, noise, target, delta):
    report = read_report(render(spec, shape, noise), "gen.txt")
    assert evaluate(RULES, report) == ()
    table, row, col = target
    cells = dict(getattr(spec, table))
    cells[(row, col)] = cells[(row, col)] + Decimal(delta)
    changed_report = read_report(render(replace(spec, **{table: cells}), shape, noise), "gen.txt")
    changed = [d for d in evaluate(RULES, changed_report) if d.rule != "zero-consistency"]
    assert _view(changed) == expected_after_change(table, row, col)
    for d in changed:
        assert d.location == changed_report.tables[d.cell.table].cell(d.cell.row, d.cell.col).loc
