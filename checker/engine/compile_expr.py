"""The compiler of expressions: each node of a resolved rule becomes a ``nodes.Node``.

Leaves, cells, indexes and attributes are built here; operators and tests in
``compile_ops``, calls and generators in ``compile_calls``. Every node type of the language
has a builder (a test checks it against the resolver's), and every operator's meaning is
read from ``checker.language.meanings``. With ``optimise`` the builders fold what depends
on the layout only (rows, columns, table attributes) into constants and take a number as
its own scalar without a call; without it every node takes the general path, which the
differential test compares with the optimised one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from checker.engine import compile_calls, compile_ops, reasons
from checker.engine.nodes import NO, Binding, Namespace, Node, Scope, constant, reads_of, reason, resolve_axis
from checker.engine.values import TableVal, attribute, origin_of, plain_field, table_attr
from checker.language import ast as ast
from checker.language.textmatch import Pattern
from checker.language.values import AxisRef, known, scalar, truth
from checker.model import Cell, CellState, Location, PartSum
from checker.read.layouts import Layout, TableLayout

_MAX_CODE_NESTING = 40  # brackets deep; deeper code becomes a function of its own (Python's parser stops at 200)
_LAYOUT_ONLY = frozenset({"rows", "columns", "cols", "amounts", "id", "name"})  # table attributes of the layout
_CELL_ATTRS = ("row", "col", "value", "raw", "text", "state", "table")


def _nesting(code: str) -> int:
    """How deep the brackets of generated code nest (it holds no text of a rule: no quotes to skip)."""
    depth = most = 0
    for ch in code:
        if ch in "([{":
            depth += 1
            most = max(most, depth)
        elif ch in ")]}":
            depth -= 1
    return most


def _axis_value(layout: TableLayout, axis: str, v: Any) -> str | None:
    """``resolve_axis`` with the common case (a row or column of this very table) first."""
    if type(v) is AxisRef and v.table == layout.id and v.axis == axis:
        return v.id
    return resolve_axis(layout, axis, v)


def _index(seq: Any, idx: Any, one: bool) -> Any:
    if not isinstance(seq, (tuple, list)) or not isinstance(idx, Decimal) or not one:
        return None
    i = int(idx)
    return seq[i] if 0 <= i < len(seq) and i == idx else None


HELPERS: dict[str, Any] = {"SC": scalar, "TR": truth, "KN": known, "D": Decimal, "TL": (tuple, list),
                           "AX": _axis_value, "IDX": _index, "Cell": Cell, "TableVal": TableVal,
                           "NUMBER": CellState.NUMBER}


class Compiler:
    """Compile-time state of one rule under one layout: the namespace of its code, the slots handed out."""

    def __init__(self, layout: Layout, axes: Mapping[tuple[str, str, str], AxisRef], optimise: bool) -> None:
        self.layout, self.axes, self.optimise = layout, axes, optimise
        self.ns = Namespace(HELPERS)
        self.nslots = 1

    def new_slot(self) -> int:
        self.nslots += 1
        return self.nslots - 1

    def expr(self, e: ast.Expr, scope: Scope) -> Node:
        build = BUILDERS.get(type(e))
        if build is None:  # the resolver admits no other node: this is a bug, not a rule error
            raise TypeError(f"no builder for {type(e).__name__}")
        node = build(self, e, scope)
        if self.optimise and node.const is not NO and not node.code.isidentifier():
            node.code, node.reads = self.ns.const(node.const), frozenset()
        elif _nesting(node.code) > _MAX_CODE_NESTING:
            node.code = self.ns.hoist(node.code, node.reads)
        return node

    def axis_ref(self, table: str, axis: str, rid: str) -> AxisRef:
        return self.axes[(table, axis, rid)]

    def scalar(self, node: Node) -> str:
        """Code for the operand's ``values.scalar`` (a number is its own scalar, without a call)."""
        if self.optimise:
            t = self.ns.fresh("t")
            return f"({t} if type({t} := {node.code}) is D else SC({t}))"
        return f"SC({node.code})"

    def truth(self, node: Node) -> str:
        """Code for the operand's Kleene truth (a node that gives only True, False or None is its own)."""
        return node.code if node.truthy else f"TR({node.code})"


# ---------------------------------------------------------------- leaves


def _const(c: Compiler, e: ast.Const, scope: Scope) -> Node:
    return constant(c, e.value)


def _label(c: Compiler, e: ast.Label, scope: Scope) -> Node:
    return constant(c, e.text)


def _regex(c: Compiler, e: ast.Regex, scope: Scope) -> Node:
    return constant(c, Pattern(e.pattern))


def _sym(c: Compiler, e: ast.Sym, scope: Scope) -> Node:
    return constant(c, c.axis_ref(e.table, e.axis, e.id))


