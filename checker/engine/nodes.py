"""What the compiler makes of one expression: Python code for its value, and two closures.

The compiler turns a rule into the source of one Python function (``compile_rule``): each
expression node contributes ``code``, an expression over the bound names (locals ``v1``,
``v2`` … for the frame slots) and ``R``, the ``engine.run.Run`` of the report. Only names
the compiler made appear in it: constants and the implementations of
``checker.language.meanings`` are referred to by generated names in the rule's namespace,
never written out, so no text of a rule file becomes code.

``Node.value(frame)`` is the same code as a function of a frame (``{0: run, slot: value}``),
compiled the first time it is needed. ``origin(frame)`` (where the value stands:
docs/rule-language.md §3) runs only when a check fails, ``why(frame)`` (why the value is
unknown, §4) only when a condition is unknown; both read their operands through ``value``,
so a diagnostic comes from the same compiled code as the check, never from a second evaluator.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Protocol

from checker.engine import reasons
from checker.engine.reasons import Reason
from checker.language import ast as ast
from checker.language.resolve import find_axis
from checker.language.values import AxisRef, scalar
from checker.read.layouts import Layout, TableLayout

Fn = Callable[[dict], Any]
NO = object()  # "not a constant"


def none(f: dict) -> None:
    return None


class Namespace:
    """The names generated code refers to (constants, helpers, functions), and its code made so far."""

    def __init__(self, helpers: dict[str, Any]) -> None:
        self.names: dict[str, Any] = dict(helpers)
        self.count = 0

    def fresh(self, prefix: str) -> str:
        self.count += 1
        return f"{prefix}{self.count}"

    def const(self, value: Any, prefix: str = "K") -> str:
        name = self.fresh(prefix)
        self.names[name] = value
        return name

    def define(self, source: str, name: str) -> Any:
        """Compile one generated ``def`` into the namespace and return the function."""
        exec(compile(source, f"<rule {name}>", "exec"), self.names)  # noqa: S102 - code of our own making
        return self.names[name]

    def hoist(self, code: str, reads: Iterable[int]) -> str:
        """``code`` as a call of a function of its own, so that what calls it nests shallowly."""
        name, slots = self.fresh("h"), sorted(set(reads))
        params = ", ".join(["R", *(f"v{s}" for s in slots)])
        self.define(f"def {name}({params}):\n    return {code}", name)
        return f"{name}({params})"

    def function(self, code: str, reads: Iterable[int]) -> Fn:
        """``code`` as a function of a frame."""
        name = self.fresh("n")
        lines = [f"def {name}(f):", "    R = f[0]"]
        lines += [f"    v{s} = f[{s}]" for s in sorted(set(reads))]
        lines.append(f"    return {code}")
        return self.define("\n".join(lines), name)


class Node:
    """An expression node: its code, the slots it reads, and its origin and reason closures."""

    __slots__ = ("_value", "code", "const", "ns", "origin", "reads", "slot", "truthy", "why")

    def __init__(self, ns: Namespace, code: str, reads: Iterable[int] = (), origin: Fn = none, why: Fn = none,
                 truthy: bool = False, const: Any = NO, slot: int | None = None) -> None:
        self.ns, self.code, self.reads = ns, code, frozenset(reads)
        self.origin, self.why, self.truthy, self.const, self.slot = origin, why, truthy, const, slot
        self._value: Fn | None = None

    @property
    def value(self) -> Fn:
        if self._value is None:
            self._value = self.ns.function(self.code, self.reads)
        return self._value


def reads_of(*nodes: Node | None) -> frozenset[int]:
    out: frozenset[int] = frozenset()
    for n in nodes:
        if n is not None:
            out |= n.reads
    return out


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
    ns: Namespace

    def expr(self, e: ast.Expr, scope: Scope) -> Node: ...

    def new_slot(self) -> int: ...

    def axis_ref(self, table: str, axis: str, rid: str) -> AxisRef: ...


def constant(c: Compiles, value: Any) -> Node:
    return Node(c.ns, c.ns.const(value), truthy=value is True or value is False or value is None, const=value)


def reason(node: Node, f: dict) -> Reason | None:
    """Why ``node``'s value is unknown in arithmetic: the value's own doing (a blank cell), else the node's."""
    own = reasons.of_value(node.value(f), f[0].layout)
    return own if own is not None else node.why(f)


def first_unknown(nodes: list[Node], f: dict) -> Reason | None:
    """The reason of the first of ``nodes`` whose value is unknown (as a scalar)."""
    for n in nodes:
        if scalar(n.value(f)) is None:
            return reason(n, f)
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
