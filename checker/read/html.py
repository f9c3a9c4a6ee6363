"""Web page (.html/.htm) → paragraphs and table grids of the article, not of the site around it.

A published report sits inside a site template: navigation, scripts, a metadata box, a
footer. The article is the element under which most of the page's running text stands
(each text block scores its parent fully and its grandparent half, as readability tools
do), widened to take in the report's own tables. Text the markup splits over tags
("20</span><span>23年") is joined before anything is read; ``&nbsp;`` and ``<o:p> </o:p>``
are whitespace, so such a cell is blank. ``rowspan``/``colspan`` are placed as a browser
places them, clipped to the table (``grid.place_rows``). lxml's parser keeps at most 256
levels of nesting, and every walk here is iterative, so a page of 10^5 nested tags is read
without recursion.
"""

from __future__ import annotations

import re
from collections import defaultdict
from itertools import islice
from pathlib import Path

from lxml import etree

from checker.read.grid import (
    MAX_COLS,
    MAX_ROWS,
    Block,
    Grid,
    Paragraph,
    Span,
    cell_text,
    join_pieces,
    place_rows,
)

CORRUPT = "网页无法解析，无法读取"
EMPTY = "网页中没有正文"

_JUNK = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
         "select", "button", "input", "textarea", "nav", "head", "title", "meta", "link")
_BLOCKS = frozenset(("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section", "article",
                     "blockquote", "pre", "dd", "dt", "dl", "address", "center", "main", "header", "footer",
                     "figure", "figcaption", "tr", "td", "th", "caption", "hr", "form", "aside", "body"))
_TEXT_BLOCKS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "dd")
# The words of the official tables' headers: a table holding one of them belongs to the report.
_REPORT_TABLE = re.compile("申请人情况|行政复议|信息内容|第二十条")
_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_GB = frozenset(("gb2312", "gbk", "gb_2312-80", "x-gbk", "gb18030", "cp936", "csgb2312", "euc-cn"))
_TITLE = re.compile("年度报告")
_DIGITS = re.compile(r"\s*(\d{1,9})")
_PARSER = etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)


def decode_html(data: bytes) -> str:
    """A page's text: its BOM, else its declared charset (GB2312/GBK read as GB18030), else UTF-8 or GB18030."""
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(codec, errors="replace")
    declared = _CHARSET.search(data[:8192])
    if declared:
        name = declared.group(1).decode("ascii").lower()
        codec = "gb18030" if name in _GB else name
        try:
            return data.decode(codec, errors="replace")
        except LookupError:
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


