"""Text tests of the rule language: linear-time regexes (RE2) located in the report, in linear time.

Every user-written regex runs on Google RE2 (``re2``), which has no backtracking and so
cannot hang a check, whatever the pattern. Text is folded 1:1 (``normalize.fold``) before
matching, so "３件" matches ``\\d`` and every match keeps its line and column.

Each searched text gets one index, built once (``_Indexed``): the folded text, its UTF-8
bytes (what RE2 matches), the offsets of its line ends and of its sentence ends. A match's
line and sentence are then found by bisection, so a search is linear in the length of the
text plus the number of matches, never quadratic. A match computes its sentence, groups and
number only when a rule reads them, so a search with very many matches stays small.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cached_property, lru_cache

import re2

from checker.language.regex import compile_regex
from checker.model import Location
from checker.normalize import chinese_number, fold

_TERMINATORS = re.compile("[。；;！!？?\n]")
_NEWLINE = re.compile("\n")
# The first number of a match: a fixed pattern of ours, not a rule's, so Python's ``re`` (no RE2
# call overhead) with ASCII digits, which is what RE2's ``\d`` means.
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")
SENTENCE_MAX = 300  # characters a match's sentence reaches on each side of it, at most
_INDEX_FROM = 64  # shorter texts are folded on each use rather than indexed


@dataclass(frozen=True, slots=True)
class Pattern:
    """A ``/regex/`` of a rule file, as a value."""

    source: str


class _Indexed:
    """One searched text and what every search of it needs, each part built on first use."""

    def __init__(self, text: str) -> None:
        self.text = text

    @cached_property
    def norm(self) -> str:
        return fold(self.text)

    @cached_property
    def utf8(self) -> bytes:
        return self.norm.encode("utf-8")

    @cached_property
    def newlines(self) -> list[int]:
        return [m.start() for m in _NEWLINE.finditer(self.text)]

    @cached_property
    def ends(self) -> list[int]:
        """Offsets of the sentence ends (。；！？ and their ASCII forms, and line ends)."""
        return [m.start() for m in _TERMINATORS.finditer(self.text)]

    def position(self, offset: int, line: int, column: int) -> tuple[int, int]:
        """Line and column of ``offset`` when the text's first character stands at (line, column)."""
        k = bisect_left(self.newlines, offset)
        if k == 0:
            return line, column + offset
        return line + k, offset - self.newlines[k - 1]

    def sentence(self, start: int, end: int) -> str:
        """The text between the sentence ends around [start, end), at most ``SENTENCE_MAX`` beyond it."""
        ends = self.ends
        k = bisect_left(ends, start)
        left = ends[k - 1] + 1 if k else 0
        j = bisect_left(ends, end)
        right = ends[j] + 1 if j < len(ends) else len(self.text)
        return self.text[max(left, start - SENTENCE_MAX):min(right, end + SENTENCE_MAX)].strip()


@lru_cache(maxsize=64)
def _indexed_long(text: str) -> _Indexed:
    return _Indexed(text)


def indexed(text: str) -> _Indexed:
    """The index of ``text``, kept for the long texts (the report, its sections) that many rules search."""
    return _indexed_long(text) if len(text) > _INDEX_FROM else _Indexed(text)


class Match:
    """One match of ``search(/…/, scope)``: ``.text .groups .number .sentence .loc``, read lazily."""

    __slots__ = ("_at", "_spans", "_src")
    FIELDS = ("text", "groups", "number", "sentence")

    def __init__(self, src: _Indexed, spans: list[tuple[int, int]], at: tuple[int, int] | None) -> None:
        self._src, self._spans, self._at = src, spans, at

    @property
    def text(self) -> str:
        start, end = self._spans[0]
        return self._src.text[start:end]

    @property
    def groups(self) -> tuple[str | None, ...]:
        return tuple(None if a == -1 else self._src.text[a:b] for a, b in self._spans[1:])

    @property
    def number(self) -> Decimal | None:
        """The first group that reads as a number; with no groups, the first number in the match."""
        norm, groups = self._src.norm, self._spans[1:]
        for a, b in groups:
            if a != -1 and (n := _number(norm[a:b])) is not None:
                return n
        if groups:
            return None
        start, end = self._spans[0]
        return _number(norm[start:end])

    @property
    def sentence(self) -> str:
        return self._src.sentence(*self._spans[0])

    @property
    def loc(self) -> Location | None:
        if self._at is None:
            return None
        start, end = self._spans[0]
        return Location(*self._src.position(start, *self._at), *self._src.position(end, *self._at))

    def __repr__(self) -> str:
        return f"Match({self.text!r})"


