"""Compile rule-language expressions into Python closures that compute values only.

The interpreter (``checker.engine.interpret``) dispatches on node types and wraps every
result in a ``V`` with its origin, for every node, on every report. A compiled expression
is a closure ``fn(frame) -> value`` built once per rule: ``frame[0]`` is the ``Run`` of the
report, ``frame[i]`` the value bound to slot ``i`` (names are resolved to slots at compile
time). It carries no origins: a check that fails is re-evaluated by the interpreter, which
gives the location — failures are rare, passes are the hot path. Results are the ``.value``
of what the interpreter gives, exactly; constructs this compiler does not know raise
``Unsupported`` and the rule runs on the interpreter instead.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from operator import itemgetter
from typing import Any

from checker.engine import textmatch
from checker.engine.compile_attr import attribute_fn
from checker.engine.compile_tests import (
    against_text,
    matches_const,
    member,
    member_of_const,
    negate,
    predicate,
)
from checker.engine.fastrun import sc, truth_of
from checker.engine.functions import call
from checker.engine.interpret import _resolve_axis, _text_test, arith, compare
from checker.engine.values import AxisRef, TableVal, V, _table_attr, axis_ref, known
from checker.language import ast as ast
from checker.model import Cell, CellState
from checker.read.layouts import Layout

Fn = Callable[[list], Any]

# Functions whose value depends only on their arguments' values (never on their origins).
SIMPLE_FUNCTIONS = frozenset({"len", "abs", "date", "year", "section", "search", "line", "numeral"})
AGGREGATES = frozenset({"sum", "count", "any", "all", "min", "max", "first"})
_STATES = {"blank": CellState.BLANK, "placeholder": CellState.PLACEHOLDER,
           "number": CellState.NUMBER, "text": CellState.TEXT}
_NUMBER = CellState.NUMBER
_NO = object()


class Unsupported(Exception):
    """An expression the compiler does not handle: its rule stays on the interpreter."""


@dataclass
class Compiler:
    """Compile-time state of one rule: the layout, the slot count and the slots each expression reads."""

    layout: Layout
    nslots: int = 1
    uses: set[int] = field(default_factory=set)

    def new_slot(self) -> int:
        self.nslots += 1
        return self.nslots - 1

    def expr(self, e: ast.Expr, scope: dict[str, int]) -> Fn:
        value = self.const(e)
        if value is not _NO:
            return lambda f: value
        build = _BUILD.get(type(e))
        if build is None:
            raise Unsupported(type(e).__name__)
        return build(self, e, scope)

    def opt(self, e: ast.Expr | None, scope: dict[str, int]) -> Fn | None:
        return None if e is None else self.expr(e, scope)

    def const(self, e: ast.Expr) -> Any:
        """The value of an expression that depends on the layout only, else ``_NO``."""
        if isinstance(e, ast.Const):
            return e.value
        if isinstance(e, ast.Label):
            return e.text
        if isinstance(e, ast.Regex):
            return textmatch.Pattern(e.pattern)
        if isinstance(e, ast.Sym):
            return axis_ref(self.layout.table(e.table), e.axis, e.id)
        if isinstance(e, ast.ListExpr):
            items = [self.const(i) for i in e.items]
            return _NO if any(i is _NO for i in items) else tuple(items)
        if isinstance(e, ast.Attr) and isinstance(e.obj, ast.TableConst):
            if e.name in ("cells", "present", "line", "column", "numeral"):
                return _NO
            return _table_attr(TableVal(self.layout.table(e.obj.table), None), e.name)
        return _NO


# ---------------------------------------------------------------- leaves


def _var(c: Compiler, e: ast.Var, scope: dict[str, int]) -> Fn:
    slot = scope.get(e.name)
    if slot is None:
        return lambda f: None
    c.uses.add(slot)
    return itemgetter(slot)


def _builtin(c: Compiler, e: ast.Builtin, scope: dict[str, int]) -> Fn:
    name = e.name
    if name == "cells":
        return lambda f: f[0].cells()
    return lambda f: f[0].fact(name)


def _tableconst(c: Compiler, e: ast.TableConst, scope: dict[str, int]) -> Fn:
    tid = e.table
    return lambda f: f[0].table_val(tid)


def _listexpr(c: Compiler, e: ast.ListExpr, scope: dict[str, int]) -> Fn:
    items = [c.expr(i, scope) for i in e.items]
    return lambda f: tuple(i(f) for i in items)


# ---------------------------------------------------------------- cells, indexes, attributes


def _axis(c: Compiler, e: ast.Expr, scope: dict[str, int], table: str, axis: str) -> Fn | str:
    """A row or column id known at compile time, or a closure resolving it at run time."""
    lay = c.layout.table(table)
    value = c.const(e)
    if value is not _NO:
        return _resolve_axis(lay, axis, value) or ""
    get = c.expr(e, scope)

    def resolve(f: list) -> str | None:
        v = get(f)
        if type(v) is AxisRef and v.table == table and v.axis == axis:
            return v.id
        return _resolve_axis(lay, axis, v)

    return resolve


def _cellat(c: Compiler, e: ast.CellAt, scope: dict[str, int]) -> Fn:
    tid = e.table
    row, col = _axis(c, e.row, scope, tid, "row"), _axis(c, e.col, scope, tid, "col")
    if isinstance(row, str) and isinstance(col, str):
        key = (row, col)
        if not row or not col:
            return lambda f: None
        return lambda f: (t.cells.get(key) if (t := f[0].ctx.report.tables.get(tid)) is not None else None)

    if isinstance(col, str) and col:
        return _cell_in_column(tid, row, col)

    def cellat(f: list) -> Any:
        r = row if isinstance(row, str) else row(f)
        k = col if isinstance(col, str) else col(f)
        table = f[0].ctx.report.tables.get(tid)
        return table.cells.get((r, k)) if table is not None and r and k else None

    return cellat


def _cell_in_column(tid: str, row: Fn, col: str) -> Fn:
    """``表三[row, 总计]``: the row from a variable, the column known at compile time."""

    def cellat(f: list) -> Any:
        r = row(f)
        table = f[0].ctx.report.tables.get(tid)
        return table.cells.get((r, col)) if table is not None and r else None

    return cellat


def _index(c: Compiler, e: ast.Index, scope: dict[str, int]) -> Fn:
    obj = c.expr(e.obj, scope)
    args = [c.expr(a, scope) for a in e.args]

    def index(f: list) -> Any:
        seq = obj(f)
        idx = sc(args[0](f)) if args else None
        if not isinstance(seq, (tuple, list)) or not isinstance(idx, Decimal) or len(args) != 1:
            return None
        i = int(idx)
        return seq[i] if 0 <= i < len(seq) and i == idx else None

    return index


def _cell_attr(name: str) -> Callable[[Cell, Any], Any]:
    """``values._cell_attr`` for one attribute name, with rows, columns and tables from the run's memo."""
    if name in ("row", "col"):
        return lambda cell, run: run.axis(cell.table, name, cell.row if name == "row" else cell.col)
    if name == "table":
        return lambda cell, run: run.table_val(cell.table)
    if name == "state":
        return lambda cell, run: cell.state.value
    if name == "value":
        return lambda cell, run: cell.value if cell.state is _NUMBER else None
    if name in ("raw", "text"):
        return lambda cell, run: cell.raw
    return lambda cell, run: None


