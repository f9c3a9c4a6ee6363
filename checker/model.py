"""The document model: what reportlint read from one report, and where it read it.

Frozen dataclasses only. Everything a rule can ever say about a report rests on
these objects, so each fact carries its place in the file (1-based line and
column, the column counting characters) and the raw text it was read from.
The reader (``checker.read.report``) builds them; the engine only reads them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import Enum


@dataclass(frozen=True, slots=True)
class Location:
    """A span in the report file: 1-based lines, 1-based character columns, end exclusive."""

    line: int
    column: int
    end_line: int
    end_column: int

    @classmethod
    def point(cls, line: int, column: int = 1, width: int = 0) -> Location:
        """A span on one line, ``width`` characters wide."""
        return cls(line, column, line, column + width)


class CellState(str, Enum):
    """What a table cell holds, before any rule judges it."""

    NUMBER = "number"  # a number (possibly negative or fractional: rules decide)
    BLANK = "blank"  # nothing at all
    PLACEHOLDER = "placeholder"  # "/", "—", "-", "无", "不适用"
    TEXT = "text"  # anything else
    AMBIGUOUS = "ambiguous"  # glued digits that split into a row in more than one consistent way


@dataclass(frozen=True, slots=True)
class Cell:
    """One numeric cell of an official table, addressed by canonical ids."""

    table: str  # "t2" | "t3" | "t4"
    row: str  # canonical row id from the layout, e.g. "r3.7"
    col: str  # canonical column id from the layout, e.g. "total"
    raw: str  # the text as it stands in the file ("" for a blank cell)
    value: Decimal | None  # set only when state is NUMBER
    state: CellState
    loc: Location  # where the cell is (for a blank cell: where it should be)
    # "" when the cell was printed on its own. Otherwise the cell was inferred by the reader
    # (glued digits split back into cells) and this is the id of the rule whose identity the
    # split consumed (e.g. "t3-row-total"): to that rule the cell is unknown, so it is never
    # reported as passing on the arithmetic the reader used to read it. When the row's own
    # identity left several splits and the column identities chose one, every rule used is
    # named, comma-separated ("t3-row-total,t3-outcome-total"): test ``rule in inferred.split(",")``.
    inferred: str = ""

    def inferred_by(self, rule_id: str) -> bool:
        """Whether the reader consumed ``rule_id``'s identity to read this cell (one of several, maybe)."""
        return rule_id in self.inferred.split(",") if self.inferred else False


@dataclass(frozen=True, slots=True)
class Place:
    """Where something is in the terms of the file it came from, for the person who opens that file.

    Text files need none (line and column say it). A .docx, .pdf or .html report is read
    through a text rendering whose lines mean nothing to its author, so each diagnostic
    also names the page (PDF), the paragraph (docx, html) or the table, row and column of
    the grid as that file has them, and quotes what stands there.
    """

    page: int | None = None  # PDF page, 1-based
    paragraph: int | None = None  # the n-th paragraph of the body (docx, html), 1-based
    table: int | None = None  # the n-th table of the file, 1-based
    row: int | None = None  # the row of that table, 1-based
    column: int | None = None  # the column of that table, 1-based (merged cells expanded)
    text: str = ""  # what stands there: the cell's text or the sentence

    def describe(self) -> str:
        """The place in Chinese, e.g. "第3页 第2个表格 第5行第4列"."""
        parts = []
        if self.page is not None:
            parts.append(f"第{self.page}页")
        if self.table is not None:
            parts.append(f"第{self.table}个表格")
            if self.row is not None:
                parts.append(f"第{self.row}行" + (f"第{self.column}列" if self.column is not None else ""))
        elif self.paragraph is not None:
            parts.append(f"第{self.paragraph}段")
        return " ".join(parts)


@dataclass(frozen=True, slots=True)
class LineSource:
    """Where one line of a structured file's text rendering came from.

    ``spans`` gives, for a table row rendered as tab-separated fields, each field's
    character columns (1-based, end exclusive) and the grid column it stands for.
    """

    page: int | None = None
    paragraph: int | None = None
    table: int | None = None
    row: int | None = None
    spans: tuple[tuple[int, int, int], ...] = ()  # (start column, end column, grid column)


@dataclass(frozen=True, slots=True)
class SourceMap:
    """Line → ``LineSource`` for a report read from a .docx, .pdf or .html file."""

    kind: str  # "docx" | "pdf" | "html"
    lines: tuple[LineSource | None, ...]  # index 0 is line 1

    def place(self, loc: Location | None, text: str = "") -> Place | None:
        """The file's own place of a span of the rendering, quoting ``text``."""
        if loc is None or not 1 <= loc.line <= len(self.lines):
            return None
        src = self.lines[loc.line - 1]
        if src is None:
            return None
        column = next((g for a, b, g in src.spans if a <= loc.column <= b), None) if src.spans else None
        return Place(src.page, src.paragraph, src.table, src.row, column, text)


