"""``values.attribute`` for one attribute name, with the type tests done once per type.

``values.attribute`` walks a chain of ``isinstance`` tests on every call; a compiled
``x.line`` or ``s.key`` over sections, headings, claims and matches calls it for every
pair a rule compares. Which branch a type takes depends on the type and the name only,
so each closure decides it once per type it meets (a small cache of a pure function).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from checker.engine.values import Ctx, TableVal, attribute
from checker.model import Cell, Dated, Location, PartSum, Report, Section

Getter = Callable[[Any, Ctx], Any]
# Types ``attribute`` treats specially, and for which names.
_SPECIAL: tuple[tuple[type, frozenset[str] | None], ...] = (
    (Report, None), (TableVal, None), (Cell, None), (dt.date, None),
    (Section, frozenset({"order", "label"})), (Dated, frozenset({"date"})),
    (PartSum, frozenset({"number", "total"})),
)


def attribute_fn(name: str) -> Getter:
    """``lambda obj, ctx: attribute(obj, name, ctx)``, faster for plain dataclasses and locations."""
    if name in ("line", "column"):
        return _location(name)
    if name == "numeral":
        return lambda o, ctx: attribute(o, name, ctx)
    if name == "order":
        return _section_order()
    plain: dict[type, bool] = {}

    def get(o: Any, ctx: Ctx) -> Any:
        t = type(o)
        is_plain = plain.get(t)
        if is_plain is None:
            is_plain = plain[t] = _plain(t, name)
        if not is_plain:
            return attribute(o, name, ctx)
        value = getattr(o, name, None)
        return Decimal(value) if isinstance(value, int) and not isinstance(value, bool) else value

    return get


def plain_field(t: type, name: str) -> bool:
    """Whether ``attribute`` gives a ``t``'s ``name`` as it is stored: a field ``t`` has, not a special one."""
    return _plain(t, name) and name in t.__dataclass_fields__


def _plain(t: type, name: str) -> bool:
    """Whether ``attribute`` reads ``name`` of a ``t`` as a plain dataclass field."""
    if not hasattr(t, "__dataclass_fields__"):
        return False
    return not any(issubclass(t, k) and (names is None or name in names) for k, names in _SPECIAL)


def _section_order() -> Getter:
    """``s.order`` of a section: ``attribute`` scans the layout's sections on every read; the
    section rules read it for every section, so the key → number map is built once per layout
    (a one-entry cache of a pure function, kept with the compiled closure)."""
    last: list = [None, {}]  # [layout, {section key: order}]

    def get(o: Any, ctx: Ctx) -> Any:
        if not isinstance(o, Section):
            return attribute(o, "order", ctx)
        layout = ctx.layout
        if last[0] is not layout:
            # reversed: the first section with a key wins, as in ``attribute``'s ``next(...)``
            last[:] = [layout, {s.key: Decimal(s.number) for s in reversed(layout.sections)}]
        return last[1].get(o.key)

    return get


def _location(name: str) -> Getter:
    """``.line``/``.column``: of the object's own ``loc`` (``values.origin_of``), except the types it maps."""

    def get(o: Any, ctx: Ctx) -> Any:
        if isinstance(o, (PartSum, TableVal)):
            return attribute(o, name, ctx)
        loc = getattr(o, "loc", None)
        return Decimal(getattr(loc, name)) if isinstance(loc, Location) else None

    return get
