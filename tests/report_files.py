"""Write a report as the files people have: the official Word template filled in, a web page, a PDF.

A ``Document`` is what a clerk types: the title, the preamble, each section's paragraphs and
the cells of 表二/三/四 as printed. ``write_docx`` fills the official template
(tests/fixtures/format-2021-template.docx, the corpus's blank 格式模板) with python-docx, as
a clerk does in Word; ``write_html`` writes a site page around it with the markup of a Word
export (rowspan/colspan, every phrase in its own ``<span>``, ``<o:p> </o:p>`` blanks);
``write_pdf`` draws it with ruled tables in reportlab's built-in Chinese font (STSong-Light,
no font file needed), 表三 running over a page break. Used by the tests, the benchmark and
bench/make_examples.py, which makes examples/*.docx and examples/*.pdf.
"""

from __future__ import annotations

import copy
import html
import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from checker.model import Report
from checker.read.layouts import load_layout
from checker.read.tables import row_cols

TEMPLATE = Path(__file__).resolve().parent / "fixtures" / "format-2021-template.docx"
HEADINGS = {
    "s1": "一、总体情况", "s2": "二、主动公开政府信息情况", "s3": "三、收到和处理政府信息公开申请情况",
    "s4": "四、政府信息公开行政复议、行政诉讼情况", "s5": "五、存在的主要问题及改进情况", "s6": "六、其他需要报告的事项",
}
T2_PLACES = {  # (row id, column id) → (row, column) of the template's 表二 grid
    ("regulation", "issued"): (2, 1), ("regulation", "repealed"): (2, 2), ("regulation", "valid"): (2, 3),
    ("normative", "issued"): (3, 1), ("normative", "repealed"): (3, 2), ("normative", "valid"): (3, 3),
    ("license", "decisions"): (6, 1), ("penalty", "decisions"): (9, 1), ("coercion", "decisions"): (10, 1),
    ("fee", "amount"): (13, 1),
}
T3_ROWS = tuple(r for r, _ in row_cols(load_layout().table("t3")))
T3_COLS = ("natural", "commercial", "research", "nonprofit", "legal", "other", "total")
T4_IDS = tuple((b, c) for b in ("review", "direct", "after-review") for c in ("upheld", "corrected", "other", "pending", "total"))

Cells = Mapping[tuple[str, str, str], str]


@dataclass(frozen=True)
class Document:
    """A report as typed: paragraphs by section and the official tables' cells as printed ("" = blank)."""

    title: str
    preamble: tuple[str, ...]
    bodies: Mapping[str, tuple[str, ...]] = field(hash=False)
    cells: Cells = field(hash=False)
    signature: tuple[str, ...] = ()

    def with_cell(self, table: str, row: str, col: str, text: str) -> Document:
        """The same document with one cell changed (an injected fault)."""
        return Document(self.title, self.preamble, self.bodies, {**self.cells, (table, row, col): text}, self.signature)


def from_spec(spec, prose: Mapping[str, str]) -> Document:
    """A document from a generated ``strategies.ReportSpec`` and its prose (``strategies._prose``)."""
    cells = {(tid, r, c): str(v) for tid, table in spec.tables().items() for (r, c), v in table.items()}
    bodies = {k: (prose[k],) for k in ("s1", "s5", "s6")}
    p = spec.published
    return Document(f"{spec.agency}{spec.year}年政府信息公开工作年度报告", (prose["preamble"],), bodies, cells,
                    (spec.agency, f"{p.year}年{p.month}月{p.day}日"))


def from_report(report: Report) -> Document:
    """A document from a report read from text: its prose lines by section and its cells' raw text."""
    table_lines = {n for t in report.tables.values() if t.loc for n in range(t.loc.line, t.loc.end_line)}
    first = report.sections[0].loc.line if report.sections else len(report.lines)
    title_line = report.title.loc.line if report.title else 0

    def prose(a: int, b: int) -> tuple[str, ...]:
        return tuple(
            line.strip() for n, line in enumerate(report.lines[a - 1 : b], a)
            if line.strip() and "\t" not in line and n not in table_lines and not line.startswith("第二十条")
        )

    bodies = {s.key: prose(s.start_line, s.end_line) for s in report.sections}
    cells = {(t.id, r, c): cell.raw for t in report.tables.values() for (r, c), cell in t.cells.items()}
    return Document(report.title.text if report.title else "", prose(title_line + 1, first - 1), bodies, cells)


