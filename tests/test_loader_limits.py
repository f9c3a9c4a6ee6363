"""The loader refuses what the language does not have, located, before anything runs it: an operator or
node missing from the table of meanings, and nesting too deep to walk (issue 14, item 7)."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import typing

import pytest

from checker.engine.compile_expr import BUILDERS
from checker.language import ast as ast
from checker.language import meanings
from checker.language.loader import MAX_LOOPS, MAX_NESTING, parse_rules
from checker.language.resolve import RuleFileError, resolve_rule

TEXT = 'rule a error "m" { summary "测" \n  require 7 * 2 == 14\n}\n'


def _unresolved(text: str) -> ast.Rule:
    """The rule as the parser gives it, before names are resolved (what a new node or operator would be)."""
    resolved = parse_rules(text, "a.rule")[0]
    return dataclasses.replace(resolved, body=_raw_body(text))


def _raw_body(text: str) -> tuple:
    from checker.language.loader import _parser, _ToAst  # noqa: PLC0415 - the parser's raw output, for this test

    return _ToAst("a.rule").transform(_parser().parse(text))[0].body


def test_an_operator_missing_from_the_table_is_a_located_load_error():
    rule = _unresolved(TEXT)
    check = rule.body[0]
    modulo = dataclasses.replace(check.cond, left=dataclasses.replace(check.cond.left, op="%"))
    with pytest.raises(RuleFileError) as info:
        resolve_rule(dataclasses.replace(rule, body=(dataclasses.replace(check, cond=modulo),)), "a.rule", TEXT)
    err = info.value
    assert (err.path, err.line, err.column) == ("a.rule", 2, 11)
    assert err.expected == "规则语言没有运算符 / the rule language has no operator %"
    assert "%" not in meanings.BINARY


@dataclasses.dataclass(frozen=True)
class Modulo:
    left: ast.Expr
    right: ast.Expr
    pos: ast.Pos


def test_a_node_type_the_language_lacks_is_a_located_load_error():
    rule = _unresolved(TEXT)
    check = rule.body[0]
    node = Modulo(check.cond.left.left, check.cond.left.right, ast.Pos(2, 11))
    with pytest.raises(RuleFileError) as info:
        resolve_rule(dataclasses.replace(rule, body=(dataclasses.replace(check, cond=node),)), "a.rule", TEXT)
    assert (info.value.line, info.value.column) == (2, 11)
    assert info.value.expected.startswith("规则语言没有这种表达式 / not an expression of the rule language: Modulo")


def test_every_resolved_node_type_has_a_builder_and_every_meaning_a_callable():
    resolved = set(typing.get_args(ast.Expr)) - {ast.Name}
    assert resolved == set(BUILDERS)
    for table in (meanings.BINARY, meanings.COMPARE, meanings.UNARY, meanings.TESTS, meanings.PREDICATES,
                  meanings.FUNCTIONS):
        assert all(callable(m.impl) and m.name == name for name, m in table.items())


def test_every_operator_the_grammar_writes_is_in_the_table():
    text = ('rule a info "m" { summary "测"  let x = -1 + 2 - 3 * 4 / 5 ?? 6\n let y = not (x == 1 or x != 2 and x < 3)\n'
            ' let z = x <= 1 within 1 or x > 2 or x >= 3 or "a" contains "b" or "a" matches /a/ or x in [1]\n'
            ' let w = x is blank or x is not known or x not in [1]\n'
            ' let f = sum([1]) + count([1]) + len([1]) + abs(1) + min(1, 2) + max([1]) + first([1])\n'
            ' let g = any([true]) or all([true]) or date(2024, 1, 1) == 1 or year(2024-01-01) == 1\n'
            ' let h = numeral(1) == "一" or section(s1) is absent or len(search(/x/)) == 0 or line(1) == 1\n'
            ' flag }')
    assert parse_rules(text, "all.rule")


# The tree is start > rule > stmts > require (depth 3); each `not` adds one level, a comparison one, each
# `[` two (list, args): the first node deeper than MAX_NESTING is where the error points.
@pytest.mark.parametrize(("body", "line", "column"), [
    ("require " + "not " * 600 + "1 == 1", 2, 9 + 4 * (MAX_NESTING - 3)),
    ("require " + "[" * 244 + "]" * 244 + " == 1", 2, 9 + (MAX_NESTING - 4) // 2),
    ("require " + "-" * 490 + "1 == 1", 2, 9 + (MAX_NESTING - 4)),
])
def test_deep_nesting_is_refused_where_it_gets_too_deep(body, line, column):
    with pytest.raises(RuleFileError) as info:
        parse_rules('rule a error "m" { summary "测" \n' + body + " }", "deep.rule")
    err = info.value
    assert err.expected == f"嵌套过深（超过 {MAX_NESTING} 层）/ nested too deeply (more than {MAX_NESTING} levels)"
    assert (err.path, err.line, err.column) == ("deep.rule", line, column)


def test_too_many_nested_loops_are_refused():
    body = "".join(f"for x{i} in [1] {{ " for i in range(MAX_LOOPS + 1)) + "flag" + " }" * (MAX_LOOPS + 1)
    with pytest.raises(RuleFileError) as info:
        parse_rules('rule a error "m" { summary "测" \n' + body + " }", "deep.rule")
    assert info.value.expected.startswith(f"嵌套过深：for 循环超过 {MAX_LOOPS} 层")


def test_a_deep_rule_file_exits_2_without_a_traceback(tmp_path):
    rule = tmp_path / "deep.rule"
    rule.write_text('rule a error "m" { summary "测" \n require ' + "not " * 600 + "1 == 1 }\n", encoding="utf-8")
    report = tmp_path / "r.txt"
    report.write_text("某某县审计局2023年政府信息公开工作年度报告\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "checker", "check", "--rules", str(rule), str(report)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "嵌套过深" in proc.stderr and "Traceback" not in proc.stderr
