"""Reporters on hand-built results: exact output for exact input, in every format."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest
from report_results import FakeRule

from checker.diagnostics import CellRef, Diagnostic, FileResult, Severity
from checker.model import Location
from checker.reporters import REPORTERS, RenderContext, get_reporter, github, text

SCHEMA = json.loads((Path(__file__).parent.parent / "docs" / "json-schema.json").read_text(encoding="utf-8"))

LINES = (
    "标题",
    "一、本年新收\t12\t3\t16",
    "说明[bold]不是标记[/]",
)
TOTAL = Diagnostic(
    rule="t3-total", severity=Severity.ERROR, message="表三“本年新收”合计应为 15，实为 16",
    location=Location(2, 8, 2, 10), cell=CellRef("t3", "r1", "total"),
    values={"expected": Decimal(15), "actual": Decimal("16")},
)
MARKUP = Diagnostic(
    rule="prose-note", severity=Severity.WARNING, message="说明含“[bold]”与“[/]”",
    location=Location(3, 3, 3, 5),
)
CHECKED = FileResult("a/报告.txt", "checked", "2021", 2023, "某局", (TOTAL, MARKUP), LINES)
CLEAN = FileResult("b.txt", "checked", "2021", 2023, "某局", (), ("x",))
READ_ERROR = Diagnostic("read-error", Severity.ERROR, "无法读取文件：二进制文件", Location.point(1))
UNREADABLE = FileResult("c.pdf", "unreadable", None, None, None, (READ_ERROR,))


class FakeRules:
    rules = (FakeRule("t3-total", Severity.ERROR, "表三各行合计等于各列之和\n详", "表三各行合计等于各列之和"),
             FakeRule("prose-note", Severity.WARNING, "说明", "说明"))

    def get(self, rid: str) -> FakeRule:
        return next((r for r in self.rules if r.id == rid), None)  # type: ignore[return-value]


CTX = RenderContext(ruleset=FakeRules(), color="never")


def rendered(name: str, results: list[FileResult], ctx: RenderContext = CTX) -> str:
    out = io.StringIO()
    get_reporter(name)(results, out, ctx)
    return out.getvalue()


def test_registry_lists_known_names_on_unknown() -> None:
    assert list(REPORTERS) == ["text", "json", "sarif", "github", "junit", "csv", "html"]
    with pytest.raises(ValueError, match="text, json, sarif, github, junit, csv, html"):
        get_reporter("xml")


def test_text_exact_with_cjk_marker_and_markup_verbatim() -> None:
    assert rendered("text", [CHECKED]) == (
        "a/报告.txt:2:8: 错误 [t3-total] 表三“本年新收”合计应为 15，实为 16\n"
        "  |\n"
        "2 | 一、本年新收    12  3   16\n"
        "  | " + " " * 16 + "^^\n"
        "\n"
        "a/报告.txt:3:3: 警告 [prose-note] 说明含“[bold]”与“[/]”\n"
        "  |\n"
        "3 | 说明[bold]不是标记[/]\n"
        "  |     ^^\n"
        "\n"
        "按规则统计：\n"
        "  1  错误  t3-total  表三各行合计等于各列之和\n"
        "  1  警告  prose-note  说明\n"
        "\n"
        "检查了 1 个文件，2 条规则：1 个错误，1 个警告，0 个提示\n"
        "共 1 份：通过 0 份，不通过 1 份，无法检查 0 份；已豁免 0 条\n"  # added: the verdict line (issue 11)
    )


def test_text_clean_summary() -> None:
    assert rendered("text", [CLEAN, CLEAN]) == (
        # added with issue 11: for more than one file, the table by agency and the verdict line
        "按单位统计：\n"
        "  单位  文件  通过  不通过  无法检查  主要问题\n"
        "  某局     2     2       0         0\n"
        "\n"
        "2 个文件，2 条规则，未发现问题\n"
        "共 2 份：通过 2 份，不通过 0 份，无法检查 0 份；已豁免 0 条\n"
    )


def test_text_unreadable_is_shown_and_counted() -> None:
    out = rendered("text", [UNREADABLE])
    assert out.startswith("c.pdf:1:1: 错误 [read-error] 无法读取文件：二进制文件\n")
    assert out.endswith("检查了 1 个文件，2 条规则：1 个错误，0 个警告，0 个提示；1 个文件未能检查\n"
                        "共 1 份：通过 0 份，不通过 0 份，无法检查 1 份；已豁免 0 条\n")


def test_text_statistics_only() -> None:
    ctx = RenderContext(ruleset=FakeRules(), color="never", statistics=True)
    assert rendered("text", [CHECKED], ctx).splitlines()[0] == "按规则统计："


def test_text_no_color_env_has_no_escapes_even_forced_terminal() -> None:
    ctx = RenderContext(ruleset=FakeRules(), color="auto", env={"NO_COLOR": "1"})
    assert "\x1b" not in rendered("text", [CHECKED], ctx)


def test_text_always_colours() -> None:
    ctx = RenderContext(ruleset=FakeRules(), color="always")
    assert "\x1b[" in rendered("text", [CHECKED], ctx)


def test_control_characters_in_report_never_reach_terminal() -> None:
    diag = Diagnostic("x", Severity.ERROR, "m\x1b[31m", Location.point(1, 1, 1))
    out = rendered("text", [FileResult("e.txt", "checked", None, None, None, (diag,), ("\x1b]0;pwn\x07",))])
    assert "\x1b" not in out and "\x07" not in out


@pytest.mark.parametrize(
    ("raw", "col", "end", "marker"),
    [
        ("abc", 2, 3, " ^"),
        ("表三合计", 3, 5, "    ^^^^"),
        ("\t9", 2, 3, "    ^"),
        ("ab", 5, 5, "    ^"),  # past the end: where the cell should be
    ],
)
def test_code_frame_marker_counts_cells(raw: str, col: int, end: int, marker: str) -> None:
    diag = Diagnostic("x", Severity.ERROR, "m", Location(1, col, 1, end))
    frame = text.code_frame((raw,), diag, 1)
    assert frame is not None
    assert frame.plain.splitlines()[2] == "  | " + marker


def test_json_exact_and_valid() -> None:
    doc = json.loads(rendered("json", [CHECKED, UNREADABLE]))
    jsonschema.validate(doc, SCHEMA)
    assert doc["summary"] == {"files": 2, "errors": 2, "warnings": 1, "infos": 0,
                              "passed": 0, "failed": 1, "unreadable": 1, "skipped": 0, "waived": 0}  # added
    assert doc["files"][0]["diagnostics"][0] == {
        "rule": "t3-total", "severity": "error", "message": "表三“本年新收”合计应为 15，实为 16",
        "line": 2, "column": 8, "end_line": 2, "end_column": 10,
        "cell": {"table": "t3", "row": "r1", "col": "total"}, "values": {"expected": 15, "actual": 16},
        "place": None, "hint": None, "waived": None,  # added in version 1
    }
    assert doc["files"][1] == {
        "path": "c.pdf", "status": "unreadable", "format": None, "year": None, "agency": None,
        "diagnostics": [READ_ERROR.to_dict()],
        "not_assessed": [], "reason": None, "kind": None,  # added in version 1
        "verdict": "unreadable",  # added in version 1
    }
    assert "statistics" not in doc


def test_json_statistics_valid() -> None:
    doc = json.loads(rendered("json", [CHECKED], RenderContext(ruleset=FakeRules(), statistics=True)))
    jsonschema.validate(doc, SCHEMA)
    assert doc["statistics"] == [{"rule": "t3-total", "severity": "error", "count": 1,
                                  "summary": "表三各行合计等于各列之和"},  # summary added (issue 13)
                                 {"rule": "prose-note", "severity": "warning", "count": 1, "summary": "说明"}]


def test_github_lines_escaped() -> None:
    diag = Diagnostic("r", Severity.INFO, "a%b\nc", Location(1, 2, 1, 3))
    assert github.line("d,e:f.txt", diag) == (
        "::notice file=d%2Ce%3Af.txt,line=1,col=2,endLine=1,endColumn=3,title=r::a%25b%0Ac"
    )
    assert rendered("github", [UNREADABLE]) == (
        "::error file=c.pdf,line=1,col=1,endLine=1,endColumn=1,title=read-error::无法读取文件：二进制文件\n"
    )


def test_sarif_structure() -> None:
    doc = json.loads(rendered("sarif", [CHECKED, UNREADABLE]))
    assert doc["version"] == "2.1.0"
    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["t3-total", "prose-note", "read-error"]
    assert rules[0]["shortDescription"] == {"text": "表三各行合计等于各列之和"}
    assert rules[0]["help"] == {"text": "依据：《条例》第五十条"}
    first = run["results"][0]
    assert first["ruleId"] == "t3-total" and first["ruleIndex"] == 0 and first["level"] == "error"
    assert first["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "a/%E6%8A%A5%E5%91%8A.txt"},  # percent-encoded since issue 14.11 (was "a/报告.txt")
        "region": {"startLine": 2, "startColumn": 8, "endLine": 2, "endColumn": 10},
    }
    assert run["results"][2]["ruleId"] == "read-error" and run["results"][2]["ruleIndex"] == 2
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert invocation["toolExecutionNotifications"][0]["message"] == {"text": "无法读取文件：二进制文件"}


def test_junit_one_case_per_file() -> None:
    root = ET.fromstring(rendered("junit", [CHECKED, CLEAN, UNREADABLE]))
    suite = root.find("testsuite")
    assert suite is not None and suite.attrib["tests"] == "3"
    assert (suite.attrib["failures"], suite.attrib["errors"]) == ("1", "1")
    cases = suite.findall("testcase")
    assert [c.attrib["name"] for c in cases] == ["a/报告.txt", "b.txt", "c.pdf"]
    failure = cases[0].find("failure")
    assert failure is not None and failure.attrib["message"] == "1 个问题"
    # issue 13.5: the failure lists exactly what its message counts; the warning below the fail level
    # (listed in the failure before) is in system-out
    assert failure.text == "a/报告.txt:2:8: 错误 [t3-total] 表三“本年新收”合计应为 15，实为 16"
    assert cases[0].findtext("system-out") == "a/报告.txt:3:3: 警告 [prose-note] 说明含“[bold]”与“[/]”"
    assert list(cases[1]) == []
    assert cases[2].find("error") is not None


def test_junit_warning_below_fail_level_passes() -> None:
    result = FileResult("w.txt", "checked", None, None, None, (MARKUP,), LINES)
    case = ET.fromstring(rendered("junit", [result])).find("testsuite/testcase")
    assert case is not None and case.find("failure") is None
    assert case.findtext("system-out") == "w.txt:3:3: 警告 [prose-note] 说明含“[bold]”与“[/]”"


def test_long_line_is_windowed_around_the_span() -> None:
    raw = "甲" * 60 + "12" + "乙" * 60
    diag = Diagnostic("x", Severity.ERROR, "m", Location(1, 61, 1, 63))
    frame = text.code_frame((raw,), diag, 1)
    assert frame is not None
    shown, marker = frame.plain.splitlines()[1:]
    assert shown == "1 | …" + "甲" * 20 + "12" + "乙" * 20 + "…"
    assert marker == "  | " + " " * 41 + "^^"
