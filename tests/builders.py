"""Build consistent ``Report`` objects directly (no reader), for engine and rule tests.

The report has a fixed shape, so expected locations are easy to compute:

* line 1 the title, line 2 the period sentence, line 89 the dated signature;
* section headings at lines 4, 10, 30, 66, 80, 85 (in the order given), body text right below;
* 表二 cell (row i, column j) at line 20 + i, column 1 + 3j; 表三 at line 40 + i; 表四 at line 70 + i
  (i, j: the row's and column's index in the layout).

The default tables balance: 表三 自然人 received 3, 2 予以公开, 1 carried over; 表四 行政复议 1 维持.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from checker.model import (
    Cell,
    CellState,
    Dated,
    Heading,
    Location,
    NumberClaim,
    PartSum,
    Period,
    Problem,
    Report,
    Section,
    Table,
    Title,
    YearMention,
)
from checker.read.layouts import load_layout

LAYOUT = load_layout()
SECTION_LINES = (4, 10, 30, 66, 80, 85)
TABLE_LINES = {"t2": 20, "t3": 40, "t4": 70}
NUMERALS = "一二三四五六七八九十"
PLACEHOLDERS = {"/", "—", "-", "无", "不适用", "－", "——"}

BASE_CELLS: dict[str, int] = {
    "t3 r1 natural": 3, "t3 r1 total": 3,
    "t3 r3.1 natural": 2, "t3 r3.1 total": 2,
    "t3 r3.7 natural": 2, "t3 r3.7 total": 2,
    "t3 r4 natural": 1, "t3 r4 total": 1,
    "t4 review upheld": 1, "t4 review total": 1,
}


def cell_loc(table: str, row: str, col: str, raw: str = "0") -> Location:
    lay = LAYOUT.table(table)
    i = [r.id for r in lay.rows].index(row)
    j = [c.id for c in lay.cols].index(col)
    return Location.point(TABLE_LINES[table] + i, 1 + 3 * j, len(raw))


def make_cell(table: str, row: str, col: str, value: Any) -> Cell:
    raw = _raw(value)
    state, number = _classify(raw)
    return Cell(table, row, col, raw, number, state, cell_loc(table, row, col, raw))


def _raw(value: Any) -> str:
    if isinstance(value, bool):
        raise TypeError("cell values are numbers or strings")
    return str(value)


def _classify(raw: str) -> tuple[CellState, Decimal | None]:
    text = raw.strip()
    if not text:
        return CellState.BLANK, None
    if text in PLACEHOLDERS:
        return CellState.PLACEHOLDER, None
    try:
        return CellState.NUMBER, Decimal(text)
    except InvalidOperation:
        return CellState.TEXT, None


def _tables(cells: Mapping[str, Any], drop: Sequence[str]) -> dict[str, Table]:
    values: dict[tuple[str, str, str], Any] = {}
    for lay in LAYOUT.tables:
        for r, c in lay.cell_ids():
            values[(lay.id, r, c)] = 0
    for key, v in {**BASE_CELLS, **cells}.items():
        t, r, c = key.split()
        values[(t, r, c)] = v
    out = {}
    for lay in LAYOUT.tables:
        if lay.id in drop:
            continue
        found = {(r, c): make_cell(t, r, c, v) for (t, r, c), v in values.items() if t == lay.id and v is not None}
        out[lay.id] = Table(lay.id, lay.name, Location.point(TABLE_LINES[lay.id] - 1), tuple(r.id for r in lay.rows),
                            tuple(c.id for c in lay.cols), found)
    return out


def _render_tables(lines: list[str], tables: Mapping[str, Table]) -> None:
    for tid, table in tables.items():
        lay = LAYOUT.table(tid)
        for i, row in enumerate(lay.rows):
            raws = [(table.cells[(row.id, c.id)].raw if (row.id, c.id) in table.cells else "") for c in lay.cols]
            if any(raws):
                lines[TABLE_LINES[tid] + i - 1] = "".join(r.ljust(3) for r in raws).rstrip()


def build_report(
    cells: Mapping[str, Any] | None = None,
    *,
    year: int = 2023,
    agency: str = "某某县审计局",
    title: bool = True,
    period: tuple[dt.date, dt.date] | None | str = "default",
    published: dt.date | None = None,
    texts: Mapping[str, str] | None = None,
    order: Sequence[str] = ("s1", "s2", "s3", "s4", "s5", "s6"),
    ordinals: Mapping[str, int] | None = None,
    drop_tables: Sequence[str] = (),
    fmt: str = "2021",
    problems: Sequence[Problem] = (),
    claims: Sequence[NumberClaim] = (),
    part_sums: Sequence[PartSum] = (),
    years: Sequence[YearMention] = (),
    format_markers: Sequence[str] = (),
) -> Report:
    """A report; every keyword changes one fact (see the module docstring for where things are)."""
    lines = [""] * 90
    the_title = None
    if title:
        text = f"{agency}{year}年政府信息公开工作年度报告"
        the_title = Title(text, agency, year, Location.point(1, 1, len(text)))
        lines[0] = text
    the_period = _period(lines, year, period)
    sections, headings = _sections(lines, {**default_texts(year), **(texts or {})}, order, ordinals or {})
    tables = _tables(cells or {}, drop_tables)
    _render_tables(lines, tables)
    dated = None
    if published is not None:
        lines[88] = f"{published.year}年{published.month}月{published.day}日"
        dated = Dated(published, lines[88], Location.point(89, 1, len(lines[88])))
    sections = tuple(_with_body(s, lines) for s in sections)
    return Report(
        path="built.txt", text="\n".join(lines), lines=tuple(lines), norm_lines=tuple(lines), encoding="utf-8",
        format=fmt, format_markers=tuple(format_markers), title=the_title, period=the_period, published=dated,
        headings=headings, sections=sections, tables=tables, claims=tuple(claims), part_sums=tuple(part_sums),
        years=tuple(years), problems=tuple(problems),
    )


def default_texts(year: int) -> dict[str, str]:
    """Plain section bodies that no rule objects to."""
    return {
        "s1": f"{year}年，本机关认真贯彻落实《中华人民共和国政府信息公开条例》，依法做好政府信息公开工作。",
        "s2": "本机关主动公开政府信息情况见下表。",
        "s3": "本机关收到和处理政府信息公开申请情况见下表。",
        "s4": "本机关政府信息公开行政复议、行政诉讼情况见下表。",
        "s5": "存在的主要问题是公开内容不够全面。下一步，本机关将加强培训，改进工作。",
        "s6": f"本机关{year}年未收取信息处理费。",
    }


def _period(lines: list[str], year: int, period: Any) -> Period | None:
    if period is None:
        return None
    start, end = (dt.date(year, 1, 1), dt.date(year, 12, 31)) if period == "default" else period
    text = f"本报告中所列数据的统计期限自{start.year}年{start.month}月{start.day}日起至{end.year}年{end.month}月{end.day}日止。"
    lines[1] = text
    return Period(start, end, text, Location.point(2, 1, len(text)))


def _sections(lines: list[str], texts: Mapping[str, str], order: Sequence[str], ordinals: Mapping[str, int]):
    sections, headings = [], []
    for slot, key in enumerate(order):
        layout = next(s for s in LAYOUT.sections if s.key == key)
        number = ordinals.get(key, slot + 1)
        line = SECTION_LINES[slot]
        heading = f"{NUMERALS[number - 1]}、{layout.label}"
        lines[line - 1] = heading
        for k, body_line in enumerate(texts.get(key, "").split("\n") if key in texts else []):
            lines[line + k] = body_line
        end = (SECTION_LINES[slot + 1] - 1) if slot + 1 < len(SECTION_LINES) else 89
        loc = Location.point(line, 1, len(heading))
        sections.append(Section(number, key, heading, layout.label, False, loc, line + 1, end, ""))
        headings.append(Heading(number, heading, loc))
    return sections, tuple(headings)


def _with_body(section: Section, lines: list[str]) -> Section:
    body = "\n".join(lines[section.start_line - 1:section.end_line])
    return Section(section.number, section.key, section.heading, section.canonical, section.variant, section.loc,
                   section.start_line, section.end_line, body)


def claim(subject: str, number: int, line: int, column: int = 1, unit: str = "件", sentence: str = "") -> NumberClaim:
    return NumberClaim(subject, Decimal(number), unit, sentence or f"{subject}{number}{unit}",
                       Location.point(line, column, len(str(number))))
