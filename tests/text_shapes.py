"""Generated reports rendered the way real ones are published: flattened web text, PDF layout text, PDF-to-markdown.

``tests/strategies.py`` renders the four clean shapes; these renderers add the messes of issue
10 and of the domain notes (format-2021.md §2.11), each from the same consistent ``ReportSpec``:

* ``flattened``: a crawled page — a metadata header, then the whole report as one paragraph,
  headings inline, table cells glued with no separator (表四 space-separated or glued too);
  ``rows_on_lines`` keeps one table row per line, digits still glued to the label.
* ``layout``: ``pdftotext -layout`` — prose wrapped at the page width (the period and the claims
  too, numbers spaced "2023 年"), pages ended by "-N-" and a form feed, table rows aligned with
  spaces, long row labels over two or three lines with their numbers on the middle line, the
  group labels in pieces between the rows, the vertical "三、本年度办理结果" one character per
  line, the next heading right after the last table row.
* ``pdf_markdown``: 表三 as one small pipe table per row group with headers 数据1…数据6, the
  applicant tables filled with "-", a block whose value rows come after its label rows, the last
  block under a wrong header row, labels with ", " for "、", 表四 as three tables, and sentences
  broken by an empty line.
"""

from __future__ import annotations

import random
from decimal import Decimal

from strategies import _T2_CAPTIONS, Noise, ReportSpec, _prose, _Style, _t4_values

from checker.read.layouts import load_layout
from checker.read.tables import row_cols

T3 = load_layout().table("t3")
T2 = load_layout().table("t2")
_HEADER_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
_T4_HEADER = ("行政复议 行政诉讼 结果维持结果纠正其他结果尚未审结总计 未经复议直接起诉 复议后起诉 "
              "结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计")


def _num(v: Decimal) -> str:
    return str(v)


def _title(spec: ReportSpec) -> str:
    return f"{spec.agency}{spec.year}年政府信息公开工作年度报告"


def _signature(spec: ReportSpec) -> str:
    return f"{spec.published.year}年{spec.published.month}月{spec.published.day}日"


# Flattened web text


def t3_flat_rows(spec: ReportSpec) -> list[tuple[str, str, str]]:
    """(row id, label text before the digits, glued digits) of 表三 in order, group labels included."""
    out, seen = [], set()
    for rid, cols in row_cols(T3):
        row = T3.row(rid)
        group = row.group if row.group and row.group not in seen else ""
        seen.add(row.group)
        label = (group + " " if group else "") + row.label
        out.append((rid, label, "".join(_num(spec.t3[(rid, c)]) for c in cols)))
    return out


def t2_flat_rows(spec: ReportSpec) -> list[tuple[str, str, str]]:
    out = []
    for caption, heads, rows in _T2_CAPTIONS:
        for i, rid in enumerate(rows):
            cols = dict(row_cols(T2))[rid]
            lead = f"{caption}信息内容{''.join(heads)}" if i == 0 else ""
            out.append((rid, lead + T2.row(rid).label, "".join(_num(spec.t2[(rid, c)]) for c in cols)))
    return out


def flattened(spec: ReportSpec, seed: int = 0, t4_glued: bool = False, rows_on_lines: bool = False) -> str:
    """The report as a crawler flattens a web page (see the module docstring)."""
    rng = random.Random(seed)
    prose = _prose(spec)
    sep = "\n" if rows_on_lines else ""

    def gap() -> str:
        return rng.choice(["", " "])

    t2 = sep.join(f"{label}{gap()}{digits}" for _, label, digits in t2_flat_rows(spec))
    t3 = sep.join(f"{label}{gap()}{digits}" for _, label, digits in t3_flat_rows(spec))
    t4_values = _t4_values(_Style(Noise()), spec)
    t4 = ("" if t4_glued else " ").join(t4_values)
    head = f"申请人情况 自然人 法人或其他组织 总计 商业 企业 科研 机构 社会公益组织 法律服务机构 其他{sep or ' '}"
    body = " ".join([
        prose["preamble"],
        "一、总体情况", prose["s1"],
        f"二、主动公开政府信息情况{sep}{t2}",
        f"三、收到和处理政府信息公开申请情况{_HEADER_NOTE} {head}{t3}",
        f"四、政府信息公开行政复议、行政诉讼情况{sep}{_T4_HEADER} {t4}",
        "五、存在的主要问题及改进情况", prose["s5"],
        "六、其他需要报告的事项", prose["s6"],
        spec.agency, _signature(spec),
    ])
    meta = [f"标题: {_title(spec)}", f"发布时间: {spec.published.isoformat()} 09:30", "栏目: 政府信息公开年报"]
    return "\n".join([*meta, "=" * 20 + " 正文 " + "=" * 20, body]) + "\n"


# PDF layout text

_WIDTH = 30  # characters of prose per line
_VERTICAL = ("三、", "本", "年", "度", "办", "理", "结", "果")


