"""Loops over lists, for generators and ``for``: binding the items, and the optimised shapes.

Every loop charges the budget one step per item of its list, filtered or not, before it
walks it. Optimised, and the same work with less bookkeeping:

* ``X in cells where X is S [or X is S2 …] [and REST]`` walks the index of cells by state
  (``Run.cells_in``): those are exactly the cells the state tests keep, in the same order;
* a generator whose expression is its own item collects the items as they are;
* ``agg(T[X, K] for X in FIXED)`` (FIXED rows or columns of the layout, K free of X) finds its
  cells by keys worked out once per layout, and ``sum`` of them adds numbers in one pass,
  in the order and with the arithmetic of ``meanings``' ``sum`` (anything but numbers is
  handed to it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

from checker.engine import reasons
from checker.engine.nodes import Binding, Compiles, Fn, Node, Scope, resolve_axis, truth_of
from checker.engine.values import first_origin, origin_of
from checker.language import ast as ast
from checker.language.meanings import FUNCTIONS, PICKS, Meaning
from checker.language.values import AxisRef, scalar
from checker.model import Cell, CellState

_STATES = {"blank": CellState.BLANK, "placeholder": CellState.PLACEHOLDER, "number": CellState.NUMBER,
           "text": CellState.TEXT, "ambiguous": CellState.AMBIGUOUS}
_NUMBER = CellState.NUMBER
_LISTS = (tuple, list)


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


def aggregate(meaning: Meaning) -> tuple[Callable[[list], Any], Callable[[list, list], Any]]:
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


class Generator:
    """A generator's parts, compiled: its list, the state index it may walk, its ``where`` and slots."""

    __slots__ = ("expr", "index_slot", "item_slot", "items", "states", "where")

    def __init__(self, c: Compiles, e: ast.GenCall, scope: Scope) -> None:
        inner = dict(scope)
        slots = [c.new_slot() for _ in e.targets]
        self.item_slot, self.index_slot = slots[-1], (slots[0] if len(slots) == 2 else None)
        inner[e.targets[-1]] = Binding("item", self.item_slot)
        if self.index_slot is not None:
            inner[e.targets[0]] = Binding("index", self.index_slot)
        self.states, rest = cell_states(c, e.iterable, e.targets, e.where)
        self.items = c.expr(e.iterable, scope)
        self.where = None if rest is None else truth_of(c, c.expr(rest, inner))
        self.expr = c.expr(e.expr, inner)


def items_of(items: Fn, states: frozenset[CellState] | None) -> Callable[[list], Any]:
    """The list a loop walks (after charging for it), or None when ``items`` gives no list."""

    def walk(f: list) -> Any:
        x = items(f)
        if not isinstance(x, _LISTS):
            return None
        run = f[0]
        run.charge(len(x))
        return x if states is None else run.cells_in(states)

    return walk


def binder(items: Fn, states: frozenset[CellState] | None, where: Fn | None, item_slot: int,
           index_slot: int | None) -> Callable[[list], Iterator[None]]:
    """A generator's loop: bind each item (and its index) the ``where`` keeps, in its slot, and yield."""
    walk = items_of(items, states)

    def kept(f: list) -> Iterator[None]:
        xs = walk(f)
        if xs is None:
            return
        for i, x in enumerate(xs):
            f[item_slot] = x
            if index_slot is not None:
                f[index_slot] = Decimal(i)
            if where is None or where(f) is True:
                yield

    return kept


def collect(c: Compiles, g: Generator, agg: Callable[[list], Any], func: str) -> Fn | None:
    """The value of a generator without an index: its kept items' values, aggregated."""
    if g.index_slot is not None:
        return None
    walk, where, slot, get = items_of(g.items.value, g.states), g.where, g.item_slot, g.expr.value
    if where is None and g.expr.slot == slot:  # ``count(c for c in cells where c is number)``
        return lambda f: agg([] if (xs := walk(f)) is None else list(xs))
    if where is None:
        def each(f: list) -> Any:
            xs = walk(f)
            out = []
            if xs is not None:
                for x in xs:
                    f[slot] = x
                    out.append(get(f))
            return agg(out)

        return each

    if g.expr.slot == slot:  # ``count(c for c in cells where c is number and c.value != 0)``
        def items(f: list) -> Any:
            xs = walk(f)
            out = []
            if xs is not None:
                for x in xs:
                    f[slot] = x
                    if where(f) is True:
                        out.append(x)
            return agg(out)

        return items

    def kept(f: list) -> Any:
        xs = walk(f)
        out = []
        if xs is not None:
            for x in xs:
                f[slot] = x
                if where(f) is True:
                    out.append(get(f))
        return agg(out)

    return kept


