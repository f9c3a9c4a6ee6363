"""The tables of one report: each read from its section, by the reader its shape needs.

Each table is read from its section's body (the whole text when the section is missing):
grid tables (二, 三) row by row, 表四 block by block. When that leaves rows unfound — a page
flattened to one paragraph, digits glued to their labels — the table is read again from the
body as running text (``read.flatten``), and the reading that finds more rows is kept. What
is not found is said: a table not found is ``table-missing`` at its section's heading, each
row not found a ``row-missing`` naming the row as the format labels it, where it should stand
(the line after the row before it), or at the table's heading when that line is empty.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from checker.model import Location, Problem, Section, Table
from checker.read.blocks import read_blocks
from checker.read.fields import ById
from checker.read.flatten import read_flat
from checker.read.layouts import Layout, TableLayout
from checker.read.markers import header_lines
from checker.read.matcher import Matcher
from checker.read.runs import Span, run_of
from checker.read.sections import Sections
from checker.read.tables import GridRead, Region, Rows, make_table, read_grid, region_in


@dataclass(frozen=True, slots=True)
class TablesRead:
    """The tables found, the lines (and parts of lines) they used, and the problems met."""

    tables: dict[str, Table]
    lines: frozenset[int]
    spans: tuple[tuple[int, int, int], ...]
    problems: list[Problem]


@dataclass(frozen=True, slots=True)
class Text:
    """The report's lines: raw, folded, and split into fields once for all tables."""

    raw: tuple[str, ...]
    norm: tuple[str, ...]
    rows: Rows


def read_tables(layout: Layout, found: Sections, text: Text, mixed: bool = False) -> TablesRead:
    """Each table of the layout from its section's body."""
    by_key = {s.key: s for s in found.sections}
    tables: dict[str, Table] = {}
    used: set[int] = set()
    spans: list[tuple[int, int, int]] = []
    problems: list[Problem] = []
    for table in layout.tables:
        section = by_key.get(table.section)
        body = found.bodies.get(table.section) if section else None
        read = _read_one(table, body, text, mixed)
        if not read.cells:
            problems.append(_table_missing(table, section))
            continue
        tables[table.id] = make_table(table, read)
        used |= read.lines
        spans.extend(read.spans)
        problems.extend(read.problems)
        problems.extend(_rows_missing(table, read, section, text.norm))
    return TablesRead(tables, frozenset(used), tuple(spans), problems)


def _read_one(table: TableLayout, body: Span | None, text: Text, mixed: bool) -> GridRead:
    """The table by lines and fields; by running text when that finds more of its rows."""
    first, last = (body.line, body.end_line) if body else (1, len(text.rows))
    region = region_in(text.rows, first, last)
    read = read_blocks(table, region) if table.kind == "blocks" else read_grid(table, _matcher(table), region)
    if mixed:
        read = _under_current_headers(read, region)
    if (read.missing or not read.cells) and not mixed and last >= first:
        span = body or Span(1, 1, len(text.rows), len(text.norm[-1]) + 1)
        flat = read_flat(table, run_of(text.norm, text.raw, span), _names(table)[0])
        if flat.rows_found() > read.rows_found():
            return flat
    return read


def _matcher(table: TableLayout) -> Matcher:
    return _matcher_of(ById(table))


@lru_cache(maxsize=32)
def _matcher_of(key: ById) -> Matcher:
    return Matcher.of(key.obj)  # type: ignore[arg-type]


def _under_current_headers(read: GridRead, region: Region) -> GridRead:
    """Drop the cells that stand under an old-format column header (a 2019 table inside a 2021 report).

    Their values mean something else (本年新制作数量 is not 本年制发件数): mapping them by position
    would be a silent lie. ``format-outdated`` reports the old header; the cells stay absent.
    """
    headers = header_lines(region.rows, region.first)
    if not any(fmt != "2021" for fmt in headers.values()):
        return read
    order = sorted(headers)

    def current(line: int) -> str:
        above = bisect_left(order, line)  # headers strictly above the line
        return headers[order[above - 1]] if above else "2021"

    cells = {k: c for k, c in read.cells.items() if current(c.loc.line) == "2021"}
    return GridRead(cells, read.missing, read.lines, read.spans, read.problems)


def _names(table: TableLayout) -> tuple[str, str]:
    number, _, name = table.name.partition(" ")
    return number, name


def _table_missing(table: TableLayout, section: Section | None) -> Problem:
    number, name = _names(table)
    return Problem(
        "table-missing",
        f"未找到{number}「{name}」",
        section.loc if section else None,
        {"table": table.id, "name": table.name},
    )


def _rows_missing(
    table: TableLayout, read: GridRead, section: Section | None, norm: tuple[str, ...]
) -> list[Problem]:
    """One problem per row not found: where the row should stand, or at the table's heading when that is an empty line."""
    number, _ = _names(table)
    out = []
    for rid, loc in read.missing:
        row = table.row(rid)
        # A sub-row is named with its group, as the format prints it: "（三）不予公开 1.属于国家秘密".
        label = f"{row.group} {row.label}" if row.group.startswith("（") else row.label
        values = {"table": table.id, "number": number, "row": rid, "label": label}
        empty = not 1 <= loc.line <= len(norm) or not norm[loc.line - 1].strip()
        where: Location = section.loc if section and empty else loc
        out.append(Problem("row-missing", f"{number}缺少行「{label}」", where, values))
    return out
