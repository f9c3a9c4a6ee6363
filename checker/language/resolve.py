"""The loader's second pass: resolve every name of a parsed rule, or raise ``RuleFileError``.

Bare words become variables, report facts, tables or labels; literal row and column
names inside ``表三[…, …]`` become canonical ids; every node must be one the language has,
and its operator, test, predicate or function one of ``checker.language.meanings`` (with
the right number of arguments); attributes and message placeholders are checked against
the vocabulary. Unknown names get "did you mean …?" from ``difflib`` over what the layout
and the vocabulary know.

Names are resolved against the layout of each format the rule may be checked in
(``resolve_rule``): the formats of its ``applies format``, else every known format in whose
layout all its names exist (docs/rule-language.md §5, "Formats").
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Iterable, Sequence

import re2

from checker.language import ast as ast
from checker.language.meanings import AGGREGATES, BINARY, COMPARE, FUNCTIONS, PREDICATES, TESTS, UNARY
from checker.language.regex import compile_regex
from checker.language.vocab import ATTRIBUTES, BUILTINS
from checker.normalize import label_key
from checker.read.layouts import Layout, TableLayout, known_layouts

_RULE_ID = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*")
_FIELD = re.compile(r"\{([^{}]*)\}")
SECTION_ORDINALS = "一二三四五六七八九十"
_CHECKS = ("require", "forbid", "flag")


class RuleFileError(Exception):
    """A rule file that cannot be loaded: where, what was expected, and the line with a caret."""

    def __init__(self, path: str, line: int, column: int, expected: str, context: str) -> None:
        super().__init__(expected)
        self.path, self.line, self.column, self.expected, self.context = path, line, column, expected, context

    def render(self) -> str:
        head = f"{self.path}:{self.line}:{self.column}: {self.expected}"
        return f"{head}\n{self.context}" if self.context else head

    def __str__(self) -> str:
        return self.render()


def context_of(text: str, line: int, column: int) -> str:
    """The offending line and a caret under the column."""
    lines = text.split("\n")
    if not 1 <= line <= len(lines):
        return ""
    src = lines[line - 1].rstrip("\r")
    return f"{src}\n{' ' * max(column - 1, 0)}^"


def _tables(layout: Layout) -> dict[str, str]:
    """Every way a rule may name a table of ``layout`` → its id."""
    names: dict[str, str] = {}
    for t in layout.tables:
        names[t.id] = t.id
        names[t.name] = t.id
        names[t.name.split()[0]] = t.id
    return names


def find_axis(table: TableLayout, axis: str, text: str) -> str | None:
    """A row or column of ``table`` by canonical id or by any of its labels."""
    labels = table.rows if axis == "row" else table.cols
    for lab in labels:
        if text == lab.id:
            return lab.id
    return table.find_row(text) if axis == "row" else table.find_col(text)


def find_section(layout: Layout, text: str) -> str | None:
    key = label_key(text)
    for s in layout.sections:
        if text == s.key or key in {label_key(w) for w in (s.label, *s.aliases)}:
            return s.key
        if text == SECTION_ORDINALS[s.number - 1]:
            return s.key
    return None


def _axis_words(table: TableLayout, axis: str) -> list[str]:
    labels = table.rows if axis == "row" else table.cols
    return [w for lab in labels for w in (lab.id, lab.short, lab.label)]


def _all_labels(layout: Layout) -> list[str]:
    words = [w for t in layout.tables for axis in ("row", "col") for w in _axis_words(t, axis)]
    return words + [w for s in layout.sections for w in (s.key, s.label)]


def _is_label(layout: Layout, text: str) -> bool:
    if find_section(layout, text):
        return True
    return any(find_axis(t, axis, text) for t in layout.tables for axis in ("row", "col"))


def _did_you_mean(word: str, candidates: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(dict.fromkeys(candidates)), n=3, cutoff=0.5)
    return f"；是不是 / did you mean {'、'.join(close)}?" if close else ""


class _Resolver:
    """Walks one rule; ``fail`` raises with the rule file's code frame. Holds no state beyond the rule."""

    def __init__(self, path: str, text: str, layout: Layout) -> None:
        self.path, self.text, self.layout = path, text, layout
        self.tables = _tables(layout)

    def fail(self, pos: ast.Pos, message: str) -> RuleFileError:
        return RuleFileError(self.path, pos.line, pos.column, message, context_of(self.text, pos.line, pos.column))

    # ---- statements

    def block(self, stmts: tuple[ast.Stmt, ...], scope: frozenset[str]) -> tuple[ast.Stmt, ...]:
        out = []
        for stmt in stmts:
            if isinstance(stmt, ast.Let):
                out.append(dataclasses.replace(stmt, expr=self.expr(stmt.expr, scope)))
                scope = scope | {stmt.name}
            elif isinstance(stmt, ast.For):
                inner = scope | set(stmt.targets)
                out.append(dataclasses.replace(
                    stmt, iterable=self.expr(stmt.iterable, scope), where=self.opt(stmt.where, inner),
                    body=self.block(stmt.body, inner)))
            elif isinstance(stmt, ast.When):
                out.append(dataclasses.replace(
                    stmt, cond=self.expr(stmt.cond, scope), body=self.block(stmt.body, scope),
                    orelse=self.block(stmt.orelse, scope)))
            elif isinstance(stmt, ast.Check) and stmt.kind in _CHECKS and (stmt.cond is None) == (stmt.kind == "flag"):
                hints = tuple(dataclasses.replace(h, cond=self.opt(h.cond, scope)) for h in stmt.hints)
                out.append(dataclasses.replace(stmt, cond=self.opt(stmt.cond, scope), at=self.opt(stmt.at, scope),
                                               hints=hints))
            else:
                raise self.fail(getattr(stmt, "pos", ast.Pos(0, 0)),
                                f"规则语言没有这种语句 / not a statement of the rule language: {stmt!r:.60}")
        return tuple(out)

    def opt(self, e: ast.Expr | None, scope: frozenset[str]) -> ast.Expr | None:
        return None if e is None else self.expr(e, scope)

    # ---- expressions

    def expr(self, e: ast.Expr, scope: frozenset[str]) -> ast.Expr:
        handler = _HANDLERS.get(type(e))
        if handler is None:
            raise self.fail(getattr(e, "pos", ast.Pos(0, 0)),
                            f"规则语言没有这种表达式 / not an expression of the rule language: {type(e).__name__}")
        return handler(self, e, scope)

    def _const(self, e: ast.Const, scope: frozenset[str]) -> ast.Expr:
        return e

    def _name(self, e: ast.Name, scope: frozenset[str]) -> ast.Expr:
        if e.name in scope:
            return ast.Var(e.name, e.pos)
        if e.name in BUILTINS:
            return ast.Builtin(e.name, e.pos)
        if e.name in self.tables:
            return ast.TableConst(self.tables[e.name], e.pos)
        if _is_label(self.layout, e.name):
            return ast.Label(e.name, e.pos)
        known = [*scope, *BUILTINS, *self.tables, *_all_labels(self.layout)]
        raise self.fail(e.pos, f"未知的名字 / unknown name {e.name}{_did_you_mean(e.name, known)}")

    def _regex(self, e: ast.Regex, scope: frozenset[str]) -> ast.Expr:
        try:
            compile_regex(e.pattern)
        except re2.error as exc:
            why = exc.args[0] if exc.args else ""
            why = why.decode("utf-8", "replace") if isinstance(why, bytes) else str(why)
            raise self.fail(e.pos, f"正则表达式无效 / invalid regex /{e.pattern}/: {why}") from None
        return e

    def _listexpr(self, e: ast.ListExpr, scope: frozenset[str]) -> ast.Expr:
        return dataclasses.replace(e, items=tuple(self.expr(i, scope) for i in e.items))

    def _attr(self, e: ast.Attr, scope: frozenset[str]) -> ast.Expr:
        groups = {g for t in self.layout.tables for g, _ in t.groups}
        if e.name not in ATTRIBUTES and e.name not in groups:
            raise self.fail(e.pos, f"未知的属性 / unknown attribute .{e.name}"
                                   f"{_did_you_mean(e.name, [*ATTRIBUTES, *groups])}")
        return dataclasses.replace(e, obj=self.expr(e.obj, scope))

    def _index(self, e: ast.Index, scope: frozenset[str]) -> ast.Expr:
        obj = e.obj
        if isinstance(obj, ast.Name) and obj.name not in scope and obj.name not in BUILTINS:
            if obj.name not in self.tables:
                raise self.fail(obj.pos, f"未知的表 / unknown table {obj.name}{_did_you_mean(obj.name, self.tables)}")
            return self._cell(self.tables[obj.name], e, scope)
        if isinstance(obj, ast.Attr) and obj.name in self.tables:  # ``previous.表三[行, 列]``: another report's cell
            cell = self._cell(self.tables[obj.name], e, scope)
            return dataclasses.replace(cell, of=self.expr(obj.obj, scope))
        return dataclasses.replace(e, obj=self.expr(obj, scope), args=tuple(self.expr(a, scope) for a in e.args))

    def _cell(self, tid: str, e: ast.Index, scope: frozenset[str]) -> ast.Expr:
        if len(e.args) != 2:
            raise self.fail(e.pos, "单元格要写成 表[行, 列] / a cell is written TABLE[ROW, COLUMN]")
        table = self.layout.table(tid)
        row, col = (self._axis(table, axis, a, scope) for axis, a in zip(("row", "col"), e.args, strict=True))
        return ast.CellAt(tid, row, col, e.pos)

    def _axis(self, table: TableLayout, axis: str, e: ast.Expr, scope: frozenset[str]) -> ast.Expr:
        word = e.name if isinstance(e, ast.Name) and e.name not in scope else None
        if isinstance(e, ast.Const) and isinstance(e.value, str):
            word = e.value
        if word is None:
            return self.expr(e, scope)
        found = find_axis(table, axis, word)
        if found is None:
            what = "行 / row" if axis == "row" else "列 / column"
            raise self.fail(e.pos, f"{table.name.split()[0]} 没有{what} {word}"
                                   f"{_did_you_mean(word, _axis_words(table, axis))}")
        return ast.Sym(table.id, axis, found, e.pos, word)

    def _call(self, e: ast.Call, scope: frozenset[str]) -> ast.Expr:
        self._function(e.func, e.pos)
        lo, hi = FUNCTIONS[e.func].arity
        if not lo <= len(e.args) <= hi:
            raise self.fail(e.pos, f"{e.func}() 需要 {lo}–{hi} 个参数 / {e.func}() takes {lo} to {hi} arguments")
        if e.func == "section":
            return dataclasses.replace(e, args=(self._section_arg(e.args[0], scope),
                                                *(self.expr(a, scope) for a in e.args[1:])))
        return dataclasses.replace(e, args=tuple(self.expr(a, scope) for a in e.args))

    def _section_arg(self, e: ast.Expr, scope: frozenset[str]) -> ast.Expr:
        word = e.name if isinstance(e, ast.Name) and e.name not in scope else None
        if isinstance(e, ast.Const) and isinstance(e.value, str):
            word = e.value
        if word is None:
            return self.expr(e, scope)
        key = find_section(self.layout, word)
        if key is None:
            words = [w for s in self.layout.sections for w in (s.key, s.label)]
            raise self.fail(e.pos, f"未知的部分 / unknown section {word}{_did_you_mean(word, words)}")
        return ast.Const(key, e.pos)

    def _function(self, name: str, pos: ast.Pos, aggregate: bool = False) -> None:
        names = AGGREGATES if aggregate else FUNCTIONS
        if name not in names:
            raise self.fail(pos, f"未知的函数 / unknown function {name}(){_did_you_mean(name, names)}")

    def _gencall(self, e: ast.GenCall, scope: frozenset[str]) -> ast.Expr:
        self._function(e.func, e.pos, aggregate=True)
        inner = scope | set(e.targets)
        return dataclasses.replace(e, expr=self.expr(e.expr, inner), iterable=self.expr(e.iterable, scope),
                                   where=self.opt(e.where, inner))

    def _operator(self, op: str, table: dict, pos: ast.Pos) -> None:
        if op not in table:
            raise self.fail(pos, f"规则语言没有运算符 / the rule language has no operator {op}")

    def _unary(self, e: ast.Unary, scope: frozenset[str]) -> ast.Expr:
        self._operator(e.op, UNARY, e.pos)
        return dataclasses.replace(e, operand=self.expr(e.operand, scope))

    def _binary(self, e: ast.Binary, scope: frozenset[str]) -> ast.Expr:
        self._operator(e.op, BINARY, e.pos)
        return dataclasses.replace(e, left=self.expr(e.left, scope), right=self.expr(e.right, scope))

    def _compare(self, e: ast.Compare, scope: frozenset[str]) -> ast.Expr:
        self._operator(e.op, COMPARE, e.pos)
        return dataclasses.replace(e, left=self.expr(e.left, scope), right=self.expr(e.right, scope),
                                   tolerance=self.opt(e.tolerance, scope))

    def _test(self, e: ast.Test, scope: frozenset[str]) -> ast.Expr:
        if e.kind == "is":
            if e.name not in PREDICATES or e.right is not None:
                raise self.fail(e.pos, f"未知的判断 / unknown predicate 'is {e.name}'"
                                       f"{_did_you_mean(e.name, PREDICATES)}")
        else:
            self._operator(e.kind, TESTS, e.pos)
            if e.right is None:
                raise self.fail(e.pos, f"{e.kind} 右边缺少表达式 / {e.kind} needs a right-hand side")
        return dataclasses.replace(e, left=self.expr(e.left, scope), right=self.opt(e.right, scope))

    def _ifexpr(self, e: ast.IfExpr, scope: frozenset[str]) -> ast.Expr:
        return dataclasses.replace(e, cond=self.expr(e.cond, scope), then=self.expr(e.then, scope),
                                   orelse=self.expr(e.orelse, scope))


