"""The engine: (RuleSet, Report, Options) → diagnostics. Pure: no I/O, no printing, no state.

Statements run top-down in a context of bound names. ``require c`` reports when ``c`` is
false, ``forbid c`` when ``c`` is true, ``flag`` always; a condition that is unknown
(blank/absent inputs, see ``evaluate_expr``) reports nothing — the missing data itself is
reported once by the cell rules and the reader problems. Each diagnostic is located at the
``at`` expression's origin, else at the condition's (the first cell or text it read).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from checker.diagnostics import CellRef, Diagnostic, NotAssessed, sorted_diagnostics
from checker.engine.compile_rule import Program, compile_rule
from checker.engine.fastrun import Axes, Run
from checker.engine.interpret import evaluate as value_of
from checker.engine.interpret import iterate
from checker.engine.textmatch import Match
from checker.engine.values import (
    AxisRef,
    Ctx,
    Origin,
    TableVal,
    V,
    attribute,
    builtin,
    scalar,
    text_of,
    truth,
)
from checker.language import ast as ast
from checker.model import Cell, Dated, Report, Section
from checker.read.layouts import Layout, SectionLayout, load_layout

_FIELD = re.compile(r"\{([^{}]*)\}")


@dataclass(frozen=True, slots=True)
class Options:
    """Facts from outside the report. ``published`` overrides the date read from the text."""

    published: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Assessment:
    """What the rules say of one report: the findings, and the rules that could not be assessed and why."""

    diagnostics: tuple[Diagnostic, ...]
    not_assessed: tuple[NotAssessed, ...]


def assess(ruleset: ast.RuleSet, report: Report, options: Options = Options()) -> Assessment:
    """The findings and the gaps (contract for the batch runner; the gaps are filled in by the engine's rework)."""
    return Assessment(evaluate(ruleset, report, options), ())


def evaluate(ruleset: ast.RuleSet, report: Report, options: Options = Options()) -> tuple[Diagnostic, ...]:
    """Every diagnostic the rules give for the report, sorted by location."""
    layout = load_layout()
    not_a_report = [p for p in report.problems if p.kind == "not-a-report"]
    if not_a_report:
        rule = ruleset.get("not-a-report")
        return tuple(_from_problem(rule, p) for p in not_a_report[:1]) if rule else ()
    published = report.published
    if options.published is not None:
        published = Dated(options.published, options.published.isoformat(), None)
    ctx = Ctx(report, layout, published, {})
    axes, programs = ruleset.compiled(layout, lambda: _compile(ruleset, layout))
    run = Run(ctx, axes)
    found: dict[tuple, Diagnostic] = {}
    for rule, program in zip(ruleset.rules, programs, strict=True):
        if not rule.applies.includes(report.format, report.year):
            continue
        if rule.from_reader:
            diags: Iterable[Diagnostic] = _reader_rule(rule, report)
        else:
            diags = program(run) if program is not None else _run(rule, rule.body, ctx)
        for d in diags:
            found.setdefault((d.rule, d.location, d.cell, d.message), d)
    return sorted_diagnostics(list(found.values()))


def _compile(ruleset: ast.RuleSet, layout: Layout) -> tuple[Axes, tuple[Program | None, ...]]:
    """Each rule as closures (``checker.engine.compile_rule``), None for one the interpreter must run."""
    programs = tuple(None if r.from_reader else compile_rule(r, layout, _check) for r in ruleset.rules)
    return Axes.of(layout), programs


def _reader_rule(rule: ast.Rule, report: Report) -> Iterator[Diagnostic]:
    return (_from_problem(rule, p) for p in report.problems if p.kind == rule.id)


def _from_problem(rule: ast.Rule, problem) -> Diagnostic:
    values = dict(problem.values)
    fields = [f for f in _FIELD.findall(rule.message)]
    if all(f in values for f in fields):
        message = _FIELD.sub(lambda m: display(values[m.group(1)]), rule.message)
    else:
        message = problem.message
    cell = None
    if all(isinstance(values.get(k), str) for k in ("table", "row", "col")):
        cell = CellRef(values["table"], values["row"], values["col"])
    return Diagnostic(rule.id, rule.severity, message, problem.loc, cell, values)


def _run(rule: ast.Rule, stmts: tuple[ast.Stmt, ...], ctx: Ctx) -> Iterator[Diagnostic]:
    for stmt in stmts:
        if isinstance(stmt, ast.Let):
            ctx = ctx.bind(stmt.name, value_of(stmt.expr, ctx))
        elif isinstance(stmt, ast.For):
            yield from _for(rule, stmt, ctx)
        elif isinstance(stmt, ast.When):
            cond = truth(scalar(value_of(stmt.cond, ctx).value))
            if cond is not None:
                yield from _run(rule, stmt.body if cond else stmt.orelse, ctx)
        else:
            diag = _check(rule, stmt, ctx)
            if diag is not None:
                yield diag


def _for(rule: ast.Rule, stmt: ast.For, ctx: Ctx) -> Iterator[Diagnostic]:
    for inner in iterate(stmt.targets, value_of(stmt.iterable, ctx), ctx):
        if stmt.where is None or truth(scalar(value_of(stmt.where, inner).value)) is True:
            yield from _run(rule, stmt.body, inner)


def _check(rule: ast.Rule, stmt: ast.Check, ctx: Ctx) -> Diagnostic | None:
    extra: dict[str, V] = {}
    origin = None
    if stmt.cond is not None:
        cond = value_of(stmt.cond, ctx)
        ok = truth(scalar(cond.value))
        if ok is None or ok == (stmt.kind == "require"):
            return None
        origin = cond.origin
        if isinstance(stmt.cond, ast.Compare):
            extra = {"actual": value_of(stmt.cond.left, ctx), "expected": value_of(stmt.cond.right, ctx)}
    if stmt.at is not None:
        origin = value_of(stmt.at, ctx).origin or origin
    origin = origin or _innermost_origin(ctx)
    return _diagnostic(rule, ctx, origin, extra)


def _innermost_origin(ctx: Ctx) -> Origin | None:
    return next((v.origin for v in reversed(list(ctx.scope.values())) if v.origin is not None), None)


def _diagnostic(rule: ast.Rule, ctx: Ctx, origin: Origin | None, extra: dict[str, V]) -> Diagnostic:
    named = {**ctx.scope, **extra}
    message = _FIELD.sub(lambda m: display(_field(m.group(1), named, ctx)), rule.message)
    values = {k: plain(v.value) for k, v in named.items()}
    return Diagnostic(rule.id, rule.severity, message, origin.loc if origin else None,
                      origin.cell if origin else None, values)


def _field(path: str, named: dict[str, V], ctx: Ctx) -> Any:
    head, *attrs = path.split(".")
    value = named[head].value if head in named else builtin(head, ctx)
    for name in attrs:
        value = attribute(value, name, ctx) if value is not None else None
    return value


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
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def plain(value: Any) -> Any:
    """The JSON-friendly form of a value for ``Diagnostic.values``."""
    if isinstance(value, (AxisRef, TableVal)):
        return value.id if isinstance(value, AxisRef) else value.layout.id
    if isinstance(value, Cell):
        return value.value
    if isinstance(value, Section):
        return value.key
    if isinstance(value, SectionLayout):
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


__all__ = ["Assessment", "Layout", "Options", "assess", "evaluate"]