class _Pages:
    """Lines as pdftotext -layout writes them: a "-N-" page number and a form feed every so many lines."""

    def __init__(self, every: int) -> None:
        self.lines: list[str] = []
        self.every, self.page, self.on_page = every, 1, 0

    def add(self, line: str) -> None:
        if self.on_page >= self.every:
            self.lines += ["", " " * 40 + f"-{self.page}-"]
            self.page, self.on_page = self.page + 1, 0
            line = "\f" + line
        self.lines.append(line)
        self.on_page += 1


def _spaced(text: str) -> str:
    """pdftotext's spaces between CJK and digits: "2023年1月" → "2023 年 1 月"."""
    out = []
    for i, ch in enumerate(text):
        if i and ch.isdigit() != text[i - 1].isdigit() and (ch.isdigit() or text[i - 1].isdigit()):
            out.append(" ")
        out.append(ch)
    return "".join(out)


def _wrap(text: str, width: int = _WIDTH) -> list[str]:
    """Lines of at most about ``width`` characters, never breaking inside a number (as PDF text keeps words)."""
    out, start = [], 0
    while start < len(text):
        end = min(start + width, len(text))
        while end < len(text) and end > start + 1 and (text[end].isdigit() and text[end - 1].isdigit()):
            end += 1
        out.append(text[start:end])
        start = end
    return out


def _values_line(values: list[str], indent: int = 40) -> str:
    return " " * indent + "".join(v.ljust(9) for v in values).rstrip()


def layout(spec: ReportSpec, seed: int = 0) -> str:
    """The report as ``pdftotext -layout`` gives it (see the module docstring)."""
    rng = random.Random(seed)
    pages = _Pages(rng.randint(25, 45))
    prose = _prose(spec)
    pages.add("            " + spec.agency)
    pages.add("     " + _spaced(f"{spec.year}年政府信息公开工作年度报告"))
    pages.add("")
    for part in ("preamble", "s1"):
        if part == "s1":
            pages.add("   一、总体情况")
        for i, line in enumerate(_wrap(_spaced(prose[part]))):
            pages.add(("   " if i == 0 else "") + line)
    pages.add("     二、主动公开政府信息情况")
    for caption, heads, rows in _T2_CAPTIONS:
        pages.add(caption.replace("第（", " 第（"))
        pages.add("")
        pages.add("信息内容          " + "     ".join(heads))
        for rid in rows:
            cols = dict(row_cols(T2))[rid]
            pages.add("")
            pages.add(T2.row(rid).label.ljust(14) + "    " + "          ".join(_num(spec.t2[(rid, c)]) for c in cols))
    pages.add("      三、收到和处理政府信息公开申请情况")
    for line in (" " * 57 + "申请人情况", "", _HEADER_NOTE[:23] + "         法人或其他组织", _HEADER_NOTE[23:],
                 " " * 31 + "自然人" + " " * 46 + "总计", " " * 40 + "商业企      科研机     社会公益     法律服务",
                 " " * 75 + "其他", " " * 40 + "业        构       组织       机构", ""):
        pages.add(line)
    _layout_t3(pages, spec, rng)
    pages.add("     四、政府信息公开行政复议、行政诉讼情况")  # right after the last row
    for line in ("行政复议                          行政诉讼", "", "         未经复议直接起诉          复议后起诉",
                 "结果   结果    其他结    尚未", "                        总计",
                 "维持   纠正    果      审结", ""):
        pages.add(line)
    pages.add("   ".join(_t4_values(_Style(Noise()), spec)))
    pages.add("       五、存在的主要问题及改进情况")  # right after the data row
    for i, line in enumerate(_wrap(_spaced(prose["s5"]))):
        pages.add(("       " if i == 0 else "") + line)
    pages.add("      六、其他需要报告的事项")
    for i, line in enumerate(_wrap(_spaced(prose["s6"]))):
        pages.add(("      " if i == 0 else "") + line)
    pages.add("")
    pages.add(" " * 40 + spec.agency)
    pages.add(" " * 40 + _spaced(_signature(spec)))
    return "\n".join(pages.lines) + "\n"


def _layout_t3(pages: _Pages, spec: ReportSpec, rng: random.Random) -> None:
    """表三's rows: labels wrapped, numbers on the middle line, group labels in pieces, the vertical label."""
    vertical = list(_VERTICAL)
    seen: set[str] = set()
    for rid, cols in row_cols(T3):
        row = T3.row(rid)
        values = [_num(spec.t3[(rid, c)]) for c in cols]
        group = row.group if row.group.startswith("（") and row.group not in seen else ""
        seen.add(row.group)
        if group:  # the merged group label, in pieces, between the rows
            for piece in (group[:4], group[4:]):
                pages.add("      " + piece)
        lead = vertical.pop(0) if row.group and vertical else ""
        if lead == "三、":
            pages.add(lead)
            lead = vertical.pop(0) if vertical else ""
        pieces = _wrap(row.label, rng.choice([12, 14, 16]))
        left = lead.ljust(13) if lead else " " * 13
        if len(pieces) == 1:
            pages.add(left + pieces[0].ljust(26) + "".join(v.ljust(9) for v in values).rstrip())
        elif len(pieces) == 2:
            pages.add(left + pieces[0])
            pages.add(_values_line(values))
            pages.add(" " * 13 + pieces[1])
        else:
            pages.add(left + pieces[0])
            pages.add("")
            pages.add(" " * 13 + pieces[1].ljust(26) + "".join(v.ljust(9) for v in values).rstrip())
            for piece in pieces[2:]:
                pages.add(" " * 13 + piece)
        pages.add("")


