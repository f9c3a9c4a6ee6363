"""The one intermediate of the structured readers: paragraphs and table grids that keep their place.

A .docx, .pdf or .html reader yields ``Paragraph`` and ``Grid`` blocks in reading order;
``render`` turns them into the text rendering the text reader reads best — one paragraph
per line, one grid row per line with its cells separated by tabs — and the ``SourceMap``
that takes each line (and each tab field) back to the file's own place. Merged cells are
kept as spans (pandoc's RowSpan/ColSpan), so the rendering decides once, for every format,
how a merged cell reads: a cell spanning several columns is one field; a cell spanning
several rows stands on its first row and leaves an empty field on the others (the shape of
PDF text, where "三、本年度办理结果" stands beside 予以公开 only).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from checker.model import LineSource, SourceMap

#: Bounds on one table: no report table is wider than 15 columns or longer than 40 rows, and a
#: hostile file (rowspan="100000000") must not make the reader allocate what it claims.
MAX_ROWS = 2000
MAX_COLS = 64

T = TypeVar("T")
_WS = re.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")
_WIDE = r"\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f\u2018-\u201d"
_WIDE_GAP = re.compile(rf"(?<=[{_WIDE}]) (?=[{_WIDE}])")


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of running text; ``text`` may hold "\\n" where the file breaks a line."""

    text: str
    index: int | None = None  # the n-th non-empty paragraph of the body (docx, html), 1-based
    page: int | None = None  # PDF page, 1-based


@dataclass(frozen=True, slots=True)
class Span:
    """One cell of a grid: its first row and column (0-based), how many it spans, its text."""

    row: int
    col: int
    rows: int
    cols: int
    text: str


@dataclass(frozen=True, slots=True)
class Grid:
    """A table as the file has it: cells placed on a grid, merged cells as spans."""

    number: int  # the n-th table of the file, 1-based
    spans: tuple[Span, ...]
    n_rows: int
    pages: tuple[int, ...] = ()  # the page of each grid row (PDF), else empty


Block = Paragraph | Grid


def cell_text(text: str) -> str:
    """A cell's text on one line: whitespace runs made one space, none between two wide characters.

    A header stacked over lines ("商业\\n企业") reads "商业企业"; tabs and line breaks, which
    would split the rendering's fields, never survive.
    """
    text = _WS.sub(" ", text).strip()
    return _WIDE_GAP.sub("", text) if " " in text else text


def join_pieces(pieces: Iterable[str]) -> str:
    """Pieces of one cell or paragraph (lines, runs) joined: a space only between two Latin words."""
    out = ""
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        if out and out[-1].isascii() and out[-1].isalpha() and piece[0].isascii() and piece[0].isalnum():
            out += " "
        out += piece
    return out


def place_rows(rows: Sequence[Sequence[tuple[T, int, int]]]) -> tuple[list[tuple[int, int, int, int, T]], int]:
    """Place rows of (cell, rowspan, colspan) on a grid, as a browser lays out an HTML table.

    Gives (row, column, rows, columns, cell) for each cell that found room; the caller reads
    the text of those only (a hostile row of 10^5 cells costs nothing past ``MAX_COLS``). Spans are clipped to the table (a rowspan never runs past the last row, 0 means "to the
    end") and to ``MAX_ROWS`` × ``MAX_COLS``, so what a file claims is never allocated.
    """
    n_rows = min(len(rows), MAX_ROWS)
    free_from = [0] * MAX_COLS  # column → the first row no cell above covers
    spans = []
    for r in range(n_rows):
        c = 0
        for cell, rowspan, colspan in rows[r]:
            while c < MAX_COLS and free_from[c] > r:
                c += 1
            if c >= MAX_COLS:
                break
            cols = 1
            while cols < colspan and c + cols < MAX_COLS and free_from[c + cols] <= r:
                cols += 1  # a colspan stops at a cell a rowspan brought down
            down = n_rows - r if rowspan <= 0 else min(rowspan, n_rows - r)
            spans.append((r, c, down, cols, cell))
            free_from[c : c + cols] = [r + down] * cols
            c += cols
    return spans, n_rows


def render(blocks: Iterable[Block], kind: str) -> tuple[str, SourceMap]:
    """The text rendering of the blocks and the source of each of its lines."""
    lines: list[str] = []
    sources: list[LineSource | None] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            for line in block.text.split("\n"):
                if line.strip():
                    lines.append(line)
                    sources.append(LineSource(page=block.page, paragraph=block.index))
        else:
            for r, (line, spans) in enumerate(grid_lines(block)):
                lines.append(line)
                page = block.pages[r] if r < len(block.pages) else None
                sources.append(LineSource(page=page, table=block.number, row=r + 1, spans=spans))
    return "\n".join(lines) + "\n", SourceMap(kind, tuple(sources))


def grid_lines(grid: Grid) -> list[tuple[str, tuple[tuple[int, int, int], ...]]]:
    """Each grid row as a tab-separated line with each field's (start, end, grid column), 1-based.

    A cell stands once on each row it covers: with its text on its first row, as an empty
    field below. A column no cell covers is skipped at the end of a row, an empty field inside it.
    """
    by_row: list[list[Span]] = [[] for _ in range(grid.n_rows)]
    for span in grid.spans:
        for r in range(span.row, min(span.row + span.rows, grid.n_rows)):
            by_row[r].append(span)
    out = []
    for r, row in enumerate(by_row):
        fields: list[tuple[str, int]] = []
        col = 0
        for span in sorted(row, key=lambda s: s.col):
            if span.col < col:
                continue  # overlapping spans (a broken file): the first one wins
            fields.extend(("", c) for c in range(col, span.col))
            fields.append((cell_text(span.text) if span.row == r else "", span.col))
            col = span.col + span.cols
        out.append(_tab_line(fields))
    return out


def _tab_line(fields: list[tuple[str, int]]) -> tuple[str, tuple[tuple[int, int, int], ...]]:
    spans = []
    pos = 1
    for text, col in fields:
        spans.append((pos, pos + len(text), col + 1))
        pos += len(text) + 1
    return "\t".join(t for t, _ in fields), tuple(spans)

