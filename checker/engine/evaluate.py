"""The engine: (RuleSet, Report, Options, Layout) → findings and gaps. Pure: no I/O, no state.

Each rule is compiled once per layout (``compile_rule``) and run on the report. ``require c``
reports when ``c`` is false, ``forbid c`` when it is true, ``flag`` always; a condition that
is unknown reports nothing and is counted, with its reason, as a check not assessed
(``Assessment.not_assessed``; docs/rule-language.md §4). Each rule has a budget of steps on
each report; a rule that spends it gives one ``rule-budget`` error instead of its findings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from checker.diagnostics import Diagnostic, NotAssessed, Severity, sorted_diagnostics
from checker.engine import diagnose
from checker.engine.compile_rule import Program, compile_rule
from checker.engine.cross import is_cross
from checker.engine.run import Run
from checker.engine.values import axis_ref
from checker.language import ast as ast
from checker.language.meanings import BudgetExceeded
from checker.language.values import AxisRef
from checker.model import Dated, Report, Table
from checker.read.layouts import Layout, layout_of, load_layout

#: Steps one rule may take on one report: an item of a loop or generator is a step, so is each
#: 1,024 characters a text test or a search reads and each match it finds. A shipped rule takes
#: at most a few thousand on a real report.
DEFAULT_BUDGET = 500_000


@dataclass(frozen=True, slots=True)
class Options:
    """Facts from outside the report, and how to evaluate.

    ``published`` overrides the date read from the text; ``budget`` is the steps each rule may
    take on a report; ``optimise`` False evaluates every node by its general path (the same
    results, slower: the differential test compares the two).
    """

    published: dt.date | None = None
    budget: int = DEFAULT_BUDGET
    optimise: bool = True


@dataclass(frozen=True, slots=True)
class Assessment:
    """What the rules say of one report: the findings, and the rules that could not be assessed and why."""

    diagnostics: tuple[Diagnostic, ...]
    not_assessed: tuple[NotAssessed, ...]


@dataclass(frozen=True, slots=True)
class _Compiled:
    layout: Layout
    axes: dict[tuple[str, str, str], AxisRef]
    programs: tuple[Program | None, ...]
    cross: tuple[bool, ...]  # which rules read other reports of the batch (``engine.cross.is_cross``)


def evaluate(ruleset: ast.RuleSet, report: Report, options: Options = Options(),
             layout: Layout | None = None) -> tuple[Diagnostic, ...]:
    """Every diagnostic the rules give for the report, sorted by location (``assess`` without the gaps)."""
    return assess(ruleset, report, options, layout).diagnostics


#: Which rules ``assess`` runs: every rule, those of the report alone, or the cross-report ones only.
PARTS = ("all", "own", "cross")


def assess(ruleset: ast.RuleSet, report: Report, options: Options = Options(),
           layout: Layout | None = None, batch: Any = None, part: str = "all") -> Assessment:
    """The findings and the gaps of the rules on one report.

    ``layout`` defaults to the layout of the report's format (``read.layouts.layout_of``), else the
    2021 format's. A rule whose names do not resolve in that layout is not run. ``batch`` is the
    report's place in its batch (``engine.batchindex.Neighbours``) for the cross-report rules
    (``engine.cross.is_cross``); without one, ``previous`` and ``children`` name no report.
    ``part`` (``PARTS``) is how a batch splits the work: "own" in the workers, "cross" after.
    """
    layout = layout or layout_of(report.format) or load_layout()
    compiled = _compiled(ruleset, layout, options.optimise)
    published = report.published
    if options.published is not None:
        published = Dated(options.published, options.published.isoformat(), None)
    run = Run(report, layout, published, report.tables, compiled.axes, options.optimise)
    run.batch = batch
    not_a_report = [p for p in report.problems if p.kind == "not-a-report"]
    if not_a_report and part == "cross":
        return Assessment((), ())
    if not_a_report:
        rule = ruleset.get("not-a-report")
        return Assessment(tuple(diagnose.from_problem(rule, p, run) for p in not_a_report[:1]) if rule else (), ())
    inferred = {r for t in report.tables.values() for c in t.cells.values() if c.inferred
                for r in c.inferred.split(",")}
    found: dict[tuple, Diagnostic] = {}
    gaps: list[NotAssessed] = []
    for rule, program, cross in zip(ruleset.rules, compiled.programs, compiled.cross, strict=True):
        if (part == "own" and cross) or (part == "cross" and not cross) \
                or not rule.applies.includes(report.format, report.year):  # the part first: a bool, not a call
            continue
        if rule.from_reader:
            diags: Iterable[Diagnostic] = (diagnose.from_problem(rule, p, run)
                                           for p in report.problems if p.kind == rule.id)
        elif program is None:
            continue
        else:
            own = _masked(run, rule.id) if rule.id in inferred else run
            diags = _run(rule, program, own, options.budget, gaps)
        for d in diags:
            found.setdefault((d.rule, d.location, d.cell, d.message), d)
    return Assessment(sorted_diagnostics(uncovered(ruleset, list(found.values()))), tuple(gaps))


def uncovered(ruleset: ast.RuleSet, diags: list[Diagnostic]) -> list[Diagnostic]:
    """The findings less those a covering rule already gives at the same place (``covered by`` in the
    rule file): one fault, one finding. A rule covers only when it is loaded and fires there."""
    covers: dict[str, tuple[str, ...]] = {r.id: r.covered_by for r in ruleset.rules if r.covered_by}
    if not covers:
        return diags
    at = {(d.rule, d.location, d.cell) for d in diags}
    return [d for d in diags
            if not any((other, d.location, d.cell) in at for other in covers.get(d.rule, ()))]


def _run(rule: ast.Rule, program: Program, run: Run, budget: int, gaps: list[NotAssessed]) -> list[Diagnostic]:
    run.start(budget)
    try:
        program(run)
    except BudgetExceeded:
        return [Diagnostic("rule-budget", Severity.ERROR,
                           f"规则 {rule.id} 在本文件上用完了计算预算（{budget} 步）仍未算完，本文件未完成检查",
                           None, values={"rule": rule.id, "budget": budget})]
    gaps.extend(NotAssessed(rule.id, r.text, r.fault, n) for r, n in run.gaps.items())
    return run.out


def _masked(run: Run, rule_id: str) -> Run:
    """The run as ``rule_id`` sees it: the cells the reader inferred from this rule's identity hold no number."""
    tables: dict[str, Table] = {}
    for tid, table in run.report.tables.items():
        cells = {k: (replace(c, value=None) if c.inferred_by(rule_id) else c) for k, c in table.cells.items()}
        tables[tid] = replace(table, cells=cells)
    masked = Run(run.report, run.layout, run.published, tables, run.axes, run.optimise)
    masked.batch = run.batch
    return masked


def _compiled(ruleset: ast.RuleSet, layout: Layout, optimise: bool) -> _Compiled:
    def build() -> _Compiled:
        axes = {(t.id, axis, lab.id): axis_ref(t, axis, lab.id)
                for t in layout.tables for axis, labels in (("row", t.rows), ("col", t.cols)) for lab in labels}
        programs = []
        for rule in ruleset.rules:
            body = None if rule.from_reader else rule.body_for(layout.format)
            programs.append(None if body is None else compile_rule(rule, body, layout, axes, optimise))
        return _Compiled(layout, axes, tuple(programs), tuple(is_cross(r) for r in ruleset.rules))

    hit = ruleset.compiled((id(layout), optimise), build)
    if hit.layout is not layout:  # another layout at the same address: compile afresh, uncached
        return build()
    return hit


__all__ = ["DEFAULT_BUDGET", "PARTS", "Assessment", "Layout", "Options", "assess", "evaluate"]
