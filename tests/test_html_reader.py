"""The web page reader: the article not the site, text joined across tags, blanks, spans, charsets,
and pages built to exhaust it (rowspan="100000000", 10^5 nested tags)."""

from __future__ import annotations

import pytest

from checker.model import Place, Report
from checker.read.files import Unreadable, read_path
from checker.read.grid import MAX_COLS, Grid, Span, render
from checker.read.html import EMPTY, read_html

pytest.importorskip("lxml")

SITE = """<html><head><meta charset="{charset}"><script>document.write("<p>一、总体情况</p>")</script>
<style>p {{color: red}}</style></head><body>
<div class="nav"><a>首页</a><a>政务公开</a><a>政府信息公开年报</a></div><nav><a>网站地图</a></nav>
<h1>{title}</h1><div class="content">{body}</div>
<div class="footer"><p>版权所有</p></div></body></html>"""


def _page(tmp_path, body, title="青山县2023年政府信息公开工作年度报告", charset="utf-8", name="r.html"):
    path = tmp_path / name
    path.write_bytes(SITE.format(charset=charset, title=title, body=body).encode("gb18030" if charset == "gbk" else charset))
    return path


ARTICLE = ("<p>本报告依据《条例》编制。</p><p>一、总体情况</p><p>2023年，本机关共收到申请"
           "<span>1</span><span>6</span>件。</p><p>二、主动公开政府信息情况</p><p>本年度无其他情况。</p>")


def test_the_article_without_navigation_scripts_and_footer(tmp_path):
    text, source = render(read_html(_page(tmp_path, ARTICLE)), "html")
    assert text.split("\n") == [
        "青山县2023年政府信息公开工作年度报告", "本报告依据《条例》编制。", "一、总体情况",
        "2023年，本机关共收到申请16件。", "二、主动公开政府信息情况", "本年度无其他情况。", "",
    ]
    assert [s.paragraph for s in source.lines] == [1, 2, 3, 4, 5, 6]


def test_split_digits_are_joined_and_gbk_pages_decoded(tmp_path):
    body = "<p>统计期限自<span>20</span><span>23</span>年1月1日起至2023年12月31日止。</p>" + ARTICLE
    report = read_path(_page(tmp_path, body, charset="gbk"))
    assert isinstance(report, Report)
    assert report.lines[1] == "统计期限自2023年1月1日起至2023年12月31日止。"
    assert (report.period.start.year, report.period.end.isoformat()) == (2023, "2023-12-31")


def test_rowspan_colspan_are_placed_and_nbsp_cells_are_blank(tmp_path):
    body = ("<table><tr><td rowspan='2'>三、本年度办理结果</td><td colspan='2'>（一）予以公开</td><td>6</td></tr>"
            "<tr><td>（三）不予公开</td><td>1.属于国家秘密</td><td><p><span><o:p>&nbsp;</o:p></span></p></td></tr>"
            "<tr><td colspan='3'>四、结转下年度继续办理</td><td>&nbsp;</td></tr></table>")
    (_, grid) = read_html(_page(tmp_path, body))
    assert grid == Grid(1, (
        Span(0, 0, 2, 1, "三、本年度办理结果"), Span(0, 1, 1, 2, "（一）予以公开"), Span(0, 3, 1, 1, "6"),
        Span(1, 1, 1, 1, "（三）不予公开"), Span(1, 2, 1, 1, "1.属于国家秘密"), Span(1, 3, 1, 1, ""),
        Span(2, 0, 1, 3, "四、结转下年度继续办理"), Span(2, 3, 1, 1, ""),
    ), 3)


def test_a_page_place_names_the_table_row_and_column(tmp_path):
    body = "<table><tr><td>行政复议</td></tr><tr><td>1</td><td>0</td></tr></table>"
    blocks = read_html(_page(tmp_path, body))
    text, source = render(blocks, "html")
    line = text.split("\n").index("1\t0") + 1
    from checker.model import Location

    assert source.place(Location.point(line, 3), "0") == Place(table=1, row=2, column=2, text="0")


def test_huge_spans_are_clipped_to_the_table(tmp_path):
    body = ("<table><tr><td rowspan='100000000' colspan='100000000'>x</td><td>1</td></tr>"
            "<tr><td>2</td></tr><tr><td rowspan='0'>3</td></tr></table>")
    (grid,) = [b for b in read_html(_page(tmp_path, body)) if isinstance(b, Grid)]
    assert grid.n_rows == 3
    assert grid.spans == (Span(0, 0, 3, MAX_COLS, "x"),)  # the first cell fills what the table can hold


def test_deeply_nested_tags_and_many_rows_are_read_without_recursion(tmp_path):
    nested = "<div>" * 100_000 + "二、主动公开政府信息情况" + "</div>" * 100_000
    rows = "<tr>" + "<td rowspan='100000000'>0</td>" * 50 + "</tr>" * 5000
    result = read_path(_page(tmp_path, ARTICLE + nested + f"<table>{rows}</table>"))
    assert isinstance(result, Report)
    assert result.lines[1] == "本报告依据《条例》编制。"


def test_a_page_without_text_is_a_read_error(tmp_path):
    path = tmp_path / "empty.html"
    path.write_text("<html><head><script>x()</script></head><body><div> </div></body></html>", encoding="utf-8")
    result = read_path(path)
    assert isinstance(result, Unreadable) and result.kind == "html"
    assert result.diagnostic.values["reason"] == EMPTY
