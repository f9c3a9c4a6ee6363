"""Diagnostics from failing checks and from the reader's problems: message, place and values.

A message is its rule's template with each ``{name}`` or ``{name.attr}`` replaced by how the
value reads in Chinese (``display``); ``values`` holds every bound name in its JSON-friendly
form (``plain``); ``place`` is the file's own place of the location (``Report.place_of``),
quoting what stands there (the cell's text, the match's sentence, the heading).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from checker.diagnostics import CellRef, Diagnostic
from checker.engine.values import Facts, Origin, TableVal, attribute
from checker.language import ast as ast
from checker.language.textmatch import Match
from checker.language.values import AxisRef, scalar, text_of
from checker.model import Cell, Dated, Problem, Section
from checker.read.layouts import SectionLayout

_FIELD = re.compile(r"\{([^{}]*)\}")


def diagnostic(rule: ast.Rule, facts: Facts, origin: Origin | None, named: dict[str, Any],
               hint: str | None = None) -> Diagnostic:
    """The diagnostic of a failing check, given its place, the values of the names in scope and the
    template of its hint (filled like the message)."""
    message = _FIELD.sub(lambda m: display(_field(m.group(1), named, facts)), rule.message)
    hint_text = _FIELD.sub(lambda m: display(_field(m.group(1), named, facts)), hint) if hint else None
    values = {k: plain(v) for k, v in named.items()}
    loc = origin.loc if origin else None
    return Diagnostic(rule.id, rule.severity, message, loc, origin.cell if origin else None, values,
                      place=facts.report.place_of(loc, origin.quote) if origin else None, hint=hint_text)


def _field(path: str, named: dict[str, Any], facts: Facts) -> Any:
    head, *attrs = path.split(".")
    value = named[head] if head in named else facts.fact(head)
    for name in attrs:
        value = attribute(value, name, facts) if value is not None else None
    return value


def from_problem(rule: ast.Rule, problem: Problem, facts: Facts) -> Diagnostic:
    """A ``from reader`` rule's diagnostic: the rule's message over the problem's values, else the reader's."""
    values = dict(problem.values)
    fields = _FIELD.findall(rule.message)
    if all(f in values for f in fields):
        message = _FIELD.sub(lambda m: display(values[m.group(1)]), rule.message)
    else:
        message = problem.message
    cell = None
    if all(isinstance(values.get(k), str) for k in ("table", "row", "col")):
        cell = CellRef(values["table"], values["row"], values["col"])
    return Diagnostic(rule.id, rule.severity, message, problem.loc, cell, values,
                      place=facts.report.place_of(problem.loc, ""))


def display(value: Any) -> str:
    """How a value reads in a Chinese message."""
    if value is None:
        return "（无）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        return _number(value)
    if isinstance(value, dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, AxisRef):
        return value.short
    if isinstance(value, Cell):
        return _number(value.value) if value.value is not None else (value.raw or "（空白）")
    if isinstance(value, TableVal):
        return value.layout.name.split()[0]
    if isinstance(value, SectionLayout):
        return value.label
    if isinstance(value, Section):
        return value.heading
    if isinstance(value, Dated):
        return display(value.value)
    if isinstance(value, Match):
        return value.text
    if isinstance(value, (tuple, list)):
        return "、".join(display(v) for v in value)
    scalar_value = scalar(value)
    if scalar_value is not value:
        return display(scalar_value)
    text = text_of(value)
    return text if text is not None else str(value)


def _number(value: Decimal) -> str:
    """The number as written, exactly: no exponent, no trailing zeros (never through ``int``,
    whose string conversion refuses numbers of more than 4,300 digits)."""
    if not value.is_finite():
        return str(value)
    text = format(value if value else abs(value), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def plain(value: Any) -> Any:
    """The JSON-friendly form of a value for ``Diagnostic.values``."""
    if isinstance(value, AxisRef):
        return value.id
    if isinstance(value, TableVal):
        return value.layout.id
    if isinstance(value, Cell):
        return value.value
    if isinstance(value, (Section, SectionLayout)):
        return value.key
    if isinstance(value, Match):
        return value.text
    if isinstance(value, (Decimal, dt.date, str, bool)) or value is None:
        return value
    if isinstance(value, (tuple, list)):
        return [plain(v) for v in value]
    s = scalar(value)
    if s is not value:
        return plain(s)
    return text_of(value)
