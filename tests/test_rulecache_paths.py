"""The rule cache keys on the rule paths as given: the loaded rules keep them (``explain`` prints where a
rule is defined), so the same file named two ways must not share an entry."""

from __future__ import annotations

from tests.test_cli import CLI_RULES, ROOT, run


def test_explain_names_the_path_as_given_after_a_run_with_another_spelling() -> None:
    absolute = run("explain", "cli-new", "--rules", str(ROOT / CLI_RULES)).stdout
    assert absolute.endswith(f"定义于：{ROOT / CLI_RULES}:9\n")
    assert run("explain", "cli-new", "--rules", CLI_RULES).stdout.endswith(f"定义于：{CLI_RULES}:9\n")
