"""Property tests: generated reports in the shapes real ones come in (tests/text_shapes.py) read back.

PDF layout text and PDF-to-markdown read back exactly, with nothing to report; one changed cell
gives exactly the diagnostics its rules should, at that cell. Flattened text reads back to the
same cells wherever the glued digits allow one reading — decided here by brute force over every
split, independently of the reader — and every other row is reported ambiguous, never guessed.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from itertools import combinations, product
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import ReportSpec, consistent_specs
from test_engine_properties import T3_CELLS, T4_CELLS, expected_after_change
from text_shapes import T2, T3, flattened, layout, pdf_markdown, t2_flat_rows, t3_flat_rows

from checker.engine.evaluate import evaluate
from checker.language.loader import load_rules
from checker.model import CellState, Report
from checker.read.report import read_report
from checker.read.tables import row_cols

ROOT = Path(__file__).resolve().parent.parent
RULES = load_rules([ROOT / "rules" / f"{s}.rule" for s in ("table-totals", "cells", "text-table", "sections")])
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
APPLICANTS = tuple(T3.group("applicants") or ())
OUTCOMES = tuple(T3.group("outcomes") or ())


def _assert_read_back(report: Report, spec: ReportSpec) -> None:
    assert report.problems == ()
    assert report.format == "2021"
    for tid, cells in spec.tables().items():
        got = {key: cell.value for key, cell in report.tables[tid].cells.items()}
        assert got == dict(cells), tid
    assert (report.title.agency, report.title.year) == (spec.agency, spec.year)
    assert [s.key for s in report.sections] == ["s1", "s2", "s3", "s4", "s5", "s6"]
    assert (report.period.start.isoformat(), report.period.end.isoformat()) == (f"{spec.year}-01-01", f"{spec.year}-12-31")
    claims = {c.subject: c.number for c in report.claims}
    assert claims["本年度共收到政府信息公开申请"] == spec.t3[("r1", "total")]
    assert claims["全年发生政府信息公开行政复议"] == spec.t4[("review", "total")]


@SETTINGS
@given(consistent_specs(), st.integers(0, 10**6))
def test_layout_text_reads_back_exactly(spec: ReportSpec, seed: int) -> None:
    _assert_read_back(read_report(layout(spec, seed)), spec)


@SETTINGS
@given(consistent_specs(), st.integers(0, 10**6))
def test_pdf_markdown_reads_back_exactly(spec: ReportSpec, seed: int) -> None:
    _assert_read_back(read_report(pdf_markdown(spec, seed)), spec)


def _changed(spec: ReportSpec, target: tuple[str, str, str], delta: int) -> ReportSpec:
    table, row, col = target
    cells = dict(getattr(spec, table))
    cells[(row, col)] += delta
    return replace(spec, **{table: cells})


@SETTINGS
@given(consistent_specs(), st.integers(0, 10**6), st.sampled_from(T3_CELLS + T4_CELLS), st.integers(1, 5),
       st.sampled_from([layout, pdf_markdown]))
def test_one_changed_cell_gives_exactly_its_rules(spec, seed, target, delta, render) -> None:
    assert evaluate(RULES, read_report(render(spec, seed))) == ()
    report = read_report(render(_changed(spec, target, delta), seed))
    diags = [d for d in evaluate(RULES, report) if d.rule != "text-table-mismatch"]  # the prose kept the old total
    assert {(d.rule, d.cell.table, d.cell.row, d.cell.col) for d in diags} == expected_after_change(*target)
    for d in diags:
        assert d.location == report.tables[d.cell.table].cell(d.cell.row, d.cell.col).loc


# Flattened text: the reading the digits allow, found by brute force


def _splits(digits: str, n: int) -> list[tuple[int, ...]]:
    """Every way to cut ``digits`` into ``n`` numbers, none of several digits starting with 0."""
    out = []
    for cuts in combinations(range(1, len(digits)), n - 1):
        parts = [digits[a:b] for a, b in zip((0, *cuts), (*cuts, len(digits)), strict=True)]
        if all(p == "0" or p[0] != "0" for p in parts):
            out.append(tuple(int(p) for p in parts))
    return out


def _t3_readings(spec: ReportSpec) -> dict[str, list[tuple[int, ...]]]:
    """Each row's candidate readings: the only split, else those where 总计 = the six applicants."""
    out = {}
    for rid, _, digits in t3_flat_rows(spec):
        every = _splits(digits, 7)
        out[rid] = every if len(every) == 1 else [s for s in every if s[6] == sum(s[:6])]
    return out


def _columns_hold(values: dict[str, tuple[int, ...]]) -> bool:
    for j in range(7):
        if values["r3.7"][j] != sum(values[r][j] for r in OUTCOMES):
            return False
        if values["r1"][j] + values["r2"][j] != values["r3.7"][j] + values["r4"][j]:
            return False
    return True


