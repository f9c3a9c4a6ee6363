"""The compiler of expressions: each node of a resolved rule becomes a ``nodes.Node`` of closures.

Leaves, cells and indexes are built here; attributes in ``compile_attrs``, operators and
tests in ``compile_ops``, calls and generators in ``compile_calls``. Every node type of the language
has a builder (a test checks it against the resolver's), and every operator's meaning is
read from ``checker.language.meanings``. With ``optimise`` the builders fold what depends
on the layout only (rows, columns) into constants and specialise closures on what they
know of their operands; without it every node takes the general path, which the differential
test compares with the optimised one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from checker.engine import compile_attrs, compile_calls, compile_ops, reasons
from checker.engine.nodes import (
    NO,
    Binding,
    Fn,
    Node,
    Scope,
    constant,
    reason,
    reason_of,
    resolve_axis,
    scalar_of,
)
from checker.engine.values import origin_of
from checker.language import ast as ast
from checker.language.textmatch import Pattern
from checker.language.values import AxisRef, scalar
from checker.language.vocab import BATCH_BUILTINS
from checker.model import Cell, Report
from checker.read.layouts import Layout, TableLayout


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
        if self.optimise and node.const is not NO and node.slot is None:
            value = node.const
            node.value = lambda f: value
        return node

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
    values = tuple(i.value for i in items)
    const = tuple(i.const for i in items) if all(i.const is not NO for i in items) else NO
    return Node(lambda f: tuple([v(f) for v in values]), const=const)


def _var(c: Compiler, e: ast.Var, scope: Scope) -> Node:
    b = scope.get(e.name)
    if b is None:  # the resolver binds every name it lets through
        return constant(None)
    return variable(b)


def variable(b: Binding) -> Node:
    slot, let = b.slot, b.node

    def value(f: list) -> Any:
        return f[slot]

    if b.kind == "index":
        return Node(value, slot=slot)
    if let is None:
        return Node(value, lambda f: origin_of(f[slot]), slot=slot)
    return Node(value, let.origin, lambda f: reason_of(let, f[slot], f), let.truthy, slot=slot)  # the slot holds its value


def _builtin(c: Compiler, e: ast.Builtin, scope: Scope) -> Node:
    name = e.name
    if name in BATCH_BUILTINS:  # the reason names the report the batch lacks
        return Node(lambda f: f[0].fact(name), lambda f: None,
                    lambda f: reasons.of_batch(name, f[0]) if f[0].fact(name) is None else None)
    fact_reason = reasons.FACTS.get(name)
    return Node(lambda f: f[0].fact(name), lambda f: origin_of(f[0].fact(name)),
                lambda f: fact_reason if f[0].fact(name) is None else None)


def _tableconst(c: Compiler, e: ast.TableConst, scope: Scope) -> Node:
    tid = e.table
    return Node(lambda f: f[0].table_val(tid), lambda f: origin_of(f[0].table_val(tid)))


# ---------------------------------------------------------------- cells and indexes


def _axis(c: Compiler, e: ast.Expr, scope: Scope, lay: TableLayout, axis: str) -> Node:
    """The row or column id an operand of ``T[row, col]`` names (folded when it is a constant)."""
    node = c.expr(e, scope)
    if c.optimise and node.const is not NO:
        return constant(resolve_axis(lay, axis, node.const))
    get, tid = node.value, lay.id

    def value(f: list) -> str | None:
        v = get(f)
        if type(v) is AxisRef and v.table == tid and v.axis == axis:  # the common case first
            return v.id
        return resolve_axis(lay, axis, v)

    return Node(value)


def _cellat(c: Compiler, e: ast.CellAt, scope: Scope) -> Node:
    tid, lay = e.table, c.layout.table(e.table)
    row, col = _axis(c, e.row, scope, lay, "row"), _axis(c, e.col, scope, lay, "col")
    if e.of is not None:
        return _cell_of(c.expr(e.of, scope), tid, row, col)
    node = Node(_cell_value(c, tid, row, col))

    def why(f: list) -> reasons.Reason | None:
        run = f[0]
        if node.value(f) is not None:
            return None
        return reasons.missing_cell(run.layout, run.tables, tid, row.value(f), col.value(f))

    node.origin, node.why = (lambda f: origin_of(node.value(f))), why
    return node


def _cell_of(report: Node, tid: str, row: Node, col: Node) -> Node:
    """``previous.表三[row, col]``: the cell of another report of the batch (unknown, with the batch's
    reason, when there is no such report)."""

    def value(f: list) -> Cell | None:
        other = report.value(f)
        t = other.tables.get(tid) if isinstance(other, Report) else None
        return t.cells.get((r, k)) if t is not None and (r := row.value(f)) and (k := col.value(f)) else None

    def why(f: list) -> reasons.Reason | None:
        other = report.value(f)
        if not isinstance(other, Report):
            return reason_of(report, other, f)
        if value(f) is not None:
            return None
        return reasons.of_other(other, reasons.missing_cell(f[0].layout, other.tables, tid, row.value(f), col.value(f)))

    return Node(value, lambda f: origin_of(value(f)), why)


def _cell_value(c: Compiler, tid: str, row: Node, col: Node) -> Fn:
    """``T[row, col]``: the table's cell, if the table is there and both ids are (the row read first)."""
    if c.optimise and row.const is not NO and col.const is not NO:
        key = (row.const, col.const) if row.const and col.const else None
        if key is None:
            return lambda f: None
        return lambda f: t.cells.get(key) if (t := f[0].tables.get(tid)) is not None else None
    r_of, k_of = row.value, col.value
    if c.optimise and col.const is not NO and col.const:
        k = col.const

        def in_column(f: list) -> Cell | None:
            t = f[0].tables.get(tid)
            return t.cells.get((r, k)) if t is not None and (r := r_of(f)) else None

        return in_column

    def cell(f: list) -> Cell | None:
        t = f[0].tables.get(tid)
        return t.cells.get((r, k)) if t is not None and (r := r_of(f)) and (k := k_of(f)) else None

    return cell


