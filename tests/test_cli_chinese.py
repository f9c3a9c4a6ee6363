"""The command line speaks to the clerk in Chinese (issue 13, item 1).

Help, usage errors and argparse's own words are Chinese; English appears only as ids
(commands, option names, format and level ids, rule ids). The three severity words are the
same in ``rules``, ``check`` and ``explain``.
"""

from __future__ import annotations

import re

import pytest

from checker.app.argparse_zh import ZH, display_width
from checker.app.cli import COMMANDS, FORMATS, LEVELS, explain_text
from checker.language.loader import default_rule_paths, load_rules
from tests.test_cli import CLEAN, CLI_RULES, run

RULE_IDS = set(load_rules(default_rule_paths()).ids()) | {"read-error", "cli-pass", "cli-new", "cli-warn"}
#: English that is a name, not a sentence: commands, option values, ids, file and variable names.
NAMES = {"reportlint", "NO_COLOR", "YYYY-MM-DD", "Ctrl-C", "JSON", "MB", "N", "draft", "publish",
         "auto", "always", "never", "yaml", *COMMANDS, *FORMATS, *LEVELS} | RULE_IDS
ENGLISH_WORD = re.compile(r"(?<![\w.-])[A-Za-z][A-Za-z'_-]*[A-Za-z](?![\w.-])")


def english_sentences(text: str) -> list[str]:
    """Runs of two or more English words that are not names (option names removed first)."""
    text = re.sub(r"--?[a-z][a-z-]*", " ", text)
    runs, current = [], []
    for token in re.split(r"(\s+)", text):
        if not token.strip():
            continue
        word = token.strip("[](){}.,:;\"'“”，。；：")
        if ENGLISH_WORD.fullmatch(word) and word not in NAMES:
            current.append(word)
            continue
        if len(current) > 1:
            runs.append(" ".join(current))
        current = []
    return runs + ([" ".join(current)] if len(current) > 1 else [])


def test_the_detector_finds_argparse_english() -> None:
    assert english_sentences("options:\n  -h, --help  show this help message and exit") == [
        "show this help message and exit"]
    assert english_sentences("用法：reportlint check [-h] 路径 [路径 ...]\n  --format 格式  text、json") == []


@pytest.mark.parametrize("args", [
    ("--help",), ("check", "--help"), ("parse", "--help"), ("rules", "--help"), ("explain", "--help"),
    ("init", "--help"), ("rules",), ("explain", "core-function-zero"), ("explain", "period-mismatch"),
])
def test_help_and_listings_have_no_english_sentence(args: tuple[str, ...]) -> None:
    proc = run(*args)
    assert proc.returncode == 0, proc.stderr
    assert english_sentences(proc.stdout) == []
    assert "show this help" not in proc.stdout and "positional arguments" not in proc.stdout


def test_help_lists_every_option_and_the_exit_codes() -> None:
    out = run("check", "--help").stdout
    assert out.startswith("用法：reportlint check ")
    for option in ("--format 格式", "--color 颜色", "--fail-on 级别", "--select 编号"):
        line = next(line for line in out.splitlines() if line.strip().startswith(option))
        assert line.strip() != option, f"{option} has no help"
    assert "退出码：\n  0    每个文件都通过\n  1    有文件不通过" in out
    assert "\n选项：\n" in out and "\n位置参数：\n" in out and "选项:" not in out
    assert "退出码：" in run("--help").stdout


def test_help_columns_line_up_in_terminal_width() -> None:
    """argparse pads by len(); a Chinese metavar (路径, 文件) takes two columns on the terminal."""
    columns = set()
    for line in run("check", "--help").stdout.splitlines():
        found = re.match(r"(  -\S.*?)\s{2,}(\S)", line)
        if found:
            columns.add(display_width(line[: found.start(2)]))
    assert len(columns) == 1, columns


@pytest.mark.parametrize(("args", "expected"), [
    ((), "reportlint: 请指定一个命令：check、parse、rules、explain、init\n"),
    (("--bogus",), "reportlint：错误：无法识别的参数：--bogus\n"),
    (("check",), "reportlint check：错误：缺少必需的参数：路径\n"),
    (("check", CLEAN, "--fail-on", "fatal"),
     "reportlint check：错误：参数 --fail-on：级别应为 错误/警告/提示（error/warning/info），而不是“fatal”\n"),
    (("check", CLEAN, "--format", "xml"), "reportlint check：错误：参数 --format：无效的选择：'xml'（可选："),
    (("lint",), "reportlint：错误：参数 命令：无效的选择：'lint'（可选："),
])
def test_usage_errors_are_chinese(args: tuple[str, ...], expected: str) -> None:
    proc = run(*args)
    assert proc.returncode == 2
    assert proc.stderr.startswith("用法：reportlint") or proc.stderr.startswith(expected)
    assert expected in proc.stderr
    assert english_sentences(proc.stderr) == []


def test_fail_on_takes_the_chinese_word() -> None:
    args = ("check", CLEAN, "--rules", CLI_RULES, "--select", "cli-warn")
    assert run(*args).returncode == 0
    assert run(*args, "--fail-on", "警告").returncode == run(*args, "--fail-on", "warning").returncode == 1


def test_one_set_of_severity_words() -> None:
    words = {"错误", "警告", "提示"}
    listed = [line.split()[1] for line in run("rules", "--rules", CLI_RULES).stdout.splitlines()[:-1]]
    assert set(listed) <= words and {"错误", "警告", "提示"} <= set(listed)
    checked = run("check", CLEAN, "--rules", CLI_RULES, "--select", "cli-new,cli-warn").stdout
    assert " 错误 [cli-new] " in checked and " 警告 [cli-warn] " in checked
    explained = run("explain", "core-function-zero").stdout
    assert explained.startswith("core-function-zero（警告）\n")
    assert "这是提示" not in explained  # the rule's level is 警告: its text no longer says otherwise


def test_every_argparse_message_is_translated() -> None:
    assert all(v and not english_sentences(v) for v in ZH.values())


def test_no_rule_is_explained_with_an_english_sentence() -> None:
    shipped = load_rules(default_rule_paths()).rules
    assert {r.id: english_sentences(explain_text(r)) for r in shipped if english_sentences(explain_text(r))} == {}
