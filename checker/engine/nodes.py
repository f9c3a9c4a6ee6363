"""What the compiler makes of one expression: three closures over a frame, built once per rule and layout.

``value(frame)`` is the pass path: the value, computed by the implementations of
``checker.language.meanings`` (called directly; no code is generated, nothing of a rule
file is ever executed). ``frame`` is a list: ``frame[0]`` the ``engine.run.Run`` of the
report, ``frame[i]`` the value bound to slot ``i`` (names are slots at compile time).
``origin(frame)`` (where the value stands: docs/rule-language.md §3) runs only when a check
fails, ``why(frame)`` (why the value is unknown, §4) only when a condition is unknown; both
read their operands through the same ``value`` closures, so a diagnostic comes from the same
compiled nodes as the check, never from a second evaluator.

Builders specialise a closure on what they know of their operands at compile time: a
constant (``const``), a bound name read from its slot (``slot``), a value that is always a
truth (``truthy``), an attribute of a bound name (``cell_attr``), a node that computes its
own scalar (``scalar``), a state test of a bound name (``state_test``, which a check or a
``when`` decides without calling the node), a test of a bound cell that ``and`` and ``not``
fuse into one closure (``cell_terms``). Each such form does what the general closure does, with fewer
calls; ``Options(optimise=False)`` builds the general ones only.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any, Protocol

from checker.engine import reasons
from checker.engine.reasons import Reason
from checker.language import ast as ast
from checker.language.resolve import find_axis
from checker.language.values import AxisRef, scalar, truth
from checker.model import Cell, CellState
from checker.read.layouts import Layout, TableLayout

Fn = Callable[[list], Any]
NO = object()  # "not a constant"
NUMBER = CellState.NUMBER


def none(f: list) -> None:
    return None


class Node:
    """An expression node: its value, origin and reason closures, and what builders may specialise on."""

    __slots__ = ("cell_attr", "cell_terms", "const", "origin", "scalar", "slot", "state_test", "truthy", "value", "why")

    def __init__(self, value: Fn, origin: Fn = none, why: Fn = none, truthy: bool = False, const: Any = NO,
                 slot: int | None = None) -> None:
        self.value, self.origin, self.why, self.truthy = value, origin, why, truthy
        self.const, self.slot = const, slot
        self.cell_attr: tuple[int, str] | None = None  # (slot, name): ``name`` of the value bound to ``slot``
        self.scalar: Fn | None = None  # ``values.scalar`` of the value, computed directly (optimised only)
        # (slot, state, predicate): the node is ``x is S`` of the value bound to ``slot`` (optimised only)
        self.state_test: tuple[int, CellState, Callable[[Any], bool]] | None = None
        # (slot, terms, negated): the node is a test of the cell bound to ``slot`` made of the
        # terms ``compile_fast.on_cell`` reads (optimised only)
        self.cell_terms: tuple[int, tuple, bool] | None = None


class Binding:
    """A name in scope: a ``let`` (with its expression's node), a loop item or a loop index."""

    __slots__ = ("kind", "node", "slot")

    def __init__(self, kind: str, slot: int, node: Node | None = None) -> None:
        self.kind, self.slot, self.node = kind, slot, node


Scope = dict[str, Binding]


class Compiles(Protocol):
    """The compiler, as the builders of each kind of node use it."""

    layout: Layout
    optimise: bool

    def expr(self, e: ast.Expr, scope: Scope) -> Node: ...

    def new_slot(self) -> int: ...

    def axis_ref(self, table: str, axis: str, rid: str) -> AxisRef: ...


def constant(value: Any) -> Node:
    return Node(lambda f: value, truthy=value is True or value is False or value is None, const=value)


def reason(node: Node, f: list) -> Reason | None:
    """Why ``node``'s value is unknown in arithmetic: the value's own doing (a blank cell), else the node's."""
    return reason_of(node, node.value(f), f)


def reason_of(node: Node, value: Any, f: list) -> Reason | None:
    """``reason`` when the caller has the node's value already (a reason walks down the expression:
    evaluating each node again on the way would redo the work below it at every level)."""
    own = reasons.of_value(value, f[0].layout)
    return own if own is not None else node.why(f)


def first_unknown(nodes: list[Node], f: list) -> Reason | None:
    """The reason of the first of ``nodes`` whose value is unknown (as a scalar)."""
    for n in nodes:
        value = n.value(f)
        if scalar(value) is None:
            return reason_of(n, value, f)
    return None


def resolve_axis(layout: TableLayout, axis: str, value: Any) -> str | None:
    """The id of a row or column given as a value: a row/column of the layout, or a label."""
    if isinstance(value, AxisRef):
        if value.table == layout.id and value.axis == axis:
            return value.id
        return find_axis(layout, axis, value.short)
    if isinstance(value, str):
        return find_axis(layout, axis, value)
    return None


# ---------------------------------------------------------------- operands as the meanings take them


def scalar_of(c: Compiles, node: Node) -> Fn:
    """A closure for the operand's ``values.scalar`` (what ``takes == "scalar"`` hands a meaning).

    Optimised: a constant's scalar is folded; a number and a string are their own scalar and a
    cell's is read inline (``values.scalar`` does exactly that for those types), from the slot
    when the operand is a bound name; a node that computes its own scalar gives it."""
    get = node.value
    if not c.optimise:
        return lambda f: scalar(get(f))
    if node.const is not NO:
        value = scalar(node.const)
        return lambda f: value
    if node.scalar is not None:
        return node.scalar
    slot = node.slot
    if slot is not None:
        def scalar_slot(f: list) -> Any:
            x = f[slot]
            t = type(x)
            if t is Decimal or t is str:
                return x
            if t is Cell:
                return x.value if x.state is NUMBER else None
            return scalar(x)

        return scalar_slot

    def scalar_value(f: list) -> Any:
        x = get(f)
        t = type(x)
        if t is Decimal or t is str:
            return x
        if t is Cell:
            return x.value if x.state is NUMBER else None
        return scalar(x)

    return scalar_value


def truth_of(c: Compiles, node: Node) -> Fn:
    """A closure for the operand's Kleene truth (a node that gives only True, False or None is its own)."""
    get = node.value
    if node.truthy:
        return get
    if c.optimise and node.const is not NO:
        value = truth(node.const)
        return lambda f: value
    return lambda f: truth(get(f))


def operand(c: Compiles, node: Node, takes: str) -> Fn:
    """The operand as a meaning with this ``takes`` wants it."""
    if takes == "truth":
        return truth_of(c, node)
    return scalar_of(c, node) if takes == "scalar" else node.value
