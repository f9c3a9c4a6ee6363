"""Operators, comparisons, tests and ``if``, compiled from their meanings (``checker.language.meanings``).

Each closure hands its operands to the table's implementation as the table says (scalars,
truths or values); the short-circuit of ``and``/``or``/``??`` is the table's ``decides``.
Where a result takes its place from (docs/rule-language.md §3) is each builder's
``origin``; why it is unknown, its ``why``. Optimised, two numbers compare by the table's
Python operator and a cell's state is tested inline (``compile_fast``), the same results.
"""

from __future__ import annotations

from typing import Any

from checker.engine import compile_fast
from checker.engine.nodes import (
    Compiles,
    Fn,
    Node,
    Scope,
    first_unknown,
    operand,
    reason,
    scalar_of,
    truth_of,
)
from checker.engine.values import first_origin
from checker.language import ast as ast
from checker.language.meanings import BINARY, COMPARE, PREDICATES, TESTS, UNARY, Meaning
from checker.language.values import known, truth


def unary(c: Compiles, e: ast.Unary, scope: Scope) -> Node:
    meaning, a = UNARY[e.op], c.expr(e.operand, scope)
    impl, x = meaning.impl, operand(c, a, meaning.takes)
    node = Node(lambda f: impl(x(f)), a.origin, lambda f: reason(a, f), e.op == "not")
    if c.optimise and e.op == "not" and a.cell_terms is not None:
        node.cell_terms = compile_fast.not_terms(a.cell_terms)
        node.value = compile_fast.on_cell(node.cell_terms, node.value)
    return node


def binary(c: Compiles, e: ast.Binary, scope: Scope) -> Node:
    meaning = BINARY[e.op]
    a, b = c.expr(e.left, scope), c.expr(e.right, scope)
    impl, x, y = meaning.impl, operand(c, a, meaning.takes), operand(c, b, meaning.takes)
    if meaning.decides is None:
        fast = c.optimise and meaning.numbers
        node = Node(compile_fast.arithmetic(meaning, x, y) if fast else lambda f: impl(x(f), y(f)),
                    lambda f: first_origin(a.origin(f), b.origin(f)), lambda f: first_unknown([a, b], f))
        if fast:  # of scalars, + and - give None, a number, a text, a date or a list: their own scalar
            node.scalar = node.value
        return node
    value = _short_circuit(c, meaning, a, x, y)
    if meaning.takes != "truth":
        return _coalesce(value, a, b)
    node = _logic(value, meaning, a, b)
    if c.optimise and e.op == "and":
        node.cell_terms = compile_fast.and_terms(meaning, a.cell_terms, b.cell_terms)
        if node.cell_terms is not None:
            node.value = compile_fast.on_cell(node.cell_terms, node.value)
    return node


def _short_circuit(c: Compiles, meaning: Meaning, a: Node, x: Fn, y: Fn) -> Fn:
    """``x OP y`` where a left operand that ``decides`` is the result (``y`` is then not evaluated)."""
    impl, decides, by = meaning.impl, meaning.decides, meaning.decided_by
    slot = a.slot if c.optimise and (a.truthy or meaning.takes == "value") else None  # x is the bound value
    if c.optimise and by is not None:  # the table's deciding and identity truths, tested without a call
        return compile_fast.logic(impl, by, meaning.identity, x, y, slot)
    if slot is not None:
        return lambda f: left if decides(left := f[slot]) else impl(left, y(f))

    def short_circuit(f: list) -> Any:
        left = x(f)
        return left if decides(left) else impl(left, y(f))

    return short_circuit


def _logic(value: Fn, meaning: Meaning, a: Node, b: Node) -> Node:
    decides = meaning.decides

    def left(f: list) -> Any:
        return truth(a.value(f))

    def origin(f: list) -> Any:
        return a.origin(f) if decides(left(f)) else first_origin(a.origin(f), b.origin(f))

    def why(f: list) -> Any:
        return reason(a, f) if left(f) is None else reason(b, f)

    return Node(value, origin, why, True)


