"""Function calls and generators ``f(E for X in L where C)``, compiled from ``checker.language.meanings``.

An aggregate gets the list of its items' values; ``first``/``min``/``max`` give the index of
the item picked (the result is that item, at its place). A generator is a generated function
of its own (``_loop_source`` writes its loop, for the value and for the items the origin and
the reason walk). Two shapes are optimised, both the same work with less bookkeeping: a
generator over the report's ``cells`` whose ``where`` starts with state tests walks the
index of cells by state (``Run.cells_in``), and ``agg(T[X, K] for X in FIXED)`` finds its
cells by keys worked out once per layout.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from checker.engine import reasons
from checker.engine.nodes import Binding, Compiles, Node, Scope, first_unknown, reads_of, reason, resolve_axis
from checker.engine.values import Origin, first_origin, origin_of
from checker.language import ast as ast
from checker.language.meanings import FUNCTIONS, PICKS, Meaning
from checker.language.values import AxisRef, scalar
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
        return _aggregate_call(c, meaning, args) if len(args) == 1 else _aggregate_args(c, meaning, args)
    codes = [c.scalar(a) if meaning.takes == "scalar" else a.code for a in args]
    if meaning.takes.startswith("ctx"):
        codes.insert(0, "R")
    node = Node(c.ns, f"{c.ns.const(meaning.impl, 'M')}({', '.join(codes)})", reads_of(*args))
    policy = meaning.origin

    def origin(f: dict) -> Any:
        result = node.value(f)
        if policy == "result":
            return origin_of(result)
        if result is None or policy == "none":
            return None
        if policy == "line":
            return Origin(Location.point(int(result), 1))
        return args[0].origin(f) if policy == "arg" else first_origin(*(a.origin(f) for a in args))

    def why(f: dict) -> Any:
        if e.func == "section" and isinstance(key := args[0].value(f), str) and node.value(f) is None:
            return reasons.missing_section(f[0].layout, key)
        return first_unknown(args, f)

    node.origin, node.why = origin, why
    return node


def _aggregate_call(c: Compiles, meaning: Meaning, args: list[Node]) -> Node:
    """``sum(L)``: the items of a list (unknown when L is not one)."""
    agg, agg_origin = _aggregate(meaning)
    arg, t = args[0], c.ns.fresh("t")
    code = f"({c.ns.const(agg, 'M')}(list({t})) if isinstance({t} := {arg.code}, TL) else None)"

    def origin(f: dict) -> Any:
        x = arg.value(f)
        return agg_origin(list(x), [origin_of(i) for i in x]) if isinstance(x, (tuple, list)) else None

    def why(f: dict) -> Any:
        x = arg.value(f)
        if not isinstance(x, (tuple, list)):
            return reason(arg, f)
        return next((r for i in x if scalar(i) is None and (r := reasons.of_value(i, f[0].layout))), None)

    return Node(c.ns, code, arg.reads, origin, why, meaning.name in ("any", "all"))


def _aggregate_args(c: Compiles, meaning: Meaning, args: list[Node]) -> Node:
    """``min(a, b, c)``: the arguments are the items."""
    agg, agg_origin = _aggregate(meaning)
    code = f"{c.ns.const(agg, 'M')}([{', '.join(a.code for a in args)}])"
    node = Node(c.ns, code, reads_of(*args), why=lambda f: first_unknown(args, f))
    node.origin = lambda f: agg_origin([a.value(f) for a in args], [a.origin(f) for a in args])
    return node


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
    iterable = c.expr(e.iterable, scope)
    where = None if rest is None else c.expr(rest, inner)
    expr = c.expr(e.expr, inner)
    free = sorted(reads_of(iterable, where, expr) - {item_slot, index_slot})
    params = ", ".join(["R", *(f"v{s}" for s in free)])
    name = c.ns.fresh("g")
    loop = _loop_source(c, iterable, states, where, item_slot, index_slot, "        ")
    c.ns.define("\n".join([f"def {name}({params}):", "    out = []", *loop,
                           f"        out.append({expr.code})", f"    return {c.ns.const(agg, 'M')}(out)"]), name)
    kept_name = name + "k"
    kept_fn = c.ns.define("\n".join([f"def {kept_name}({params}):", *loop, "        yield " + _frame(
        item_slot, index_slot)]), kept_name)

    def kept(f: dict) -> Iterator[dict]:
        """A frame for each item the ``where`` keeps (the same loop as the value's)."""
        for bound in kept_fn(f[0], *(f[s] for s in free)):
            yield {**f, **bound}

    def origin(f: dict) -> Any:
        values, origins = [], []
        for g in kept(f):
            values.append(expr.value(g))
            origins.append(expr.origin(g))
        return agg_origin(values, origins)

    def why(f: dict) -> Any:
        return next((reason(expr, g) for g in kept(f) if scalar(expr.value(g)) is None), None)

    return Node(c.ns, f"{name}({params})", free, origin, why, e.func in ("any", "all"))


def _frame(item_slot: int, index_slot: int | None) -> str:
    index = f", {index_slot}: v{index_slot}" if index_slot is not None else ""
    return f"{{{item_slot}: v{item_slot}{index}}}"


def _loop_source(c: Compiles, iterable: Node, states: frozenset | None, where: Node | None,
                 item_slot: int, index_slot: int | None, indent: str) -> list[str]:
    """The header of a generator's loop: bind each item (and index) the ``where`` keeps; the body goes
    at ``indent``. The budget is charged for every item of the list, filtered or not."""
    lines = [f"    items = {iterable.code}", "    if not isinstance(items, TL):", "        items = ()",
             "    R.charge(len(items))"]
    if states is not None:
        lines.append(f"    items = R.cells_in({c.ns.const(states)})")
    if index_slot is None:
        lines.append(f"    for v{item_slot} in items:")
    else:
        lines += [f"    for i, v{item_slot} in enumerate(items):", f"        v{index_slot} = D(i)"]
    if where is None:
        return lines
    return [*lines, f"        if {c.truth(where)} is not True:", "            continue"]


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


# ---------------------------------------------------------------- cells by keys


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
    if not isinstance(other, (ast.Var, ast.Sym, ast.Label, ast.Const)):  # read once here, once per item there
        return None
    return _keyed(c, cell.table, meaning, fixed, by_row, c.expr(other, scope))


def _keyed(c: Compiles, tid: str, meaning: Meaning, fixed: tuple, by_row: bool, other: Node) -> Node:
    agg, agg_origin = _aggregate(meaning)
    lay = c.layout.table(tid)
    ids = tuple(resolve_axis(lay, "row" if by_row else "col", i) for i in fixed)
    other_axis = "col" if by_row else "row"
    keys_of: dict[Any, tuple] = {}  # at most one entry per row or column id of the layout

    def cells(run: Any, value: Any) -> list:
        run.charge(len(ids))
        table = run.tables.get(tid)
        if table is None:
            return [None] * len(ids)
        k = _other_id(lay, other_axis, value)
        hit = keys_of.get(k)
        if hit is None:
            hit = keys_of[k] = tuple((((i, k) if by_row else (k, i)) if i and k else None) for i in ids)
        get = table.cells.get
        return [None if key is None else get(key) for key in hit]

    name = c.ns.const(cells, "M")
    node = Node(c.ns, f"{c.ns.const(agg, 'M')}({name}(R, {other.code}))", other.reads)

    def origin(f: dict) -> Any:
        items = cells(f[0], other.value(f))
        return agg_origin(items, [origin_of(x) for x in items])

    def why(f: dict) -> Any:
        run = f[0]
        k = _other_id(lay, other_axis, other.value(f))
        for item_id, cell in zip(ids, cells(run, other.value(f)), strict=True):
            if scalar(cell) is None:
                if cell is not None:
                    return reasons.of_value(cell, run.layout)
                row, col = (item_id, k) if by_row else (k, item_id)
                return reasons.missing_cell(run.layout, run.tables, tid, row, col)
        return None

    node.origin, node.why = origin, why
    return node


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
