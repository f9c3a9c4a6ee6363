"""Load rule files: parse (Lark LALR), build the frozen AST, resolve names; all files or none.

Loading never executes anything from a rule file: the text is parsed by the grammar in
``grammar/rules.lark``, turned into ``checker.language.ast`` nodes by a stateless Transformer, and
checked against the layout (tables, rows, columns, sections) and the fixed vocabulary
(functions, facts, predicates). Every problem raises ``RuleFileError`` with a code frame.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from lark import Lark, Token, Transformer, Tree, v_args
from lark.exceptions import UnexpectedInput, VisitError

from checker.diagnostics import Severity
from checker.language import ast as ast
from checker.language.errors import RULE_ERRORS, syntax_error
from checker.language.resolve import RuleFileError, context_of, resolve_rule
from checker.read.layouts import Layout
from checker.resources import grammar_path, rules_dir

__all__ = ["MAX_NESTING", "RULE_ERRORS", "RuleFileError", "default_rule_paths", "load_rules", "parse_rules"]

#: How deep a rule's syntax tree may nest (a shipped rule needs about 20). Deeper trees are refused
#: with a located error before anything recursive (the tree transformer, the resolver, the
#: compiler, the evaluation) meets them.
MAX_NESTING = 100
MAX_LOOPS = 12  # ``for`` statements inside one another


@lru_cache(maxsize=1)
def _parser() -> Lark:
    """The grammar, built once per process (LALR, positions kept for code frames)."""
    return Lark.open(str(grammar_path()), parser="lalr", propagate_positions=True, maybe_placeholders=True)


def default_rule_paths() -> list[Path]:
    """The shipped national rule set."""
    return [rules_dir()]


def load_rules(paths: Sequence[Path], layouts: Sequence[Layout] | None = None) -> ast.RuleSet:
    """Load every rule file (folders: all ``*.rule``, sorted); raise ``RuleFileError`` if any is broken.

    Names are resolved against ``layouts`` (default: every known format, ``read.layouts.known_layouts``).
    """
    rules: list[ast.Rule] = []
    seen: dict[str, ast.Rule] = {}
    for path in _expand(paths):
        text = _read(path)
        for rule in parse_rules(text, str(path), layouts):
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


def parse_rules(text: str, path: str = "<rules>", layouts: Sequence[Layout] | None = None) -> tuple[ast.Rule, ...]:
    """Parse and resolve one rule file's text (against ``layouts``, as ``load_rules``)."""
    try:
        tree = _parser().parse(text)
    except UnexpectedInput as err:
        raise syntax_error(err, text, path, _parser().parse) from None
    _check_nesting(tree, text, path)
    try:
        raw = _ToAst(path).transform(tree)
    except VisitError as err:
        if isinstance(err.orig_exc, RuleFileError):
            e = err.orig_exc
            raise RuleFileError(path, e.line, e.column, e.expected, context_of(text, e.line, e.column)) from None
        raise
    rules = tuple(resolve_rule(rule, path, text, layouts) for rule in raw)
    for rule in rules:
        _check_summary(rule, text, path)
    return rules


def _check_summary(rule: ast.Rule, text: str, path: str) -> None:
    """Every rule has a one-line ``summary`` for the reader (``rules``, statistics, HTML, JSON). Checked
    after the names resolve, so a rule with another mistake gets that mistake's error first."""
    line = rule.source.line
    if "\n" in rule.summary.strip():
        what = (f"规则 {rule.id} 的 summary 只能写一行（长的说明写在 description 里）"
                f" / the summary of rule {rule.id} must be one line (put the long text in description)")
    elif not rule.summary.strip():
        what = (f"规则 {rule.id} 缺少一行简述：在 {{ 后面写 summary \"……\"（rules、统计和 HTML/JSON 显示它）"
                f" / rule {rule.id} has no summary: write summary \"…\" after '{{'")
    else:
        return
    lines = text.split("\n")
    column = lines[line - 1].find(f" {rule.id} ") + 2 if 0 < line <= len(lines) else 1  # at the rule's id
    raise RuleFileError(path, line, max(column, 1), what, context_of(text, line, max(column, 1)))


def _check_nesting(tree: Tree, text: str, path: str) -> None:
    """Refuse a tree deeper than ``MAX_NESTING``, at the first node too deep (walked without recursion)."""
    todo: list[tuple[Tree, int, int]] = [(tree, 0, 0)]
    while todo:
        node, depth, loops = todo.pop()
        loops += node.data == "for_stmt"
        if depth > MAX_NESTING or loops > MAX_LOOPS:
            line, column = _pos(node.meta).line, _pos(node.meta).column
            what = (f"嵌套过深（超过 {MAX_NESTING} 层）/ nested too deeply (more than {MAX_NESTING} levels)"
                    if depth > MAX_NESTING else
                    f"嵌套过深：for 循环超过 {MAX_LOOPS} 层 / nested too deeply: more than {MAX_LOOPS} for loops")
            raise RuleFileError(path, line, column, what, context_of(text, line, column))
        todo.extend((child, depth + 1, loops) for child in node.children if isinstance(child, Tree))


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
            summary=fields.get("summary", ""), basis=fields.get("basis", ""), description=fields.get("description", ""),
            example_pass=fields.get("example_pass", ""), example_fail=fields.get("example_fail", ""),
            applies=ast.Applies(fields.get("formats", ()), fields.get("years", (None, None))),
            covered_by=fields.get("covered_by", ()),
            source=ast.Source(self._path, meta.line), body=() if from_reader else body, from_reader=from_reader,
        )

    def string(self, meta, *parts):
        return "".join(_unquote(str(p)) for p in parts)

    def summary(self, meta, s):
        return ("summary", s)

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

    def covered_by(self, meta, *ids):
        return ("covered_by", tuple(str(i) for i in ids))

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

    def require_stmt(self, meta, cond, at, *hints):
        return ast.Check("require", cond, at, _pos(meta), hints)

    def forbid_stmt(self, meta, cond, at, *hints):
        return ast.Check("forbid", cond, at, _pos(meta), hints)

    def flag_stmt(self, meta, at, *hints):
        return ast.Check("flag", None, at, _pos(meta), hints)

    def hint(self, meta, template, cond):
        return ast.Hint(template, cond, _pos(meta))

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
