"""What a cross-report rule needs of each report, and the compact snapshot that carries it.

A batch with cross-report rules is checked in two phases (docs/rule-language.md,
"Cross-report references"): each report is read and checked on its own, in the workers,
and leaves a ``Member``, a snapshot of only what the cross-report rules read (the cells
they name, the sections they compare, the sketches of those sections), so the batch's
memory grows by a few kilobytes a report, not by the reports. The parent process then
checks the cross-report rules of every member against the others (``engine.batchindex``).

Which rules are cross-report rules, and what they read, is found in their syntax: a rule
that names ``previous`` or ``children`` or calls a function of the batch (``lookalikes``,
``foreign_places``) is one, and every cell and section any such rule names is kept.
"""

from __future__ import annotations

import dataclasses
import io
import pickle
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from operator import attrgetter
from typing import Any

from checker.language import ast as ast
from checker.language.meanings import BATCH_FUNCTIONS
from checker.language.regions import regions
from checker.language.similarity import bucket_keys
from checker.language.vocab import BATCH_BUILTINS
from checker.model import (
    Cell,
    CellState,
    Dated,
    LineSource,
    Location,
    Period,
    Report,
    Section,
    SourceMap,
    Table,
    Title,
)
from checker.read.fastinit import builder

#: Facts that read the whole text or every section: a cross rule that names one keeps all of it.
_WHOLE_TEXT = frozenset({"text", "report"})
_ALL_SECTIONS = frozenset({"sections", "headings"})
_ALL_TABLES = frozenset({"tables", "cells"})
_TABLE_DATA = frozenset({"cells", "present"})  # attributes of a table that read the report's table, not the layout
#: A section shorter than this (without whitespace) is not sketched: "无。" is alike in every report.
MIN_SKETCHED = 50


def nodes(node: Any) -> Iterator[Any]:
    """Every syntax node under ``node`` (statements, expressions), itself first."""
    yield node
    if not dataclasses.is_dataclass(node):
        return
    for f in dataclasses.fields(node):
        value = getattr(node, f.name)
        items = value if isinstance(value, tuple) else (value,)
        for item in items:
            if dataclasses.is_dataclass(item) and not isinstance(item, ast.Pos):
                yield from nodes(item)


def _bodies(rule: ast.Rule) -> Iterator[ast.Stmt]:
    for _, body in rule.resolved or (("", rule.body),):
        yield from body


def is_cross(rule: ast.Rule) -> bool:
    """Whether the rule reads other reports of the batch."""
    for stmt in _bodies(rule):
        for n in nodes(stmt):
            if isinstance(n, ast.Builtin) and n.name in BATCH_BUILTINS:
                return True
            if isinstance(n, (ast.Call, ast.GenCall)) and n.func in BATCH_FUNCTIONS:
                return True
    return False


@dataclass(frozen=True, slots=True)
class Needs:
    """What the cross-report rules read of a report: cells as (table, row, col) with None for "any",
    the tables they name (their layout: rows, columns), sections by key (None: all), whether the
    whole text, and whether sections are sketched."""

    cells: frozenset[tuple[str, str | None, str | None]] = frozenset()
    all_tables: bool = False
    sections: frozenset[str] | None = frozenset()
    text: bool = False
    sketch: bool = False
    tables: frozenset[str] = frozenset()

    def keeps_table(self, table: str) -> bool:
        return self.all_tables or table in self.tables or any(t == table for t, _, _ in self.cells)

    def kept_cells(self, table: Table) -> dict[tuple[str, str], Cell]:
        """The cells of ``table`` a cross rule may read: those of a row or column it names with the
        other left open, or at a row and column it names (looked up by key: a report has a few
        hundred cells, the rules name a few rows)."""
        if self.all_tables or (table.id, None, None) in self.cells:
            return dict(table.cells)
        get = table.cells.get
        return {k: c for k in _wanted(self, table.id, table.rows, table.cols) if (c := get(k)) is not None}

    def keeps_section(self, key: str) -> bool:
        return self.sections is None or key in self.sections


