"""The compiler of expressions: each node of a resolved rule becomes a ``nodes.Node``.

Leaves, cells, indexes and attributes are built here; operators and tests in
``compile_ops``, calls and generators in ``compile_calls``. Every node type of the language
has a builder (a test checks it against the resolver's), and every operator's meaning is
read from ``checker.language.meanings``. With ``optimise`` the builders fold what depends
on the layout only (rows, columns, table attributes) into constants and read bound names
straight from their slots; without it every node takes the general path, which the
differential test compares with the optimised one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from operator import itemgetter
from typing import Any

from checker.engine import compile_calls, compile_ops, reasons
from checker.engine.nodes import NO, Binding, Node, Scope, axis_of, constant, none, reason
from checker.engine.values import TableVal, attribute, origin_of, table_attr
from checker.language import ast as ast
from checker.language.textmatch import Pattern
from checker.language.values import AxisRef, scalar
from checker.model import Cell, CellState
from checker.read.layouts import Layout

_NUMBER = CellState.NUMBER
_LAYOUT_ONLY = frozenset({"rows", "columns", "cols", "amounts", "id", "name"})  # table attributes of the layout


class Compiler:
    """Compile-time state of one rule under one layout: the slots handed out so far."""

    def __init__(self, layout: Layout, axes: Mapping[tuple[str, str, str], AxisRef], optimise: bool) -> None:
        self.layout, self.axes, self.optimise = layout, axes, optimise
        self.nslots = 1

    def new_slot(self) -> int:
        self.nslots += 1
        return self.nslots - 1

    def expr(self, e: ast.Expr, scope: Scope) -> Node:
        build = BUILDERS.get(type(e))
        if build is None:  # the resolver admits no other node: this is a bug, not a rule error
            raise TypeError(f"no builder for {type(e).__name__}")
        node = build(self, e, scope)
        if not self.optimise or node.const is NO:
            return node
        value = node.const
        return Node(lambda f: value, node.origin, node.why, node.truthy, value)

    def axis_ref(self, table: str, axis: str, rid: str) -> AxisRef:
        return self.axes[(table, axis, rid)]


# ---------------------------------------------------------------- leaves


def _const(c: Compiler, e: ast.Const, scope: Scope) -> Node:
    return constant(e.value)


def _label(c: Compiler, e: ast.Label, scope: Scope) -> Node:
    return constant(e.text)


def _regex(c: Compiler, e: ast.Regex, scope: Scope) -> Node:
    return constant(Pattern(e.pattern))


def _sym(c: Compiler, e: ast.Sym, scope: Scope) -> Node:
    return constant(c.axis_ref(e.table, e.axis, e.id))


def _listexpr(c: Compiler, e: ast.ListExpr, scope: Scope) -> Node:
    items = [c.expr(i, scope) for i in e.items]
    values = [i.value for i in items]
    node = Node(lambda f: tuple(v(f) for v in values))
    if all(i.const is not NO for i in items):
        node.const = tuple(i.const for i in items)
    return node


def _var(c: Compiler, e: ast.Var, scope: Scope) -> Node:
    b = scope.get(e.name)
    if b is None:  # the resolver binds every name; unknown is the interpreter's old answer
        return constant(None)
    return variable(b)


def variable(b: Binding) -> Node:
    slot, let = b.slot, b.node
    get = itemgetter(slot)
    if b.kind == "index":
        return Node(get, slot=slot)
    if let is None:
        return Node(get, lambda f: origin_of(f[slot]), slot=slot)
    return Node(get, let.origin, lambda f: reason(let, f), let.truthy, slot=slot)


def _builtin(c: Compiler, e: ast.Builtin, scope: Scope) -> Node:
    name = e.name
    fact_reason = reasons.FACTS.get(name)

    def value(f: list) -> Any:
        return f[0].fact(name)

    return Node(value, lambda f: origin_of(f[0].fact(name)),
                lambda f: fact_reason if f[0].fact(name) is None else None)


def _tableconst(c: Compiler, e: ast.TableConst, scope: Scope) -> Node:
    tid = e.table
    return Node(lambda f: f[0].table_val(tid), lambda f: origin_of(f[0].table_val(tid)))


# ---------------------------------------------------------------- cells and indexes


def _cellat(c: Compiler, e: ast.CellAt, scope: Scope) -> Node:
    tid, lay = e.table, c.layout.table(e.table)
    row, col = axis_of(c, e.row, scope, lay, "row"), axis_of(c, e.col, scope, lay, "col")

    def value(f: list) -> Cell | None:
        table = f[0].tables.get(tid)
        if table is None:
            return None
        r, k = row(f), col(f)
        return table.cells.get((r, k)) if r and k else None

    def why(f: list) -> reasons.Reason | None:
        run = f[0]
        return reasons.missing_cell(run.layout, run.tables, tid, row(f), col(f)) if value(f) is None else None

    return Node(value, lambda f: origin_of(value(f)), why)


def _index(c: Compiler, e: ast.Index, scope: Scope) -> Node:
    obj = c.expr(e.obj, scope)
    arg = c.expr(e.args[0], scope) if e.args else None
    seq_of, one = obj.value, len(e.args) == 1

    def value(f: list) -> Any:
        seq = seq_of(f)
        idx = scalar(arg.value(f)) if arg is not None else None
        if not isinstance(seq, (tuple, list)) or not isinstance(idx, Decimal) or not one:
            return None
        i = int(idx)
        return seq[i] if 0 <= i < len(seq) and i == idx else None

    def why(f: list) -> reasons.Reason | None:
        if seq_of(f) is None:
            return reason(obj, f)
        return reason(arg, f) if arg is not None and scalar(arg.value(f)) is None else None

    return Node(value, lambda f: origin_of(value(f)), why)


# ---------------------------------------------------------------- attributes


def _attr(c: Compiler, e: ast.Attr, scope: Scope) -> Node:
    obj, name = c.expr(e.obj, scope), e.name
    folded = _layout_attr(c, e)
    if folded is not NO:
        return constant(folded)
    base, get = obj.value, _getter(c, name)

    def value(f: list) -> Any:
        o = base(f)
        return None if o is None else get(o, f[0])

    def origin(f: list) -> Any:
        o = base(f)
        if o is None:
            return None
        return origin_of(get(o, f[0])) or obj.origin(f)

    def why(f: list) -> reasons.Reason | None:
        o = base(f)
        if o is None:
            return reason(obj, f)
        return reasons.of_value(o, f[0].layout) or reasons.of_attribute(o, name)

    return Node(value, origin, why)


def _layout_attr(c: Compiler, e: ast.Attr) -> Any:
    """``表三.rows``, ``表二.amounts``, ``表三.outcomes``: what depends on the layout only, else ``NO``."""
    if not (c.optimise and isinstance(e.obj, ast.TableConst)):
        return NO
    lay = c.layout.table(e.obj.table)
    if e.name not in _LAYOUT_ONLY and lay.group(e.name) is None:
        return NO
    refs = table_attr(TableVal(lay, None), e.name)
    if isinstance(refs, tuple):  # the layout's own row and column values, shared by every use
        refs = tuple(c.axis_ref(r.table, r.axis, r.id) if isinstance(r, AxisRef) else r for r in refs)
    return refs


def _getter(c: Compiler, name: str) -> Callable[[Any, Any], Any]:
    """``attribute(o, name)``; optimised, a cell's attribute is read without the chain of type tests."""
    if not c.optimise or name not in ("row", "col", "value", "raw", "text", "state", "table"):
        return lambda o, run: attribute(o, name, run)
    if name == "value":
        return lambda o, run: (o.value if o.state is _NUMBER else None) if type(o) is Cell else attribute(o, name, run)
    if name in ("raw", "text"):
        return lambda o, run: o.raw if type(o) is Cell else attribute(o, name, run)
    if name in ("row", "col"):
        return lambda o, run: (run.axis(o.table, name, getattr(o, name)) if type(o) is Cell
                               else attribute(o, name, run))
    if name == "table":
        return lambda o, run: run.table_val(o.table) if type(o) is Cell else attribute(o, name, run)
    return lambda o, run: o.state.value if type(o) is Cell else attribute(o, name, run)


BUILDERS: dict[type, Callable[[Compiler, Any, Scope], Node]] = {
    ast.Const: _const, ast.Label: _label, ast.Regex: _regex, ast.Sym: _sym, ast.ListExpr: _listexpr,
    ast.Var: _var, ast.Builtin: _builtin, ast.TableConst: _tableconst, ast.CellAt: _cellat,
    ast.Index: _index, ast.Attr: _attr,
    ast.Unary: compile_ops.unary, ast.Binary: compile_ops.binary, ast.Compare: compile_ops.compare,
    ast.Test: compile_ops.test, ast.IfExpr: compile_ops.ifexpr,
    ast.Call: compile_calls.call, ast.GenCall: compile_calls.gencall,
}

__all__ = ["BUILDERS", "Compiler", "none", "variable"]
