"""The rule language's fixed function whitelist (``checker.vocab.FUNCTIONS``), over ``V`` values.

Aggregates over a list or a generator are unknown as soon as one item is unknown
(``sum``, ``min``, ``max``); ``any``/``all`` follow Kleene's logic; ``count``/``len`` only count.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from checker.engine import textmatch
from checker.engine.values import UNKNOWN, Ctx, Origin, V, first_origin, scalar, truth, wrap
from checker.model import Location, Report, Section


def aggregate(func: str, items: list[V]) -> V:
    origin = first_origin(*items)
    values = [scalar(v.value) for v in items]
    if func == "count":
        return V(Decimal(len(items)), origin)
    if func == "first":
        return items[0] if items else UNKNOWN
    if func in ("any", "all"):
        truths = [truth(x) for x in values]
        want = func == "any"
        if want in truths:
            return V(want, origin)
        return V(None if None in truths else not want, origin)
    if any(x is None for x in values):
        return V(None, origin)
    if func == "sum":
        try:
            return V(sum(values, Decimal(0)), origin)
        except TypeError:
            return V(None, origin)
    if not values:
        return V(None, origin)
    try:
        pick = min(values) if func == "min" else max(values)
    except TypeError:
        return V(None, origin)
    return items[values.index(pick)] if func in ("min", "max") else V(pick, origin)


def _list(v: V) -> list[V] | None:
    if isinstance(v.value, (tuple, list)):
        return [wrap(x) for x in v.value]
    return None


def call(func: str, args: list[V], ctx: Ctx) -> V:
    if func in ("sum", "count", "any", "all", "first") or (func in ("min", "max") and len(args) == 1):
        items = _list(args[0])
        return aggregate(func, items) if items is not None else UNKNOWN
    if func in ("min", "max"):
        return aggregate(func, args)
    return _SIMPLE[func](args, ctx)


def _len(args: list[V], ctx: Ctx) -> V:
    x = args[0].value
    return V(Decimal(len(x)), args[0].origin) if isinstance(x, (tuple, list, str)) else UNKNOWN


def _abs(args: list[V], ctx: Ctx) -> V:
    x = scalar(args[0].value)
    return V(abs(x), args[0].origin) if isinstance(x, Decimal) else UNKNOWN


def _date(args: list[V], ctx: Ctx) -> V:
    parts = [scalar(a.value) for a in args]
    if not all(isinstance(p, Decimal) and p == p.to_integral_value() for p in parts):
        return UNKNOWN
    try:
        return V(dt.date(*(int(p) for p in parts)), first_origin(*args))
    except (ValueError, OverflowError):
        return UNKNOWN


def _year(args: list[V], ctx: Ctx) -> V:
    x = scalar(args[0].value)
    return V(Decimal(x.year), args[0].origin) if isinstance(x, dt.date) else UNKNOWN


def _section(args: list[V], ctx: Ctx) -> V:
    key = args[0].value
    return wrap(ctx.report.section(key)) if isinstance(key, str) else UNKNOWN


def _search(args: list[V], ctx: Ctx) -> V:
    pattern = args[0].value
    if not isinstance(pattern, (textmatch.Pattern, str)):
        return UNKNOWN
    source = pattern.source if isinstance(pattern, textmatch.Pattern) else pattern
    scope = args[1].value if len(args) > 1 else ctx.report
    return V(_search_in(source, scope))


def _search_in(pattern: str, scope: Any) -> Any:
    if scope is None:
        return None
    if isinstance(scope, Report):
        return textmatch.search(pattern, scope.text, 1)
    if isinstance(scope, Section):
        return textmatch.search(pattern, scope.text, scope.start_line)
    if isinstance(scope, (tuple, list)):
        found = [_search_in(pattern, s) for s in scope]
        return tuple(m for f in found if f for m in f)
    if isinstance(scope, str):
        return textmatch.search(pattern, scope, None)
    text, loc = getattr(scope, "text", None), getattr(scope, "loc", None)
    if isinstance(text, str) and isinstance(loc, Location):
        return textmatch.search(pattern, text, loc.line, loc.column)
    return None


def _line(args: list[V], ctx: Ctx) -> V:
    n = scalar(args[0].value)
    if not isinstance(n, Decimal) or n < 1:
        return UNKNOWN
    return V(n, Origin(Location.point(int(n), 1)))


def _numeral(args: list[V], ctx: Ctx) -> V:
    """1 → "一" … 10 → "十": the ordinals of the format's headings."""
    n = scalar(args[0].value)
    if not isinstance(n, Decimal) or not 1 <= n <= 10 or n != n.to_integral_value():
        return UNKNOWN
    return V("一二三四五六七八九十"[int(n) - 1], args[0].origin)


_SIMPLE = {"numeral": _numeral, "len": _len, "abs": _abs, "date": _date, "year": _year, "section": _section,
           "search": _search, "line": _line}