def _expected_t3(spec: ReportSpec) -> tuple[dict[str, tuple[int, ...]], set[str]]:
    """(rows read and their values, rows that must be ambiguous), by the rules of issue 10."""
    readings = _t3_readings(spec)
    known = {r: c[0] for r, c in readings.items() if len(c) == 1}
    open_rows = [r for r, c in readings.items() if len(c) > 1]
    if not open_rows:
        return known, set()
    combos = list(product(*(readings[r] for r in open_rows)))
    good = [combo for combo in combos if _columns_hold({**known, **dict(zip(open_rows, combo, strict=True))})]
    if len(good) == 1 and len(combos) <= 4096:
        return {**known, **dict(zip(open_rows, good[0], strict=True))}, set()
    return known, set(open_rows)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(consistent_specs(), st.integers(0, 10**6), st.booleans())
def test_flattened_text_reads_back_where_the_split_is_unique(spec: ReportSpec, seed: int, on_lines: bool) -> None:
    report = read_report(flattened(spec, seed, rows_on_lines=on_lines))
    t3 = report.tables["t3"]
    read, ambiguous = _expected_t3(spec)
    for rid, cols in row_cols(T3):
        cells = [t3.cells[(rid, c)] for c in cols]
        if rid in ambiguous:
            assert {c.state for c in cells} == {CellState.AMBIGUOUS}
        else:
            assert tuple(c.value for c in cells) == read[rid] == tuple(spec.t3[(rid, c)] for c in cols)
    flagged = {p.values["row"] for p in report.problems if p.kind == "cells-ambiguous" and p.values["table"] == "t3"}
    assert flagged == ambiguous
    assert [s.key for s in report.sections] == ["s1", "s2", "s3", "s4", "s5", "s6"]
    assert {p.kind for p in report.problems} <= {"cells-ambiguous", "cells-inferred"}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(consistent_specs(), st.integers(0, 10**6))
def test_flattened_table_two_is_never_guessed(spec: ReportSpec, seed: int) -> None:
    """表二 has no identity to split by: a row is read only when its digits allow one reading."""
    t2 = read_report(flattened(spec, seed)).tables["t2"]
    for rid, _, digits in t2_flat_rows(spec):
        cols = dict(row_cols(T2))[rid]
        cells = [t2.cells[(rid, c)] for c in cols]
        if len(cols) == 1 or len(_splits(digits, len(cols))) == 1:
            assert [c.value for c in cells] == [spec.t2[(rid, c)] for c in cols]
            assert not any(c.inferred for c in cells)
        else:
            assert {c.state for c in cells} == {CellState.AMBIGUOUS}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(consistent_specs(), st.integers(0, 10**6))
def test_inferred_cells_name_the_identity_they_consumed(spec: ReportSpec, seed: int) -> None:
    """A cell read on an identity names it; one read without (a forced split) names none; one info per table."""
    report = read_report(flattened(spec, seed, t4_glued=True))
    readings = _t3_readings(spec)
    for (rid, _), cell in report.tables["t3"].cells.items():
        every = _splits(next(d for r, _, d in t3_flat_rows(spec) if r == rid), 7)
        if cell.state is CellState.NUMBER:
            assert ("t3-row-total" in cell.inferred.split(",")) == (len(every) > 1), (rid, readings[rid])
    inferred = [p for p in report.problems if p.kind == "cells-inferred"]
    assert len({p.values["table"] for p in inferred}) == len(inferred)
    for p in inferred:
        table = report.tables[p.values["table"]]
        assert p.values["count"] == sum(1 for c in table.cells.values() if c.inferred)


def test_a_glued_row_that_cannot_balance_is_said() -> None:
    """No split of "210000022" gives 总计 = the six applicants: the printed row cannot be right."""
    spec_text = flattened(_one_spec(), 1).replace("（一）予以公开", "（一）予以公开 ", 1)
    at = spec_text.index("（一）予以公开 ") + len("（一）予以公开 ")
    digits_end = at
    while spec_text[digits_end].isdigit() or spec_text[digits_end] == " ":
        digits_end += 1
    text = spec_text[:at] + "210000022" + spec_text[digits_end:]
    report = read_report(text)
    (problem,) = [p for p in report.problems if p.kind == "cells-unsplittable"]
    assert problem.values["row"] == "r3.1" and problem.values["digits"] == "210000022"
    assert problem.message == "表三“（一）予以公开210000022”无法拆分成 7 个数并使总计等于各项之和：请核对原表"
    assert not any(r == "r3.1" for r, _ in report.tables["t3"].cells)


def _one_spec() -> ReportSpec:
    from strategies import build_spec

    values = iter([0, 3, 2, 1, 4] * 400)
    return build_spec(lambda lo, hi: min(max(next(values), lo), hi), "某某县审计局", 2023)


def test_glued_cells_are_located_digit_by_digit() -> None:
    report = read_report("某某县审计局2023年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n"
                         "一、本年新收政府信息公开申请数量713000074二、上年结转政府信息公开申请数量1000001"
                         "三、本年度办理结果 （一）予以公开 210000021\n")
    t3 = report.tables["t3"]
    line = report.lines[2]
    assert [(c.raw, line[c.loc.column - 1 : c.loc.end_column - 1]) for c in (t3.cell("r1", "natural"), t3.cell("r1", "total"))] == [
        ("71", "71"), ("74", "74")]
    assert t3.cell("r1", "natural").inferred == "t3-row-total"
    assert t3.cell("r2", "natural").inferred == ""  # seven digits, seven cells: forced, nothing consumed
    assert t3.cell("r1", "total").value == Decimal(74)
