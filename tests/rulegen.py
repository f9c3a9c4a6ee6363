"""Random rules of the rule language (hypothesis), for the differential test of the engine.

``rules()`` draws rule files whose bodies mix what the language has: cells (literal and by
loop variable), numbers, strings, dates, facts, ``let``, ``for`` (with ``where`` and an index),
``when``/``else``, aggregates over lists and generators, text tests, ``is`` predicates, ``??``,
``if``, and checks with and without ``at``; and the batch: ``previous.表三[…]``, ``previous``'s
facts and sections, ``children``, ``similarity``. Every name a drawn rule uses is bound or a fact,
so each one loads.
"""

from __future__ import annotations

from hypothesis import strategies as st

from checker.read.layouts import load_layout

_T3 = load_layout().table("t3")
ROWS = ("本年新收", "上年结转", "办理结果总计", "结转下年度", "予以公开", "r3.3.4", "r3.6.2")
COLS = ("自然人", "商业企业", "总计", "natural", "legal")
FACTS = ("year", "title.year", "agency", "published", "period.start", "period.end", "format", "len(sections)",
         "len(claims)", "section(s5).text", "title.text", "published.date", "previous.year",
         "section(s5, previous).text", "similarity(section(s1), section(s1, previous))", "len(children)")
LISTS = ("表三.rows", "表三.columns", "表三.outcomes", "表三.applicants", "cells", "表四.cells", "sections",
         "claims", "headings", "part_sums", "years", "search(/\\d+/)", "search(/申请|复议/, section(s1))",
         "[1, 2, 3]", "[]", "表二.amounts", "expected_sections", "children", "previous.sections")
PREDICATES = ("blank", "placeholder", "number", "text", "integer", "present", "absent", "known", "ambiguous",
              "inferred")
AGGREGATES = ("sum", "count", "any", "all", "min", "max", "first")


def _leaf(draw, scope: tuple[str, ...]) -> str:
    kinds = ["number", "string", "cell", "fact", "date", "bool"] + (["var"] * 3 if scope else [])
    kind = draw(st.sampled_from(kinds))
    if kind == "number":
        return draw(st.sampled_from(["0", "1", "2", "3", "0.5", "10", "2023"]))
    if kind == "string":
        return draw(st.sampled_from(['"件"', '""', '"申请"', '"自然人"', '"r1"', '"total"']))
    if kind == "cell":
        row = draw(st.sampled_from(ROWS + scope)) if scope and draw(st.booleans()) else draw(st.sampled_from(ROWS))
        col = draw(st.sampled_from(COLS + scope)) if scope and draw(st.booleans()) else draw(st.sampled_from(COLS))
        return f"{draw(st.sampled_from(['', '', 'previous.']))}表三[{row}, {col}]"  # this report's, or last year's
    if kind == "fact":
        return draw(st.sampled_from(FACTS))
    if kind == "date":
        return draw(st.sampled_from(["2024-01-31", "2023-12-31", "date(year + 1, 3, 31)"]))
    if kind == "bool":
        return draw(st.sampled_from(["true", "false"]))
    var = draw(st.sampled_from(scope))
    attr = draw(st.sampled_from(["", "", ".value", ".raw", ".line", ".number", ".text", ".key", ".row", ".col",
                                 ".id", ".short", ".state", ".sentence", ".unit"]))
    return var + attr


def expr(draw, scope: tuple[str, ...], depth: int) -> str:
    if depth <= 0 or draw(st.integers(0, 3)) == 0:
        return _leaf(draw, scope)
    kind = draw(st.integers(0, 11))
    a = expr(draw, scope, depth - 1)
    if kind == 0:
        return f"({a} {draw(st.sampled_from(['+', '-', '*', '/']))} {expr(draw, scope, depth - 1)})"
    if kind == 1:
        op = draw(st.sampled_from(["==", "!=", "<", "<=", ">", ">="]))
        within = " within 1" if draw(st.integers(0, 5)) == 0 else ""
        return f"({a} {op} {expr(draw, scope, depth - 1)}{within})"
    if kind == 2:
        return f"({a} {draw(st.sampled_from(['and', 'or']))} {expr(draw, scope, depth - 1)})"
    if kind == 3:
        return f"(not {a})"
    if kind == 4:
        return f"({a} ?? {expr(draw, scope, depth - 1)})"
    if kind == 5:
        neg = "not " if draw(st.booleans()) else ""
        return f"({a} is {neg}{draw(st.sampled_from(PREDICATES))})"
    if kind == 6:
        test = draw(st.sampled_from(['contains "申请"', "matches /\\d/", "matches /^$/", 'in ["件", 1, 自然人]',
                                     "not in 表三.applicants", 'contains ""']))
        return f"({a} {test})"
    if kind == 7:
        return f"(if {a} then {expr(draw, scope, depth - 1)} else {expr(draw, scope, depth - 1)})"
    if kind == 8:
        func, var = draw(st.sampled_from(AGGREGATES)), f"g{depth}"
        where = f" where {expr(draw, (*scope, var), depth - 1)}" if draw(st.booleans()) else ""
        body = expr(draw, (*scope, var), depth - 1)
        return f"{func}({body} for {var} in {draw(st.sampled_from(LISTS))}{where})"
    if kind == 9:
        return f"{draw(st.sampled_from(['len', 'abs', 'year', 'numeral', 'first', 'sum', 'count']))}({a})"
    if kind == 10:
        return f"max({a}, {expr(draw, scope, depth - 1)})"
    return f"[{a}, {expr(draw, scope, depth - 1)}][{draw(st.sampled_from(['0', '1', '2']))}]"


def _check(draw, scope: tuple[str, ...], depth: int) -> str:
    kind = draw(st.sampled_from(["require", "forbid", "flag"]))
    at = f" at {expr(draw, scope, 1)}" if draw(st.booleans()) else ""
    return f"flag{at}" if kind == "flag" else f"{kind} {expr(draw, scope, depth)}{at}"


def block(draw, scope: tuple[str, ...], depth: int, n: int = 3) -> str:
    out = []
    for i in range(draw(st.integers(1, n))):
        kind = draw(st.integers(0, 5)) if depth > 0 else draw(st.sampled_from([0, 4]))
        if kind == 0:
            name = f"x{depth}{i}"
            out.append(f"let {name} = {expr(draw, scope, 2)}")
            scope = (*scope, name)
        elif kind in (1, 2):
            var = f"v{depth}{i}"
            index = f"i{depth}{i}, " if draw(st.integers(0, 3)) == 0 else ""
            inner = (*scope, var) + ((f"i{depth}{i}",) if index else ())
            where = f" where {expr(draw, inner, 1)}" if draw(st.booleans()) else ""
            out.append(f"for {index}{var} in {draw(st.sampled_from(LISTS))}{where} {{ {block(draw, inner, depth - 1)} }}")
        elif kind == 3:
            orelse = f" else {{ {block(draw, scope, depth - 1)} }}" if draw(st.booleans()) else ""
            out.append(f"when {expr(draw, scope, 2)} {{ {block(draw, scope, depth - 1)} }}{orelse}")
        else:
            out.append(_check(draw, scope, 2))
    return "\n".join(out)


@st.composite
def rules(draw) -> str:
    """A rule file of one to three random rules; their messages print every kind of value."""
    out = []
    for k in range(draw(st.integers(1, 3))):
        body = block(draw, (), 2)
        out.append(f'rule gen-{"abc"[k]} warning "{{actual}}/{{expected}}/{{year}}/{{title}}" {{ summary "测"\n{body}\n}}')
    return "\n".join(out)