# Every expression node a parsed rule may hold, and how it is resolved: a node type missing here is a load error.
_HANDLERS = {
    ast.Const: _Resolver._const, ast.Regex: _Resolver._regex, ast.Name: _Resolver._name,
    ast.ListExpr: _Resolver._listexpr, ast.Attr: _Resolver._attr, ast.Index: _Resolver._index,
    ast.Call: _Resolver._call, ast.GenCall: _Resolver._gencall, ast.Unary: _Resolver._unary,
    ast.Binary: _Resolver._binary, ast.Compare: _Resolver._compare, ast.Test: _Resolver._test,
    ast.IfExpr: _Resolver._ifexpr,
}


def _bound_names(stmts: tuple[ast.Stmt, ...]) -> set[str]:
    names: set[str] = set()
    for s in stmts:
        if isinstance(s, ast.Let):
            names.add(s.name)
        elif isinstance(s, ast.For):
            names |= set(s.targets) | _bound_names(s.body)
        elif isinstance(s, ast.When):
            names |= _bound_names(s.body) | _bound_names(s.orelse)
    return names


def resolve_rule(rule: ast.Rule, path: str, text: str, layouts: Sequence[Layout] | None = None) -> ast.Rule:
    """The rule with its names resolved against each format it may be checked in (see the module doc)."""
    layouts = tuple(layouts) if layouts is not None else known_layouts()
    pos = ast.Pos(rule.source.line, 1)
    if not _RULE_ID.fullmatch(rule.id):
        raise _Resolver(path, text, layouts[0]).fail(
            pos, f"规则 id 要用小写字母、数字和连字符 / rule ids are lowercase kebab-case: {rule.id}")
    named = [lay for lay in layouts if lay.format in rule.applies.formats]
    candidates = (named or layouts[:1]) if rule.applies.formats else layouts
    resolved: list[tuple[str, tuple[ast.Stmt, ...]]] = []
    first_error: RuleFileError | None = None
    for layout in candidates:
        try:
            resolved.append((layout.format, _resolve_body(rule, _Resolver(path, text, layout))))
        except RuleFileError as err:
            if rule.applies.formats:
                raise
            first_error = first_error or err
    if not resolved:
        raise first_error  # type: ignore[misc]  # candidates is never empty
    return dataclasses.replace(rule, body=resolved[0][1], resolved=tuple(resolved))