def _table_attr_fn(name: str) -> Callable[[TableVal, Any], Any]:
    if name == "cells":
        return lambda t, run: run.table_cells(t)
    if name == "present":
        return lambda t, run: t.table is not None
    return lambda t, run: run.layout_attr(t, name)


def _attr(c: Compiler, e: ast.Attr, scope: dict[str, int]) -> Fn:
    obj, name = c.expr(e.obj, scope), e.name
    other = attribute_fn(name)
    slot = _slot_of(c, e.obj, scope)
    if name in ("line", "column", "numeral"):
        if slot is not None:
            return lambda f: None if (o := f[slot]) is None else other(o, f[0].ctx)
        return lambda f: None if (o := obj(f)) is None else other(o, f[0].ctx)
    of_cell, of_table = _cell_attr(name), _table_attr_fn(name)
    if slot is not None and name == "value":
        return lambda f: (o.value if o.state is _NUMBER else None) if type(o := f[slot]) is Cell else attr(f)

    def attr(f: list) -> Any:
        o = f[slot] if slot is not None else obj(f)
        t = type(o)
        if t is Cell:
            return of_cell(o, f[0])
        if o is None:
            return None
        if t is TableVal:
            return of_table(o, f[0])
        return other(o, f[0].ctx)

    return attr


# ---------------------------------------------------------------- operators


def _slot_of(c: Compiler, e: ast.Expr, scope: dict[str, int]) -> int | None:
    """The frame slot of a bound variable (already counted as used by compiling it), else None."""
    return scope.get(e.name) if isinstance(e, ast.Var) else None


def _unary(c: Compiler, e: ast.Unary, scope: dict[str, int]) -> Fn:
    operand = c.expr(e.operand, scope)
    if e.op == "not":
        return lambda f: None if (x := truth_of(operand(f))) is None else not x
    return lambda f: -x if isinstance(x := sc(operand(f)), Decimal) else None


def _binary(c: Compiler, e: ast.Binary, scope: dict[str, int]) -> Fn:
    a, b, op = c.expr(e.left, scope), c.expr(e.right, scope), e.op
    if op == "and":
        return _and(a, b)
    if op == "or":
        return _or(a, b)
    if op == "??":
        return lambda f: x if known(x := a(f)) else b(f)

    def arithmetic(f: list) -> Any:
        x, y = sc(a(f)), sc(b(f))
        if type(x) is Decimal and type(y) is Decimal and op != "/":
            try:
                return x + y if op == "+" else (x - y if op == "-" else x * y)
            except ArithmeticError:
                return None
        return arith(op, x, y)

    return arithmetic


