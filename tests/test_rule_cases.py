"""Every case of every rule fixture gives exactly the diagnostics it lists (see tests/rulecases.py)."""

from __future__ import annotations

import pytest
from rulecases import actual_view, expected_view, fixture_files, load_cases, run_case

CASES = [
    pytest.param(path.stem, case, id=f"{path.stem}:{case['name']}",
                 marks=[pytest.mark.xfail(strict=True, reason=case["pending"])] if "pending" in case else [])
    for path in fixture_files()
    for case in load_cases(path)
]


@pytest.mark.parametrize(("stem", "case"), CASES)
def test_rule_case(stem, case):
    diags = run_case(stem, case)
    expected = [expected_view(e) for e in case["expect"]]
    assert len(diags) == len(expected), [(d.rule, d.location, d.message) for d in diags]
    actual = [actual_view(d, e) for d, e in zip(diags, expected, strict=True)]
    assert actual == expected
