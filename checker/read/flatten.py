"""Tables inside running text: a web page flattened to one paragraph, or rows with glued digits.

"…申请人情况 自然人 … 一、本年新收政府信息公开申请数量 713000074二、上年结转…": no line or
field marks a row, so rows are found by their labels inside the run, in the format's order,
and each row's cells are the numbers between its label and the next row's (the next label's
ordinal, "2." in "00000002.其他法律…", belongs to that label). Numbers separated by spaces are
cells as printed; digits glued together are split by ``read.inferred``, which says what it
inferred. 表四's cells follow its header words, in one run or block by block.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from checker.model import Cell, CellState, Location, Problem
from checker.normalize import label_key
from checker.read.fields import ById, cell_state
from checker.read.glued import Group
from checker.read.inferred import Glued, resolve, short_row
from checker.read.layouts import TableLayout
from checker.read.runs import Run, canon, canon_key
from checker.read.sections import strip_ordinals
from checker.read.tables import GridRead, row_cols

_VALUE = r"(?:[-−]?[0-9][0-9.,]*|[/\\\-—–―×…]+|无(?![\u4e00-\u9fff])|不适用)"
_VALUES = re.compile(_VALUE + r"(?:\s*" + _VALUE + r")*")
_TOKEN = re.compile(_VALUE)
_DIGITS = re.compile(r"[0-9]+")
_SIGNED_TOKEN = re.compile(r"[-−]?[0-9][0-9.]*")
_NUMERIC = re.compile(r"\d+\.$")
_UNITS = frozenset("件条个次元篇期场名项人%％")
MIN_ROWS = 3  # rows a flattened table must show, so that a label in prose is never a table
Key = tuple[str, str]


@dataclass(frozen=True, slots=True)
class _Row:
    """How a row of the format is found in running text."""

    rid: str
    cols: tuple[str, ...]
    keys: tuple[str, ...]  # its wordings without ordinal, longest first
    prefixes: tuple[str, ...]  # the starts of long wordings (and a short name they start with), tried when no
    # whole wording is found
    ordinals: tuple[str, ...]  # "2." "2、" or "(一)" …
    label: str  # the official label, for messages


@lru_cache(maxsize=32)
def _rows(key: ById) -> tuple[_Row, ...]:
    table: TableLayout = key.obj  # type: ignore[assignment]
    out = []
    for rid, cols in row_cols(table):
        row = table.row(rid)
        full = canon_key(row.label)
        core = canon(strip_ordinals(label_key(row.label)))
        ordinal = full[: len(full) - len(core)] if full.endswith(core) else ""
        ordinals = (ordinal, ordinal[:-1] + "、") if _NUMERIC.match(ordinal) else ((ordinal,) if ordinal else ())
        keys = sorted({core, *(canon(strip_ordinals(label_key(a))) for a in row.aliases)} - {""}, key=len, reverse=True)
        short = canon(label_key(row.short))
        starts = [short] if len(short) >= 4 and core.startswith(short) and short != core else []  # "部分公开"
        prefixes = tuple(dict.fromkeys([*(k[:8] for k in keys if len(k) >= 12), *starts]))
        out.append(_Row(rid, cols, tuple(keys), prefixes, ordinals, row.label))
    return tuple(out)


def read_flat(table: TableLayout, run: Run, number: str) -> GridRead:
    """The table's cells found inside ``run`` (a section body), the rows not found, what was used."""
    if table.kind == "blocks":
        return _read_blocks(table, run, number)
    rows = _rows(ById(table))
    pos = _start(table, run)
    if pos is None:
        return GridRead({}, (), frozenset())
    found: list[tuple[_Row, int, int]] = []
    missing: list[tuple[str, Location]] = []
    for i, row in enumerate(rows):
        at = _row_at(run, row, rows[i + 1] if i + 1 < len(rows) else None, pos)
        if at is None:
            missing.append((row.rid, run.loc(pos, pos)))
            continue
        found.append((row, *at))
        pos = at[1]
    if len(found) < min(MIN_ROWS, len(rows)):
        return GridRead({}, (), frozenset())  # a label or two in prose ("行政处罚信息58条") is not a table
    cells: dict[Key, Cell] = {}
    glued: list[Glued] = []
    short: list[Problem] = []
    spans: list[tuple[int, int]] = []
    for i, (row, start, end) in enumerate(found):
        stop = found[i + 1][1] if i + 1 < len(found) else len(run.text)
        values = _values(run, end, stop)
        spans.append((start, values[-1][1] if values else end))
        _row_cells(table, row, run, values, end, cells, glued, short, number)
    outcome = resolve(table, glued, cells, number)
    cells.update(outcome.cells)
    return _grid(cells, missing, run, spans, short + outcome.problems)


