"""Operators, comparisons, tests and ``if``, compiled from their meanings (``checker.language.meanings``).

Each closure hands its operands to the table's implementation as the table says (scalars,
truths or values); the short-circuit of ``and``/``or``/``??`` is the table's ``decides``.
Where a result takes its place from (§3 of docs/rule-language.md) is said by each builder's
``origin``; why it is unknown, by ``why``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from checker.engine.nodes import NO, Compiles, Node, Scope, first_unknown, reason
from checker.engine.values import first_origin
from checker.language import ast as ast
from checker.language.meanings import BINARY, COMPARE, PREDICATES, TESTS, UNARY
from checker.language.values import known, scalar, truth


def _scalar_of(node: Node):
    """The operand's scalar: ``values.scalar`` of its value (a number is its own scalar)."""
    get = node.value

    def sc(f: list) -> Any:
        x = get(f)
        return x if type(x) is Decimal else scalar(x)

    return sc


def _truth_of(node: Node):
    get = node.value
    if node.truthy:
        return get
    return lambda f: truth(get(f))


def unary(c: Compiles, e: ast.Unary, scope: Scope) -> Node:
    meaning, a = UNARY[e.op], c.expr(e.operand, scope)
    impl = meaning.impl
    operand = _truth_of(a) if meaning.takes == "truth" else _scalar_of(a)
    return Node(lambda f: impl(operand(f)), a.origin, lambda f: reason(a, f), e.op == "not")


def binary(c: Compiles, e: ast.Binary, scope: Scope) -> Node:
    meaning = BINARY[e.op]
    a, b = c.expr(e.left, scope), c.expr(e.right, scope)
    if meaning.takes == "truth":
        return _logic(meaning, a, b)
    if meaning.origin == "coalesce":
        return _coalesce(meaning, a, b)
    impl, x, y = meaning.impl, _scalar_of(a), _scalar_of(b)

    def value(f: list) -> Any:
        return impl(x(f), y(f))

    return Node(value, lambda f: first_origin(a.origin(f), b.origin(f)), lambda f: first_unknown([a, b], f))


def _logic(meaning, a: Node, b: Node) -> Node:
    impl, decides, x, y = meaning.impl, meaning.decides, _truth_of(a), _truth_of(b)

    def value(f: list) -> bool | None:
        left = x(f)
        return left if decides(left) else impl(left, y(f))

    def origin(f: list) -> Any:
        return a.origin(f) if decides(x(f)) else first_origin(a.origin(f), b.origin(f))

    def why(f: list) -> Any:
        return reason(a, f) if x(f) is None else reason(b, f)

    return Node(value, origin, why, True)


def _coalesce(meaning, a: Node, b: Node) -> Node:
    """``a ?? b``: a when known; a known value with no place takes b's place (§4)."""
    impl, decides, left, right = meaning.impl, meaning.decides, a.value, b.value

    def value(f: list) -> Any:
        x = left(f)
        return x if decides(x) else impl(x, right(f))

    def origin(f: list) -> Any:
        if not known(left(f)):
            return b.origin(f)
        return a.origin(f) or b.origin(f)

    return Node(value, origin, lambda f: reason(a, f), a.truthy and b.truthy)


def compare(c: Compiles, e: ast.Compare, scope: Scope) -> Node:
    impl = COMPARE[e.op].impl
    a, b = c.expr(e.left, scope), c.expr(e.right, scope)
    x, y = _scalar_of(a), _scalar_of(b)
    operands = [a, b]
    if e.tolerance is not None:
        t = c.expr(e.tolerance, scope)
        tol = _scalar_of(t)
        operands.append(t)

        def value(f: list) -> bool | None:
            return impl(x(f), y(f), tol(f))
    elif c.optimise and b.const is not NO:
        right = scalar(b.const)

        def value(f: list) -> bool | None:
            return impl(x(f), right)
    else:

        def value(f: list) -> bool | None:
            return impl(x(f), y(f))

    return Node(value, lambda f: first_origin(a.origin(f), b.origin(f)), lambda f: first_unknown(operands, f), True)


def test(c: Compiles, e: ast.Test, scope: Scope) -> Node:
    a = c.expr(e.left, scope)
    negated, left = e.negated, a.value
    if e.kind == "is":
        pred = PREDICATES[e.name].impl
        if negated:
            return Node(lambda f: not pred(left(f)), a.origin, truthy=True)
        return Node(lambda f: pred(left(f)), a.origin, truthy=True)
    impl, b = TESTS[e.kind].impl, c.expr(e.right, scope)
    right = b.value

    def value(f: list) -> bool | None:
        result = impl(f[0], left(f), right(f))
        return result if result is None or not negated else not result

    def why(f: list) -> Any:
        if left(f) is None:
            return reason(a, f)
        return reason(b, f) if right(f) is None else None

    return Node(value, a.origin, why, True)


def ifexpr(c: Compiles, e: ast.IfExpr, scope: Scope) -> Node:
    cond, then, orelse = c.expr(e.cond, scope), c.expr(e.then, scope), c.expr(e.orelse, scope)
    decide = _truth_of(cond)

    def branch(f: list) -> Node | None:
        x = decide(f)
        return None if x is None else (then if x else orelse)

    def value(f: list) -> Any:
        x = decide(f)
        return None if x is None else (then.value(f) if x else orelse.value(f))

    def origin(f: list) -> Any:
        n = branch(f)
        return None if n is None else n.origin(f)

    def why(f: list) -> Any:
        n = branch(f)
        return reason(cond, f) if n is None else reason(n, f)

    return Node(value, origin, why, then.truthy and orelse.truthy)
