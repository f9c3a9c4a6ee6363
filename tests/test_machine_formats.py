"""JSON, SARIF, JUnit and GitHub on hand-built results: exact numbers (issue 14.3), valid output
whatever the file names (14.6, 14.11), waivers and unassessed rules in every format (issue 11),
places (issue 9.2) and JUnit counting what it lists (issue 13.5)."""

from __future__ import annotations

import io
import json
import os
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from report_results import ALL, CTX, DOCX, GAP, HOSTILE, SKIPPED, TEXT_WAIVED, UNREADABLE, rendered

from checker.diagnostics import Diagnostic, FileResult, Severity, json_number
from checker.reporters.escape import uri

SCHEMA = json.loads((Path(__file__).parent.parent / "docs" / "json-schema.json").read_text(encoding="utf-8"))


def strict(text: str) -> Any:
    """Parse as a strict parser would: Infinity or NaN is an error."""
    def refuse(token: str) -> None:
        raise ValueError(f"not JSON: {token}")

    return json.loads(text, parse_constant=refuse)


@pytest.mark.parametrize(("value", "written"), [
    (Decimal(15), 15),
    (Decimal("15.0"), 15),
    (Decimal("3.7"), 3.7),
    (Decimal("-0.25"), -0.25),
    (Decimal(2**53), 2**53),
    (Decimal(2**53 + 1), "9007199254740993"),  # no double holds it: a parser would read ...992
    (Decimal("0.1000000000000000000001"), "0.1000000000000000000001"),
    (Decimal("1e309"), "1" + "0" * 309),  # float() would be inf, json.dumps "Infinity"
    (Decimal("9" * 4400), "9" * 4400),  # int() then json.dumps raised ValueError
    (Decimal("1E+100000"), "1E+100000"),  # beyond 1000 digits the exponent stays
    (Decimal("Infinity"), "Infinity"),
    (float("nan"), "NaN"),
    (10**20, 10**20),
])
def test_json_number_is_exact_or_a_string(value: Decimal, written: object) -> None:
    assert json_number(value) == written and type(json_number(value)) is type(written)


def test_json_values_exact_and_strict() -> None:
    values = {"huge": Decimal("9" * 4400), "over": Decimal("1e309"), "part": Decimal("3.7"), "n": Decimal(12)}
    diag = Diagnostic("cell-invalid", Severity.ERROR, "m", None, values=values)
    doc = strict(rendered("json", [FileResult("a.txt", "checked", "2021", 2024, "某局", (diag,))]))
    assert doc["files"][0]["diagnostics"][0]["values"] == {
        "huge": "9" * 4400, "over": "1" + "0" * 309, "part": 3.7, "n": 12}


def test_json_streamed_is_the_indent_2_document_and_valid() -> None:
    text = rendered("json", ALL + list(HOSTILE), CTX)
    doc = strict(text)
    assert text == json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    jsonschema.validate(doc, SCHEMA)
    assert [f["verdict"] for f in doc["files"]] == ["failed", "passed", "failed", "skipped", "unreadable",
                                                    "failed", "unreadable"]
    assert doc["summary"] == {"files": 7, "errors": 5, "warnings": 0, "infos": 0, "passed": 1, "failed": 3,
                              "unreadable": 2, "skipped": 1, "waived": 1}


def test_json_file_names_escaped_to_valid_utf8() -> None:
    text = rendered("json", list(HOSTILE))
    text.encode("utf-8")  # no lone surrogate: -o out.json writes
    assert [f["path"] for f in strict(text)["files"]] == ["bad\\xff\\xfe.txt", "evil\x1b]0;pwn\x07\x1b[31m.txt"]
    assert "\\u001b" in text and "\x1b" not in text  # JSON's own escape for the control character


def test_json_empty_run() -> None:
    assert strict(rendered("json", [])) == {"version": 1, "files": [], "summary": {
        "files": 0, "errors": 0, "warnings": 0, "infos": 0, "passed": 0, "failed": 0, "unreadable": 0,
        "skipped": 0, "waived": 0}}


