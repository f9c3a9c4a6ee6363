"""The run-time values of the rule language, as the meanings (``checker.language.meanings``) see them.

A value is a plain Python object: ``Decimal``, ``str``, ``date``, ``bool``, a tuple (a list),
a row or column (``AxisRef``), a regex (``textmatch.Pattern``), a match, or a fact of the
report as the model has it (``Cell``, ``Section``, ``NumberClaim`` …). ``None`` is unknown.
``scalar`` is what a value stands for in arithmetic and comparisons, ``text_of`` what it
reads as in a text test, ``truth`` its Kleene truth.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from checker.language.textmatch import Match
from checker.model import Cell, CellState, Dated, NumberClaim, Report, YearMention
from checker.normalize import label_key

_NUMBER = CellState.NUMBER


@dataclass(frozen=True, slots=True)
class AxisRef:
    """A row or column of a table, as a value: renders as its short official label."""

    table: str
    axis: str
    id: str
    label: str
    short: str
    group: str

    def names(self) -> set[str]:
        return {self.id, label_key(self.label), label_key(self.short)}


# Types that stand for themselves (no test below maps them), tested first by one lookup.
_ITSELF = frozenset({str, bool, type(None), AxisRef, tuple, list, dt.date})


def scalar(obj: Any) -> Any:
    """The value a thing stands for in arithmetic and comparisons (None: unknown)."""
    t = type(obj)
    if t is Decimal:
        return obj
    if t is Cell:
        return obj.value if obj.state is _NUMBER else None
    if t in _ITSELF:
        return obj
    if isinstance(obj, NumberClaim):
        return obj.number
    if isinstance(obj, Dated):
        return obj.value
    if isinstance(obj, YearMention):
        return Decimal(obj.year)
    if isinstance(obj, Match):
        return obj.number
    if isinstance(obj, int) and not isinstance(obj, bool):
        return Decimal(obj)
    return obj


def text_of(obj: Any) -> str | None:
    """What a value reads as in ``contains``/``matches``: a cell its raw text, a claim its sentence."""
    if isinstance(obj, str):
        return obj
    if isinstance(obj, Cell):
        return obj.raw
    if isinstance(obj, NumberClaim):
        return obj.sentence
    if isinstance(obj, Report):
        return obj.text
    text = getattr(obj, "text", None)
    return text if isinstance(text, str) else None


def truth(x: Any) -> bool | None:
    """Kleene truth of a value: None stays unknown; a number is true when non-zero."""
    if x is None or x is True or x is False:
        return x
    x = scalar(x)
    if x is None or isinstance(x, bool):
        return x
    return bool(x)


def known(x: Any) -> bool:
    return x is not None and scalar(x) is not None
