"""Load rule files: parse (Lark LALR), build the frozen AST, resolve names; all files or none.

Loading never executes anything from a rule file: the text is parsed by the grammar in
``grammar/rules.lark``, turned into ``checker.ruleast`` nodes by a stateless Transformer, and
checked against the layout (tables, rows, columns, sections) and the fixed vocabulary
(functions, facts, predicates). Every problem raises ``RuleFileError`` with a code frame.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from lark import Lark, Token, Transformer, v_args
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, VisitError

from checker import ruleast as ast
from checker.diagnostics import Severity
from checker.resolve import RuleFileError, context_of, resolve_rule
from checker.resources import grammar_path, rules_dir

__all__ = ["RULE_ERRORS", "RuleFileError", "default_rule_paths", "load_rules", "parse_rules"]

# What a broken rule file most often looks like, and what to tell its author.
# The same table drives the test (tests/test_grammar_errors.py): each snippet must yield its message.
RULE_ERRORS: list[tuple[str, list[str]]] = [
    (
        "文件只能由 rule 块组成 / only 'rule …' blocks may appear at the top level",
        ['require 1 == 1', 'x\n', 'rule a error "m" { }\nrequire 1 == 1'],
    ),
    (
        "规则 id 后面要写严重级别 error、warning 或 info / the severity must be error, warning or info",
        ['rule a fatal "m" { }', 'rule a "m" { }', 'rule a warn "m" { }'],
    ),
    (
        "严重级别后面要写提示信息（带引号的字符串）/ the message string is missing after the severity",
        ['rule a error { }', 'rule a error\n{ require 1 == 1 }'],
    ),
    (
        "规则 id 只能是字母、数字和连字符 / the rule id must be a name such as t3-balance",
        ['rule "a" error "m" { }', 'rule 3 error "m" { }', 'rule { }'],
    ),
    (
        "提示信息后面要写 { 开始规则体 / '{' expected after the message",
        ['rule a error "m" require 1 == 1', 'rule a error "m"\n'],
    ),
    (
        "缺少 } 结束规则或块 / '}' missing: a rule or block is not closed",
        ['rule a error "m" {\n  require 1 == 1\n', 'rule a error "m" { for x in [1] { require x == 1 }\n',
         'rule a error "m" {\n', 'rule a error "m" { when 1 == 1 { flag }\n'],
    ),
    (
        "比较相等要用 ==（= 只用于 let）/ use == to compare ('=' is only for let)",
        ['rule a error "m" { require 1 = 1 }', 'rule a error "m" { when year = 1 then flag }',
         'rule a error "m" { forbid 表三[r1, total] = 0 }'],
    ),
    (
        "这里缺少表达式 / an expression is missing here",
        ['rule a error "m" { require }', 'rule a error "m" { require 1 + }', 'rule a error "m" { let x = }',
         'rule a error "m" { require 1 == }', 'rule a error "m" { when then flag }'],
    ),
    (
        "let 的写法是 let 名字 = 表达式 / write: let NAME = EXPRESSION",
        ['rule a error "m" { let = 1 }', 'rule a error "m" { let x 1 }', 'rule a error "m" { let x == 1 }'],
    ),
    (
        "for 的写法是 for 名字 in 集合 { … } / write: for NAME in COLLECTION { … }",
        ['rule a error "m" { for x 表三.rows { } }', 'rule a error "m" { for in 表三.rows { } }',
         'rule a error "m" { for x in 表三.rows require x == 1 }'],
    ),
    (
        "括号没有闭合 / a bracket or parenthesis is not closed",
        ['rule a error "m" { require (1 == 1 }', 'rule a error "m" { require 表三[r1, total == 1 }',
         'rule a error "m" { require sum(x for x in [1] == 1 }', 'rule a error "m" { require len([1, 2) == 1 }',
         'rule a error "m" { require [1) == 1 }'],
    ),
    (
        "basis、description、example、applies 要写在检查语句前面 / metadata must come before the checks",
        ['rule a error "m" { require 1 == 1 basis "x" }', 'rule a error "m" { flag description "x" }',
         'rule a error "m" { let x = 1 applies year 2021.. }'],
    ),
    (
        "example 后面要写 pass 或 fail / write: example pass \"…\" or example fail \"…\"",
        ['rule a error "m" { example "x" }', 'rule a error "m" { example good "x" }'],
    ),
    (
        "applies 的写法是 applies format \"2021\" 或 applies year 2021.. / "
        "write: applies format \"2021\" or applies year 2021..",
        ['rule a error "m" { applies 2021 }', 'rule a error "m" { applies years 2021.. }',
         'rule a error "m" { applies format 2021 }'],
    ),
    (
        "字符串缺少结束引号 / a string is not closed with \"",
        ['rule a error "m { }', 'rule a error "m" { basis "x }'],
    ),
]

# Terminal names → plain words, for "expected …" when no example matches.
_WORDS = {
    "$END": "文件结尾 / end of file", "RBRACE": "}", "LBRACE": "{", "RPAR": ")", "LPAR": "(",
    "RSQB": "]", "LSQB": "[", "COMMA": ",", "DOT": ".", "EQUAL": "=", "COMPARE": "== != < <= > >=",
    "NAME": "名字 / a name", "STRING": "字符串 / a \"string\"", "NUMBER": "数字 / a number",
    "INT": "整数 / a whole number", "DATE": "日期 / a date such as 2024-01-31", "REGEX": "/正则/ / a /regex/",
    "SEVERITY": "error | warning | info", "PLUS": "+", "MINUS": "-", "STAR": "*", "SLASH": "/",
    "NOT": "not", "__ANON_0": "..", "__ANON_1": "??",
}


@lru_cache(maxsize=1)
def _parser() -> Lark:
    """The grammar, built once per process (LALR, positions kept for code frames)."""
    return Lark.open(str(grammar_path()), parser="lalr", propagate_positions=True, maybe_placeholders=True)


def default_rule_paths() -> list[Path]:
    """The shipped national rule set."""
    return [rules_dir()]


def load_rules(paths: Sequence[Path]) -> ast.RuleSet:
    """Load every rule file (folders: all ``*.rule``, sorted); raise ``RuleFileError`` if any is broken."""
    rules: list[ast.Rule] = []
    seen: dict[str, ast.Rule] = {}
    for path in _expand(paths):
        text = _read(path)
        for rule in parse_rules(text, str(path)):
            if rule.id in seen:
                first = seen[rule.id].source
                raise RuleFileError(
                    str(path), rule.source.line, 1,
                    f"规则 id {rule.id} 重复（先前定义于 {first.path}:{first.line}）"
                    f" / duplicate rule id {rule.id} (first defined at {first.path}:{first.line})",
                    context_of(text, rule.source.line, 1),
                )
            seen[rule.id] = rule
            rules.append(rule)
    return ast.RuleSet(tuple(rules))


def _expand(paths: Sequence[Path]) -> list[Path]:
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(p.glob("*.rule")))
        else:
            out.append(p)
    return out


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleFileError(str(path), 0, 0, f"无法读取规则文件 / cannot read the rule file: {exc}", "") from None


def parse_rules(text: str, path: str = "<rules>") -> tuple[ast.Rule, ...]:
    """Parse and resolve one rule file's text."""
    try:
        tree = _parser().parse(text)
    except UnexpectedInput as err:
        raise _syntax_error(err, text, path) from None
    try:
        raw = _ToAst(path).transform(tree)
    except VisitError as err:
        if isinstance(err.orig_exc, RuleFileError):
            e = err.orig_exc
            raise RuleFileError(path, e.line, e.column, e.expected, context_of(text, e.line, e.column)) from None
        raise
    return tuple(resolve_rule(rule, path, text) for rule in raw)


