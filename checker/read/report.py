"""read_report: text → Report. Orchestration only; each step lives in its own module.

Never raises on any text: whatever cannot be found becomes ``None``, an empty tuple
or a ``Problem`` (table-missing, row-missing, not-a-report) saying where it was expected.
A report in an older format keeps its tables unread: mapping 2019 columns onto 2021
cells would be a silent lie, so ``format`` says what it is and rules take it from there.
"""

from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache
from pathlib import Path

from checker.model import Problem, Report, Section, SourceMap, Table
from checker.normalize import fold, label_key
from checker.read import facts
from checker.read.fields import ById, Field
from checker.read.layouts import Layout, TableLayout, load_layout, safe_load
from checker.read.sections import find_headings, find_title, match_sections, strip_ordinals
from checker.read.tables import (
    GridRead,
    Matcher,
    Region,
    make_table,
    read_blocks,
    read_grid,
    region_in,
    split_lines,
)

_MARKERS = Path(__file__).resolve().parent / "formats" / "markers.yaml"
Rows = tuple[tuple[Field, ...], ...]  # each line's fields, index 0 is line 1: split once per report


@lru_cache(maxsize=4)
def load_markers(path: Path = _MARKERS) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    """(format, ((marker, key), …)) from the markers file."""
    with open(path, encoding="utf-8") as fh:
        data = safe_load(fh)
    return tuple((str(k), tuple((str(m), label_key(str(m))) for m in v)) for k, v in data.items())


def _matcher(table: TableLayout) -> Matcher:
    return _matcher_of(ById(table))


@lru_cache(maxsize=32)
def _matcher_of(key: ById) -> Matcher:
    return Matcher.of(key.obj)  # type: ignore[arg-type]


def read_report(
    text: str, path: str = "<text>", encoding: str = "utf-8", layout: Layout | None = None,
    source: SourceMap | None = None,
) -> Report:
    """Read one report's text into the document model.

    ``source`` is given for the text rendering of a .docx/.pdf/.html file: it maps the
    rendering's lines back to that file's own places (page, paragraph, table/row/column).
    """
    layout = layout or load_layout()
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = tuple(text.split("\n"))
    norm = tuple(fold(text).split("\n"))
    hits = find_headings(norm, layout)
    sections = match_sections(hits, lines, layout)
    first = hits[0].heading.loc.line if hits else 0
    title = find_title(norm, lines, first)
    rows = split_lines(1, lines, norm)
    found = _markers(norm, rows)
    fmt = _format(found)
    tables: dict[str, Table] = {}
    used: frozenset[int] = frozenset()
    problems: list[Problem] = []
    if fmt not in ("2019", "pre-2019"):
        mixed = any(f != "2021" for f, _ in found)  # old markers inside a 2021 report
        tables, used, problems = _read_tables(layout, sections, rows, mixed)
        if fmt == "unknown" and tables:
            fmt = "2021"
    if not title and not sections and not tables:
        problems = [_not_a_report(path)]
    skip = used | {h.heading.loc.line for h in hits} | ({title.loc.line} if title else set())
    prose = _prose_lines(norm, skip)
    claims = facts.find_claims(norm, lines, prose)
    return Report(
        path=path,
        text=text,
        lines=lines,
        norm_lines=norm,
        encoding=encoding,
        format=fmt,
        format_markers=tuple(m for f, m in found if f != "2021"),
        title=title,
        period=facts.find_period(norm, lines),
        published=facts.find_published(norm, lines),
        headings=tuple(h.heading for h in hits),
        sections=sections,
        tables=tables,
        claims=claims,
        part_sums=facts.find_part_sums(claims, norm),
        years=facts.find_years(norm, lines, prose),
        problems=tuple(problems),
        source=source,
    )


def _not_a_report(path: str) -> Problem:
    message = f"{path} 不像政府信息公开工作年度报告：未找到标题、章节或表格"
    return Problem("not-a-report", message, None, {"path": path})


