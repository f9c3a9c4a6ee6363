"""One report being checked by one rule set: its facts, the budget, and what the rules found.

A ``Run`` is made per report (and per view of its tables: the rule a reader's inference
consumed sees those cells as unknown, see ``evaluate``). It holds nothing beyond that
report; the indexes it builds (facts, cells by state) are the same values worked out once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from operator import attrgetter
from typing import Any

from checker.engine.reasons import Reason
from checker.engine.values import Facts, TableVal
from checker.language.meanings import BudgetExceeded
from checker.language.values import AxisRef
from checker.model import Cell, CellState, Dated, Report, Table
from checker.read.layouts import Layout

_MISSING = object()
_state_of = attrgetter("state")


class Run(Facts):
    """The report, its layout and facts; the steps left; the current rule's findings and gaps."""

    def __init__(self, report: Report, layout: Layout, published: Dated | None, tables: Mapping[str, Table],
                 axes: Mapping[tuple[str, str, str], AxisRef], optimise: bool) -> None:
        super().__init__(report, layout, published, tables)
        self.axes, self.optimise = axes, optimise
        self.steps = 0
        self.out: list = []
        self.gaps: dict[Reason, int] = {}
        self._memo: dict[Any, Any] = {}
        self._tables_val: dict[str, TableVal] = {}

    def start(self, budget: int) -> None:
        """Begin a rule: a fresh budget, no findings yet."""
        self.steps, self.out, self.gaps = budget, [], {}

    def charge(self, steps: int) -> None:
        self.steps -= steps
        if self.steps < 0:
            raise BudgetExceeded

    def room(self) -> int:
        return max(self.steps, 0)

    def gap(self, reason: Reason) -> None:
        self.gaps[reason] = self.gaps.get(reason, 0) + 1

    def fact(self, name: str) -> Any:
        if not self.optimise:
            return super().fact(name)
        value = self._memo.get(name, _MISSING)
        if value is _MISSING:
            value = self._memo[name] = super().fact(name)
        return value

    def table_val(self, tid: str) -> TableVal:
        if not self.optimise:
            return super().table_val(tid)
        value = self._tables_val.get(tid)
        if value is None:
            value = self._tables_val[tid] = super().table_val(tid)
        return value

    def axis(self, table: str, axis: str, rid: str) -> AxisRef:
        return self.axes[(table, axis, rid)]

    def cells_in(self, states: frozenset[CellState]) -> tuple[Cell, ...]:
        """The ``cells`` fact's cells in the given states, in order (an index by state, built once).

        Most reports have no blank, placeholder or text cell at all: the count of each state (one
        pass in C) then answers those loops with nothing, and a loop over every state present
        with all the cells, without filtering them one by one."""
        key = ("states", states)
        value = self._memo.get(key)
        if value is None:
            cells = self.fact("cells")
            counts = self._memo.get("state counts")
            if counts is None:
                counts = self._memo["state counts"] = Counter(map(_state_of, cells))
            kept = sum(counts[s] for s in states)
            if kept == 0:
                value = ()
            elif kept == len(cells):
                value = cells
            else:
                value = tuple([c for c in cells if c.state in states])
            self._memo[key] = value
        return value
