"""Specialised closures for the hot shapes of expressions, each the same work as its general closure.

Used only with ``optimise`` (``Options(optimise=False)`` builds the general closures, and the
differential test compares the two). Each form decides first the case that the meaning's
implementation decides the same way for those types, and hands anything else to the
implementation: two numbers compare by the table's Python operator (``Meaning.numbers``),
two strings are equal by ``==`` (whether constant or not), two numbers add and subtract and two
strings join by Python's ``+`` and ``-`` (``arithmetic``);
a cell's state predicate reads the cell's state (``Meaning.state``); ``is integer`` of a
number compares it with its integral value.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from checker.engine.nodes import NO, Fn, Node
from checker.language.meanings import MAX_LENGTH, Meaning
from checker.language.values import scalar
from checker.model import Cell, CellState

_D = Decimal
_NUMBER = CellState.NUMBER

#: ``x OP y`` of two numbers: the table's Python operators, as C functions (a call of one is cheaper than of a lambda).
_NUMBER_OPS: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}


def arithmetic(meaning: Meaning, x: Fn, y: Fn) -> Fn:
    """``a + b``, ``a - b``: two numbers by the Python operator (an arithmetic error is unknown, as
    ``meanings._arith`` has it), two texts joined by ``+`` (unknown past ``MAX_LENGTH``), anything else
    by the implementation: a message's text is built of many ``+`` (``"与" + others[0].agency + …``)."""
    impl, joins = meaning.impl, meaning.numbers == "+"
    op = operator.add if joins else operator.sub

    def arithmetic(f: list) -> Any:
        u, v = x(f), y(f)
        t = type(u)
        if t is _D and type(v) is _D:
            try:
                return op(u, v)
            except ArithmeticError:
                return None
        if joins and t is str and type(v) is str:
            return u + v if len(u) + len(v) <= MAX_LENGTH else None
        return impl(u, v)

    return arithmetic


def numbers(meaning: Meaning, a: Node, b: Node, x: Fn, y: Fn) -> Fn:
    """``a OP b``: two numbers by the Python operator, anything else by the implementation."""
    impl = meaning.impl
    k = scalar(b.const) if b.const is not NO else NO
    if type(k) is _D:
        general = _against_number(meaning.numbers, impl, x, k)
        return _cell_against_number(meaning.numbers, a, k, general) or general
    if type(k) is str and meaning.numbers in ("==", "!="):
        return _against_text(meaning.numbers == "==", impl, x, k)
    op = _NUMBER_OPS[meaning.numbers]
    if meaning.numbers == "==":
        def equal(f: list) -> Any:
            u, v = x(f), y(f)
            t = type(u)
            return u == v if (t is _D or t is str) and type(v) is t else impl(u, v)

        return equal

    def compare(f: list) -> Any:
        u, v = x(f), y(f)
        return op(u, v) if type(u) is _D and type(v) is _D else impl(u, v)

    return compare


def _against_number(symbol: str, impl: Callable[..., Any], x: Fn, k: Decimal) -> Fn:
    """``a OP 0`` and the like: the constant is a number."""
    if symbol == "==":
        return lambda f: u == k if type(u := x(f)) is _D else impl(u, k)
    if symbol == "!=":
        return lambda f: u != k if type(u := x(f)) is _D else impl(u, k)
    if symbol == ">":
        return lambda f: u > k if type(u := x(f)) is _D else impl(u, k)
    if symbol == ">=":
        return lambda f: u >= k if type(u := x(f)) is _D else impl(u, k)
    if symbol == "<":
        return lambda f: u < k if type(u := x(f)) is _D else impl(u, k)
    return lambda f: u <= k if type(u := x(f)) is _D else impl(u, k)


def _against_text(equal: bool, impl: Callable[..., Any], x: Fn, k: str) -> Fn:
    """``a == "件"``: two strings are equal when ``==`` says so (``meanings.equal`` of two strings)."""
    if equal:
        return lambda f: u == k if type(u := x(f)) is str else impl(u, k)
    return lambda f: u != k if type(u := x(f)) is str else impl(u, k)


def _cell_against_number(symbol: str, a: Node, k: Decimal, general: Fn) -> Fn | None:
    """``c.value OP 0`` with ``c`` bound: a number cell's value compared at once, anything else by ``general``."""
    slot = _value_slot(a)
    if slot is None:
        return None
    n = _NUMBER
    if symbol == "==":
        return lambda f: u == k if type(o := f[slot]) is Cell and o.state is n and type(u := o.value) is _D else general(f)
    if symbol == "!=":
        return lambda f: u != k if type(o := f[slot]) is Cell and o.state is n and type(u := o.value) is _D else general(f)
    if symbol == ">":
        return lambda f: u > k if type(o := f[slot]) is Cell and o.state is n and type(u := o.value) is _D else general(f)
    if symbol == ">=":
        return lambda f: u >= k if type(o := f[slot]) is Cell and o.state is n and type(u := o.value) is _D else general(f)
    if symbol == "<":
        return lambda f: u < k if type(o := f[slot]) is Cell and o.state is n and type(u := o.value) is _D else general(f)
    return lambda f: u <= k if type(o := f[slot]) is Cell and o.state is n and type(u := o.value) is _D else general(f)


def _value_slot(a: Node) -> int | None:
    """The slot of ``c`` when ``a`` is ``c.value`` of a bound name ``c``."""
    return a.cell_attr[0] if a.cell_attr is not None and a.cell_attr[1] == "value" else None


