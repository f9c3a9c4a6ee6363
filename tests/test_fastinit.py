"""The fast builders make exactly the objects the frozen constructors make, and refuse what they cannot."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest

from checker.model import Cell, CellState, Location, Title
from checker.read.fastinit import builder


def test_builders_equal_the_constructors() -> None:
    loc = builder(Location)(3, 5, 3, 7)
    assert loc == Location(3, 5, 3, 7) and hash(loc) == hash(Location(3, 5, 3, 7))
    cell = builder(Cell)("t3", "r1", "total", "16", Decimal(16), CellState.NUMBER, loc)
    assert cell == Cell("t3", "r1", "total", "16", Decimal(16), CellState.NUMBER, Location(3, 5, 3, 7))
    title = builder(Title)("某局2023年报告", "某局", 2023, loc)  # four fields of another class
    assert title == Title("某局2023年报告", "某局", 2023, loc)


def test_built_objects_stay_frozen() -> None:
    loc = builder(Location)(1, 1, 1, 2)
    with pytest.raises(AttributeError):
        loc.line = 2  # type: ignore[misc]


def test_any_arity_and_wrong_counts() -> None:
    @dataclass(frozen=True, slots=True)
    class Pair:
        a: int
        b: int

    assert builder(Pair)(1, 2) == Pair(1, 2)
    with pytest.raises(TypeError):
        builder(Pair)(1)


def test_classes_with_post_init_or_no_slots_are_refused() -> None:
    @dataclass(frozen=True)
    class NoSlots:
        a: int

    @dataclass(frozen=True, slots=True)
    class Checked:
        a: int

        def __post_init__(self) -> None:
            assert self.a >= 0

    for cls in (NoSlots, Checked):
        with pytest.raises(TypeError):
            builder(cls)
