"""Which format a report was written in: the format markers it shows, and its year.

A marker (``formats/markers.yaml``) counts when a table field or a short line is (or starts
with) it, never when the words merely occur inside prose; in a flattened page, where there
are no fields, when it follows "信息内容" or a "第二十条" caption, as a table header does.
Without markers a report's year decides: before 2019 it predates the formats this tool
checks; a 2019 or 2020 report is in the 2019 format unless its 表三 has the 2021 rows.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from checker.normalize import label_key
from checker.read.fields import Field
from checker.read.layouts import safe_load
from checker.read.sections import strip_ordinals

_MARKERS = Path(__file__).resolve().parent / "formats" / "markers.yaml"
_HEADER_WORDS = ("信息内容", "第二十条")
_NEAR = 80  # characters after a header word where a flattened table's column labels stand
_ONLY_2021 = "逾期未按收费通知要求缴纳费用"
_TOP = re.compile(r"^[一二三四五六七八九十]{1,3}[、.]")  # a 表三 row the 2019 format does not have
Rows = tuple[tuple[Field, ...], ...]


@lru_cache(maxsize=4)
def load_markers(path: Path = _MARKERS) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    """(format, ((marker, key), …)) from the markers file; a heading-only marker's key keeps its "^"."""
    with open(path, encoding="utf-8") as fh:
        data = safe_load(fh)
    return tuple((str(k), tuple((str(m).lstrip("^"), _key(str(m))) for m in v)) for k, v in data.items())


def _key(marker: str) -> str:
    return "^" + label_key(marker[1:]) if marker.startswith("^") else label_key(marker)


def find_markers(norm: tuple[str, ...], rows: Rows) -> list[tuple[str, str]]:
    """(format, marker) for each format marker standing as a table field or a short line."""
    flat = "\n".join(norm).replace(" ", "")
    squeezed = flat.split("\n")  # each line without spaces
    found = []
    for fmt, keys in load_markers():
        for text, key in keys:
            at = flat.find(key.lstrip("^"))
            if at < 0:
                continue
            for i in range(flat.count("\n", 0, at), len(squeezed)):  # from the first line holding it
                if key.lstrip("^") in squeezed[i] and (is_marker_line(rows[i], key) or _in_flat_header(squeezed[i], key)):
                    found.append((fmt, text))
                    break
    return found


def is_marker_line(fields: tuple[Field, ...], key: str) -> bool:
    """Whether a field of the line is (or starts with) the marker; "^…": as a top-level heading "N、…"."""
    heading = key.startswith("^")
    key = key.lstrip("^")
    for f in fields:
        k = strip_ordinals(f.key)
        if k.startswith(key) and len(k) <= len(key) + 12 and (not heading or _TOP.match(f.key)):
            return True
    return False


def _in_flat_header(line: str, key: str) -> bool:
    """In a long line (a flattened page): the marker right after "信息内容" or a "第二十条" caption."""
    if len(line) < 200 or key.startswith("^"):
        return False
    at = line.find(key)
    while at >= 0:
        before = line[max(at - _NEAR, 0) : at]
        if any(w in before for w in _HEADER_WORDS):
            return True
        at = line.find(key, at + 1)
    return False


def format_of(found: list[tuple[str, str]], year: int | None, text: str) -> str:
    """"2021", "2019", "pre-2019" or "unknown": the markers first, else the year."""
    fmts = {f for f, _ in found}
    for fmt in ("2021", "2019", "pre-2019"):
        if fmt in fmts:
            return fmt
    if year is not None and year < 2019:
        return "pre-2019"
    if year in (2019, 2020) and _ONLY_2021 not in text.replace(" ", ""):
        return "2019"
    return "unknown"


def header_lines(rows: Rows, first: int) -> dict[int, str]:
    """Line → format, for each line of ``rows`` (line ``first`` on) holding a column header that is a marker."""
    markers = [(fmt, key) for fmt, keys in load_markers() for _, key in keys]
    out: dict[int, str] = {}
    for j, fields in enumerate(rows):
        for fmt, key in markers:
            if any(key.lstrip("^") in f.norm.replace(" ", "") for f in fields) and is_marker_line(fields, key):
                out[first + j] = fmt
                break
    return out