def _resolve_body(rule: ast.Rule, r: _Resolver) -> tuple[ast.Stmt, ...]:
    pos = ast.Pos(rule.source.line, 1)
    body = r.block(rule.body, frozenset())
    if not rule.from_reader:
        known = _bound_names(rule.body) | set(BUILTINS) | {"expected", "actual"}
        templates = [(rule.message, pos, "提示信息", "message")] + [
            (h.template, h.pos, "hint", "hint") for h in _hints(rule.body)]
        for template, where, zh, en in templates:
            for field in _FIELD.findall(template):
                head = field.split(".")[0]
                if head not in known:
                    raise r.fail(where, f"{zh}中的 {{{field}}} 没有定义 / the {en} uses {{{field}}}, "
                                        f"which the rule never binds{_did_you_mean(head, known)}")
    return body


def _hints(stmts: tuple[ast.Stmt, ...]) -> list[ast.Hint]:
    """Every ``hint`` clause of the statements, nested ones included."""
    out: list[ast.Hint] = []
    for s in stmts:
        if isinstance(s, ast.Check):
            out.extend(s.hints)
        elif isinstance(s, ast.For):
            out.extend(_hints(s.body))
        elif isinstance(s, ast.When):
            out.extend(_hints(s.body) + _hints(s.orelse))
    return out
