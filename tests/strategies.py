"""Consistent random reports and a renderer for the shapes real files come in.

``consistent_specs()`` (hypothesis) and ``random_spec(rng)`` (plain ``random``, for the
benchmark) build the same kind of ``ReportSpec``: tables that balance (表三 row totals,
outcome sum, r1 + r2 = r3.7 + r4 per column; 表四 block totals) and prose whose claims
agree with them. ``render(spec, shape, noise)`` writes it as PDF-style tab text
("tabs"), one cell per line ("lines"), markdown pipes ("markdown") or space-aligned
columns ("spaces"), with optional noise. Reading the text back must give the cells.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from hypothesis import strategies as st

from checker.layouts import load_layout
from checker.tables import row_cols

SHAPES = ("tabs", "lines", "markdown", "spaces")
APPLICANTS = ("natural", "commercial", "research", "nonprofit", "legal", "other")
OUTCOMES = tuple(load_layout().table("t3").group("outcomes") or ())
AGENCIES = ("青山县市场监督管理局", "赣县区行政审批局", "东关街道办事处", "绿水市自然资源局", "某某县人民政府办公室")
_FULL = str.maketrans("0123456789", "０１２３４５６７８９")

Cells = Mapping[tuple[str, str], Decimal]


@dataclass(frozen=True)
class ReportSpec:
    """What a generated report says: agency, year, the three tables' cells and a publication date."""

    agency: str
    year: int
    t2: Cells = field(hash=False)
    t3: Cells = field(hash=False)
    t4: Cells = field(hash=False)
    published: date

    def tables(self) -> dict[str, Cells]:
        return {"t2": self.t2, "t3": self.t3, "t4": self.t4}


@dataclass(frozen=True)
class Noise:
    """Defects of real text that must not change what is read."""

    seed: int = 0
    split_labels: bool = False  # "三、本年度办" … "理结果", labels over two lines
    label_spaces: bool = False  # "不予公 开"
    fullwidth_digits: bool = False
    ascii_brackets: bool = False  # "(一)" rather than "（一）"
    thousands: bool = False  # "1,286"


def build_spec(pick: Callable[[int, int], int], agency: str, year: int) -> ReportSpec:
    """A consistent spec from a source of integers ``pick(lo, hi)`` (hypothesis or random)."""
    t3: dict[tuple[str, str], Decimal] = {}
    for col in APPLICANTS:
        outcomes = {r: (pick(0, 9) if pick(0, 3) == 0 else 0) for r in OUTCOMES}
        carry = pick(0, 5)
        done = sum(outcomes.values())
        previous = pick(0, done + carry)
        values = {**outcomes, "r3.7": done, "r4": carry, "r2": previous, "r1": done + carry - previous}
        for row, v in values.items():
            t3[(row, col)] = Decimal(v)
    for row, _ in row_cols(load_layout().table("t3")):
        t3[(row, "total")] = sum((t3[(row, c)] for c in APPLICANTS), Decimal(0))
    t4: dict[tuple[str, str], Decimal] = {}
    for block in ("review", "direct", "after-review"):
        parts = [pick(0, 3) for _ in range(4)]
        for col, v in zip(("upheld", "corrected", "other", "pending"), parts, strict=True):
            t4[(block, col)] = Decimal(v)
        t4[(block, "total")] = Decimal(sum(parts))
    t2 = {
        **{(r, c): Decimal(pick(0, 40)) for r in ("regulation", "normative") for c in ("issued", "repealed", "valid")},
        **{(r, "decisions"): Decimal(pick(0, 3000)) for r in ("license", "penalty", "coercion")},
        ("fee", "amount"): Decimal(pick(0, 5000)) / (100 if pick(0, 1) else 1),
    }
    published = date(year + 1, 1, pick(5, 31))
    return ReportSpec(agency, year, t2, t3, t4, published)


@st.composite
def consistent_specs(draw: st.DrawFn) -> ReportSpec:
    """Hypothesis strategy: a random consistent report spec."""
    agency = draw(st.sampled_from(AGENCIES))
    year = draw(st.integers(2021, 2025))
    return build_spec(lambda lo, hi: draw(st.integers(lo, hi)), agency, year)


def noises() -> st.SearchStrategy[Noise]:
    return st.builds(Noise, st.integers(0, 10**6), st.booleans(), st.booleans(), st.booleans(), st.booleans(), st.booleans())


def random_spec(rng: random.Random) -> ReportSpec:
    """The same distribution as ``consistent_specs`` from a plain ``random.Random`` (fast, for benchmarks)."""
    return build_spec(rng.randint, rng.choice(AGENCIES), rng.randint(2021, 2025))


def random_noise(rng: random.Random) -> Noise:
    return Noise(rng.randint(0, 10**6), *(rng.random() < 0.5 for _ in range(5)))


def render(spec: ReportSpec, shape: str = "tabs", noise: Noise | None = None) -> str:
    """The report as text in one of ``SHAPES``, with optional noise."""
    from tests.rendering import render as _render

    return _render(spec, shape, noise)
