"""One finding per fault: ``covered by`` in a rule file (issue 13, item 3; docs/rule-language.md §1)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from builders import build_report

from checker.engine.evaluate import evaluate
from checker.language.ast import RuleSet
from checker.language.loader import default_rule_paths, load_rules, parse_rules
from checker.read.report import read_report

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = load_rules(default_rule_paths())

COVER_RULES = """
rule cov-b error "b" {
  summary "测试：覆盖者"
  flag at title
}
rule cov-a warning "a" {
  summary "测试：与 cov-b 同处时不报"
  covered by cov-b, cov-x
  flag at title
}
rule cov-c warning "c" {
  summary "测试：别处的不受影响"
  covered by cov-b
  flag at line(2)
}
"""


def _found(ruleset, report) -> list[tuple[str, int, int]]:
    return [(d.rule, d.location.line, d.location.column) for d in evaluate(ruleset, report)]


def test_a_covered_finding_at_the_covering_place_is_dropped() -> None:
    rules = parse_rules(COVER_RULES, "cover.rule")
    assert rules[1].covered_by == ("cov-b", "cov-x")
    report = build_report()
    assert _found(RuleSet(rules), report) == [("cov-b", 1, 1), ("cov-c", 2, 1)]
    # without the covering rule, the covered one reports again: nothing is lost
    assert _found(RuleSet(rules[1:]), report) == [("cov-a", 1, 1), ("cov-c", 2, 1)]


def test_a_wrong_period_gives_one_finding_at_its_place() -> None:
    report = build_report(period=(dt.date(2022, 1, 1), dt.date(2022, 12, 31)))
    found = [(d.rule, d.location.line) for d in evaluate(SHIPPED, report)]
    assert found == [("period-mismatch", 2)]
    without = SHIPPED.select(ignore=["period-mismatch"])
    assert [(d.rule, d.location.line) for d in evaluate(without, report)] == [("year-mismatch", 2)]


def test_year_mismatch_in_the_prose_is_not_covered() -> None:
    text = ("某某县审计局2023年政府信息公开工作年度报告\n"
            "本报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。\n"
            "2022年，本机关主动公开政府信息120条。\n")
    dates = SHIPPED.select(["period-mismatch", "year-mismatch"])
    assert _found(dates, read_report(text, "a.txt")) == [("period-mismatch", 2, 15), ("year-mismatch", 3, 1)]


def test_every_shipped_covering_rule_exists() -> None:
    ids = set(SHIPPED.ids())
    named = {(r.id, c) for r in SHIPPED.rules for c in r.covered_by}
    assert named == {("year-mismatch", "period-mismatch")}
    assert all(c in ids for _, c in named)
