"""What every operator, test, predicate and function of the rule language means: the one table.

Each entry names a construct of the language and gives its arity, how its operands are
handed to it (``takes``), the Python function that computes it over plain values
(``checker.language.values``; None is unknown, logic is Kleene's) and whose place the result
takes (``origin``, read by the engine when a check fails). The loader accepts exactly the
names of this table (an operator or function missing here is a load-time error), and the
engine's compiler reads every implementation from here: there is no other definition.

``takes``: "scalar" (each operand's ``values.scalar``), "truth" (its Kleene truth), "value"
(the value itself), "items" (an aggregate's list of item values); "ctx+…" means the
implementation also gets the evaluation context, to read the report or to charge the budget
for work that grows with its input (searching a long text, testing a long list).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol

from checker.language import similarity, textmatch
from checker.language.values import AxisRef, known, scalar, text_of, truth
from checker.model import Cell, CellState, Location, Report, Section
from checker.normalize import label_key

MAX_LENGTH = 1_000_000  # a string or list made by + longer than this is unknown (bounded memory)
TEXT_STEP = 1024  # characters of text a text test or search may read per step of the budget
MATCH_STEPS = 10  # steps each match found by ``search`` costs (making one costs about ten loop steps)
NUMERALS = "一二三四五六七八九十"


class BudgetExceeded(Exception):
    """A rule used up its evaluation budget on one report."""


class Context(Protocol):
    """What an implementation that needs more than its operands gets."""

    report: Report
    batch: Any  # the report's place in its batch (``engine.cross.Neighbours``), None outside phase 2

    def charge(self, steps: int) -> None:
        """Count ``steps`` against the budget; raise ``BudgetExceeded`` past it."""

    def room(self) -> int:
        """Steps left in the budget."""


@dataclass(frozen=True, slots=True)
class Meaning:
    name: str
    arity: tuple[int, int]
    takes: str
    impl: Callable[..., Any]
    origin: str = "first"  # see each table below
    decides: Callable[[Any], bool] | None = None  # a left operand that alone gives the result (and, or, ??)
    decided_by: bool | None = None  # for and/or: the one left truth that ``decides`` (False, True)
    identity: bool | None = None  # for and/or: the left truth whose result is the right truth (True, False)
    numbers: str = ""  # two numbers compare (==, <…) or add up (+, -) by this Python operator, as ``impl`` does
    # for them (+ also joins two texts, unknown past MAX_LENGTH, as ``_add`` does)
    state: CellState | None = None  # a state predicate: a cell is in that state (what ``impl`` says of cells)
    batch: bool = False  # a function of the batch (other reports): a rule that calls it is a cross-report rule


# ---------------------------------------------------------------- arithmetic


def _bounded(x: Any) -> Any:
    return None if isinstance(x, (str, tuple)) and len(x) > MAX_LENGTH else x


def _arith(op: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    def arith(x: Any, y: Any) -> Any:
        if x is None or y is None or x is True or x is False or y is True or y is False:
            return None
        try:
            return _bounded(op(x, y))
        except (TypeError, ValueError, ArithmeticError, OverflowError, InvalidOperation):
            return None

    return arith


def _add(x: Any, y: Any) -> Any:
    if isinstance(x, (str, tuple)) and isinstance(y, type(x)) and len(x) + len(y) > MAX_LENGTH:
        return None
    return x + dt.timedelta(days=int(y)) if isinstance(x, dt.date) else x + y


def _sub(x: Any, y: Any) -> Any:
    if isinstance(x, dt.date):
        return Decimal((x - y).days) if isinstance(y, dt.date) else x - dt.timedelta(days=int(y))
    return x - y


def _div(x: Any, y: Any) -> Any:
    return x / y if y != 0 else None


# ---------------------------------------------------------------- comparisons


def equal(x: Any, y: Any) -> bool:
    """A row or column equals itself, its id and any of its labels; anything else by ``==``."""
    if type(x) is Decimal and type(y) is Decimal:
        return x == y
    if type(x) is AxisRef and type(y) is AxisRef:
        return x.table == y.table and x.axis == y.axis and x.id == y.id
    if isinstance(x, AxisRef) or isinstance(y, AxisRef):
        if isinstance(x, AxisRef) and isinstance(y, AxisRef):
            return (x.table, x.axis, x.id) == (y.table, y.axis, y.id)
        ref, other = (x, y) if isinstance(x, AxisRef) else (y, x)
        return isinstance(other, str) and (other == ref.id or label_key(other) in ref.names())
    return bool(x == y)


def _compare(op: str) -> Callable[..., bool | None]:
    def compare(x: Any, y: Any, *within: Any) -> bool | None:
        """``x OP y``, or ``x OP y within t`` (unknown when t is)."""
        if x is None or y is None or (within and within[0] is None):
            return None
        if within and isinstance(x, Decimal) and isinstance(y, Decimal):
            tol = within[0]
            if not isinstance(tol, Decimal):
                return None
            try:
                close = abs(x - y) <= tol
            except ArithmeticError:
                return None
            if op in ("==", "!="):
                return close if op == "==" else not close
        if op in ("==", "!="):
            return equal(x, y) == (op == "==")
        try:
            return {"<": x < y, "<=": x <= y, ">": x > y, ">=": x >= y}[op]
        except TypeError:
            return None

    return compare


# ---------------------------------------------------------------- logic


def _and(x: bool | None, y: bool | None) -> bool | None:
    if x is False or y is False:
        return False
    return None if x is None or y is None else True


def _or(x: bool | None, y: bool | None) -> bool | None:
    if x is True or y is True:
        return True
    return None if x is None or y is None else False


def _not(x: bool | None) -> bool | None:
    return None if x is None else not x


def _neg(x: Any) -> Any:
    return -x if isinstance(x, Decimal) else None


def _coalesce(x: Any, y: Any) -> Any:
    return x if known(x) else y


# ---------------------------------------------------------------- text tests


def _member(ctx: Context, x: Any, seq: Any) -> bool | None:
    if seq is None or x is None:
        return None
    if isinstance(seq, (tuple, list)):
        if len(seq) >= 64:
            ctx.charge(len(seq) // 64)
        y = scalar(x)
        for i in seq:  # noqa: SIM110 - a loop, not a generator per test
            if i is y or equal(scalar(i), y):
                return True
        return False
    return _text_test(ctx, "in", seq, x)


def _text_test(ctx: Context, kind: str, x: Any, y: Any) -> bool | None:
    if x is None or y is None:
        return None
    if isinstance(x, (tuple, list)):
        if len(x) >= 64:
            ctx.charge(len(x) // 64)
        return any(equal(scalar(i), scalar(y)) for i in x)
    text = text_of(x)
    if text is None:
        return None
    if len(text) >= TEXT_STEP:
        ctx.charge(len(text) // TEXT_STEP)
    if kind == "matches":
        pattern = y.source if isinstance(y, textmatch.Pattern) else text_of(y)
        return None if pattern is None else textmatch.matches(text, pattern)
    needle = text_of(y)
    return None if needle is None else textmatch.contains(text, needle)


def _contains(ctx: Context, x: Any, y: Any) -> bool | None:
    return _text_test(ctx, "contains", x, y)


def _matches(ctx: Context, x: Any, y: Any) -> bool | None:
    return _text_test(ctx, "matches", x, y)


# ---------------------------------------------------------------- predicates (never unknown)


def _state(state: CellState, other: Callable[[Any], bool]) -> Callable[[Any], bool]:
    return lambda x: x.state is state if isinstance(x, Cell) else other(x)


def _integer(x: Any) -> bool:
    s = scalar(x)
    return isinstance(s, Decimal) and s == s.to_integral_value()


# ---------------------------------------------------------------- functions and aggregates


def _count(items: list) -> Any:
    return Decimal(len(items))


def _first(items: list) -> int | None:
    return 0 if items else None


def _quantifier(want: bool) -> Callable[[list], Any]:
    def quantify(items: list) -> bool | None:
        truths = [truth(x) for x in items]
        if want in truths:
            return want
        return None if None in truths else not want

    return quantify


def _sum(items: list) -> Any:
    """Unknown if an item is, or if the items do not add up (a date, a text)."""
    total: Any = Decimal(0)
    for x in items:
        s = scalar(x)
        if s is None:
            return None
        try:
            total = total + s
        except TypeError:
            return None
    return total


def _pick(func: Callable[..., Any]) -> Callable[[list], int | None]:
    """``min``/``max``: the index of the item picked (the item itself is the result)."""

    def pick(items: list) -> int | None:
        values = [scalar(x) for x in items]
        if not values or any(x is None for x in values):
            return None
        try:
            return values.index(func(values))
        except TypeError:
            return None

    return pick


def _len(x: Any) -> Any:
    return Decimal(len(x)) if isinstance(x, (tuple, list, str)) else None


def _abs(x: Any) -> Any:
    return abs(x) if isinstance(x, Decimal) else None


def _date(y: Any, m: Any, d: Any) -> Any:
    if not all(isinstance(p, Decimal) and p.is_finite() and p == p.to_integral_value() for p in (y, m, d)):
        return None
    try:
        return dt.date(int(y), int(m), int(d))
    except (ValueError, OverflowError):
        return None


def _year(x: Any) -> Any:
    return Decimal(x.year) if isinstance(x, dt.date) else None


def _numeral(n: Any) -> Any:
    """1 → "一" … 10 → "十": the ordinals of the format's headings."""
    if not isinstance(n, Decimal) or not n.is_finite() or not 1 <= n <= 10 or n != n.to_integral_value():
        return None
    return NUMERALS[int(n) - 1]