def _compiled(pattern: str):
    """The compiled pattern, or None for one RE2 rejects (a string used as a pattern at run time)."""
    try:
        return compile_regex(pattern)
    except re2.error:
        return None


@lru_cache(maxsize=4096)
def matches(text: str, pattern: str) -> bool | None:
    """Whether the pattern occurs in the folded text (None: a pattern RE2 rejects); a pure function of
    its two strings, remembered, as the same short texts (claim subjects) meet the same patterns."""
    compiled = _compiled(pattern)
    return None if compiled is None else compiled.search(indexed(text).utf8) is not None


def contains(text: str, needle: str) -> bool:
    return fold(needle) in indexed(text).norm


def _number(text: str) -> Decimal | None:
    """The first number written in digits, else the value of ``text`` as a Chinese numeral ("十八")."""
    found = _NUMBER.search(text.replace(",", ""))
    if not found:
        value = chinese_number(text.strip())
        return None if value is None else Decimal(value)
    try:
        return Decimal(found.group(0))
    except InvalidOperation:
        return None


def search(pattern: str, text: str, line: int | None, column: int = 1,
           limit: int | None = None) -> tuple[Match, ...] | None:
    """The non-empty matches in ``text``, at most ``limit + 1`` of them (None: a pattern RE2 rejects).

    ``line``/``column`` place the text's first character in the report (None: unplaced). The
    caller that gives a ``limit`` (its evaluation budget) stops when it gets more than that.
    """
    compiled = _compiled(pattern)
    if compiled is None:
        return None
    src = indexed(text)
    at = None if line is None else (line, column)
    most = None if limit is None else limit + 1
    spans = _char_spans(compiled, src, most)
    if spans is None:  # an empty match: let ``re2`` step past it by a character, as it does on str
        spans = _str_spans(compiled, src, most)
    return tuple(Match(src, s, at) for s in spans)


def _str_spans(compiled, src: _Indexed, most: int | None) -> list[list[tuple[int, int]]]:
    out = []
    for m in compiled.finditer(src.norm):
        if m.start() != m.end():
            out.append([m.span(i) for i in range(compiled.groups + 1)])
            if most is not None and len(out) >= most:
                break
    return out


def _char_spans(compiled, src: _Indexed, most: int | None) -> list[list[tuple[int, int]]] | None:
    """The spans (the match, then each group; (-1, -1) for a group not taken) of the matches, in
    characters, found on the UTF-8 bytes; None if a match is empty.

    The ``re2`` module would encode the whole text again on every search. Non-empty matches
    of a UTF-8 pattern start and end on character boundaries, so the byte offsets convert
    exactly, each stretch of bytes decoded once (matches come in order, and every group lies
    inside its match); after an empty match ``re2`` steps one character on str but one byte on
    bytes, so that case is left to the str interface.
    """
    data = src.utf8
    out = []
    last_b = last_c = 0
    for m in compiled.finditer(data):
        if m.start() == m.end():
            return None
        spans = [m.span(i) for i in range(compiled.groups + 1)]
        chars = {-1: -1}
        at_b, at_c = last_b, last_c
        for b in sorted({o for span in spans for o in span if o != -1}):
            at_c += len(data[at_b:b].decode("utf-8"))
            chars[b] = at_c
            at_b = b
        last_b, last_c = m.end(), chars[m.end()]
        out.append([(chars[a], chars[b]) for a, b in spans])
        if most is not None and len(out) >= most:
            break
    return out
