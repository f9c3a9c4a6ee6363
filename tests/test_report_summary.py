"""The text output's gate answer (issue 11): verdict line, tables by agency and folder, skipped files,
what was not assessed; places of .docx/.pdf/.html findings, hints and waivers (issue 9, 13); file names
that must not reach the terminal raw (issue 14)."""

from __future__ import annotations

from dataclasses import replace

from report_results import ALL, CTX, DOCX, GAP, HOSTILE, SKIPPED, TEXT_WAIVED, UNREADABLE, rendered

from checker.diagnostics import FileResult, NotAssessed, Severity
from checker.reporters.common import Tally


def test_text_exact_for_every_kind_of_result() -> None:
    assert rendered("text", ALL) == (
        "南湖县/卫健委2024.docx: 错误 [t3-total] 表三“本年新收”合计应为 15，实为 16\n"
        "  = 位置：第3页 第2个表格 第5行第4列：“16”\n"
        "  = 建议：（七）总计 应为 15（现为 16）\n"
        "\n"
        "南湖县/教育局2024.txt:2:3: 错误（已豁免） [text-table-mismatch] 正文 749 件与表三 713 件不同\n"
        "  |\n"
        "2 | 共收到749件申请\n"
        "  |     ^^^^\n"
        "  = 已豁免：正文 749 件含上年结转 36 件，经核实无误（县政务公开办 李某，至 2027-03-31，waivers.yaml:3）\n"
        "\n"
        "南湖县/教育局2024.txt: 未评估：publish-late（没有发布日期）\n"
        "\n"
        "北山区/财政局2024.txt: 未评估（文件缺项，不通过）：t3-total ×3（未找到表三）\n"
        "\n"
        "北山区/坏.txt:1:1: 错误 [read-error] 无法读取文件：二进制文件\n"
        "\n"
        "按规则统计：\n"
        "  1  错误  read-error  文件无法读取或解码\n"
        "  1  错误  t3-total  表三各行合计等于各列之和。\n"
        "  1  错误  text-table-mismatch  正文与表格一致\n"
        "\n"
        "按单位统计：\n"
        "  单位            文件  通过  不通过  无法检查  主要问题\n"
        "  北山区财政局       1     0       1         0  t3-total（未评估） 1\n"
        "  南湖县卫健委       1     0       1         0  t3-total 1\n"
        "  南湖县教育局       1     1       0         0\n"
        "  （未识别单位）     1     0       0         1  read-error 1\n"
        "\n"
        "按文件夹统计：\n"
        "  文件夹  文件  通过  不通过  无法检查  主要问题\n"
        "  北山区     2     0       1         1  read-error 1、t3-total（未评估） 1\n"
        "  南湖县     2     1       1         0  t3-total 1\n"
        "\n"
        "跳过 1 个非报告文件：北山区/照片.png（不是报告格式（图片））\n"
        "检查了 4 个文件，3 条规则：3 个错误，0 个警告，0 个提示；1 个文件未能检查\n"
        "共 4 份：通过 1 份，不通过 2 份，无法检查 1 份；已豁免 1 条\n"
    )


def test_one_file_has_no_tables_but_statistics_asks_for_them() -> None:
    assert rendered("text", [TEXT_WAIVED]).splitlines()[-3:] == [
        "",
        "检查了 1 个文件，3 条规则：1 个错误，0 个警告，0 个提示",
        "共 1 份：通过 1 份，不通过 0 份，无法检查 0 份；已豁免 1 条",
    ]
    stats = rendered("text", [TEXT_WAIVED], replace(CTX, statistics=True)).splitlines()
    assert stats[3:6] == ["按单位统计：", "  单位          文件  通过  不通过  无法检查  主要问题",
                          "  南湖县教育局     1     1       0         0"]
    assert "按文件夹统计：" not in stats  # one folder: the table would only repeat the totals


def test_fail_level_warning_fails_the_warning_but_not_the_waived_error() -> None:
    warned = replace(GAP, not_assessed=(), diagnostics=(replace(DOCX.diagnostics[0], severity=Severity.WARNING),))
    ctx = replace(CTX, fail_on=Severity.WARNING)
    assert rendered("text", [warned, TEXT_WAIVED], ctx).splitlines()[-1] == (
        "共 2 份：通过 1 份，不通过 1 份，无法检查 0 份；已豁免 1 条")


