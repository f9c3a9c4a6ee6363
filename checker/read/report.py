"""read_report: text → Report. Orchestration only; each step lives in its own module.

Never raises on any text: whatever cannot be found becomes ``None``, an empty tuple
or a ``Problem`` (table-missing, row-missing, not-a-report) saying where it was expected.
Each format is read into its own tables: a 2019-format report (2019, 2020, or a later one
that kept the old format) through the 2019 layout, whose ids mean what that format's
columns mean — mapping 2019 columns onto 2021 cells would be a silent lie. A report older
than 2019 predates the formats this tool checks: it is recognised (``format-predates``)
and its tables are not read.
"""

from __future__ import annotations

from checker.model import Location, Problem, Report, SourceMap, Title
from checker.normalize import fold
from checker.read import facts
from checker.read.layouts import Layout, layout_of, load_layout
from checker.read.markers import find_markers, format_of
from checker.read.sections import find_headings, find_title, match_sections
from checker.read.tables import split_lines
from checker.read.tableset import TablesRead, Text, read_tables


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
    norm = tuple(fold(text).replace("\f", " ").split("\n"))  # a form feed (PDF page break) is a space
    hits = find_headings(norm, layout)
    found_sections = match_sections(hits, lines, layout)
    sections = found_sections.sections
    first = hits[0].heading.loc.line if hits else 0
    title = find_title(norm, lines, first)
    rows = split_lines(1, lines, norm)
    found = find_markers(norm, rows)
    period = facts.find_period(norm, lines)
    year = title.year if title and title.year else (period.end.year if period else None)
    fmt = format_of(found, year, text)
    read = TablesRead({}, frozenset(), (), [])
    problems: list[Problem] = []
    if fmt == "pre-2019":
        problems = [_predates(year, title, found)] if year is None or year < 2019 else []
    else:
        mixed = any(f != "2021" for f, _ in found) and fmt != "2019"  # old markers inside a 2021 report
        tables_layout = (layout_of("2019") or layout) if fmt == "2019" else layout
        read = read_tables(tables_layout, found_sections, Text(lines, norm, rows), mixed)
        problems = read.problems
        if fmt == "unknown" and read.tables:
            fmt = "2021"
    if not title and not sections and not read.tables:
        problems = [_not_a_report(path)]
    skip = read.lines | {h.heading.loc.line for h in hits if not h.inline} | ({title.loc.line} if title else set())
    masks = [*read.spans, *((h.heading.loc.line, h.heading.loc.column, h.heading.loc.end_column) for h in hits if h.inline)]
    prose_norm, prose_raw = _masked(norm, masks), _masked(lines, masks)
    prose = _prose_lines(prose_norm, skip)
    claims, part_sums = facts.find_claims(facts.prose_chunks(prose_norm, prose_raw, prose))
    return Report(
        path=path,
        text=text,
        lines=lines,
        norm_lines=norm,
        encoding=encoding,
        format=fmt,
        format_markers=tuple(m for f, m in found if f != "2021"),
        title=title,
        period=period,
        published=facts.find_published(norm, lines),
        headings=tuple(h.heading for h in hits),
        sections=sections,
        tables=read.tables,
        claims=claims,
        part_sums=part_sums,
        years=facts.find_years(prose_norm, prose_raw, prose),
        problems=tuple(problems),
        source=source,
    )


def _masked(lines: tuple[str, ...], masks: list[tuple[int, int, int]]) -> tuple[str, ...]:
    """The lines with the parts that are not prose (inline tables and headings) blanked, columns kept."""
    if not masks:
        return lines
    out = list(lines)
    for line, a, b in masks:
        text = out[line - 1]
        b = min(b, len(text) + 1)
        out[line - 1] = text[: a - 1] + " " * max(b - a, 0) + text[b - 1 :]
    return tuple(out)


def _predates(year: int | None, title: Title | None, found: list[tuple[str, str]]) -> Problem:
    """A report older than the 2019 format: recognised, said once, not checked against formats it predates."""
    when = f"{year}年度" if year else "这份"
    markers = "、".join(m for f, m in found if f == "pre-2019")
    message = (f"{when}报告早于本工具检查的格式（国办公开办函〔2019〕60号、〔2021〕30号）："
               "按2008年《政府信息公开条例》时期的格式编制，不按现行格式检查")
    loc = title.loc if title else Location.point(1, 1)
    values: dict[str, object] = {"markers": markers} | ({"year": year} if year else {})
    return Problem("format-predates", message, loc, values)


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


