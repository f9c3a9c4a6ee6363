"""One self-contained HTML page for leadership: counts, a chart, tables, and every file's findings.

No network: the styles, the chart (SVG) and the small script that sorts and filters the
table are inline, and a Content-Security-Policy forbids the page to load anything, so it
works from a USB stick. Without the script the page still shows everything.

The page is written as the results come: each file's findings are written at once, and
only one short table row per file is kept (on disk past 1 MiB) until the end, when the
counts, the chart and the tables are written. They come later in the document but are shown first (CSS
``order``), so memory never holds a report's lines or findings beyond its own turn.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import TextIO

from checker.diagnostics import FileResult
from checker.reporters.common import SEVERITY_ZH, RenderContext, Spool, Tally
from checker.reporters.html_parts import (
    cards,
    chart,
    file_details,
    file_row,
    files_head,
    group_table,
    has_details,
    text,
)

TITLE = "政府信息公开工作年度报告检查结果"
_CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"


@lru_cache(maxsize=2)
def asset(name: str) -> str:
    """The page's own CSS or script, shipped beside this module."""
    return (Path(__file__).parent / name).read_text(encoding="utf-8")


def head(ctx: RenderContext) -> str:
    sub = f"reportlint {text(ctx.version)} · {ctx.rule_count} 条规则 · 达到“{SEVERITY_ZH[ctx.fail_on]}”即不通过"
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{TITLE}</title>\n<style>\n{asset('html_page.css')}</style>\n</head>\n<body>\n"
        f'<header class="top"><div class="inner"><h1>{TITLE}</h1><p>{sub}</p></div></header>\n'
        '<div class="page">\n<main>\n<section id="details"><h2>各文件的问题</h2>\n'
    )


def tail(tally: Tally, ctx: RenderContext) -> tuple[str, str]:
    """Everything that needs the whole run, before and after the table's rows: written last, shown first."""
    groups = f"<h3>按单位</h3>{group_table('单位', tally.agencies)}"
    if len(tally.folders) > 1:
        groups += f"<h3>按文件夹</h3>{group_table('文件夹', tally.folders)}"
    toolbar = ('<div class="toolbar"><input id="filter" type="search" placeholder="输入文件名、单位、结论…筛选" '
               'aria-label="筛选文件"><span class="shown">显示 <strong id="shown">'
               f'{tally.files}</strong> / <span id="total">{tally.files}</span> 个文件</span></div>')
    before = (
        "</section>\n"
        f'<section id="overview"><h2>总体情况</h2>{cards(tally)}</section>\n'
        f'<section id="by-rule"><h2>按规则统计的问题</h2>{chart(tally, ctx)}</section>\n'
        f'<section id="by-group"><h2>按单位、文件夹统计</h2>{groups}</section>\n'
        f'<section id="files-section"><h2>文件一览</h2>{toolbar}'
        f'<table id="files">{files_head()}<tbody>\n'
    )
    after = (
        "</tbody></table></section>\n</main>\n"
        f'<footer>由 reportlint {text(ctx.version)} 生成 · 本页不联网，可离线打开</footer>\n'
        f"</div>\n<script>\n{asset('html_page.js')}</script>\n</body>\n</html>\n"
    )
    return before, after


def render(results: Iterable[FileResult], out: TextIO, ctx: RenderContext) -> Tally:
    tally = ctx.tally()
    out.write(head(ctx))
    with Spool() as rows:  # one short table row per file: the only thing kept per file
        shown = 0
        for number, result in enumerate(results, 1):
            outcome = tally.add(result)
            anchor = f"f{number}" if has_details(result) else None
            if anchor:
                out.write(file_details(result, outcome, anchor, ctx) + "\n")
                shown += 1
            rows.add(file_row(result, outcome, anchor) + "\n")
        if not shown:
            out.write('<p class="empty">没有发现问题，也没有未评估的规则。</p>\n')
        before, after = tail(tally, ctx)
        out.write(before)
        rows.copy_to(out)
    out.write(after)
    return tally