def read_html(path: Path) -> list[Block] | str:
    """The blocks of a web page's article, or why it could not be read."""
    try:
        text = decode_html(path.read_bytes())
        root = etree.fromstring(text.replace("\x00", ""), _PARSER)  # plain elements: no HtmlElement lookup
    except (etree.ParserError, ValueError, etree.XMLSyntaxError):
        return EMPTY if not text.strip() else CORRUPT
    if root is None:
        return EMPTY
    etree.strip_elements(root, *_JUNK, with_tail=False)
    etree.strip_elements(root, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")  # a line break, wherever it stands (a stacked header cell)
    article = _article(root)
    if article is None:
        return EMPTY
    blocks = article_blocks(article)
    blocks = _title_before(root, article, blocks) + blocks
    return _numbered(blocks) if blocks else EMPTY


def _article(root: etree._Element) -> etree._Element | None:
    """The element under which most running text stands, widened to hold the report's tables."""
    score: dict[etree._Element, float] = defaultdict(float)
    for el in root.iter(*_TEXT_BLOCKS):  # inside a layout table too: some sites set the article in a <td>
        n = len(_text(el).strip())
        parent = el.getparent()
        if parent is not None and n:
            score[parent] += n
            grand = parent.getparent()
            if grand is not None:
                score[grand] += n / 2
    for table in root.iter("table"):
        parent = table.getparent()
        if parent is not None and not _inside_table(table):
            score[parent] += len(_text(table).strip())
    if not score:
        body = root.find("body")
        return body if body is not None else root
    best = max(score, key=score.__getitem__)
    for table in root.iter("table"):
        if not _inside_table(table) and _REPORT_TABLE.search(_text(table)[:2000]):
            best = _common_ancestor(best, table)
    return best


def _text(el: etree._Element) -> str:
    """The element's text (without its tail), serialised in C: much faster than joining ``itertext``."""
    return etree.tostring(el, method="text", encoding="unicode", with_tail=False)


def _inside_table(el: etree._Element) -> bool:
    return any(a.tag == "table" for a in el.iterancestors())


def _common_ancestor(a: etree._Element, b: etree._Element) -> etree._Element:
    ancestors = {id(x) for x in (a, *a.iterancestors())}
    return next(x for x in (b, *b.iterancestors()) if id(x) in ancestors)


def _title_before(root: etree._Element, article: etree._Element, blocks: list[Block]) -> list[Block]:
    """The report's title when the article lacks it: the nearest heading above the article."""
    if any(isinstance(b, Paragraph) and len(b.text) <= 60 and _TITLE.search(b.text) for b in blocks[:3]):
        return []
    best = None
    for el in root.iter("h1", "h2", "h3"):
        if el in article.iterancestors() or article in el.iterancestors():
            continue
        if _precedes(el, article) and _TITLE.search(_text(el)):
            best = el
    return [Paragraph(cell_text(_text(best)))] if best is not None else []


def _precedes(a: etree._Element, b: etree._Element) -> bool:
    return a.sourceline is not None and b.sourceline is not None and a.sourceline <= b.sourceline


def article_blocks(article: etree._Element) -> list[Block]:
    """Paragraphs and tables of the article in document order; a block element ends a paragraph."""
    blocks: list[Block] = []
    pieces: list[str] = []

    def flush() -> None:
        text = "\n".join(t for t in (cell_text(p) for p in "".join(pieces).split("\n")) if t)
        if text:
            blocks.append(Paragraph(text))
        pieces.clear()

    holders = _holders(article)
    walk = etree.iterwalk(article, events=("start", "end"))
    for event, el in walk:
        tag = el.tag if isinstance(el.tag, str) else ""
        if event == "start":
            if tag == "table":
                flush()
                blocks.append(table_grid(el, 0))
                walk.skip_subtree()
                continue
            if tag in _BLOCKS:
                flush()
            if el in holders:
                pieces.append(el.text or "")
            else:  # only inline markup below: its text at once, not span by span
                pieces.append(_text(el))
                walk.skip_subtree()
        else:
            if tag in _BLOCKS:
                flush()
            if el is not article:
                pieces.append(el.tail or "")
    flush()
    return blocks


def _holders(article: etree._Element) -> set[etree._Element]:
    """The elements of the article that hold a block element or a table somewhere below them."""
    holders = {article}
    for block in article.iter(*_BLOCKS, "table"):
        for above in block.iterancestors():
            if above in holders:
                break
            holders.add(above)
    return holders


def _numbered(blocks: list[Block]) -> list[Block]:
    """Paragraphs numbered 1, 2, … and tables 1, 2, … in the order a reader meets them."""
    out: list[Block] = []
    paragraphs = tables = 0
    for block in blocks:
        if isinstance(block, Paragraph):
            paragraphs += 1
            out.append(Paragraph(block.text, paragraphs))
        else:
            tables += 1
            out.append(Grid(tables, block.spans, block.n_rows))
    return out


def table_grid(table: etree._Element, number: int) -> Grid:
    """The table's rows (not those of tables nested in its cells) placed with their spans."""
    rows = [[(td, _span(td, "rowspan", 1), max(_span(td, "colspan", 1), 1)) for td in _cells(tr)]
            for tr in _own_rows(table)[:MAX_ROWS]]
    placed, n_rows = place_rows(rows)
    return Grid(number, tuple(Span(r, c, down, cols, _cell(td)) for r, c, down, cols, td in placed), n_rows)


def _cells(tr: etree._Element) -> list[etree._Element]:
    """The row's cells, at most ``MAX_COLS`` of them (each takes a column at least)."""
    return list(islice((td for td in tr if td.tag in ("td", "th")), MAX_COLS))


def _own_rows(table: etree._Element) -> list[etree._Element]:
    out = []
    for child in table:
        if child.tag == "tr":
            out.append(child)
        elif child.tag in ("thead", "tbody", "tfoot"):
            out.extend(tr for tr in child if tr.tag == "tr")
    return out


def _span(td: etree._Element, name: str, default: int) -> int:
    value = td.get(name)
    if value is None:
        return default
    digits = _DIGITS.match(value)
    return int(digits.group(1)) if digits else default


def _cell(td: etree._Element) -> str:
    """A cell's text: its lines (``<br>`` marked "\\n" by ``read_html``) joined, whitespace-only ones blank."""
    return join_pieces(cell_text(line) for line in _text(td).split("\n"))
