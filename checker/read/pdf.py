"""PDF → paragraphs and table grids: the text layer in reading order, ruled tables as grids.

pdfplumber finds the ruled tables (``find_tables``: cells from the drawn lines) and gives
every character with its box; the rest of each page is prose, its lines joined back into
paragraphs where a line runs to the right margin and the next is not indented. A table
cut by a page break (淮安 2024 breaks 表三 after （四）1) continues as one table when it
ends its page and the next page begins with a table of the same width. Page numbers and
running headers/footers ("-3-", "第 3 页") in the page margins are neither cells nor prose.

pdfplumber rather than pypdfium2, although pdfium extracts text several times faster: the
tables are the point, and pdfium has no ruling-line table finder — measured in
bench/bench_formats.py, where pdfplumber's own extraction is the floor.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from checker.read.grid import MAX_COLS, MAX_ROWS, Block, Grid, Paragraph, Span, join_pieces

MAX_PAGES = 500
ENCRYPTED = "文件已加密（设有打开密码），无法检查"
CORRUPT = "文件已损坏或不是 PDF，无法打开"
SCANNED = "扫描件，没有文字层，无法检查"
TOO_MANY_PAGES = f"超过 {MAX_PAGES} 页，不像年度报告，不读取"

_PAGE_NUMBER = re.compile(
    r"^[\s\-—–－~·]*(第\s*)?\d{1,4}(\s*页)?(\s*[/／]\s*\d{1,4}|\s*共\s*\d{1,4}\s*页)?[\s\-—–－~·]*$"
)
_MARGIN = 0.1  # the top and bottom tenth of a page hold page numbers, headers and footers
_SNAP = 2.0  # points: cell edges closer than this are one grid line


@dataclass
class _Table:
    """A ruled table, possibly over several pages: its cells' boxes and texts, per page."""

    x0: float
    x1: float
    parts: list[tuple[int, list[tuple[tuple[float, float, float, float], str]]]] = field(default_factory=list)


@dataclass
class _Line:
    page: int
    x0: float
    x1: float
    top: float
    size: float
    text: str


def read_pdf(path: Path) -> list[Block] | str:
    """The blocks of a PDF, or why it could not be read."""
    import pdfplumber  # start-up: pdfplumber and pdfminer cost ~95 ms to import, only for a .pdf

    try:
        pdf = pdfplumber.open(str(path))
    except Exception as exc:  # pdfminer raises many kinds on a broken file
        return ENCRYPTED if _is_password_error(exc) else CORRUPT
    try:
        with pdf:
            if len(pdf.pages) > MAX_PAGES:
                return TOO_MANY_PAGES
            if not any(page.chars for page in pdf.pages):  # ruled lines of a scanned form are not text
                return SCANNED
            items = [item for n, page in enumerate(pdf.pages, 1) for item in _page_items(page, n)]
    except Exception as exc:  # a page that pdfminer cannot parse: the file is broken
        return ENCRYPTED if _is_password_error(exc) else CORRUPT
    return _blocks(_drop_running_lines(items))


def _is_password_error(exc: BaseException | None) -> bool:
    while exc is not None:
        if "Password" in type(exc).__name__ or "Encrypt" in type(exc).__name__:
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def _page_items(page, n: int) -> list[_Line | _Table | tuple[str, float]]:
    """The page's tables and prose lines, top to bottom; ("end", height) closes the page."""
    tables = [t for t in page.find_tables() if _is_grid(t)]
    boxes = [t.bbox for t in tables]
    chars = page.chars
    inside = [c for c in chars if _in_any(c, boxes)] if boxes else []
    outside = page.filter(lambda o: o.get("object_type") != "char" or not _in_any(o, boxes)) if boxes else page
    found: list[tuple[float, _Line | _Table]] = [(t.bbox[1], _table(t, inside, n)) for t in tables]
    height = float(page.height)
    for line in outside.extract_text_lines(return_chars=True):
        found.append((line["top"], _line(line, n, height)))
    found.sort(key=lambda pair: pair[0])
    return [item for _, item in found] + [("end", height)]


def _is_grid(table) -> bool:
    """A ruled table of at least two columns; a framed box of prose (one column) is prose."""
    xs = {round(c[0]) for c in table.cells}
    return len(xs) >= 2 and len(table.cells) >= 2


def _in_any(obj: dict, boxes: list) -> bool:
    cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)


def _table(table, chars: list[dict], page: int) -> _Table:
    """The table's cells with the text of the characters whose centre lies in each."""
    from pdfplumber.utils import extract_text  # start-up: loaded with pdfplumber above

    cells = sorted(table.cells, key=lambda b: (b[1], b[0]))
    xs, ys = _edges(b for c in cells for b in (c[0], c[2])), _edges(b for c in cells for b in (c[1], c[3]))
    at: dict[tuple[int, int], int] = {}
    for i, (x0, top, x1, bottom) in enumerate(cells):
        for r in range(_index(ys, top), max(_index(ys, bottom), _index(ys, top) + 1)):
            for c in range(_index(xs, x0), max(_index(xs, x1), _index(xs, x0) + 1)):
                at.setdefault((r, c), i)
    held: list[list[dict]] = [[] for _ in cells]
    for ch in chars:
        cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        i = at.get((bisect_right(ys, cy) - 1, bisect_right(xs, cx) - 1))
        if i is not None:
            held[i].append(ch)
    texts = [join_pieces(extract_text(h).split("\n")) if h else "" for h in held]
    x0, _, x1, _ = table.bbox
    return _Table(x0, x1, [(page, list(zip(cells, texts, strict=True)))])


