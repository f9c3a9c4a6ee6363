"""The rule language's syntax tree: frozen dataclasses built by ``checker.language.loader``.

Names are already resolved when these nodes exist (the loader's second pass):
a bare word is a ``Var`` (bound by ``let``/``for``), a ``Builtin`` fact of the
report, a ``TableConst`` or a ``Label`` (a row, column or section name), and a
cell reference with literal labels carries canonical ids (``Sym``). So the
engine never guesses what a name means, and a typo fails at load time.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from checker.diagnostics import Severity
from checker.language.select import matches


@dataclass(frozen=True, slots=True)
class Pos:
    """Where a node starts in its rule file (1-based)."""

    line: int
    column: int


# ---------------------------------------------------------------- expressions


@dataclass(frozen=True, slots=True)
class Const:
    value: Any  # Decimal, str, date, bool
    pos: Pos


@dataclass(frozen=True, slots=True)
class Regex:
    pattern: str
    pos: Pos


@dataclass(frozen=True, slots=True)
class Name:
    """An unresolved bare word (only between parsing and resolution)."""

    name: str
    pos: Pos


@dataclass(frozen=True, slots=True)
class Var:
    name: str
    pos: Pos


@dataclass(frozen=True, slots=True)
class Builtin:
    name: str
    pos: Pos


@dataclass(frozen=True, slots=True)
class TableConst:
    table: str  # "t2" | "t3" | "t4"
    pos: Pos


@dataclass(frozen=True, slots=True)
class Label:
    """A row, column or section name used as a value ("规章", "s6"): resolved where it is used."""

    text: str
    pos: Pos


@dataclass(frozen=True, slots=True)
class Sym:
    """A canonical row or column id of a table, resolved at load time."""

    table: str
    axis: str  # "row" | "col"
    id: str
    pos: Pos
    text: str = field(default="", compare=False)  # the word written, for resolving against another format


@dataclass(frozen=True, slots=True)
class ListExpr:
    items: tuple[Expr, ...]
    pos: Pos


@dataclass(frozen=True, slots=True)
class Attr:
    obj: Expr
    name: str
    pos: Pos


@dataclass(frozen=True, slots=True)
class Index:
    obj: Expr
    args: tuple[Expr, ...]
    pos: Pos


@dataclass(frozen=True, slots=True)
class CellAt:
    """``表三[本年新收, col]``: one cell of a table; ``previous.表三[…]``: of another report (``of``)."""

    table: str
    row: Expr
    col: Expr
    pos: Pos
    of: Expr | None = None  # the report the cell is of (``previous``, a child): None for this report


@dataclass(frozen=True, slots=True)
class Call:
    func: str
    args: tuple[Expr, ...]
    pos: Pos


@dataclass(frozen=True, slots=True)
class GenCall:
    """``sum(表三[r, col] for r in 表三.outcomes where …)``."""

    func: str
    expr: Expr
    targets: tuple[str, ...]
    iterable: Expr
    where: Expr | None
    pos: Pos


@dataclass(frozen=True, slots=True)
class Unary:
    op: str  # "-" | "not"
    operand: Expr
    pos: Pos


@dataclass(frozen=True, slots=True)
class Binary:
    op: str  # + - * / and or ??
    left: Expr
    right: Expr
    pos: Pos


@dataclass(frozen=True, slots=True)
class Compare:
    op: str  # == != < <= > >=
    left: Expr
    right: Expr
    tolerance: Expr | None
    pos: Pos


@dataclass(frozen=True, slots=True)
class Test:
    """``x contains y``, ``x matches /re/``, ``x in xs``, ``x is blank`` (``negated`` for ``not``)."""

    kind: str  # "contains" | "matches" | "in" | "is"
    left: Expr
    right: Expr | None
    name: str  # the predicate of "is"
    negated: bool
    pos: Pos


@dataclass(frozen=True, slots=True)
class IfExpr:
    cond: Expr
    then: Expr
    orelse: Expr
    pos: Pos


Expr = (
    Const | Regex | Name | Var | Builtin | TableConst | Label | Sym | ListExpr | Attr | Index | CellAt
    | Call | GenCall | Unary | Binary | Compare | Test | IfExpr
)


# ---------------------------------------------------------------- statements


@dataclass(frozen=True, slots=True)
class Let:
    name: str
    expr: Expr
    pos: Pos


@dataclass(frozen=True, slots=True)
class For:
    targets: tuple[str, ...]  # ("x",) or ("i", "x") for an index and an item
    iterable: Expr
    where: Expr | None
    body: tuple[Stmt, ...]
    pos: Pos


@dataclass(frozen=True, slots=True)
class When:
    cond: Expr
    body: tuple[Stmt, ...]
    orelse: tuple[Stmt, ...]
    pos: Pos


@dataclass(frozen=True, slots=True)
class Hint:
    """``hint "…" if c`` after a check: what to change, when ``c`` holds (no condition: always)."""

    template: str  # a message template, over the same names as the rule's message
    cond: Expr | None
    pos: Pos


@dataclass(frozen=True, slots=True)
class Check:
    """``require c``, ``forbid c`` or ``flag``: the statements that produce diagnostics."""

    kind: str  # "require" | "forbid" | "flag"
    cond: Expr | None
    at: Expr | None
    pos: Pos
    hints: tuple[Hint, ...] = ()  # the first whose condition holds is the finding's hint


Stmt = Let | For | When | Check


# ---------------------------------------------------------------- rules


@dataclass(frozen=True, slots=True)
class Applies:
    """Which reports a rule applies to; empty formats and None bounds mean "all"."""

    formats: tuple[str, ...] = ()
    years: tuple[int | None, int | None] = (None, None)

    def includes(self, fmt: str, year: int | None) -> bool:
        if self.formats and fmt != "unknown" and fmt not in self.formats:
            return False
        lo, hi = self.years
        if year is None:
            return True
        return (lo is None or year >= lo) and (hi is None or year <= hi)


@dataclass(frozen=True, slots=True)
class Source:
    path: str
    line: int


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    severity: Severity
    message: str
    summary: str = ""  # one line for the reader: `rules`, statistics, HTML, JSON
    basis: str = ""
    description: str = ""
    example_pass: str = ""
    example_fail: str = ""
    applies: Applies = Applies()
    # Rules whose finding at the same place reports the same fault: this rule's finding there is dropped
    # (``covered by period-mismatch``; docs/rule-language.md §1).
    covered_by: tuple[str, ...] = ()
    source: Source = Source("", 0)
    body: tuple[Stmt, ...] = ()
    from_reader: bool = False
    # The body resolved against each format it resolves in (the first is ``body``); empty for a
    # rule built by hand, which is taken as it is for every format.
    resolved: tuple[tuple[str, tuple[Stmt, ...]], ...] = ()

    def body_for(self, fmt: str) -> tuple[Stmt, ...] | None:
        """The body whose names are resolved against the layout of ``fmt``; None if they do not resolve there."""
        if not self.resolved:
            return self.body
        return next((body for f, body in self.resolved if f == fmt), None)


_MAX_COMPILED = 8


@dataclass(frozen=True, slots=True)
class RuleSet:
    rules: tuple[Rule, ...] = ()
    _by_id: Mapping[str, Rule] = field(default_factory=dict, init=False, repr=False, compare=False, hash=False)
    # The engine's compiled form of these rules (closures), built lazily in each process: never pickled.
    _compiled: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {r.id: r for r in self.rules})

    def __reduce__(self) -> tuple[type[RuleSet], tuple[tuple[Rule, ...]]]:
        """Pickle the rules only: the id index is rebuilt, the compiled closures are rebuilt on use."""
        return (RuleSet, (self.rules,))

    def compiled(self, key: Hashable, build: Callable[[], Any]) -> Any:
        """What ``build`` makes for these rules under ``key`` (the engine's layout and options), made once
        per process and key (a few keys at most: one per format and set of options in use)."""
        hit = self._compiled.get(key)
        if hit is None:
            if len(self._compiled) >= _MAX_COMPILED:
                self._compiled.clear()
            hit = self._compiled[key] = build()
        return hit

    def ids(self) -> tuple[str, ...]:
        return tuple(r.id for r in self.rules)

    def get(self, rule_id: str) -> Rule | None:
        return self._by_id.get(rule_id)

    def __len__(self) -> int:
        return len(self.rules)

    def __iter__(self):
        return iter(self.rules)

    def select(self, select: Sequence[str] = (), ignore: Sequence[str] = ()) -> RuleSet:
        """Keep rules matching any of ``select`` (all when empty), minus those matching ``ignore``.

        Patterns are read by ``checker.language.select.matches``: ``ALL``, an id, or a prefix ("t3", "t3-").
        """
        kept = [r for r in self.rules if (not select or matches(r.id, select))]
        return RuleSet(tuple(r for r in kept if not matches(r.id, ignore)))

    def with_severities(self, overrides: Mapping[str, Severity]) -> RuleSet:
        """New severities by id or id prefix (the longest matching pattern wins)."""

        def level(rule: Rule) -> Severity:
            hits = [p for p in overrides if matches(rule.id, (p,))]
            return overrides[max(hits, key=len)] if hits else rule.severity

        return RuleSet(tuple(replace(r, severity=Severity(level(r))) for r in self.rules))
