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
are never skipped, so every diagnostic is still produced by the body itself. A body that
reads nothing of the report either (``cell-invalid``: the cell, the layout, constants) passes
or fails alike in every report (``BodyKey.per_report`` is False). Its pass cache is then a
bounded, per-process memo of that pure function, owned by the compiled rule set (it lives in
the compiled closures, which the rule set keeps); ``evaluate``'s output never depends on it,
since a hit only skips a body that would have passed silently.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from operator import attrgetter
from typing import Any

from checker.engine.fastrun import MAX_KNOWN, remember, truth_of
from checker.language import ast as ast
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
# Functions whose value depends on their arguments only, not on the report.
_PURE_FUNCTIONS = frozenset({"len", "abs", "date", "year", "numeral", "sum", "count", "any", "all", "min", "max",
                             "first"})
# Attributes of a table value that depend on the report's table, not on the layout only.
_REPORT_TABLE_ATTRS = frozenset({"cells", "present", "line", "column", "numeral"})
_REPORT = "report"  # in the set of things read: the report itself (facts, tables, text)


@dataclass(frozen=True, slots=True)
class BodyKey:
    """The fields of a cell its loop body reads, and whether the body reads the report too."""

    key: Callable[[Any], Any]
    per_report: bool


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


def body_key(body: tuple[ast.Stmt, ...], target: str) -> BodyKey | None:
    """What the body's conditions read of the cell, or None if they read more than its fields."""
    reads: set[str] = set()
    if not _block_ok(body, target, set(), reads):
        return None
    names = [f for f in _ORDER if f in reads]
    key: Callable[[Any], Any] = attrgetter(*names) if names else (lambda cell: ())
    return BodyKey(key, _REPORT in reads)


def where_truth(where: Callable[[list], Any], rest: ast.Expr, target: str,
                item_slot: int) -> Callable[[list], Any]:
    """The truth of a cell loop's remaining ``where``, remembered per cell key when it reads
    nothing but the cell's fields (``c.value != 0``): a bounded cache of a pure function."""
    key = _where_key(rest, target)
    if key is None:
        return lambda f: truth_of(where(f))
    known: dict[Any, bool | None] = {}

    def truth(f: list) -> bool | None:
        return remember(known, key(f[item_slot]), lambda: truth_of(where(f)))

    return truth




def count_where(cells: Callable[[list], Any], where: Callable[[list], Any], rest: ast.Expr, target: str,
                item_slot: int) -> Callable[[list], Any] | None:
    """``count(c for c in cells where c is S and REST)`` with ``where_truth``'s memo inline, or None
    when REST reads more than the cell's fields: ``all-zero`` counts every number cell of a report."""
    key = _where_key(rest, target)
    if key is None:
        return None
    known: dict[Any, bool | None] = {}

    def count(f: list) -> Decimal:
        n = 0
        for cell, k in zip(items := cells(f), map(key, items), strict=True):
            hit = known.get(k, known)
            if hit is known:
                if len(known) >= MAX_KNOWN:
                    known.clear()
                f[item_slot] = cell
                hit = known[k] = truth_of(where(f))
            if hit is True:
                n += 1
        return Decimal(n)

    return count


def _where_key(rest: ast.Expr, target: str) -> Callable[[Any], Any] | None:
    """The cell fields a ``where`` reads, as a key function, when it reads nothing else that varies."""
    reads: set[str] = set()
    if not _expr_ok(rest, target, set(), reads) or _REPORT in reads:
        return None
    names = [f for f in _ORDER if f in reads]
    return attrgetter(*names) if names else (lambda cell: ())


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
        if e.name == "table":
            fields.add(_REPORT)  # the table value holds the report's table
        return read is not None
    if _layout_attr_of_table(e, target):
        fields.add("table")
        return True
    if isinstance(e, (ast.Builtin, ast.TableConst, ast.CellAt)) or (
            isinstance(e, ast.Call) and e.func not in _PURE_FUNCTIONS):
        fields.add(_REPORT)
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


def _layout_attr_of_table(e: Any, target: str) -> bool:
    """``c.table.amounts`` and the like: read from the layout of the cell's table only."""
    return (isinstance(e, ast.Attr) and e.name not in _REPORT_TABLE_ATTRS and isinstance(e.obj, ast.Attr)
            and e.obj.name == "table" and isinstance(e.obj.obj, ast.Var) and e.obj.obj.name == target)