def _start(table: TableLayout, run: Run) -> int | None:
    """Where the table starts: at its first sub-table caption (表二: None without one), else at the run's start."""
    for st in table.subtables:
        at = run.find(canon_key(st.caption))
        if at is not None:
            return at[0]
    return None if table.subtables else 0


def _row_at(run: Run, row: _Row, nxt: _Row | None, pos: int) -> tuple[int, int] | None:
    """(start, end) of ``row``'s label where it heads a row: values right after it, or the next row's label."""
    for _ in range(64):
        at = _locate(run, row, pos)
        if at is None:
            return None
        start, end, prefix = at
        begin = _row_begins(run, end, nxt, prefix)
        if begin is not None:
            return start, begin
        pos = end
    return None


def _row_begins(run: Run, end: int, nxt: _Row | None, prefix: bool) -> int | None:
    """Where the row's values begin after its label, or None when the label stands in prose."""
    text = run.text
    j = end
    while j < len(text) and text[j].isspace():
        j += 1
    if prefix:  # only the start of a long label matched: its rest (no digits) comes first
        m = _VALUES.search(text, j, j + 60)
        j = m.start() if m and not _DIGITS.search(text, j, m.start()) else j
    m = _VALUES.match(text, j)
    if m and m.end() < len(text) and text[m.end()] in _UNITS:
        return None  # "58条": a number in a sentence
    if m:
        return j
    if nxt is not None:
        following = _locate(run, nxt, end)
        if following is not None and following[0] == j:
            return j  # a row with no values at all, right before the next row
    return None


def _locate(run: Run, row: _Row, pos: int) -> tuple[int, int, bool] | None:
    """(start with its ordinal, end, only a prefix) of the first wording of ``row`` at or after ``pos``."""
    for prefix, keys in ((False, row.keys), (True, row.prefixes)):
        best = None
        for key in keys:
            k = run.keyed.find(key, run.keyed_at(pos))
            while k >= 0:
                ordinal = next((o for o in row.ordinals if run.keyed.startswith(o, k - len(o))), None)
                if ordinal is not None or len(key) > 3 or not row.ordinals:
                    break
                k = run.keyed.find(key, k + 1)  # a short wording ("其他", "总计") only with its ordinal
            if k >= 0 and (best is None or k < best[0]):
                first = k - len(ordinal) if ordinal and k >= len(ordinal) else k
                best = (k, run.index[first], run.index[k + len(key) - 1] + 1)
        if best is not None:
            return best[1], best[2], prefix
    return None


def _values(run: Run, end: int, stop: int) -> list[tuple[str, int, int]]:
    """The numbers (or placeholders) after a row's label, before the next row's label: (text, start, end)."""
    m = _VALUES.search(run.text, end, stop)
    if m is None:
        return []
    return [(t.group(), t.start(), t.end()) for t in _TOKEN.finditer(run.text, m.start(), m.end())]


def _row_cells(
    table: TableLayout, row: _Row, run: Run, values: list[tuple[str, int, int]], end: int,
    cells: dict[Key, Cell], glued: list[Glued], problems: list[Problem], number: str,
) -> None:
    """The row's cells as printed, or its glued digits for ``inferred`` to split, or why it cannot be read."""
    n = len(row.cols)
    keys = tuple((row.rid, c) for c in row.cols)
    if not values:
        loc = run.loc(end, end)
        cells.update({k: Cell(table.id, *k, "", None, CellState.BLANK, loc) for k in keys})
        return
    if len(values) >= n:
        for k, (text, a, b) in zip(keys, values, strict=False):
            state, value = cell_state(text)
            cells[k] = Cell(table.id, *k, run.raw[a:b], value, state, run.loc(a, b))
        return
    glued_run = all(a[2] == b[1] for a, b in zip(values, values[1:], strict=False))
    if glued_run and all(_SIGNED_TOKEN.fullmatch(v) for v, _, _ in values) and not all(_DIGITS.fullmatch(v) for v, _, _ in values):
        # Glued with a sign or a point ("6-241"): split by brute force, without any identity.
        joined = [("".join(v for v, _, _ in values), values[0][1], values[-1][2])]
        glued.append(replace(_glued(run, keys, joined, row.label, (Group(n, False),), ""), cuts=(), signed=True))
        return
    if not glued_run or len(values) > 1 or not _DIGITS.fullmatch(values[0][0]):
        # Separate numbers, too few (a blank cell vanished: which?), or glued with a placeholder: not guessed.
        raw, loc = run.raw[values[0][1] : values[-1][2]], run.loc(values[0][1], values[-1][2])
        problems.append(short_row(table, row.rid, row.label, raw, loc, len(values), n, number, glued_run))
        return
    identity = _row_identity(table, row.cols)
    groups = (Group(n, identity is not None),)
    glued.append(_glued(run, keys, values, row.label, groups, identity or ""))


