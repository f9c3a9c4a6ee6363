"""Compile a rule's statements into closures over a frame; diagnostics still come from the interpreter.

A compiled rule runs ``let``/``for``/``when`` and decides each ``require``/``forbid`` on
plain values (``checker.engine.compile_expr``). Only when a check fails does it rebuild the
interpreter's context — replaying the bindings in scope, ``let`` by ``let`` through
``evaluate_expr`` — and hand the check to the engine's own diagnostic code, which gives
the origin, the message and the values exactly as an interpreted rule would. A ``let``
that no condition reads (one used only in the message) is not computed on the hot path.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from checker.diagnostics import Diagnostic
from checker.engine.compile_cells import BodyKey, body_key, cell_filter, where_truth
from checker.engine.compile_expr import Compiler, Fn, Unsupported
from checker.engine.compile_where import field_reads, field_truth
from checker.engine.fastrun import Run, truth_of
from checker.engine.interpret import evaluate as value_of
from checker.engine.values import Ctx, V, wrap
from checker.language import ast as ast
from checker.read.layouts import Layout

# A binding visible at a check: ("let", name, slot, expr) or ("item" | "index", name, slot, None).
Binding = tuple[str, str, int, Any]
Checker = Callable[[ast.Rule, ast.Check, Ctx], "Diagnostic | None"]
Step = Callable[[list], None]


@dataclass(frozen=True, slots=True)
class Program:
    """One compiled rule: run it with ``program(run)``; it returns the rule's diagnostics."""

    nslots: int
    body: Step

    def __call__(self, run: Run) -> list[Diagnostic]:
        frame: list = [run] + [None] * (self.nslots - 1)
        start = len(run.out)
        self.body(frame)
        return run.out[start:]


def compile_rule(rule: ast.Rule, layout: Layout, checker: Checker) -> Program | None:
    """The compiled rule, or None when it uses something only the interpreter knows."""
    c = _RuleCompiler(Compiler(layout), rule, checker, {}, [])
    try:
        body = c.block(rule.body, {}, ())
    except Unsupported:
        return None
    c.drop_dead_lets()
    return Program(c.compiler.nslots, body)


@dataclass
class _RuleCompiler:
    compiler: Compiler
    rule: ast.Rule
    checker: Checker
    let_uses: dict[int, set[int]]
    lets: list[tuple[int, list[Step], Step]]

    def expr(self, e: ast.Expr, scope: dict[str, int], into: set[int]) -> Fn:
        before = self.compiler.uses
        self.compiler.uses = into
        try:
            return self.compiler.expr(e, scope)
        finally:
            self.compiler.uses = before

    def block(self, stmts: tuple[ast.Stmt, ...], scope: dict[str, int], chain: tuple[Binding, ...]) -> Step:
        steps: list[Step] = []
        scope = dict(scope)
        for stmt in stmts:
            if isinstance(stmt, ast.Let):
                slot = self.compiler.new_slot()
                uses: set[int] = set()
                value = self.expr(stmt.expr, scope, uses)
                step = _let(slot, value)
                self.let_uses[slot] = uses
                self.lets.append((slot, steps, step))
                steps.append(step)
                scope[stmt.name] = slot
                chain = (*chain, ("let", stmt.name, slot, stmt.expr))
            elif isinstance(stmt, ast.For):
                steps.append(self.loop(stmt, scope, chain))
            elif isinstance(stmt, ast.When):
                steps.append(self.when(stmt, scope, chain))
            else:
                steps.append(self.check(stmt, scope, chain))
        return _sequence(steps)

    def loop(self, stmt: ast.For, scope: dict[str, int], chain: tuple[Binding, ...]) -> Step:
        inner = dict(scope)
        slots = [self.compiler.new_slot() for _ in stmt.targets]
        inner.update(zip(stmt.targets, slots, strict=True))
        item_slot, index_slot = slots[-1], (slots[0] if len(slots) == 2 else None)
        chain = (*chain, ("item", stmt.targets[-1], item_slot, None))
        if index_slot is not None:
            chain = (*chain, ("index", stmt.targets[0], index_slot, None))
        by_state = cell_filter(stmt.iterable, stmt.targets, stmt.where)
        if by_state is not None:
            states, rest = by_state
            iterable: Fn = lambda f: f[0].cells_in(states)  # noqa: E731
        else:
            iterable, rest = self.expr(stmt.iterable, scope, self.root_uses), stmt.where
        where = None if rest is None else self.expr(rest, inner, self.root_uses)
        if where is not None and by_state is not None and rest is not None:
            where = where_truth(where, rest, stmt.targets[0], item_slot)
        elif where is not None and rest is not None and (names := field_reads(rest, stmt.targets[-1])):
            where = field_truth(where, names, item_slot)
        body = self.block(stmt.body, inner, chain)
        key = body_key(stmt.body, stmt.targets[0]) if by_state is not None else None
        if key is not None and not key.per_report and index_slot is None and where is None:
            return _keyed_loop(iterable, item_slot, body, key)
        if key is not None:
            body = _once_per_key(body, key, item_slot)
        if index_slot is None and where is None:
            return _plain_loop(iterable, item_slot, body)

        def loop(f: list) -> None:
            items = iterable(f)
            if not isinstance(items, (tuple, list)):
                return
            for i, item in enumerate(items):
                f[item_slot] = item
                if index_slot is not None:
                    f[index_slot] = Decimal(i)
                if where is None or truth_of(where(f)) is True:
                    body(f)

        return loop

    def when(self, stmt: ast.When, scope: dict[str, int], chain: tuple[Binding, ...]) -> Step:
        cond = self.expr(stmt.cond, scope, self.root_uses)
        body, orelse = self.block(stmt.body, scope, chain), self.block(stmt.orelse, scope, chain)

        def when(f: list) -> None:
            x = truth_of(cond(f))
            if x is not None:
                (body if x else orelse)(f)

        return when

    def check(self, stmt: ast.Check, scope: dict[str, int], chain: tuple[Binding, ...]) -> Step:
        report = _reporter(self.rule, stmt, chain, self.checker)
        if stmt.cond is None:
            return report
        cond = self.expr(stmt.cond, scope, self.root_uses)
        fires_when = stmt.kind != "require"

        def check(f: list) -> None:
            if truth_of(cond(f)) is fires_when:
                report(f)

        return check

    def drop_dead_lets(self) -> None:
        """Remove the ``let`` steps no condition, loop or other needed ``let`` reads."""
        needed, todo = set(), list(self.root_uses)
        while todo:
            slot = todo.pop()
            if slot not in needed:
                needed.add(slot)
                todo.extend(self.let_uses.get(slot, ()))
        for slot, steps, step in self.lets:
            if slot not in needed:
                steps.remove(step)

    def __post_init__(self) -> None:
        self.root_uses: set[int] = set()


