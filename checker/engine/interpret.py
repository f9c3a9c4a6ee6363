"""Evaluating expressions of the rule language over a Report, with three-valued logic.

Every result is a ``V``: the value and where it came from (the location and cell of the
first located thing it was computed from). ``None`` is "unknown": a blank, absent or
non-numeric cell, a missing section, a date the report does not give. Arithmetic and
comparisons with an unknown input are unknown; ``and``/``or``/``not`` follow Kleene's
logic; the engine reports nothing for a check whose condition is unknown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from checker.engine import textmatch
from checker.engine.values import (
    UNKNOWN,
    AxisRef,
    Ctx,
    Origin,
    TableVal,
    V,
    attribute,
    axis_ref,
    builtin,
    first_origin,
    known,
    origin_of,
    scalar,
    text_of,
    truth,
    wrap,
)
from checker.language import ast as ast
from checker.language.resolve import find_axis
from checker.model import Cell, CellState
from checker.normalize import label_key
from checker.read.layouts import TableLayout

__all__ = ["Ctx", "Origin", "V", "aggregate", "evaluate", "iterate"]


def evaluate(e: ast.Expr, ctx: Ctx) -> V:
    return _EVAL[type(e)](e, ctx)


def _const(e: ast.Const, ctx: Ctx) -> V:
    return V(e.value)


def _var(e: ast.Var, ctx: Ctx) -> V:
    return ctx.scope.get(e.name, UNKNOWN)


def _builtin(e: ast.Builtin, ctx: Ctx) -> V:
    return wrap(builtin(e.name, ctx))


def _tableconst(e: ast.TableConst, ctx: Ctx) -> V:
    layout = ctx.layout.table(e.table)
    return wrap(TableVal(layout, ctx.report.tables.get(e.table)))


def _label(e: ast.Label, ctx: Ctx) -> V:
    return V(e.text)


def _sym(e: ast.Sym, ctx: Ctx) -> V:
    return V(axis_ref(ctx.layout.table(e.table), e.axis, e.id))


def _regex(e: ast.Regex, ctx: Ctx) -> V:
    return V(textmatch.Pattern(e.pattern))


def _listexpr(e: ast.ListExpr, ctx: Ctx) -> V:
    return V(tuple(evaluate(i, ctx).value for i in e.items))


def _resolve_axis(layout: TableLayout, axis: str, value: Any) -> str | None:
    if isinstance(value, AxisRef):
        return value.id if value.table == layout.id and value.axis == axis else find_axis(layout, axis, value.short)
    if isinstance(value, str):
        return find_axis(layout, axis, value)
    return None


def _cellat(e: ast.CellAt, ctx: Ctx) -> V:
    layout = ctx.layout.table(e.table)
    row = _resolve_axis(layout, "row", evaluate(e.row, ctx).value)
    col = _resolve_axis(layout, "col", evaluate(e.col, ctx).value)
    table = ctx.report.tables.get(e.table)
    cell = table.cell(row, col) if table and row and col else None
    return wrap(cell)


def _index(e: ast.Index, ctx: Ctx) -> V:
    obj = evaluate(e.obj, ctx).value
    idx = scalar(evaluate(e.args[0], ctx).value) if e.args else None
    if not isinstance(obj, (tuple, list)) or not isinstance(idx, Decimal) or len(e.args) != 1:
        return UNKNOWN
    i = int(idx)
    return wrap(obj[i]) if 0 <= i < len(obj) and i == idx else UNKNOWN


def _attr(e: ast.Attr, ctx: Ctx) -> V:
    base = evaluate(e.obj, ctx)
    if base.value is None:
        return UNKNOWN
    value = attribute(base.value, e.name, ctx)
    return V(value, origin_of(value) or base.origin)


def _unary(e: ast.Unary, ctx: Ctx) -> V:
    v = evaluate(e.operand, ctx)
    x = scalar(v.value)
    if e.op == "not":
        return V(None if x is None else not truth(x), v.origin)
    return V(-x if isinstance(x, Decimal) else None, v.origin)


def _binary(e: ast.Binary, ctx: Ctx) -> V:
    if e.op in ("and", "or"):
        return _logic(e, ctx)
    a = evaluate(e.left, ctx)
    if e.op == "??":
        if not known(a.value):
            return evaluate(e.right, ctx)
        return a if a.origin is not None else V(a.value, evaluate(e.right, ctx).origin)
    b = evaluate(e.right, ctx)
    return V(arith(e.op, scalar(a.value), scalar(b.value)), first_origin(a, b))


def _logic(e: ast.Binary, ctx: Ctx) -> V:
    a = evaluate(e.left, ctx)
    x = truth(scalar(a.value))
    if e.op == "and" and x is False or e.op == "or" and x is True:
        return V(x, a.origin)
    b = evaluate(e.right, ctx)
    y = truth(scalar(b.value))
    if e.op == "and":
        result = False if y is False else (None if x is None or y is None else True)
    else:
        result = True if y is True else (None if x is None or y is None else False)
    return V(result, first_origin(a, b))


def arith(op: str, x: Any, y: Any) -> Any:
    if x is None or y is None or isinstance(x, bool) or isinstance(y, bool):
        return None
    try:
        if op == "+":
            return x + dt.timedelta(days=int(y)) if isinstance(x, dt.date) else x + y
        if op == "-":
            if isinstance(x, dt.date):
                return Decimal((x - y).days) if isinstance(y, dt.date) else x - dt.timedelta(days=int(y))
            return x - y
        if op == "*":
            return x * y
        return x / y if y != 0 else None
    except (TypeError, ValueError, ArithmeticError, OverflowError, InvalidOperation):
        return None


def _compare(e: ast.Compare, ctx: Ctx) -> V:
    a, b = evaluate(e.left, ctx), evaluate(e.right, ctx)
    tol = scalar(evaluate(e.tolerance, ctx).value) if e.tolerance is not None else None
    if e.tolerance is not None and tol is None:
        return V(None, first_origin(a, b))
    return V(compare(e.op, scalar(a.value), scalar(b.value), tol), first_origin(a, b))


def equal(x: Any, y: Any) -> bool:
    if isinstance(x, AxisRef) or isinstance(y, AxisRef):
        if isinstance(x, AxisRef) and isinstance(y, AxisRef):
            return (x.table, x.axis, x.id) == (y.table, y.axis, y.id)
        ref, other = (x, y) if isinstance(x, AxisRef) else (y, x)
        return isinstance(other, str) and (other == ref.id or label_key(other) in ref.names())
    return bool(x == y)


def compare(op: str, x: Any, y: Any, tol: Any = None) -> bool | None:
    if x is None or y is None:
        return None
    if tol is not None and isinstance(x, Decimal) and isinstance(y, Decimal):
        close = abs(x - y) <= tol
        if op in ("==", "!="):
            return close if op == "==" else not close
    if op in ("==", "!="):
        return equal(x, y) == (op == "==")
    try:
        return {"<": x < y, "<=": x <= y, ">": x > y, ">=": x >= y}[op]
    except TypeError:
        return None


def _test(e: ast.Test, ctx: Ctx) -> V:
    a = evaluate(e.left, ctx)
    if e.kind == "is":
        result: bool | None = is_test(e.name, a.value)
    else:
        b = evaluate(e.right, ctx) if e.right is not None else UNKNOWN
        result = _text_test(e.kind, a.value, b.value)
    if result is not None and e.negated:
        result = not result
    return V(result, a.origin)


def _text_test(kind: str, x: Any, y: Any) -> bool | None:
    if kind == "in":
        x, y = y, x
    if x is None or y is None:
        return None
    if isinstance(x, (tuple, list)):
        return any(equal(scalar(i), scalar(y)) for i in x)
    text = text_of(x)
    if text is None:
        return None
    if kind == "matches":
        pattern = y.source if isinstance(y, textmatch.Pattern) else text_of(y)
        return None if pattern is None else textmatch.matches(text, pattern)
    needle = text_of(y)
    return None if needle is None else textmatch.contains(text, needle)


def is_test(name: str, x: Any) -> bool:
    """``is`` predicates are never unknown: they are how a rule asks about missing data."""
    states = {"blank": CellState.BLANK, "placeholder": CellState.PLACEHOLDER,
              "number": CellState.NUMBER, "text": CellState.TEXT}
    if name == "present":
        return x is not None
    if name == "absent":
        return x is None
    if name == "known":
        return known(x)
    if name == "integer":
        s = scalar(x)
        return isinstance(s, Decimal) and s == s.to_integral_value()
    if isinstance(x, Cell):
        return x.state is states[name]
    if name == "blank":
        return isinstance(x, str) and not x.strip()
    return name == "number" and isinstance(scalar(x), Decimal)


def _ifexpr(e: ast.IfExpr, ctx: Ctx) -> V:
    c = truth(scalar(evaluate(e.cond, ctx).value))
    if c is None:
        return UNKNOWN
    return evaluate(e.then if c else e.orelse, ctx)


def iterate(targets: tuple[str, ...], iterable: V, ctx: Ctx):
    """The contexts of a loop: one per item, with the item (and its index) bound."""
    items = iterable.value
    if not isinstance(items, (tuple, list)):
        return
    for i, item in enumerate(items):
        v = wrap(item)
        inner = ctx.bind(targets[-1], v)
        if len(targets) == 2:
            inner = inner.bind(targets[0], V(Decimal(i)))
        yield inner


def _items(e: ast.GenCall, ctx: Ctx) -> list[V]:
    out = []
    for inner in iterate(e.targets, evaluate(e.iterable, ctx), ctx):
        if e.where is not None and truth(scalar(evaluate(e.where, inner).value)) is not True:
            continue
        out.append(evaluate(e.expr, inner))
    return out


def _gencall(e: ast.GenCall, ctx: Ctx) -> V:
    return aggregate(e.func, _items(e, ctx))


def _call(e: ast.Call, ctx: Ctx) -> V:
    from checker.engine.functions import call

    return call(e.func, [evaluate(a, ctx) for a in e.args], ctx)


def aggregate(func: str, items: list[V]) -> V:
    from checker.engine.functions import aggregate as agg

    return agg(func, items)


_EVAL: dict[type, Callable[[Any, Ctx], V]] = {
    ast.Const: _const, ast.Var: _var, ast.Builtin: _builtin, ast.TableConst: _tableconst, ast.Label: _label,
    ast.Sym: _sym, ast.Regex: _regex, ast.ListExpr: _listexpr, ast.CellAt: _cellat, ast.Index: _index,
    ast.Attr: _attr, ast.Unary: _unary, ast.Binary: _binary, ast.Compare: _compare, ast.Test: _test,
    ast.IfExpr: _ifexpr, ast.GenCall: _gencall, ast.Call: _call,
}