def _listexpr(c: Compiler, e: ast.ListExpr, scope: Scope) -> Node:
    items = [c.expr(i, scope) for i in e.items]
    code = "(" + "".join(f"{i.code}, " for i in items) + ")"
    const = tuple(i.const for i in items) if all(i.const is not NO for i in items) else NO
    return Node(c.ns, code, reads_of(*items), const=const)


def _var(c: Compiler, e: ast.Var, scope: Scope) -> Node:
    b = scope.get(e.name)
    if b is None:  # the resolver binds every name it lets through
        return constant(c, None)
    return variable(c.ns, b)


def variable(ns: Namespace, b: Binding) -> Node:
    slot, let = b.slot, b.node
    code = f"v{slot}"
    if b.kind == "index":
        return Node(ns, code, (slot,), slot=slot)
    if let is None:
        return Node(ns, code, (slot,), lambda f: origin_of(f[slot]), slot=slot)
    return Node(ns, code, (slot,), let.origin, lambda f: reason(let, f), let.truthy, slot=slot)


def _builtin(c: Compiler, e: ast.Builtin, scope: Scope) -> Node:
    name = e.name
    fact_reason = reasons.FACTS.get(name)
    return Node(c.ns, f"R.fact({c.ns.const(name)})", (), lambda f: origin_of(f[0].fact(name)),
                lambda f: fact_reason if f[0].fact(name) is None else None)


def _tableconst(c: Compiler, e: ast.TableConst, scope: Scope) -> Node:
    tid = e.table
    return Node(c.ns, f"R.table_val({c.ns.const(tid)})", (), lambda f: origin_of(f[0].table_val(tid)))


# ---------------------------------------------------------------- cells and indexes


def _axis(c: Compiler, e: ast.Expr, scope: Scope, lay: TableLayout, axis: str) -> Node:
    node = c.expr(e, scope)
    if c.optimise and node.const is not NO:
        return constant(c, resolve_axis(lay, axis, node.const))
    return Node(c.ns, f"AX({c.ns.const(lay)}, {c.ns.const(axis)}, {node.code})", node.reads)


def _cellat(c: Compiler, e: ast.CellAt, scope: Scope) -> Node:
    tid, lay = e.table, c.layout.table(e.table)
    row, col = _axis(c, e.row, scope, lay, "row"), _axis(c, e.col, scope, lay, "col")
    t, r, k = c.ns.fresh("t"), c.ns.fresh("t"), c.ns.fresh("t")
    code = (f"({t}.cells.get(({r}, {k})) if ({t} := R.tables.get({c.ns.const(tid)})) is not None"
            f" and ({r} := {row.code}) and ({k} := {col.code}) else None)")
    node = Node(c.ns, code, reads_of(row, col))

    def why(f: dict) -> reasons.Reason | None:
        run = f[0]
        if node.value(f) is not None:
            return None
        return reasons.missing_cell(run.layout, run.tables, tid, row.value(f), col.value(f))

    node.origin, node.why = (lambda f: origin_of(node.value(f))), why
    return node


def _index(c: Compiler, e: ast.Index, scope: Scope) -> Node:
    obj = c.expr(e.obj, scope)
    arg = c.expr(e.args[0], scope) if e.args else None
    code = f"IDX({obj.code}, {c.scalar(arg) if arg is not None else 'None'}, {len(e.args) == 1})"
    node = Node(c.ns, code, reads_of(obj, arg))

    def why(f: dict) -> reasons.Reason | None:
        if obj.value(f) is None:
            return reason(obj, f)
        return reason(arg, f) if arg is not None and scalar(arg.value(f)) is None else None

    node.origin, node.why = (lambda f: origin_of(node.value(f))), why
    return node


# ---------------------------------------------------------------- attributes


def _attr(c: Compiler, e: ast.Attr, scope: Scope) -> Node:
    obj, name = c.expr(e.obj, scope), e.name
    folded = _layout_attr(c, e)
    if folded is not NO:
        return constant(c, folded)
    get = c.ns.const(_getter(c, name), "G")
    code = f"{get}({obj.code}, R)"
    inline = _inline_attr(c, name) if c.optimise else None
    if inline is not None:  # a cell's (or a table's) attribute read inline, anything else by the getter
        kind, form = inline
        t = c.ns.fresh("t")
        code = f"({form.format(t=t)} if type({t} := {obj.code}) is {kind} else {get}({t}, R))"
    node = Node(c.ns, code, obj.reads)

    def origin(f: dict) -> Any:
        if obj.value(f) is None:
            return None
        return origin_of(node.value(f)) or obj.origin(f)

    def why(f: dict) -> reasons.Reason | None:
        o = obj.value(f)
        if o is None:
            return reason(obj, f)
        return reasons.of_value(o, f[0].layout) or reasons.of_attribute(o, name)

    node.origin, node.why = origin, why
    return node