def predicate(meaning: Meaning, a: Node, scalar_a: Fn, negated: bool) -> Fn | None:
    """``a is S`` for a cell state S read from the cell, ``a is integer`` of a number; else None."""
    pred, state = meaning.impl, meaning.state
    if state is not None:
        return _state(pred, state, a, negated)
    if meaning.name != "integer":
        return None
    integer = _integer(pred, scalar_a)
    slot, n = _value_slot(a), _NUMBER
    if slot is not None:
        general = integer
        integer = lambda f: (u == u.to_integral_value()  # noqa: E731
                             if type(o := f[slot]) is Cell and o.state is n and type(u := o.value) is _D else general(f))
    if negated:
        return lambda f: not integer(f)
    return integer


def _integer(pred: Callable[[Any], bool], scalar_a: Fn) -> Fn:
    return lambda f: t == t.to_integral_value() if type(t := scalar_a(f)) is _D else pred(t)


def _state(pred: Callable[[Any], bool], state: Any, a: Node, negated: bool) -> Fn:
    slot, get = a.slot, a.value
    if slot is not None:
        if negated:
            return lambda f: not (t.state is state if type(t := f[slot]) is Cell else pred(t))
        return lambda f: t.state is state if type(t := f[slot]) is Cell else pred(t)
    if negated:
        return lambda f: not (t.state is state if type(t := get(f)) is Cell else pred(t))
    return lambda f: t.state is state if type(t := get(f)) is Cell else pred(t)


def choice(cond: Node, then: Node, orelse: Node) -> Fn | None:
    """``if b then K1 else K2`` of a bound truth ``b`` and two constants: no call at all."""
    slot = cond.slot
    if slot is None or not cond.truthy or then.const is NO or orelse.const is NO:
        return None
    yes, no = then.const, orelse.const
    return lambda f: None if (t := f[slot]) is None else (yes if t else no)


def logic(impl: Callable[[Any, Any], Any], by: bool, identity: bool | None, x: Fn, y: Fn, slot: int | None) -> Fn:
    """``x and y`` / ``x or y`` of truths: a left ``decided_by`` truth is the result, a left ``identity``
    truth gives the right truth (as the meaning does: ``Meaning.identity``), anything else the meaning."""
    if slot is not None:
        return lambda f: (left if (left := f[slot]) is by else y(f) if left is identity else impl(left, y(f)))
    return lambda f: left if (left := x(f)) is by else y(f) if left is identity else impl(left, y(f))


# ---------------------------------------------------------------- tests of one bound cell, fused

#: The kinds of a term of ``Node.cell_terms``: a state test, ``c.value OP k``, ``c.value is integer``.
STATE, CMP, INTEGER = 0, 1, 2
def compare_terms(meaning: Meaning, a: Node, b: Node) -> tuple | None:
    """``c.value OP k`` (k a number constant, ``c`` bound) as one fused term, else None."""
    slot = _value_slot(a)
    k = scalar(b.const) if b.const is not NO else NO
    if slot is None or type(k) is not _D or meaning.numbers not in _NUMBER_OPS:
        return None
    return slot, ((CMP, _NUMBER_OPS[meaning.numbers], k),), False


def predicate_terms(meaning: Meaning, a: Node, negated: bool) -> tuple | None:
    """``c is S`` (a state) or ``c.value is integer`` of a bound ``c`` as one fused term, else None."""
    if meaning.state is not None and a.slot is not None:
        return a.slot, ((STATE, meaning.state, None),), negated
    slot = _value_slot(a)
    if meaning.name == "integer" and slot is not None:
        return slot, ((INTEGER, None, None),), negated
    return None


def and_terms(meaning: Meaning, a: tuple | None, b: tuple | None) -> tuple | None:
    """``x and y`` of two fused tests of the same cell, neither negated: one list of terms, read in order."""
    if (a is None or b is None or a[0] != b[0] or a[2] or b[2]
            or meaning.decided_by is not False or meaning.identity is not True):
        return None
    return a[0], a[1] + b[1], False


def not_terms(terms: tuple | None) -> tuple | None:
    return None if terms is None else (terms[0], terms[1], not terms[2])


def cell_decider(terms: tuple) -> Callable[[Cell], bool | None]:
    """The value of a fused test for a cell: its terms read from the cell in order, or None.

    A false term decides ``and`` (the meaning's ``decided_by``), a true one is its identity, so
    the terms give the node's value as long as each is decided by the cell: a state always is,
    a value term when the cell holds a number. Anything else (a value term of a cell that
    holds none) gives None: the caller hands it to the node's own closure.

    The terms read the cell's state and its number and nothing else, so for a cell holding a
    number the result is a function of that number alone: it is remembered per number (equal
    numbers compare alike; the reader's numbers are finite), a few hundred at most, as reports
    repeat the same small counts.
    """
    _, items, negated = terms
    number = _NUMBER
    seen: dict[Decimal, bool] = {}

    def decide(o: Cell) -> bool | None:
        for kind, op, k in items:
            if kind == STATE:
                if o.state is not op:
                    return negated
                continue
            if o.state is not number or type(v := o.value) is not _D:
                return None
            if not (op(v, k) if kind == CMP else v == v.to_integral_value()):
                return negated
        return not negated

    def remembered(o: Cell) -> bool | None:
        if o.state is number and type(v := o.value) is _D:
            t = seen.get(v)
            if t is None:
                if len(seen) >= _SEEN_MAX:
                    seen.clear()
                t = seen[v] = decide(o)  # a number cell's terms are all decided: never None
            return t
        return decide(o)

    return remembered


_SEEN_MAX = 512


def on_cell(terms: tuple, general: Fn) -> Fn:
    """A fused test's closure: decided from the cell bound to its slot (``cell_decider``), else by
    ``general``, the node's own closure."""
    slot, decide = terms[0], cell_decider(terms)

    def value(f: list) -> Any:
        o = f[slot]
        if type(o) is Cell and (t := decide(o)) is not None:
            return t
        return general(f)

    return value