def _row_identity(table: TableLayout, cols: tuple[str, ...]) -> str | None:
    """The rule of the row identity that covers these columns (parts, then total), if the table has one."""
    for i in table.identities:
        if i.kind == "row-sum" and (*i.parts, i.total) == cols:
            return i.rule
    return None


def _glued(
    run: Run, keys: tuple[Key, ...], values: list[tuple[str, int, int]], label: str, groups: tuple[Group, ...],
    rule: str,
) -> Glued:
    digits, cuts, locs = "", [], []
    for text, a, _ in values:
        cuts.append(len(digits))
        digits += text
        locs.extend(run.loc(a + i, a + i + 1) for i in range(len(text)))
    start, stop = values[0][1], values[-1][2]
    return Glued(keys, digits, tuple(cuts[1:]), tuple(locs), label, run.raw[start:stop], run.loc(start, stop),
                 groups, rule)


def _read_blocks(table: TableLayout, run: Run, number: str) -> GridRead:
    """表四: after its header words, the 15 cells (3 blocks × 5), printed in one run or block by block."""
    heads = sorted({canon_key(k) for lab in (*table.rows, *table.cols) for k in lab.match_keys()} | {"行政诉讼"},
                   key=len, reverse=True)
    anchors = [run.find(canon_key(a)) for a in table.anchors]
    first = min((a[0] for a in anchors if a is not None), default=None)
    if first is None:
        return GridRead({}, (), frozenset())
    keys = tuple((r.id, c.id) for r in table.rows for c in table.cols)
    values: list[tuple[str, int, int]] = []
    pos = first
    while len(values) < len(keys):
        pos = _skip_heads(run, pos, heads)
        got = _values(run, pos, len(run.text))
        if not got or got[0][1] != _next_char(run, pos):
            break
        values += got
        pos = got[-1][2]
    if not values:
        return GridRead({}, (), frozenset())
    cells: dict[Key, Cell] = {}
    glued: list[Glued] = []
    short: list[Problem] = []
    width = len(table.cols)
    if len(values) == 1 and _DIGITS.fullmatch(values[0][0]) and len(keys) > 1:
        rule = _row_identity(table, tuple(c.id for c in table.cols)) or ""
        groups = tuple(Group(width, bool(rule)) for _ in table.rows)
        glued.append(_glued(run, keys, values, table.rows[0].label, groups, rule))
    elif len(values) < len(keys) and len(values) % width:  # not whole blocks missing: which cells are blank?
        short.append(short_row(table, table.rows[0].id, table.rows[0].label, run.raw[values[0][1] : values[-1][2]],
                               run.loc(values[0][1], values[-1][2]), len(values), len(keys), number, False))
    else:
        pad = len(keys) - len(values)  # fewer cells than the table has: the missing ones are the leading cells
        loc = run.loc(values[0][1], values[0][1])
        for i, k in enumerate(keys):
            text, a, b = values[i - pad] if i >= pad else ("", values[0][1], values[0][1])
            state, value = cell_state(text)
            cells[k] = Cell(table.id, *k, run.raw[a:b], value, state, run.loc(a, b) if text else loc)
    outcome = resolve(table, glued, cells, number)
    cells.update(outcome.cells)
    return _grid(cells, [], run, [(first, values[-1][2])], short + outcome.problems)


def _skip_heads(run: Run, pos: int, heads: list[str]) -> int:
    """The text offset after the header words (and spaces) that stand at ``pos``."""
    k = run.keyed_at(pos)
    while k < len(run.keyed):
        head = next((h for h in heads if run.keyed.startswith(h, k)), None)
        if head is None:
            break
        k += len(head)
    return run.index[k] if k < len(run.keyed) else len(run.text)


def _next_char(run: Run, pos: int) -> int:
    k = run.keyed_at(pos)
    return run.index[k] if k < len(run.keyed) else len(run.text)


def _grid(
    cells: dict[Key, Cell], missing: list[tuple[str, Location]], run: Run, spans: list[tuple[int, int]],
    problems: list[Problem],
) -> GridRead:
    """The read, with the lines it used whole and the parts of lines it used (the rest stays prose)."""
    whole: set[int] = set()
    parts: list[tuple[int, int, int]] = []
    if spans:
        start, end = min(a for a, _ in spans), max(b for _, b in spans)
        first, last = run.place(start), run.place(max(end - 1, start))
        for line in range(first[0], last[0] + 1):
            a = first[1] if line == first[0] else 1
            b = last[1] + 1 if line == last[0] else None
            parts.append((line, a, b or 10**9))
        whole = {line for line, a, b in parts if a == 1 and b == 10**9}
        parts = [p for p in parts if p[0] not in whole]
    return GridRead(cells, tuple(missing), frozenset(whole), tuple(parts), tuple(problems))
