"""Operators, comparisons, tests and ``if``, compiled from their meanings (``checker.language.meanings``).

Each node's code hands its operands to the table's implementation as the table says
(scalars, truths or values); the short-circuit of ``and``/``or``/``??`` is the table's
``decides``. Where a result takes its place from (docs/rule-language.md §3) is each
builder's ``origin``; why it is unknown, its ``why``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from checker.engine.nodes import NO, Compiles, Node, Scope, first_unknown, reads_of, reason
from checker.engine.values import first_origin
from checker.language import ast as ast
from checker.language.meanings import BINARY, COMPARE, PREDICATES, TESTS, UNARY
from checker.language.values import known, scalar, truth


def _operand(c: Compiles, node: Node, takes: str) -> str:
    if takes == "truth":
        return c.truth(node)
    return c.scalar(node) if takes == "scalar" else node.code


def unary(c: Compiles, e: ast.Unary, scope: Scope) -> Node:
    meaning, a = UNARY[e.op], c.expr(e.operand, scope)
    impl = c.ns.const(meaning.impl, "M")
    return Node(c.ns, f"{impl}({_operand(c, a, meaning.takes)})", a.reads, a.origin,
                lambda f: reason(a, f), e.op == "not")


def binary(c: Compiles, e: ast.Binary, scope: Scope) -> Node:
    meaning = BINARY[e.op]
    a, b = c.expr(e.left, scope), c.expr(e.right, scope)
    impl = c.ns.const(meaning.impl, "M")
    x, y = _operand(c, a, meaning.takes), _operand(c, b, meaning.takes)
    if meaning.decides is None:
        return Node(c.ns, f"{impl}({x}, {y})", reads_of(a, b), lambda f: first_origin(a.origin(f), b.origin(f)),
                    lambda f: first_unknown([a, b], f))
    t = c.ns.fresh("t")
    if c.optimise and meaning.decided_by is not None:  # the table's deciding truth, tested inline
        code = f"({t} if ({t} := {x}) is {meaning.decided_by} else {impl}({t}, {y}))"
    else:
        code = f"({t} if {c.ns.const(meaning.decides, 'M')}({t} := {x}) else {impl}({t}, {y}))"
    if meaning.takes == "truth":
        return _logic(c, code, meaning.decides, a, b)
    return _coalesce(c, code, a, b)


def _logic(c: Compiles, code: str, decides: Any, a: Node, b: Node) -> Node:
    def left(f: dict) -> Any:
        return truth(a.value(f))

    def origin(f: dict) -> Any:
        return a.origin(f) if decides(left(f)) else first_origin(a.origin(f), b.origin(f))

    def why(f: dict) -> Any:
        return reason(a, f) if left(f) is None else reason(b, f)

    return Node(c.ns, code, reads_of(a, b), origin, why, True)


def _coalesce(c: Compiles, code: str, a: Node, b: Node) -> Node:
    """``a ?? b``: a when known; a known value with no place takes b's place (§4)."""

    def origin(f: dict) -> Any:
        if not known(a.value(f)):
            return b.origin(f)
        return a.origin(f) or b.origin(f)

    return Node(c.ns, code, reads_of(a, b), origin, lambda f: reason(a, f), a.truthy and b.truthy)


def compare(c: Compiles, e: ast.Compare, scope: Scope) -> Node:
    impl = c.ns.const(COMPARE[e.op].impl, "M")
    a, b = c.expr(e.left, scope), c.expr(e.right, scope)
    operands = [a, b]
    right = c.scalar(b)
    if c.optimise and b.const is not NO:
        right = c.ns.const(scalar(b.const))
    args = f"{c.scalar(a)}, {right}"
    code = f"{impl}({args})"
    if e.tolerance is not None:
        t = c.expr(e.tolerance, scope)
        operands.append(t)
        code = f"{impl}({args}, {c.scalar(t)})"
    elif c.optimise:
        code = _numbers(c, COMPARE[e.op].numbers, impl, c.scalar(a), right, b)
    return Node(c.ns, code, reads_of(*operands), lambda f: first_origin(a.origin(f), b.origin(f)),
                lambda f: first_unknown(operands, f), True)


def _numbers(c: Compiles, op: str, impl: str, x: str, y: str, b: Node) -> str:
    """Two numbers compare by the table's Python operator; anything else by the implementation."""
    tx, ty = c.ns.fresh("t"), c.ns.fresh("t")
    if b.const is not NO and isinstance(scalar(b.const), Decimal):
        return f"({tx} {op} {y} if type({tx} := {x}) is D else {impl}({tx}, {y}))"
    return f"({tx} {op} {ty} if (type({tx} := {x}) is D) & (type({ty} := {y}) is D) else {impl}({tx}, {ty}))"


def test(c: Compiles, e: ast.Test, scope: Scope) -> Node:
    a = c.expr(e.left, scope)
    if e.kind == "is":
        meaning = PREDICATES[e.name]
        pred, t = c.ns.const(meaning.impl, "P"), c.ns.fresh("t")
        code = f"{pred}({a.code})"
        if c.optimise and meaning.state is not None:  # a cell's state, tested inline
            code = f"({t}.state is {c.ns.const(meaning.state)} if type({t} := {a.code}) is Cell else {pred}({t}))"
        elif c.optimise and e.name == "integer":
            code = f"({t} == {t}.to_integral_value() if type({t} := {c.scalar(a)}) is D else {pred}({t}))"
        return Node(c.ns, f"({'not ' if e.negated else ''}{code})", a.reads, a.origin, truthy=True)
    impl, b = c.ns.const(TESTS[e.kind].impl, "M"), c.expr(e.right, scope)
    code = f"{impl}(R, {a.code}, {b.code})"
    if e.negated:
        t = c.ns.fresh("t")
        code = f"(None if ({t} := {code}) is None else not {t})"

    def why(f: dict) -> Any:
        if a.value(f) is None:
            return reason(a, f)
        return reason(b, f) if b.value(f) is None else None

    return Node(c.ns, code, reads_of(a, b), a.origin, why, True)


def ifexpr(c: Compiles, e: ast.IfExpr, scope: Scope) -> Node:
    cond, then, orelse = c.expr(e.cond, scope), c.expr(e.then, scope), c.expr(e.orelse, scope)
    t = c.ns.fresh("t")
    code = f"(None if ({t} := {c.truth(cond)}) is None else ({then.code} if {t} else {orelse.code}))"

    def branch(f: dict) -> Node | None:
        x = truth(cond.value(f))
        return None if x is None else (then if x else orelse)

    def origin(f: dict) -> Any:
        n = branch(f)
        return None if n is None else n.origin(f)

    def why(f: dict) -> Any:
        n = branch(f)
        return reason(cond, f) if n is None else reason(n, f)

    return Node(c.ns, code, reads_of(cond, then, orelse), origin, why, then.truthy and orelse.truthy)