# PDF-to-markdown


def _md(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


_DATA_HEAD = _md(["类别", *(f"数据{i}" for i in range(1, 7)), "总计"])
_WRONG_HEAD = _md(["项目", "本年新收件数", "上年结转件数", "予以公开", "部分公开", "不予公开", "结转下年度", "总计"])
_RULE8 = _md(["---"] * 8)


def pdf_markdown(spec: ReportSpec, seed: int = 0) -> str:
    """The report as a PDF-to-markdown converter gives it (see the module docstring)."""
    rng = random.Random(seed)
    prose = _prose(spec)
    out = [f"# {spec.agency} {spec.year} 年 政府信息公开工作年度报告", ""]
    s1 = prose["s1"]
    cut = rng.randint(5, len(s1) - 5)
    out += [prose["preamble"], "", "## 一、总体情况", "", s1[:cut], "", s1[cut:], "", "## 二、主动公开政府信息情况", ""]
    for caption, heads, rows in _T2_CAPTIONS:
        out += [f"### {caption}", _md(["信息内容", *heads]), _md(["---"] * (len(heads) + 1))]
        for rid in rows:
            cols = dict(row_cols(T2))[rid]
            out.append(_md([T2.row(rid).label, *(_num(spec.t2[(rid, c)]) for c in cols)]))
        out.append("")
    out += ["## 三、收到和处理政府信息公开申请情况", "", _HEADER_NOTE.replace("（", "(").replace("）", ")"), ""]
    out += ["### 申请人情况 (自然人)", _md(["(数据项目)", "数量"]), _md(["---"] * 2), _md(["-", "-"]), ""]
    out += ["### 申请人情况 (法人或其他组织)", _md(["商业企业", "科研机构", "社会公益", "法律服务机构", "其他"]),
            _md(["---"] * 5), _md(["-"] * 5), ""]
    out += _md_t3(spec, rng)
    out += ["## 四、政府信息公开行政复议、行政诉讼情况", ""]
    t4 = _t4_values(_Style(Noise()), spec)
    for i, name in enumerate(("行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）")):
        out += [f"### {name}", _md(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]), _md(["---"] * 5),
                _md(t4[5 * i : 5 * i + 5]), ""]
    out += ["## 五、存在的主要问题及改进情况", "", prose["s5"], "", "六、其他需要报告的事项", "", prose["s6"], "",
            spec.agency, _signature(spec), ""]
    return "\n".join(out)


def _md_t3(spec: ReportSpec, rng: random.Random) -> list[str]:
    """表三 in one small table per group; one block's value rows after its labels; the last under a wrong header."""
    blocks: list[tuple[str, list[str]]] = []
    for rid, _ in row_cols(T3):
        row = T3.row(rid)
        title = row.group if row.group.startswith("（") else row.label
        if not blocks or blocks[-1][0] != title:
            blocks.append((title, []))
        blocks[-1][1].append(rid)
    detached = rng.choice([i for i, (_, rids) in enumerate(blocks) if len(rids) > 1 and rids[0] != "r3.6.1"])
    out: list[str] = []
    for i, (title, rids) in enumerate(blocks):
        if rids[0] == "r3.6.1":  # the last block: its first row, then the rest under a wrong header
            out += ["### (六) 其他", _DATA_HEAD, _RULE8, _md_row(spec, rids[0]), "", _WRONG_HEAD, _RULE8]
            out += [_md_row(spec, r) for r in (*rids[1:], "r3.7", "r4")] + [""]
            break
        if rids[0] == "r3.1":
            out += ["### 三、本年度办理结果", ""]
        out += [f"### {title.replace('（', '(').replace('）', ') ')}", _DATA_HEAD, _RULE8]
        if i == detached:
            out += [_md([_label(r)]) for r in rids]
            out += [_md([_num(spec.t3[(r, c)]) for c in dict(row_cols(T3))[r]]) for r in rids]
        else:
            out += [_md_row(spec, r) for r in rids]
        out.append("")
    return out


def _label(rid: str) -> str:
    label = T3.row(rid).label
    return label.replace("、行政机关", ", 行政机关").replace(".", ". ", 1) if label[0].isdigit() else label.lstrip("一二四、")


def _md_row(spec: ReportSpec, rid: str) -> str:
    return _md([_label(rid), *(_num(spec.t3[(rid, c)]) for c in dict(row_cols(T3))[rid])])