def faults(doc: Document) -> dict[str, Document]:
    """The clean document and one variant per fault, named for the fault."""
    r3_total = Decimal(doc.cells[("t3", "r3.1", "total")]) + 1
    t4_total = Decimal(doc.cells[("t4", "review", "total")]) + 2
    return {
        "clean": doc,
        "t3-total": doc.with_cell("t3", "r3.1", "total", str(r3_total)),
        "blank-cell": doc.with_cell("t3", "r2", "legal", ""),
        "t4-total": doc.with_cell("t4", "review", "total", str(t4_total)),
    }


# ---------------------------------------------------------------- .docx


def write_docx(doc: Document, path: Path) -> None:
    """The official template with the document's title, paragraphs and cells typed in."""
    import docx

    word = docx.Document(str(TEMPLATE))
    paragraphs = list(word.paragraphs)
    title = next(p for p in paragraphs if "模板" in p.text)
    title.text = doc.title
    _insert_after(title, doc.preamble)
    for key, heading in HEADINGS.items():
        at = next(i for i, p in enumerate(paragraphs) if p.text.strip() == heading)
        body = doc.bodies.get(key, ())
        following = paragraphs[at + 1] if at + 1 < len(paragraphs) else None
        if following is not None and following.text.startswith("（文字描述"):
            following.text = body[0] if body else ""
            _insert_after(following, body[1:])
        else:
            _insert_after(paragraphs[at], body)
    for line in doc.signature:
        word.add_paragraph(line)
    t2, t3, t4 = word.tables
    for (row, col), (r, c) in T2_PLACES.items():
        t2.cell(r, c).text = doc.cells.get(("t2", row, col), "")
    for i, row in enumerate(T3_ROWS):
        for j, col in enumerate(T3_COLS):
            t3.cell(3 + i, 3 + j).text = doc.cells.get(("t3", row, col), "")
    for j, (row, col) in enumerate(T4_IDS):
        t4.cell(3, j).text = doc.cells.get(("t4", row, col), "")
    word.save(str(path))


def _insert_after(paragraph, texts) -> None:
    from docx.text.paragraph import Paragraph

    at = paragraph
    for text in texts:
        new = copy.deepcopy(at._p)
        at._p.addnext(new)
        at = Paragraph(new, at._parent)
        at.text = text


# ---------------------------------------------------------------- .html


class _Markup:
    """Word-export markup: each text cut into ``<span>`` pieces (digits too), blanks as ``<o:p> </o:p>``."""

    def __init__(self, seed: int, split: bool) -> None:
        self.rng = random.Random(seed)
        self.split = split

    def text(self, text: str) -> str:
        if not text:
            return "<span><o:p> </o:p></span>" if self.rng.random() < 0.5 else "&nbsp;"
        cuts = sorted(self.rng.sample(range(1, len(text)), min(len(text) - 1, 2))) if self.split and len(text) > 1 else []
        pieces = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]
        return "".join(f'<span style="font-family: 仿宋">{html.escape(p)}</span>' for p in pieces)

    def td(self, text: str, rowspan: int = 1, colspan: int = 1) -> str:
        attrs = (f' rowspan="{rowspan}"' if rowspan > 1 else "") + (f' colspan="{colspan}"' if colspan > 1 else "")
        return f"<td{attrs}><p>{self.text(text)}</p></td>"


def write_html(doc: Document, path: Path, seed: int = 0, split: bool = True, encoding: str = "utf-8") -> None:
    """A site page: navigation, a metadata box, the article (title, paragraphs, tables), a footer."""
    m = _Markup(seed, split)
    charset = "gb2312" if encoding == "gb18030" else encoding
    body = [f"<p>{m.text(t)}</p>" for t in doc.preamble]
    for key, heading in HEADINGS.items():
        body.append(f"<p><strong>{m.text(heading)}</strong></p>")
        body += [f'<p style="text-indent:2em">{m.text(t)}</p>' for t in doc.bodies.get(key, ())]
        body += {"s2": _html_t2, "s3": _html_t3, "s4": _html_t4}.get(key, lambda d, m: [])(doc, m)
    body += [f'<p style="text-align:right">{m.text(t)}</p>' for t in doc.signature]
    page = f"""<!DOCTYPE html><html><head><meta charset="{charset}"><title>{html.escape(doc.title)}-门户网站</title>
<script>var nav = "<p>一、总体情况</p>"; function go() {{ return 1 < 2; }}</script><style>p {{ margin: 0 }}</style></head>
<body><div class="nav"><a href="/">首页</a> <a href="/zwgk">政务公开</a> <a href="/nb">政府信息公开年报</a></div>
<div class="meta"><table><tr><td>索引号</td><td>000000/2024-00001</td><td>发布日期</td><td>2024-01-15</td></tr></table></div>
<h1 class="title">{m.text(doc.title)}</h1>
<div id="zoom" class="article-content">{"".join(body)}</div>
<div class="footer"><p>版权所有：门户网站 | 网站标识码 0000000000</p><p>联系电话：0000-0000000</p></div>
</body></html>"""
    path.write_bytes(page.encode(encoding))


