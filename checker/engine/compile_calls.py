"""Function calls and generators ``f(E for X in L where C)``, compiled from ``checker.language.meanings``.

An aggregate gets the list of its items' values; ``first``/``min``/``max`` give the index of
the item picked (the result is that item, at its place). A generator binds each item in its
slot of the frame in turn, for the value and for the items the origin and the reason walk
(``_kept``). Two shapes are optimised (``compile_loops``), both the same work with less
bookkeeping: a generator over the report's ``cells`` whose ``where`` starts with state tests
walks the index of cells by state (``Run.cells_in``), and ``agg(T[X, K] for X in FIXED)``
finds its cells by keys worked out once per layout.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from checker.engine import compile_loops, reasons
from checker.engine.nodes import Compiles, Node, Scope, first_unknown, reason, scalar_of
from checker.engine.values import Origin, first_origin, origin_of
from checker.language import ast as ast
from checker.language.meanings import FUNCTIONS, Meaning
from checker.language.values import scalar
from checker.model import Location, Report


def call(c: Compiles, e: ast.Call, scope: Scope) -> Node:
    meaning = FUNCTIONS[e.func]
    args = [c.expr(a, scope) for a in e.args]
    if meaning.takes == "items":
        return _aggregate_call(meaning, args) if len(args) == 1 else _aggregate_args(meaning, args)
    node = Node(_call_value(c, meaning, args))
    policy = meaning.origin

    def origin(f: list) -> Any:
        result = node.value(f)
        if policy == "result":
            return origin_of(result)
        if result is None or policy == "none":
            return None
        if policy == "line":
            return Origin(Location.point(int(result), 1))
        return args[0].origin(f) if policy == "arg" else first_origin(*(a.origin(f) for a in args))

    def why(f: list) -> Any:
        if e.func == "section" and isinstance(key := args[0].value(f), str) and node.value(f) is None:
            return _section_gap(args, key, f)
        return first_unknown(args, f) or (reasons.of_batch(e.func, f[0]) if meaning.batch and
                                          node.value(f) is None else None)

    node.origin, node.why = origin, why
    return node


def _section_gap(args: list[Node], key: str, f: list) -> Any:
    """Why ``section(KEY)`` or ``section(KEY, other)`` found no section: this report's gap, the batch's
    (no other report) or the other report's."""
    missing = reasons.missing_section(f[0].layout, key)
    if len(args) < 2:
        return missing
    other = args[1].value(f)
    return reasons.of_other(other, missing) if isinstance(other, Report) else reason(args[1], f)


def _call_value(c: Compiles, meaning: Meaning, args: list[Node]) -> Callable[[list], Any]:
    impl = meaning.impl
    getters = tuple(scalar_of(c, a) if meaning.takes == "scalar" else a.value for a in args)
    ctx = meaning.takes.startswith("ctx")
    if len(getters) == 1:
        (x,) = getters
        if ctx:
            return lambda f: impl(f[0], x(f))
        return lambda f: impl(x(f))
    if ctx:
        return lambda f: impl(f[0], *[g(f) for g in getters])
    return lambda f: impl(*[g(f) for g in getters])


def _aggregate_call(meaning: Meaning, args: list[Node]) -> Node:
    """``sum(L)``: the items of a list (unknown when L is not one)."""
    agg, agg_origin = compile_loops.aggregate(meaning)
    arg = args[0]
    get = arg.value

    def value(f: list) -> Any:
        x = get(f)
        return agg(list(x)) if isinstance(x, (tuple, list)) else None

    def origin(f: list) -> Any:
        x = arg.value(f)
        return agg_origin(list(x), [origin_of(i) for i in x]) if isinstance(x, (tuple, list)) else None

    def why(f: list) -> Any:
        x = arg.value(f)
        if not isinstance(x, (tuple, list)):
            return reason(arg, f)
        return next((r for i in x if scalar(i) is None and (r := reasons.of_value(i, f[0].layout))), None)

    return Node(value, origin, why, meaning.name in ("any", "all"))


def _aggregate_args(meaning: Meaning, args: list[Node]) -> Node:
    """``min(a, b, c)``: the arguments are the items."""
    agg, agg_origin = compile_loops.aggregate(meaning)
    getters = tuple(a.value for a in args)
    node = Node(lambda f: agg([g(f) for g in getters]), why=lambda f: first_unknown(args, f))
    node.origin = lambda f: agg_origin([a.value(f) for a in args], [a.origin(f) for a in args])
    return node


# ---------------------------------------------------------------- generators


def gencall(c: Compiles, e: ast.GenCall, scope: Scope) -> Node:
    meaning = FUNCTIONS[e.func]
    fast = compile_loops.cells_by_keys(c, e, scope, meaning) if c.optimise else None
    if fast is not None:
        return fast
    agg, agg_origin = compile_loops.aggregate(meaning)
    g = compile_loops.Generator(c, e, scope)
    expr = g.expr
    kept = compile_loops.binder(g.items.value, g.states, g.where, g.item_slot, g.index_slot)

    def origin(f: list) -> Any:
        values, origins = [], []
        for _ in kept(f):
            values.append(expr.value(f))
            origins.append(expr.origin(f))
        return agg_origin(values, origins)

    def why(f: list) -> Any:
        return next((reason(expr, f) for _ in kept(f) if scalar(expr.value(f)) is None), None)

    value = compile_loops.collect(c, g, agg, e.func) if c.optimise else None
    if value is None:
        get = expr.value

        def value(f: list) -> Any:
            return agg([get(f) for _ in kept(f)])

    return Node(value, origin, why, e.func in ("any", "all"))
