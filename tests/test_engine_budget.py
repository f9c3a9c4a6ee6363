"""A rule cannot hang a check or exhaust memory: each rule has a budget of steps on each report
(issue 14, item 8), and ``.value`` of a loop item that is not a cell is unknown, not a crash (item 10)."""

from __future__ import annotations

import time

from builders import build_report

from checker.diagnostics import NOT_CHECKED, Severity
from checker.engine.evaluate import Options, assess, evaluate
from checker.language.ast import RuleSet
from checker.language.loader import parse_rules


def _run(text: str, report=None, options: Options | None = None):
    start = time.perf_counter()
    result = assess(RuleSet(parse_rules(text, "hostile.rule")), report or build_report(), options or Options())
    return result, time.perf_counter() - start


def _budget_only(result, rule: str = "h") -> bool:
    (d,) = result.diagnostics
    return (d.rule, d.severity, d.values["rule"]) == ("rule-budget", Severity.ERROR, rule) and d.rule in NOT_CHECKED


def test_four_nested_loops_over_cells_end_with_rule_budget():
    result, seconds = _run('rule h error "m" { summary "测"  for a in cells { for b in cells { for c in cells {'
                           ' for d in cells { require a.value + b.value + c.value + d.value >= 0 } } } } }')
    assert _budget_only(result) and result.not_assessed == ()
    assert "h" in result.diagnostics[0].message and "计算预算" in result.diagnostics[0].message
    assert seconds < 60  # bounded by the budget (about a second), not 200**4 iterations


def test_search_nested_in_search_ends_with_rule_budget():
    report = build_report(texts={"s1": "申请" * 20_000})
    result, _ = _run('rule h error "m" { summary "测"  for m in search(/申/) { for n in search(/请/) { require m.line <= n.line } } }',
                     report)
    assert _budget_only(result)


def test_a_string_doubled_by_let_becomes_unknown_not_gigabytes():
    lets = "\n".join(f"let s{i + 1} = s{i} + s{i}" for i in range(39))
    result, seconds = _run(f'rule h error "m" {{ summary "测"  let s0 = "ab"\n{lets}\n require len(s39) > 0 }}')
    assert result.diagnostics == () and [(n.rule, n.fault) for n in result.not_assessed] == [("h", False)]
    assert seconds < 30


def test_other_rules_are_still_checked_and_a_small_budget_is_an_option():
    text = ('rule h error "m" { summary "测"  for a in cells { for b in cells { flag at a } } }\n'
            'rule ok error "{x}" { summary "测"  let x = 1 flag }')
    result, _ = _run(text, options=Options(budget=1000))
    assert [d.rule for d in result.diagnostics] == ["ok", "rule-budget"]
    result, _ = _run(text, options=Options(budget=100_000))
    assert len([d for d in result.diagnostics if d.rule == "h"]) == 200  # 200 × 200 flags, one per cell a


def test_value_of_a_loop_item_that_is_not_a_cell_is_unknown():
    rs = RuleSet(parse_rules('rule v error "{h.text}" { summary "测"  for h in headings { require h.value > 0 } }\n'
                             'rule w error "m" { summary "测"  for r in 表三.rows { forbid r.value is known } }'))
    result = assess(rs, build_report())
    assert result.diagnostics == () and result.not_assessed[0].rule == "v"
    assert evaluate(rs, build_report()) == ()