def _joined(x: Any, y: Any) -> Any:
    """``joined(1, 2)`` = 12: the number two adjacent cells make when their digits are read as one, for
    hints that a number was split across cells ("1 2" for "12"). Non-negative integers only."""
    if not all(isinstance(p, Decimal) and p.is_finite() and p >= 0 and p == p.to_integral_value() for p in (x, y)):
        return None
    digits = f"{x.quantize(1):f}{y.quantize(1):f}" if max(x.adjusted(), y.adjusted()) < 15 else ""
    return Decimal(digits) if digits else None  # a longer run is no count (and int() of it would raise)


_THIS_REPORT = object()  # ``section(KEY)`` without a report: this report's


def _section(ctx: Context, key: Any, report: Any = _THIS_REPORT) -> Any:
    """``section(五)``, or ``section(五, previous)``: the section of another report of the batch."""
    report = ctx.report if report is _THIS_REPORT else report
    return report.section(key) if isinstance(key, str) and isinstance(report, Report) else None


def _similarity(ctx: Context, x: Any, y: Any) -> Any:
    """The percentage of shingles two texts share (``language.similarity``); unknown unless both are texts."""
    a, b = text_of(x), text_of(y)
    if a is None or b is None:
        return None
    ctx.charge(1 + (len(a) + len(b)) // TEXT_STEP)
    return similarity.similarity(a, b)


def _percent(x: Any) -> Any:
    """A percentage as it is written in a message: 96.5 → "96.5%"."""
    return f"{x.normalize():f}%" if isinstance(x, Decimal) and x.is_finite() else None


def _lookalikes(ctx: Context, section: Any, threshold: Any) -> Any:
    """Other agencies' reports of the batch whose same section is at least ``threshold`` % similar."""
    if ctx.batch is None or not isinstance(section, Section) or not isinstance(threshold, Decimal):
        return None
    return ctx.batch.lookalikes(ctx, section, threshold)


def _foreign_places(ctx: Context, section: Any) -> Any:
    """The names of counties and cities of another province than the agency's in a section's body."""
    if ctx.batch is None or not isinstance(section, Section):
        return None
    ctx.charge(1 + len(section.text) // TEXT_STEP)
    return ctx.batch.foreign_places(section)


def _line(n: Any) -> Any:
    return n if isinstance(n, Decimal) and n.is_finite() and n >= 1 else None


_WHOLE_REPORT = object()  # ``search(/…/)`` without a scope (an unknown scope searches nothing)


def _search(ctx: Context, pattern: Any, scope: Any = _WHOLE_REPORT) -> Any:
    if not isinstance(pattern, (textmatch.Pattern, str)):
        return None
    source = pattern.source if isinstance(pattern, textmatch.Pattern) else pattern
    return _search_in(ctx, source, ctx.report if scope is _WHOLE_REPORT else scope)


def _search_in(ctx: Context, pattern: str, scope: Any) -> Any:
    if scope is None:
        return None
    if isinstance(scope, (tuple, list)):
        found = [_search_in(ctx, pattern, s) for s in scope]
        return tuple(m for f in found if f for m in f)
    if isinstance(scope, Report):
        text, line, column = scope.text, 1, 1
    elif isinstance(scope, Section):
        text, line, column = scope.text, scope.start_line, 1
    elif isinstance(scope, str):
        text, line, column = scope, None, 1
    else:
        text, loc = getattr(scope, "text", None), getattr(scope, "loc", None)
        if not (isinstance(text, str) and isinstance(loc, Location)):
            return None
        line, column = loc.line, loc.column
    ctx.charge(1 + len(text) // TEXT_STEP)
    found = textmatch.search(pattern, text, line, column, limit=ctx.room() // MATCH_STEPS)
    if found:
        ctx.charge(len(found) * MATCH_STEPS)
    return found


# ---------------------------------------------------------------- the table

#: ``a OP b``. origin "first": the first operand that has a place; "coalesce": see the docs (§4).
BINARY: dict[str, Meaning] = {m.name: m for m in (
    Meaning("+", (2, 2), "scalar", _arith(_add), numbers="+"),
    Meaning("-", (2, 2), "scalar", _arith(_sub), numbers="-"),
    Meaning("*", (2, 2), "scalar", _arith(lambda x, y: x * y)),
    Meaning("/", (2, 2), "scalar", _arith(_div)),
    Meaning("and", (2, 2), "truth", _and, decides=lambda x: x is False, decided_by=False, identity=True),
    Meaning("or", (2, 2), "truth", _or, decides=lambda x: x is True, decided_by=True, identity=False),
    Meaning("??", (2, 2), "value", _coalesce, origin="coalesce", decides=known),
)}

#: ``a OP b [within t]``, on scalars.
COMPARE: dict[str, Meaning] = {op: Meaning(op, (2, 3), "scalar", _compare(op), numbers=op)
                               for op in ("==", "!=", "<", "<=", ">", ">=")}

#: ``OP a``.
UNARY: dict[str, Meaning] = {m.name: m for m in (
    Meaning("-", (1, 1), "scalar", _neg),
    Meaning("not", (1, 1), "truth", _not),
)}

#: ``a contains b``, ``a matches b``, ``a in b`` (``not`` negates a known result). The result takes a's place.
TESTS: dict[str, Meaning] = {m.name: m for m in (
    Meaning("contains", (2, 2), "ctx+value", _contains),
    Meaning("matches", (2, 2), "ctx+value", _matches),
    Meaning("in", (2, 2), "ctx+value", _member),
)}

_NOT_A_CELL = lambda x: False  # noqa: E731

#: ``a is P`` / ``a is not P``: never unknown, so rules can ask about missing data. The result takes a's place.
PREDICATES: dict[str, Meaning] = {m.name: m for m in (
    Meaning("blank", (1, 1), "value", _state(CellState.BLANK, lambda x: isinstance(x, str) and not x.strip()), state=CellState.BLANK),
    Meaning("placeholder", (1, 1), "value", _state(CellState.PLACEHOLDER, _NOT_A_CELL), state=CellState.PLACEHOLDER),
    Meaning("number", (1, 1), "value", _state(CellState.NUMBER, lambda x: isinstance(scalar(x), Decimal)), state=CellState.NUMBER),
    Meaning("text", (1, 1), "value", _state(CellState.TEXT, _NOT_A_CELL), state=CellState.TEXT),
    Meaning("ambiguous", (1, 1), "value", _state(CellState.AMBIGUOUS, _NOT_A_CELL), state=CellState.AMBIGUOUS),
    Meaning("inferred", (1, 1), "value", lambda x: isinstance(x, Cell) and x.inferred != ""),
    Meaning("integer", (1, 1), "value", _integer),
    Meaning("present", (1, 1), "value", lambda x: x is not None),
    Meaning("absent", (1, 1), "value", lambda x: x is None),
    Meaning("known", (1, 1), "value", known),
)}

#: ``f(a, …)``. origin "arg": the first argument's place when the result is known; "args": the first
#: argument with a place; "result": the result's own place; "line": line N; "none": no place.
#: An aggregate (takes "items") also takes a generator ``f(E for X in L where C)``; origin "items":
#: the first item with a place, "pick": the item picked (``first``; ``min``/``max`` "pick-or-items").
FUNCTIONS: dict[str, Meaning] = {m.name: m for m in (
    Meaning("sum", (1, 1), "items", _sum, origin="items"),
    Meaning("count", (1, 1), "items", _count, origin="items"),
    Meaning("any", (1, 1), "items", _quantifier(True), origin="items"),
    Meaning("all", (1, 1), "items", _quantifier(False), origin="items"),
    Meaning("min", (1, 9), "items", _pick(min), origin="pick-or-items"),
    Meaning("max", (1, 9), "items", _pick(max), origin="pick-or-items"),
    Meaning("first", (1, 1), "items", _first, origin="pick"),
    Meaning("len", (1, 1), "value", _len, origin="arg"),
    Meaning("abs", (1, 1), "scalar", _abs, origin="arg"),
    Meaning("date", (3, 3), "scalar", _date, origin="args"),
    Meaning("year", (1, 1), "scalar", _year, origin="arg"),
    Meaning("numeral", (1, 1), "scalar", _numeral, origin="arg"),
    Meaning("joined", (2, 2), "scalar", _joined, origin="args"),
    Meaning("section", (1, 2), "ctx+value", _section, origin="result"),
    Meaning("similarity", (2, 2), "ctx+value", _similarity, origin="arg"),
    Meaning("percent", (1, 1), "scalar", _percent, origin="arg"),
    Meaning("lookalikes", (2, 2), "ctx+value", _lookalikes, origin="none", batch=True),
    Meaning("foreign_places", (1, 1), "ctx+value", _foreign_places, origin="none", batch=True),
    Meaning("search", (1, 2), "ctx+value", _search, origin="none"),
    Meaning("line", (1, 1), "scalar", _line, origin="line"),
)}

AGGREGATES = frozenset(name for name, m in FUNCTIONS.items() if m.takes == "items")
PICKS = frozenset(name for name, m in FUNCTIONS.items() if m.origin.startswith("pick"))
BATCH_FUNCTIONS = frozenset(name for name, m in FUNCTIONS.items() if m.batch)
