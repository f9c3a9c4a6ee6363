"""Compile a rule's statements into closures over one frame: loops, ``when``, ``let``, checks.

A block is one closure running its statements in order (a ``let`` stores its value in its
slot of the frame). A decided check runs on plain values only. When it
fails, its failure step reads the frame as it stands: the same compiled nodes give its place
(``Node.origin``) and the values in scope, and ``diagnose`` builds the diagnostic; when its
condition is unknown, they give the reason (``Node.why``), which the run counts as a gap of
the rule (``NotAssessed``). A ``when`` whose condition is unknown, and a ``for`` over
something that is not a list, are gaps too; a ``for`` over an empty list is not. A state
test of a bound name (``c is number``) is never unknown, so a check or ``when`` of one
decides it inline (optimised).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from checker.engine import diagnose
from checker.engine.compile_expr import Compiler
from checker.engine.compile_fast import cell_decider
from checker.engine.compile_loops import cell_states, items_of
from checker.engine.nodes import Binding, Node, Scope, reason, truth_of
from checker.engine.reasons import UNDECIDED
from checker.engine.values import origin_of
from checker.language import ast as ast
from checker.language.values import AxisRef
from checker.model import Cell
from checker.read.layouts import Layout

Chain = tuple[tuple[str, Binding], ...]  # the names in scope at a statement, in binding order
Step = Callable[[list], Any]
Program = Callable[[Any], None]  # run it on a ``Run``: its findings and gaps are left in the run


def compile_rule(rule: ast.Rule, body: tuple[ast.Stmt, ...], layout: Layout,
                 axes: Mapping[tuple[str, str, str], AxisRef], optimise: bool) -> Program:
    c = _RuleCompiler(Compiler(layout, axes, optimise), rule)
    block = c.block(body, {}, ())
    width = c.compiler.nslots

    def program(run: Any) -> None:
        f = [None] * width
        f[0] = run
        block(f)

    return program


def _let(slot: int, value: Step) -> Step:
    def let(f: list) -> None:
        f[slot] = value(f)

    return let


def sequence(steps: list[Step]) -> Step:
    """The steps of a block, in order, as one closure (written out for the short blocks rules have)."""
    n = len(steps)
    if n == 0:
        return lambda f: None
    if n == 1:
        return steps[0]
    if n == 2:
        a, b = steps

        def two(f: list) -> None:
            a(f)
            b(f)

        return two
    if n == 3:
        a, b, c = steps

        def three(f: list) -> None:
            a(f)
            b(f)
            c(f)

        return three
    if n == 4:
        a, b, c, d = steps

        def four(f: list) -> None:
            a(f)
            b(f)
            c(f)
            d(f)

        return four
    every = tuple(steps)

    def block(f: list) -> None:
        for step in every:
            step(f)

    return block


def _each(walk: Step, not_a_list: Step, item_slot: int, body: Step) -> Step:
    """``for x in L { … }`` (no index, no ``where``)."""

    def each(f: list) -> None:
        xs = walk(f)
        if xs is None:
            not_a_list(f)
            return
        for x in xs:
            f[item_slot] = x
            body(f)

    return each


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
        return sequence(steps)

    def loop(self, stmt: ast.For, scope: Scope, chain: Chain) -> Step:
        c = self.compiler
        iterable = c.expr(stmt.iterable, scope)
        inner = dict(scope)
        slots = [c.new_slot() for _ in stmt.targets]
        item_slot, index_slot = slots[-1], (slots[0] if len(slots) == 2 else None)
        inner[stmt.targets[-1]] = item = Binding("item", item_slot)
        body_chain = (*chain, (stmt.targets[-1], item))
        if index_slot is not None:
            inner[stmt.targets[0]] = index = Binding("index", index_slot)
            body_chain = (*body_chain, (stmt.targets[0], index))
        states, rest = cell_states(c, stmt.iterable, stmt.targets, stmt.where)
        walk, not_a_list = items_of(iterable.value, states), _gap(iterable)
        where = None if rest is None else truth_of(c, c.expr(rest, inner))
        if index_slot is None and where is None:
            fused = self._each_when(stmt, inner, body_chain, walk, not_a_list, item_slot)
            if fused is not None:
                return fused
        body = self.block(stmt.body, inner, body_chain)
        if index_slot is None and where is None:
            return _each(walk, not_a_list, item_slot, body)

        def loop(f: list) -> None:
            xs = walk(f)
            if xs is None:
                not_a_list(f)
                return
            for i, x in enumerate(xs):
                f[item_slot] = x
                if index_slot is not None:
                    f[index_slot] = Decimal(i)
                if where is None or where(f) is True:
                    body(f)

        return loop

    def _each_when(self, stmt: ast.For, scope: Scope, chain: Chain, walk: Step, not_a_list: Step,
                   item_slot: int) -> Step | None:
        """``for c in … { when TEST { … } }`` with TEST a fused test of ``c`` (``Node.cell_terms``):
        each cell decided by the test's ``cell_decider`` in the loop itself, as ``when`` would."""
        inner = stmt.body[0] if len(stmt.body) == 1 else None
        if not (self.compiler.optimise and isinstance(inner, ast.When) and not inner.orelse):
            return None
        cond = self.compiler.expr(inner.cond, scope)
        if cond.cell_terms is None or cond.cell_terms[0] != item_slot:
            return _each(walk, not_a_list, item_slot, self._when(inner, cond, scope, chain))
        decide_cell, decide, unknown = cell_decider(cond.cell_terms), truth_of(self.compiler, cond), _gap(cond)
        body = self.block(inner.body, scope, chain)

        def each_when(f: list) -> None:
            xs = walk(f)
            if xs is None:
                not_a_list(f)
                return
            for x in xs:
                f[item_slot] = x
                t = decide_cell(x) if type(x) is Cell else None
                if t is None:
                    t = decide(f)
                if t is True:
                    body(f)
                elif t is None:
                    unknown(f)

        return each_when

    def when(self, stmt: ast.When, scope: Scope, chain: Chain) -> Step:
        return self._when(stmt, self.compiler.expr(stmt.cond, scope), scope, chain)

    def _when(self, stmt: ast.When, cond: Node, scope: Scope, chain: Chain) -> Step:
        decide, unknown = truth_of(self.compiler, cond), _gap(cond)
        body, orelse = self.block(stmt.body, scope, chain), self.block(stmt.orelse, scope, chain)
        if cond.state_test is not None:
            slot, state, pred = cond.state_test

            def when_state(f: list) -> None:
                o = f[slot]
                t = o.state is state if type(o) is Cell else pred(o)
                if t is True:
                    body(f)
                elif t is False:
                    orelse(f)
                else:
                    unknown(f)

            return when_state

        def when(f: list) -> None:
            t = decide(f)
            if t is True:
                body(f)
            elif t is False:
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
        hints = tuple((h.template, None if h.cond is None else truth_of(c, c.expr(h.cond, scope)))
                      for h in stmt.hints)
        fail = _failure(self.rule, cond, at, sides, _named(chain), hints)
        if cond is None:
            return fail
        decide, unknown, fires = truth_of(c, cond), _gap(cond), stmt.kind != "require"
        if cond.state_test is not None:
            slot, state, pred = cond.state_test

            def check_state(f: list) -> None:
                o = f[slot]
                t = o.state is state if type(o) is Cell else pred(o)
                if t is fires:
                    fail(f)
                elif t is None:
                    unknown(f)

            return check_state

        def check(f: list) -> None:
            t = decide(f)
            if t is fires:
                fail(f)
            elif t is None:
                unknown(f)

        return check


