"""Waivers as an office uses them: a reasoned, located acceptance of a finding that stays visible.

CLI runs select the ``cli-`` rules of ``tests/cli/cli.rule`` on the clean example, which
gives exactly one error (cli-new at 表三[r1, total]) and one warning (cli-warn at 表三[r2, total]).
"""

from __future__ import annotations

import hashlib
import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from test_cli import CLEAN, CLI_RULES, ROOT, run

from checker.app.waivers import Waivers, load_waivers
from checker.app.yamlfile import ConfigError
from checker.diagnostics import CellRef, Diagnostic, FileResult, Severity, Waived
from checker.model import Location


@pytest.fixture
def report(tmp_path: Path) -> Path:
    path = tmp_path / "县" / "a.txt"
    path.parent.mkdir()
    shutil.copy(ROOT / CLEAN, path)
    return path


def waive(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "waivers.yaml"
    path.write_text("waivers:\n" + body, encoding="utf-8")
    return path


def check(*args: str, fmt: str = "json") -> tuple[int, dict, str]:
    proc = run("check", *args, "--rules", CLI_RULES, "--select", "cli-new,cli-warn", "--format", fmt)
    return proc.returncode, json.loads(proc.stdout) if fmt == "json" and proc.stdout else {}, proc.stderr


def findings(doc: dict) -> list[tuple[str, str, dict | None]]:
    return [(f["path"], d["rule"], d["waived"]) for f in doc["files"] for d in f["diagnostics"]]


ERROR_WAIVER = (
    "  - file: 县/a.txt\n    rule: cli-new\n    at: 表三[本年新收, 总计]\n"
    "    reason: 经核实无误\n    by: 县政务公开办 李某\n    severity: error\n    until: 2999-12-31\n"
)


def test_a_waiver_turns_exit_1_into_0_and_the_finding_stays_marked(tmp_path: Path, report: Path) -> None:
    waivers = waive(tmp_path, ERROR_WAIVER)
    assert check(str(report))[0] == 1
    code, doc, _ = check(str(report), "--waivers", str(waivers))
    assert code == 0
    assert findings(doc) == [
        (str(report), "cli-new", {"reason": "经核实无误", "by": "县政务公开办 李某", "until": "2999-12-31",
                                  "source": f"{waivers}:2"}),
        (str(report), "cli-warn", None),
    ]
    code, doc, _ = check(str(report), "--waivers", str(waivers), "--no-waivers")
    assert code == 1 and findings(doc)[0] == (str(report), "cli-new", None)


def test_an_error_needs_severity_error(tmp_path: Path, report: Path) -> None:
    waivers = waive(tmp_path, "  - file: 县/a.txt\n    rule: cli-new\n    reason: 经核实无误\n")
    code, doc, _ = check(str(report), "--waivers", str(waivers))
    assert code == 1
    assert findings(doc) == [
        (str(report), "cli-new", None),
        (str(report), "cli-warn", None),
        (str(waivers), "waiver-unused", None),
    ]
    assert doc["files"][1]["diagnostics"][0]["message"] == (
        "豁免只遇到错误级别的问题，未写 severity: error，没有豁免：县/a.txt 的 cli-new")


def test_unused_expired_and_not_judged(tmp_path: Path, report: Path) -> None:
    waivers = waive(tmp_path, (
        "  - file: 县/a.txt\n    rule: cli-warn\n    at: 表三[上年结转, 总计]\n    reason: 已核实\n"  # used
        "  - file: 县/a.txt\n    rule: cli-new\n    at: 表三[r2, total]\n    reason: 错写了格\n"  # wrong cell: unused
        "  - file: '县/*.txt'\n    rule: cli-warn\n    reason: 过期\n    until: 2001-01-01\n"  # expired
        "  - file: 乡/b.txt\n    rule: cli-new\n    reason: 不在本次检查中\n"  # its file was not checked
    ))
    code, doc, _ = check(str(report), "--waivers", str(waivers))
    assert code == 1  # cli-new is not waived
    waived = {"reason": "已核实", "by": None, "until": None, "source": f"{waivers}:2"}
    assert findings(doc) == [(str(report), "cli-new", None), (str(report), "cli-warn", waived),
                             (str(waivers), "waiver-unused", None), (str(waivers), "waiver-expired", None)]
    stale = doc["files"][1]
    assert (stale["kind"], stale["status"]) == ("waivers", "checked")
    assert [(d["line"], d["severity"], d["message"]) for d in stale["diagnostics"]] == [
        (6, "warning", "豁免未用上：县/a.txt 的 cli-new（表三[r2, total]），没有相应的问题（已改正，或豁免写错了），"
                       "请删除或改正本条"),
        (10, "warning", "豁免已于 2001-01-01 到期，不再适用：县/*.txt 的 cli-warn"),
    ]


def test_phrase_sha256_and_config_waivers(tmp_path: Path, report: Path) -> None:
    digest = hashlib.sha256(report.read_bytes()).hexdigest()
    (tmp_path / "reportlint.yaml").write_text(
        f"waivers:\n  - file: sha256:{digest}\n    rule: cli-warn\n    at: “上年结转政府信息公开申请数量”\n"
        "    reason: 内容核实过\n", encoding="utf-8")
    code, doc, _ = check(str(report), "--config", str(tmp_path / "reportlint.yaml"))
    assert findings(doc)[1][2] == {"reason": "内容核实过", "by": None, "until": None,
                                   "source": f"{tmp_path / 'reportlint.yaml'}:2"}
    report.write_text(report.read_text(encoding="utf-8") + "\n附记。\n", encoding="utf-8")  # content changed
    code, doc, _ = check(str(report), "--config", str(tmp_path / "reportlint.yaml"))
    assert findings(doc) == [(str(report), "cli-new", None), (str(report), "cli-warn", None)]  # lapsed


@pytest.mark.parametrize(("body", "message"), [
    ("  - file: a.txt\n    rule: cli-new\n", "waivers.yaml:2：缺少 reason（豁免的理由）"),
    ("  - file: a.txt\n    rule: read-error\n    reason: x\n", "waivers.yaml:3：read-error 表示文件未能检查，不能豁免"),
    ("  - file: a.txt\n    rule: cli-nwe\n    reason: x\n", "waivers.yaml:2：未知的规则“cli-nwe”，是否想写“cli-new”？"),
    ("  - file: a.txt\n    rule: cli-new\n    reason: x\n    until: 明年\n",
     "waivers.yaml:5：until 应为日期 YYYY-MM-DD，而不是“明年”"),
    ("  - file: a.txt\n    rule: cli-new\n    reason: x\n    at: 表三[本年新收, 合计]\n",
     "waivers.yaml:5：at 中的列“合计”在格式中不存在（写作 表三[本年新收, 总计]，或用引号写出报告中的一句话）"),
    ("  - &w {file: a.txt, rule: cli-new, reason: x}\n  - *w\n",
     "waivers.yaml:3：无法读取豁免文件：不支持 YAML 别名（*引用），请把内容直接写出"),
    ("  - [a.txt]\n", "waivers.yaml:2：每条豁免应为含 file、rule、reason 的映射，而不是列表"),
], ids=["no-reason", "not-checked", "unknown-rule", "bad-date", "bad-cell", "alias", "not-a-mapping"])
def test_broken_waiver_files_exit_2_at_file_and_line(tmp_path: Path, body: str, message: str) -> None:
    waivers = waive(tmp_path, body)
    code, doc, err = check(str(ROOT / CLEAN), "--waivers", str(waivers))
    assert (code, doc) == (2, {})
    assert f"{tmp_path}/{message}" in err and "Traceback" not in err


def test_waivers_are_tallied_across_workers(tmp_path: Path) -> None:
    for i in range(10):
        shutil.copy(ROOT / CLEAN, tmp_path / f"r{i}.txt")
    waivers = waive(tmp_path, "  - file: '*.txt'\n    rule: cli-warn\n    reason: 都核实过\n"
                              "  - file: r3.txt\n    rule: cli-warn\n    reason: 被上一条抢先\n")
    code, doc, _ = check(str(tmp_path), "-j", "2", "--waivers", str(waivers), "--ignore", "cli-new")
    assert code == 0
    assert [r for p, r, w in findings(doc) if w is None] == ["waiver-unused"]
    assert doc["files"][-1]["diagnostics"][0]["line"] == 5


def test_apply_at_the_seam(tmp_path: Path) -> None:
    path = waive(tmp_path, "  - file: a.txt\n    rule: t3\n    at: 表三[本年新收, 总计]\n    reason: r\n")
    items, _ = load_waivers(path)
    waivers = Waivers.of(items, date(2025, 1, 1))
    cell = CellRef("t3", "r1", "total")
    diags = (Diagnostic("t3-total", Severity.WARNING, "m", Location.point(3), cell),
             Diagnostic("t3-total", Severity.WARNING, "m", Location.point(4), CellRef("t3", "r2", "total")),
             Diagnostic("read-error", Severity.ERROR, "m", None))
    result = FileResult(str(tmp_path / "a.txt"), "checked", "2021", 2024, None, diags)
    out, use = waivers.apply(result, ())
    assert [d.waived for d in out.diagnostics] == [Waived("r", None, None, f"{path}:2"), None, None]
    assert (use.seen, use.applied, use.blocked) == ({0}, {0}, frozenset())
    with pytest.raises(ConfigError):
        load_waivers(waive(tmp_path, "  - {file: a.txt, rule: t3, reason: r, severity: fatal}\n"))


def test_config_names_waiver_files_relative_to_itself(tmp_path: Path, report: Path) -> None:
    waive(tmp_path, ERROR_WAIVER)
    (tmp_path / "reportlint.yaml").write_text("waivers: waivers.yaml\n", encoding="utf-8")
    code, doc, _ = check(str(report), "--config", str(tmp_path / "reportlint.yaml"))
    assert code == 0 and findings(doc)[0][2]["source"] == f"{tmp_path / 'waivers.yaml'}:2"


def test_a_waivers_file_is_no_report_but_its_findings_count(tmp_path: Path, report: Path) -> None:
    waivers = waive(tmp_path, (
        "  - file: 县/a.txt\n    rule: cli-warn\n    reason: 已核实\n"  # used
        "  - file: 县/a.txt\n    rule: cli-new\n    at: 表三[r2, total]\n    reason: 错写了格\n"))  # unused
    code, doc, _ = check(str(report), "--ignore", "cli-new", "--waivers", str(waivers))
    assert code == 0
    assert [(f["path"], f["kind"], f["verdict"]) for f in doc["files"]] == [
        (str(report), "text", "passed"), (str(waivers), "waivers", "passed")]
    assert (doc["summary"]["files"], doc["summary"]["passed"], doc["summary"]["warnings"]) == (1, 1, 2)
    code, _, _ = check(str(report), "--ignore", "cli-new", "--waivers", str(waivers), "--fail-on", "warning")
    assert code == 1  # the report passes; the stale waiver is a warning, and warnings fail this gate
    out = run("check", str(report), "--rules", CLI_RULES, "--select", "cli-new,cli-warn", "--ignore", "cli-new",
              "--waivers", str(waivers)).stdout
    assert out.splitlines()[-1] == "共 1 份：通过 1 份，不通过 0 份，无法检查 0 份；已豁免 1 条"
    assert "  1  警告  waiver-unused  豁免没有用上：没有它所豁免的问题" in out.splitlines()
