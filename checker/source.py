"""Offsets in a text ↔ 1-based line and character column. The only place that converts."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from checker.model import Location


@dataclass(frozen=True, slots=True)
class LineIndex:
    """Start offsets of each line of a text joined with "\\n"."""

    starts: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> LineIndex:
        starts = [0]
        pos = text.find("\n")
        while pos != -1:
            starts.append(pos + 1)
            pos = text.find("\n", pos + 1)
        return cls(tuple(starts))

    def position(self, offset: int) -> tuple[int, int]:
        """(line, column), both 1-based, of a character offset."""
        i = bisect_right(self.starts, offset) - 1
        return i + 1, offset - self.starts[i] + 1

    def span(self, start: int, end: int) -> Location:
        line, col = self.position(start)
        end_line, end_col = self.position(end)
        return Location(line, col, end_line, end_col)
