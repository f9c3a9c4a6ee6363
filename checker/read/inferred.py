"""Cells read from glued digits: which split of a row to believe, and what believing it costs.

``glued.split_digits`` lists the splits a run of digits allows; this module decides, by the
principles of issue 10, because a checker that repairs what it checks is worthless:

* a split forced by the digits alone (7 digits, 7 cells) is simply read: no arithmetic used;
* else the row's own identity (总计 = the sum of the other cells) is tried: exactly one split →
  its cells are read and marked ``inferred`` with that identity's rule, so the engine never
  reports that rule as passing on them (the column identities stay real checks);
* several splits → the table's column identities decide, only when exactly one combination
  of the undecided rows satisfies them; the cells then name every identity that was used;
* else the row is ``ambiguous`` (``cells-ambiguous`` names the candidates) or, with no split at
  all, ``cells-unsplittable``: the printed digits cannot be a balanced row.

One ``cells-inferred`` problem per table says how many cells were read on an identity.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations, product

from checker.model import Cell, CellState, Location, Problem
from checker.read.glued import Group, Splits, split_digits
from checker.read.layouts import Identity, TableLayout

#: Candidate splits kept per row, and combinations of undecided rows tried against the columns.
CAP = 20
COMBINATIONS = 4096
SIGNED_RUN = 16  # the longest run with a sign or a point split by brute force
_SIGNED = re.compile(r"[-−]?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?")
Key = tuple[str, str]


@dataclass(frozen=True, slots=True)
class Glued:
    """A row (or 表四's whole data row) printed as digits with no separator between some cells."""

    keys: tuple[Key, ...]  # the (row, col) of each cell, in order
    digits: str
    cuts: tuple[int, ...]  # offsets in ``digits`` where a space stood: certain boundaries
    locs: tuple[Location, ...]  # the place of each digit
    label: str  # the row's label as printed, for messages
    raw: str  # the printed run, spaces and all
    loc: Location  # the whole run
    groups: tuple[Group, ...]  # its cells in groups; a summed group's last cell is its sum
    rule: str  # the identity a summed split consumes ("" when the table has none)
    signed: bool = False  # "6-241", "486.5": signs or decimal points among the digits (no identity used)


@dataclass(frozen=True, slots=True)
class Outcome:
    cells: dict[Key, Cell]
    problems: list[Problem]


def resolve(table: TableLayout, rows: Sequence[Glued], printed: dict[Key, Cell], number: str) -> Outcome:
    """The cells of the glued rows, and the problems that say what was inferred or could not be."""
    cells: dict[Key, Cell] = {}
    problems: list[Problem] = []
    pending: list[tuple[Glued, list[tuple[int, ...]], Splits]] = []
    for row in rows:
        if row.signed:
            _signed(table, row, cells, problems, number)
            continue
        forced = split_digits(row.digits, row.cuts, [Group(len(row.keys), False)], cap=1)
        if len(forced.found) == 1 and not forced.bounded:
            cells.update(_cells(table.id, row, forced.found[0], ""))
            continue
        summed = any(g.summed for g in row.groups)
        found = split_digits(row.digits, row.cuts, row.groups if summed else [Group(len(row.keys), False)], cap=CAP)
        if not summed and found.found:
            problems.append(_ambiguous(table, row, found, number))
            cells.update(_unknown(table.id, row))
        elif len(found.found) == 1 and not found.bounded:
            cells.update(_cells(table.id, row, found.found[0], row.rule))
        elif not found.found and not found.bounded:
            problems.append(_unsplittable(table, row, number))
        else:
            pending.append((row, found.values(row.digits), found))
    if pending:
        _decide(table, pending, {**printed, **cells}, cells, problems, number)
    inferred = [c for c in cells.values() if c.inferred]
    if inferred:
        problems.append(_inferred(table, inferred, number))
    return Outcome(cells, problems)


def _signed(table: TableLayout, row: Glued, cells: dict[Key, Cell], problems: list[Problem], number: str) -> None:
    """A short glued run with a sign or a decimal point (2019: 本年增/减 "-8"): every split by brute force."""
    n, text = len(row.keys), row.digits
    if len(text) > SIGNED_RUN:
        problems.append(_unsplittable(table, row, number))
        return
    found = []
    for cuts in combinations(range(1, len(text)), n - 1):
        bounds = tuple(zip((0, *cuts), (*cuts, len(text)), strict=True))
        if all(_SIGNED.fullmatch(text, a, b) for a, b in bounds):
            found.append(bounds)
    if len(found) == 1:
        cells.update(_cells(table.id, row, found[0], ""))
    elif found:
        problems.append(_ambiguous(table, row, Splits(tuple(found), False), number))
        cells.update(_unknown(table.id, row))
    else:
        problems.append(_unsplittable(table, row, number))


def _decide(
    table: TableLayout, pending: list[tuple[Glued, list[tuple[int, ...]], Splits]], known: dict[Key, Cell],
    cells: dict[Key, Cell], problems: list[Problem], number: str,
) -> None:
    """Undecided rows: the column identities choose, if exactly one combination satisfies them."""
    checks = [(i, sides) for i in table.identities if i.kind != "row-sum" for sides in _instances(i, table)]
    values = {k: c.value for k, c in known.items() if c.state is CellState.NUMBER}
    choice, used = _only_combination(pending, checks, values)
    for n, (row, _, found) in enumerate(pending):
        if choice is None:
            problems.append(_ambiguous(table, row, found, number))
            cells.update(_unknown(table.id, row))
        else:
            rules = ",".join(dict.fromkeys([row.rule, *sorted(used)]))
            cells.update(_cells(table.id, row, found.found[choice[n]], rules))


def _only_combination(
    pending: list[tuple[Glued, list[tuple[int, ...]], Splits]],
    checks: list[tuple[Identity, tuple[tuple[Key, ...], tuple[Key, ...]]]], values: dict[Key, Decimal | None],
) -> tuple[tuple[int, ...] | None, set[str]]:
    """The one combination of candidates the column identities allow, and the rules of those identities."""
    options = [range(len(cands)) for _, cands, found in pending]
    if any(found.bounded or len(cands) > CAP for _, cands, found in pending):
        return None, set()
    total = 1
    for o in options:
        total *= len(o)
    if total > COMBINATIONS:
        return None, set()
    keys = {k for row, _, _ in pending for k in row.keys}
    relevant = [(i, s) for i, s in checks if keys & set(s[0] + s[1])]
    good, used = [], set()
    for combo in product(*options):
        trial = dict(values)
        for (row, cands, _), pick in zip(pending, combo, strict=True):
            trial.update({k: Decimal(v) for k, v in zip(row.keys, cands[pick], strict=True)})
        ok, evaluated = _holds(relevant, trial)
        used |= evaluated
        if ok:
            good.append(combo)
    return (good[0], used) if len(good) == 1 and used else (None, set())


def _holds(checks: Iterable[tuple[Identity, tuple[tuple[Key, ...], tuple[Key, ...]]]], values) -> tuple[bool, set]:
    """Whether every identity whose cells are all known holds; and the rules of those identities."""
    evaluated: set[str] = set()
    for identity, (left, right) in checks:
        if all(values.get(k) is not None for k in left + right):
            evaluated.add(identity.rule)
            if sum(values[k] for k in left) != sum(values[k] for k in right):
                return False, evaluated
    return True, evaluated


def _instances(identity: Identity, table: TableLayout) -> list[tuple[tuple[Key, ...], tuple[Key, ...]]]:
    """Each column's equation of a column identity: (left cells, right cells)."""
    cols = [c.id for c in table.cols]
    if identity.kind == "col-sum":
        return [(((identity.total, c),), tuple((r, c) for r in identity.parts)) for c in cols]
    if identity.kind == "col-balance":
        return [(tuple((r, c) for r in identity.left), tuple((r, c) for r in identity.right)) for c in cols]
    return []


def _cells(tid: str, row: Glued, cuts: tuple[tuple[int, int], ...], rule: str) -> dict[Key, Cell]:
    out = {}
    for (r, c), (a, b) in zip(row.keys, cuts, strict=True):
        first, last = row.locs[a], row.locs[b - 1]
        loc = Location(first.line, first.column, last.end_line, last.end_column)
        text = row.digits[a:b]
        out[(r, c)] = Cell(tid, r, c, text, Decimal(text), CellState.NUMBER, loc, rule)
    return out


def _unknown(tid: str, row: Glued) -> dict[Key, Cell]:
    return {(r, c): Cell(tid, r, c, row.raw, None, CellState.AMBIGUOUS, row.loc) for r, c in row.keys}


def _values(table: TableLayout, row: Glued, number: str) -> dict[str, object]:
    return {"table": table.id, "number": number, "row": row.keys[0][0], "label": row.label,
            "text": row.label + row.raw, "digits": row.digits, "cells": len(row.keys)}


def _ambiguous(table: TableLayout, row: Glued, found: Splits, number: str) -> Problem:
    even = sorted(found.found, key=lambda cand: (max(b - a for a, b in cand), cand))  # the most even first
    shown = ["|".join(row.digits[a:b] for a, b in cand) for cand in even[:3]]
    more = " …" if len(found.found) > 3 or found.bounded else ""
    candidates = "、".join(shown) + more
    values = {**_values(table, row, number), "candidates": candidates, "count": len(found.found)}
    message = f"{number}“{row.label}{row.raw}”可拆分为 {candidates}，请核对"
    return Problem("cells-ambiguous", message, row.loc, values)


def _unsplittable(table: TableLayout, row: Glued, number: str) -> Problem:
    n = len(row.keys)
    if row.signed:
        why = f"数字连写在一起且含负号、小数点，无法拆分成 {n} 个数"
    elif len(row.digits) < n:
        why = f"只有 {len(row.digits)} 位数字，少于本行的 {n} 个单元格（有单元格空白或缺失）"
    else:
        why = f"无法拆分成 {n} 个数" + ("并使总计等于各项之和" if any(g.summed for g in row.groups) else "")
    message = f"{number}“{row.label}{row.raw}”{why}：请核对原表"
    return Problem("cells-unsplittable", message, row.loc, {**_values(table, row, number), "why": why})


def short_row(
    table: TableLayout, rid: str, label: str, raw: str, loc: Location, found: int, cells: int, number: str,
    glued: bool,
) -> Problem:
    """A row that cannot be read without a guess: separate numbers, fewer than its cells (a blank cell vanishes
    from running text: which one?), or numbers glued together with a sign or a decimal point."""
    if glued:
        why = f"数字连写在一起且含负号、小数点或占位符号，无法确定如何拆分成 {cells} 个数"
    else:
        why = f"只有 {found} 个数，少于本行的 {cells} 个单元格（有单元格空白或缺失，无法确定是哪一个）"
    values = {"table": table.id, "number": number, "row": rid, "label": label, "text": label + raw, "digits": raw,
              "cells": cells, "why": why}
    return Problem("cells-unsplittable", f"{number}“{label}{raw}”{why}：请核对原表", loc, values)


def _inferred(table: TableLayout, cells: list[Cell], number: str) -> Problem:
    rows = len({c.row for c in cells})
    rules = ",".join(sorted({r for c in cells for r in c.inferred.split(",")}))
    message = (f"{number}有 {len(cells)} 个单元格（{rows} 行）的数字连写在一起，已按表格自身的勾稽关系拆分读出；"
               "拆分所依据的关系对这些单元格不作检查")
    first = min(cells, key=lambda c: (c.loc.line, c.loc.column))
    values = {"table": table.id, "number": number, "count": len(cells), "rows": rows, "rules": rules}
    return Problem("cells-inferred", message, Location.point(first.loc.line, first.loc.column), values)
