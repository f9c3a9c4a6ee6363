"""The CLI as a user and a gate run it: a subprocess, exact output, exit codes for every case.

Most runs add ``tests/cli/cli.rule`` and select only its ``cli-`` rules, so the
expected output does not move when the shipped rules change.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

ROOT = Path(__file__).resolve().parent.parent
CLEAN = "examples/clean-2023.txt"
CLI_RULES = "tests/cli/cli.rule"
SCHEMA = json.loads((ROOT / "docs" / "json-schema.json").read_text(encoding="utf-8"))
ONLY = ["--rules", CLI_RULES, "--select", "cli-"]
#: The verdict line that ends the text output since issue 11, for one file that passes.
VERDICT_1_PASSED = "共 1 份：通过 1 份，不通过 0 份，无法检查 0 份；已豁免 0 条\n"


def only(*ids: str) -> list[str]:
    return ["--rules", CLI_RULES, "--select", ",".join(ids)]


def run(*args: str, cwd: Path = ROOT, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    full_env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "checker", *args], capture_output=True, text=True,
                          cwd=cwd, env=full_env, timeout=120)


def r1_line() -> tuple[int, str]:
    """The line of 表三 row 一 in the clean example (where cli-new points)."""
    lines = (ROOT / CLEAN).read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith("一、本年新收"))
    return index + 1, lines[index]


@pytest.fixture
def binary(tmp_path: Path) -> Path:
    path = tmp_path / "scan.txt"
    path.write_bytes(b"\x00\x01\x02binary")  # no signature: a PDF header would now send it to the PDF reader
    return path


# ---------------------------------------------------------------- exit codes


def test_clean_exact() -> None:
    proc = run("check", CLEAN, "--rules", CLI_RULES, "--select", "cli-pass")
    assert (proc.returncode, proc.stdout, proc.stderr) == (
        0, "1 个文件，1 条规则，未发现问题\n" + VERDICT_1_PASSED, "")


def test_findings_exact_text_with_code_frame() -> None:
    proc = run("check", CLEAN, *only("cli-new"))
    line, raw = r1_line()
    column = raw.rindex("\t") + 2
    assert proc.returncode == 1, proc.stderr
    # 16 CJK characters = 32 cells; tabs to multiples of 4; the total "16" starts at cell 64.
    assert proc.stdout == (
        f"{CLEAN}:{line}:{column}: 错误 [cli-new] 表三本年新收总计不为零\n"
        "   |\n"
        f"{line} | 一、本年新收政府信息公开申请数量" + " " * 8 + "12  3   0   0   1   0   16\n"
        "   | " + " " * 64 + "^^\n"
        "\n"
        "按规则统计：\n"
        "  1  错误  cli-new  测试用：本年新收总计应为零\n"
        "\n"
        "检查了 1 个文件，1 条规则：1 个错误，0 个警告，0 个提示\n"
        "共 1 份：通过 0 份，不通过 1 份，无法检查 0 份；已豁免 0 条\n"  # added: the verdict line (issue 11)
    )


def test_fail_on_and_exit_zero() -> None:
    assert run("check", CLEAN, *ONLY, "--ignore", "cli-new").returncode == 0
    assert run("check", CLEAN, *ONLY, "--ignore", "cli-new", "--fail-on", "warning").returncode == 1
    assert run("check", CLEAN, *ONLY, "--exit-zero").returncode == 0


def test_bad_rule_file_checks_nothing_in_any_format(tmp_path: Path) -> None:
    bad = tmp_path / "bad.rule"
    bad.write_text('rule a error "m" { summary "测"  require 1 = 1 }\n', encoding="utf-8")
    for fmt in ("text", "json", "sarif", "github", "junit"):
        proc = run("check", CLEAN, "--rules", str(bad), "--format", fmt)
        assert (proc.returncode, proc.stdout) == (2, ""), fmt
        assert f"{bad}:1:" in proc.stderr and "==" in proc.stderr


def test_unreadable_file_in_every_format(binary: Path) -> None:
    text = run("check", CLEAN, str(binary), *only("cli-pass"))
    assert text.returncode == 2
    assert f"{binary}: 错误 [read-error] 无法读取文件 {binary}：二进制文件\n" in text.stdout
    assert text.stdout.endswith("检查了 2 个文件，1 条规则：1 个错误，0 个警告，0 个提示；1 个文件未能检查\n"
                                "共 2 份：通过 1 份，不通过 0 份，无法检查 1 份；已豁免 0 条\n")  # added (issue 11)
    doc = json.loads(run("check", CLEAN, str(binary), *ONLY, "--format", "json", "--exit-zero").stdout)
    jsonschema.validate(doc, SCHEMA)
    assert [(f["path"], f["status"]) for f in doc["files"]] == [(CLEAN, "checked"), (str(binary), "unreadable")]
    assert doc["files"][1]["diagnostics"][0]["rule"] == "read-error"
    sarif = json.loads(run("check", str(binary), "--format", "sarif").stdout)
    assert sarif["runs"][0]["invocations"][0]["executionSuccessful"] is False
    assert run("check", str(binary), "--format", "github").stdout.startswith(f"::error file={binary},title=read-error::")
    junit = ET.fromstring(run("check", str(binary), "--format", "junit").stdout)
    assert junit.find("testsuite/testcase/error") is not None


def test_missing_path_still_checks_the_others() -> None:
    proc = run("check", "nope/none.txt", CLEAN, *only("cli-pass"))
    assert proc.returncode == 2
    assert proc.stderr == "reportlint: 路径不存在：nope/none.txt\n"
    assert proc.stdout == "1 个文件，1 条规则，未发现问题\n" + VERDICT_1_PASSED


def test_usage_errors() -> None:
    assert run("check").returncode == 2
    assert run("check", CLEAN, "--format", "xml").returncode == 2
    proc = run("check", CLEAN, "--published", "2024-13-01")
    assert proc.returncode == 2 and "YYYY-MM-DD" in proc.stderr
    proc = run("check", CLEAN, *ONLY, "--ignore", "cli-nwe")
    assert (proc.returncode, proc.stderr) == (2, "reportlint: 未知的规则“cli-nwe”，是否想写“cli-new”？\n")


# ---------------------------------------------------------------- formats


def test_json_of_examples_matches_schema() -> None:
    proc = run("check", "examples", "--format", "json")
    assert proc.returncode in (0, 1), proc.stderr
    doc = json.loads(proc.stdout)
    jsonschema.validate(doc, SCHEMA)
    assert doc["summary"]["files"] == len(doc["files"]) >= 4


def test_json_exact_for_one_finding() -> None:
    doc = json.loads(run("check", CLEAN, *only("cli-new"), "--format", "json").stdout)
    line, raw = r1_line()
    column = raw.rindex("\t") + 2
    assert doc["files"][0]["diagnostics"][0] == {
        "rule": "cli-new", "severity": "error", "message": "表三本年新收总计不为零",
        "line": line, "column": column, "end_line": line, "end_column": column + 2,
        "cell": {"table": "t3", "row": "r1", "col": "total"},
        "values": doc["files"][0]["diagnostics"][0]["values"],
        "place": None, "hint": None, "waived": None,  # added in version 1: a text file has no place of its own
    }
    assert {k: doc["files"][0][k] for k in ("status", "format", "year", "agency")} == {
        "status": "checked", "format": "2021", "year": 2023, "agency": "青山县市场监督管理局",
    }
    assert doc["summary"] == {"files": 1, "errors": 1, "warnings": 0, "infos": 0,
                              "passed": 0, "failed": 1, "unreadable": 0, "skipped": 0, "waived": 0}  # added


def test_sarif_structure() -> None:
    doc = json.loads(run("check", CLEAN, *ONLY, "--format", "sarif").stdout)
    assert doc["version"] == "2.1.0" and len(doc["runs"]) == 1
    driver = doc["runs"][0]["tool"]["driver"]
    assert [r["id"] for r in driver["rules"]] == ["cli-pass", "cli-new", "cli-warn"]
    assert driver["rules"][1]["help"] == {"text": "依据：仅供测试"}
    results = doc["runs"][0]["results"]
    assert [(r["ruleId"], r["ruleIndex"], r["level"]) for r in results] == [
        ("cli-new", 1, "error"), ("cli-warn", 2, "warning")]
    assert results[0]["locations"][0]["physicalLocation"]["artifactLocation"] == {"uri": CLEAN}


def test_github_and_junit() -> None:
    line, raw = r1_line()
    column = raw.rindex("\t") + 2
    out = run("check", CLEAN, *only("cli-new"), "--format", "github").stdout
    assert out == (f"::error file={CLEAN},line={line},col={column},endLine={line},endColumn={column + 2},"
                   "title=cli-new::表三本年新收总计不为零\n")
    junit = ET.fromstring(run("check", CLEAN, *ONLY, "--format", "junit").stdout)
    case = junit.find("testsuite/testcase")
    assert case is not None and case.attrib["name"] == CLEAN
    assert case.find("failure") is not None


def test_output_file(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    proc = run("check", CLEAN, *ONLY, "--format", "json", "--output", str(target))
    assert (proc.returncode, proc.stdout) == (1, "")
    assert json.loads(target.read_text(encoding="utf-8"))["version"] == 1


def test_statistics_text() -> None:
    out = run("check", CLEAN, CLEAN, *ONLY, "--statistics").stdout
    assert out == (
        "按规则统计：\n"
        "  1  错误  cli-new  测试用：本年新收总计应为零\n"
        "  1  警告  cli-warn  测试用：上年结转总计应为零\n"
        "\n"
        "按单位统计：\n"  # added with issue 11: with --statistics, the table by agency
        "  单位                  文件  通过  不通过  无法检查  主要问题\n"
        "  青山县市场监督管理局     1     0       1         0  cli-new 1\n"
        "\n"
        "检查了 1 个文件，3 条规则：1 个错误，1 个警告，0 个提示\n"
        "共 1 份：通过 0 份，不通过 1 份，无法检查 0 份；已豁免 0 条\n"  # added: the verdict line
    )


# ---------------------------------------------------------------- terminal safety


def _with_markup(tmp_path: Path) -> Path:
    text = (ROOT / CLEAN).read_text(encoding="utf-8").replace(
        "一、本年新收政府信息公开申请数量\t\t", "一、本年新收政府信息公开申请数量[bold]\t[/]\t", 1)
    path = tmp_path / "markup.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_markup_in_report_prints_verbatim(tmp_path: Path) -> None:
    proc = run("check", str(_with_markup(tmp_path)), *only("cli-new"))
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.splitlines()[2].endswith(" | 一、本年新收政府信息公开申请数量[bold]  [/] 12  3   0   0   1   0   16")


def test_no_color_has_no_escapes(tmp_path: Path) -> None:
    path = str(_with_markup(tmp_path))
    plain = run("check", path, *ONLY, "--color", "auto", env={"NO_COLOR": "1", "FORCE_COLOR": "1"})
    assert "\x1b" not in plain.stdout and "[bold]" in plain.stdout
    assert "\x1b" not in run("check", path, *ONLY).stdout  # a pipe is not a terminal
    assert "\x1b[" in run("check", path, *ONLY, "--color", "always").stdout


# ---------------------------------------------------------------- batches


def test_parallel_output_order_is_stable(tmp_path: Path) -> None:
    text = (ROOT / CLEAN).read_text(encoding="utf-8")
    for i in range(12):
        sub = tmp_path / f"d{i % 3}"
        sub.mkdir(exist_ok=True)
        (sub / f"r{i:02d}.txt").write_text(text.replace("\t16\n", f"\t{16 + i % 2}\n", 1), encoding="utf-8")
    # Not a report format: listed as skipped, in its place (a .pdf is a report format now: issue 9).
    (tmp_path / "notes.png").write_bytes(b"\x89PNG")
    one = run("check", str(tmp_path), *ONLY, "--format", "json", "-j", "1")
    two = run("check", str(tmp_path), *ONLY, "--format", "json", "-j", "2")
    assert one.stdout == two.stdout
    files = json.loads(one.stdout)["files"]
    paths = [f["path"] for f in files]
    assert paths == sorted(paths) and len(paths) == 13
    assert [(f["status"], f["reason"]) for f in files if f["path"].endswith("notes.png")] == [
        ("skipped", "不是报告文件（.png），未检查")]


def test_glob_paths() -> None:
    doc = json.loads(run("check", "examples/*-2023.txt", *ONLY, "--format", "json").stdout)
    assert [f["path"] for f in doc["files"]] == sorted(str(p.relative_to(ROOT)) for p in
                                                      (ROOT / "examples").glob("*-2023.txt"))


# ---------------------------------------------------------------- config


def test_config_found_upward_and_profile(tmp_path: Path) -> None:
    (tmp_path / "reportlint.yaml").write_text(
        f"rule-paths: [{ROOT / CLI_RULES}]\nselect: [cli-]\nignore: [cli-new]\n"
        "profiles:\n  draft: {}\n  publish: {fail-on: warning}\n", encoding="utf-8")
    sub = tmp_path / "sub"
    sub.mkdir()
    assert run("check", str(ROOT / CLEAN), cwd=sub).returncode == 0
    assert run("check", str(ROOT / CLEAN), "--profile", "publish", cwd=sub).returncode == 1
    proc = run("check", str(ROOT / CLEAN), "--profile", "pubish", cwd=sub)
    assert proc.returncode == 2 and "是否想写“publish”" in proc.stderr


def test_config_errors_exit_2(tmp_path: Path) -> None:
    cfg = tmp_path / "c.yaml"
    cfg.write_text("ignroe: [t3]\n", encoding="utf-8")
    proc = run("check", CLEAN, "--config", str(cfg))
    assert proc.returncode == 2 and proc.stdout == ""
    assert "未知的键“ignroe”，是否想写“ignore”？" in proc.stderr


def test_per_path_override(tmp_path: Path) -> None:
    town = tmp_path / "乡镇"
    town.mkdir()
    (town / "a.txt").write_text((ROOT / CLEAN).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "reportlint.yaml").write_text(
        f"rule-paths: [{ROOT / CLI_RULES}]\nselect: [cli-]\n"
        "overrides:\n  - paths: ['乡镇/**']\n    severity: {cli-new: info}\n", encoding="utf-8")
    doc = json.loads(run("check", "乡镇", "--format", "json", cwd=tmp_path).stdout)
    assert [(d["rule"], d["severity"]) for d in doc["files"][0]["diagnostics"]] == [
        ("cli-new", "info"), ("cli-warn", "warning")]


def test_init_writes_once(tmp_path: Path) -> None:
    first = run("init", cwd=tmp_path)
    assert (first.returncode, first.stdout) == (0, "已写入 reportlint.yaml\n")
    assert run("check", str(ROOT / CLEAN), "--config", str(tmp_path / "reportlint.yaml")).returncode in (0, 1)
    second = run("init", cwd=tmp_path)
    assert (second.returncode, second.stderr) == (2, "reportlint: reportlint.yaml 已存在，不覆盖\n")


# ---------------------------------------------------------------- rules, explain, parse


def test_rules_lists_user_rules() -> None:
    out = run("rules", "--rules", CLI_RULES).stdout.splitlines()
    assert [line.split(None, 2) for line in out if line.startswith("cli-")] == [
        ["cli-pass", "错误", "测试用：永远通过"],  # the words of `check` since issue 13 (were error/warning)
        ["cli-new", "错误", "测试用：本年新收总计应为零"],
        ["cli-warn", "警告", "测试用：上年结转总计应为零"],
    ]
    assert out[-1].startswith("共 ") and out[-1].endswith(" 条规则")


def test_explain_exact_and_unknown() -> None:
    proc = run("explain", "cli-new", "--rules", CLI_RULES)
    assert proc.stdout == (
        "cli-new（错误）\n\n简述：测试用：本年新收总计应为零\n说明：测试用：本年新收总计应为零\n依据：仅供测试\n消息：表三本年新收总计不为零\n\n"
        "通过的例子：\n    本年新收总计 0\n\n不通过的例子：\n    本年新收总计 16\n\n"
        f"定义于：{CLI_RULES}:9\n"  # was line 8 before cli.rule's rules gained a summary line
    )
    bad = run("explain", "cli-nwe", "--rules", CLI_RULES)
    assert (bad.returncode, bad.stderr) == (2, "reportlint: 未知的规则“cli-nwe”，是否想写“cli-new”？\n")


def test_parse_prints_model_json() -> None:
    proc = run("parse", CLEAN)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)
    assert run("parse", "nope.txt").returncode == 2


def test_published_date_reaches_the_date_rules() -> None:
    late = json.loads(run("check", CLEAN, "--published", "2024-03-01", "--format", "json").stdout)
    on_time = json.loads(run("check", CLEAN, "--published", "2024-01-20", "--format", "json").stdout)
    assert [d["rule"] for d in late["files"][0]["diagnostics"]] == ["publish-late"]
    assert on_time["files"][0]["diagnostics"] == []
