"""Compiled aggregates: ``sum count any all min max first`` over a list or a generator, values only.

Each mirrors ``functions.aggregate`` on the items' values (``min``/``max`` give the item
itself, as there). ``sum(表三[r, col] for r in 表三.outcomes)`` — a generator whose
expression is one cell indexed by its loop variable over a fixed list of rows or columns —
is the hottest shape of the shipped rules; its cell keys are worked out once, at compile time.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from checker.engine.compile_cells import cell_filter, count_where, where_truth
from checker.engine.fastrun import sc, truth_of
from checker.engine.interpret import _resolve_axis
from checker.engine.values import AxisRef
from checker.language import ast as ast
from checker.model import Cell, CellState

if TYPE_CHECKING:
    from checker.engine.compile_expr import Compiler, Fn

Agg = Callable[[list], Any]
_NUMBER = CellState.NUMBER


def _count(xs: list) -> Any:
    return Decimal(len(xs))


def _first(xs: list) -> Any:
    return xs[0] if xs else None


def _sum(xs: list) -> Any:
    total = Decimal(0)
    try:
        for x in xs:
            s = sc(x)
            if s is None:
                return None
            total = total + s
    except TypeError:
        return None
    return total


def _any_all(want: bool) -> Agg:
    def agg(xs: list) -> Any:
        truths = [truth_of(x) for x in xs]
        if want in truths:
            return want
        return None if None in truths else not want

    return agg


def _min_max(func: str) -> Agg:
    def agg(xs: list) -> Any:
        values = [sc(x) for x in xs]
        if not values or any(v is None for v in values):
            return None
        try:
            pick = min(values) if func == "min" else max(values)
        except TypeError:
            return None
        return xs[values.index(pick)]

    return agg


def aggregate_fn(func: str) -> Agg:
    if func == "count":
        return _count
    if func == "first":
        return _first
    if func == "sum":
        return _sum
    if func in ("any", "all"):
        return _any_all(func == "any")
    return _min_max(func)


def compile_gencall(c: Compiler, e: ast.GenCall, scope: dict[str, int]) -> Fn:
    """``f(EXPR for X in LIST where COND)``: bind each item, filter, collect, aggregate."""
    fast = _cell_generator(c, e, scope)
    if fast is not None:
        return fast
    generic = _gencall(c, e, scope)
    return _by_projection(c, e, scope, generic) or generic


def _gencall(c: Compiler, e: ast.GenCall, scope: dict[str, int]) -> Fn:
    inner = dict(scope)
    slots = [c.new_slot() for _ in e.targets]
    inner.update(zip(e.targets, slots, strict=True))
    item_slot, index_slot = slots[-1], (slots[0] if len(slots) == 2 else None)
    by_state = cell_filter(e.iterable, e.targets, e.where)
    if by_state is not None:
        states, rest = by_state
        if rest is None and e.func == "count":
            return lambda f: Decimal(len(f[0].cells_in(states)))
        iterable: Fn = lambda f: f[0].cells_in(states)  # noqa: E731
    else:
        iterable, rest = c.expr(e.iterable, scope), e.where
    where = c.opt(rest, inner)
    if where is not None and by_state is not None and rest is not None:
        counted = count_where(iterable, where, rest, e.targets[0], item_slot) if e.func == "count" else None
        if counted is not None:
            return counted
        where = where_truth(where, rest, e.targets[0], item_slot)
    expr = None if e.func == "count" else c.expr(e.expr, inner)
    agg = aggregate_fn(e.func)

    if index_slot is None and where is None and expr is not None:
        return _plain_gencall(iterable, item_slot, expr, agg)

    def gencall(f: list) -> Any:
        items = iterable(f)
        out: list = []
        if isinstance(items, (tuple, list)):
            for i, item in enumerate(items):
                f[item_slot] = item
                if index_slot is not None:
                    f[index_slot] = Decimal(i)
                if where is not None and truth_of(where(f)) is not True:
                    continue
                out.append(expr(f) if expr is not None else None)
        return agg(out)

    return gencall


def _plain_gencall(iterable: Fn, item_slot: int, expr: Fn, agg: Agg) -> Fn:
    """``f(EXPR for X in LIST)`` without an index or a ``where``."""

    def gencall(f: list) -> Any:
        items = iterable(f)
        out: list = []
        if isinstance(items, (tuple, list)):
            for item in items:
                f[item_slot] = item
                out.append(expr(f))
        return agg(out)

    return gencall


def _cell_generator(c: Compiler, e: ast.GenCall, scope: dict[str, int]) -> Fn | None:
    """``agg(T[X, other] for X in FIXED)`` (or ``T[other, X]``): the keys of the cells, once."""
    from checker.engine.compile_expr import _NO, _axis

    cell = e.expr
    if e.where is not None or len(e.targets) != 1 or not isinstance(cell, ast.CellAt):
        return None
    items = c.const(e.iterable)
    if items is _NO or not isinstance(items, tuple) or not all(isinstance(i, AxisRef) for i in items):
        return None
    target = e.targets[0]
    by_row = _is_var(cell.row, target)
    if by_row == _is_var(cell.col, target) or _mentions(cell.col if by_row else cell.row, target):
        return None
    lay = c.layout.table(cell.table)
    axis = "row" if by_row else "col"
    ids = tuple(_resolve_axis(lay, axis, i) for i in items)
    other = _axis(c, cell.col if by_row else cell.row, scope, cell.table, "col" if by_row else "row")
    if e.func == "sum":
        return _sum_of_cells(cell.table, ids, other, by_row)
    return _cells_of(cell.table, ids, other, by_row, aggregate_fn(e.func))


def _sum_of_cells(tid: str, ids: tuple, other: Any, by_row: bool) -> Fn:
    """``sum(T[X, other] for X in FIXED)`` added up in one pass, without a list or ``sc`` per cell.

    The per-row and per-column totals of 表三 run it ~25 times a report. Same value as
    ``_sum`` over the cells: None as soon as one cell is absent or not a number.
    """
    keys_of: dict[str, tuple] = {}  # bounded by the layout's row and column ids

    def keys(k: str) -> tuple:
        hit = keys_of.get(k)
        if hit is None:
            hit = keys_of[k] = tuple(((i, k) if by_row else (k, i)) if i else None for i in ids)
        return hit

    def total(f: list) -> Any:
        k = other if isinstance(other, str) else other(f)
        table = f[0].ctx.report.tables.get(tid)
        if table is None or not k or type(k) is not str:
            return _sum([None] * len(ids))
        get = table.cells.get
        result = Decimal(0)
        for key in keys(k):
            cell = get(key) if key is not None else None
            if type(cell) is not Cell or cell.state is not _NUMBER:
                return _sum([cell])
            result = result + cell.value
        return result

    return total


def _cells_of(tid: str, ids: tuple, other: Any, by_row: bool, agg: Agg) -> Fn:
    nothing = [None] * len(ids)

    def cells(f: list) -> Any:
        k = other if isinstance(other, str) else other(f)
        table = f[0].ctx.report.tables.get(tid)
        if table is None or not k:
            return agg(nothing)
        get = table.cells.get
        if by_row:
            return agg([get((i, k)) if i else None for i in ids])
        return agg([get((k, i)) if i else None for i in ids])

    return cells


def _is_var(e: ast.Expr, name: str) -> bool:
    return isinstance(e, ast.Var) and e.name == name


def _mentions(e: Any, name: str) -> bool:
    """Whether an expression reads the variable ``name`` anywhere."""
    if isinstance(e, ast.Var):
        return e.name == name
    if isinstance(e, tuple):
        return any(_mentions(x, name) for x in e)
    fields = getattr(e, "__dataclass_fields__", None)
    return bool(fields) and any(_mentions(getattr(e, k), name) for k in fields if k != "pos")


def _by_projection(c: Compiler, e: ast.GenCall, scope: dict[str, int], generic: Fn) -> Fn | None:
    """``any(X.a == E for X in FACT)`` and ``count(X for X in FACT where X.a == E)``, E free of X.

    The section rules ask this of every section or heading against every other: the ``X.a`` of
    a report fact are worked out once per report, then looked up. Only when they and E are all
    strings or all numbers (each comparison then a plain ``==``); else ``generic`` decides.
    """
    test = e.expr if e.func == "any" else e.where
    if (e.func not in ("any", "count") or (e.func == "any") != (e.where is None) or len(e.targets) != 1
            or not isinstance(e.iterable, ast.Builtin) or e.iterable.name == "cells"
            or not isinstance(test, ast.Compare) or test.op != "==" or test.tolerance is not None):
        return None
    target = e.targets[0]
    sides = [(m, o) for m, o in ((test.left, test.right), (test.right, test.left))
             if isinstance(m, ast.Attr) and _is_var(m.obj, target) and not _mentions(o, target)]
    if not sides:
        return None
    mine, other = sides[0]
    slot = c.new_slot()
    item = c.expr(mine, {**scope, target: slot})
    return _projected(c.expr(e.iterable, scope), slot, item, c.expr(other, scope), e.func == "count", generic)


def _projected(iterable: Fn, slot: int, item: Fn, other: Fn, count: bool, generic: Fn) -> Fn:
    site = object()  # this generator's key in the report's memo

    def projected(f: list) -> Any:
        items = iterable(f)
        if type(items) is not tuple:
            return generic(f)
        memo = f[0].memo
        hit = memo.get(site)
        if hit is None or hit[0] is not items:
            hit = memo[site] = (items, *_values(items, slot, item, f))
        values, kind = hit[1], hit[2]
        y = sc(other(f))
        if kind is None or type(y) is not kind or y != y:
            return generic(f)
        return Decimal(values.count(y)) if count else y in values

    return projected


def _values(items: tuple, slot: int, item: Fn, f: list) -> tuple[list, type | None]:
    """Each item's value, and their one type when it is ``str`` or ``Decimal`` (no NaN), else None."""
    values = []
    for x in items:
        f[slot] = x
        values.append(sc(item(f)))
    kinds = set(map(type, values))
    kind = kinds.pop() if len(kinds) == 1 else None
    if kind not in (str, Decimal) or any(v != v for v in values):
        kind = None
    return values, kind
