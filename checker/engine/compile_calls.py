"""Function calls and generators ``f(E for X in L where C)``, compiled from ``checker.language.meanings``.

An aggregate gets the list of its items' values; ``first``/``min``/``max`` give the index of
the item picked (the result is that item, at its place). Two shapes are optimised, both the
same work done with less bookkeeping: a generator over the report's ``cells`` whose ``where``
starts with state tests walks the index of cells by state (``Run.cells_in``), and
``agg(T[X, K] for X in FIXED)`` finds its cells by keys worked out once per layout.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from checker.engine import reasons
from checker.engine.nodes import Binding, Compiles, Node, Scope, axis_of, first_unknown, reason, resolve_axis
from checker.engine.values import Origin, first_origin, origin_of
from checker.language import ast as ast
from checker.language.meanings import FUNCTIONS, PICKS, Meaning
from checker.language.values import AxisRef, scalar, truth
from checker.model import CellState, Location

_STATES = {"blank": CellState.BLANK, "placeholder": CellState.PLACEHOLDER, "number": CellState.NUMBER,
           "text": CellState.TEXT, "ambiguous": CellState.AMBIGUOUS}


# ---------------------------------------------------------------- aggregating


def _aggregate(meaning: Meaning) -> tuple[Callable[[list], Any], Callable[[list, list], Any]]:
    """(value of the items, origin given the items and their origins) for an aggregate."""
    impl, policy = meaning.impl, meaning.origin
    if meaning.name not in PICKS:
        return impl, lambda items, origins: first_origin(*origins)

    def pick(items: list) -> Any:
        i = impl(items)
        return None if i is None else items[i]

    def origin(items: list, origins: list) -> Any:
        i = impl(items)
        if i is not None:
            return origins[i]
        return first_origin(*origins) if policy == "pick-or-items" else None

    return pick, origin


def call(c: Compiles, e: ast.Call, scope: Scope) -> Node:
    meaning = FUNCTIONS[e.func]
    args = [c.expr(a, scope) for a in e.args]
    if meaning.takes == "items":
        return _aggregate_call(meaning, args) if len(args) == 1 else _aggregate_args(meaning, args)
    impl, policy = meaning.impl, meaning.origin
    getters = [(_scalar(a.value) if meaning.takes == "scalar" else a.value) for a in args]
    if meaning.takes.startswith("ctx"):
        def value(f: list) -> Any:
            return impl(f[0], *[g(f) for g in getters])
    else:
        def value(f: list) -> Any:
            return impl(*[g(f) for g in getters])

    def origin(f: list) -> Any:
        result = value(f)
        if policy == "result":
            return origin_of(result)
        if result is None or policy == "none":
            return None
        if policy == "line":
            return _line_origin(result)
        return args[0].origin(f) if policy == "arg" else first_origin(*(a.origin(f) for a in args))

    def why(f: list) -> Any:
        if e.func == "section" and isinstance(key := args[0].value(f), str) and value(f) is None:
            return reasons.missing_section(f[0].layout, key)
        return first_unknown(args, f)

    return Node(value, origin, why)


def _line_origin(n: Decimal) -> Any:
    return Origin(Location.point(int(n), 1))


def _scalar(get: Callable[[list], Any]) -> Callable[[list], Any]:
    return lambda f: scalar(get(f))


def _aggregate_call(meaning: Meaning, args: list[Node]) -> Node:
    """``sum(L)``: the items of a list (unknown when L is not one)."""
    agg, agg_origin = _aggregate(meaning)
    get = args[0].value

    def value(f: list) -> Any:
        x = get(f)
        return agg(list(x)) if isinstance(x, (tuple, list)) else None

    def origin(f: list) -> Any:
        x = get(f)
        if not isinstance(x, (tuple, list)):
            return None
        return agg_origin(list(x), [origin_of(i) for i in x])

    def why(f: list) -> Any:
        x = get(f)
        if not isinstance(x, (tuple, list)):
            return reason(args[0], f)
        return next((r for i in x if scalar(i) is None and (r := reasons.of_value(i, f[0].layout))), None)

    return Node(value, origin, why, meaning.name in ("any", "all"))


def _aggregate_args(meaning: Meaning, args: list[Node]) -> Node:
    """``min(a, b, c)``: the arguments are the items."""
    agg, agg_origin = _aggregate(meaning)
    getters = [a.value for a in args]

    def value(f: list) -> Any:
        return agg([g(f) for g in getters])

    def origin(f: list) -> Any:
        return agg_origin([g(f) for g in getters], [a.origin(f) for a in args])

    return Node(value, origin, lambda f: first_unknown(args, f))


# ---------------------------------------------------------------- generators


def gencall(c: Compiles, e: ast.GenCall, scope: Scope) -> Node:
    meaning = FUNCTIONS[e.func]
    fast = _cells_by_keys(c, e, scope, meaning) if c.optimise else None
    if fast is not None:
        return fast
    agg, agg_origin = _aggregate(meaning)
    inner = dict(scope)
    slots = [c.new_slot() for _ in e.targets]
    item_slot, index_slot = slots[-1], (slots[0] if len(slots) == 2 else None)
    inner[e.targets[-1]] = Binding("item", item_slot)
    if index_slot is not None:
        inner[e.targets[0]] = Binding("index", index_slot)
    states, rest = cell_states(c, e.iterable, e.targets, e.where)
    iterable = c.expr(e.iterable, scope).value
    where = None if rest is None else _truth(c.expr(rest, inner))
    expr = c.expr(e.expr, inner)
    get = expr.value

    def kept(f: list):
        """Bind each item in turn; yield for those the ``where`` keeps."""
        run = f[0]
        items = iterable(f)
        if not isinstance(items, (tuple, list)):
            return
        run.charge(len(items))
        if states is not None:
            items = run.cells_in(states)
        for i, item in enumerate(items):
            f[item_slot] = item
            if index_slot is not None:
                f[index_slot] = Decimal(i)
            if where is None or where(f) is True:
                yield

    def value(f: list) -> Any:
        return agg([get(f) for _ in kept(f)])

    def origin(f: list) -> Any:
        values, origins = [], []
        for _ in kept(f):
            values.append(get(f))
            origins.append(expr.origin(f))
        return agg_origin(values, origins)

    def why(f: list) -> Any:
        return next((reason(expr, f) for _ in kept(f) if scalar(get(f)) is None), None)

    return Node(value, origin, why, e.func in ("any", "all"))


def _truth(node: Node) -> Callable[[list], Any]:
    get = node.value
    return get if node.truthy else (lambda f: truth(get(f)))


def cell_states(c: Compiles, iterable: ast.Expr, targets: tuple[str, ...],
                where: ast.Expr | None) -> tuple[frozenset[CellState] | None, ast.Expr | None]:
    """For ``X in cells where X is S [or X is S2 …] [and REST]`` (optimised, no index): the states
    and REST, since those cells are exactly the ones the state tests keep; else (None, where)."""
    if not (c.optimise and isinstance(iterable, ast.Builtin) and iterable.name == "cells" and len(targets) == 1
            and where is not None):
        return None, where
    states = _state_tests(where, targets[0])
    if states is not None:
        return states, None
    if isinstance(where, ast.Binary) and where.op == "and":
        states = _state_tests(where.left, targets[0])
        if states is not None:
            return states, where.right
    return None, where


def _state_tests(e: ast.Expr, target: str) -> frozenset[CellState] | None:
    if isinstance(e, ast.Binary) and e.op == "or":
        left, right = _state_tests(e.left, target), _state_tests(e.right, target)
        return None if left is None or right is None else left | right
    if (isinstance(e, ast.Test) and e.kind == "is" and not e.negated and e.name in _STATES
            and isinstance(e.left, ast.Var) and e.left.name == target):
        return frozenset({_STATES[e.name]})
    return None


def _cells_by_keys(c: Compiles, e: ast.GenCall, scope: Scope, meaning: Meaning) -> Node | None:
    """``agg(T[X, K] for X in FIXED)`` (or ``T[K, X]``), FIXED rows or columns of the layout, K free of X:
    the cells' keys for each K are worked out once (the same cells, found without binding X)."""
    cell, target = e.expr, e.targets[0]
    if e.where is not None or len(e.targets) != 1 or not isinstance(cell, ast.CellAt):
        return None
    fixed = c.expr(e.iterable, scope).const
    if not isinstance(fixed, tuple) or not all(isinstance(i, AxisRef) for i in fixed):
        return None
    by_row = isinstance(cell.row, ast.Var) and cell.row.name == target
    other = cell.col if by_row else cell.row
    if by_row == (isinstance(cell.col, ast.Var) and cell.col.name == target) or _mentions(other, target):
        return None
    return _keyed(c, e, scope, meaning, fixed, by_row, other)


