"""Every rule has a one-line ``summary`` for the reader, required by the loader (issue 13, item 2)."""

from __future__ import annotations

import json

import pytest

from checker.language.loader import RuleFileError, default_rule_paths, load_rules, parse_rules
from tests.test_cli import CLEAN, CLI_RULES, run

SHIPPED = load_rules(default_rule_paths())


def test_a_rule_without_summary_is_a_located_error() -> None:
    text = '# 注释\nrule no-summary warning "m" {\n  description "长的说明"\n  flag\n}\n'
    with pytest.raises(RuleFileError) as info:
        parse_rules(text, "x.rule")
    err = info.value
    assert (err.path, err.line, err.column) == ("x.rule", 2, 6)
    assert err.expected == ('规则 no-summary 缺少一行简述：在 { 后面写 summary "……"（rules、统计和 HTML/JSON 显示它）'
                            ' / rule no-summary has no summary: write summary "…" after \'{\'')
    assert err.context == 'rule no-summary warning "m" {\n     ^'


def test_a_summary_of_two_lines_is_refused() -> None:
    with pytest.raises(RuleFileError) as info:
        parse_rules('rule two-lines info "m" {\n  summary """一\n二"""\n  flag\n}', "y.rule")
    assert info.value.line == 1 and "只能写一行" in info.value.expected


def test_another_mistake_is_reported_before_the_missing_summary() -> None:
    with pytest.raises(RuleFileError) as info:
        parse_rules('rule r info "m" { require 表叁[r1, total] == 0 }', "z.rule")
    assert info.value.expected.startswith("未知的表")


def test_every_shipped_summary_is_one_short_chinese_line_distinct_from_the_description() -> None:
    for rule in SHIPPED.rules:
        assert rule.summary and "\n" not in rule.summary and len(rule.summary) <= 40, rule.id
        assert rule.summary != rule.description.strip(), rule.id
    summaries = [r.summary for r in SHIPPED.rules]
    assert len(set(summaries)) == len(summaries)


def test_rules_statistics_and_json_show_the_summary() -> None:
    listed = run("rules").stdout.splitlines()
    assert "period-mismatch         错误  统计期限应为报告年度的1月1日至12月31日" in listed
    stats = run("check", "examples/faulty-2023.md", "--statistics").stdout
    assert "  1  错误  period-mismatch  统计期限应为报告年度的1月1日至12月31日\n" in stats
    doc = json.loads(run("check", CLEAN, "--rules", CLI_RULES, "--select", "cli-new", "--format", "json",
                         "--statistics").stdout)
    assert doc["statistics"] == [{"rule": "cli-new", "severity": "error", "count": 1, "summary": "测试用：本年新收总计应为零"}]
    html = run("check", "examples/faulty-2023.md", "--format", "html").stdout
    assert "统计期限应为报告年度的1月1日至12月31日" in html
