"""Read 表四 (three blocks of five cells) from the fields of its section's lines.

Printed, 表四 is one data row of 15 cells under a two- or three-line header; PDF-to-markdown
text breaks it into one small table per block ("### 行政复议" | 结果维持 | … | 总计 | then a
row of 5). Cells are taken by position in the format's order, never by the header's words.
When the data row has fewer than 15 fields the missing ones are the leading cells.
"""

from __future__ import annotations

from functools import lru_cache

from checker.normalize import label_key
from checker.read.fields import ById, Field, is_value
from checker.read.layouts import TableLayout
from checker.read.tables import GridRead, Region, blank_field, cell_of, pick


def read_blocks(table: TableLayout, region: Region) -> GridRead:
    """Table 四: after its header, one data row of 15 cells, else one row of five per block."""
    ids, heads, anchors = _block_keys(ById(table))
    lines = region.rows
    start = next((j for j, fs in enumerate(lines) if any(f.key in anchors for f in fs if f.text)), None)
    if start is None:
        return GridRead({}, (), frozenset())
    fields = _data_row(region, start + 1, heads)
    if not fields:
        return GridRead({}, (), frozenset())
    picked = pick(fields, len(ids))
    if sum(1 for f in picked if f.text) <= len(table.cols):
        blocks = _per_block(table, region, start)
        if blocks is not None:
            return blocks
    if len(picked) < len(ids):
        pad = Field("", "", picked[0].line, 1, 1)
        picked = [pad] * (len(ids) - len(picked)) + picked
    cells = {(r, c): cell_of(table.id, r, c, f) for (r, c), f in zip(ids, picked, strict=True)}
    used = {f.line for f in picked} | {region.first + start}
    return GridRead(cells, (), frozenset(used))


def _per_block(table: TableLayout, region: Region, start: int) -> GridRead | None:
    """Each block's label, then its own row of at most five values (on its line or below); None if not so."""
    lines = region.rows
    cols = tuple(c.id for c in table.cols)
    cells, used, j = {}, {region.first + start}, 0
    for row in table.rows:
        keys = [label_key(k) for k in (row.short, *row.aliases)]
        at = next((i for i in range(j, len(lines)) if any(any(k in f.key for k in keys) for f in lines[i])), None)
        if at is None:
            return None
        data = next((i for i in range(at, len(lines)) if _values_of(lines[i])), None)
        if data is None or len(_values_of(lines[data])) > len(cols):
            return None
        picked = pick([f for f in lines[data] if f.text], len(cols))
        picked = [Field("", "", picked[0].line, 1, 1)] * (len(cols) - len(picked)) + picked
        cells.update({(row.id, c): cell_of(table.id, row.id, c, f) for c, f in zip(cols, picked, strict=True)})
        used |= {region.first + at, picked[-1].line}
        j = data + 1
    return GridRead(cells, (), frozenset(used))


def _values_of(fields: tuple[Field, ...]) -> list[Field]:
    """The values of a line that holds values and nothing else."""
    texts = [f for f in fields if f.text]
    return texts if texts and all(is_value(f) for f in texts) else []


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
        seq.append(fs[0] if fs else blank_field(region.first + j))
    values = [f for f in seq if f.text]
    if len(values) >= 15:
        return values[:15]
    while seq and not seq[-1].text:
        seq.pop()
    return seq[-15:]
