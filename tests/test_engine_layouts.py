"""The layout is a parameter of the engine, and rules resolve against each format they may check.

A small 2019-style layout is written in the test: 表三 with other row ids, and "其他处理合计" as one
row (2021 splits （六）其他处理 into three rows). The resolution rule (docs/rule-language.md §5):
a rule with ``applies format`` resolves against each named format's layout (every name must
exist there); a rule without resolves against every known layout in which all its names exist,
and runs only under those.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from builders import build_report

from checker.engine.evaluate import evaluate
from checker.language.ast import RuleSet
from checker.language.loader import parse_rules
from checker.language.resolve import RuleFileError
from checker.model import Cell, CellState, Location, Table
from checker.read.layouts import layout_of, load_layout

LAYOUT_2019 = """
format: "2019"
basis: 国办公开办函〔2019〕60号
sections:
  - {key: s1, number: 1, label: 总体情况}
  - {key: s3, number: 3, label: 收到和处理政府信息公开申请情况}
tables:
  t3:
    name: 表三 收到和处理政府信息公开申请情况
    section: s3
    rows:
      new: {label: 一、本年新收政府信息公开申请数量, short: 本年新收}
      other: {label: （六）其他处理合计, short: 其他处理合计}
    cols:
      natural: {label: 自然人}
      all: {label: 总计}
"""

BOTH = 'rule both error "{c}" { summary "测"  let c = 表三[本年新收, 总计] require c == 表三[本年新收, 自然人] }'
ONLY_2019 = 'rule old error "{c}" { summary "测"  let c = 表三[其他处理合计, 总计] require c == 0 }'


@pytest.fixture
def layouts(tmp_path):
    path = tmp_path / "format-2019.yaml"
    path.write_text(LAYOUT_2019, encoding="utf-8")
    return load_layout(), load_layout(path)


def _report_2019(new_total: int, new_natural: int, other_total: int):
    values = {("new", "all"): new_total, ("new", "natural"): new_natural, ("other", "all"): other_total}
    cells = {k: Cell("t3", k[0], k[1], str(v), Decimal(v), CellState.NUMBER, Location.point(40 + i, 1))
             for i, (k, v) in enumerate(values.items())}
    table = Table("t3", "表三", Location.point(39), ("new", "other"), ("natural", "all"), cells)
    return replace(build_report(fmt="2019"), tables={"t3": table})


def test_a_rule_resolves_its_labels_in_each_format(layouts):
    l2021, l2019 = layouts
    (both,) = parse_rules(BOTH, "b.rule", layouts)
    assert [f for f, _ in both.resolved] == ["2021", "2019"]
    assert both.body_for("2021")[0].expr.row.id == "r1" and both.body_for("2019")[0].expr.row.id == "new"
    rs = RuleSet((both,))
    (d,) = evaluate(rs, _report_2019(5, 4, 0), layout=l2019)
    assert (d.message, d.cell.row, d.cell.col, d.location.line) == ("5", "new", "all", 40)
    assert evaluate(rs, _report_2019(4, 4, 0), layout=l2019) == ()
    assert evaluate(rs, build_report({"t3 r1 total": 4}), layout=l2021)[0].cell.col == "total"


def test_a_rule_without_applies_format_runs_only_where_its_names_exist(layouts):
    l2021, l2019 = layouts
    (old,) = parse_rules(ONLY_2019, "o.rule", layouts)
    assert [f for f, _ in old.resolved] == ["2019"] and old.body_for("2021") is None
    rs = RuleSet((old,))
    assert [d.message for d in evaluate(rs, _report_2019(1, 1, 2), layout=l2019)] == ["2"]
    assert evaluate(rs, build_report(), layout=l2021) == ()


def test_applies_format_resolves_against_the_named_formats_only(layouts):
    with pytest.raises(RuleFileError) as info:
        parse_rules('rule old error "m" { summary "测"  applies format "2021" require 表三[其他处理合计, 总计] == 0 }', "o.rule", layouts)
    assert info.value.expected.startswith("表三 没有行 / row 其他处理合计")
    (old,) = parse_rules('rule old error "m" { summary "测"  applies format "2019" require 表三[其他处理合计, 总计] == 0 }',
                         "o.rule", layouts)
    assert [f for f, _ in old.resolved] == ["2019"]


def test_names_that_exist_in_no_layout_are_an_error_from_the_default_layout(layouts):
    with pytest.raises(RuleFileError) as info:
        parse_rules('rule x error "m" { summary "测"  require 表三[本年心收, 总计] == 0 }', "x.rule", layouts)
    assert info.value.expected.startswith("表三 没有行 / row 本年心收")


def test_the_default_layout_is_the_reports_formats():
    assert layout_of("2021") is load_layout()
    assert layout_of("no-such-format") is None
    rs = RuleSet(parse_rules(BOTH, "b.rule"))
    assert evaluate(rs, build_report({"t3 r1 total": 4})) == evaluate(rs, build_report({"t3 r1 total": 4}),
                                                                        layout=load_layout())
