"""Word (.docx) → paragraphs and table grids, in body order, merged cells as spans.

The body is walked child by child (not ``doc.paragraphs`` then ``doc.tables``), so the
tables stay between the headings they belong under. A table's cells are placed by the
grid columns Word records: ``gridBefore`` skips columns, ``gridSpan`` widens a cell and a
``vMerge`` continuation lengthens the cell above it — the official template's 表三 is a
28 × 10 grid whose first three columns are merged row labels. An empty cell is a span
with empty text: blank, never missing.

A .docx is a zip: its members' declared sizes are checked before python-docx opens it
(``zipfile`` never inflates a member past its declared size), so a zip bomb is refused
instead of filling memory.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

from checker.read.grid import MAX_COLS, MAX_ROWS, Block, Grid, Paragraph, Span, join_pieces

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# Subtrees with no text of the document: properties, deleted or moved-away text, the fallback
# copy of a drawing (its text is also in the mc:Choice), text boxes (not in the reading flow).
_SKIP = frozenset(W + t for t in ("pPr", "rPr", "del", "moveFrom", "txbxContent", "tblPr", "tcPr", "trPr"))
_SKIP_ALL = _SKIP | {_MC_FALLBACK}
_CONTAINERS = frozenset(W + t for t in ("sdt", "sdtContent", "customXml", "smartTag"))

MAX_MEMBERS = 5000
MAX_UNZIPPED = 512 * 1024 * 1024  # all members, as declared: a real report is a few MB
MAX_RATIO = 200  # declared size / compressed size of one large member; XML compresses ~10×

# Why a .docx could not be read, as the user is told.
NOT_ZIP = "文件已损坏或不是 Word 文档（.docx），无法打开"
BOMB = "压缩内容异常（解压后过大，疑似压缩炸弹），不读取"
NOT_WORD = "不是 Word 文档（.docx），无法读取"


def zip_refusal(path: Path) -> str | None:
    """Why a zip is not opened (not a zip, a bomb), or None: read from the central directory only."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return NOT_ZIP
    if len(infos) > MAX_MEMBERS or sum(i.file_size for i in infos) > MAX_UNZIPPED:
        return BOMB
    if any(i.file_size > 1 << 20 and i.file_size > MAX_RATIO * max(i.compress_size, 1) for i in infos):
        return BOMB
    return None


def read_docx(path: Path) -> list[Block] | str:
    """The blocks of a .docx, or why it could not be read."""
    refused = zip_refusal(path)
    if refused:
        return refused
    import docx  # start-up: python-docx costs ~80 ms to import, paid only when a .docx is read

    try:
        document = docx.Document(str(path))
    except ValueError:
        return NOT_WORD  # a zip of another kind (.xlsx, .pptx, …)
    except Exception:  # python-docx and lxml raise many kinds on a broken package
        return NOT_ZIP
    return body_blocks(document.element.body)


def body_blocks(body: etree._Element) -> list[Block]:
    """Paragraphs (non-empty ones numbered) and tables (numbered) in the order of the body."""
    blocks: list[Block] = []
    paragraphs = tables = 0
    for el in _items(body, W + "p", W + "tbl"):
        if el.tag == W + "p":
            text = paragraph_text(el)
            if text.strip():
                paragraphs += 1
                blocks.append(Paragraph(text, paragraphs))
        else:
            tables += 1
            blocks.append(table_grid(el, tables))
    return blocks


def _items(parent: etree._Element, *tags: str) -> list[etree._Element]:
    """The children of ``parent`` with ``tags``, looking through content controls and custom XML."""
    out = []
    stack = [iter(parent)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
        elif child.tag in tags:
            out.append(child)
        elif child.tag in _CONTAINERS:
            stack.append(iter(child))
    return out


def paragraph_text(p: etree._Element) -> str:
    """The text of one paragraph: runs joined, a tab as "\\t", a line break as "\\n"."""
    parts: list[str] = []
    stack = [iter(p)]
    while stack:
        el = next(stack[-1], None)
        if el is None:
            stack.pop()
            continue
        tag = el.tag
        if tag == W + "t":
            parts.append(el.text or "")
        elif tag == W + "tab":
            parts.append("\t")
        elif tag in (W + "br", W + "cr"):
            parts.append("\n")
        elif tag == W + "noBreakHyphen":
            parts.append("-")
        elif tag not in _SKIP_ALL and len(el):
            stack.append(iter(el))
    return "".join(parts)


def _cell_text(tc: etree._Element) -> str:
    """A cell's paragraphs (nested tables' included) joined into one piece of text."""
    return join_pieces(line for p in tc.iter(W + "p") for line in paragraph_text(p).split("\n"))


def _int(el: etree._Element | None, default: int) -> int:
    if el is None:
        return default
    try:
        return int(el.get(W + "val", default))
    except ValueError:
        return default


def table_grid(tbl: etree._Element, number: int) -> Grid:
    """A table's cells on its grid: ``gridBefore``/``gridSpan`` give columns, ``vMerge`` rows."""
    spans: list[list] = []  # [row, col, rows, cols, text], lengthened in place by vMerge
    open_at: dict[int, int] = {}  # grid column → index in spans of the cell a vMerge may continue
    rows = _items(tbl, W + "tr")[:MAX_ROWS]
    for r, tr in enumerate(rows):
        c = _int(tr.find(f"{W}trPr/{W}gridBefore"), 0)
        for tc in _items(tr, W + "tc"):
            if c >= MAX_COLS:
                break
            width = max(1, min(_int(tc.find(f"{W}tcPr/{W}gridSpan"), 1), MAX_COLS - c))
            vmerge = tc.find(f"{W}tcPr/{W}vMerge")
            above = open_at.get(c)
            if vmerge is not None and vmerge.get(W + "val", "continue") == "continue" and above is not None \
                    and spans[above][3] == width and spans[above][0] + spans[above][2] == r:
                spans[above][2] += 1
            else:
                open_at[c] = len(spans)
                spans.append([r, c, 1, width, _cell_text(tc)])
            c += width
    return Grid(number, tuple(Span(*s) for s in spans), len(rows))
