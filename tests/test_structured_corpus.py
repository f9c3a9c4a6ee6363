"""The shared corpus's real .pdf and .html reports read cell-exactly (../shared/corpus/gold.json),
with each cell's place in the file, and the official blank template read as the template it is.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from checker.model import CellState, Place, Report
from checker.read.files import read_path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = next((p for p in (ROOT.parent / "shared" / "corpus", Path("/work/shared/corpus")) if p.is_dir()), None)
pytestmark = pytest.mark.skipif(CORPUS is None, reason="the shared corpus (../shared/corpus) is not beside the repository")


def _read(name: str) -> Report:
    report = read_path(CORPUS / name)
    assert isinstance(report, Report), report
    return report


@pytest.mark.parametrize("name", ["huaian-szf-2024.pdf", "shuyang-fgj-2023.html"])
def test_every_gold_cell_is_read(name):
    gold = json.loads((CORPUS / "gold.json").read_text(encoding="utf-8"))
    report = _read(name)
    wrong = []
    for tid, rows in gold[name].items():
        for row, values in rows.items():
            for col, value in zip(gold["_columns"][tid], values, strict=True):
                cell = report.tables[tid].cell(row, col)
                ok = cell is not None and (
                    cell.state is CellState.BLANK if value is None else cell.value == Decimal(str(value))
                )
                if not ok:
                    wrong.append((tid, row, col, value, cell and cell.raw))
    assert wrong == []


def test_pdf_places_name_the_page_and_the_table_across_the_page_break():
    report = _read("huaian-szf-2024.pdf")
    t3 = report.tables["t3"]
    first, after_break, total = (t3.cell("r1", "total"), t3.cell("r3.4.2", "natural"), t3.cell("r3.7", "total"))
    assert report.place_of(first.loc, first.raw) == Place(page=4, table=2, row=4, column=10, text="3119")
    assert report.place_of(after_break.loc).page == 5
    assert report.place_of(after_break.loc).table == 2  # 表三 continues: the same table, not a new one
    assert report.place_of(total.loc).describe() == "第5页 第2个表格 第27行第10列"
    assert "- 1 -" not in report.text and "- 5 -" not in report.text  # page numbers are not prose


def test_web_page_is_the_article_without_the_site():
    report = _read("shuyang-fgj-2023.html")
    assert (report.title.agency, report.title.year) == ("沭阳县发展和改革局", 2023)
    assert "索引号" not in report.text and "<" not in report.text
    # 五 is titled "存在的主要问题及整改措施" here, a wording the section matcher does not know yet (issue 10).
    assert "五、存在的主要问题及整改措施" in report.lines
    assert [s.key for s in report.sections][:4] == ["s1", "s2", "s3", "s4"]
    blank = report.tables["t3"].cell("r1", "commercial")
    assert blank.state is CellState.BLANK
    assert report.place_of(blank.loc) == Place(table=2, row=4, column=5)


def test_the_blank_template_renders_its_merged_grid_once_per_cell():
    from checker.read.docx import read_docx
    from checker.read.grid import render

    text, source = render(read_docx(CORPUS / "format-2021-template.docx"), "docx")
    lines = text.split("\n")
    assert "\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t" in lines  # "商业\n企业" joined
    assert "一、本年新收政府信息公开申请数量" + "\t" * 7 in lines  # a label over 3 columns, once; 7 blank cells
    assert "三、本年度办理结果\t（一）予以公开" + "\t" * 7 in lines
    assert "\t\t2.其他法律行政法规禁止公开" + "\t" * 7 in lines  # merged group labels on their first row only
    assert "行政许可\t" in lines  # 表二's value cell over 3 columns is one (blank) cell
    r1 = lines.index("一、本年新收政府信息公开申请数量" + "\t" * 7)
    assert source.lines[r1].table == 2 and source.lines[r1].row == 4
    assert [g for _, _, g in source.lines[r1].spans] == [1, 4, 5, 6, 7, 8, 9, 10]
