"""``assess``: what could not be assessed and why (never silent), inferred and ambiguous cells, places."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from builders import build_report, cell_loc

from checker.diagnostics import NotAssessed
from checker.engine.evaluate import assess, evaluate
from checker.language.ast import RuleSet
from checker.language.loader import load_rules, parse_rules
from checker.model import CellState, LineSource, Place, SourceMap

ROOT = Path(__file__).resolve().parent.parent
TOTALS = load_rules([ROOT / "rules" / "table-totals.rule"])
DATES = load_rules([ROOT / "rules" / "dates.rule"])


def _gaps(ruleset: RuleSet, report) -> set[tuple[str, str, bool, int]]:
    return {(n.rule, n.reason, n.fault, n.count) for n in assess(ruleset, report).not_assessed}


def _with_cell(report, table: str, row: str, col: str, **changes):
    t = report.tables[table]
    cells = dict(t.cells)
    cells[(row, col)] = replace(cells[(row, col)], **changes)
    return replace(report, tables={**report.tables, table: replace(t, cells=cells)})


def test_a_missing_table_is_named_once_per_rule_with_its_count():
    report = build_report(drop_tables=["t3"])
    assert _gaps(TOTALS, report) == {
        ("t3-row-total", "未找到表三", True, 25), ("t3-outcome-total", "未找到表三", True, 7),
        ("t3-balance", "未找到表三", True, 7)}
    assert evaluate(TOTALS, report) == ()


def test_a_blank_cell_is_named_as_the_format_names_it():
    report = build_report({"t3 r1 natural": ""})
    reason = "表三“本年新收”行“自然人”列未填写"
    assert _gaps(TOTALS, report) == {("t3-row-total", reason, True, 1), ("t3-balance", reason, True, 1)}


def test_placeholder_and_text_cells_say_what_they_hold():
    report = build_report({"t4 review upheld": "/", "t4 direct total": "约5"})
    assert _gaps(TOTALS, report) == {
        ("t4-block-total", "表四“行政复议”行“结果维持”列填的是“/”，不是数字", True, 1),
        ("t4-block-total", "表四“未经复议直接起诉”行“总计”列不是数字：“约5”", True, 1)}


def test_a_missing_row_is_named():
    report = build_report({f"t3 r2 {c}": None for c in ("natural", "commercial", "research", "nonprofit", "legal",
                                                       "other", "total")})
    gaps = _gaps(TOTALS, report)
    assert ("t3-row-total", "表三缺少行“二、上年结转政府信息公开申请数量”", True, 1) in gaps
    assert ("t3-balance", "表三缺少行“二、上年结转政府信息公开申请数量”", True, 7) in gaps


def test_no_publication_date_is_not_the_files_fault():
    assert _gaps(DATES, build_report()) == {
        ("publish-late", "没有发布日期（报告末尾没有落款日期，也没有用 --published 指定），发布时限未核对", False, 1)}
    assert _gaps(DATES, build_report(published=dt.date(2024, 1, 9))) == set()


def test_a_missing_period_and_title_are_the_files_gaps():
    gaps = _gaps(load_rules([ROOT / "rules" / "period.rule"]), build_report(period=None))
    assert gaps == {("period-mismatch", "没有找到统计期限", True, 1)}


def test_a_loop_over_an_empty_list_is_vacuous_but_over_an_unknown_is_not_assessed():
    rs = RuleSet(parse_rules('rule p info "m" { summary "测"  for c in 表三.cells { flag at c } }\n'
                             'rule q info "m" { summary "测"  for m in search(/x/, section(s6)) { flag at m } }'))
    report = build_report(drop_tables=["t3"], order=("s1", "s2", "s3", "s4", "s5"))
    assert assess(rs, report).not_assessed == (NotAssessed("q", "没有第六部分“其他需要报告的事项”", True, 1),)


def test_an_unknown_when_is_not_assessed():
    rs = RuleSet(parse_rules('rule p info "m" { summary "测"  when 表三[r1, natural] > 0 { flag } }'))
    assert assess(rs, build_report({"t3 r1 natural": "无"})).not_assessed == (
        NotAssessed("p", "表三“本年新收”行“自然人”列填的是“无”，不是数字", True, 1),)


def test_an_inferred_cell_is_unknown_to_the_rule_whose_identity_it_consumed_only():
    # 表三 本年新收: 自然人 3 … 总计 3, but the reader split glued digits using the row total.
    report = _with_cell(build_report({"t3 r1 natural": 5, "t3 r1 total": 3, "t3 r4 natural": 3, "t3 r4 total": 3}),
                        "t3", "r1", "natural", inferred="t3-row-total")
    # To t3-balance the cell is a number: its 自然人 column balances (5 + 0 = 2 + 3), so no gap there; the
    # 总计 column does not (3 + 0 ≠ 2 + 3).
    assert [(d.rule, d.cell.col) for d in evaluate(TOTALS, report)] == [("t3-balance", "total")]
    reason = ("表三“本年新收”行“自然人”列的数字是阅读器按规则 t3-row-total 所核对的关系拆分粘连的数字推断出来的，"
              "不能再用来核对这一关系")
    assert _gaps(TOTALS, report) == {("t3-row-total", reason, False, 1)}


def test_a_cell_inferred_from_two_identities_is_unknown_to_both_rules():
    report = _with_cell(build_report({"t3 r1 natural": 5, "t3 r1 total": 3, "t3 r4 natural": 3, "t3 r4 total": 3}),
                        "t3", "r1", "natural", inferred="t3-balance,t3-row-total")
    reason = ("表三“本年新收”行“自然人”列的数字是阅读器按规则 t3-balance、t3-row-total 所核对的关系拆分粘连的数字推断出来的，"
              "不能再用来核对这一关系")
    assert _gaps(TOTALS, report) == {("t3-row-total", reason, False, 1), ("t3-balance", reason, False, 1)}
    assert [(d.rule, d.cell.col) for d in evaluate(TOTALS, report)] == [("t3-balance", "total")]


def test_an_ambiguous_cell_is_unknown_to_every_rule_and_predicates_see_it():
    report = _with_cell(build_report(), "t3", "r1", "natural", state=CellState.AMBIGUOUS, value=None, raw="1210")
    reason = "表三“本年新收”行“自然人”列的数字与相邻单元格粘连，无法确定地拆分（“1210”）"
    assert _gaps(TOTALS, report) == {("t3-row-total", reason, True, 1), ("t3-balance", reason, True, 1)}
    rs = RuleSet(parse_rules('rule p info "{c.raw}" { summary "测"  for c in cells where c is ambiguous { flag at c } }\n'
                             'rule q info "m" { summary "测"  for c in cells where c is inferred { flag at c } }'))
    assert [(d.rule, d.message, d.cell.row) for d in evaluate(rs, report)] == [("p", "1210", "r1")]


def test_diagnostics_carry_the_files_own_place_quoting_the_cell():
    report = build_report({"t3 r1 total": 4})
    line = cell_loc("t3", "r1", "total").line
    lines = [None] * 90
    lines[line - 1] = LineSource(page=3, table=2, row=4, spans=((19, 21, 8),))
    (d,) = [d for d in evaluate(TOTALS, replace(report, source=SourceMap("pdf", tuple(lines))))
            if d.rule == "t3-row-total"]
    assert d.place == Place(page=3, table=2, row=4, column=8, text="4")
    assert all(x.place is None for x in evaluate(TOTALS, report))


def test_a_number_of_thousands_of_digits_is_written_out_exactly_in_the_message():
    # Python's int() refuses to print numbers of more than 4,300 digits; a message must not crash on one.
    huge = "9" * 4400
    report = build_report({"t3 r1 natural": huge})
    (d,) = [d for d in evaluate(TOTALS, report) if d.rule == "t3-balance" and d.cell.col == "natural"]
    assert f"本年新收 {huge} " in d.message