def _keyed(c: Compiles, e: ast.GenCall, scope: Scope, meaning: Meaning, fixed: tuple, by_row: bool,
           other: ast.Expr) -> Node:
    agg, agg_origin = _aggregate(meaning)
    tid = e.expr.table
    lay = c.layout.table(tid)
    ids = tuple(resolve_axis(lay, "row" if by_row else "col", i) for i in fixed)
    key_of = axis_of(c, other, scope, lay, "col" if by_row else "row")
    keys_of: dict[Any, tuple] = {}  # at most one entry per row or column id of the layout

    def keys(k: Any) -> tuple:
        hit = keys_of.get(k)
        if hit is None:
            hit = keys_of[k] = tuple((((i, k) if by_row else (k, i)) if i and k else None) for i in ids)
        return hit

    def cells(f: list) -> list:
        run = f[0]
        run.charge(len(ids))
        table = run.tables.get(tid)
        if table is None:
            return [None] * len(ids)
        get = table.cells.get
        return [None if key is None else get(key) for key in keys(key_of(f))]

    def value(f: list) -> Any:
        return agg(cells(f))

    def origin(f: list) -> Any:
        items = cells(f)
        return agg_origin(items, [origin_of(x) for x in items])

    def why(f: list) -> Any:
        run = f[0]
        for item_id, cell in zip(ids, cells(f), strict=True):
            if scalar(cell) is None:
                if cell is not None:
                    return reasons.of_value(cell, run.layout)
                k = key_of(f)
                row, col = (item_id, k) if by_row else (k, item_id)
                return reasons.missing_cell(run.layout, run.tables, tid, row, col)
        return None

    return Node(value, origin, why, e.func in ("any", "all"))


def _mentions(e: Any, name: str) -> bool:
    if isinstance(e, ast.Var):
        return e.name == name
    if isinstance(e, tuple):
        return any(_mentions(x, name) for x in e)
    fields = getattr(e, "__dataclass_fields__", None)
    return bool(fields) and any(_mentions(getattr(e, k), name) for k in fields if k != "pos")
