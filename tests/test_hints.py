"""Hints that say what to change (issue 13, item 4): the ``hint "…" if c`` clause of a check.

The four kinds are fixtures in tests/rules/table-totals.yaml and text.yaml (``hint:``); here the
clause itself, and a real report end to end (JSON ``hint``, one line under the code frame).
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from builders import build_report

from checker.engine.evaluate import evaluate
from checker.language.ast import RuleSet
from checker.language.loader import RuleFileError, parse_rules
from checker.language.meanings import FUNCTIONS
from tests.test_cli import run

RULES = """
rule h-one error "总计 {t}" {
  summary "测"
  let t = 表三[本年新收, 总计]
  let other = 表三[本年新收, 自然人]
  require t == 0
    hint "不会用到：{t}" if t > 100
    hint "法律服务机构与商业企业相同" if 表三[本年新收, 商业企业] == 表三[本年新收, 法律服务机构]
    hint "应为 0（现为 {t}，自然人 {other}）"
}
"""
ONE = RuleSet(parse_rules(RULES))


def test_the_first_hint_whose_condition_holds_is_given() -> None:
    (d,) = evaluate(ONE, build_report())
    assert (d.message, d.hint) == ("总计 3", "法律服务机构与商业企业相同")


def test_a_hint_whose_condition_is_unknown_is_skipped() -> None:
    (d,) = evaluate(ONE, build_report({"t3 r1 legal": ""}))
    assert d.hint == "应为 0（现为 3，自然人 3）"


def test_a_hint_naming_an_unbound_name_is_a_located_error() -> None:
    with pytest.raises(RuleFileError) as info:
        parse_rules('rule h-bad error "m" {\n  summary "测"\n  require 1 == 2\n    hint "应为 {wanted}"\n}')
    assert (info.value.line, info.value.column) == (4, 5)
    assert info.value.expected.startswith("hint中的 {wanted} 没有定义")


def test_a_real_report_gets_the_carried_over_hint_in_text_and_json() -> None:
    path = "examples/shuyang-xzf-2025.md"
    hint = "正文 749 件 = 本年新收 713 + 上年结转 36：正文可能把上年结转计入了收到数"
    doc = json.loads(run("check", path, "--select", "text-table-mismatch", "--format", "json").stdout)
    assert [d["hint"] for d in doc["files"][0]["diagnostics"]] == [hint]
    text = run("check", path, "--select", "text-table-mismatch").stdout.splitlines()
    frame_end = next(i for i, line in enumerate(text) if line.strip().startswith("|") and "^" in line)
    assert text[frame_end + 1] == f"   = 建议：{hint}"


def test_joined_reads_two_cells_as_one_number_and_refuses_what_is_no_count() -> None:
    joined = FUNCTIONS["joined"].impl
    assert joined(Decimal(1), Decimal(2)) == 12 and joined(Decimal("1E+1"), Decimal(0)) == 100
    assert joined(Decimal("9" * 4400), Decimal(1)) is None  # no count, and no int() of it (issue 14.3)
    assert joined(Decimal(-1), Decimal(2)) is None and joined(Decimal("1.5"), Decimal(2)) is None
