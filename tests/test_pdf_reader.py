"""The PDF reader: prose joined into paragraphs, page numbers dropped, and the files it must refuse
(a scan with no text layer, a password, a truncated file), plus old Word files without LibreOffice."""

from __future__ import annotations

import pytest

from checker.model import Report
from checker.read.files import Unreadable, read_path
from checker.read.legacy import NO_OFFICE, read_legacy
from checker.read.pdf import CORRUPT, ENCRYPTED, SCANNED

pytest.importorskip("pdfplumber")
reportlab = pytest.importorskip("reportlab")


def _canvas(path, **kw):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path), pagesize=A4, **kw)
    c.setFont("STSong-Light", 12)
    return c


def test_wrapped_lines_are_one_paragraph_and_page_numbers_are_dropped(tmp_path):
    path = tmp_path / "r.pdf"
    c = _canvas(path)
    c.drawCentredString(297, 780, "青山县2023年政府信息公开工作年度报告")
    c.drawString(96, 740, "一、总体情况")
    c.drawString(96, 716, "本机关主动公开政府信息一千四百二十条，其中工作动态九百八十六条，")  # runs to the margin
    c.drawString(72, 692, "行政许可信息三百一十二条。")
    c.drawCentredString(297, 30, "- 1 -")
    c.showPage()
    c.setFont("STSong-Light", 12)
    c.drawString(96, 780, "二、主动公开政府信息情况")
    c.drawCentredString(297, 30, "- 2 -")
    c.save()
    report = read_path(path)
    assert isinstance(report, Report) and report.encoding == "pdf"
    assert report.lines == (
        "青山县2023年政府信息公开工作年度报告", "一、总体情况",
        "本机关主动公开政府信息一千四百二十条，其中工作动态九百八十六条，行政许可信息三百一十二条。",
        "二、主动公开政府信息情况", "",
    )
    assert [s.page for s in report.source.lines] == [1, 1, 1, 2]


def test_a_scan_without_a_text_layer_is_never_a_pass(tmp_path):
    path = tmp_path / "scan.pdf"
    c = _canvas(path)
    c.rect(72, 72, 400, 300, fill=1)  # an image of a page: marks, no characters
    c.grid([72, 172, 272, 372], [500, 550, 600, 650])  # a form's ruled lines, no text in the cells
    c.save()
    result = read_path(path)
    assert isinstance(result, Unreadable) and result.kind == "pdf"
    assert result.diagnostic.message == f"无法读取文件 {path}：{SCANNED}"


def test_a_password_protected_pdf_is_a_read_error(tmp_path):
    from reportlab.lib.pdfencrypt import StandardEncryption

    path = tmp_path / "locked.pdf"
    c = _canvas(path, encrypt=StandardEncryption("secret", canPrint=0))
    c.drawString(72, 700, "一、总体情况")
    c.save()
    result = read_path(path)
    assert isinstance(result, Unreadable)
    assert result.diagnostic.values["reason"] == ENCRYPTED


@pytest.mark.parametrize("cut", [20, 400, -200])
def test_a_truncated_pdf_is_a_read_error_or_what_is_left(tmp_path, cut):
    whole = tmp_path / "whole.pdf"
    c = _canvas(whole)
    c.drawString(72, 700, "一、总体情况")
    c.save()
    path = tmp_path / "cut.pdf"
    path.write_bytes(whole.read_bytes()[:cut])
    result = read_path(path)
    if isinstance(result, Unreadable):
        assert result.diagnostic.values["reason"] in (CORRUPT, SCANNED)
    else:
        assert result.lines[0] == "一、总体情况"  # pdfminer recovers a file cut in its trailer


def test_old_word_without_libreoffice_says_what_to_do(tmp_path):
    path = tmp_path / "r.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024)
    assert read_legacy(path, soffice=str(tmp_path / "no-soffice-here")) == NO_OFFICE
