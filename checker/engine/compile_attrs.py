"""Attributes ``o.name``: the general getter (``values.attribute``) and, optimised, the direct reads.

``values.attribute`` decides what ``name`` of ``o`` is by a chain of type tests. Optimised,
the closure reads what that chain reads for the common types directly and hands anything
else to it: a cell's ``row col value raw text state table`` (from the slot, when ``o`` is a
bound name), the layout's rows and columns of a table, ``.line``/``.column`` of a thing with
its own location, a plain field of a dataclass; what depends on the layout only
(``表三.rows``) is folded into a constant; ``c.table.amounts`` reads the amounts of the cell's
table without making the table value.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from checker.engine import reasons
from checker.engine.nodes import NO, Compiles, Fn, Node, Scope, constant, none, reason
from checker.engine.values import TableVal, attribute, origin_of, plain_field, table_attr
from checker.language import ast as ast
from checker.language.values import AxisRef, scalar
from checker.model import Cell, CellState, Location, PartSum

_LAYOUT_ONLY = frozenset({"rows", "columns", "cols", "amounts", "id", "name"})  # table attributes of the layout
_CELL_ATTRS = frozenset({"row", "col", "value", "raw", "text", "state", "table"})
_NUMBER = CellState.NUMBER
Getter = Callable[[Any, Any], Any]  # (object, run) → the attribute


def attr(c: Compiles, e: ast.Attr, scope: Scope) -> Node:
    obj, name = c.expr(e.obj, scope), e.name
    folded = _layout_attr(c, e)
    if folded is not NO:
        return constant(folded)

    def general(o: Any, run: Any) -> Any:
        return None if o is None else attribute(o, name, run)

    node = Node(none)
    if c.optimise and _is_field(name):
        node.value, node.scalar = _field(name, obj, general)
    else:
        node.value = _value(c, obj, name, general)
        if c.optimise and name == "value":
            node.scalar = _value_scalar(obj, general)
        elif c.optimise and name in ("line", "column"):
            node.scalar = node.value  # a number or None: its own scalar
    if c.optimise and obj.slot is not None:
        node.cell_attr = (obj.slot, name)

    def origin(f: list) -> Any:
        if obj.value(f) is None:
            return None
        return origin_of(node.value(f)) or obj.origin(f)

    def why(f: list) -> reasons.Reason | None:
        o = obj.value(f)
        if o is None:
            return reason(obj, f)
        return reasons.of_value(o, f[0].layout) or reasons.of_attribute(o, name)

    node.origin, node.why = origin, why
    return node


def _value(c: Compiles, obj: Node, name: str, general: Getter) -> Fn:
    base = obj.value
    if not c.optimise:
        return lambda f: general(base(f), f[0])
    if name in _CELL_ATTRS:
        return _cell_attr(name, obj, general)
    if name in _LAYOUT_ONLY:
        return _table_layout_attr(c, name, obj, general)
    if name in ("line", "column"):
        return _location(name, obj, general)
    return lambda f: general(base(f), f[0])  # ``numeral``


def _is_field(name: str) -> bool:
    return not (name in _CELL_ATTRS or name in _LAYOUT_ONLY or name in ("line", "column", "numeral"))


def _cell_attr(name: str, obj: Node, general: Getter) -> Fn:
    """A cell's attribute as ``values.cell_attr`` gives it, read from the cell (from its slot if bound)."""
    number, slot, base = _NUMBER, obj.slot or 0, obj.value
    if name == "value":
        return lambda f: ((o.value if o.state is number else None) if type(o := f[slot] if slot else base(f)) is Cell
                          else general(o, f[0]))
    if name in ("raw", "text"):
        return lambda f: o.raw if type(o := f[slot] if slot else base(f)) is Cell else general(o, f[0])
    if name in ("row", "col"):
        col = name == "col"
        return lambda f: (f[0].axes[(o.table, name, o.col if col else o.row)]
                          if type(o := f[slot] if slot else base(f)) is Cell else general(o, f[0]))
    if name == "table":
        return lambda f: f[0].table_val(o.table) if type(o := f[slot] if slot else base(f)) is Cell else general(o, f[0])
    return lambda f: o.state.value if type(o := f[slot] if slot else base(f)) is Cell else general(o, f[0])