def _syntax_error(err: UnexpectedInput, text: str, path: str) -> RuleFileError:
    label = match_examples(err)
    line, column = max(err.line, 1), max(err.column, 1)
    if isinstance(err, UnexpectedEOF) or getattr(getattr(err, "token", None), "type", "") == "$END":
        line, column = _end_position(text)
    if not label:
        label = _expected_words(err)
    return RuleFileError(path, line, column, label, context_of(text, line, column))


@lru_cache(maxsize=256)
def _example_error(snippet: str) -> UnexpectedInput | None:
    try:
        _parser().parse(snippet)
    except UnexpectedInput as err:
        return err
    return None


def _state(err: UnexpectedInput) -> object:
    state = err.state
    return getattr(state, "position", state)  # a ParserState compares by its top state


def match_examples(err: UnexpectedInput) -> str | None:
    """The RULE_ERRORS message whose example fails in the same parser state (and with the same token).

    This is ``UnexpectedInput.match_examples(parse, RULE_ERRORS, use_accepts=True)``, written out
    because lark 1.3.1's version crashes formatting a debug message when the state is a ParserState.
    """
    candidate: tuple[str | None, bool] = (None, False)
    token = getattr(err, "token", None)
    for label, snippets in RULE_ERRORS:
        for snippet in snippets:
            ut = _example_error(snippet)
            if ut is None or _state(ut) != _state(err):
                continue
            if getattr(ut, "accepts", None) != getattr(err, "accepts", None):
                continue
            ut_token = getattr(ut, "token", None)
            if token is not None and ut_token is not None:
                if ut_token == token:
                    return label
                if ut_token.type == token.type and not candidate[1]:
                    candidate = (label, True)
            if candidate[0] is None:
                candidate = (label, False)
    return candidate[0]