def _cell(doc: Document, tid: str, row: str, col: str) -> str:
    return doc.cells.get((tid, row, col), "")


def _html_t2(doc: Document, m: _Markup) -> list[str]:
    out = ["<table border='1'>"]
    for caption, heads, rows in (
        ("第二十条第（一）项", ("本年制发件数", "本年废止件数", "现行有效件数"), ("regulation", "normative")),
        ("第二十条第（五）项", ("本年处理决定数量",), ("license",)),
        ("第二十条第（六）项", ("本年处理决定数量",), ("penalty", "coercion")),
        ("第二十条第（八）项", ("本年收费金额（单位：万元）",), ("fee",)),
    ):
        wide = 4 - len(heads)  # the single-column sub-tables' cell spans the three columns
        out.append("<tr>" + m.td(caption, colspan=4) + "</tr>")
        out.append("<tr>" + m.td("信息内容") + "".join(m.td(h, colspan=1 + wide) for h in heads) + "</tr>")
        cols = dict(row_cols(load_layout().table("t2")))
        for rid in rows:
            label = load_layout().table("t2").row(rid).label
            out.append("<tr>" + m.td(label) + "".join(m.td(_cell(doc, "t2", rid, c), colspan=1 + wide) for c in cols[rid]) + "</tr>")
    return [*out, "</table>"]


