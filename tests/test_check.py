"""The check pipeline: path expansion, and one broken file never stopping or passing a batch."""

from __future__ import annotations

from pathlib import Path

from checker.app.batch import expand_paths
from checker.app.check import check_file, check_text
from checker.diagnostics import FileResult
from checker.language.loader import default_rule_paths, load_rules
from checker.language.select import matches

ROOT = Path(__file__).resolve().parent.parent


def test_expand_folders_globs_missing_and_duplicates(tmp_path: Path) -> None:
    for name in ("b/2.txt", "b/1.md", "a.txt", ".git/x.txt", "b/.hidden.txt", "c.pdf", "b/c/3.TXT"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    t = str(tmp_path)
    got = expand_paths([t, f"{t}/a.txt", f"{t}/c.pdf", f"{t}/nope.txt", f"{t}/**/*.md", f"{t}/*.zzz"])
    assert got.files == (f"{t}/a.txt", f"{t}/b/1.md", f"{t}/b/2.txt", f"{t}/b/c/3.TXT", f"{t}/c.pdf")
    assert got.missing == (f"{t}/nope.txt", f"{t}/*.zzz")


def test_internal_error_is_a_result_not_an_exception() -> None:
    result = check_text("一、总体情况\n", "x.txt", ruleset=object())
    assert (result.path, result.status, len(result.diagnostics)) == ("x.txt", "unreadable", 1)
    diag = result.diagnostics[0]
    assert diag.rule == "internal-error" and diag.location is None
    assert diag.message.startswith("检查本文件时内部出错（AttributeError")


def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"")
    result = check_file(path)
    assert isinstance(result, FileResult)
    assert (result.status, [d.rule for d in result.diagnostics]) == ("unreadable", ["read-error"])


def test_matches_ids_and_prefixes() -> None:
    assert matches("t3-total", ["t3"]) and matches("t3-total", ["t3-"]) and matches("t3-total", ["t3-total"])
    assert not matches("t30-total", ["t3"]) and not matches("t3-total", ["t3-tot"])


def test_rule_cache_hits_invalidates_and_survives_corruption(tmp_path: Path) -> None:
    from checker.language.cache import load_cached

    rule = tmp_path / "a.rule"
    rule.write_text('rule c-one error "m" { summary "测" \n  require 1 == 1\n}\n', encoding="utf-8")
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    first = load_cached([rule], env)
    files = list((tmp_path / "cache" / "reportlint").glob("rules-*.pickle"))
    assert first.ids() == ("c-one",) and len(files) == 1
    assert load_cached([rule], env) == first
    files[0].write_bytes(b"garbage")
    assert load_cached([rule], env) == first
    rule.write_text('rule c-two error "m" { summary "测" \n  require 1 == 1\n}\n', encoding="utf-8")
    assert load_cached([rule], env).ids() == ("c-two",)
    assert load_cached([rule], {**env, "REPORTLINT_NO_CACHE": "1"}).ids() == ("c-two",)
    assert len(list((tmp_path / "cache" / "reportlint").glob("rules-*.pickle"))) == 2


def test_one_matcher_for_the_ruleset_and_the_batch() -> None:
    """``RuleSet.select`` and ``--select`` read patterns alike: ALL keeps every rule (it kept none)."""
    rules = load_rules(default_rule_paths())
    assert len(rules.select(["ALL"])) == len(rules) == sum(matches(i, ["ALL"]) for i in rules.ids())
    assert rules.select(["t3"]).ids() == tuple(i for i in rules.ids() if matches(i, ["t3"]))
    assert not matches("cells-ambiguous", ["cell"]) and matches("cell-blank", ["cell"])