def _inline_attr(c: Compiler, name: str) -> tuple[str, str] | None:
    """(the type, the code over ``{t}``) of what ``_getter`` does for a cell's or a table's ``name``."""
    if name == "value":
        return "Cell", "({t}.value if {t}.state is NUMBER else None)"
    if name in ("raw", "text"):
        return "Cell", "{t}.raw"
    if name in ("row", "col"):
        return "Cell", f"R.axes[({{t}}.table, {c.ns.const(name)}, {{t}}.{name})]"
    if name == "table":
        return "Cell", "R.table_val({t}.table)"
    if name in _LAYOUT_ONLY:
        by_table = {t.id: _shared(c, table_attr(TableVal(t, None), name)) for t in c.layout.tables}
        return "TableVal", f"{c.ns.const(by_table)}[{{t}}.layout.id]"
    return None


def _layout_attr(c: Compiler, e: ast.Attr) -> Any:
    """``表三.rows``, ``表二.amounts``, ``表三.outcomes``: what depends on the layout only, else ``NO``."""
    if not (c.optimise and isinstance(e.obj, ast.TableConst)):
        return NO
    lay = c.layout.table(e.obj.table)
    if e.name not in _LAYOUT_ONLY and lay.group(e.name) is None:
        return NO
    return _shared(c, table_attr(TableVal(lay, None), e.name))


def _shared(c: Compiler, value: Any) -> Any:
    """The layout's own row and column values in a tuple, shared by every use."""
    if isinstance(value, tuple):
        return tuple(c.axis_ref(r.table, r.axis, r.id) if isinstance(r, AxisRef) else r for r in value)
    return value


def _getter(c: Compiler, name: str) -> Callable[[Any, Any], Any]:
    """``o.name`` (None of None); optimised, a cell's or a table's attribute skips the chain of type tests."""

    def general(o: Any, run: Any) -> Any:
        return None if o is None else attribute(o, name, run)

    if not c.optimise:
        return general
    if name in _LAYOUT_ONLY:
        by_table = {t.id: _shared(c, table_attr(TableVal(t, None), name)) for t in c.layout.tables}
        return lambda o, run: by_table[o.layout.id] if type(o) is TableVal else general(o, run)
    if name in _CELL_ATTRS:
        return _cell_getter(name, general)
    if name in ("line", "column"):
        return _location_getter(name, general)
    if name == "numeral":
        return general
    return _field_getter(name, general)


def _location_getter(name: str, general: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    """``.line``/``.column`` of a thing with its own ``loc`` read directly (``origin_of`` maps only
    cells, part sums and tables otherwise)."""
    special = (Cell, PartSum, TableVal)

    def get(o: Any, run: Any) -> Any:
        loc = getattr(o, "loc", None)
        if type(loc) is Location and not isinstance(o, special):
            return Decimal(getattr(loc, name))
        return general(o, run)

    return get


def _field_getter(name: str, general: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    """A plain field of a dataclass (a claim's ``.unit``) read directly: which types ``attribute`` reads
    that way depends on the type and the name only, so it is decided once per type."""
    plain: dict[type, bool] = {}

    def get(o: Any, run: Any) -> Any:
        t = type(o)
        p = plain.get(t)
        if p is None:
            p = plain[t] = plain_field(t, name)
        if not p:
            return general(o, run)
        value = getattr(o, name, None)
        return Decimal(value) if isinstance(value, int) and not isinstance(value, bool) else value

    return get


def _cell_getter(name: str, general: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    number = CellState.NUMBER
    if name == "value":
        return lambda o, run: (o.value if o.state is number else None) if type(o) is Cell else general(o, run)
    if name in ("raw", "text"):
        return lambda o, run: o.raw if type(o) is Cell else general(o, run)
    if name in ("row", "col"):
        return lambda o, run: run.axis(o.table, name, getattr(o, name)) if type(o) is Cell else general(o, run)
    if name == "table":
        return lambda o, run: run.table_val(o.table) if type(o) is Cell else general(o, run)
    return lambda o, run: o.state.value if type(o) is Cell else general(o, run)


BUILDERS: dict[type, Callable[[Compiler, Any, Scope], Node]] = {
    ast.Const: _const, ast.Label: _label, ast.Regex: _regex, ast.Sym: _sym, ast.ListExpr: _listexpr,
    ast.Var: _var, ast.Builtin: _builtin, ast.TableConst: _tableconst, ast.CellAt: _cellat,
    ast.Index: _index, ast.Attr: _attr,
    ast.Unary: compile_ops.unary, ast.Binary: compile_ops.binary, ast.Compare: compile_ops.compare,
    ast.Test: compile_ops.test, ast.IfExpr: compile_ops.ifexpr,
    ast.Call: compile_calls.call, ast.GenCall: compile_calls.gencall,
}

__all__ = ["BUILDERS", "HELPERS", "Compiler", "variable"]