def _prose_lines(norm: tuple[str, ...], skip: frozenset[int] | set[int]) -> list[int]:
    """Lines of running text: not headings or the title, not table lines."""
    return [
        n
        for n, line in enumerate(norm, 1)
        if n not in skip and line.strip() and "\t" not in line and not line.lstrip().startswith("|")
    ]


def _markers(norm: tuple[str, ...], rows: Rows) -> list[tuple[str, str]]:
    """(format, marker) for each format marker standing as a table field or a short line."""
    flat = "\n".join(norm).replace(" ", "")
    squeezed = flat.split("\n")  # each line without spaces
    found = []
    for fmt, keys in load_markers():
        for text, key in keys:
            at = flat.find(key)
            if at < 0:
                continue
            for i in range(flat.count("\n", 0, at), len(squeezed)):  # from the first line holding it
                if key in squeezed[i] and _is_marker_line(rows[i], key):
                    found.append((fmt, text))
                    break
    return found


def _is_marker_line(fields: tuple[Field, ...], key: str) -> bool:
    for f in fields:
        k = strip_ordinals(f.key)
        if k.startswith(key) and len(k) <= len(key) + 12:
            return True
    return False


def _format(found: list[tuple[str, str]]) -> str:
    fmts = {f for f, _ in found}
    if "2021" in fmts:
        return "2021"
    if "2019" in fmts:
        return "2019"
    if "pre-2019" in fmts:
        return "pre-2019"
    return "unknown"


def _read_tables(
    layout: Layout, sections: tuple[Section, ...], rows: Rows, mixed: bool = False
) -> tuple[dict[str, Table], frozenset[int], list[Problem]]:
    """Each table from its section's body (the whole text when the section is missing)."""
    by_key = {s.key: s for s in sections}
    tables: dict[str, Table] = {}
    used: set[int] = set()
    problems: list[Problem] = []
    for table in layout.tables:
        section = by_key.get(table.section)
        first, last = (section.start_line, section.end_line) if section else (1, len(rows))
        region = region_in(rows, first, last)
        read = read_blocks(table, region) if table.kind == "blocks" else read_grid(table, _matcher(table), region)
        if mixed:
            read = _under_current_headers(read, region)
        if not read.cells:
            problems.append(_table_missing(table, section))
            continue
        tables[table.id] = make_table(table, read)
        used |= read.lines
        problems.extend(_rows_missing(table, read))
    return tables, frozenset(used), problems


def _under_current_headers(read: GridRead, region: Region) -> GridRead:
    """Drop the cells that stand under an old-format column header (a 2019 table inside a 2021 report).

    Their values mean something else (本年新制作数量 is not 本年制发件数): mapping them by position
    would be a silent lie. ``format-outdated`` reports the old header; the cells stay absent.
    """
    headers = _header_lines(region)
    if not any(fmt != "2021" for fmt in headers.values()):
        return read
    order = sorted(headers)

    def current(line: int) -> str:
        above = bisect_left(order, line)  # headers strictly above the line
        return headers[order[above - 1]] if above else "2021"

    cells = {k: c for k, c in read.cells.items() if current(c.loc.line) == "2021"}
    return GridRead(cells, read.missing, read.lines)


def _header_lines(region: Region) -> dict[int, str]:
    """Line → format, for each line of the region holding a column header that is a format marker."""
    markers = [(fmt, key) for fmt, keys in load_markers() for _, key in keys]
    out: dict[int, str] = {}
    for j, fields in enumerate(region.rows):
        for fmt, key in markers:
            if any(key in f.norm.replace(" ", "") for f in fields) and _is_marker_line(fields, key):
                out[region.first + j] = fmt
                break
    return out


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


def _rows_missing(table: TableLayout, read: GridRead) -> list[Problem]:
    number, _ = _names(table)
    out = []
    for rid, loc in read.missing:
        row = table.row(rid)
        # A sub-row is named with its group, as the format prints it: "（三）不予公开 1.属于国家秘密".
        label = f"{row.group} {row.label}" if row.group.startswith("（") else row.label
        values = {"table": table.id, "number": number, "row": rid, "label": label}
        out.append(Problem("row-missing", f"{number}缺少行「{label}」", loc, values))
    return out
