"""The facts of a report as rule-language values, their attributes, and where each value stands.

A row or column of the layout is an ``AxisRef`` (``checker.language.values``), a table a
``TableVal`` (the layout, and the table if the report has it). ``origin_of`` gives the place
a value has in the report (location, cell, and the text to quote), which is where a
diagnostic about it points.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from checker.diagnostics import CellRef
from checker.language.meanings import NUMERALS
from checker.language.textmatch import Match
from checker.language.values import AxisRef, scalar
from checker.model import (
    Cell,
    Dated,
    Heading,
    Location,
    NumberClaim,
    PartSum,
    Period,
    Report,
    Section,
    Table,
    Title,
    YearMention,
)
from checker.read.layouts import Layout, SectionLayout, TableLayout


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a value stands in the report: its span, its cell, and what to quote of it."""

    loc: Location | None
    cell: CellRef | None = None
    quote: str = ""


@dataclass(frozen=True, slots=True)
class TableVal:
    layout: TableLayout
    table: Table | None


def _quote(obj: Any) -> str:
    if isinstance(obj, (Match, NumberClaim)):
        return obj.sentence
    if isinstance(obj, Section):
        return obj.heading
    if isinstance(obj, (Title, Period, Dated, Heading)):
        return obj.text
    if isinstance(obj, YearMention):
        return obj.context
    return ""


def origin_of(obj: Any) -> Origin | None:
    """The place of a value that has one (a cell, a section, a match, a claim …), else None."""
    if type(obj) is Cell:
        return Origin(obj.loc, CellRef(obj.table, obj.row, obj.col), obj.raw)
    if isinstance(obj, PartSum):
        return Origin(obj.total.loc, None, obj.total.sentence)
    if isinstance(obj, TableVal):
        return Origin(obj.table.loc, None, obj.layout.name) if obj.table and obj.table.loc else None
    loc = getattr(obj, "loc", None)
    return Origin(loc, None, _quote(obj)) if isinstance(loc, Location) else None


def first_origin(*origins: Origin | None) -> Origin | None:
    return next((o for o in origins if o is not None), None)


def axis_ref(layout: TableLayout, axis: str, rid: str) -> AxisRef:
    lab = layout.row(rid) if axis == "row" else layout.col(rid)
    return AxisRef(layout.id, axis, lab.id, lab.label, lab.short, lab.group)


def table_cells(t: TableVal) -> tuple[Cell, ...]:
    """The cells of a table found in the report, in the layout's reading order."""
    if t.table is None:
        return ()
    return tuple(filter(None, map(t.table.cells.get, _cell_ids(t.layout))))  # a Cell is never falsy


_CELL_IDS: dict[int, tuple[TableLayout, tuple[tuple[str, str], ...]]] = {}


def _cell_ids(layout: TableLayout) -> tuple[tuple[str, str], ...]:
    """``layout.cell_ids()``, worked out once per layout (kept with the layout it belongs to)."""
    hit = _CELL_IDS.get(id(layout))
    if hit is None or hit[0] is not layout:
        hit = _CELL_IDS[id(layout)] = (layout, layout.cell_ids())
    return hit[1]


class Facts:
    """What ``report``, ``title``, ``cells`` … name, for one report (under one view of its tables)."""

    def __init__(self, report: Report, layout: Layout, published: Dated | None,
                 tables: Mapping[str, Table]) -> None:
        self.report, self.layout, self.published, self.tables = report, layout, published, tables
        self.batch: Any = None  # the report's place in the batch (``engine.cross.Neighbours``), for cross rules

    def table_val(self, tid: str) -> TableVal:
        return TableVal(self.layout.table(tid), self.tables.get(tid))

    def fact(self, name: str) -> Any:
        get = _FACTS.get(name)
        return get(self) if get else None