def _html_t3(doc: Document, m: _Markup) -> list[str]:
    t3 = load_layout().table("t3")
    head = [
        "<tr>" + m.td("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3) + m.td("申请人情况", colspan=7) + "</tr>",
        "<tr>" + m.td("自然人", 2) + m.td("法人或其他组织", colspan=5) + m.td("总计", 2) + "</tr>",
        "<tr>" + "".join(f"<td><p>{m.text(a)}<br>{m.text(b)}</p></td>" for a, b in
                         (("商业", "企业"), ("科研", "机构"), ("社会公益", "组织"), ("法律服务", "机构"), ("其他", ""))) + "</tr>",
    ]
    rows, seen = [], set()
    for rid in T3_ROWS:
        row = t3.row(rid)
        values = "".join(m.td(_cell(doc, "t3", rid, c)) for c in T3_COLS)
        if not row.group:
            rows.append("<tr>" + m.td(row.label, colspan=3) + values + "</tr>")
            continue
        lead = ""
        if row.group == "三、本年度办理结果":
            if row.group not in seen:
                lead = m.td(row.group, rowspan=22)
            lead += m.td(row.label, colspan=2)
        else:
            if "三、本年度办理结果" not in seen:
                lead = m.td("三、本年度办理结果", rowspan=22)
                seen.add("三、本年度办理结果")
            if row.group not in seen:
                lead += m.td(row.group, rowspan=sum(1 for r in t3.rows if r.group == row.group))
            lead += m.td(row.label)
        seen.add(row.group)
        rows.append("<tr>" + lead + values + "</tr>")
    return ["<table border='1'><tbody>", *head, *rows, "</tbody></table>"]


def _html_t4(doc: Document, m: _Markup) -> list[str]:
    heads = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
    return [
        "<table border='1'>",
        "<tr>" + m.td("行政复议", colspan=5) + m.td("行政诉讼", colspan=10) + "</tr>",
        "<tr>" + "".join(m.td(h, rowspan=2) for h in heads) + m.td("未经复议直接起诉", colspan=5) + m.td("复议后起诉", colspan=5) + "</tr>",
        "<tr>" + "".join(m.td(h) for h in heads * 2) + "</tr>",
        "<tr>" + "".join(m.td(_cell(doc, "t4", r, c)) for r, c in T4_IDS) + "</tr>",
        "</table>",
    ]


# ---------------------------------------------------------------- .pdf


def write_pdf(doc: Document, path: Path) -> None:
    """The document drawn on A4 with ruled tables, a page number "- n -" at the foot of each page."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = ParagraphStyle("body", fontName="STSong-Light", fontSize=12, leading=20, firstLineIndent=24, wordWrap="CJK")
    title = ParagraphStyle("title", parent=body, fontSize=16, leading=26, alignment=1, firstLineIndent=0)
    cell = ParagraphStyle("cell", fontName="STSong-Light", fontSize=8, leading=10, wordWrap="CJK")
    ruled = TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")])

    def table(rows, spans, widths):
        data = [[Paragraph(html.escape(t), cell) for t in r] for r in rows]
        t = Table(data, colWidths=widths, repeatRows=0)
        t.setStyle(ruled)
        t.setStyle(TableStyle([("SPAN", a, b) for a, b in spans]))
        return t

    story = [Paragraph(html.escape(doc.title), title)] + [Paragraph(html.escape(t), body) for t in doc.preamble]
    for key, heading in HEADINGS.items():
        story.append(Paragraph(html.escape(heading), body))
        story += [Paragraph(html.escape(t), body) for t in doc.bodies.get(key, ())]
        if key in ("s2", "s3", "s4"):
            story.append(table(*{"s2": _grid_t2, "s3": _grid_t3, "s4": _grid_t4}[key](doc)))
    story += [Paragraph(html.escape(t), ParagraphStyle("sig", parent=body, alignment=2)) for t in doc.signature]

    def number(canvas, page_doc) -> None:
        canvas.setFont("STSong-Light", 10)
        canvas.drawCentredString(A4[0] / 2, 30, f"- {page_doc.page} -")

    SimpleDocTemplate(str(path), pagesize=A4, title=doc.title).build(story, onFirstPage=number, onLaterPages=number)


def _grid_t2(doc: Document):
    rows, spans = [], []
    cols = dict(row_cols(load_layout().table("t2")))
    for caption, heads, rids in (
        ("第二十条第（一）项", ("本年制发件数", "本年废止件数", "现行有效件数"), ("regulation", "normative")),
        ("第二十条第（五）项", ("本年处理决定数量",), ("license",)),
        ("第二十条第（六）项", ("本年处理决定数量",), ("penalty", "coercion")),
        ("第二十条第（八）项", ("本年收费金额（单位：万元）",), ("fee",)),
    ):
        spans.append(((0, len(rows)), (3, len(rows))))
        rows.append([caption, "", "", ""])
        for line in [["信息内容", *heads]] + [[load_layout().table("t2").row(r).label, *(_cell(doc, "t2", r, c) for c in cols[r])] for r in rids]:
            if len(line) == 2:
                spans.append(((1, len(rows)), (3, len(rows))))
                line += ["", ""]
            rows.append(line)
    return rows, spans, [150, 100, 100, 100]


def _grid_t3(doc: Document):
    t3 = load_layout().table("t3")
    rows = [
        ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "", "", "申请人情况", "", "", "", "", "", ""],
        ["", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"],
        ["", "", "", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""],
    ]
    spans = [((0, 0), (2, 2)), ((3, 0), (9, 0)), ((3, 1), (3, 2)), ((4, 1), (8, 1)), ((9, 1), (9, 2))]
    groups: dict[str, list[int]] = {}
    for rid in T3_ROWS:
        row, r = t3.row(rid), len(rows)
        values = [_cell(doc, "t3", rid, c) for c in T3_COLS]
        if not row.group:
            rows.append([row.label, "", "", *values])
            spans.append(((0, r), (2, r)))
        elif row.group == "三、本年度办理结果":
            rows.append(["三、本年度办理结果", row.label, "", *values])
            spans.append(((1, r), (2, r)))
            groups.setdefault(row.group, []).append(r)
        else:
            rows.append(["三、本年度办理结果", row.group, row.label, *values])
            groups.setdefault("三、本年度办理结果", []).append(r)
            groups.setdefault(row.group, []).append(r)
    for group, at in groups.items():
        col = 0 if group == "三、本年度办理结果" else 1
        spans.append(((col, at[0]), (col, at[-1])))
    return rows, spans, [36, 50, 110] + [36] * 7


def _grid_t4(doc: Document):
    heads = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    rows = [
        ["行政复议", "", "", "", "", "行政诉讼", *[""] * 9],
        [*heads, "未经复议直接起诉", "", "", "", "", "复议后起诉", "", "", "", ""],
        ["", "", "", "", "", *heads, *heads],
        [_cell(doc, "t4", r, c) for r, c in T4_IDS],
    ]
    spans = [((0, 0), (4, 0)), ((5, 0), (14, 0)), ((5, 1), (9, 1)), ((10, 1), (14, 1))]
    spans += [((c, 1), (c, 2)) for c in range(5)]
    return rows, spans, [30] * 15
