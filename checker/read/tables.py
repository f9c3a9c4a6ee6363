"""Read the official grid tables (二, 三) from the fields of a section's lines.

The reader walks the rows the layout expects, in the official order, and matches each row's
label against the label fields it meets (``read.matcher``). A row's cells are on its label's
line when it has any; else on a line below it, whose leading text may be the rest of the
label or pieces of a merged group label (PDF layout text puts a two- or three-line label's
numbers on its middle line); else one cell per line (web and Word copies). Labels whose
values come later, as a block of value rows after a block of label rows (PDF-to-markdown),
get them in reading order. A line that holds only labels is a header — whatever it says,
never a row: markdown headers are not trusted against the format's labels. Cells are
counted from the end of a row's line, because PDF text puts an empty field after labels
that span two merged columns.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from checker.model import Cell, CellState, Location, Problem, Table
from checker.read.fastinit import builder
from checker.read.fields import ById, Field, cell_state, is_value, is_value_text, key_of, split_line
from checker.read.layouts import TableLayout
from checker.read.matcher import GROUP, Matcher, bare

_PAGE_NUMBER = re.compile(r"^(?:[-—–－]\s*\d{1,3}\s*[-—–－]|第\s*\d{1,3}\s*页(?:\s*[/，,]?\s*共\s*\d{1,3}\s*页)?)$")


@dataclass(frozen=True, slots=True)
class GridRead:
    """What reading a grid table found: its cells, the rows not found, the lines it used."""

    cells: dict[tuple[str, str], Cell]
    missing: tuple[tuple[str, Location], ...]
    lines: frozenset[int]
    spans: tuple[tuple[int, int, int], ...] = ()  # (line, column, end column): parts of lines used (inline tables)
    problems: tuple[Problem, ...] = ()  # what reading found (cells inferred or ambiguous)

    def rows_found(self) -> int:
        return len({r for r, _ in self.cells})


def row_cols(table: TableLayout) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each row id with the column ids it has cells for (sub-tables of 二 differ)."""
    if table.subtables:
        return tuple((r, st.cols) for st in table.subtables for r in st.rows)
    cols = tuple(c.id for c in table.cols)
    return tuple((r.id, cols) for r in table.rows)


_new_cell = builder(Cell)
_new_field = tuple.__new__
# Locations are immutable values and the cells of a batch of reports sit in a few thousand
# places (same template), so they are shared rather than built 200 times per report.
_location = lru_cache(maxsize=8192)(builder(Location))


def cell_of(table: str, row: str, col: str, f: Field) -> Cell:
    """A 200-a-report object: built through ``fastinit`` rather than the frozen ``__init__``."""
    text, norm, line, col_, end = f
    state, value = cell_state(norm)
    return _new_cell(table, row, col, text, value, state, _location(line, col_, line, end))


def pick(after: Sequence[Field], n: int) -> list[Field]:
    """n cells from a line's fields after the label: the last n, unless the extras trail empty."""
    if len(after) <= n:
        return list(after)
    extra = len(after) - n
    head_empty = all(not f.text for f in after[:extra])
    tail_empty = all(not f.text for f in after[n:])
    if tail_empty and not head_empty:
        return list(after[:n])
    return list(after[extra:])


@dataclass(frozen=True, slots=True)
class Region:
    """Consecutive lines of the report, split into fields; ``rows[j]`` is line ``first + j``."""

    first: int
    rows: tuple[tuple[Field, ...], ...]


Lines = Sequence[tuple[Field, ...]]
Rows = tuple[tuple[Field, ...], ...]  # each line's fields, index 0 is line 1: split once per report


# What ``_take`` found: (the row's cells, where the search goes on, the index of the line of values below
# the label when that is where they were, else -1). A plain tuple: it is built for every row of every report.
Take = tuple[list[Field], tuple[int, int], int]


def read_grid(table: TableLayout, matcher: Matcher, region: Region) -> GridRead:
    """Walk the expected rows in order; each found row yields its cells, others are missing."""
    lines = region.rows
    order, index = _row_order(ById(table))
    cells: dict[tuple[str, str], Cell] = {}
    missing: list[str] = []
    used: set[int] = set()
    waiting: list[tuple[str, tuple[str, ...], tuple[int, int]]] = []  # labels found with no values yet
    tid = table.id
    pos = (0, 0)
    for i, (rid, cols) in enumerate(order):
        found = _find_label(lines, pos, rid, i, index, matcher)
        if found is None:
            missing.append(rid)
            continue
        used.add(lines[found[0]][found[1]].line)
        picked, after, value_row = _take(region, found, len(cols), matcher, rid)
        if waiting and not _next_to(lines, waiting[-1][2][0], found[0]):
            _blanks(tid, waiting, lines, cells)  # labels left without values: their cells are blank
            waiting = []
        if value_row >= 0 and waiting:
            pos = _reattach(tid, region, [*waiting, (rid, cols, found)], value_row, cells, used)
            waiting = []
        elif picked:
            pos = after
            for col, (text, norm, line, start, end) in zip(cols, picked, strict=False):  # ``_put``, inlined
                state, value = cell_state(norm)
                cells[(rid, col)] = _new_cell(tid, rid, col, text, value, state, _location(line, start, line, end))
            used.update([f[2] for f in picked[: len(cols)]])
        else:
            waiting.append((rid, cols, found))
            pos = (found[0] + 1, 0)
    _blanks(table.id, waiting, lines, cells)
    places = _missing_places(missing, order, cells, region.first) if missing else ()
    return GridRead(cells, places, frozenset(used))


