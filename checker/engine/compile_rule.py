"""Compile a rule's statements into one step over a frame: loops, ``when``, ``let`` and checks.

A check whose condition is decided runs on plain values only. When it fails, the same
compiled nodes give its place (``Node.origin``) and the values of the names in scope, from
which ``diagnose`` builds the diagnostic; when its condition is unknown, they give the
reason (``Node.why``), which the run counts as a gap of the rule (``NotAssessed``). A ``when``
whose condition is unknown, and a ``for`` over something that is not a list, are gaps too;
a ``for`` over an empty list is not.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from checker.engine import diagnose
from checker.engine.compile_calls import cell_states
from checker.engine.compile_expr import Compiler
from checker.engine.nodes import Binding, Node, Scope, reason
from checker.engine.reasons import UNDECIDED
from checker.engine.values import origin_of
from checker.language import ast as ast
from checker.language.values import AxisRef, truth
from checker.read.layouts import Layout

Step = Callable[[list], None]
Chain = tuple[tuple[str, Binding], ...]  # the names in scope at a statement, in binding order


@dataclass(frozen=True, slots=True)
class Program:
    """One compiled rule: ``program(run)`` runs it; its findings and gaps are left in the run."""

    nslots: int
    body: Step

    def __call__(self, run: Any) -> None:
        frame: list = [run] + [None] * (self.nslots - 1)
        self.body(frame)


def compile_rule(rule: ast.Rule, body: tuple[ast.Stmt, ...], layout: Layout,
                 axes: Mapping[tuple[str, str, str], AxisRef], optimise: bool) -> Program:
    c = _RuleCompiler(Compiler(layout, axes, optimise), rule)
    step = c.block(body, {}, ())
    return Program(c.compiler.nslots, step)


def _truth(node: Node) -> Callable[[list], Any]:
    get = node.value
    return get if node.truthy else (lambda f: truth(get(f)))


def _gap(node: Node) -> Step:
    def gap(f: list) -> None:
        f[0].gap(reason(node, f) or UNDECIDED)

    return gap


class _RuleCompiler:
    def __init__(self, compiler: Compiler, rule: ast.Rule) -> None:
        self.compiler, self.rule = compiler, rule

    def block(self, stmts: tuple[ast.Stmt, ...], scope: Scope, chain: Chain) -> Step:
        steps: list[Step] = []
        scope = dict(scope)
        for stmt in stmts:
            if isinstance(stmt, ast.Let):
                slot = self.compiler.new_slot()
                node = self.compiler.expr(stmt.expr, scope)
                steps.append(_let(slot, node.value))
                scope[stmt.name] = binding = Binding("let", slot, node)
                chain = (*chain, (stmt.name, binding))
            elif isinstance(stmt, ast.For):
                steps.append(self.loop(stmt, scope, chain))
            elif isinstance(stmt, ast.When):
                steps.append(self.when(stmt, scope, chain))
            else:
                steps.append(self.check(stmt, scope, chain))
        return _sequence(steps)

    def loop(self, stmt: ast.For, scope: Scope, chain: Chain) -> Step:
        c = self.compiler
        iterable = c.expr(stmt.iterable, scope)
        inner = dict(scope)
        slots = [c.new_slot() for _ in stmt.targets]
        item_slot, index_slot = slots[-1], (slots[0] if len(slots) == 2 else None)
        inner[stmt.targets[-1]] = item = Binding("item", item_slot)
        chain = (*chain, (stmt.targets[-1], item))
        if index_slot is not None:
            inner[stmt.targets[0]] = index = Binding("index", index_slot)
            chain = (*chain, (stmt.targets[0], index))
        states, rest = cell_states(c, stmt.iterable, stmt.targets, stmt.where)
        where = None if rest is None else _truth(c.expr(rest, inner))
        body, items_of, not_a_list = self.block(stmt.body, inner, chain), iterable.value, _gap(iterable)

        def loop(f: list) -> None:
            items = items_of(f)
            if not isinstance(items, (tuple, list)):
                not_a_list(f)
                return
            run = f[0]
            run.charge(len(items))
            if states is not None:
                items = run.cells_in(states)
            for i, x in enumerate(items):
                f[item_slot] = x
                if index_slot is not None:
                    f[index_slot] = Decimal(i)
                if where is None or where(f) is True:
                    body(f)

        return loop

    def when(self, stmt: ast.When, scope: Scope, chain: Chain) -> Step:
        cond = self.compiler.expr(stmt.cond, scope)
        decide, unknown = _truth(cond), _gap(cond)
        body, orelse = self.block(stmt.body, scope, chain), self.block(stmt.orelse, scope, chain)

        def when(f: list) -> None:
            x = decide(f)
            if x is True:
                body(f)
            elif x is False:
                orelse(f)
            else:
                unknown(f)

        return when

    def check(self, stmt: ast.Check, scope: Scope, chain: Chain) -> Step:
        c = self.compiler
        cond = None if stmt.cond is None else c.expr(stmt.cond, scope)
        at = None if stmt.at is None else c.expr(stmt.at, scope)
        sides = None
        if isinstance(stmt.cond, ast.Compare):
            sides = (c.expr(stmt.cond.left, scope), c.expr(stmt.cond.right, scope))
        fail = _failure(self.rule, cond, at, sides, chain)
        if cond is None:
            return fail
        decide, unknown, fires = _truth(cond), _gap(cond), stmt.kind != "require"

        def check(f: list) -> None:
            x = decide(f)
            if x is fires:
                fail(f)
            elif x is None:
                unknown(f)

        return check


def _failure(rule: ast.Rule, cond: Node | None, at: Node | None, sides: tuple[Node, Node] | None,
             chain: Chain) -> Step:
    """The step that reports a failing check: its place and the values in scope, by the compiled nodes."""

    def fail(f: list) -> None:
        origin = cond.origin(f) if cond is not None else None
        if at is not None:
            origin = at.origin(f) or origin
        named = _named(chain, f)
        if origin is None:
            origin = _innermost(named, f)
        values = {name: f[b.slot] for name, b in named.items()}
        if sides is not None:
            values["actual"], values["expected"] = sides[0].value(f), sides[1].value(f)
        run = f[0]
        run.out.append(diagnose.diagnostic(rule, run, origin, values))

    return fail


def _named(chain: Chain, f: list) -> dict[str, Binding]:
    """The bindings in scope by name, in the order the names were first bound (a rebinding keeps its place)."""
    named: dict[str, Binding] = {}
    for name, b in chain:
        named[name] = b
    return named


def _innermost(named: dict[str, Binding], f: list) -> Any:
    """The place of the last-bound name that has one (the innermost loop item, or a located ``let``)."""
    for b in reversed(named.values()):
        if b.kind == "index":
            continue
        o = origin_of(f[b.slot]) if b.node is None else b.node.origin(f)
        if o is not None:
            return o
    return None


def _let(slot: int, value: Callable[[list], Any]) -> Step:
    def let(f: list) -> None:
        f[slot] = value(f)

    return let


def _sequence(steps: list[Step]) -> Step:
    if not steps:
        return lambda f: None
    if len(steps) == 1:
        return steps[0]
    if len(steps) == 2:
        a, b = steps

        def two(f: list) -> None:
            a(f)
            b(f)

        return two
    steps_t = tuple(steps)

    def sequence(f: list) -> None:
        for step in steps_t:
            step(f)

    return sequence
