"""The shortcuts of the compiled engine give what the general paths give.

``compile_cells`` may skip cells (state filters) and skip bodies (a key that passed);
``textmatch`` folds and searches on cached UTF-8 bytes. Each is checked against the plain
computation it replaces.
"""

from __future__ import annotations

import random

import pytest

from checker.engine import textmatch
from checker.engine.compile_cells import body_key, cell_filter
from checker.language import ast as ast
from checker.language.loader import default_rule_paths, load_rules
from checker.model import CellState
from checker.normalize import fold


@pytest.fixture(scope="module")
def rules() -> dict[str, ast.Rule]:
    return {r.id: r for r in load_rules(default_rule_paths()).rules}


def _loop(rule: ast.Rule) -> ast.For:
    return next(s for s in rule.body if isinstance(s, ast.For))


def test_state_filters_of_the_cell_rules(rules):
    blank = _loop(rules["cell-blank"])
    assert cell_filter(blank.iterable, blank.targets, blank.where) == (frozenset({CellState.BLANK}), None)
    invalid = _loop(rules["cell-invalid"])
    states, rest = cell_filter(invalid.iterable, invalid.targets, invalid.where)
    assert states == {CellState.TEXT, CellState.NUMBER} and rest is None


def test_no_filter_with_an_index_or_another_list(rules):
    order = _loop(rules["section-order"])
    assert cell_filter(order.iterable, order.targets, order.where) is None


def test_body_key_reads_only_cell_fields(rules):
    key = body_key(_loop(rules["cell-invalid"]).body, "c")
    assert key is not None and not key.per_report


def test_body_key_refuses_a_body_that_reads_more(rules):
    pos = _loop(rules["cell-invalid"]).pos
    line = ast.Attr(ast.Var("c", pos), "line", pos)
    body = (ast.Let("x", line, pos),)
    assert body_key(body, "c") is None
    report_fact = (ast.Let("x", ast.Builtin("year", pos), pos),)
    key = body_key(report_fact, "c")
    assert key is not None and key.per_report


def _texts(seed: int) -> list[str]:
    rng = random.Random(seed)
    alpha = "ab中文x１２3٣.,，。（）\u3000\n 申请未没有行政复议件起"
    return ["".join(rng.choice(alpha) for _ in range(rng.randint(0, 30))) for _ in range(300)]


def test_folded_is_fold():
    for text in _texts(1):
        assert textmatch.folded(text) == fold(text)


@pytest.mark.parametrize("pattern", [r"a*", r"(中)(文)?|b", r"\d+", r"(x)|(\d)", r"", r"中*",
                                     r"(行政复议|行政诉讼)(案件)?(\d+)(件|起)", r"[^a]{0,3}"])
def test_search_on_bytes_matches_search_on_str(pattern):
    compiled = textmatch.compile_regex(pattern)
    for text in _texts(2):
        text = text.replace("\n", "。")  # one line: a match's column is then its offset + 1
        norm = fold(text)
        want = [(m.start(), m.end()) for m in compiled.finditer(norm) if m.start() != m.end()]
        found = textmatch.search(pattern, text, 1)
        assert [(m.text, m.loc.column - 1) for m in found] == [(text[a:b], a) for a, b in want]
        assert textmatch.matches(text, pattern) == (compiled.search(norm) is not None)
