"""Text predicates of the rule language: linear-time regexes (RE2) located in the report.

Every user-written regex runs on Google RE2 (``re2``), which has no backtracking and so
cannot hang a check, whatever the pattern. Text is folded 1:1 (``normalize.fold``) before
matching, so "３件" matches ``\\d`` and every match keeps its line and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

import re2

from checker.language.regex import compile_regex
from checker.model import Location
from checker.normalize import _FOLD

_FOLD_CHARS = {chr(k): chr(v) for k, v in _FOLD.items()}
_FOLD_RE = re.compile("[" + "".join(re.escape(c) for c in sorted(_FOLD_CHARS)) + "]")

_TERMINATORS = "。；;！!？?\n"
# The first number of a match: a fixed pattern of ours, not a rule's, so Python's ``re`` (no RE2
# call overhead) with ASCII digits, which is what RE2's ``\d`` means.
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")


@dataclass(frozen=True, slots=True)
class Match:
    """One match of ``search(/…/, scope)``: the text, its groups, the first number, its sentence."""

    text: str
    groups: tuple[str | None, ...]
    number: Decimal | None
    sentence: str
    loc: Location | None


@dataclass(frozen=True, slots=True)
class Pattern:
    """A ``/regex/`` of a rule file, as a value."""

    source: str




def _compiled(pattern: str):
    """The compiled pattern, or None for one RE2 rejects (a string used as a pattern at run time)."""
    try:
        return compile_regex(pattern)
    except re2.error:
        return None


@lru_cache(maxsize=256)
def folded(text: str) -> str:
    """``normalize.fold(text)``, once per text: every rule matches the same report text and section bodies.

    ``str.translate`` looks every character up in the table (~0.1 ms for a report); a
    report has only a dozen distinct foldable characters, so replacing each of those in
    turn gives the same string several times faster (each maps to plain ASCII, which
    is never itself folded, so the order of the replacements does not matter).
    """
    for ch in set(_foldable_in(text)):
        text = text.replace(ch, _FOLD_CHARS[ch])
    return text


def _foldable_in(text: str) -> list[str]:
    return _FOLD_RE.findall(text)


@lru_cache(maxsize=256)
def _folded_utf8(text: str) -> bytes:
    """The folded text as UTF-8, which RE2 matches: the ``re2`` module would encode it on every call."""
    return folded(text).encode("utf-8")


@lru_cache(maxsize=4096)
def matches(text: str, pattern: str) -> bool | None:
    """Whether the pattern occurs in the folded text; remembered, as the same short texts
    (claim subjects, section bodies) meet the same patterns in report after report."""
    compiled = _compiled(pattern)
    return None if compiled is None else compiled.search(_folded_utf8(text)) is not None


def matches_in(text: str, pattern: str, whole: str) -> bool | None:
    """``matches(text, pattern)`` for a part of ``whole`` (a section of the report): the part is
    folded by slicing the folded whole, which is folded once per report anyway."""
    compiled = _compiled(pattern)
    if compiled is None:
        return None
    i = whole.find(text) if len(text) > _SLICE_FROM else -1
    norm = folded(whole)[i:i + len(text)] if i >= 0 else folded(text)
    return compiled.search(norm.encode("utf-8")) is not None


_SLICE_FROM = 64  # shorter texts fold faster than they are found


def contains(text: str, needle: str) -> bool:
    return folded(needle) in folded(text)


def _number(text: str) -> Decimal | None:
    found = _NUMBER.search(text.replace(",", ""))
    if not found:
        return None
    try:
        return Decimal(found.group(0))
    except InvalidOperation:
        return None


def _sentence(text: str, start: int, end: int) -> str:
    left = max(text.rfind(t, 0, start) for t in _TERMINATORS) + 1
    rights = [i for i in (text.find(t, end) for t in _TERMINATORS) if i != -1]
    right = min(rights) + 1 if rights else len(text)
    return text[left:right].strip()


def search(pattern: str, text: str, line: int | None, column: int = 1) -> tuple[Match, ...] | None:
    """All matches in ``text``; ``line``/``column`` place its first character in the report (None: unplaced)."""
    compiled = _compiled(pattern)
    if compiled is None:
        return None
    spans = _char_spans(compiled, text)
    if spans is None:  # an empty match: let ``re2`` step past it by a character, as it does on str
        spans = [[m.span(i) for i in range(compiled.groups + 1)] for m in compiled.finditer(folded(text))]
    norm = folded(text)
    out = []
    for (start, end), *group_spans in spans:
        if start == end:
            continue
        found = [None if a == -1 else (a, b) for a, b in group_spans]
        groups = tuple(None if g is None else text[g[0]:g[1]] for g in found)
        number = next((n for g in found if g is not None and (n := _number(norm[g[0]:g[1]])) is not None), None)
        if number is None and not found:
            number = _number(norm[start:end])
        loc = None
        if line is not None:
            loc = Location(*_position(text, start, line, column), *_position(text, end, line, column))
        out.append(Match(text[start:end], groups, number, _sentence(text, start, end), loc))
    return tuple(out)


def _char_spans(compiled, text: str) -> list[list[tuple[int, int]]] | None:
    """The spans (the match, then each group; (-1, -1) for a group not taken) of every match, in
    characters, found on the cached UTF-8 bytes; None if a match is empty.

    The ``re2`` module would encode the whole text again on every search. Non-empty matches
    of a UTF-8 pattern start and end on character boundaries, so the byte offsets convert
    exactly; after an empty match ``re2`` steps one character on str but one byte on bytes,
    so that case is left to the str interface.
    """
    data = _folded_utf8(text)
    found = []
    for m in compiled.finditer(data):
        if m.start() == m.end():
            return None
        found.append([m.span(i) for i in range(compiled.groups + 1)])
    if not found:
        return found
    chars = {-1: -1}
    last_b = last_c = 0
    for b in sorted({o for spans in found for span in spans for o in span if o != -1}):
        last_c += len(data[last_b:b].decode("utf-8"))
        chars[b] = last_c
        last_b = b
    return [[(chars[a], chars[b]) for a, b in spans] for spans in found]


def _position(text: str, offset: int, line: int, column: int) -> tuple[int, int]:
    newlines = text.count("\n", 0, offset)
    if newlines == 0:
        return line, column + offset
    return line + newlines, offset - text.rfind("\n", 0, offset)
