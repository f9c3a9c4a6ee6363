"""Digits printed with no separator ("713000074"), split back into the cells of a row.

A web page flattened to one paragraph, or a table copied cell by cell without tabs, loses
the boundaries between numbers: "一、本年新收…数量713000074" is 71, 3, 0, 0, 0, 0, 74. The
only evidence of where one number ends is the table's own arithmetic (the last cell of a
group is the sum of the others), plus two facts about how counts are written: a number of
more than one digit does not start with 0, and a space or line break between two digits is
a cell boundary. This module only enumerates the splits that respect those facts — it never
chooses among them (``read.inferred`` decides, and says what it consumed).

The search is bounded: a group whose total is the last cell of the run is split by trying
each length of that total and then only parts that can still add up to it (a part is at most
the total, so it has at most as many digits); other groups are searched forward with the sum
so far. Every search state is memoised and every step counted against a budget, so a run of
any length ends quickly; a search that hits its budget says so (``bounded``) rather than
claiming it found every split.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

#: No count in a report has more digits than this (a fee in 元 would; cells hold counts or 万元).
MAX_DIGITS = 15
#: Search steps one run may take (about 0.1 s): a 21-digit row of 7 cells takes some 15,000, 30 random
#: digits rarely more; a run that needs more is reported as not split, never guessed.
BUDGET = 60_000
#: Parts longer than this (in digits) are also pruned by the least and greatest sums their rest can make:
#: worth its cost only on long runs.
LONG_RUN = 16

Cut = tuple[int, int]  # one cell: [start, end) in the digit string
Candidate = tuple[Cut, ...]


@dataclass(frozen=True, slots=True)
class Group:
    """Consecutive cells of a run; when ``summed``, the last is the sum of the others."""

    cells: int
    summed: bool


@dataclass(frozen=True, slots=True)
class Splits:
    """The splits found (at most ``cap + 1``, so "more than cap" is visible) and whether the budget ran out."""

    found: tuple[Candidate, ...]
    bounded: bool

    def values(self, digits: str) -> list[tuple[int, ...]]:
        return [tuple(int(digits[a:b]) for a, b in cand) for cand in self.found]


def split_digits(
    digits: str, cuts: Sequence[int], groups: Sequence[Group], cap: int = 20, budget: int = BUDGET
) -> Splits:
    """Every way (up to ``cap + 1``) to cut ``digits`` into the groups' cells.

    ``cuts`` are the offsets where a boundary is certain (a space stood there). A cell never
    spans one; a cell of several digits never starts with "0"; a summed group's last cell is
    the sum of its others.
    """
    search = _Search(digits, sorted(set(cuts)), tuple(groups), cap, budget)
    found = search.groups_from(0, 0)
    return Splits(found[: cap + 1], search.steps > budget)


class _Search:
    """One split search: the digit string, its certain boundaries, the groups, and the memo."""

    def __init__(self, digits: str, cuts: list[int], groups: tuple[Group, ...], cap: int, budget: int) -> None:
        self.d, self.n = digits, len(digits)
        self.cuts = [c for c in cuts if 0 < c < self.n]
        self.groups, self.cap, self.budget = groups, cap, budget
        self.after = [sum(g.cells for g in groups[i + 1 :]) for i in range(len(groups))]
        self.steps = 0
        self.memo: dict[tuple[int, int], tuple[Candidate, ...]] = {}
        self.bounds: dict[tuple[int, int], tuple[int, int]] = {}
        bounds = [*self.cuts, self.n]
        nxt, j = [], 0
        for p in range(self.n + 1):  # the next certain boundary after each offset
            while bounds[j] <= p and j < len(bounds) - 1:
                j += 1
            nxt.append(bounds[j])
        self.lim = [min(nxt[p], p + MAX_DIGITS) for p in range(self.n + 1)]

    # The facts every cell obeys

    def limit(self, pos: int) -> int:
        """The furthest end a cell starting at ``pos`` may have: the next certain boundary."""
        return self.lim[pos]

    def segments(self, pos: int) -> int:
        """At least this many cells are needed from ``pos`` on: one per space-separated piece."""
        return 0 if pos >= self.n else len(self.cuts) - bisect_right(self.cuts, pos) + 1

    def cell_ok(self, pos: int, end: int) -> bool:
        return end <= self.lim[pos] and (end - pos == 1 or self.d[pos] != "0")

    def feasible(self, pos: int, cells: int) -> bool:
        """Whether ``cells`` cells can still cover ``digits[pos:]``."""
        rest = self.n - pos
        return self.segments(pos) <= cells <= rest if rest else cells == 0

    def spent(self) -> bool:
        self.steps += 1
        return self.steps > self.budget

    def _sum_bounds(self, first: int, stop: int, most: int) -> dict[tuple[int, int], tuple[int, int]]:
        """(least, greatest) sum of ``digits[pos:stop]`` cut into ``c`` cells, for each pos and c ≤ ``most``.

        Computed once per total tried, backwards from ``stop``: it prunes every part whose
        remainder could not add up to what the total still needs.
        """
        bounds: dict[tuple[int, int], tuple[int, int]] = {(stop, 0): (0, 0)}
        for pos in range(stop - 1, first - 1, -1):
            for c in range(1, most + 1):
                low = high = None
                for end in range(pos + 1, min(self.limit(pos), stop) + 1):
                    if not self.cell_ok(pos, end):
                        break
                    rest = bounds.get((end, c - 1))
                    if rest is None:
                        continue
                    v = int(self.d[pos:end])
                    low = v + rest[0] if low is None else min(low, v + rest[0])
                    high = v + rest[1] if high is None else max(high, v + rest[1])
                if low is not None:
                    bounds[(pos, c)] = (low, high)
        return bounds

    # The search

    def groups_from(self, pos: int, g: int) -> tuple[Candidate, ...]:
        """The splits of ``digits[pos:]`` into groups ``g`` … (memoised on the pair)."""
        key = (pos, g)
        if key not in self.memo:
            if g == len(self.groups):
                self.memo[key] = ((),) if pos == self.n else ()
            elif g == len(self.groups) - 1:
                self.memo[key] = self._last(pos, self.groups[g])
            else:
                out: list[Candidate] = []
                self._forward(pos, g, 0, 0, (), out)
                self.memo[key] = tuple(out)
        return self.memo[key]

    def _forward(self, pos: int, g: int, j: int, s: int, acc: Candidate, out: list[Candidate]) -> None:
        """Cells of group ``g`` from its ``j``-th on (``s`` = sum so far), then the later groups."""
        group = self.groups[g]
        if len(out) > self.cap or self.spent():
            return
        if j == group.cells:
            out.extend(acc + rest for rest in self.groups_from(pos, g + 1)[: self.cap + 1 - len(out)])
            return
        left = group.cells - j - 1 + self.after[g]  # cells after this one
        if group.summed and j == group.cells - 1:
            total = str(s)
            end = pos + len(total)
            if self.d.startswith(total, pos) and self.cell_ok(pos, end) and self.feasible(end, left):
                self._forward(end, g, j + 1, s, acc + ((pos, end),), out)
            return
        for end in range(pos + 1, self.limit(pos) + 1):
            if not self.cell_ok(pos, end):
                break
            if self.feasible(end, left):
                self._forward(end, g, j + 1, s + int(self.d[pos:end]), acc + ((pos, end),), out)

    def _last(self, pos: int, group: Group) -> tuple[Candidate, ...]:
        """The last group ends the run: a summed one's total is a suffix, tried at each length."""
        out: list[Candidate] = []
        if not group.summed:
            self._parts(pos, self.n, group.cells, None, (), out, {})
            return tuple(out)
        for t in range(1, min(MAX_DIGITS, self.n - pos) + 1):
            start = self.n - t
            width = start - pos
            if not self.cell_ok(start, self.n) or len(out) > self.cap or not group.cells - 1 <= width <= (group.cells - 1) * t:
                continue  # a part is at most the total, so it has at most ``t`` digits
            found: list[Candidate] = []
            self.bounds = self._sum_bounds(pos, start, group.cells - 1) if width > LONG_RUN else {}
            self._parts(pos, start, group.cells - 1, int(self.d[start:]), (), found, {})
            out.extend(c + ((start, self.n),) for c in found)
        return tuple(out)

    def _parts(
        self, pos: int, stop: int, cells: int, rest: int | None, acc: Candidate, out: list[Candidate],
        dead: dict[tuple[int, int, int | None], bool],
    ) -> None:
        """``cells`` cells covering ``digits[pos:stop]`` exactly, adding up to ``rest`` (None: any sum)."""
        if len(out) > self.cap or self.spent() or dead.get((pos, cells, rest)):
            return
        if cells == 0:
            if pos == stop and rest in (0, None):
                out.append(acc)
            return
        width = stop - pos
        if width < cells or (rest is not None and width > cells * len(str(rest))):
            return  # each part is at most ``rest``, so it has at most as many digits
        longest = -(-width // cells)  # some part has at least this many digits, so (no leading 0) at least 10^(n-1)
        if rest is not None and longest > 1 and rest < 10 ** (longest - 1):
            return
        if rest is not None and self.bounds:
            low, high = self.bounds.get((pos, cells), (1, 0))
            if not low <= rest <= high:
                return  # no split of what is left can add up to ``rest``
        before = len(out)
        for end in range(pos + 1, min(self.limit(pos), stop - cells + 1) + 1):
            if not self.cell_ok(pos, end):
                break
            value = int(self.d[pos:end])
            if rest is not None and value > rest:
                break
            self._parts(end, stop, cells - 1, None if rest is None else rest - value, acc + ((pos, end),), out, dead)
        if len(out) == before:
            dead[(pos, cells, rest)] = True
