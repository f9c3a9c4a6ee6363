"""Friendly syntax errors for rule files: a table of typical mistakes, matched by parser state.

``RULE_ERRORS`` pairs a message with broken snippets; a syntax error that fails in the same
parser state as a snippet (with the same expected tokens) gets that message. The same table is
the test (tests/test_grammar_errors.py). Otherwise the expected tokens are listed in words.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput

from checker.language.resolve import RuleFileError, context_of

Parse = Callable[[str], Any]

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



def syntax_error(err: UnexpectedInput, text: str, path: str, parse: Parse) -> RuleFileError:
    """The RuleFileError for a Lark syntax error in ``text``."""
    label = match_examples(err, parse)
    line, column = max(err.line, 1), max(err.column, 1)
    if isinstance(err, UnexpectedEOF) or getattr(getattr(err, "token", None), "type", "") == "$END":
        line, column = _end_position(text)
    if not label:
        label = _expected_words(err)
    return RuleFileError(path, line, column, label, context_of(text, line, column))


@lru_cache(maxsize=256)
def _example_error(snippet: str, parse: Parse) -> UnexpectedInput | None:
    try:
        parse(snippet)
    except UnexpectedInput as err:
        return err
    return None


def _state(err: UnexpectedInput) -> object:
    state = err.state
    return getattr(state, "position", state)  # a ParserState compares by its top state


def match_examples(err: UnexpectedInput, parse: Parse) -> str | None:
    """The RULE_ERRORS message whose example fails in the same parser state (and with the same token).

    This is ``UnexpectedInput.match_examples(parse, RULE_ERRORS, use_accepts=True)``, written out
    because lark 1.3.1's version crashes formatting a debug message when the state is a ParserState.
    """
    candidate: tuple[str | None, bool] = (None, False)
    token = getattr(err, "token", None)
    for label, snippets in RULE_ERRORS:
        for snippet in snippets:
            ut = _example_error(snippet, parse)
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