def _and(a: Fn, b: Fn) -> Fn:
    def conjunction(f: list) -> bool | None:
        x = truth_of(a(f))
        if x is False:
            return False
        y = truth_of(b(f))
        return False if y is False else (None if x is None or y is None else True)

    return conjunction


def _or(a: Fn, b: Fn) -> Fn:
    def disjunction(f: list) -> bool | None:
        x = truth_of(a(f))
        if x is True:
            return True
        y = truth_of(b(f))
        return True if y is True else (None if x is None or y is None else False)

    return disjunction


def _compare(c: Compiler, e: ast.Compare, scope: dict[str, int]) -> Fn:
    a, b, op = c.expr(e.left, scope), c.expr(e.right, scope), e.op
    if e.tolerance is not None:
        tol = c.expr(e.tolerance, scope)

        def within(f: list) -> bool | None:
            x, y, t = sc(a(f)), sc(b(f)), sc(tol(f))
            return None if t is None else compare(op, x, y, t)

        return within
    fast = {"==": lambda x, y: x == y, "!=": lambda x, y: x != y, "<": lambda x, y: x < y,
            "<=": lambda x, y: x <= y, ">": lambda x, y: x > y, ">=": lambda x, y: x >= y}[op]

    right = c.const(e.right)
    if type(right) is Decimal:

        def against(f: list) -> bool | None:
            x = a(f)
            if type(x) is Cell:
                x = x.value if x.state is _NUMBER else None
            elif type(x) is not Decimal:
                x = sc(x)
            if type(x) is Decimal:
                return fast(x, right)
            return compare(op, x, right)

        return against

    if type(right) is str and op in ("==", "!="):
        return against_text(a, right, op)

    def comparison(f: list) -> bool | None:
        x, y = a(f), b(f)
        t = type(x)
        if t is not Decimal:
            x = sc(x)
            t = type(x)
        if type(y) is not Decimal:
            y = sc(y)
        if t is type(y) and (t is Decimal or t is str):
            return fast(x, y)
        return compare(op, x, y)

    return comparison


def _test(c: Compiler, e: ast.Test, scope: dict[str, int]) -> Fn:
    a, negated = c.expr(e.left, scope), e.negated
    if e.kind == "is":
        pred, state, slot = predicate(e.name), _STATES.get(e.name), _slot_of(c, e.left, scope)
        if slot is not None and state is not None and not negated:
            return lambda f: x.state is state if type(x := f[slot]) is Cell else pred(x)
        return (lambda f: not pred(a(f))) if negated else (lambda f: pred(a(f)))
    b, kind = c.opt(e.right, scope), e.kind
    if kind == "in":
        seq = c.const(e.right) if e.right is not None else _NO
        if type(seq) is tuple:
            return member_of_const(a, seq, negated)
        return lambda f: negate(member(a(f), b(f) if b else None), negated)
    pattern = c.const(e.right) if e.right is not None else _NO
    if kind == "matches" and type(pattern) is textmatch.Pattern:
        return matches_const(a, pattern.source, negated)
    return lambda f: negate(_text_test(kind, a(f), b(f) if b else None), negated)


def _ifexpr(c: Compiler, e: ast.IfExpr, scope: dict[str, int]) -> Fn:
    cond, then, orelse = c.expr(e.cond, scope), c.expr(e.then, scope), c.expr(e.orelse, scope)

    def ifexpr(f: list) -> Any:
        x = truth_of(cond(f))
        return None if x is None else (then(f) if x else orelse(f))

    return ifexpr


def _call(c: Compiler, e: ast.Call, scope: dict[str, int]) -> Fn:
    from checker.engine.compile_agg import aggregate_fn

    args = [c.expr(a, scope) for a in e.args]
    func = e.func
    if func in AGGREGATES:
        agg = aggregate_fn(func)
        if len(args) == 1:
            only = args[0]
            return lambda f: agg(list(x)) if isinstance(x := only(f), (tuple, list)) else None
        return lambda f: agg([a(f) for a in args])
    if func not in SIMPLE_FUNCTIONS:
        raise Unsupported(func)
    return lambda f: call(func, [V(a(f)) for a in args], f[0].ctx).value


def _gencall(c: Compiler, e: ast.GenCall, scope: dict[str, int]) -> Fn:
    from checker.engine.compile_agg import compile_gencall

    return compile_gencall(c, e, scope)


_BUILD: dict[type, Callable[[Compiler, Any, dict[str, int]], Fn]] = {
    ast.Var: _var, ast.Builtin: _builtin, ast.TableConst: _tableconst, ast.ListExpr: _listexpr,
    ast.CellAt: _cellat, ast.Index: _index, ast.Attr: _attr, ast.Unary: _unary, ast.Binary: _binary,
    ast.Compare: _compare, ast.Test: _test, ast.IfExpr: _ifexpr, ast.Call: _call, ast.GenCall: _gencall,
}