def _once_per_key(body: Step, key: BodyKey, item_slot: int) -> Step:
    """Skip the body for a cell whose key (``compile_cells.body_key``) already passed.

    In this report, or, for a body that reads nothing of the report, in any report: that
    memo is a bounded cache of a pure function, kept with the compiled rule.
    """
    get, memo = key.key, ("passed", object())
    shared: set = set()

    def keyed(f: list) -> None:
        run = f[0]
        passed = shared
        if key.per_report:
            passed = run.memo.get(memo)
            if passed is None:
                passed = run.memo[memo] = set()
        k = get(f[item_slot])
        if k in passed:
            return
        before = len(run.out)
        body(f)
        if len(run.out) == before:
            if len(passed) >= _MAX_PASSED:
                passed.clear()
            passed.add(k)

    return keyed


_MAX_PASSED = 65536


def _keyed_loop(iterable: Fn, item_slot: int, body: Step, key: BodyKey) -> Step:
    """``_plain_loop`` over ``_once_per_key(body)`` for a body that reads nothing of the report,
    with the key test inline: ``cell-invalid`` meets ~200 cells a report, nearly all passed before."""
    get = key.key
    passed: set = set()  # the same bounded memo as ``_once_per_key``'s, kept with the compiled rule

    def loop(f: list) -> None:
        items = iterable(f)
        if not isinstance(items, (tuple, list)):
            return
        out = f[0].out
        for item in items:
            k = get(item)
            if k in passed:
                continue
            f[item_slot] = item
            before = len(out)
            body(f)
            if len(out) == before:
                if len(passed) >= _MAX_PASSED:
                    passed.clear()
                passed.add(k)

    return loop


def _plain_loop(iterable: Fn, item_slot: int, body: Step) -> Step:
    """``for x in L { … }`` without an index or a ``where``: the commonest loop, with nothing to test."""

    def loop(f: list) -> None:
        items = iterable(f)
        if isinstance(items, (tuple, list)):
            for item in items:
                f[item_slot] = item
                body(f)

    return loop


def _let(slot: int, value: Fn) -> Step:
    def let(f: list) -> None:
        f[slot] = value(f)

    return let


def _sequence(steps: list[Step]) -> Step:
    """Run the steps in order; the list may still lose dead ``let`` steps after this is built."""

    def sequence(f: list) -> None:
        for step in steps:
            step(f)

    return sequence


def _reporter(rule: ast.Rule, stmt: ast.Check, chain: tuple[Binding, ...], checker: Checker) -> Step:
    """The failing check, handed to the interpreter with the context it would have had."""

    def report(f: list) -> None:
        run = f[0]
        ctx = run.ctx
        for kind, name, slot, expr in chain:
            if kind == "let":
                ctx = ctx.bind(name, value_of(expr, ctx))
            else:
                ctx = ctx.bind(name, wrap(f[slot]) if kind == "item" else V(f[slot]))
        diag = checker(rule, stmt, ctx)
        if diag is not None:
            run.out.append(diag)

    return report