def _edges(values) -> list[float]:
    """Sorted distinct positions, those closer than ``_SNAP`` merged."""
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > _SNAP:
            out.append(v)
    return out


def _index(edges: list[float], v: float) -> int:
    return max(bisect_right(edges, v + _SNAP) - 1, 0)


def _line(line: dict, page: int, height: float) -> _Line:
    """A prose line; wide gaps between its characters (an unruled table's columns) become tabs."""
    chars = line["chars"]
    size = max((c.get("size", 10.0) for c in chars), default=10.0)
    pieces, last = [], None
    for ch in chars:
        if last is not None and ch["x0"] - last > 2 * size:
            pieces.append("\t")
        pieces.append(ch["text"])
        last = ch["x1"]
    text = "".join(pieces) if "\t" in pieces else line["text"]
    return _Line(page, line["x0"], line["x1"], line["top"] / height, size, text)


def _drop_running_lines(items: list) -> list:
    """Without page numbers and the headers/footers repeated in the margins of several pages."""
    def margin(i: _Line) -> bool:
        return i.top < _MARGIN or i.top > 1 - _MARGIN

    lines = [i for i in items if isinstance(i, _Line) and margin(i)]
    repeated = {t for t, k in Counter(i.text.strip() for i in lines).items() if k >= 2}
    pages = len({i.page for i in items if isinstance(i, _Line)})
    return [
        i for i in items
        if not (isinstance(i, _Line) and margin(i)
                and (_PAGE_NUMBER.match(i.text) or (pages >= 3 and i.text.strip() in repeated)))
    ]


def _blocks(items: list) -> list[Block]:
    """Tables stitched over page breaks, prose lines joined into paragraphs."""
    out: list[Block | _Table] = []
    lines: list[_Line] = []
    tables: list[_Table] = []
    previous = None  # the item before the current one
    ending: _Table | None = None  # the table that ended the previous page
    at_top = False  # nothing yet on this page
    for item in items:
        if isinstance(item, tuple):  # the end of a page
            ending, at_top = (previous if isinstance(previous, _Table) else None), True
            continue
        if isinstance(item, _Table):
            if at_top and ending is not None and _same_width(ending, item):
                ending.parts.extend(item.parts)
                item = ending
            else:
                out.extend(_paragraphs(lines))
                lines = []
                tables.append(item)
                out.append(item)
        else:
            lines.append(item)
        previous, at_top = item, False
    out.extend(_paragraphs(lines))
    numbers = {id(t): n for n, t in enumerate(tables, 1)}
    return [_grid(b, numbers[id(b)]) if isinstance(b, _Table) else b for b in out]


def _same_width(a: _Table, b: _Table) -> bool:
    return abs(a.x0 - b.x0) <= 3 * _SNAP and abs(a.x1 - b.x1) <= 3 * _SNAP


def _paragraphs(lines: list[_Line]) -> list[Paragraph]:
    """Prose lines joined where a line runs to the right margin and the next is not indented."""
    if not lines:
        return []
    left = min(i.x0 for i in lines)
    right = max(i.x1 for i in lines)
    out: list[Paragraph] = []
    pieces = [lines[0].text]
    first = lines[0]
    for prev, line in zip(lines, lines[1:], strict=False):
        full = prev.x1 >= right - 1.5 * prev.size and "\t" not in prev.text
        if full and line.x0 <= left + 0.5 * line.size and "\t" not in line.text:
            pieces.append(line.text)
            continue
        out.append(Paragraph(join_pieces(pieces), page=first.page))
        pieces, first = [line.text], line
    out.append(Paragraph(join_pieces(pieces), page=first.page))
    return out


def _grid(table: _Table, number: int) -> Grid:
    """One grid over all the parts: shared column lines, each part's rows below the last."""
    first = _edges(b for box, _ in table.parts[0][1] for b in (box[0], box[2]))
    parts = table.parts[:1] + [(page, _aligned(cells, first)) for page, cells in table.parts[1:]]
    xs = _edges(b for _, cells in parts for box, _ in cells for b in (box[0], box[2]))
    spans: list[Span] = []
    pages: list[int] = []
    for page, cells in parts:
        ys = _edges(b for box, _ in cells for b in (box[1], box[3]))
        base = len(pages)
        for (x0, top, x1, bottom), text in cells:
            r, c = base + _index(ys, top), _index(xs, x0)
            if r >= MAX_ROWS or c >= MAX_COLS:
                continue
            rows = max(_index(ys, bottom) - _index(ys, top), 1)
            cols = max(_index(xs, x1) - c, 1)
            spans.append(Span(r, c, min(rows, MAX_ROWS - r), min(cols, MAX_COLS - c), text))
        pages.extend([page] * max(len(ys) - 1, 0))
    n_rows = min(len(pages), MAX_ROWS)
    return Grid(number, tuple(spans), n_rows, tuple(pages[:n_rows]))


def _aligned(cells: list, edges: list[float]) -> list:
    """A later part's cells with their column lines moved onto the first part's ``edges``.

    Pages of one table can differ at the frame (淮安 2024: 72.8 vs 70.2 points) while the inner
    column lines coincide: the outer lines go to the first part's, each inner one to the nearest
    within ``3 * _SNAP``.
    """
    own = _edges(b for box, _ in cells for b in (box[0], box[2]))

    def move(x: float) -> float:
        if abs(x - own[0]) <= _SNAP:
            return edges[0]
        if abs(x - own[-1]) <= _SNAP:
            return edges[-1]
        near = min(edges, key=lambda e: abs(e - x))
        return near if abs(near - x) <= 3 * _SNAP else x

    return [((move(a), top, move(b), bottom), text) for (a, top, b, bottom), text in cells]