def _expected_words(err: UnexpectedInput) -> str:
    expected = getattr(err, "expected", None) or getattr(err, "allowed", None) or set()
    words = sorted({_WORDS.get(t, t.lower() if t.isupper() else t) for t in expected})
    words = [f'"{w}"' if len(w) <= 2 and not w.isalpha() else w for w in words]
    if isinstance(err, UnexpectedCharacters):
        found = f"字符 {err.char!r} / the character {err.char!r}"
    else:
        tok = getattr(err, "token", None)
        found = "文件结尾 / end of file" if tok is None or tok.type == "$END" else repr(str(tok))
    return f"这里不能出现 {found}；应为 / expected: {' | '.join(words) or '?'}"


def _end_position(text: str) -> tuple[int, int]:
    lines = text.split("\n")
    while len(lines) > 1 and not lines[-1].strip():
        lines.pop()
    return len(lines), len(lines[-1]) + 1


def _pos(meta_or_token) -> ast.Pos:
    return ast.Pos(getattr(meta_or_token, "line", 0) or 0, getattr(meta_or_token, "column", 0) or 0)


def _unquote(tok: str) -> str:
    if tok.startswith('"""'):
        return tok[3:-3]
    body, out, i = tok[1:-1], [], 0
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            out.append(escapes.get(body[i + 1], body[i + 1]))
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


