"""read_report as a whole: title, period, format, problems, and the JSON of ``reportlint parse``."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path

import pytest

from checker.model import Location, Problem, Title
from checker.read.decode import read_file
from checker.read.report import read_report
from checker.reporters.model_json import parse_main, report_to_dict

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
REAL = EXAMPLES / "ganxian-xzspj-2023.txt"


def _read(path: Path):
    decoded = read_file(path)
    return read_report(decoded.text, str(path), decoded.encoding)


def test_real_example_title_year_agency_period() -> None:
    report = _read(REAL)
    assert report.title == Title(
        "赣县区行政审批局 2023 年政府信息公开 工作年度报告", "赣县区行政审批局", 2023, Location(3, 1, 3, 29)
    )
    assert report.year == 2023
    assert (report.period.start.isoformat(), report.period.end.isoformat()) == ("2023-01-01", "2023-12-31")
    assert (report.format, report.format_markers, report.problems) == ("2021", (), ())
    assert len(report.lines) == len(report.norm_lines) == 87
    assert report.norm_lines[56 - 1].startswith("\t(四) 无法提 供")


def test_2019_format_is_recognised_and_read_in_its_own_layout() -> None:
    """Issue 10: a 2019-format report's tables are read with the 2019 layout's ids, never mapped onto 2021 cells."""
    report = _read(EXAMPLES / "old-format-2022.txt")
    assert report.format == "2019"
    assert report.format_markers == (
        "本年新制作数量",
        "本年新公开数量",
        "对外公开总数量",
        "上一年项目数量",
        "本年增/减",
        "其他对外管理服务事项",
        "第二十条第（九）项",
        "政府集中采购",
    )
    assert {t: len(table.cells) for t, table in report.tables.items()} == {"t2": 22, "t3": 161, "t4": 15}
    t2, t3 = report.tables["t2"], report.tables["t3"]
    assert ("r3.6", "total") in t3.cells and ("r3.6.1", "total") not in t3.cells  # （六）其他处理 is one row
    assert [t2.cells[("license", c)].value for c in ("last-year", "change", "decisions")] == [6, 0, 41]
    assert t2.cells[("procurement", "purchase-amount")].value == Decimal("86.5")
    assert ("normative", "issued") not in t2.cells  # no 2021 column is invented
    assert report.problems == ()
    assert [s.key for s in report.sections] == ["s1", "s2", "s3", "s4", "s5", "s6"]


def test_an_old_table_inside_a_2021_report_is_not_mapped() -> None:
    """One 2019-format sub-table (本年新制作数量 …) in a 2021 report: its cells stay absent, the rest is read."""
    text = (EXAMPLES / "clean-2023.txt").read_text(encoding="utf-8").replace(
        "信息内容\t本年制发件数\t本年废止件数\t现行有效件数", "信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量"
    )
    report = read_report(text)
    assert report.format == "2021"
    assert report.format_markers == ("本年新制作数量", "本年新公开数量", "对外公开总数量")
    assert sorted(report.tables["t2"].cells) == [
        ("coercion", "decisions"), ("fee", "amount"), ("license", "decisions"), ("penalty", "decisions")
    ]
    assert len(report.tables["t3"].cells) == 175


def test_pre_2019_markers() -> None:
    text = "某局2017年政府信息公开工作年度报告\n三、依申请公开政府信息情况\n当面申请\t3\n四、政府信息公开的收费及减免情况\n"
    report = read_report(text)
    assert (report.format, report.format_markers) == (
        "pre-2019",
        ("政府信息公开的收费及减免情况", "依申请公开政府信息情况", "当面申请"),
    )
    assert dict(report.tables) == {}


def test_markers_in_prose_do_not_count() -> None:
    report = read_report(
        "某局2023年政府信息公开工作年度报告\n本年通过政府集中采购平台采购办公用品，当面申请的均已答复。\n"
    )
    assert (report.format, report.format_markers) == ("unknown", ())


@pytest.mark.parametrize("text", ["", "\n\n", "hello world\n1 2 3\n", "今天天气很好。\n我们去公园。"])
def test_not_a_report(text: str) -> None:
    report = read_report(text, "x.txt")
    assert report.problems == (
        Problem(
            "not-a-report",
            "x.txt 不像政府信息公开工作年度报告：未找到标题、章节或表格",
            None,
            {"path": "x.txt"},
        ),
    )
    assert (report.title, report.sections, dict(report.tables)) == (None, (), {})


def test_missing_tables_of_a_bare_report() -> None:
    text = "某局2023年政府信息公开工作年度报告\n一、总体情况\n二、主动公开政府信息情况\n无。\n"
    kinds = [(p.kind, p.values["table"], p.loc) for p in read_report(text).problems]
    assert kinds == [
        ("table-missing", "t2", Location(3, 1, 3, 13)),
        ("table-missing", "t3", None),
        ("table-missing", "t4", None),
    ]


def test_report_to_dict_has_every_cell() -> None:
    data = report_to_dict(_read(REAL))
    json.dumps(data, ensure_ascii=False)
    cells = [c for t in data["tables"].values() for c in t["cells"]]
    assert len(cells) == 200
    r1 = next(c for c in cells if (c["table"], c["row"], c["col"]) == ("t3", "r1", "natural"))
    assert r1 == {
        "table": "t3",
        "row": "r1",
        "col": "natural",
        "value": 0,
        "raw": "0",
        "state": "number",
        "line": 42,
        "column": 19,
        "end_column": 20,
    }
    blank = next(c for c in cells if (c["table"], c["row"], c["col"]) == ("t4", "review", "total"))
    assert (blank["state"], blank["value"], blank["line"], blank["column"]) == ("blank", None, 77, 5)
    assert [s["line"] for s in data["sections"]] == [7, 19, 37, 72, 79, 85]
    assert data["title"]["agency"] == "赣县区行政审批局"
    assert (data["period"]["start"], data["period"]["end"], data["format"]) == (
        "2023-01-01",
        "2023-12-31",
        "2021",
    )
    assert data["claims"][0]["number"] == 766


def test_parse_main_prints_json_and_exit_codes(tmp_path) -> None:
    out = io.StringIO()
    assert parse_main(str(REAL), out) == 0
    assert json.loads(out.getvalue())["title"]["year"] == 2023
    out = io.StringIO()
    assert parse_main(str(tmp_path / "none.txt"), out) == 2
    assert json.loads(out.getvalue())["values"]["reason"] == "文件不存在"