# ---------------------------------------------------------------- cells by keys


def cells_by_keys(c: Compiles, e: ast.GenCall, scope: Scope, meaning: Meaning) -> Node | None:
    """``agg(T[X, K] for X in FIXED)`` (or ``T[K, X]``), FIXED rows or columns of the layout, K free of X:
    the cells' keys for each K are worked out once (the same cells, found without binding X)."""
    cell, target = e.expr, e.targets[0]
    if e.where is not None or len(e.targets) != 1 or not isinstance(cell, ast.CellAt) or cell.of is not None:
        return None
    fixed = c.expr(e.iterable, scope).const
    if not isinstance(fixed, tuple) or not all(isinstance(i, AxisRef) for i in fixed):
        return None
    by_row = isinstance(cell.row, ast.Var) and cell.row.name == target
    other = cell.col if by_row else cell.row
    if by_row == (isinstance(cell.col, ast.Var) and cell.col.name == target) or _mentions(other, target):
        return None
    if not isinstance(other, (ast.Var, ast.Sym, ast.Label, ast.Const)):  # read once here, once per item there
        return None
    return _keyed(c, cell.table, meaning, fixed, by_row, c.expr(other, scope))


def _keyed(c: Compiles, tid: str, meaning: Meaning, fixed: tuple, by_row: bool, other: Node) -> Node:
    agg, agg_origin = aggregate(meaning)
    lay = c.layout.table(tid)
    ids = tuple(resolve_axis(lay, "row" if by_row else "col", i) for i in fixed)
    other_axis, key_of = ("col" if by_row else "row"), other.value
    keys_of: dict[Any, tuple] = {}  # at most one entry per row or column id of the layout
    nothing = [None] * len(ids)

    def cells(f: list) -> list:
        value, run = key_of(f), f[0]
        run.charge(len(ids))
        table = run.tables.get(tid)
        if table is None:
            return list(nothing)
        k = _other_id(lay, other_axis, value)
        hit = keys_of.get(k)
        if hit is None:
            hit = keys_of[k] = tuple((((i, k) if by_row else (k, i)) if i and k else None) for i in ids)
        get = table.cells.get
        return [None if key is None else get(key) for key in hit]

    def origin(f: list) -> Any:
        items = cells(f)
        return agg_origin(items, [origin_of(x) for x in items])

    def why(f: list) -> Any:
        run = f[0]
        k = _other_id(lay, other_axis, key_of(f))
        for item_id, cell in zip(ids, cells(f), strict=True):
            if scalar(cell) is None:
                if cell is not None:
                    return reasons.of_value(cell, run.layout)
                row, col = (item_id, k) if by_row else (k, item_id)
                return reasons.missing_cell(run.layout, run.tables, tid, row, col)
        return None

    value = _sum_of(cells) if meaning.name == "sum" else (lambda f: agg(cells(f)))
    return Node(value, origin, why, meaning.name in ("any", "all"))


def _sum_of(cells: Callable[[list], list]) -> Fn:
    """``sum`` of the cells, numbers added in one pass; anything else by the meaning's ``sum``."""
    impl = FUNCTIONS["sum"].impl

    def total(f: list) -> Any:
        items = cells(f)
        result: Any = Decimal(0)
        for x in items:
            if type(x) is not Cell or x.state is not _NUMBER or type(v := x.value) is not Decimal:
                return impl(items)
            result = result + v
        return result

    return total


def _other_id(lay: Any, axis: str, value: Any) -> str | None:
    if type(value) is AxisRef and value.table == lay.id and value.axis == axis:
        return value.id
    return resolve_axis(lay, axis, value)


def _mentions(e: Any, name: str) -> bool:
    if isinstance(e, ast.Var):
        return e.name == name
    if isinstance(e, tuple):
        return any(_mentions(x, name) for x in e)
    fields = getattr(e, "__dataclass_fields__", None)
    return bool(fields) and any(_mentions(getattr(e, k), name) for k in fields if k != "pos")
