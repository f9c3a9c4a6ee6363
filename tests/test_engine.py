"""The engine on built reports: three-valued logic, locations, messages, values, options, purity."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from builders import build_report, cell_loc, claim

from checker.diagnostics import CellRef, Severity
from checker.engine.evaluate import Options, evaluate
from checker.language.ast import RuleSet
from checker.language.loader import load_rules, parse_rules
from checker.model import Location, Problem

ROOT = Path(__file__).resolve().parent.parent


def run(text: str, report=None, options: Options | None = None):
    return evaluate(RuleSet(parse_rules(text, "t.rule")), report or build_report(), options or Options())


def fired(cond: str, report=None) -> bool | None:
    """Whether `require COND` passes (True), fails (False) or is skipped (None)."""
    if run(f'rule p info "m" {{ summary "测"  require {cond} }}', report):
        return False
    if run(f'rule p info "m" {{ summary "测"  forbid {cond} }}', report):
        return True
    return None


@pytest.mark.parametrize(("cond", "result"), [
    ("1 == 1", True), ("1 == 2", False), ("U == 1", None), ("U != 1", None), ("U + 1 > 0", None),
    ("1 == 1 and U == 1", None), ("1 == 2 and U == 1", False), ("U == 1 and 1 == 2", False),
    ("1 == 1 or U == 1", True), ("U == 1 or 1 == 1", True), ("1 == 2 or U == 1", None),
    ("not U == 1", None), ("not 1 == 2", True),
    ("U is blank", True), ("U is known", False), ("U is present", True), ("U is not number", True),
    ("(U ?? 7) == 7", True), ("(表三[r1, total] ?? 7) == 3", True),
    ("sum([1, U]) == 1", None), ("sum([]) == 0", True), ("count([1, U]) == 2", True),
    ("max([1, 5, 2]) == 5", True), ("min(4, 2, 9) == 2", True), ("max([1, U]) == 1", None),
    ("any([1 == 2, 1 == 1])", True), ("any([1 == 2, U == 1])", None), ("all([1 == 1, U == 1])", None),
    ("all([1 == 2, U == 1])", False), ("abs(0 - 3) == 3", True), ("len([1, 2, 3]) == 3", True),
    ("if 1 == 1 then 2 == 2 else U == 1", True), ("if U == 1 then 1 == 1 else 1 == 1", None),
    ("0.1 + 0.2 == 0.3", True), ("100.004 == 100 within 0.01", True), ("100.02 == 100 within 0.01", False),
    ("3 / 0 == 1", None), ("2 * 3 - 1 == 5", True), ("-2 < 0", True),
])
def test_three_valued_logic(cond, result):
    report = build_report({"t3 r1 natural": ""})
    assert fired(cond.replace("U", "表三[r1, natural]"), report) is result


@pytest.mark.parametrize(("cond", "result"), [
    ("2024-01-31 + 1 == 2024-02-01", True), ("2024-03-01 - 2024-02-01 == 29", True),
    ("date(year + 1, 1, 31) == 2024-01-31", True), ("date(year, 2, 30) == 2023-02-28", None),
    ("year(2023-05-06) == 2023", True), ("2023-05-06.month == 5", True), ("published <= 2024-01-31", None),
    ("period.start == date(year, 1, 1)", True), ("period.end.day == 31", True),
])
def test_dates(cond, result):
    assert fired(cond) is result


@pytest.mark.parametrize(("cond", "result"), [
    ('title.agency contains "审计"', True), ('agency matches /局$/', True), ('agency matches /^局/', False),
    ('"AB" in ["AB", "C"]', True), ('"x" not in ["AB"]', True), ("表三[r1, total].row == 本年新收", True),
    ("表三[r1, total].col == total", True), ("表三[r1, total].col == 自然人", False),
    ("表三[r1, total].row.short == \"本年新收\"", True), ('表三[r1, total].state == "number"', True),
    ("len(表三.outcomes) == 21", True), ("len(表三.applicants) == 6", True), ("len(表三.cells) == 175", True),
    ("len(表二.cells) == 10", True), ("len(cells) == 200", True), ("len(tables) == 3", True),
    ("表二.amounts[0] == amount", True), ("表三.present", True), ("len(sections) == 6", True),
    ("section(s3).order == 3", True), ("section(三).numeral == \"三\"", True), ('format == "2021"', True),
    ("len(expected_sections) == 6", True), ("sections[0].key == \"s1\"", True), ("sections[9] is absent", True),
])
def test_facts_and_text(cond, result):
    assert fired(cond) is result


def test_comparison_points_at_the_first_cell_of_the_left_side():
    (d,) = run('rule p error "{x}" { summary "测"  let x = 表三[r1, natural] require 0 + x == 表三[r1, total] + 1 }')
    assert (d.location, d.cell) == (cell_loc("t3", "r1", "natural", "3"), CellRef("t3", "r1", "natural"))
    assert dict(d.values) == {"x": Decimal(3), "actual": Decimal(3), "expected": Decimal(4)}
    assert (d.rule, d.severity, d.message) == ("p", Severity.ERROR, "3")


def test_at_names_the_cell():
    (d,) = run('rule p error "m" { summary "测"  require 表三[r1, natural] == 0 at 表三[r4, total] }')
    assert d.cell == CellRef("t3", "r4", "total") and d.location.line == 64


def test_flag_without_at_points_at_the_innermost_located_loop_item():
    diags = run('rule p info "{s.heading}" { summary "测"  for s in sections where s.number > 4 { flag } }')
    assert [(d.location.line, d.message) for d in diags] == [(80, "五、存在的主要问题及改进情况"),
                                                             (85, "六、其他需要报告的事项")]


def test_diagnostic_without_any_location():
    (d,) = run('rule p info "年度 {year}" { summary "测"  flag }')
    assert (d.location, d.cell, d.message, dict(d.values)) == (None, None, "年度 2023", {})


def test_messages_render_labels_dates_and_unknowns():
    (d,) = run('rule p info "{c}|{r}|{d}|{u}|{t}|{s}|{b}|{x}" { summary "测"  let c = 表三.columns[6] let r = 表三[r3.7, total].row '
               'let d = period.start let u = 表三[r1, natural] let t = 表四 let s = section(s5) let b = 1 == 1 '
               'let x = 0.50 flag }', build_report({"t3 r1 natural": ""}))
    assert d.message == "总计|办理结果总计|2023年1月1日|（空白）|表四|五、存在的主要问题及改进情况|是|0.5"
    assert dict(d.values) == {"c": "total", "r": "r3.7", "d": dt.date(2023, 1, 1), "u": None, "t": "t4",
                              "s": "s5", "b": True, "x": Decimal("0.50")}


def test_search_locates_matches_in_sections_with_full_width_digits():
    report = build_report(texts={"s3": "第一行。\n今年共收到申请１２件，其中\n予以公开３件。"})
    diags = run('rule p info "{m.number}@{m.sentence}" { summary "测"  for m in search(/(\\d+)件/, section(s3)) { flag at m } }',
                report)
    assert [(d.location, d.message) for d in diags] == [
        (Location(32, 8, 32, 11), "12@今年共收到申请１２件，其中"),
        (Location(33, 5, 33, 7), "3@予以公开３件。"),
    ]


def test_claims_are_located_where_the_reader_found_them():
    report = build_report(claims=[claim("收到政府信息公开申请", 5, 7, 12)])
    (d,) = run('rule p warning "{c.number}" { summary "测"  for c in claims { require c.number == 表三[r1, total] at c } }', report)
    assert (d.location, d.message) == (Location(7, 12, 7, 13), "5")


def test_not_a_report_alone():
    report = build_report({"t3 r1 total": 99}, problems=[Problem("not-a-report", "默认", None, {"path": "a.txt"}),
                                                         Problem("table-missing", "x", None, {})])
    rs = load_rules([ROOT / "rules"])
    (d,) = evaluate(rs, report)
    assert (d.rule, d.location, d.message) == (
        "not-a-report", None, "a.txt 不像政府信息公开工作年度报告：未找到标题、章节或表格")
    assert evaluate(rs.select([], ["not-a-report"]), report) == ()


def test_applies_skips_other_formats_and_years():
    text = 'rule p info "m" { summary "测"  applies format "2021" applies year 2022..2023 flag }'
    assert len(run(text)) == 1
    assert run(text, build_report(fmt="2019")) == ()
    assert run(text, build_report(year=2024)) == ()
    assert len(run(text, build_report(fmt="unknown"))) == 1
    assert len(run(text, build_report(title=False, period=None))) == 1


def test_published_option_overrides_the_text():
    text = 'rule late error "{published}" { summary "测"  require published <= date(year + 1, 1, 31) at published ?? title }'
    report = build_report(published=dt.date(2024, 1, 20))
    assert run(text, report) == ()
    (d,) = run(text, report, Options(published=dt.date(2024, 2, 1)))
    assert (d.location.line, d.message) == (1, "2024年2月1日")
    (d,) = run(text, build_report(published=dt.date(2024, 3, 1)))
    assert d.location.line == 89
    assert run(text, build_report()) == ()


def test_output_is_sorted_and_deduplicated():
    diags = run('rule b info "m" { summary "测"  flag at line(5) flag at line(5) } rule a info "m" { summary "测"  flag at line(9) flag at line(5) }')
    assert [(d.rule, d.location.line) for d in diags] == [("a", 5), ("b", 5), ("a", 9)]


def test_evaluate_is_pure():
    rs = load_rules(MY_RULES)
    report = build_report({"t3 r1 total": 4})
    first = evaluate(rs, report)
    assert evaluate(rs, report) == first and report == build_report({"t3 r1 total": 4})


MY_RULES = [ROOT / "rules" / f"{stem}.rule" for stem in ("sections", "table-totals", "period", "text-table",
                                                           "structure")]


def test_the_language_rules_pass_a_consistent_report():
    assert evaluate(load_rules(MY_RULES), build_report()) == ()


def test_township_example_rules():
    rs = load_rules([ROOT / "examples" / "rules"])
    report = build_report({"t4 direct total": ""}, texts={"s1": "本年度共收到政府信息公开申请5件。",
                                                          "s5": "公开内容不够全面。"})
    assert [(d.rule, d.location.line, d.location.column, d.message) for d in evaluate(rs, report)] == [
        ("township-received-claim", 5, 5, "正文“本年度共收到政府信息公开申请5件。”称收到申请 5 件，表三“本年新收”总计为 3 件"),
        ("township-no-zero-review-block", 71, 13, "表四“未经复议直接起诉”栏的总计未填写：乡镇报告也须填 0"),
        ("township-s5-measures", 80, 1, "第五部分只写了问题，没有写下一步的改进措施（应出现“下一步”“改进”或“措施”）"),
    ]
    report = build_report(texts={"s1": "本年度共收到政府信息公开申请3件。", "s5": "下一步，我镇将改进。"})
    assert evaluate(rs, report) == ()


OPERANDS = ['1', '"a"', '2024-01-01', 'title', 'sections', '表三[r1, total]', '表三[r1, natural]', 'period', '[1, "x"]',
            'true', '表三', '/(x/', '"(x"', 'section(s1)', 'claims', 'published', 'report', '表三.rows[0]']
OPERATORS = ['+', '-', '*', '/', '==', '<', 'contains', 'matches', 'in', '??', 'and', 'or']


def test_no_combination_of_values_raises():
    report = build_report({"t3 r1 natural": ""}, texts={"s1": "x(x"})
    parts = []
    for a in OPERANDS:
        parts += [f"let v = {a} {op} {b} when v then flag" for op in OPERATORS for b in OPERANDS]
        parts += [f"for x in {a} {{ flag at x }}", f"let w = len({a}) + sum({a}) + abs({a})" + ("" if a == "表三" else f" + {a}[0]"),
                  f"let z = search({a}, {a}) let y = date({a}, 1, 1) + numeral({a}) + year({a})",
                  f"when not {a} then flag at {a}", f"require {a} is integer"]
    text = "rule p info \"{v} {w} {z}\" { summary \"测\"\n let v = 1 let w = 1 let z = 1\n" + "\n".join(parts) + "\n}"
    text = text.replace("/(x/", "/x/")  # an invalid regex literal is a load error; a string pattern is not
    diags = run(text, report)
    assert diags and all(d.rule == "p" for d in diags)


def test_user_regexes_run_in_linear_time():
    import time

    report = build_report(texts={"s1": "a" * 200_000 + "!"})
    start = time.perf_counter()
    diags = run('rule p info "m" { summary "测"  forbid section(s1) matches /^(a+)+$/ forbid text matches /(a|aa)+$/ }', report)
    assert diags == () and time.perf_counter() - start < 2.0


def test_none_of_the_language_rules_fires_on_the_real_example():
    from checker.read.decode import read_file
    from checker.read.report import read_report

    decoded = read_file(ROOT / "examples" / "ganxian-xzspj-2023.txt")
    report = read_report(decoded.text, "ganxian.txt", decoded.encoding)
    assert evaluate(load_rules(MY_RULES), report) == ()
