"""A stretch of the report as one string that still knows where each character stands.

Flattened web text puts a whole section — prose, table labels and glued digits — on one
line, and a section may also start in the middle of a line. Readers that find things
*inside* running text work on a ``Run``: the folded text of a span of lines joined by
"\\n", with the line and column of every offset, so what they find is located in the file.

``Run.keyed`` is the same text without whitespace and with punctuation variants made one
("，" "," "、" are one comma), for finding labels whatever spaces or commas a crawler or a
PDF converter put inside them; ``Run.find`` maps what it finds back to offsets of ``text``.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from checker.model import Location
from checker.normalize import label_key

# One form for punctuation that varies between copies of the same label (1:1 characters).
_CANON = str.maketrans({"，": "、", ",": "、", "；": "、", ";": "、", "：": ":", "“": '"', "”": '"', "．": ".",
                        "（": "(", "）": ")", "【": "(", "】": ")", "〔": "(", "〕": ")"})


def canon(text: str) -> str:
    """``text`` with its punctuation variants made one, character for character."""
    return text.translate(_CANON)


@lru_cache(maxsize=4096)
def canon_key(text: str) -> str:
    """The key a label is searched by in ``Run.keyed``: no spaces, no markdown bold, one punctuation."""
    return canon(label_key(text))


@dataclass(frozen=True, slots=True)
class Span:
    """From (line, column) to (end line, end column), 1-based, end exclusive."""

    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(frozen=True, eq=False)
class Run:
    """The folded text of a span of lines, and the raw text beside it (the same length)."""

    text: str
    raw: str
    span: Span
    starts: tuple[int, ...]  # the offset in ``text`` where each line of the span begins
    keyed: str = field(init=False)
    index: tuple[int, ...] = field(init=False)  # keyed[i] stands at text[index[i]]

    def __post_init__(self) -> None:
        chars, index = [], []
        for i, ch in enumerate(canon(self.text)):
            if not ch.isspace() and ch != "*":
                chars.append(ch)
                index.append(i)
        object.__setattr__(self, "keyed", "".join(chars))
        object.__setattr__(self, "index", tuple(index))

    def place(self, offset: int) -> tuple[int, int]:
        """(line, column) of ``text[offset]``."""
        i = max(bisect_right(self.starts, offset) - 1, 0)
        column = offset - self.starts[i] + 1 + (self.span.column - 1 if i == 0 else 0)
        return self.span.line + i, column

    def loc(self, start: int, end: int) -> Location:
        """The location of ``text[start:end]``."""
        line, column = self.place(start)
        end_line, end_column = self.place(max(end - 1, start))
        return Location(line, column, end_line, end_column + (1 if end > start else 0))

    def keyed_at(self, offset: int) -> int:
        """The index in ``keyed`` of the first keyed character at or after text offset ``offset``."""
        return bisect_right(self.index, offset - 1)

    def find(self, key: str, start: int = 0, stop: int | None = None) -> tuple[int, int] | None:
        """The first occurrence of ``key`` (a ``canon_key``) at or after text offset ``start``, as text offsets."""
        if not key:
            return None
        k0 = bisect_right(self.index, start - 1)
        k1 = len(self.keyed) if stop is None else bisect_right(self.index, stop - 1)
        at = self.keyed.find(key, k0, k1)
        if at < 0:
            return None
        return self.index[at], self.index[at + len(key) - 1] + 1


def run_of(norm: tuple[str, ...], raw: tuple[str, ...], span: Span) -> Run:
    """The run of ``span`` over the report's folded and raw lines."""
    texts, raws, starts, pos = [], [], [], 0
    for line in range(span.line, span.end_line + 1):
        a = span.column - 1 if line == span.line else 0
        b = span.end_column - 1 if line == span.end_line else len(norm[line - 1])
        starts.append(pos)
        texts.append(norm[line - 1][a:b])
        raws.append(raw[line - 1][a:b])
        pos += len(texts[-1]) + 1
    return Run("\n".join(texts), "\n".join(raws), span, tuple(starts))
