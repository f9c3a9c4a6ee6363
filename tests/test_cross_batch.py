"""Rules across reports through the CLI (issue 12): the batch is the context of each report.

The issue's three checks: a 2023/2024 pair whose carry-over agrees gives no cross-year finding,
the same pair with 2024's 上年结转 changed gives ``carry-over`` at that cell, the 2024 report alone
gives no ``carry-over`` and says (JSON ``not_assessed``) that it was not assessed; a section 五 that
repeats last year's word for word gives ``text-copied``. And agencies.yaml: its names join two
spellings of one agency, a broken file is a located error (exit 2).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from cross_reports import AGENCY, CLEAN_2023, edition_2024, line_of
from test_cli import run

CROSS_IDS = {"carry-over", "t2-valid-carry", "text-copied", "copied-from-other", "hierarchy-sum"}
NO_2023 = f"批次中没有{AGENCY}2023年的报告，与上一年度的核对未进行"


def _batch(folder: Path, files: dict[str, str], *args: str) -> dict[str, dict]:
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    proc = run("check", ".", "--format", "json", *args, cwd=folder)
    assert proc.returncode in (0, 1), proc.stderr
    return {f["path"].removeprefix("./"): f for f in json.loads(proc.stdout)["files"]}


def _cross(result: dict) -> list[tuple]:
    return [(d["rule"], d["line"], d["column"], d["message"]) for d in result["diagnostics"] if d["rule"] in CROSS_IDS]


def _gaps(result: dict) -> dict[str, str]:
    return {n["rule"]: n["reason"] for n in result["not_assessed"]}


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_pair_whose_carry_over_agrees_gives_no_cross_year_finding(tmp_path: Path, jobs: str) -> None:
    files = _batch(tmp_path, {"a-2023.txt": CLEAN_2023, "a-2024.txt": edition_2024()}, "-j", jobs)
    assert files["a-2024.txt"]["diagnostics"] == []
    assert files["a-2024.txt"]["verdict"] == "passed"
    assert not {"carry-over", "t2-valid-carry", "text-copied"} & set(_gaps(files["a-2024.txt"]))
    assert _gaps(files["a-2023.txt"])["carry-over"] == f"批次中没有{AGENCY}2022年的报告，与上一年度的核对未进行"


def test_the_pair_with_this_years_carry_over_changed_gives_carry_over_at_that_cell(tmp_path: Path) -> None:
    this_year = edition_2024(carried=3)
    files = _batch(tmp_path, {"a-2023.txt": CLEAN_2023, "a-2024.txt": this_year})
    line = line_of(this_year, "二、上年结转")
    assert _cross(files["a-2024.txt"]) == [
        ("carry-over", line, 19, "表三“自然人”列：上年结转 3 ≠ 上一年度报告（./a-2023.txt）的结转下年度继续办理 2"),
        ("carry-over", line, 31, "表三“总计”列：上年结转 3 ≠ 上一年度报告（./a-2023.txt）的结转下年度继续办理 2"),
    ]
    first = files["a-2024.txt"]["diagnostics"][0]
    assert (first["severity"], first["cell"]) == ("error", {"table": "t3", "row": "r2", "col": "natural"})
    assert files["a-2024.txt"]["verdict"] == "failed"
    assert _cross(files["a-2023.txt"]) == []


def test_the_2024_report_alone_is_not_assessed_for_carry_over(tmp_path: Path) -> None:
    files = _batch(tmp_path, {"a-2024.txt": edition_2024(carried=3)})
    result = files["a-2024.txt"]
    assert _cross(result) == []
    gaps = {n["rule"]: n for n in result["not_assessed"]}
    assert gaps["carry-over"] == {"rule": "carry-over", "reason": NO_2023, "fault": False, "count": 7}
    assert gaps["t2-valid-carry"]["reason"] == NO_2023
    assert result["verdict"] == "passed"  # not assessed for want of context: never failed, never a silent pass


def test_a_section_five_repeating_last_years_word_for_word_gives_text_copied(tmp_path: Path) -> None:
    this_year = edition_2024(copy_section_five=True)
    files = _batch(tmp_path, {"a-2023.txt": CLEAN_2023, "a-2024.txt": this_year})
    assert _cross(files["a-2024.txt"]) == [
        ("text-copied", line_of(this_year, "五、存在的主要问题"), 1,
         "第五部分“五、存在的主要问题及改进情况”与上一年度报告的同一部分相似度 96.5%，可能照搬了上一年度的报告"),
    ]


def test_the_text_output_says_what_was_not_assessed(tmp_path: Path) -> None:
    (tmp_path / "a-2024.txt").write_text(edition_2024(), encoding="utf-8")
    proc = run("check", "a-2024.txt", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert f"carry-over ×7、t2-valid-carry ×2、text-copied ×2（均为：{NO_2023}）" in proc.stdout


def test_without_cross_rules_selected_nothing_is_said_of_them(tmp_path: Path) -> None:
    files = _batch(tmp_path, {"a-2024.txt": edition_2024(carried=3)}, "--ignore", "carry-over,t2-valid-carry,"
                   "text-copied,copied-from-other,hierarchy-sum")
    assert not CROSS_IDS & set(_gaps(files["a-2024.txt"]))


# ---------------------------------------------------------------- agencies.yaml


def test_agencies_yaml_names_join_two_spellings_of_one_agency(tmp_path: Path) -> None:
    (tmp_path / "agencies.yaml").write_text(
        f"agencies:\n  - agency: {AGENCY}\n    names: [青山县市场监管局]\n    region: 沭阳县\n", encoding="utf-8")
    this_year = edition_2024(carried=3, agency="青山县市场监管局")
    files = _batch(tmp_path, {"a-2023.txt": CLEAN_2023, "a-2024.txt": this_year}, "--agencies", "agencies.yaml")
    assert [d[0] for d in _cross(files["a-2024.txt"])] == ["carry-over", "carry-over"]
    assert files["a-2024.txt"]["agency"] == AGENCY  # one agency in the per-agency summaries
    assert "copied-from-other" not in _gaps(files["a-2024.txt"])  # the region is known now


def test_agencies_yaml_paths_give_the_parent_for_hierarchy_sum(tmp_path: Path) -> None:
    (tmp_path / "dept").mkdir()
    (tmp_path / "agencies.yaml").write_text(
        "agencies:\n  - agency: 青山县人民政府\n  - agency: 青山县财政局\n    paths: [dept/*]\n"
        "    parent: 青山县人民政府\n", encoding="utf-8")
    county = edition_2024(agency="青山县人民政府").replace(
        "（五）监督保障。", "（五）监督保障。本报告汇总了县政府及所属各部门的政府信息公开工作情况。")
    files = _batch(tmp_path, {"county.txt": county, "dept/finance.txt": edition_2024(carried=3, agency="青山县财政局")},
                   "--agencies", "agencies.yaml")
    assert _cross(files["county.txt"]) == [
        ("hierarchy-sum", line_of(county, "一、本年新收"), 32, "表三“本年新收”总计 15 ≠ 下级机关报告的本年新收总计之和 14（1 份）"),
        ("copied-from-other", line_of(county, "五、存在的主要问题"), 1, "第五部分“五、存在的主要问题及改进情况”与青山县财政局"
         "的报告（./dept/finance.txt）的同一部分相似度 100%，可能照搬了其他机关的报告"),  # both are edition_2024's
    ]


@pytest.mark.parametrize(("text", "message"), [
    ("agencies:\n  - agency: 甲\n    parnet: 乙\n", "agencies.yaml:3：未知的键“parnet”，是否想写“parent”？"),
    ("agencies:\n  - agency: 甲\n    region: 不存在县\n", "agencies.yaml:3：未知的地区“不存在县”"),
    ("agencies:\n  - agency: 甲\n    region: 朝阳区\n", "agencies.yaml:3：地区“朝阳区”有重名，请写地区代码："),
    ("agencies:\n  - names: [甲]\n", "agencies.yaml:2：缺少 agency（机关名称）"),
    ("agencies: 甲\n", "agencies.yaml:1：agencies 应为列表，而不是文字"),
    ("a: &x [1]\nb: *x\n", "agencies.yaml:2：无法读取机关对照文件：不支持 YAML 别名"),
])
def test_a_broken_agencies_yaml_is_a_located_error(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "agencies.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "a.txt").write_text(CLEAN_2023, encoding="utf-8")
    proc = run("check", "a.txt", "--agencies", "agencies.yaml", cwd=tmp_path)
    assert proc.returncode == 2
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr and proc.stdout == ""


# ---------------------------------------------------------------- waivers and overrides in phase 2


def test_a_waiver_accepts_a_cross_report_finding_and_counts_as_used(tmp_path: Path) -> None:
    (tmp_path / "waivers.yaml").write_text(
        "waivers:\n  - file: a-2024.txt\n    rule: carry-over\n    at: \"表三[上年结转, 自然人]\"\n"
        "    reason: 上年结转含一件重新登记的申请\n    severity: error\n", encoding="utf-8")
    files = _batch(tmp_path, {"a-2023.txt": CLEAN_2023, "a-2024.txt": edition_2024(carried=3)},
                   "--waivers", "waivers.yaml")
    diags = [(d["rule"], d["column"], d["waived"]["reason"] if d["waived"] else None)
             for d in files["a-2024.txt"]["diagnostics"]]
    assert diags == [("carry-over", 19, "上年结转含一件重新登记的申请"), ("carry-over", 31, None)]
    assert [f for f in files.values() if f["kind"] == "waivers"] == []  # the waiver was used: no waiver-unused


def test_an_override_ignores_a_cross_report_rule_for_some_files(tmp_path: Path) -> None:
    (tmp_path / "reportlint.yaml").write_text("overrides:\n  - paths: [\"a-2024.txt\"]\n    ignore: [carry-over]\n",
                                              encoding="utf-8")
    files = _batch(tmp_path, {"a-2023.txt": CLEAN_2023, "a-2024.txt": edition_2024(carried=3)})
    assert _cross(files["a-2024.txt"]) == []


# ---------------------------------------------------------------- phase 2 in several processes


def _phase2(monkeypatch, jobs: int):
    from builders import build_report

    from checker.app import crossbatch
    from checker.app.check import Job, cross_plan, default_ruleset
    from checker.engine.batchindex import BatchIndex, Shelf
    from checker.engine.cross import pack

    monkeypatch.setattr(crossbatch, "CHUNK", 2)
    ruleset = default_ruleset()
    job = Job(ruleset, cross=cross_plan(ruleset))
    reports = [build_report({"t3 r2 natural": i % 3, "t3 r2 total": i % 3, "t3 r4 natural": 1, "t3 r4 total": 1},
                            year=2023 + i % 2, agency=f"某某县第{i // 2}局") for i in range(9)]
    index = BatchIndex(Shelf(pack(job.cross.member(r)) for r in reports))
    return list(crossbatch._assess_all(index, job, jobs))


def test_phase_two_in_two_processes_gives_what_one_gives(monkeypatch) -> None:
    serial = _phase2(monkeypatch, 1)
    # the 2024 reports (odd i) carry 1, 0, 2, 1 over where their 2023 ones left 1: two columns each of two
    assert [(i, d.rule) for i, a in enumerate(serial) for d in a.diagnostics] == [
        (3, "carry-over"), (3, "carry-over"), (5, "carry-over"), (5, "carry-over")]
    assert repr(_phase2(monkeypatch, 2)) == repr(serial)


def _dies(start: int) -> list:
    os._exit(9)


def test_a_phase_two_worker_that_dies_costs_only_time(monkeypatch) -> None:
    from checker.app import crossbatch

    serial = _phase2(monkeypatch, 1)
    monkeypatch.setattr(crossbatch, "_assess_chunk", _dies)
    assert repr(_phase2(monkeypatch, 2)) == repr(serial)
