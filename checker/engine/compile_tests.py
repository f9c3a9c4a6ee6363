"""Compiled tests and comparisons with a constant side (``checker.engine.compile_expr``), values only.

Each gives exactly what ``evaluate_expr`` gives for the same values: ``_text_test``,
``equal``/``compare`` and ``is_test``, with the common cases (a string against a string,
a row against a fixed list of rows, a section body against a regex) decided without the
general path.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from checker.engine import textmatch
from checker.engine.fastrun import sc
from checker.engine.interpret import _text_test, compare, equal, is_test
from checker.engine.values import AxisRef
from checker.model import Cell, CellState

Fn = Callable[[list], Any]
_STATES = {"blank": CellState.BLANK, "placeholder": CellState.PLACEHOLDER,
           "number": CellState.NUMBER, "text": CellState.TEXT}
_NO = object()


def against_text(a: Fn, right: str, op: str) -> Fn:
    """``x == "件"``: a string compares as itself (``equal``); anything else takes the general path."""
    same = op == "=="

    def against_text(f: list) -> bool | None:
        x = a(f)
        if type(x) is str:
            return (x == right) is same
        return compare(op, sc(x), right)

    return against_text


def matches_const(a: Fn, pattern: str, negated: bool) -> Fn:
    """``s.text matches /…/`` with ``s.text`` a section body: folded as a slice of the report text."""

    def matches(f: list) -> bool | None:
        x = a(f)
        if type(x) is not str:
            return negate(_text_test("matches", x, textmatch.Pattern(pattern)), negated)
        report = f[0].ctx.report.text
        if len(x) <= textmatch._SLICE_FROM or x is report:
            return negate(textmatch.matches(x, pattern), negated)
        return negate(textmatch.matches_in(x, pattern, report), negated)

    return matches


def negate(result: bool | None, negated: bool) -> bool | None:
    return result if result is None or not negated else not result


def member(x: Any, seq: Any) -> bool | None:
    """``x in seq``, as ``_text_test("in", …)``, without a generator for the common tuple of rows or columns."""
    if x is None or seq is None:
        return None
    if type(seq) is tuple and type(x) is AxisRef:
        for i in seq:
            if type(i) is AxisRef:
                if i.id == x.id and i.axis == x.axis and i.table == x.table:
                    return True
            elif equal(sc(i), x):
                return True
        return False
    return _text_test("in", x, seq)


def member_of_const(a: Fn, seq: tuple, negated: bool) -> Fn:
    """``x in [规章, 行政规范性文件]``: a row or column's answer depends on it and the list only,
    so it is worked out once per row or column (label matching folds and strips labels)."""
    known_refs: dict[AxisRef, bool | None] = {}

    def member_test(f: list) -> bool | None:
        x = a(f)
        if type(x) is not AxisRef:
            return negate(member(x, seq), negated)
        hit = known_refs.get(x, _NO)
        if hit is _NO:
            hit = known_refs[x] = negate(member(x, seq), negated)
        return hit

    return member_test


def predicate(name: str) -> Callable[[Any], bool]:
    """``is_test(name, …)`` for one predicate, cells first."""
    state = _STATES.get(name)
    if name == "present":
        return lambda x: x is not None
    if name == "absent":
        return lambda x: x is None
    if name == "integer":
        return lambda x: type(s := sc(x)) is Decimal and s == s.to_integral_value()
    if state is None:
        return lambda x: is_test(name, x)
    return lambda x: x.state is state if type(x) is Cell else is_test(name, x)
