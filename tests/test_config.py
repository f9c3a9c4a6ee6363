"""reportlint.yaml: validation with "did you mean", profiles, per-path overrides, discovery."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from checker.app.check import Adjust
from checker.app.config import STARTER, ConfigError, find_config, load_config, resolve
from checker.diagnostics import Diagnostic, Severity
from checker.model import Location

KNOWN = ["t3-total", "t3-rows", "t4-total", "period-year", "read-error"]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "reportlint.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_unknown_top_key_suggests(tmp_path: Path) -> None:
    path = write(tmp_path, "selet: [t3]\n")
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert str(err.value) == (
        f"{path}：未知的键“selet”，是否想写“select”？"
        "（可用的键：select、ignore、severity、rule-paths、fail-on、overrides、profiles、profile、waivers）"
    )


def test_all_problems_reported_at_once(tmp_path: Path) -> None:
    path = write(tmp_path, "fail-on: eror\nseverity: {t3-total: warn}\n")
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert str(err.value).splitlines() == [
        f"{path}：fail-on 应为 error、warning、info 之一，而不是“eror”",
        f"{path}：规则“t3-total”的级别应为 error、warning、info 之一，而不是“warn”，是否想写“warning”？",
    ]


def test_unknown_rule_ids_suggest(tmp_path: Path) -> None:
    settings = load_config(write(tmp_path, "ignore: [t3-totl, t4]\nseverity: {perod-year: info}\n"))
    assert settings.unknown_ids(KNOWN) == [
        f"{tmp_path / 'reportlint.yaml'}：未知的规则“t3-totl”，是否想写“t3-total”？",
        f"{tmp_path / 'reportlint.yaml'}：未知的规则“perod-year”，是否想写“period-year”？",
    ]


def test_unknown_profile(tmp_path: Path) -> None:
    path = write(tmp_path, "profiles:\n  draft: {fail-on: error}\n  publish: {fail-on: warning}\n")
    with pytest.raises(ConfigError, match="未知的配置方案“publsh”，是否想写“publish”？（已定义：draft、publish）"):
        load_config(path, "publsh")


def test_profile_merges_over_base(tmp_path: Path) -> None:
    path = write(tmp_path, (
        "ignore: [t4]\nseverity: {t3-total: warning}\nfail-on: error\nprofile: draft\n"
        "profiles:\n"
        "  draft: {ignore: [period], severity: {t3-rows: info}}\n"
        "  publish: {fail-on: warning, select: [t3]}\n"
    ))
    draft = load_config(path)
    assert draft.profile == "draft"
    assert draft.choice.ignore == ("t4", "period")
    assert dict(draft.choice.severity) == {"t3-total": Severity.WARNING, "t3-rows": Severity.INFO}
    assert draft.fail_on is Severity.ERROR
    publish = load_config(path, "publish")
    assert (publish.choice.select, publish.fail_on) == (("t3",), Severity.WARNING)


def test_rule_paths_relative_to_config(tmp_path: Path) -> None:
    settings = load_config(write(tmp_path, "rule-paths: [local/a.rule]\n"))
    assert settings.rule_paths == (str(tmp_path / "local" / "a.rule"),)


def test_overrides_by_glob(tmp_path: Path) -> None:
    settings = load_config(write(tmp_path, (
        "overrides:\n"
        "  - paths: ['乡镇/**']\n    ignore: [t4]\n    severity: {t3-total: warning}\n"
        "  - paths: ['*.md']\n    select: [period]\n"
    )))
    assert settings.overrides is not None
    adjust = settings.overrides.adjust_for
    assert adjust(str(tmp_path / "乡镇" / "a" / "x.txt")) == Adjust((), ("t4",), (("t3-total", Severity.WARNING),))
    assert adjust(str(tmp_path / "x.md")) == Adjust(("period",), (), ())
    assert adjust(str(tmp_path / "sub" / "x.md")) == Adjust()
    assert adjust(str(tmp_path / "县" / "x.txt")) == Adjust()


def test_override_without_paths(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"overrides\[0\]：缺少 paths"):
        load_config(write(tmp_path, "overrides:\n  - ignore: [t4]\n"))


def test_adjust_filters_and_relevels_but_never_hides_read_errors() -> None:
    def diag(rule: str) -> Diagnostic:
        return Diagnostic(rule, Severity.ERROR, "m", Location.point(1))

    adjust = Adjust(select=("t3",), ignore=("t3-rows",), severity=(("t3-total", Severity.INFO),))
    out = adjust.apply([diag("t3-total"), diag("t3-rows"), diag("t4-total"), diag("read-error")])
    assert [(d.rule, d.severity) for d in out] == [("t3-total", Severity.INFO), ("read-error", Severity.ERROR)]


def test_find_config_upward(tmp_path: Path) -> None:
    path = write(tmp_path, "")
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    assert find_config(deep) == path
    assert find_config(tmp_path.parent) is None or find_config(tmp_path.parent) != path
    empty = load_config(path)
    assert (empty.profile, empty.rule_paths, empty.fail_on) == (None, (), None)


def test_starter_is_valid(tmp_path: Path) -> None:
    data = yaml.safe_load(STARTER)
    settings = resolve(data, tmp_path / "reportlint.yaml", None)
    assert settings.profile == "publish" and settings.fail_on is Severity.WARNING
    assert resolve(data, tmp_path / "reportlint.yaml", "draft").fail_on is Severity.ERROR


def test_broken_yaml(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="无法读取配置文件"):
        load_config(write(tmp_path, "select: [\n"))
