"""Lines → fields (the cells of a physical table row), and what a cell's text holds.

Tables come as tab-separated PDF text, markdown pipes, runs of spaces or one cell
per line; splitting each line into fields with their columns lets the table reader
treat all four alike. Columns are taken from the folded line, which maps characters
1:1, so they are the columns of the raw line too.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import NamedTuple

from checker.model import CellState, Location
from checker.normalize import label_key

PLACEHOLDERS = frozenset({"/", "-", "—", "——", "–", "―", "\\", "无", "不适用", "…", "……", "--", "---", "×"})
_NUMBER = re.compile(r"^[+\-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_SPACE_RUN = re.compile(r"[ \u3000]{2,}")
_GAP = re.compile("(  +)")  # between the fields of a space-aligned line (fold made every odd space " ")
_MD_RULE = re.compile(r"^:?-{2,}:?$")


class ById:
    """A cache key that hashes an object by identity: layouts are deep frozen trees, slow to hash."""

    __slots__ = ("obj",)

    def __init__(self, obj: object) -> None:
        self.obj = obj

    def __hash__(self) -> int:
        return id(self.obj)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ById) and other.obj is self.obj


class Field(NamedTuple):
    """One field of a line: its raw text (stripped) and where it stands (columns 1-based).

    A NamedTuple rather than a dataclass: a report has hundreds of fields and tuples are
    cheap to build.
    """

    text: str  # raw, stripped
    norm: str  # folded, stripped
    line: int
    col: int
    end: int

    @property
    def loc(self) -> Location:
        return Location(self.line, self.col, self.line, self.end)

    @property
    def key(self) -> str:
        return key_of(self.norm)


_new = tuple.__new__


@lru_cache(maxsize=16384)
def key_of(norm: str) -> str:
    """``label_key``, memoised: the same labels recur in every report."""
    return label_key(norm)


def split_line(lineno: int, raw: str, norm: str) -> tuple[Field, ...]:
    """The fields of one line: pipes, tabs, runs of 2+ spaces, else the whole line."""
    stripped = norm.strip()
    if not stripped:
        return ()
    if stripped is norm and "\t" not in norm and "  " not in norm and norm[0] != "|":
        return (_new(Field, (raw, norm, lineno, 1, len(norm) + 1)),)  # one cell per line: the common fast case
    if stripped.startswith("|"):
        return _pipe_fields(lineno, raw, norm)
    if "\t" in norm:
        return _split_tabs(lineno, raw, norm)
    if "  " in stripped:
        if norm.isprintable():  # no whitespace but " ": the fields are the runs of words
            return _split_spaces(lineno, raw, norm)
        start = len(norm) - len(norm.lstrip())
        seps = [(m.start(), m.end()) for m in _SPACE_RUN.finditer(norm, start, len(norm.rstrip()))]
        return _split_at(lineno, raw, norm, seps, start, len(norm.rstrip()))
    return (_field(lineno, raw, norm, 0, len(norm)),)


def _split_spaces(lineno: int, raw: str, norm: str) -> tuple[Field, ...]:
    """Space-aligned fields of a line whose only whitespace is " " (``isprintable``).

    With no other whitespace the text between two runs of 2+ spaces needs no stripping: one
    ``re.split`` keeping the runs gives fields and gaps alternately, and their lengths the columns.
    """
    pos = len(norm) - len(norm.lstrip()) + 1
    parts = iter(_GAP.split(norm.strip()))  # field, gap, field, …, field
    fields = []
    append = fields.append
    same = raw == norm
    for part in parts:
        end = pos + len(part)
        append(_new(Field, (part if same else raw[pos - 1 : end - 1], part, lineno, pos, end)))
        pos = end + len(next(parts, ""))
    return tuple(fields)


def _split_tabs(lineno: int, raw: str, norm: str) -> tuple[Field, ...]:
    """The hot path (PDF text): split on tabs, keeping each field's columns.

    Builds the tuples with ``tuple.__new__`` directly: a report has hundreds of fields.
    """
    if "\t " not in norm and " \t" not in norm and norm[0] != " " and norm[-1] != " ":
        return _split_clean_tabs(lineno, raw, norm)
    fields = []
    pos = 0
    same = raw == norm
    for part in norm.split("\t"):
        n = len(part)
        if not n:
            fields.append(_new(Field, ("", "", lineno, pos + 1, pos + 1)))
        elif part[0] != " " and part[-1] != " ":
            fields.append(_new(Field, (part if same else raw[pos : pos + n], part, lineno, pos + 1, pos + n + 1)))
        else:
            body = part.strip()
            s = pos + n - len(part.lstrip()) if body else pos
            text = raw[s : s + len(body)] if body else ""
            fields.append(_new(Field, (text, body, lineno, s + 1, s + len(body) + 1)))
        pos += n + 1
    return tuple(fields)


def _split_clean_tabs(lineno: int, raw: str, norm: str) -> tuple[Field, ...]:
    """``_split_tabs`` when no field has a space at either end (PDF text, nearly always): no stripping."""
    fields = []
    append = fields.append
    same = raw == norm
    pos = 1
    for part in norm.split("\t"):
        end = pos + len(part)
        append(_new(Field, (part if same else raw[pos - 1 : end - 1], part, lineno, pos, end)))
        pos = end + 1
    return tuple(fields)


def _split_at(
    lineno: int, raw: str, norm: str, seps: list[tuple[int, int]], start: int = 0, stop: int | None = None
) -> tuple[Field, ...]:
    stop = len(norm) if stop is None else stop
    bounds = [start, *[x for sep in seps for x in sep], stop]  # field i is bounds[2i] … bounds[2i + 1]
    fields = []
    append = fields.append
    for a, b in zip(bounds[::2], bounds[1::2], strict=True):
        seg = norm[a:b]
        body = seg.strip()  # ``_field``, inlined: space-aligned tables have hundreds of cells
        if body:
            s = a + seg.find(body)  # seg is spaces, body, spaces
            append(_new(Field, (raw[s : s + len(body)], body, lineno, s + 1, s + len(body) + 1)))
        else:
            append(_new(Field, ("", "", lineno, a + 1, a + 1)))
    return tuple(fields)


def _pipe_fields(lineno: int, raw: str, norm: str) -> tuple[Field, ...]:
    """The fields between bars; text after the last bar is a field only when the row is not closed."""
    parts = norm.split("|")  # parts[0] stands before the first bar
    closed = len(parts) > 2 and norm.rstrip().endswith("|")
    fields = []
    append = fields.append
    pos = len(parts[0]) + 1
    for seg in parts[1:-1] if closed else parts[1:]:
        body = seg.strip()  # ``_field_of``, inlined: markdown tables have hundreds of cells
        if body:
            s = pos + seg.find(body)  # seg is spaces, body, spaces
            append(_new(Field, (raw[s : s + len(body)], body, lineno, s + 1, s + len(body) + 1)))
        else:
            append(_new(Field, ("", "", lineno, pos + 1, pos + 1)))
        pos += len(seg) + 1
    if fields and "-" in norm and all(_MD_RULE.match(f.norm.replace(" ", "")) for f in fields):
        return ()
    return tuple(fields)


def _field(lineno: int, raw: str, norm: str, a: int, b: int) -> Field:
    return _field_of(lineno, raw, norm[a:b], a)


def _field_of(lineno: int, raw: str, seg: str, a: int) -> Field:
    """The field of ``seg``, the folded text found at column ``a`` (0-based) of the line."""
    body = seg.strip()
    if not body:
        return _new(Field, ("", "", lineno, a + 1, a + 1))
    s = a + len(seg) - len(seg.lstrip())
    return _new(Field, (raw[s : s + len(body)], body, lineno, s + 1, s + len(body) + 1))


@lru_cache(maxsize=16384)
def cell_state(norm: str) -> tuple[CellState, Decimal | None]:
    """What a cell's (folded) text holds: a number, nothing, a placeholder or other text."""
    text = norm.strip().replace(" ", "")
    if not text:
        return CellState.BLANK, None
    if _NUMBER.match(text):
        try:
            return CellState.NUMBER, Decimal(text.replace(",", "").replace("−", "-"))
        except InvalidOperation:
            return CellState.TEXT, None
    if text in PLACEHOLDERS:
        return CellState.PLACEHOLDER, None
    return CellState.TEXT, None


def is_value(field: Field) -> bool:
    """A number or a placeholder: something that is a cell and cannot be a label."""
    return is_value_text(field.norm)


@lru_cache(maxsize=16384)
def is_value_text(norm: str) -> bool:
    """``is_value`` of a field's folded text, memoised: one C-level call in the table reader's loops."""
    return cell_state(norm)[0] in (CellState.NUMBER, CellState.PLACEHOLDER)
