"""Run-time values of the rule language and the facts of a report as values.

A ``V`` is a value with its ``Origin`` (where in the report it came from, and the cell);
``None`` means unknown. Rows and columns are ``AxisRef`` (they print as their official
labels), tables ``TableVal`` (the layout, and the table if the report has it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from checker.diagnostics import CellRef
from checker.engine import textmatch
from checker.model import (
    Cell,
    CellState,
    Dated,
    Location,
    NumberClaim,
    PartSum,
    Report,
    Section,
    Table,
    YearMention,
)
from checker.normalize import label_key
from checker.read.layouts import Layout, SectionLayout, TableLayout


@dataclass(frozen=True, slots=True)
class Origin:
    loc: Location | None
    cell: CellRef | None = None


@dataclass(frozen=True, slots=True)
class V:
    value: Any  # None: unknown
    origin: Origin | None = None


@dataclass(frozen=True, slots=True)
class AxisRef:
    """A row or column of a table, as a value: renders as its short official label."""

    table: str
    axis: str
    id: str
    label: str
    short: str
    group: str

    def names(self) -> set[str]:
        return {self.id, label_key(self.label), label_key(self.short)}


@dataclass(frozen=True, slots=True)
class TableVal:
    layout: TableLayout
    table: Table | None


@dataclass(frozen=True, slots=True)
class Ctx:
    """What an expression sees: the report, the layout, the publication date and the bound names."""

    report: Report
    layout: Layout
    published: Dated | None
    scope: Mapping[str, V]

    def bind(self, name: str, v: V) -> Ctx:
        return Ctx(self.report, self.layout, self.published, {**self.scope, name: v})


UNKNOWN = V(None)


def origin_of(obj: Any) -> Origin | None:
    if isinstance(obj, Cell):
        return Origin(obj.loc, CellRef(obj.table, obj.row, obj.col))
    if isinstance(obj, PartSum):
        return Origin(obj.total.loc)
    if isinstance(obj, TableVal):
        return Origin(obj.table.loc) if obj.table and obj.table.loc else None
    loc = getattr(obj, "loc", None)
    return Origin(loc) if isinstance(loc, Location) else None


def wrap(obj: Any, fallback: Origin | None = None) -> V:
    return V(obj, origin_of(obj) or fallback)


def scalar(obj: Any) -> Any:
    """The value a thing stands for in arithmetic and comparisons (None: unknown)."""
    if isinstance(obj, Cell):
        return obj.value if obj.state is CellState.NUMBER else None
    if isinstance(obj, NumberClaim):
        return obj.number
    if isinstance(obj, Dated):
        return obj.value
    if isinstance(obj, YearMention):
        return Decimal(obj.year)
    if isinstance(obj, textmatch.Match):
        return obj.number
    if isinstance(obj, int) and not isinstance(obj, bool):
        return Decimal(obj)
    return obj


def text_of(obj: Any) -> str | None:
    if isinstance(obj, str):
        return obj
    if isinstance(obj, Cell):
        return obj.raw
    if isinstance(obj, NumberClaim):
        return obj.sentence
    if isinstance(obj, Report):
        return obj.text
    text = getattr(obj, "text", None)
    return text if isinstance(text, str) else None


def axis_ref(layout: TableLayout, axis: str, rid: str) -> AxisRef:
    lab = layout.row(rid) if axis == "row" else layout.col(rid)
    return AxisRef(layout.id, axis, lab.id, lab.label, lab.short, lab.group)


def first_origin(*vs: V) -> Origin | None:
    return next((v.origin for v in vs if v.origin is not None), None)


# ---------------------------------------------------------------- evaluation


_FACTS: dict[str, Callable[[Report, Ctx], Any]] = {
    "report": lambda r, ctx: r,
    "title": lambda r, ctx: r.title,
    "period": lambda r, ctx: r.period,
    "agency": lambda r, ctx: r.title.agency if r.title and r.title.agency else None,
    "year": lambda r, ctx: Decimal(r.year) if r.year is not None else None,
    "published": lambda r, ctx: ctx.published,
    "format": lambda r, ctx: r.format,
    "format_markers": lambda r, ctx: tuple(r.format_markers),
    "sections": lambda r, ctx: tuple(r.sections),
    "expected_sections": lambda r, ctx: ctx.layout.sections,
    "headings": lambda r, ctx: tuple(r.headings),
    "claims": lambda r, ctx: tuple(r.claims),
    "part_sums": lambda r, ctx: tuple(r.part_sums),
    "years": lambda r, ctx: tuple(r.years),
    "text": lambda r, ctx: r.text,
    "path": lambda r, ctx: r.path,
    "tables": lambda r, ctx: tuple(TableVal(t, r.tables.get(t.id)) for t in ctx.layout.tables),
    "cells": lambda r, ctx: tuple(c for t in ctx.layout.tables for c in table_cells(TableVal(t, r.tables.get(t.id)))),
}


def builtin(name: str, ctx: Ctx) -> Any:
    """A fact of the report by its rule-language name (``checker.vocab.BUILTINS``)."""
    fact = _FACTS.get(name)
    return fact(ctx.report, ctx) if fact else None


def table_cells(t: TableVal) -> tuple[Cell, ...]:
    if t.table is None:
        return ()
    return tuple(c for key in t.layout.cell_ids() if (c := t.table.cells.get(key)) is not None)


def attribute(obj: Any, name: str, ctx: Ctx) -> Any:
    if name in ("line", "column"):
        o = origin_of(obj)
        return Decimal(getattr(o.loc, name)) if o and o.loc else None
    if name == "numeral":
        n = getattr(obj, "number", getattr(obj, "ordinal", None))
        return "一二三四五六七八九十"[n - 1] if isinstance(n, int) and 1 <= n <= 10 else None
    if isinstance(obj, Report):
        return builtin(name, ctx) if name != "report" else None
    if isinstance(obj, TableVal):
        return _table_attr(obj, name)
    if isinstance(obj, Cell):
        return _cell_attr(obj, name, ctx)
    if isinstance(obj, Section):
        if name == "order":
            return next((Decimal(s.number) for s in ctx.layout.sections if s.key == obj.key), None)
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


def _table_attr(t: TableVal, name: str) -> Any:
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


def _cell_attr(c: Cell, name: str, ctx: Ctx) -> Any:
    lay = ctx.layout.table(c.table)
    if name == "row":
        return axis_ref(lay, "row", c.row)
    if name == "col":
        return axis_ref(lay, "col", c.col)
    if name == "table":
        return TableVal(lay, ctx.report.tables.get(c.table))
    if name == "state":
        return c.state.value
    if name == "value":
        return scalar(c)
    return c.raw if name in ("raw", "text") else None


def truth(x: Any) -> bool | None:
    """Kleene truth of a value: None stays unknown; a Decimal is true when non-zero."""
    if x is None or isinstance(x, bool):
        return x
    return bool(x)


def known(x: Any) -> bool:
    return x is not None and scalar(x) is not None
