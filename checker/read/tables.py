"""Read the official tables (二, 三, 四) from the fields of a section's lines.

The reader walks the rows the layout expects, in the official order, and matches
each row's label against the label fields it meets — labels may be split over
lines, carry ordinals in either bracket width, or be preceded by a merged group
label. Cells are counted from the end of a row's line, because PDF text puts an
empty field after labels that span two merged columns. Table 四 is one data row of
15 cells; when it has fewer fields the missing ones are the leading cells.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from checker.model import Cell, Location, Table
from checker.normalize import label_key
from checker.read.fastinit import builder
from checker.read.fields import ById, Field, cell_state, is_value, is_value_text, key_of, split_line
from checker.read.layouts import TableLayout
from checker.read.sections import strip_ordinals

GROUP = "#group"
_SUFFIX_OPEN = ("(", ":", "（", "：", "[")
_PUNCT = str.maketrans("", "", ",.;:、，。；：()（）“”\"")


@dataclass(frozen=True, eq=False)
class Matcher:
    """Which row (or group label) a label field names, for one table."""

    exact: dict[str, str]
    labels: tuple[tuple[str, str], ...]  # (full label key, target) for prefix matching
    groups: tuple[str, ...]

    @classmethod
    def of(cls, table: TableLayout) -> Matcher:
        exact: dict[str, str] = {}
        labels = []
        for row in table.rows:
            for text in (row.label, row.short, *row.aliases):
                key = strip_ordinals(label_key(text))
                exact.setdefault(key, row.id)
                labels.append((key, row.id))
        groups = tuple(sorted({strip_ordinals(label_key(r.group)) for r in table.rows if r.group}, key=len))
        for g in groups:
            exact[g] = GROUP  # a group label wins over a row's short name ("其他处理")
            labels.append((g, GROUP))
        return cls(exact, tuple(labels), groups[::-1])

    @lru_cache(maxsize=16384)  # noqa: B019
    def core(self, key: str) -> str:
        """The key without ordinals and without a leading group label."""
        k = strip_ordinals(key)
        for g in self.groups:
            if k.startswith(g) and len(k) > len(g):
                return strip_ordinals(k[len(g) :])
        return k

    @lru_cache(maxsize=16384)  # noqa: B019 - matchers live as long as their layout
    def could_be(self, key: str, rid: str) -> bool:
        """Whether a label field may name ``rid``: its wording, or the start of it (≥ 4 chars)."""
        k = self.core(key)
        if not k or self.exact.get(k, rid) != rid:
            return False
        for full, target in self.labels:
            if target == rid and (
                k == full or (len(k) >= 4 and full.startswith(k)) or (k.startswith(full) and k[len(full)] in _SUFFIX_OPEN)
            ):
                return True
        return False

    @lru_cache(maxsize=1024)  # noqa: B019
    def bare_labels(self, rid: str) -> tuple[str, ...]:
        """The wordings of row ``rid`` without punctuation, for joining label pieces below a label."""
        return tuple(_bare(full) for full, target in self.labels if target == rid)

    @lru_cache(maxsize=16384)  # noqa: B019
    def classify(self, key: str) -> tuple[str | None, bool]:
        """(row id, GROUP or None; strong) — strong matches are long enough to stop a search."""
        k = self.core(key)
        if not k:
            return None, False
        hit = self.exact.get(k)
        if hit:
            return hit, len(k) >= 4
        best, score = None, 0
        for full, target in self.labels:
            if len(k) >= 4 and full.startswith(k) and len(k) > score:
                best, score = target, len(k)
            elif k.startswith(full) and k[len(full)] in _SUFFIX_OPEN and len(full) > score:
                best, score = target, len(full)
        return best, score >= 4


@dataclass(frozen=True, slots=True)
class GridRead:
    """What reading a grid table found: its cells, the rows not found, the lines it used."""

    cells: dict[tuple[str, str], Cell]
    missing: tuple[tuple[str, Location], ...]
    lines: frozenset[int]


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


def _cell(table: str, row: str, col: str, f: Field) -> Cell:
    """A 200-a-report object: built through ``fastinit`` rather than the frozen ``__init__``."""
    text, norm, line, col_, end = f
    state, value = cell_state(norm)
    return _new_cell(table, row, col, text, value, state, _location(line, col_, line, end))


def _pick(after: Sequence[Field], n: int) -> list[Field]:
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


def read_grid(table: TableLayout, matcher: Matcher, region: Region) -> GridRead:
    """Walk the expected rows in order; each found row yields its cells, others are missing."""
    lines = region.rows
    order, index = _row_order(ById(table))
    cells: dict[tuple[str, str], Cell] = {}
    missing: list[str] = []
    used: set[int] = set()
    tid = table.id
    pos = (0, 0)
    for i, (rid, cols) in enumerate(order):
        found = _find_label(lines, pos, rid, i, index, matcher)
        if found is None:
            missing.append(rid)
            continue
        label = lines[found[0]][found[1]]
        picked, pos = _take(region, found, len(cols), matcher, rid)
        used.add(label.line)
        for col, (text, norm, line, start, end) in zip(cols, picked, strict=False):  # ``_cell``, inlined
            state, value = cell_state(norm)
            cells[(rid, col)] = _new_cell(tid, rid, col, text, value, state, _location(line, start, line, end))
        used.update([f[2] for f in picked[: len(cols)]])  # their lines
    places = _missing_places(missing, order, cells, region.first) if missing else ()
    return GridRead(cells, places, frozenset(used))


@lru_cache(maxsize=32)
def _row_order(key: ById) -> tuple[tuple[tuple[str, tuple[str, ...]], ...], dict[str, int]]:
    """``row_cols`` and each row's place in it, once per table layout (read-only after)."""
    order = row_cols(key.obj)  # type: ignore[arg-type]
    return order, {rid: i for i, (rid, _) in enumerate(order)}


