"""The split search for glued digits (checker.read.glued) against brute force, and its bounds."""

from __future__ import annotations

from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from checker.read.glued import Group, split_digits


def _brute(digits: str, cuts: set[int], groups: list[Group]) -> set[tuple[int, ...]]:
    n = sum(g.cells for g in groups)
    out = set()
    for inner in combinations(range(1, len(digits)), n - 1):
        if not cuts <= set(inner):
            continue
        parts = [digits[a:b] for a, b in zip((0, *inner), (*inner, len(digits)), strict=True)]
        if any(p != "0" and p[0] == "0" for p in parts):
            continue
        values, i, ok = [int(p) for p in parts], 0, True
        for g in groups:
            block = values[i : i + g.cells]
            ok = ok and (not g.summed or block[-1] == sum(block[:-1]))
            i += g.cells
        if ok:
            out.add(tuple(values))
    return out


@st.composite
def rows(draw) -> tuple[str, set[int], list[Group]]:
    """A consistent row (or 表四's three blocks), glued, with some of its spaces kept."""
    groups = draw(st.sampled_from([[Group(7, True)], [Group(5, True)] * 3, [Group(3, False)], [Group(5, True)] * 2]))
    texts = []
    for g in groups:
        parts = [draw(st.integers(0, 10 ** draw(st.integers(0, 3)))) for _ in range(g.cells - 1)]
        texts += [str(p) for p in parts] + [str(sum(parts) if g.summed else draw(st.integers(0, 999)))]
    kept, pos, digits = set(), 0, ""
    for i, t in enumerate(texts):
        if i and draw(st.booleans()) and draw(st.booleans()):
            kept.add(pos)
        digits += t
        pos += len(t)
    return digits, kept, groups


@settings(max_examples=300, deadline=None)
@given(rows())
def test_every_split_is_found_and_nothing_else(row) -> None:
    digits, cuts, groups = row
    if len(digits) > 16:  # brute force would take too long
        return
    found = split_digits(digits, sorted(cuts), groups, cap=10_000)
    assert not found.bounded
    assert set(found.values(digits)) == _brute(digits, cuts, groups)


def test_the_example_of_issue_ten() -> None:
    found = split_digits("640020470", [], [Group(7, True)])
    assert found.values("640020470") == [(64, 0, 0, 2, 0, 4, 70)]


def test_at_most_cap_plus_one_splits_are_kept() -> None:
    found = split_digits("77132470", [], [Group(3, False)], cap=3)
    assert len(found.found) == 4 and not found.bounded


def test_a_search_that_runs_out_of_budget_says_so() -> None:
    found = split_digits("12345678912345678912345678", [], [Group(5, True)] * 3, budget=50)
    assert found.bounded


def test_long_runs_end_without_running_out_of_budget() -> None:
    """A 30-digit row of seven cells, and 400 digits that can be no row at all: the prunes end both searches."""
    assert not split_digits("123456789123456789123456789123", [], [Group(7, True)]).bounded
    assert split_digits("1" * 400, [], [Group(7, True)]).found == ()
    assert not split_digits("1" * 400, [], [Group(7, True)]).bounded