@v_args(meta=True, inline=True)
class _ToAst(Transformer):
    """Parse tree → ruleast, without state (the path is only copied into each Rule's source)."""

    def __init__(self, path: str) -> None:
        super().__init__()
        self._path = path

    def start(self, meta, *rules):
        return list(rules)

    def rule(self, meta, rid, sev, message, *rest):
        *metas, body = rest
        fields = dict(m for m in metas)
        from_reader = body == "from-reader"
        return ast.Rule(
            id=str(rid), severity=Severity(str(sev)), message=message,
            basis=fields.get("basis", ""), description=fields.get("description", ""),
            example_pass=fields.get("example_pass", ""), example_fail=fields.get("example_fail", ""),
            applies=ast.Applies(fields.get("formats", ()), fields.get("years", (None, None))),
            source=ast.Source(self._path, meta.line), body=() if from_reader else body, from_reader=from_reader,
        )

    def string(self, meta, *parts):
        return "".join(_unquote(str(p)) for p in parts)

    def basis(self, meta, s):
        return ("basis", s)

    def description(self, meta, s):
        return ("description", s)

    def example_pass(self, meta, s):
        return ("example_pass", s)

    def example_fail(self, meta, s):
        return ("example_fail", s)

    def applies_format(self, meta, *formats):
        return ("formats", tuple(_unquote(str(f)) for f in formats))

    def applies_year(self, meta, rng):
        return ("years", rng)

    def year_exact(self, meta, y):
        return (int(y), int(y))

    def year_from(self, meta, lo, hi=None):
        return (int(lo), int(hi) if hi is not None else None)

    def year_until(self, meta, hi):
        return (None, int(hi))

    def from_reader(self, meta):
        return "from-reader"

    def stmts(self, meta, *stmts):
        return tuple(stmts)

    def block(self, meta, *stmts):
        return tuple(stmts)

    def else_block(self, meta, block):
        return block

    def where(self, meta, e):
        return e

    def at(self, meta, e):
        return e

    def target(self, meta, first, second=None):
        return (str(first),) if second is None else (str(first), str(second))

    def let_stmt(self, meta, name, expr):
        return ast.Let(str(name), expr, _pos(meta))

    def for_stmt(self, meta, target, iterable, where, body):
        return ast.For(target, iterable, where, body, _pos(meta))

    def when_one(self, meta, cond, stmt):
        return ast.When(cond, (stmt,), (), _pos(meta))

    def when_stmt(self, meta, cond, body, orelse):
        return ast.When(cond, body, orelse or (), _pos(meta))

    def require_stmt(self, meta, cond, at):
        return ast.Check("require", cond, at, _pos(meta))

    def forbid_stmt(self, meta, cond, at):
        return ast.Check("forbid", cond, at, _pos(meta))

    def flag_stmt(self, meta, at):
        return ast.Check("flag", None, at, _pos(meta))

    def if_expr(self, meta, cond, then, orelse):
        return ast.IfExpr(cond, then, orelse, _pos(meta))

    def or_op(self, meta, a, b):
        return ast.Binary("or", a, b, _pos(meta))

    def and_op(self, meta, a, b):
        return ast.Binary("and", a, b, _pos(meta))

    def not_op(self, meta, _not, a):
        return ast.Unary("not", a, _pos(meta))

    def compare(self, meta, a, op, b, tolerance):
        return ast.Compare(str(op), a, b, tolerance, _pos(meta))

    def tolerance(self, meta, e):
        return e

    def contains(self, meta, a, b):
        return ast.Test("contains", a, b, "", False, _pos(meta))

    def matches(self, meta, a, b):
        return ast.Test("matches", a, b, "", False, _pos(meta))

    def is_test(self, meta, a, neg, name):
        return ast.Test("is", a, None, str(name), neg is not None, _pos(meta))

    def in_test(self, meta, a, neg, b):
        return ast.Test("in", a, b, "", neg is not None, _pos(meta))

    def coalesce(self, meta, a, b):
        return ast.Binary("??", a, b, _pos(meta))

    def add(self, meta, a, b):
        return ast.Binary("+", a, b, _pos(meta))

    def sub(self, meta, a, b):
        return ast.Binary("-", a, b, _pos(meta))

    def mul(self, meta, a, b):
        return ast.Binary("*", a, b, _pos(meta))

    def div(self, meta, a, b):
        return ast.Binary("/", a, b, _pos(meta))

    def neg(self, meta, a):
        return ast.Unary("-", a, _pos(meta))

    def attr(self, meta, obj, name):
        return ast.Attr(obj, str(name), _pos(meta))

    def index(self, meta, obj, args):
        return ast.Index(obj, args, _pos(meta))

    def call(self, meta, name, args):
        return ast.Call(str(name), args or (), _pos(name))

    def gen_call(self, meta, name, expr, target, iterable, where):
        return ast.GenCall(str(name), expr, target, iterable, where, _pos(name))

    def args(self, meta, *items):
        return tuple(items)

    def name(self, meta, tok: Token):
        return ast.Name(str(tok), _pos(tok))

    def number(self, meta, tok):
        return ast.Const(Decimal(str(tok)), _pos(tok))

    def date(self, meta, tok):
        from datetime import date

        y, m, d = (int(p) for p in str(tok).split("-"))
        try:
            return ast.Const(date(y, m, d), _pos(tok))
        except ValueError:
            raise RuleFileError("", tok.line, tok.column, f"日期无效 / not a valid date: {tok}", "") from None

    def text(self, meta, s):
        return ast.Const(s, _pos(meta))

    def regex(self, meta, tok):
        return ast.Regex(str(tok)[1:-1].replace("\\/", "/"), _pos(tok))

    def true(self, meta):
        return ast.Const(True, _pos(meta))

    def false(self, meta):
        return ast.Const(False, _pos(meta))

    def list(self, meta, args):
        return ast.ListExpr(args or (), _pos(meta))
