"""The loader's second pass: resolve every name of a parsed rule, or raise ``RuleFileError``.

Bare words become variables, report facts, tables or labels; literal row and column
names inside ``表三[…, …]`` become canonical ids; functions, predicates, attributes and
message placeholders are checked against the fixed vocabulary. Unknown names get
"did you mean …?" from ``difflib`` over what the layout and the vocabulary know.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Iterable
from functools import lru_cache

import re2

from checker.language import ast as ast
from checker.language.regex import compile_regex
from checker.language.vocab import AGGREGATES, ATTRIBUTES, BUILTINS, FUNCTIONS, TESTS
from checker.normalize import label_key
from checker.read.layouts import Layout, TableLayout, load_layout

_RULE_ID = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*")
_FIELD = re.compile(r"\{([^{}]*)\}")
SECTION_ORDINALS = "一二三四五六七八九十"


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


@lru_cache(maxsize=1)
def _tables() -> dict[str, str]:
    """Every way a rule may name a table → its id."""
    names: dict[str, str] = {}
    for t in load_layout().tables:
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

    def __init__(self, path: str, text: str) -> None:
        self.path, self.text, self.layout = path, text, load_layout()

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
            else:
                out.append(dataclasses.replace(stmt, cond=self.opt(stmt.cond, scope), at=self.opt(stmt.at, scope)))
        return tuple(out)

    def opt(self, e: ast.Expr | None, scope: frozenset[str]) -> ast.Expr | None:
        return None if e is None else self.expr(e, scope)

    # ---- expressions

    def expr(self, e: ast.Expr, scope: frozenset[str]) -> ast.Expr:
        handler = getattr(self, "_" + type(e).__name__.lower(), None)
        return handler(e, scope) if handler else e

    def _name(self, e: ast.Name, scope: frozenset[str]) -> ast.Expr:
        if e.name in scope:
            return ast.Var(e.name, e.pos)
        if e.name in BUILTINS:
            return ast.Builtin(e.name, e.pos)
        if e.name in _tables():
            return ast.TableConst(_tables()[e.name], e.pos)
        if _is_label(self.layout, e.name):
            return ast.Label(e.name, e.pos)
        known = [*scope, *BUILTINS, *_tables(), *_all_labels(self.layout)]
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
            if obj.name not in _tables():
                raise self.fail(obj.pos, f"未知的表 / unknown table {obj.name}{_did_you_mean(obj.name, _tables())}")
            return self._cell(_tables()[obj.name], e, scope)
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
        return ast.Sym(table.id, axis, found, e.pos)

    def _call(self, e: ast.Call, scope: frozenset[str]) -> ast.Expr:
        self._function(e.func, e.pos)
        lo, hi = FUNCTIONS[e.func]
        if not lo <= len(e.args) <= hi:
            raise self.fail(e.pos, f"{e.func}() 需要 {lo}–{hi} 个参数 / {e.func}() takes {lo} to {hi} arguments")
        if e.func == "section":
            return dataclasses.replace(e, args=(self._section_arg(e.args[0], scope),))
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

    def _unary(self, e: ast.Unary, scope: frozenset[str]) -> ast.Expr:
        return dataclasses.replace(e, operand=self.expr(e.operand, scope))

    def _binary(self, e: ast.Binary, scope: frozenset[str]) -> ast.Expr:
        return dataclasses.replace(e, left=self.expr(e.left, scope), right=self.expr(e.right, scope))

    def _compare(self, e: ast.Compare, scope: frozenset[str]) -> ast.Expr:
        return dataclasses.replace(e, left=self.expr(e.left, scope), right=self.expr(e.right, scope),
                                   tolerance=self.opt(e.tolerance, scope))

    def _test(self, e: ast.Test, scope: frozenset[str]) -> ast.Expr:
        if e.kind == "is" and e.name not in TESTS:
            raise self.fail(e.pos, f"未知的判断 / unknown predicate 'is {e.name}'{_did_you_mean(e.name, TESTS)}")
        return dataclasses.replace(e, left=self.expr(e.left, scope), right=self.opt(e.right, scope))

    def _ifexpr(self, e: ast.IfExpr, scope: frozenset[str]) -> ast.Expr:
        return dataclasses.replace(e, cond=self.expr(e.cond, scope), then=self.expr(e.then, scope),
                                   orelse=self.expr(e.orelse, scope))


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


def resolve_rule(rule: ast.Rule, path: str, text: str) -> ast.Rule:
    r = _Resolver(path, text)
    pos = ast.Pos(rule.source.line, 1)
    if not _RULE_ID.fullmatch(rule.id):
        raise r.fail(pos, f"规则 id 要用小写字母、数字和连字符 / rule ids are lowercase kebab-case: {rule.id}")
    body = r.block(rule.body, frozenset())
    if not rule.from_reader:
        known = _bound_names(rule.body) | set(BUILTINS) | {"expected", "actual"}
        for field in _FIELD.findall(rule.message):
            head = field.split(".")[0]
            if head not in known:
                raise r.fail(pos, f"提示信息中的 {{{field}}} 没有定义 / the message uses {{{field}}}, "
                                  f"which the rule never binds{_did_you_mean(head, known)}")
    return dataclasses.replace(rule, body=body)
