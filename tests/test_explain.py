"""``reportlint explain``: a rule, the rules of a prefix, the nearest ids of an unknown one (issue 13, item 5)."""

from __future__ import annotations

from checker.language.loader import default_rule_paths, load_rules
from tests.test_cli import CLI_RULES, run

SHIPPED = len(load_rules(default_rule_paths()))


def test_a_prefix_lists_its_rules() -> None:
    proc = run("explain", "t3")
    assert (proc.returncode, proc.stdout) == (0, (
        "以“t3”开头的规则共 3 条：\n\n"
        "  t3-row-total      错误  表三：每行总计应等于六类申请人之和\n"
        "  t3-outcome-total  错误  表三：（七）总计应等于各项办理结果之和\n"
        "  t3-balance        错误  表三：本年新收 + 上年结转 = 办理结果总计 + 结转下年度\n\n"
        "用 reportlint explain t3-row-total 查看其中一条的说明\n"))
    assert run("explain", "t3-").stdout == proc.stdout
    assert run("explain", "cli", "--rules", CLI_RULES).stdout.startswith("以“cli”开头的规则共 3 条：\n")


def test_an_unknown_id_gets_the_nearest_ids() -> None:
    proc = run("explain", "t3-balanc")
    assert (proc.returncode, proc.stderr) == (
        2, "reportlint: 未知的规则“t3-balanc”，是否想写“t3-balance”？\n")
    assert run("explain", "t4-total").stderr == "reportlint: 未知的规则“t4-total”，是否想写“t4-block-total”或“t3-row-total”？\n"
    far = run("explain", "foo")
    assert (far.returncode, far.stderr) == (2, f"reportlint: 未知的规则“foo”：reportlint rules 列出全部 {SHIPPED} 条规则\n")


def test_a_prefix_never_matches_inside_a_word() -> None:
    assert run("explain", "t").returncode == 2  # no id starts with "t-"
