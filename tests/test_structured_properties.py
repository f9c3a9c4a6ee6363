"""Property tests: generated consistent reports written as .docx (the official template filled in),
.html (rowspan/colspan, split tags) and .pdf (ruled tables, reportlab's CID font) read back exactly,
give no diagnostic, and one changed cell gives exactly its rules' diagnostics at that cell's place.
"""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from report_files import T3_COLS, T3_ROWS, T4_IDS, Document, from_spec, write_docx, write_html, write_pdf
from strategies import _prose, consistent_specs
from test_engine_properties import T3_CELLS, T4_CELLS, expected_after_change

from checker.engine.evaluate import evaluate
from checker.language.loader import default_rule_paths, load_rules
from checker.model import CellState, Report
from checker.read.files import read_path

pytest.importorskip("docx")
RULES = load_rules(default_rule_paths())
# The prose states 表三's received total and 表四's review total (strategies._prose): a changed cell
# there also, rightly, disagrees with the text; those two rules are the text rules' business.
TEXT_RULES = ("zero-consistency", "text-table-mismatch")
WRITERS = {"docx": write_docx, "html": write_html, "pdf": write_pdf}
SETTINGS = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def write_and_read(doc: Document, kind: str, **options) -> Report:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"report.{kind}"
        WRITERS[kind](doc, path, **options)
        report = read_path(path)
    assert isinstance(report, Report), report
    return report


def expected_place(table: str, row: str, col: str) -> tuple[int, int, int]:
    """The template's grid: 表三 rows below 3 header rows, columns after 3 label columns; 表四 row 4."""
    if table == "t3":
        return 2, 4 + T3_ROWS.index(row), 4 + T3_COLS.index(col)
    return 3, 4, 1 + T4_IDS.index((row, col))


def assert_reads_back(report: Report, doc: Document) -> None:
    got = {(t.id, r, c): cell.raw for t in report.tables.values() for (r, c), cell in t.cells.items()}
    assert got == dict(doc.cells)
    assert report.problems == ()
    assert [s.key for s in report.sections] == ["s1", "s2", "s3", "s4", "s5", "s6"]


@SETTINGS
@given(consistent_specs(), st.sampled_from(["docx", "html", "pdf"]))
def test_consistent_reports_read_back_exactly_and_pass(spec, kind):
    doc = from_spec(spec, _prose(spec))
    report = write_and_read(doc, kind)
    assert_reads_back(report, doc)
    assert (report.title.agency, report.title.year) == (spec.agency, spec.year)
    assert report.published.value == spec.published
    assert evaluate(RULES, report) == ()


@SETTINGS
@given(consistent_specs(), st.integers(0, 10**6), st.booleans(), st.sampled_from(["utf-8", "gb18030"]))
def test_web_pages_read_back_whatever_the_markup(spec, seed, split, encoding):
    doc = from_spec(spec, _prose(spec))
    assert_reads_back(write_and_read(doc, "html", seed=seed, split=split, encoding=encoding), doc)


@SETTINGS
@given(consistent_specs(), st.sampled_from(["docx", "html", "pdf"]), st.sampled_from(T3_CELLS + T4_CELLS),
       st.integers(1, 5))
def test_one_changed_cell_gives_exactly_its_rules_at_its_place(spec, kind, target, delta):
    table, row, col = target
    doc = from_spec(spec, _prose(spec))
    value = Decimal(doc.cells[(table, row, col)]) + delta
    report = write_and_read(doc.with_cell(table, row, col, str(value)), kind)
    found = [d for d in evaluate(RULES, report) if d.rule not in TEXT_RULES]
    assert {(d.rule, d.cell.table, d.cell.row, d.cell.col) for d in found} == expected_after_change(table, row, col)
    for d in found:
        place = report.place_of(d.location)
        assert (place.table, place.row, place.column) == expected_place(d.cell.table, d.cell.row, d.cell.col)


@SETTINGS
@given(consistent_specs(), st.sampled_from(["docx", "html", "pdf"]), st.sampled_from(T3_CELLS + T4_CELLS))
def test_a_blank_cell_is_blank_and_only_cell_blank_says_so(spec, kind, target):
    table, row, col = target
    doc = from_spec(spec, _prose(spec)).with_cell(table, row, col, "")
    report = write_and_read(doc, kind)
    assert report.tables[table].cell(row, col).state is CellState.BLANK
    found = [d for d in evaluate(RULES, report) if d.rule not in TEXT_RULES]
    assert [(d.rule, d.cell.row, d.cell.col) for d in found] == [("cell-blank", row, col)]
    place = report.place_of(found[0].location)
    assert (place.table, place.row, place.column) == expected_place(table, row, col)
