"""``+`` and ``-`` by the optimised engine's shortcut (``compile_fast.arithmetic``: two numbers by Python's
operator, two texts joined) give what the meanings' implementation gives, for every kind of operand."""

from __future__ import annotations

import datetime as dt

from builders import build_report
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.engine.evaluate import Options, assess
from checker.language.ast import RuleSet
from checker.language.loader import parse_rules

_OPERANDS = ["3", "2.5", "0", "-1", "1000000000000000000000", '"甲"', '""', '"乙丙"', "true", "published",
             "表三[本年新收, 自然人]", "表三[本年新收, 总计]", "表三[上年结转, 自然人]", "count(cells)",
             "section(s1).heading", "date(2024, 1, 31)", "[1, 2]"]
_RAWS = ["", "/", "约5", "-1", "2.5", "0", "7", "12", None]


@st.composite
def sums(draw):
    terms = draw(st.lists(st.sampled_from(_OPERANDS), min_size=2, max_size=5))
    ops = [draw(st.sampled_from(["+", "-"])) for _ in terms[1:]]
    return terms[0] + "".join(f" {op} {t}" for op, t in zip(ops, terms[1:], strict=True))


@settings(max_examples=300, deadline=None)
@given(sums(), st.sampled_from(_RAWS), st.sampled_from(_RAWS), st.sampled_from([None, dt.date(2024, 2, 1)]))
def test_sums_and_differences_are_the_same_with_and_without_the_shortcut(expr, natural, total, published):
    report = build_report({"t3 r1 natural": natural, "t3 r1 total": total, "t3 r2 natural": natural})
    rs = RuleSet(parse_rules(f'rule s info "{{v}}" {{ summary "测"  let v = {expr}  flag }}', "sum.rule"))
    optimised = assess(rs, report, Options(published))
    plain = assess(RuleSet(rs.rules), report, Options(published, optimise=False))
    assert repr(optimised) == repr(plain)


def test_a_text_joined_and_a_difference_of_cells_read_as_written():
    report = build_report({"t3 r1 natural": "7", "t3 r1 total": "12"})
    rs = RuleSet(parse_rules('rule s info "{v}|{w}" { summary "测"  let v = "甲" + "乙" + "丙"\n'
                             '  let w = 表三[本年新收, 总计] - 表三[本年新收, 自然人] - 1  flag }', "sum.rule"))
    (diag,) = assess(rs, report, Options()).diagnostics
    assert diag.message == "甲乙丙|4"
