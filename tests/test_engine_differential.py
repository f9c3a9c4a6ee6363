"""The differential test of the engine: on generated rules and reports, the optimised evaluation and the
plain one (``Options(optimise=False)``: every node by its general path, no index, no folding) give
identical findings, gaps and budget outcomes, in the same order with the same values."""

from __future__ import annotations

import datetime as dt

from builders import build_report, claim
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rulegen import rules
from strategies import SHAPES, consistent_specs, noises, render

from checker.engine.evaluate import Options, assess
from checker.language.ast import RuleSet
from checker.language.loader import parse_rules
from checker.read.report import read_report

_RAWS = ["", "/", "约5", "-1", "2.5", "0", "7", None]
_CELLS = ["t3 r1 natural", "t3 r1 total", "t3 r2 legal", "t3 r3.7 natural", "t3 r4 total", "t4 review total",
          "t2 fee amount", "t3 r3.3.4 natural"]


@st.composite
def built_reports(draw):
    cells = {key: draw(st.sampled_from(_RAWS)) for key in draw(st.lists(st.sampled_from(_CELLS), max_size=4))}
    claims = [claim("收到政府信息公开申请", draw(st.integers(0, 5)), 7, 12)] if draw(st.booleans()) else []
    return build_report(cells, published=draw(st.sampled_from([None, dt.date(2024, 1, 20), dt.date(2024, 3, 9)])),
                        title=draw(st.booleans()) or True, period=draw(st.sampled_from(["default", None])),
                        claims=claims, drop_tables=draw(st.sampled_from([(), ("t3",)])),
                        texts={"s1": draw(st.sampled_from(["收到申请3件，其中复议1件。", "无", "第一行。\n申请１２件"]))})


@st.composite
def rendered_reports(draw):
    return read_report(render(draw(consistent_specs()), draw(st.sampled_from(SHAPES)), draw(noises())), "g.txt")


def _both(text: str, report, published: dt.date | None, budget: int) -> None:
    rs = RuleSet(parse_rules(text, "gen.rule"))
    optimised = assess(rs, report, Options(published, budget))
    plain = assess(RuleSet(rs.rules), report, Options(published, budget, optimise=False))
    assert optimised == plain
    assert repr(optimised) == repr(plain)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rules(), built_reports(), st.sampled_from([None, dt.date(2024, 2, 1)]), st.sampled_from([500_000, 300]))
def test_optimised_and_plain_agree_on_built_reports(text, report, published, budget):
    _both(text, report, published, budget)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rules(), rendered_reports())
def test_optimised_and_plain_agree_on_rendered_reports(text, report):
    _both(text, report, None, 500_000)
