"""A fail level above 错误 is said on the verdict line, with who set it (issue 13: after ``init`` the
profile ``publish`` fails on warnings, and the same file exiting 1 must say why)."""

from __future__ import annotations

from pathlib import Path

from tests.test_cli import CLEAN, CLI_RULES, ROOT, run

WARN = ["--rules", str(ROOT / CLI_RULES), "--select", "cli-warn"]


def test_the_publish_profile_says_it_fails_on_warnings(tmp_path: Path) -> None:
    assert run("init", cwd=tmp_path).returncode == 0
    proc = run("check", str(ROOT / CLEAN), *WARN, cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stdout.endswith("共 1 份：通过 0 份，不通过 1 份，无法检查 0 份；已豁免 0 条；"
                                "有警告及以上即不通过（配置文件 reportlint.yaml，配置方案 publish）\n")


def test_the_option_is_named_and_the_default_says_nothing() -> None:
    said = run("check", CLEAN, *WARN, "--fail-on", "warning").stdout
    assert said.endswith("；已豁免 0 条；有警告及以上即不通过（--fail-on）\n")
    assert run("check", CLEAN, *WARN).stdout.endswith("；已豁免 0 条\n")