@lru_cache(maxsize=64)
def _wanted(needs: Needs, table: str, rows: tuple[str, ...], cols: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """The keys of the layout's cells ``needs`` keeps, in the layout's order (the same few layouts in a batch)."""
    named = [(r, c) for t, r, c in needs.cells if t == table]
    return tuple((r, c) for r in rows for c in cols if (r, None) in named or (None, c) in named or (r, c) in named)


def _sym(e: ast.Expr) -> str | None:
    return e.id if isinstance(e, ast.Sym) else None


def needs_of(rules: Iterable[ast.Rule]) -> Needs:
    """The union of what ``rules`` (the cross-report ones) read.

    A cell is kept by its table and its literal row and column (any row or column where the
    rule has a variable); a section by the key ``section(KEY)`` names or, when a variable names
    it (``for key in ["s1", "s5"]``), by every string of the rule; a table whole when the rule
    reads its cells (``表三.cells``, ``cells``) or hands the table around. A table or section no
    cross rule names is left out of the snapshot (fewer objects to pickle and to rebuild).
    """
    cells: set[tuple[str, str | None, str | None]] = set()
    tables: set[str] = set()
    sections: set[str] | None = set()
    all_tables = text = sketched = False
    for rule in rules:
        for stmt in _bodies(rule):
            layout_only = {id(n.obj) for n in nodes(stmt) if isinstance(n, ast.Attr)
                           and isinstance(n.obj, ast.TableConst) and n.name not in _TABLE_DATA}
            for n in nodes(stmt):
                if isinstance(n, (ast.CellAt, ast.TableConst)):
                    tables.add(n.table)
                if isinstance(n, ast.CellAt):
                    cells.add((n.table, _sym(n.row), _sym(n.col)))
                elif isinstance(n, ast.TableConst) and id(n) not in layout_only \
                        or isinstance(n, ast.Builtin) and n.name in _ALL_TABLES:
                    all_tables = True
                elif isinstance(n, ast.Builtin) and n.name in _WHOLE_TEXT:
                    text = True
                elif isinstance(n, ast.Builtin) and n.name in _ALL_SECTIONS:
                    sections = None
                elif isinstance(n, ast.Call) and n.func == "section" and sections is not None:
                    key = n.args[0]
                    if isinstance(key, ast.Const) and isinstance(key.value, str):
                        sections.add(key.value)
                    elif not isinstance(key, ast.Var):
                        sections = None
                elif isinstance(n, ast.Const) and isinstance(n.value, str) and sections is not None:
                    sections.add(n.value)  # a key in a list (``for key in ["s1", "s5"]``): cheap to keep
                if isinstance(n, (ast.Call, ast.GenCall)) and n.func == "lookalikes":
                    sketched = True
    return Needs(frozenset(cells), all_tables, None if sections is None else frozenset(sections), text, sketched,
                 frozenset(tables))


@dataclass(frozen=True, slots=True)
class Identity:
    """Who wrote a report, as the batch knows it: the agency (its name is the key), its parent, its region."""

    agency: str
    parent: str | None = None
    region: str | None = None  # a 6-digit adcode of ``language.regions``


@dataclass(frozen=True, slots=True)
class Member:
    """A report of the batch, as phase 2 sees it: who, which year, and the projected report."""

    identity: Identity
    year: int | None
    report: Report
    # (section key, the bands of its sketch and, last, its text's digest: a bucket of exact copies)
    sketches: tuple[tuple[str, tuple[int, ...]], ...] = ()

    @property
    def key(self) -> str:
        return agency_key(self.identity.agency)


def agency_key(name: str) -> str:
    """How two spellings of one agency's name are matched: without spaces (agencies.yaml names the rest)."""
    return "".join(name.split())


def identity_of(report: Report) -> Identity:
    """The identity the report's title gives: the agency named there, placed by the region in its name."""
    agency = report.title.agency if report.title and report.title.agency else ""
    region = regions().of_agency(agency) if agency else None
    return Identity(agency, None, region.code if region else None)


def snapshot(report: Report, needs: Needs, identity: Identity | None = None) -> Member:
    """The member of the batch for ``report``: only what ``needs`` says cross rules read."""
    who = identity or identity_of(report)
    if who.region is None and identity is not None:
        who = replace(who, region=identity_of(report).region)
    tables = {tid: replace(t, cells=needs.kept_cells(t)) for tid, t in report.tables.items() if needs.keeps_table(tid)}
    sections = tuple(s for s in report.sections if needs.keeps_section(s.key))
    compact = replace(report, text=report.text if needs.text else "", lines=(), norm_lines=(), tables=tables,
                      sections=sections, headings=(), claims=(), part_sums=(), years=(), problems=())
    sketches = tuple((s.key, keys) for s in sections if s.text
                     and (keys := bucket_keys(s.text, MIN_SKETCHED)) is not None) if needs.sketch else ()
    return Member(who, report.year, compact, sketches)


@dataclass(frozen=True, slots=True)
class Packed:
    """A member pickled, with what indexing the batch reads of it outside: a few kilobytes, a fraction
    of the member's objects, and packed in the worker that made it (``pack``), so the parent only
    indexes. Not compressed: zlib halved the bytes but cost as much as the pickling, in the worker and
    again at each unpacking."""

    key: str
    agency: str  # the agency's name as the batch knows it (agencies.yaml's, else the title's)
    year: int | None
    parent: str | None  # the parent's agency key
    sketches: tuple[tuple[str, tuple[int, ...]], ...]
    data: bytes

    def unpack(self) -> Member:
        return pickle.loads(self.data)


def pack(member: Member) -> Packed:
    parent = member.identity.parent
    return Packed(member.key, member.identity.agency, member.year, agency_key(parent) if parent else None,
                  member.sketches,
                  dumps(member, _SNAPSHOT))


Reducer = Callable[[Any], tuple[type, tuple[Any, ...]]]


def reducers(*classes: type) -> dict[type, Reducer]:
    """A pickler's dispatch table (``dumps``) that pickles each of ``classes``, frozen dataclasses, as its
    constructor's arguments: unpickling a slotted dataclass by its default ``__setstate__`` lists its
    fields anew for every object, five times slower. The fields are read by one ``attrgetter``.
    Cells and Locations, most of a snapshot's objects, are rebuilt by ``read.fastinit``'s builders,
    the reader's own (the identical objects, without the frozen ``__init__``'s per-field calls), and a
    cell's state by its name (an enum's call looks its value up in Python)."""
    table = {cls: _FAST.get(cls) or _by_fields(cls) for cls in classes}
    if Cell in classes:
        table[CellState] = _state_by_name
    return table


def dumps(value: Any, table: Mapping[type, Reducer]) -> bytes:
    """``value`` pickled with the dispatch table ``table`` (``reducers``); ``pickle.loads`` reads it back."""
    out = io.BytesIO()
    pickler = pickle.Pickler(out, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = table
    pickler.dump(value)
    return out.getvalue()


def _by_fields(cls: type) -> Reducer:
    names = tuple(f.name for f in dataclasses.fields(cls) if f.init)
    read = attrgetter(*names) if len(names) > 1 else lambda obj: (getattr(obj, names[0]),)
    return lambda obj: (cls, read(obj))


_LOCATION = builder(Location)
_CELL = builder(Cell)
_CELL_FIELDS = attrgetter("table", "row", "col", "raw", "value", "state", "loc", "inferred")
_SET_INFERRED = Cell.__dict__["inferred"].__set__


def location(line: int, column: int, end_line: int, end_column: int) -> Location:
    """A Location from a pickle (module level: a pickle names its rebuilding function)."""
    return _LOCATION(line, column, end_line, end_column)


def cell(table: str, row: str, col: str, raw: str, value: Any, state: CellState, loc: Location, inferred: str) -> Cell:
    """A Cell from a pickle, ``inferred`` included (the builder leaves it at its default, "")."""
    c = _CELL(table, row, col, raw, value, state, loc)
    if inferred:
        _SET_INFERRED(c, inferred)
    return c


_CELL_FLAT = attrgetter("table", "row", "col", "raw", "value", "state", "inferred", "loc.line", "loc.column",
                        "loc.end_line", "loc.end_column")


def table(tid: str, name: str, loc: Location | None, rows: tuple[str, ...], cols: tuple[str, ...],
          cells: tuple[tuple[Any, ...], ...]) -> Table:
    """A Table from a pickle, its cells from flat tuples (``_flat_table``) built in one loop: a pickle's
    call per cell and per location cost twice as much."""
    built = {}
    for t, row, col, raw, value, state, inferred, line, column, end_line, end_column in cells:
        c = built[row, col] = _CELL(t, row, col, raw, value, state, _LOCATION(line, column, end_line, end_column))
        if inferred:
            _SET_INFERRED(c, inferred)
    return Table(tid, name, loc, rows, cols, built)


def _flat_table(t: Table) -> tuple[Any, tuple[Any, ...]]:
    """A table as ``table``'s arguments; one whose cells are not keyed by their own row and column (no
    reader makes such a table) by its fields."""
    if any(k[0] != c.row or k[1] != c.col for k, c in t.cells.items()):
        return Table, (t.id, t.name, t.loc, t.rows, t.cols, dict(t.cells))
    return table, (t.id, t.name, t.loc, t.rows, t.cols, tuple(map(_CELL_FLAT, t.cells.values())))


_FAST: dict[type, Reducer] = {
    Location: lambda o: (location, (o.line, o.column, o.end_line, o.end_column)),
    Cell: lambda o: (cell, _CELL_FIELDS(o)),
    Table: _flat_table,
}


def _state_by_name(state: CellState) -> tuple[Any, tuple[Any, ...]]:
    return getattr, (CellState, state.name)


_SNAPSHOT = reducers(Report, Table, Cell, Location, Section, Title, Period, Dated, SourceMap, LineSource,
                     Identity, Member)