def _gap(node: Node) -> Step:
    def gap(f: list) -> None:
        f[0].gap(reason(node, f) or UNDECIDED)

    return gap


def _named(chain: Chain) -> dict[str, Binding]:
    """The bindings in scope by name, in the order the names were first bound (a rebinding keeps the place)."""
    named: dict[str, Binding] = {}
    for name, b in chain:
        named[name] = b
    return named


def _failure(rule: ast.Rule, cond: Node | None, at: Node | None, sides: tuple[Node, Node] | None,
             named: dict[str, Binding], hints: tuple[tuple[str, Callable[[list], Any] | None], ...] = ()) -> Step:
    """The step that reports a failing check: its place, the values in scope (by the compiled nodes) and
    the template of its first hint whose condition is true (an unknown condition gives no hint)."""

    def fail(f: list) -> None:
        origin = cond.origin(f) if cond is not None else None
        if at is not None:
            origin = at.origin(f) or origin
        if origin is None:
            origin = _innermost(named, f)
        values = {name: f[b.slot] for name, b in named.items()}
        if sides is not None:
            values["actual"], values["expected"] = sides[0].value(f), sides[1].value(f)
        run = f[0]
        hint = next((template for template, holds in hints if holds is None or holds(f) is True), None)
        run.out.append(diagnose.diagnostic(rule, run, origin, values, hint))

    return fail


def _innermost(named: dict[str, Binding], f: list) -> Any:
    """The place of the last-bound name that has one (the innermost loop item, or a located ``let``)."""
    for b in reversed(named.values()):
        if b.kind == "index":
            continue
        o = origin_of(f[b.slot]) if b.node is None else b.node.origin(f)
        if o is not None:
            return o
    return None
