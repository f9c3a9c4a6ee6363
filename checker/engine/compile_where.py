"""The ``where`` of a loop over report items (claims, matches, sections), remembered by the
text fields it reads.

``text-table-mismatch`` filters every claim of a report seven times with conditions such as
``c.unit == "件" and c.subject matches /…/``: they read only string fields of the item and
constants, so their truth is a pure function of those strings, and the same subjects recur
from report to report. The memo is bounded and per process, owned by the compiled rule set
(it lives in the compiled closure); a key is used only when every field read is a plain
dataclass field holding a string or None, so a hit gives exactly what the ``where`` gives.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import Any

from checker.engine.compile_attr import plain_field
from checker.engine.fastrun import remember, truth_of
from checker.language import ast as ast

Fn = Callable[[list], Any]
_PURE = (ast.Compare, ast.Binary, ast.Unary, ast.Test, ast.ListExpr, ast.IfExpr)
_CONSTANT = (ast.Const, ast.Label, ast.Regex, ast.Sym)
_LOCATED = frozenset({"line", "column", "numeral"})


def field_reads(e: Any, target: str) -> set[str] | None:
    """The attributes of ``target`` that ``e`` reads, if it reads nothing else that varies; else None."""
    if isinstance(e, tuple):
        names: set[str] = set()
        for x in e:
            inner = field_reads(x, target)
            if inner is None:
                return None
            names |= inner
        return names
    if e is None or isinstance(e, (str, bool, int, *_CONSTANT)):
        return set()
    if isinstance(e, ast.Attr):
        ok = isinstance(e.obj, ast.Var) and e.obj.name == target and e.name not in _LOCATED
        return {e.name} if ok else None
    if not isinstance(e, _PURE):
        return None
    return field_reads(tuple(getattr(e, k) for k in e.__dataclass_fields__ if k != "pos"), target)


def field_truth(where: Fn, names: set[str], item_slot: int) -> Fn:
    """``truth_of(where(f))``, remembered by the item's type and the strings of the fields read."""
    ordered = sorted(names)
    get = attrgetter(*ordered)
    plain: dict[type, bool] = {}
    known: dict[Any, bool | None] = {}

    def truth(f: list) -> bool | None:
        x = f[item_slot]
        t = type(x)
        ok = plain.get(t)
        if ok is None:
            ok = plain[t] = all(plain_field(t, n) for n in ordered)
        if not ok:
            return truth_of(where(f))
        k = (t, get(x))
        if not all(v is None or type(v) is str for v in (k[1] if len(ordered) > 1 else (k[1],))):
            return truth_of(where(f))
        return remember(known, k, lambda: truth_of(where(f)))

    return truth
