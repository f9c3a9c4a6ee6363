"""Meta-tests over the shipped rules: coverage by fixtures, and complete metadata."""

from __future__ import annotations

import re

from rulecases import FIXTURES, RULES, fixture_files, load_cases, ruleset_for

from checker.language.loader import default_rule_paths, load_rules

SHIPPED = load_rules(default_rule_paths())


def _coverage() -> tuple[dict[str, int], dict[str, int], set[str]]:
    passing: dict[str, int] = {}
    failing: dict[str, int] = {}
    named: set[str] = set()
    for path in fixture_files():
        file_ids = set(ruleset_for(path.stem).ids())
        for case in load_cases(path):
            fired = {e["id"] for e in case["expect"]}
            about = set(case.get("rules", file_ids))
            named |= fired | about
            for rid in fired:
                failing[rid] = failing.get(rid, 0) + 1
            for rid in about - fired:
                passing[rid] = passing.get(rid, 0) + 1
    return passing, failing, named


def test_every_rule_file_has_a_fixture_file():
    stems = {p.stem for p in RULES.glob("*.rule")}
    assert stems <= {p.stem for p in FIXTURES.glob("*.yaml")}, stems


def test_every_shipped_rule_has_a_passing_and_a_failing_case():
    passing, failing, _ = _coverage()
    assert [rid for rid in SHIPPED.ids() if not passing.get(rid)] == []
    assert [rid for rid in SHIPPED.ids() if not failing.get(rid)] == []


def test_every_id_named_in_a_fixture_exists():
    _, _, named = _coverage()
    assert sorted(named - set(SHIPPED.ids())) == []


def test_every_shipped_rule_is_documented():
    for rule in SHIPPED:
        assert re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", rule.id)
        assert rule.basis and rule.description, rule.id
        assert rule.example_pass and rule.example_fail, rule.id
        assert rule.example_pass != rule.example_fail, rule.id


def test_issue_three_ids_are_shipped():
    ids = set(SHIPPED.ids())
    assert {"section-missing", "section-order", "t3-row-total", "t3-outcome-total", "t3-balance",
            "t4-block-total", "period-mismatch", "zero-consistency", "table-missing", "row-missing",
            "not-a-report"} <= ids
