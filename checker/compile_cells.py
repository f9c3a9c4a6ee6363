"""Loops over a report's cells, compiled: iterate only the cells in the states asked for, and
run a body once per distinct cell content.

The cell rules are ``for c in cells where c is blank { … }`` and the like: ~200 cells per
report, of which the ``where`` keeps a few. ``cell_filter`` recognises a ``where`` that
starts with tests of ``c``'s state, so the loop walks the ``Run``'s list of the cells in
those states instead (same cells, same order) and keeps only the rest of the condition.

``body_key`` finds the cell fields a loop body reads when the body reads nothing else
that changes from cell to cell (no other loop variable, no cell location): then whether
the body passes is a function of those fields within one report, and a body that passed
for one cell passes, silently, for every other cell with the same fields. Failing bodies
are never skipped, so every diagnostic is still produced by the body itself.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import Any

from checker import ruleast as ast
from checker.model import CellState

_STATES = {"blank": CellState.BLANK, "placeholder": CellState.PLACEHOLDER,
           "number": CellState.NUMBER, "text": CellState.TEXT}
# Cell attributes of the rule language, and the Cell fields each is computed from.
_FIELDS = {"table": ("table",), "row": ("row",), "col": ("col",), "state": ("state",),
           "value": ("state", "raw", "value"), "raw": ("raw",), "text": ("raw",)}
# A bare cell as an operand gives its value (arithmetic, comparisons) or its text (text tests).
_BARE = ("state", "raw", "value")
_OPERATORS = (ast.Compare, ast.Test, ast.Binary, ast.Unary)
_ORDER = ("table", "row", "col", "state", "raw", "value")


def cell_filter(iterable: ast.Expr, targets: tuple[str, ...],
                where: ast.Expr | None) -> tuple[frozenset[CellState], ast.Expr | None] | None:
    """For ``for c in cells where <state tests> [and REST]``: the states, and REST (or None).

    Only without an index variable (the index would count the skipped cells too).
    """
    if not (isinstance(iterable, ast.Builtin) and iterable.name == "cells" and len(targets) == 1):
        return None
    if where is None:
        return None
    states = _state_tests(where, targets[0])
    if states is not None:
        return states, None
    if isinstance(where, ast.Binary) and where.op == "and":
        states = _state_tests(where.left, targets[0])
        if states is not None:
            return states, where.right
    return None


def _state_tests(e: ast.Expr, target: str) -> frozenset[CellState] | None:
    """``c is S`` or ``c is S1 or c is S2 …``: the states; else None."""
    if isinstance(e, ast.Binary) and e.op == "or":
        left, right = _state_tests(e.left, target), _state_tests(e.right, target)
        return None if left is None or right is None else left | right
    if (isinstance(e, ast.Test) and e.kind == "is" and not e.negated and e.name in _STATES
            and isinstance(e.left, ast.Var) and e.left.name == target):
        return frozenset({_STATES[e.name]})
    return None


def body_key(body: tuple[ast.Stmt, ...], target: str) -> Callable[[Any], Any] | None:
    """A function giving the cell fields the body's conditions read, or None if it reads more."""
    fields: set[str] = set()
    if not _block_ok(body, target, set(), fields):
        return None
    names = [f for f in _ORDER if f in fields]
    if not names:
        return lambda cell: ()
    return attrgetter(*names)


def _block_ok(stmts: tuple[ast.Stmt, ...], target: str, local: set[str], fields: set[str]) -> bool:
    local = set(local)
    for stmt in stmts:
        if isinstance(stmt, ast.Let):
            if stmt.name == target or not _expr_ok(stmt.expr, target, local, fields):
                return False
            local.add(stmt.name)
        elif isinstance(stmt, ast.When):
            if not (_expr_ok(stmt.cond, target, local, fields) and _block_ok(stmt.body, target, local, fields)
                    and _block_ok(stmt.orelse, target, local, fields)):
                return False
        elif isinstance(stmt, ast.Check):
            # ``at`` is read only when the check fails, by the interpreter.
            if stmt.cond is not None and not _expr_ok(stmt.cond, target, local, fields):
                return False
        else:
            return False
    return True


def _expr_ok(e: Any, target: str, local: set[str], fields: set[str]) -> bool:
    """Whether ``e`` reads only the given fields of the cell, names bound in the body, and the report."""
    if isinstance(e, tuple):
        return all(_expr_ok(x, target, local, fields) for x in e)
    if isinstance(e, ast.Var):
        return e.name in local and e.name != target
    if isinstance(e, ast.Attr) and isinstance(e.obj, ast.Var) and e.obj.name == target:
        read = _FIELDS.get(e.name)
        fields.update(read or ())
        return read is not None
    if isinstance(e, ast.GenCall):
        inner = local | set(e.targets)
        return (target not in e.targets and _expr_ok(e.iterable, target, local, fields)
                and _expr_ok((e.expr, e.where), target, inner, fields))
    if isinstance(e, (ast.For, ast.Let, ast.When, ast.Check)):
        return False
    dc = getattr(e, "__dataclass_fields__", None)
    if not dc:
        return True
    for name in dc:
        child = getattr(e, name)
        if isinstance(e, _OPERATORS) and isinstance(child, ast.Var) and child.name == target:
            fields.update(_BARE)
        elif name != "pos" and not _expr_ok(child, target, local, fields):
            return False
    return True