def _put(
    tid: str, rid: str, cols: tuple[str, ...], picked: list[Field], cells: dict[tuple[str, str], Cell], used: set[int]
) -> None:
    for col, (text, norm, line, start, end) in zip(cols, picked, strict=False):  # ``_cell``, inlined
        state, value = cell_state(norm)
        cells[(rid, col)] = _new_cell(tid, rid, col, text, value, state, _location(line, start, line, end))
    used.update([f[2] for f in picked[: len(cols)]])  # their lines


@lru_cache(maxsize=32)
def _row_order(key: ById) -> tuple[tuple[tuple[str, tuple[str, ...]], ...], dict[str, int]]:
    """``row_cols`` and each row's place in it, once per table layout (read-only after)."""
    order = row_cols(key.obj)  # type: ignore[arg-type]
    return order, {rid: i for i, (rid, _) in enumerate(order)}


def _is_header(fields: tuple[Field, ...], matcher: Matcher) -> bool:
    """A line of labels only (three or more, two of them the table's): a header, never a row, whatever it says."""
    if len(fields) < 3 or is_value_text(fields[-1].norm):  # a row's values end it: the common case
        return False
    texts = [f for f in fields if f.text]
    if len(texts) < 3 or any(is_value_text(f.norm) for f in texts):
        return False
    return sum(1 for f in texts if matcher.is_label(f.key)) >= 2


def _find_label(
    lines: Lines, pos: tuple[int, int], rid: str, i: int, index: dict[str, int], matcher: Matcher
) -> tuple[int, int] | None:
    """The next label field naming row ``rid``; None when a later row's label comes first (headers are skipped)."""
    for li in range(pos[0], len(lines)):
        fields = lines[li]
        for fi in range(pos[1] if li == pos[0] else 0, len(fields)):
            text, norm = fields[fi][:2]  # the hottest loop: no Field properties, memoised helpers only
            if not text or is_value_text(norm):
                continue
            key = key_of(norm)
            if matcher.could_be(key, rid):
                if len(fields) > 2 and not is_value_text(fields[-1][1]) and _is_header(fields, matcher):
                    break
                return li, fi
            target, strong = matcher.classify(key)
            if strong and target not in (None, GROUP) and index[target] > i:
                if len(fields) > 2 and _is_header(fields, matcher):
                    break
                return None
            joined = _joined_label(lines, li, fi, key, rid, matcher)
            if joined:
                return joined
    return None


def _joined_label(
    lines: Lines, li: int, fi: int, key: str, rid: str, matcher: Matcher
) -> tuple[int, int] | None:
    """A label broken into pieces ("2.其他法" / "律行政法规禁止公开"): join up to three pieces."""
    for _ in range(2):
        nxt = _next_field(lines, li, fi)
        if nxt is None:
            return None
        li, fi = nxt
        norm = lines[li][fi][1]
        if is_value_text(norm):
            return None
        key += key_of(norm)
        if matcher.could_be(key, rid):
            return li, fi
    return None


def _next_field(lines: Lines, li: int, fi: int) -> tuple[int, int] | None:
    """The next non-empty field after (li, fi), across at most two lines."""
    for lj in range(li, min(li + 3, len(lines))):
        for fj in range(fi + 1 if lj == li else 0, len(lines[lj])):
            if lines[lj][fj].text:
                return lj, fj
    return None


def _take(region: Region, at: tuple[int, int], n: int, matcher: Matcher, rid: str) -> Take:
    """The row's cells: on the label's line when it has any, else on the lines that follow."""
    li, fi = at
    after = region.rows[li][fi + 1 :]
    if any(f.text for f in after):
        return pick(after, n), (li + 1, 0), -1
    return _take_below(region, li, n, matcher, rid)


def _take_below(region: Region, li: int, n: int, matcher: Matcher, rid: str) -> Take:
    """Below the label: a line of values (led by the rest of the label, or not), else one cell per line."""
    lines = region.rows
    label = lines[li][-1]
    acc = matcher.core(label.key)
    bares = matcher.bare_labels(rid)
    seq: list[Field] = []
    filled = 0  # fields of seq with text
    j = li + 1
    while j < len(lines) and len(seq) < 2 * n + 2:
        fields = lines[j]
        if len(fields) > 1:
            if not any(s.text for s in seq):  # only empty lines so far
                found = _continued(fields, acc, bares, matcher)
                if found is not None:
                    values, own = found
                    return pick(values, n), (j + 1, 0), -1 if own else j
            break
        if not fields:
            seq.append(blank_field(region.first + j))
            j += 1
            continue
        f = fields[0]
        if not is_value_text(f[1]):
            key = key_of(f[1])
            if matcher.classify(key)[0] is not None:
                break
            grown = acc + key
            if not any(s.text for s in seq) and any(b.startswith(bare(grown)) for b in bares):
                acc = grown
                j += 1
                continue
            if _noise(f, key, matcher):
                j += 1
                continue
        seq.append(f)
        j += 1
        filled += bool(f.text)
        if filled == n:
            break
    return _choose(seq, n), (j, 0), -1


