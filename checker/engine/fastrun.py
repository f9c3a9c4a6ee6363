"""Per-report state of a compiled evaluation (``checker.engine.compile_rule``), and fast value helpers.

The interpreter (``evaluate_expr``) rebuilds the same report facts, table values and
rows/columns as objects on every use; a compiled rule asks a ``Run`` instead, which builds
each once per report. The memo lives in the ``Run`` of one ``evaluate`` call, so nothing
outlives the report and no state is shared between reports.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from operator import attrgetter
from typing import Any

from checker.engine.values import AxisRef, Ctx, TableVal, _table_attr, axis_ref, builtin, scalar, table_cells
from checker.model import Cell, CellState, Section
from checker.read.layouts import Layout

_NUMBER = CellState.NUMBER
_MISSING = object()
_STATE_OF = attrgetter("state")


# Types ``values.scalar`` returns unchanged (it only maps cells, claims, dates read, years, matches, ints).
_ITSELF = frozenset({Decimal, bool, str, tuple, list, type(None), dt.date, AxisRef, TableVal, Section})


def sc(x: Any) -> Any:
    """``values.scalar``, without its chain of ``isinstance`` for the common types."""
    t = type(x)
    if t in _ITSELF:
        return x
    if t is Cell:
        return x.value if x.state is _NUMBER else None
    return scalar(x)


def truth_of(x: Any) -> bool | None:
    """``values.truth(values.scalar(x))`` in one call."""
    if x is None or x is True or x is False:
        return x
    x = sc(x)
    if x is None or x is True or x is False:
        return x
    return bool(x)


MAX_KNOWN = 65536  # entries a pass memo holds before it is emptied


def remember(known: dict, key: Any, compute: Callable[[], Any]) -> Any:
    """``known[key]``, computed and stored on a miss: the bounded memo of a pure function
    that the compiled loops keep (emptied, not evicted, when it reaches ``MAX_KNOWN``)."""
    hit = known.get(key, known)
    if hit is known:
        if len(known) >= MAX_KNOWN:
            known.clear()
        hit = known[key] = compute()
    return hit


@dataclass(frozen=True, slots=True)
class Axes:
    """Every row and column of a layout as an ``AxisRef``, built once per layout."""

    refs: dict[tuple[str, str, str], AxisRef]
    cell_ids: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]  # (table id, its cell keys), layout order

    @classmethod
    def of(cls, layout: Layout) -> Axes:
        refs = {}
        for t in layout.tables:
            for axis, labels in (("row", t.rows), ("col", t.cols)):
                for lab in labels:
                    refs[(t.id, axis, lab.id)] = axis_ref(t, axis, lab.id)
        return cls(refs, tuple((t.id, t.cell_ids()) for t in layout.tables))


@dataclass(frozen=True, slots=True)
class Run:
    """One report being checked: the interpreter's context plus memos of what it would rebuild."""

    ctx: Ctx
    axes: Axes
    memo: dict[Any, Any] = field(default_factory=dict)
    out: list = field(default_factory=list)  # the diagnostics of compiled rules, in order

    def fact(self, name: str) -> Any:
        key = ("fact", name)
        value = self.memo.get(key, _MISSING)
        if value is _MISSING:
            value = self.memo[key] = builtin(name, self.ctx)
        return value

    def table_val(self, tid: str) -> TableVal:
        key = ("table", tid)
        value = self.memo.get(key)
        if value is None:
            value = self.memo[key] = TableVal(self.ctx.layout.table(tid), self.ctx.report.tables.get(tid))
        return value

    def table_cells(self, t: TableVal) -> tuple[Cell, ...]:
        key = ("cells", t.layout.id)
        hit = self.memo.get(key)
        if hit is None or hit[0] is not t.table:
            hit = self.memo[key] = (t.table, table_cells(t))
        return hit[1]

    def cells(self) -> tuple[Cell, ...]:
        """The ``cells`` fact (``values._FACTS``), from the layout's cell keys worked out once."""
        value = self.memo.get("cells")
        if value is None:
            tables = self.ctx.report.tables
            value = []
            for tid, ids in self.axes.cell_ids:
                table = tables.get(tid)
                if table is not None:
                    value.extend(filter(None, map(table.cells.get, ids)))  # a Cell is never falsy
            value = self.memo["cells"] = tuple(value)
        return value

    def cells_in(self, states: frozenset[CellState]) -> tuple[Cell, ...]:
        """The report's ``cells`` in the given states, in order: what ``where c is S or …`` keeps."""
        key = ("cells_in", states)
        value = self.memo.get(key)
        if value is None:
            if len(states) == 1:
                (state,) = states
                value = self.memo[key] = self._by_state()[state]
            else:
                value = self.memo[key] = tuple(c for c in self.cells() if c.state in states)
        return value

    def _by_state(self) -> dict[CellState, tuple[Cell, ...]]:
        """The report's cells grouped by state, each group in order: one pass for every ``c is S``."""
        value = self.memo.get("by_state")
        if value is None:
            groups: dict[CellState, list[Cell]] = {s: [] for s in CellState}
            for c, state in zip(cells := self.cells(), map(_STATE_OF, cells), strict=True):
                groups[state].append(c)
            value = self.memo["by_state"] = {s: tuple(cs) for s, cs in groups.items()}
        return value

    def axis(self, table: str, axis: str, rid: str) -> AxisRef:
        ref = self.axes.refs.get((table, axis, rid))
        return ref if ref is not None else axis_ref(self.ctx.layout.table(table), axis, rid)

    def layout_attr(self, t: TableVal, name: str) -> Any:
        """A table attribute that depends on the layout only (``.rows``, ``.amounts``, a group …)."""
        key = ("layout", t.layout.id, name)
        value = self.memo.get(key, _MISSING)
        if value is _MISSING:
            value = self.memo[key] = _table_attr(t, name)
        return value