@dataclass(frozen=True, slots=True)
class Table:
    """An official table with its cells keyed by (row id, column id).

    ``rows`` and ``cols`` list the ids the layout expects, in the official order,
    so rules can quantify over them even when a cell is absent from the file.
    A cell that the layout expects but the file lacks is not in ``cells``.
    """

    id: str
    name: str  # as the format names it, e.g. "表三 收到和处理政府信息公开申请情况"
    loc: Location | None
    rows: tuple[str, ...]
    cols: tuple[str, ...]
    cells: Mapping[tuple[str, str], Cell] = field(hash=False)

    def cell(self, row: str, col: str) -> Cell | None:
        return self.cells.get((row, col))


@dataclass(frozen=True, slots=True)
class Section:
    """One of the six top-level sections (一 … 六) of the 2021 format."""

    number: int  # 1..6, the ordinal written in the heading
    key: str  # canonical id "s1" … "s6", from the heading's wording
    heading: str  # the heading as written (raw)
    canonical: str  # the canonical heading it matched
    variant: bool  # a known variant rather than the canonical wording
    loc: Location  # the heading line
    start_line: int  # first line of the body (after the heading)
    end_line: int  # last line of the body (inclusive)
    text: str  # the body, raw, lines joined with "\n"


@dataclass(frozen=True, slots=True)
class Heading:
    """Any top-level heading "N、…" found in the text, a section or not (for section-extra)."""

    ordinal: int
    text: str
    loc: Location


@dataclass(frozen=True, slots=True)
class Title:
    text: str
    agency: str
    year: int | None
    loc: Location


@dataclass(frozen=True, slots=True)
class Period:
    """The statistical period from the 统计期限 sentence."""

    start: date
    end: date
    text: str
    loc: Location


@dataclass(frozen=True, slots=True)
class Dated:
    """A date found in the text (e.g. the dated signature at the end)."""

    value: date
    text: str
    loc: Location


@dataclass(frozen=True, slots=True)
class NumberClaim:
    """A number stated in the prose: "收到政府信息公开申请 3 件" → subject, number, unit."""

    subject: str  # the words before the number, normalised (no spaces)
    number: Decimal
    unit: str  # 条 / 件 / 个 / 次 / 万元 / 元 …
    sentence: str  # the whole sentence, raw
    loc: Location  # the number itself


@dataclass(frozen=True, slots=True)
class PartSum:
    """"N 条，其中 A a 条、B b 条…": a total and the parts listed after 其中."""

    total: NumberClaim
    parts: tuple[NumberClaim, ...]


@dataclass(frozen=True, slots=True)
class YearMention:
    """A four-digit year in the prose ("2022年，我局…"), with the words right after it."""

    year: int
    context: str
    loc: Location


@dataclass(frozen=True, slots=True)
class Problem:
    """Structure the reader looked for and could not find (table-missing, row-missing, not-a-report).

    The reader states the facts; the rule files own the ids' severity and wording
    (``from reader`` rules), so users can select, ignore and re-level them like any rule.
    """

    kind: str
    message: str  # a default Chinese message, used by ``reportlint parse``
    loc: Location | None  # where the thing was expected
    values: Mapping[str, object] = field(default_factory=dict, hash=False)


@dataclass(frozen=True, slots=True)
class Report:
    """Everything read from one report file."""

    path: str
    text: str  # the decoded text, raw (for display and code frames)
    lines: tuple[str, ...]  # raw lines, index 0 is line 1
    norm_lines: tuple[str, ...]  # normalised lines, same count (for matching)
    encoding: str
    format: str  # "2021" | "2019" | "unknown"
    format_markers: tuple[str, ...]  # the old-format markers seen, with their text
    title: Title | None
    period: Period | None
    published: Dated | None
    headings: tuple[Heading, ...]
    sections: tuple[Section, ...]
    tables: Mapping[str, Table] = field(hash=False)
    claims: tuple[NumberClaim, ...] = ()
    part_sums: tuple[PartSum, ...] = ()
    years: tuple[YearMention, ...] = ()
    problems: tuple[Problem, ...] = ()
    source: SourceMap | None = None  # set for .docx/.pdf/.html: their own places of the rendering's lines

    def place_of(self, loc: Location | None, text: str = "") -> Place | None:
        """Where ``loc`` is in the terms of the original file; None for a text file."""
        return self.source.place(loc, text) if self.source is not None else None

    @property
    def year(self) -> int | None:
        """The report year: the title's, else the period's."""
        if self.title and self.title.year:
            return self.title.year
        return self.period.end.year if self.period else None

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)
