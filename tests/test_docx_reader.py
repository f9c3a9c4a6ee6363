"""The .docx reader: body order, merged cells as spans, blank cells, and files it must refuse."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from checker.model import Report
from checker.read.docx import BOMB, NOT_WORD, NOT_ZIP, read_docx
from checker.read.files import Unreadable, read_path
from checker.read.grid import Grid, Paragraph, Span, render

docx = pytest.importorskip("docx")


def _save(word, tmp_path: Path, name: str = "r.docx") -> Path:
    path = tmp_path / name
    word.save(str(path))
    return path


def test_paragraphs_and_tables_stay_in_body_order(tmp_path):
    word = docx.Document()
    word.add_paragraph("一、总体情况")
    word.add_paragraph("")  # an empty paragraph is not counted
    word.add_table(rows=1, cols=2).rows[0].cells[0].text = "规章"
    word.add_paragraph("二、主动公开政府信息情况")
    blocks = read_docx(_save(word, tmp_path))
    assert [type(b).__name__ for b in blocks] == ["Paragraph", "Grid", "Paragraph"]
    assert (blocks[0], blocks[2]) == (Paragraph("一、总体情况", 1), Paragraph("二、主动公开政府信息情况", 2))
    assert blocks[1] == Grid(1, (Span(0, 0, 1, 1, "规章"), Span(0, 1, 1, 1, "")), 1)


def test_merged_cells_are_one_span_and_empty_cells_are_blank(tmp_path):
    word = docx.Document()
    table = word.add_table(rows=3, cols=4)
    table.cell(0, 0).merge(table.cell(2, 0)).text = "三、本年度办理结果"  # 3 rows × 1 column
    table.cell(0, 1).merge(table.cell(0, 2)).text = "（一）予以公开"  # 1 row × 2 columns
    table.cell(1, 1).text = "（三）不予\n公开"  # stacked over two lines
    table.cell(0, 3).text = "6"
    (grid,) = read_docx(_save(word, tmp_path))
    assert grid.spans == (
        Span(0, 0, 3, 1, "三、本年度办理结果"), Span(0, 1, 1, 2, "（一）予以公开"), Span(0, 3, 1, 1, "6"),
        Span(1, 1, 1, 1, "（三）不予公开"), Span(1, 2, 1, 1, ""), Span(1, 3, 1, 1, ""),
        Span(2, 1, 1, 1, ""), Span(2, 2, 1, 1, ""), Span(2, 3, 1, 1, ""),
    )
    text, source = render([grid], "docx")
    assert text == "三、本年度办理结果\t（一）予以公开\t6\n\t（三）不予公开\t\t\n\t\t\t\n"
    assert source.lines[0].spans == ((1, 10, 1), (11, 18, 2), (19, 20, 4))


def test_a_line_break_in_a_paragraph_starts_a_line_of_the_same_paragraph(tmp_path):
    word = docx.Document()
    run = word.add_paragraph().add_run("青山县市场监督管理局")
    run.add_break()
    run.add_text("2024年1月18日")
    text, source = render(read_docx(_save(word, tmp_path)), "docx")
    assert text == "青山县市场监督管理局\n2024年1月18日\n"
    assert [s.paragraph for s in source.lines] == [1, 1]


def test_a_zip_bomb_is_refused_before_it_is_inflated(tmp_path):
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (50 << 20))
    assert read_docx(path) == BOMB
    result = read_path(path)
    assert isinstance(result, Unreadable) and result.kind == "docx"
    assert result.diagnostic.message == f"无法读取文件 {path}：{BOMB}"
    assert result.diagnostic.values == {"path": str(path), "reason": BOMB}


@pytest.mark.parametrize("content, why", [(b"PK\x03\x04 truncated", NOT_ZIP), (None, NOT_WORD)])
def test_broken_and_foreign_packages_are_read_errors(tmp_path, content, why):
    path = tmp_path / "r.docx"
    if content is None:  # a zip of another kind: a spreadsheet saved as .docx
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                             'content-types"><Override PartName="/xl/workbook.xml" ContentType="application/'
                             'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>')
            archive.writestr("_rels/.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                             'relationships"><Relationship Id="r1" Type="http://schemas.openxmlformats.org/'
                             'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
                             '</Relationships>')
            archive.writestr("xl/workbook.xml", "<workbook/>")
    else:
        path.write_bytes(content)
    result = read_path(path)
    assert isinstance(result, Unreadable)
    assert result.diagnostic.values["reason"] == why


def test_an_encrypted_word_file_says_so(tmp_path):
    path = tmp_path / "r.docx"  # Office stores a password-protected .docx as an OLE file
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "EncryptedPackage".encode("utf-16-le"))
    result = read_path(path)
    assert isinstance(result, Unreadable) and result.kind == "doc"
    assert result.diagnostic.values["reason"] == "文件已加密（设有打开密码），无法检查"


def test_a_web_page_saved_as_doc_is_read_as_the_web_page(tmp_path):
    path = tmp_path / "年报.doc"  # sites serve Word's "web page" export under a .doc name
    path.write_text("<html><body><p>一、总体情况</p><p>本机关2023年收到申请3件。</p></body></html>", encoding="utf-8")
    report = read_path(path)
    assert isinstance(report, Report) and report.encoding == "html"
    assert report.lines[:2] == ("一、总体情况", "本机关2023年收到申请3件。")
