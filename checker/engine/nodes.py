"""What the compiler makes of one expression: three closures over a frame, built once per rule.

``value(frame)`` is the pass path: the value, computed by the implementations of
``checker.language.meanings``. ``origin(frame)`` (where the value stands: docs/rule-language.md
§3) runs only when a check fails, and ``why(frame)`` (the reason the value is unknown, §4)
only when a condition is unknown; both read their operands through the same ``value``
closures, so a diagnostic never comes from a second evaluator. ``frame[0]`` is the
``engine.run.Run`` of the report, ``frame[i]`` the value bound to slot ``i``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from checker.engine import reasons
from checker.engine.reasons import Reason
from checker.language import ast as ast
from checker.language.resolve import find_axis
from checker.language.values import AxisRef, scalar
from checker.read.layouts import Layout, TableLayout

Fn = Callable[[list], Any]
NO = object()  # "not a constant"


def none(f: list) -> None:
    return None


@dataclass(slots=True)
class Node:
    value: Fn
    origin: Fn = none
    why: Fn = none  # the reason of the node's own doing (its operands'), see ``reason``
    truthy: bool = False  # the value is always True, False or None
    const: Any = NO  # the value, when it depends on the layout only
    slot: int | None = None  # the frame slot the value is read from (a bound name)


@dataclass(frozen=True, slots=True)
class Binding:
    """A name in scope: a ``let`` (with its expression's node), a loop item or a loop index."""

    kind: str  # "let" | "item" | "index"
    slot: int
    node: Node | None = None


Scope = dict[str, Binding]


class Compiles(Protocol):
    """The compiler, as the builders of each kind of node use it."""

    layout: Layout
    optimise: bool

    def expr(self, e: ast.Expr, scope: Scope) -> Node: ...

    def new_slot(self) -> int: ...


def constant(value: Any) -> Node:
    return Node(lambda f: value, truthy=value is True or value is False or value is None, const=value)


def reason(node: Node, f: list) -> Reason | None:
    """Why ``node``'s value is unknown in arithmetic: the value's own doing (a blank cell), else the node's."""
    own = reasons.of_value(node.value(f), f[0].layout)
    return own if own is not None else node.why(f)


def first_unknown(nodes: list[Node], f: list) -> Reason | None:
    """The reason of the first of ``nodes`` whose value is unknown (as a scalar)."""
    for n in nodes:
        if scalar(n.value(f)) is None:
            return reason(n, f)
    return None


def resolve_axis(layout: TableLayout, axis: str, value: Any) -> str | None:
    """The id of a row or column given as a value: a row/column of the layout, or a label."""
    if isinstance(value, AxisRef):
        return value.id if value.table == layout.id and value.axis == axis else find_axis(layout, axis, value.short)
    if isinstance(value, str):
        return find_axis(layout, axis, value)
    return None


def axis_of(c: Compiles, e: ast.Expr, scope: Scope, lay: TableLayout, axis: str) -> Callable[[list], str | None]:
    """The row or column id an operand of ``T[row, col]`` names: folded when it is a constant."""
    node = c.expr(e, scope)
    if c.optimise and node.const is not NO:
        rid = resolve_axis(lay, axis, node.const)
        return lambda f: rid
    get, table = node.value, lay.id

    def resolve(f: list) -> str | None:
        v = get(f)
        if type(v) is AxisRef and v.table == table and v.axis == axis:
            return v.id
        return resolve_axis(lay, axis, v)

    return resolve