def _find_label(
    lines: Lines, pos: tuple[int, int], rid: str, i: int, index: dict[str, int], matcher: Matcher
) -> tuple[int, int] | None:
    """The next label field naming row ``rid``; None when a later row's label comes first."""
    for li in range(pos[0], len(lines)):
        fields = lines[li]
        for fi in range(pos[1] if li == pos[0] else 0, len(fields)):
            text, norm = fields[fi][:2]  # the hottest loop: no Field properties, memoised helpers only
            if not text or is_value_text(norm):
                continue
            key = key_of(norm)
            if matcher.could_be(key, rid):
                return li, fi
            target, strong = matcher.classify(key)
            if strong and target not in (None, GROUP) and index[target] > i:
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


def _take(
    region: Region, at: tuple[int, int], n: int, matcher: Matcher, rid: str
) -> tuple[list[Field], tuple[int, int]]:
    """The row's cells: on the label's line when it has any, else on the lines that follow."""
    li, fi = at
    after = region.rows[li][fi + 1 :]
    if any(f.text for f in after):
        return _pick(after, n), (li + 1, 0)
    return _take_below(region, li, n, matcher, rid)


def _take_below(
    region: Region, li: int, n: int, matcher: Matcher, rid: str
) -> tuple[list[Field], tuple[int, int]]:
    """One cell per line (web or Word copies); empty lines may be blank cells."""
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
            if not seq and all(is_value(f) or not f.text for f in fields):
                return _pick(fields, n), (j + 1, 0)
            break
        if not fields:
            seq.append(_blank(region.first + j))
            j += 1
            continue
        f = fields[0]
        if not is_value_text(f[1]):
            key = key_of(f[1])
            if matcher.classify(key)[0] is not None:
                break
            grown = acc + key
            if not any(s.text for s in seq) and any(b.startswith(_bare(grown)) for b in bares):
                acc = grown
                j += 1
                continue
        seq.append(f)
        j += 1
        filled += bool(f.text)
        if filled == n:
            break
    return _choose(seq, n), (j, 0)


def _blank(line: int) -> Field:
    """An empty field standing for a blank cell on ``line``: ``Field("", "", line, 1, 1)`` without its ``__new__``."""
    return _new_field(Field, ("", "", line, 1, 1))


def _bare(key: str) -> str:
    """A label key without punctuation, for joining pieces split at a comma."""
    return key.translate(_PUNCT)


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


def read_blocks(table: TableLayout, region: Region) -> GridRead:
    """Table 四: after its header, one data row of 15 cells (3 blocks × 5 columns)."""
    ids, heads, anchors = _block_keys(ById(table))
    lines = region.rows
    start = next((j for j, fs in enumerate(lines) if any(f.key in anchors for f in fs if f.text)), None)
    if start is None:
        return GridRead({}, (), frozenset())
    fields = _data_row(region, start + 1, heads)
    if not fields:
        return GridRead({}, (), frozenset())
    picked = _pick(fields, len(ids))
    if len(picked) < len(ids):
        pad = Field("", "", picked[0].line, 1, 1)
        picked = [pad] * (len(ids) - len(picked)) + picked
    cells = {(r, c): _cell(table.id, r, c, f) for (r, c), f in zip(ids, picked, strict=True)}
    used = {f.line for f in picked} | {region.first + start}
    return GridRead(cells, (), frozenset(used))


@lru_cache(maxsize=32)
def _block_keys(key: ById) -> tuple[tuple[tuple[str, str], ...], frozenset[str], frozenset[str]]:
    """(cell ids, header keys, anchor keys) of a blocks table, once per layout: label keys are slow to build."""
    table: TableLayout = key.obj  # type: ignore[assignment]
    ids = tuple((r.id, c.id) for r in table.rows for c in table.cols)
    heads = _header_keys(table)
    return ids, heads, frozenset(label_key(a) for a in table.anchors) or heads


def _header_keys(table: TableLayout) -> frozenset[str]:
    keys = {k for lab in (*table.rows, *table.cols) for k in lab.match_keys()}
    return frozenset(keys | {"行政诉讼"})


def _data_row(region: Region, start: int, heads: frozenset[str]) -> list[Field]:
    """The first line that is mostly values; else a run of one-value lines (web copies)."""
    lines = region.rows
    for j in range(start, len(lines)):
        fs = lines[j]
        values = sum(1 for f in fs if is_value(f))
        filled = sum(1 for f in fs if f.text)
        if len(fs) > 1 and values and values * 2 > filled:
            return list(fs)
    return _value_run(region, start, heads)


def _value_run(region: Region, start: int, heads: frozenset[str]) -> list[Field]:
    lines = region.rows
    first = next((j for j in range(start, len(lines)) if len(lines[j]) == 1 and is_value(lines[j][0])), None)
    if first is None:
        return []
    begin = first
    while begin > start and not lines[begin - 1]:
        begin -= 1
    seq: list[Field] = []
    for j in range(begin, len(lines)):
        fs = lines[j]
        if len(fs) > 1 or (fs and fs[0].key in heads):
            break
        seq.append(fs[0] if fs else _blank(region.first + j))
    values = [f for f in seq if f.text]
    if len(values) >= 15:
        return values[:15]
    while seq and not seq[-1].text:
        seq.pop()
    return seq[-15:]


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