_FACTS: dict[str, Callable[[Facts], Any]] = {
    "report": lambda x: x.report,
    "title": lambda x: x.report.title,
    "period": lambda x: x.report.period,
    "agency": lambda x: x.report.title.agency if x.report.title and x.report.title.agency else None,
    "year": lambda x: Decimal(x.report.year) if x.report.year is not None else None,
    "published": lambda x: x.published,
    "format": lambda x: x.report.format,
    "format_markers": lambda x: tuple(x.report.format_markers),
    "sections": lambda x: tuple(x.report.sections),
    "expected_sections": lambda x: x.layout.sections,
    "headings": lambda x: tuple(x.report.headings),
    "claims": lambda x: tuple(x.report.claims),
    "part_sums": lambda x: tuple(x.report.part_sums),
    "years": lambda x: tuple(x.report.years),
    "text": lambda x: x.report.text,
    "path": lambda x: x.report.path,
    "tables": lambda x: tuple(x.table_val(t.id) for t in x.layout.tables),
    "cells": lambda x: sum((table_cells(x.table_val(t.id)) for t in x.layout.tables), ()),
    "previous": lambda x: x.batch.previous if x.batch is not None else None,
    "children": lambda x: (x.batch.children or None) if x.batch is not None else None,
}


def attribute(obj: Any, name: str, facts: Facts) -> Any:
    """``obj.name`` in the rule language (None: unknown)."""
    if name in ("line", "column"):
        o = origin_of(obj)
        return Decimal(getattr(o.loc, name)) if o and o.loc else None
    if name == "numeral":
        n = getattr(obj, "number", getattr(obj, "ordinal", None))
        return NUMERALS[n - 1] if isinstance(n, int) and 1 <= n <= 10 else None
    if isinstance(obj, Report):
        if name == "report":
            return None
        if obj is facts.report:
            return facts.fact(name)
        return Facts(obj, facts.layout, obj.published, obj.tables).fact(name)  # another report of the batch
    if isinstance(obj, TableVal):
        return table_attr(obj, name)
    if isinstance(obj, Cell):
        return cell_attr(obj, name, facts)
    if isinstance(obj, Match):
        return getattr(obj, name) if name in Match.FIELDS else None
    if isinstance(obj, Section):
        if name == "order":
            return next((Decimal(s.number) for s in facts.layout.sections if s.key == obj.key), None)
        if name == "label":
            return obj.canonical
    if isinstance(obj, Dated) and name == "date":
        return obj.value
    if isinstance(obj, PartSum) and name in ("number", "total"):
        return obj.total if name == "total" else obj.total.number
    if isinstance(obj, dt.date) and name in ("year", "month", "day"):
        return Decimal(getattr(obj, name))
    if isinstance(obj, (AxisRef, SectionLayout)) or hasattr(obj, "__dataclass_fields__"):
        value = getattr(obj, name, None)
        return Decimal(value) if isinstance(value, int) and not isinstance(value, bool) else value
    return None


# The types ``attribute`` reads specially, and for which names (None: every name).
_SPECIAL: tuple[tuple[type, frozenset[str] | None], ...] = (
    (Report, None), (TableVal, None), (Cell, None), (Match, None), (Section, frozenset({"order", "label"})),
    (Dated, frozenset({"date"})), (PartSum, frozenset({"number", "total"})),
    (dt.date, frozenset({"year", "month", "day"})),
)


def plain_field(t: type, name: str) -> bool:
    """Whether ``attribute`` reads ``name`` of a ``t`` as a plain field (its last branch), for any name
    but ``line``, ``column`` and ``numeral``."""
    if any(issubclass(t, k) and (names is None or name in names) for k, names in _SPECIAL):
        return False
    return issubclass(t, (AxisRef, SectionLayout)) or hasattr(t, "__dataclass_fields__")


def table_attr(t: TableVal, name: str) -> Any:
    lay = t.layout
    if name in ("rows", "columns", "cols"):
        axis = "row" if name == "rows" else "col"
        return tuple(axis_ref(lay, axis, lab.id) for lab in (lay.rows if axis == "row" else lay.cols))
    if name == "cells":
        return table_cells(t)
    if name == "amounts":
        return tuple(axis_ref(lay, "col", c) for c in lay.amounts)
    if name == "present":
        return t.table is not None
    if name in ("id", "name"):
        return getattr(lay, name)
    group = lay.group(name)
    if group is not None:
        axis = "row" if any(r.id == group[0] for r in lay.rows) else "col"
        return tuple(axis_ref(lay, axis, i) for i in group)
    return None


def cell_attr(c: Cell, name: str, facts: Facts) -> Any:
    lay = facts.layout.table(c.table)
    if name == "row":
        return axis_ref(lay, "row", c.row)
    if name == "col":
        return axis_ref(lay, "col", c.col)
    if name == "table":
        return facts.table_val(c.table)
    if name == "state":
        return c.state.value
    if name == "value":
        return scalar(c)
    return c.raw if name in ("raw", "text") else None