def _coalesce(value: Fn, a: Node, b: Node) -> Node:
    """``a ?? b``: a when known; a known value with no place takes b's place (§4)."""

    def origin(f: list) -> Any:
        if not known(a.value(f)):
            return b.origin(f)
        return a.origin(f) or b.origin(f)

    return Node(value, origin, lambda f: reason(a, f), a.truthy and b.truthy)


def compare(c: Compiles, e: ast.Compare, scope: Scope) -> Node:
    meaning = COMPARE[e.op]
    impl = meaning.impl
    a, b = c.expr(e.left, scope), c.expr(e.right, scope)
    operands = [a, b]
    x, y = scalar_of(c, a), scalar_of(c, b)
    if e.tolerance is not None:
        t = c.expr(e.tolerance, scope)
        operands.append(t)
        tol = scalar_of(c, t)
        value: Fn = lambda f: impl(x(f), y(f), tol(f))  # noqa: E731
    elif c.optimise:
        value = compile_fast.numbers(meaning, a, b, x, y)
    else:
        value = lambda f: impl(x(f), y(f))  # noqa: E731
    node = Node(value, lambda f: first_origin(a.origin(f), b.origin(f)),
                lambda f: first_unknown(operands, f), True)
    if c.optimise and e.tolerance is None:
        node.cell_terms = compile_fast.compare_terms(meaning, a, b)
    return node


def test(c: Compiles, e: ast.Test, scope: Scope) -> Node:
    a = c.expr(e.left, scope)
    if e.kind == "is":
        node = Node(_predicate(c, e, a), a.origin, truthy=True)
        meaning = PREDICATES[e.name]
        if c.optimise:
            node.cell_terms = compile_fast.predicate_terms(meaning, a, e.negated)
        if c.optimise and meaning.state is not None and a.slot is not None and not e.negated:
            node.state_test = (a.slot, meaning.state, meaning.impl)
        return node
    impl, b = TESTS[e.kind].impl, c.expr(e.right, scope)
    x, y = a.value, b.value
    if e.negated:
        def value(f: list) -> Any:
            r = impl(f[0], x(f), y(f))
            return None if r is None else not r
    else:
        def value(f: list) -> Any:
            return impl(f[0], x(f), y(f))

    def why(f: list) -> Any:
        if a.value(f) is None:
            return reason(a, f)
        return reason(b, f) if b.value(f) is None else None

    return Node(value, a.origin, why, True)


def _predicate(c: Compiles, e: ast.Test, a: Node) -> Fn:
    """``a is P`` / ``a is not P`` (never unknown)."""
    meaning = PREDICATES[e.name]
    if c.optimise:
        fast = compile_fast.predicate(meaning, a, scalar_of(c, a), e.negated)
        if fast is not None:
            return fast
    pred, x = meaning.impl, a.value
    if e.negated:
        return lambda f: not pred(x(f))
    return lambda f: pred(x(f))


def ifexpr(c: Compiles, e: ast.IfExpr, scope: Scope) -> Node:
    cond, then, orelse = c.expr(e.cond, scope), c.expr(e.then, scope), c.expr(e.orelse, scope)
    value = compile_fast.choice(cond, then, orelse) if c.optimise else None
    if value is None:
        decide, yes, no = truth_of(c, cond), then.value, orelse.value

        def value(f: list) -> Any:
            t = decide(f)
            return None if t is None else (yes(f) if t else no(f))

    def branch(f: list) -> Node | None:
        t = truth(cond.value(f))
        return None if t is None else (then if t else orelse)

    def origin(f: list) -> Any:
        n = branch(f)
        return None if n is None else n.origin(f)

    def why(f: list) -> Any:
        n = branch(f)
        return reason(cond, f) if n is None else reason(n, f)

    return Node(value, origin, why, then.truthy and orelse.truthy)


__all__ = ["binary", "compare", "ifexpr", "test", "unary"]