def test_json_waiver_and_gaps_in_full() -> None:
    files = strict(rendered("json", [TEXT_WAIVED, GAP]))["files"]
    assert files[0]["diagnostics"][0]["waived"] == {"reason": "正文 749 件含上年结转 36 件，经核实无误",
                                                     "by": "县政务公开办 李某", "until": "2027-03-31",
                                                     "source": "waivers.yaml:3"}
    assert files[1]["not_assessed"] == [{"rule": "t3-total", "reason": "未找到表三", "fault": True, "count": 3}]


def test_sarif_uri_percent_encoded() -> None:
    assert uri("报告 #1 100%?.md") == "%E6%8A%A5%E5%91%8A%20%231%20100%25%3F.md"
    assert uri(HOSTILE[0].path) == "bad%FF%FE.txt"
    assert uri("a/b c/d.txt") == "a/b%20c/d.txt"


def test_sarif_streamed_document_shows_places_waivers_and_gaps() -> None:
    text = rendered("sarif", ALL + list(HOSTILE))
    doc = strict(text)
    assert text == json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    run = doc["runs"][0]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == [
        "t3-total", "text-table-mismatch", "publish-late", "read-error", "x"]
    placed, waived = run["results"][0], run["results"][1]
    assert placed["message"] == {"text": "表三“本年新收”合计应为 15，实为 16（第3页 第2个表格 第5行第4列：“16”）"}
    assert placed["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "%E5%8D%97%E6%B9%96%E5%8E%BF/%E5%8D%AB%E5%81%A5%E5%A7%942024.docx"},
        "region": {"startLine": 1}}
    assert placed["properties"]["hint"] == "（七）总计 应为 15（现为 16）"
    assert waived["suppressions"] == [{"kind": "external", "status": "accepted",
                                       "justification": "正文 749 件含上年结转 36 件，经核实无误",
                                       "properties": TEXT_WAIVED.diagnostics[0].waived.to_dict()}]
    notes = run["invocations"][0]["toolExecutionNotifications"]
    gaps = [n for n in notes if "associatedRule" in n]
    assert [(n["level"], n["message"]["text"], n["associatedRule"]) for n in gaps] == [
        ("note", "未评估 publish-late：没有发布日期", {"id": "publish-late", "index": 2}),
        ("warning", "未评估 t3-total：未找到表三", {"id": "t3-total", "index": 0}),
    ]
    assert run["invocations"][0]["executionSuccessful"] is False
    assert [a["properties"]["verdict"] for a in run["artifacts"]] == [
        "failed", "passed", "failed", "skipped", "unreadable", "failed", "unreadable"]
    assert run["artifacts"][5]["location"] == {"uri": "bad%FF%FE.txt"}
    assert run["properties"]["summary"]["passed"] == 1


def test_sarif_clean_run_is_successful() -> None:
    run = strict(rendered("sarif", [TEXT_WAIVED]))["runs"][0]
    assert run["invocations"][0]["executionSuccessful"] is True
    assert len(run["results"]) == 1 and run["results"][0]["suppressions"][0]["status"] == "accepted"


def test_junit_failure_message_counts_what_it_lists() -> None:
    root = ET.fromstring(rendered("junit", ALL))
    suite = root.find("testsuite")
    assert suite is not None
    assert {k: suite.attrib[k] for k in ("tests", "failures", "errors", "skipped")} == {
        "tests": "5", "failures": "2", "errors": "1", "skipped": "1"}
    docx, waived, gap, skipped, unreadable = suite.findall("testcase")
    failure = docx.find("failure")
    assert failure is not None and failure.attrib == {"message": "1 个问题", "type": "t3-total"}
    assert failure.text == "南湖县/卫健委2024.docx（第3页 第2个表格 第5行第4列）: 错误 [t3-total] 表三“本年新收”合计应为 15，实为 16"
    assert waived.find("failure") is None
    assert waived.findtext("system-out") == (
        "南湖县/教育局2024.txt:2:3: 错误（已豁免：正文 749 件含上年结转 36 件，经核实无误） [text-table-mismatch] "
        "正文 749 件与表三 713 件不同\n南湖县/教育局2024.txt: 未评估 [publish-late] 没有发布日期")
    gap_failure = gap.find("failure")
    assert gap_failure is not None and gap_failure.attrib["message"] == "1 条规则未能评估"
    assert gap_failure.text == "北山区/财政局2024.txt: 未评估 [t3-total] ×3 未找到表三"
    assert skipped.find("skipped") is not None and skipped.find("skipped").attrib["message"] == "不是报告格式（图片）"
    assert unreadable.find("error") is not None