def _continued(
    fields: tuple[Field, ...], acc: str, bares: tuple[str, ...], matcher: Matcher
) -> tuple[list[Field], bool] | None:
    """The values of a line below a label: (values, led by the label's own words) or None.

    The text before the values may only be the rest of the label ("正、行政机关不再处理其政府信"
    under "1、申请人无正当理由逾期不补") or pieces of merged labels ("他处理", "本").
    """
    k = 0
    while k < len(fields) and (not fields[k].text or not is_value(fields[k])):
        k += 1
    rest = fields[k:]
    if not rest or not all(is_value(f) or not f.text for f in rest):
        return None
    own = False
    for f in fields[:k]:
        if not f.text:
            continue
        key = f.key
        if any(b.startswith(bare(acc + key)) for b in bares):
            acc, own = acc + key, True
        elif not _noise(f, key, matcher):
            return None
    return list(rest), own


def _noise(f: Field, key: str, matcher: Matcher) -> bool:
    """A page number ("-4-") or a piece of a merged label between rows: never a cell."""
    return bool(_PAGE_NUMBER.match(f.norm.strip())) or matcher.is_fragment(key)


def _next_to(lines: Lines, a: int, b: int) -> bool:
    """Whether line ``b`` follows line ``a`` with only empty lines between (labels of one block)."""
    return all(not lines[j] for j in range(a + 1, b))


def _reattach(
    tid: str, region: Region, labels: list[tuple[str, tuple[str, ...], tuple[int, int]]], first: int,
    cells: dict[tuple[str, str], Cell], used: set[int],
) -> tuple[int, int]:
    """A block of labels then a block of value rows (PDF-to-markdown): the rows in reading order."""
    lines = region.rows
    rows: list[int] = []
    j = first
    while j < len(lines) and len(rows) < len(labels):
        fields = lines[j]
        if fields and all(is_value(f) or not f.text for f in fields) and any(f.text for f in fields):
            rows.append(j)
        elif fields:
            break
        j += 1
    for (rid, cols, _), row in zip(labels, rows, strict=False):
        _put(tid, rid, cols, pick(lines[row], len(cols)), cells, used)
    _blanks(tid, labels[len(rows) :], lines, cells)
    return (rows[-1] + 1 if rows else first, 0)


def _blanks(
    tid: str, labels: list[tuple[str, tuple[str, ...], tuple[int, int]]], lines: Lines,
    cells: dict[tuple[str, str], Cell],
) -> None:
    """A label with no values anywhere: a printed row of blank cells, located at the label's end."""
    for rid, cols, (li, fi) in labels:
        label = lines[li][fi]
        loc = _location(label.line, label.end, label.line, label.end)
        for col in cols:
            cells[(rid, col)] = _new_cell(tid, rid, col, "", None, CellState.BLANK, loc)


def blank_field(line: int) -> Field:
    """An empty field standing for a blank cell on ``line``: ``Field("", "", line, 1, 1)`` without its ``__new__``."""
    return _new_field(Field, ("", "", line, 1, 1))


def _choose(seq: list[Field], n: int) -> list[Field]:
    values = [f for f in seq if f.text]
    if len(values) >= n:
        return values[:n]
    while seq and not seq[-1].text:
        seq.pop()
    while len(seq) > n and not seq[0].text:
        seq.pop(0)
    return seq[:n]


def _missing_places(
    missing: list[str], order: tuple, cells: dict[tuple[str, str], Cell], first: int
) -> tuple[tuple[str, Location], ...]:
    """Where each missing row was expected: the line after the previous found row."""
    out, last = [], first
    for rid, cols in order:
        found = [cells[(rid, c)].loc.line for c in cols if (rid, c) in cells]
        if found:
            last = max(found) + 1
        elif rid in missing:
            out.append((rid, Location.point(last, 1)))
    return tuple(out)


def make_table(table: TableLayout, read: GridRead) -> Table:
    lines = sorted(read.lines)
    loc = Location(lines[0], 1, lines[-1] + 1, 1) if lines else None  # whole lines, end exclusive
    return Table(
        table.id, table.name, loc, tuple(r.id for r in table.rows), tuple(c.id for c in table.cols), read.cells
    )


def split_lines(first: int, raw: Sequence[str], norm: Sequence[str]) -> tuple[tuple[Field, ...], ...]:
    """The fields of each line, numbered from ``first``: a report splits its lines once, for all tables."""
    return tuple(map(split_line, range(first, first + len(raw)), raw, norm))


def region_in(rows: Sequence[tuple[Field, ...]], first: int, last: int) -> Region:
    """Lines ``first`` … ``last`` (1-based, inclusive) of a report already split by ``split_lines``."""
    return Region(first, tuple(rows[first - 1 : last]))
