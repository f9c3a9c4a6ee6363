"""Compile a rule's statements into one generated Python function: loops, ``when``, ``let``, checks.

A decided check runs on plain values only. When it fails, the generated code hands the
bound names (as a frame) to the check's failure step, where the same compiled nodes give
its place (``Node.origin``) and the values in scope, and ``diagnose`` builds the diagnostic;
when its condition is unknown, they give the reason (``Node.why``), which the run counts as
a gap of the rule (``NotAssessed``). A ``when`` whose condition is unknown, and a ``for`` over
something that is not a list, are gaps too; a ``for`` over an empty list is not.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from checker.engine import diagnose
from checker.engine.compile_calls import cell_states
from checker.engine.compile_expr import Compiler
from checker.engine.nodes import Binding, Node, Scope, reason
from checker.engine.reasons import UNDECIDED
from checker.engine.values import origin_of
from checker.language import ast as ast
from checker.language.values import AxisRef
from checker.read.layouts import Layout

Chain = tuple[tuple[str, Binding], ...]  # the names in scope at a statement, in binding order
Program = Callable[[Any], None]  # run it on a ``Run``: its findings and gaps are left in the run


def compile_rule(rule: ast.Rule, body: tuple[ast.Stmt, ...], layout: Layout,
                 axes: Mapping[tuple[str, str, str], AxisRef], optimise: bool) -> Program:
    c = _RuleCompiler(Compiler(layout, axes, optimise), rule)
    lines = c.block(body, {}, (), "    ")
    return c.compiler.ns.define("\n".join(["def rule(R):", *lines, "    return None"]), "rule")


class _RuleCompiler:
    def __init__(self, compiler: Compiler, rule: ast.Rule) -> None:
        self.compiler, self.rule = compiler, rule
        self.deps: dict[int, frozenset[int]] = {}  # a let's slot → every slot its value is computed from

    def needs(self, *nodes: Node | None) -> set[int]:
        """The slots a frame must hold to evaluate ``nodes`` (through the lets they read)."""
        out: set[int] = set()
        for n in nodes:
            if n is not None:
                for s in n.reads:
                    out |= {s} | self.deps.get(s, frozenset())
        return out

    def block(self, stmts: tuple[ast.Stmt, ...], scope: Scope, chain: Chain, indent: str) -> list[str]:
        lines: list[str] = []
        scope = dict(scope)
        for stmt in stmts:
            if isinstance(stmt, ast.Let):
                slot = self.compiler.new_slot()
                node = self.compiler.expr(stmt.expr, scope)
                self.deps[slot] = frozenset(self.needs(node))
                lines.append(f"{indent}v{slot} = {node.code}")
                scope[stmt.name] = binding = Binding("let", slot, node)
                chain = (*chain, (stmt.name, binding))
            elif isinstance(stmt, ast.For):
                lines += self.loop(stmt, scope, chain, indent)
            elif isinstance(stmt, ast.When):
                lines += self.when(stmt, scope, chain, indent)
            else:
                lines += self.check(stmt, scope, chain, indent)
        return lines or [f"{indent}pass"]

    def step(self, fn: Callable[[dict], None], slots: set[int]) -> str:
        """A call of ``fn`` with a frame of the given slots."""
        slots = sorted(slots)
        frame = ", ".join(["0: R", *(f"{s}: v{s}" for s in slots)])
        return f"{self.compiler.ns.const(fn, 'S')}({{{frame}}})"

    def loop(self, stmt: ast.For, scope: Scope, chain: Chain, indent: str) -> list[str]:
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
        items, i = c.ns.fresh("t"), c.ns.fresh("t")
        lines = [f"{indent}{items} = {iterable.code}", f"{indent}if not isinstance({items}, TL):",
                 f"{indent}    {self.step(_gap(iterable), self.needs(iterable))}", f"{indent}else:",
                 f"{indent}    R.charge(len({items}))"]
        if states is not None:
            lines.append(f"{indent}    {items} = R.cells_in({c.ns.const(states)})")
        inside = indent + "        "
        if index_slot is None:
            lines.append(f"{indent}    for v{item_slot} in {items}:")
        else:
            lines += [f"{indent}    for {i}, v{item_slot} in enumerate({items}):", f"{inside}v{index_slot} = D({i})"]
        if rest is not None:
            where = c.expr(rest, inner)
            lines.append(f"{inside}if {c.truth(where)} is True:")
            inside += "    "
        return lines + self.block(stmt.body, inner, body_chain, inside)

    def when(self, stmt: ast.When, scope: Scope, chain: Chain, indent: str) -> list[str]:
        cond = self.compiler.expr(stmt.cond, scope)
        t = self.compiler.ns.fresh("t")
        return [f"{indent}{t} = {self.compiler.truth(cond)}", f"{indent}if {t} is True:",
                *self.block(stmt.body, scope, chain, indent + "    "), f"{indent}elif {t} is False:",
                *self.block(stmt.orelse, scope, chain, indent + "    "), f"{indent}else:",
                f"{indent}    {self.step(_gap(cond), self.needs(cond))}"]

    def check(self, stmt: ast.Check, scope: Scope, chain: Chain, indent: str) -> list[str]:
        c = self.compiler
        cond = None if stmt.cond is None else c.expr(stmt.cond, scope)
        at = None if stmt.at is None else c.expr(stmt.at, scope)
        sides = None
        if isinstance(stmt.cond, ast.Compare):
            sides = (c.expr(stmt.cond.left, scope), c.expr(stmt.cond.right, scope))
        named = _named(chain)
        lets = [b.node for b in named.values()]
        slots = {b.slot for b in named.values()} | self.needs(cond, at, *(sides or ()), *lets)
        fail = self.step(_failure(self.rule, cond, at, sides, named), slots)
        if cond is None:
            return [f"{indent}{fail}"]
        t = c.ns.fresh("t")
        fires = "False" if stmt.kind == "require" else "True"
        return [f"{indent}{t} = {c.truth(cond)}", f"{indent}if {t} is {fires}:", f"{indent}    {fail}",
                f"{indent}elif {t} is None:", f"{indent}    {self.step(_gap(cond), self.needs(cond))}"]


def _gap(node: Node) -> Callable[[dict], None]:
    def gap(f: dict) -> None:
        f[0].gap(reason(node, f) or UNDECIDED)

    return gap


def _named(chain: Chain) -> dict[str, Binding]:
    """The bindings in scope by name, in the order the names were first bound (a rebinding keeps the place)."""
    named: dict[str, Binding] = {}
    for name, b in chain:
        named[name] = b
    return named


def _failure(rule: ast.Rule, cond: Node | None, at: Node | None, sides: tuple[Node, Node] | None,
             named: dict[str, Binding]) -> Callable[[dict], None]:
    """The step that reports a failing check: its place and the values in scope, by the compiled nodes."""

    def fail(f: dict) -> None:
        origin = cond.origin(f) if cond is not None else None
        if at is not None:
            origin = at.origin(f) or origin
        if origin is None:
            origin = _innermost(named, f)
        values = {name: f[b.slot] for name, b in named.items()}
        if sides is not None:
            values["actual"], values["expected"] = sides[0].value(f), sides[1].value(f)
        run = f[0]
        run.out.append(diagnose.diagnostic(rule, run, origin, values))

    return fail


def _innermost(named: dict[str, Binding], f: dict) -> Any:
    """The place of the last-bound name that has one (the innermost loop item, or a located ``let``)."""
    for b in reversed(named.values()):
        if b.kind == "index":
            continue
        o = origin_of(f[b.slot]) if b.node is None else b.node.origin(f)
        if o is not None:
            return o
    return None