def test_junit_counts_many_findings_exactly() -> None:
    diags = tuple(Diagnostic(f"r{i}", Severity.ERROR if i < 5 else Severity.WARNING, "m", None) for i in range(7))
    case = ET.fromstring(rendered("junit", [FileResult("a.txt", "checked", None, None, None, diags)]))
    failure = case.find("testsuite/testcase/failure")
    assert failure is not None and failure.attrib["message"] == "5 个问题"
    assert len(failure.text.splitlines()) == 5
    assert len(case.findtext("testsuite/testcase/system-out").splitlines()) == 2


def test_junit_hostile_names_are_valid_xml() -> None:
    text = rendered("junit", list(HOSTILE))
    text.encode("utf-8")
    names = [c.attrib["name"] for c in ET.fromstring(text).iter("testcase")]
    assert names == ["bad\\xff\\xfe.txt", "evil\\x1b]0;pwn\\x07\\x1b[31m.txt"]


def test_github_places_waivers_gaps_and_escapes() -> None:
    assert rendered("github", [DOCX, TEXT_WAIVED, GAP, SKIPPED, UNREADABLE, *HOSTILE]).splitlines() == [
        "::error file=南湖县/卫健委2024.docx,line=1,title=t3-total::表三“本年新收”合计应为 15，实为 16（第3页 第2个表格 第5行第4列：“16”）",
        "::notice file=南湖县/教育局2024.txt,line=2,col=3,endLine=2,endColumn=6,title=text-table-mismatch::"
        "（错误，已豁免：正文 749 件含上年结转 36 件，经核实无误）正文 749 件与表三 713 件不同",
        "::notice file=南湖县/教育局2024.txt,title=publish-late::未评估：没有发布日期",
        "::warning file=北山区/财政局2024.txt,title=t3-total::未评估：未找到表三",
        "::error file=北山区/坏.txt,line=1,col=1,endLine=1,endColumn=1,title=read-error::无法读取文件：二进制文件",
        "::error file=bad\\xff\\xfe.txt,title=x::m\\x1b[2J",
        "::error file=evil\\x1b]0;pwn\\x07\\x1b[31m.txt,line=1,col=1,endLine=1,endColumn=1,title=read-error::"
        "无法读取文件：二进制文件",
    ]


def test_parse_model_json_exact_for_huge_numbers_and_odd_names(tmp_path: Path) -> None:
    from checker.reporters.model_json import parse_main

    clean = (Path(__file__).parent.parent / "examples" / "clean-2023.txt").read_text(encoding="utf-8")
    row = "12\t3\t0\t0\t1\t0\t16"
    assert row in clean
    name = tmp_path / os.fsdecode(b"big\xff.txt")
    name.write_text(clean.replace(row, row[:-2] + "9" * 4400, 1), encoding="utf-8")
    out = io.StringIO()
    assert parse_main(str(name), out) == 0
    out.getvalue().encode("utf-8")
    model = strict(out.getvalue())
    assert model["path"].endswith("big\\xff.txt")
    total = next(c for c in model["tables"]["t3"]["cells"] if (c["row"], c["col"]) == ("r1", "total"))
    assert total["value"] == "9" * 4400 and total["raw"] == "9" * 4400


@pytest.mark.parametrize("fmt", ["json", "sarif", "text"])
def test_a_4400_digit_cell_is_a_finding_in_every_format_not_an_internal_error(tmp_path: Path, fmt: str) -> None:
    from test_cli import run

    clean = (Path(__file__).parent.parent / "examples" / "clean-2023.txt").read_text(encoding="utf-8")
    row = "12\t3\t0\t0\t1\t0\t16"
    name = tmp_path / "huge.txt"
    name.write_text(clean.replace(row, "9" * 4400 + row[2:], 1), encoding="utf-8")
    proc = run("check", "--format", fmt, str(name))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr and "internal-error" not in proc.stdout
    if fmt == "json":
        rules = [d["rule"] for d in strict(proc.stdout)["files"][0]["diagnostics"]]
        assert rules[:3] == ["cell-invalid", "t3-balance", "t3-row-total"]
    elif fmt == "sarif":
        strict(proc.stdout)
    else:
        assert f"本年新收 {'9' * 4400} " in proc.stdout