def _value_scalar(obj: Node, general: Getter) -> Fn:
    """``scalar(o.value)``: a cell's number (or None) is its own scalar; anything else through ``scalar``."""
    number, slot, base = _NUMBER, obj.slot or 0, obj.value

    def of(o: Any, run: Any) -> Any:
        x = general(o, run)
        return x if type(x) is Decimal else scalar(x)

    return lambda f: ((o.value if o.state is number else None) if type(o := f[slot] if slot else base(f)) is Cell
                      else of(o, f[0]))


def _table_layout_attr(c: Compiles, name: str, obj: Node, general: Getter) -> Fn:
    """``t.rows``, ``t.amounts`` …: the layout's values by table id; ``c.table.amounts`` from the cell's table."""
    by_table = {t.id: _shared(c, table_attr(TableVal(t, None), name)) for t in c.layout.tables}
    base = obj.value
    if obj.cell_attr is not None and obj.cell_attr[1] == "table":
        slot = obj.cell_attr[0]

        def of_cell_table(f: list) -> Any:
            o = f[slot]
            if type(o) is Cell and o.table in by_table:  # the cell's table value has the layout of that id
                return by_table[o.table]
            t = base(f)
            return by_table[t.layout.id] if type(t) is TableVal else general(t, f[0])

        return of_cell_table
    return lambda f: by_table[o.layout.id] if type(o := base(f)) is TableVal else general(o, f[0])


def _layout_attr(c: Compiles, e: ast.Attr) -> Any:
    """``表三.rows``, ``表二.amounts``, ``表三.outcomes``: what depends on the layout only, else ``NO``."""
    if not (c.optimise and isinstance(e.obj, ast.TableConst)):
        return NO
    lay = c.layout.table(e.obj.table)
    if e.name not in _LAYOUT_ONLY and lay.group(e.name) is None:
        return NO
    return _shared(c, table_attr(TableVal(lay, None), e.name))


def _shared(c: Compiles, value: Any) -> Any:
    """The layout's own row and column values in a tuple, shared by every use."""
    if isinstance(value, tuple):
        return tuple(c.axis_ref(r.table, r.axis, r.id) if isinstance(r, AxisRef) else r for r in value)
    return value


def _location(name: str, obj: Node, general: Getter) -> Fn:
    """``.line``/``.column`` of a thing with its own ``loc`` read directly (``origin_of`` maps only
    cells, part sums and tables otherwise)."""
    special, slot, base = (Cell, PartSum, TableVal), obj.slot or 0, obj.value

    def value(f: list) -> Any:
        o = f[slot] if slot else base(f)
        loc = getattr(o, "loc", None)
        if type(loc) is Location and not isinstance(o, special):
            return Decimal(getattr(loc, name))
        return general(o, f[0])

    return value


def _field(name: str, obj: Node, general: Getter) -> tuple[Fn, Fn]:
    """A plain field of a dataclass (a claim's ``.unit``) read directly, as value and as scalar: which
    types ``attribute`` reads that way depends on the type and the name only, so it is decided once per type."""
    plain: dict[type, bool] = {}
    slot, base = obj.slot or 0, obj.value

    def value(f: list) -> Any:
        o = f[slot] if slot else base(f)
        p = plain.get(type(o))
        if p is None:
            p = plain[type(o)] = plain_field(type(o), name)
        if not p:
            return general(o, f[0])
        x = getattr(o, name, None)
        return Decimal(x) if isinstance(x, int) and not isinstance(x, bool) else x

    def scalar_value(f: list) -> Any:
        o = f[slot] if slot else base(f)
        p = plain.get(type(o))
        if p is None:
            p = plain[type(o)] = plain_field(type(o), name)
        if not p:
            x = general(o, f[0])
        else:
            x = getattr(o, name, None)
            if isinstance(x, int) and not isinstance(x, bool):
                return Decimal(x)
        t = type(x)
        return x if t is Decimal or t is str else scalar(x)

    return value, scalar_value