def _index(c: Compiler, e: ast.Index, scope: Scope) -> Node:
    obj = c.expr(e.obj, scope)
    arg = c.expr(e.args[0], scope) if e.args else None
    seq_of, idx_of, one = obj.value, (scalar_of(c, arg) if arg is not None else None), len(e.args) == 1

    def value(f: list) -> Any:
        seq = seq_of(f)
        idx = idx_of(f) if idx_of is not None else None
        if not isinstance(seq, (tuple, list)) or not isinstance(idx, Decimal) or not one:
            return None
        i = int(idx)
        return seq[i] if 0 <= i < len(seq) and i == idx else None

    node = Node(value)

    def why(f: list) -> reasons.Reason | None:
        if obj.value(f) is None:
            return reason(obj, f)
        return reason(arg, f) if arg is not None and scalar(arg.value(f)) is None else None

    node.origin, node.why = (lambda f: origin_of(node.value(f))), why
    return node


BUILDERS: dict[type, Callable[[Compiler, Any, Scope], Node]] = {
    ast.Const: _const, ast.Label: _label, ast.Regex: _regex, ast.Sym: _sym, ast.ListExpr: _listexpr,
    ast.Var: _var, ast.Builtin: _builtin, ast.TableConst: _tableconst, ast.CellAt: _cellat,
    ast.Index: _index, ast.Attr: compile_attrs.attr,
    ast.Unary: compile_ops.unary, ast.Binary: compile_ops.binary, ast.Compare: compile_ops.compare,
    ast.Test: compile_ops.test, ast.IfExpr: compile_ops.ifexpr,
    ast.Call: compile_calls.call, ast.GenCall: compile_calls.gencall,
}

__all__ = ["BUILDERS", "Compiler", "variable"]