def test_skipped_files_past_the_limit_are_counted_not_named() -> None:
    many = [replace(SKIPPED, path=f"x/{i}.png", reason="") for i in range(Tally.SKIPPED_SHOWN + 2)]
    line = rendered("text", many).splitlines()[-3]
    named = "、".join(f"x/{i}.png" for i in range(Tally.SKIPPED_SHOWN))
    assert line == f"跳过 22 个非报告文件：{named} 等（另有 2 个）"


def test_unreadable_without_a_diagnostic_says_why() -> None:
    bare = FileResult("a.doc", "unreadable", None, None, None, (), reason="请另存为 .docx 或 PDF 后再检查")
    assert rendered("text", [bare]).splitlines()[0] == "a.doc: 无法检查：请另存为 .docx 或 PDF 后再检查"


def test_file_names_and_messages_never_reach_the_terminal_raw() -> None:
    out = rendered("text", list(HOSTILE))
    assert out.splitlines()[:3] == [
        "bad\\xff\\xfe.txt: 错误 [x] m\\x1b[2J",
        "",
        "evil\\x1b]0;pwn\\x07\\x1b[31m.txt:1:1: 错误 [read-error] 无法读取文件：二进制文件",
    ]
    assert "\x1b" not in out and "\x07" not in out
    out.encode("utf-8")  # no lone surrogate left: a terminal or a file takes it


def test_tally_verdicts_and_groups_follow_verdict() -> None:
    tally = Tally()
    assert [tally.add(r) for r in ALL] == ["failed", "passed", "failed", "skipped", "unreadable"]
    assert tally.summary_dict() == {"files": 5, "errors": 3, "warnings": 0, "infos": 0, "passed": 1,
                                    "failed": 2, "unreadable": 1, "skipped": 1, "waived": 1}
    assert sorted(tally.folders) == ["北山区", "南湖县"]
    assert (tally.folders["北山区"].files, tally.folders["北山区"].unreadable) == (2, 1)
    assert tally.agencies["（未识别单位）"].files == 1 and UNREADABLE.agency is None


def test_folder_key_is_the_callers() -> None:
    ctx = replace(CTX, folder_of=lambda path: path.split("/")[0] + "（区域）")
    out = rendered("text", [DOCX, GAP], ctx)
    assert "  北山区（区域）     1     0       1         0  t3-total（未评估） 1" in out.splitlines()


def test_many_reasons_of_one_rule_are_quoted_two_and_counted() -> None:
    cells = [f"表三“本年新收”行“{c}”列未填写" for c in ("商业企业", "科研机构", "其他")]
    gaps = tuple(NotAssessed("t3-row-total", reason, True, 1) for reason in cells)
    result = replace(GAP, not_assessed=(*gaps, NotAssessed("t3-balance", cells[0], True, 1)))
    assert [line for line in rendered("text", [result]).splitlines() if "未评估" in line] == [
        "北山区/财政局2024.txt: 未评估（文件缺项，不通过）：t3-row-total ×3（表三“本年新收”行“商业企业”列未填写；"
        "表三“本年新收”行“科研机构”列未填写 等 3 项原因）、t3-balance（表三“本年新收”行“商业企业”列未填写）"]


def test_rules_in_a_row_with_the_same_reason_share_it() -> None:
    absent = "批次中没有北山区财政局2023年的报告，与上一年度的核对未进行"
    result = replace(GAP, not_assessed=(NotAssessed("carry-over", absent, False, 7),
                                        NotAssessed("text-copied", absent, False, 2),
                                        NotAssessed("t3-total", "未找到表三", True, 3)))
    assert [line for line in rendered("text", [result]).splitlines() if "未评估" in line] == [
        "北山区/财政局2024.txt: 未评估（文件缺项，不通过）：t3-total ×3（未找到表三）",
        f"北山区/财政局2024.txt: 未评估：carry-over ×7、text-copied ×2（均为：{absent}）"]
