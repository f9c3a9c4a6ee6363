"""Broken rule files: the RULE_ERRORS table is both the messages and their test (lark's GRAMMAR_ERRORS)."""

from __future__ import annotations

import pytest

from checker.language.loader import RULE_ERRORS, RuleFileError, parse_rules

CASES = [(message, snippet) for message, snippets in RULE_ERRORS for snippet in snippets]


@pytest.mark.parametrize(("message", "snippet"), CASES, ids=[repr(s)[:40] for _, s in CASES])
def test_snippet_gets_its_message(message, snippet):
    with pytest.raises(RuleFileError) as info:
        parse_rules(snippet, "bad.rule")
    assert info.value.expected == message


# Other files with the same mistakes, written differently: the table generalises.
VARIANTS = [
    ('rule ok error "m" {\n  require 表三[r1, total] = 5\n}\n', 2, 25, "比较相等要用 =="),
    ('rule ok error "m" {\n  for c in 表三.columns {\n    require 表三[r1, c] >= 0\n  }\n', 4, 4, "缺少 }"),
    ('rule ok severe "m" { }', 1, 9, "规则 id 后面要写严重级别"),
    ('rule ok error "m" {\n  require 1 ==\n}', 3, 1, "这里缺少表达式"),
    ('rule ok error "m" { require len([1) == 1 }', 1, 35, "括号没有闭合"),
]


@pytest.mark.parametrize(("text", "line", "column", "start"), VARIANTS)
def test_variant_is_classified(text, line, column, start):
    with pytest.raises(RuleFileError) as info:
        parse_rules(text, "bad.rule")
    err = info.value
    assert (err.line, err.column) == (line, column)
    assert err.expected.startswith(start)


def test_render_has_position_line_and_caret():
    text = 'rule ok error "m" {\n  require 表三[r1, total] = 5\n}\n'
    with pytest.raises(RuleFileError) as info:
        parse_rules(text, "rules/mine.rule")
    assert str(info.value) == (
        "rules/mine.rule:2:25: 比较相等要用 ==（= 只用于 let）/ use == to compare ('=' is only for let)\n"
        "  require 表三[r1, total] = 5\n"
        "                        ^"
    )
    assert info.value.render() == str(info.value)


def test_unmatched_mistake_lists_what_was_expected_in_words():
    with pytest.raises(RuleFileError) as info:
        parse_rules('rule ok error "m" { require 1 == 1 at }', "bad.rule")
    assert info.value.expected.startswith("这里不能出现 '}'；应为 / expected:")
    assert "名字 / a name" in info.value.expected
    assert "RBRACE" not in info.value.expected


def test_grammar_is_lalr_without_conflicts(caplog):
    import logging

    from lark import Lark

    from checker.resources import grammar_path

    with caplog.at_level(logging.DEBUG, logger="lark"):
        Lark.open(str(grammar_path()), parser="lalr", debug=True)
    assert not [r for r in caplog.records if "conflict" in r.getMessage().lower()]
