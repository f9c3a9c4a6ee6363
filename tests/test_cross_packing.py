"""What phase 2 of a batch is handed is what phase 1 made: a snapshot keeps exactly the cells the
cross rules name, pickling by fields reads back equal objects, and the shortcuts of the look-alike
measure give the numbers the general path gives."""

from __future__ import annotations

import pickle
from dataclasses import replace

from builders import LAYOUT, build_report
from hypothesis import given, settings
from hypothesis import strategies as st
from rulecases import RULES

from checker.diagnostics import CellRef, Diagnostic, NotAssessed, Severity
from checker.engine.cross import Needs, dumps, needs_of, pack, reducers, snapshot
from checker.engine.evaluate import Assessment
from checker.language.loader import load_rules
from checker.language.similarity import bucket_keys, coded_runs, jaccard, shingles, similarity
from checker.model import Location

CROSS = load_rules([RULES / "cross.rule"])
T3 = LAYOUT.table("t3")
ROWS = [r.id for r in T3.rows]
COLS = [c.id for c in T3.cols]


def _named(needs: Needs, table: str, row: str, col: str) -> bool:
    """The definition: a cell is kept when its row, its column, both or its whole table are named."""
    return needs.all_tables or any(key in needs.cells for key in
                                   ((table, row, col), (table, None, col), (table, row, None), (table, None, None)))


@settings(max_examples=80, deadline=None)
@given(st.sets(st.tuples(st.just("t3"), st.none() | st.sampled_from(ROWS), st.none() | st.sampled_from(COLS)),
               max_size=6), st.booleans())
def test_a_snapshot_keeps_the_cells_of_the_rows_and_columns_named_and_no_other(named, whole):
    report = build_report({f"t3 {r} {c}": 1 for r in ROWS for c in COLS})
    needs = Needs(cells=frozenset(named), all_tables=whole)
    tables = snapshot(report, needs).report.tables
    assert ("t3" in tables) == (whole or bool(named))  # a table no cross rule names is left out
    kept = tables["t3"].cells if "t3" in tables else {}
    assert list(kept) == [k for k in report.tables["t3"].cells if _named(needs, "t3", *k)]  # in the report's order


def test_the_shipped_cross_rules_keep_the_carried_rows_and_the_total_received():
    report = build_report({f"t3 {r} {c}": 1 for r in ROWS for c in COLS})
    kept = snapshot(report, needs_of(CROSS)).report.tables["t3"].cells
    assert sorted(kept) == sorted([("r1", "total"), *(("r2", c) for c in COLS), *(("r4", c) for c in COLS)])


def test_a_packed_member_reads_back_equal():
    report = build_report({"t3 r2 natural": 2, "t3 r4 total": 5}, year=2024, agency="沭阳县某某局")
    member = snapshot(replace(report, path="a.txt"), needs_of(CROSS))
    assert pack(member).unpack() == member


_T3_KEYS = [f"t3 {r} {c}" for r in ("r1", "r2", "r3.1", "r4") for c in ("natural", "legal", "total")]


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.sampled_from(_T3_KEYS), st.sampled_from(["", "/", "约5", "2", "7", "1.5"]), max_size=8),
       st.sampled_from(["", "t3-row-total", "t3-row-total,t3-outcome-total"]))
def test_a_packed_member_with_every_table_reads_back_equal_whatever_its_cells(cells, inferred):
    report = build_report(cells, year=2024, agency="沭阳县某某局")
    t3 = report.tables["t3"]
    marked = {k: replace(c, inferred=inferred) if k[0] == "r2" else c for k, c in t3.cells.items()}
    report = replace(report, tables={**report.tables, "t3": replace(t3, cells=marked)})
    member = snapshot(report, Needs(all_tables=True, sections=None, sketch=True))
    assert pack(member).unpack() == member


def test_a_table_whose_cells_are_not_keyed_by_their_place_reads_back_as_it_was():
    report = build_report({"t3 r2 natural": 2}, year=2024)
    t3 = report.tables["t3"]
    odd = replace(t3, cells={("r9", "x"): t3.cells["r2", "natural"]})
    member = snapshot(replace(report, tables={"t3": odd}), Needs(all_tables=True))
    assert pack(member).unpack().report.tables["t3"].cells == {("r9", "x"): t3.cells["r2", "natural"]}


def test_assessments_pickled_by_their_fields_read_back_equal():
    diag = Diagnostic("carry-over", Severity.ERROR, "表三", Location(3, 4, 3, 6), CellRef("t3", "r2", "total"),
                      values={"b": 2, "what": "与"}, hint="提示")
    found = [Assessment((diag,), (NotAssessed("text-copied", "批次中没有上一年度的报告", False, 2),)), ValueError("x")]
    back = pickle.loads(dumps(found, reducers(Assessment, Diagnostic, NotAssessed, CellRef, Location)))
    assert back[0] == found[0] and type(back[1]) is ValueError and back[1].args == ("x",)


texts = st.text(alphabet="一二三四五六七八九十 \n", max_size=40)


@settings(max_examples=150, deadline=None)
@given(texts)
def test_a_text_against_itself_measures_what_two_copies_of_it_measure(text):
    runs = shingles(text)
    assert str(jaccard(runs, runs)) == str(jaccard(runs, frozenset(set(runs))))
    assert str(similarity(text, text)) == str(jaccard(runs, frozenset(set(runs))))


@settings(max_examples=150, deadline=None)
@given(texts, texts)
def test_similarity_is_the_jaccard_of_the_two_texts_runs(x, y):
    assert str(similarity(x, y)) == str(jaccard(shingles(x), frozenset(set(shingles(y)))))


_ANY = st.lists(st.one_of(st.characters(), st.sampled_from(["\ud800", "\udcff", " ", "\u3000", "\n", "一", "二"])),
                max_size=60).map("".join)


@settings(max_examples=200, deadline=None)
@given(_ANY)
def test_the_sketched_runs_are_the_shingles_one_for_one(text):
    coded = coded_runs(text)
    assert {r.decode("utf-32-le", "surrogatepass") for r in coded} == shingles(text)
    assert len(coded) == len(shingles(text))


def test_a_section_with_a_lone_surrogate_is_sketched():
    text = "\udcff" + "".join(chr(0x4E00 + i) for i in range(80))
    keys = bucket_keys(text, 50)
    assert keys is not None and len(keys) == 17 and bucket_keys(text + " ", 50) == keys  # whitespace aside
