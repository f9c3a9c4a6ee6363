"""The fused tests of one cell (``compile_fast.cell_decider``) against the plain engine.

``c is number and c.value >= 0 and c.value is integer …`` is compiled, optimised, into one closure
that reads the cell's state and number (remembering the result per number), and a loop whose
body is one ``when`` of such a test decides each cell in the loop itself. These draw exactly those
shapes — chains of state tests, comparisons with number constants and ``is integer``, under
``and``, ``or`` and ``not`` — over cells in every state, and check that the optimised and the
plain evaluation give identical findings and gaps, as ``test_engine_differential`` does for
rules at large (whose random rules seldom draw these shapes).
"""

from __future__ import annotations

from builders import build_report
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.engine.evaluate import Options, assess
from checker.language.ast import RuleSet
from checker.language.loader import parse_rules

_RAWS = ["", "/", "约5", "-1", "2.5", "3.0", "0", "7", "12345678901234567", "1000000000000000", None]
_CELLS = ["t3 r1 natural", "t3 r1 total", "t3 r2 legal", "t3 r3.7 natural", "t3 r4 total", "t4 review total",
          "t2 fee amount", "t3 r3.3.4 natural", "t2 regulation issued"]
_STATES = ("number", "text", "blank", "placeholder", "ambiguous")
_NUMBERS = ("0", "1", "2.5", "-1", "1000000000000000")


@st.composite
def cell_reports(draw):
    cells = {key: draw(st.sampled_from(_RAWS)) for key in draw(st.lists(st.sampled_from(_CELLS), max_size=6))}
    return build_report(cells)


def _leaf(draw) -> str:
    kind = draw(st.integers(0, 2))
    if kind == 0:
        return f"c is {'not ' if draw(st.booleans()) else ''}{draw(st.sampled_from(_STATES))}"
    if kind == 1:
        op = draw(st.sampled_from(["==", "!=", "<", "<=", ">", ">="]))
        return f"c.value {op} {draw(st.sampled_from(_NUMBERS))}"
    return f"c.value is {'not ' if draw(st.booleans()) else ''}integer"


def chain(draw, depth: int = 3) -> str:
    """A test of ``c`` built from the fusable leaves, mostly ``and`` (the shape that fuses)."""
    if depth == 0 or draw(st.integers(0, 3)) == 0:
        return _leaf(draw)
    kind = draw(st.sampled_from(["and", "and", "and", "or", "not"]))
    if kind == "not":
        return f"not ({chain(draw, depth - 1)})"
    return f"({chain(draw, depth - 1)} {kind} {chain(draw, depth - 1)})"


@st.composite
def fused_rules(draw) -> str:
    test = chain(draw)
    where = draw(st.sampled_from(["", " where c is number", " where c is text or c is number", " where c is blank"]))
    body = draw(st.sampled_from([
        f"when {test} {{ let v = c.value  flag at c }}",
        f"when {test} {{ flag at c }} else {{ require c is number at c }}",
        f"let ok = {test}\n    when not ok {{ require ok at c }}",
        f"require {test} at c",
    ]))
    return f'rule gen-fused warning "{{c.raw}}/{{actual}}" {{ summary "测"\n  for c in cells{where} {{\n    {body}\n  }}\n}}'


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fused_rules(), st.lists(cell_reports(), min_size=1, max_size=3))
def test_fused_cell_tests_agree_with_the_plain_engine(text, reports):
    rs = RuleSet(parse_rules(text, "gen.rule"))
    plain_rs = RuleSet(rs.rules)
    for report in reports:  # several reports in a row: the remembered numbers carry over between them
        optimised = assess(rs, report, Options())
        plain = assess(plain_rs, report, Options(optimise=False))
        assert optimised == plain
        assert repr(optimised) == repr(plain)


def test_a_fused_loop_flags_exactly_the_cells_its_test_keeps():
    """The shape of cell-invalid: a non-integer, a text and a huge number are flagged, in place;
    the counts 3 and 0 (one remembered from the cell before) are not."""
    text = ('rule r warning "{c.raw}" { summary "测"\n for c in cells where c is text or c is number {\n'
            '  when not (c is number and c.value >= 0 and c.value is integer and c.value < 1000000000000000) {'
            ' flag at c } } }')
    rs = RuleSet(parse_rules(text, "gen.rule"))
    report = build_report({"t3 r1 natural": "2.5", "t3 r2 legal": "约5", "t3 r4 total": "3",
                           "t3 r3.7 natural": "12345678901234567", "t4 review total": "0"})
    found = assess(rs, report, Options()).diagnostics
    assert [(d.message, d.cell.row, d.cell.col) for d in found] == [
        ("2.5", "r1", "natural"), ("约5", "r2", "legal"), ("12345678901234567", "r3.7", "natural")]
