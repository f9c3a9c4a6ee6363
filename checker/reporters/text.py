"""Terminal output for the person who wrote the report: where, what, and a code frame.

Report text is always wrapped in ``rich.text.Text`` (never parsed as markup), so a
line containing "[bold]" or "[/]" prints as it is. Colour only on a terminal,
never with NO_COLOR or ``--color never``; no wrapping, so ``path:line:col`` stays
parsable. Columns are characters in the model; only here do CJK characters count
two cells wide.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TextIO

from checker.check import FileResult
from checker.diagnostics import Diagnostic, Severity
from checker.reporters.common import SEVERITY_ZH, RenderContext, Summary, short_description

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "bold yellow", Severity.INFO: "bold cyan"}
TAB = 4
MAX_LINE = 120  # cells; longer report lines are shown as a window around the span
CONTEXT = 40


def make_console(out: TextIO, ctx: RenderContext) -> Console:
    """A console that never reads markup, never highlights, never wraps; colour as decided."""
    from rich.console import Console

    no_color = ctx.color == "never" or (ctx.color == "auto" and "NO_COLOR" in ctx.env)
    kwargs: dict[str, Any] = {}
    if no_color:
        kwargs["color_system"] = None
    elif ctx.color == "always":
        kwargs["force_terminal"] = True
    return Console(file=out, highlight=False, markup=False, emoji=False, soft_wrap=True, **kwargs)


def render(results: Sequence[FileResult], out: TextIO, ctx: RenderContext) -> None:
    console = make_console(out, ctx)
    if not ctx.statistics:
        for result in results:
            _render_file(console, result)
    summary = Summary.of(results)
    if summary.per_rule:
        _render_rule_counts(console, summary, ctx)
    console.print(summary_text(summary, ctx))


def _render_file(console: Console, result: FileResult) -> None:
    gutter = len(str(max((d.location.line for d in result.diagnostics if d.location), default=1)))
    for diag in result.diagnostics:
        console.print(header(result.path, diag))
        frame = code_frame(result.lines, diag, gutter)
        if frame is not None:
            console.print(frame)
        console.print()


def header(path: str, diag: Diagnostic) -> Text:
    """``path:line:column: 错误 [rule-id] message`` — one line, parsable."""
    from rich.text import Text

    loc = diag.location
    where = f"{path}:{loc.line}:{loc.column}" if loc else path
    text = Text()
    text.append(where, style="bold")
    text.append(": ")
    text.append(SEVERITY_ZH[diag.severity], style=_STYLE[diag.severity])
    text.append(" [")
    text.append(diag.rule, style="magenta")
    text.append("] ")
    text.append(sanitize(diag.message))
    return text


def code_frame(lines: Sequence[str], diag: Diagnostic, gutter: int) -> Text | None:
    """The report line under a gutter, and ``^^^`` under the span at fault (cells, not chars)."""
    from rich.text import Text

    loc = diag.location
    if loc is None or not 1 <= loc.line <= len(lines):
        return None
    raw = lines[loc.line - 1]
    pieces, offsets = display_line(raw)
    end_char = loc.end_column - 1 if loc.end_line == loc.line else len(raw)
    first, last = _window(offsets, loc.column - 1, end_char)
    shown = ("…" if first else "") + "".join(pieces[first:last]) + ("…" if last < len(raw) else "")
    shift = offsets[first] - (1 if first else 0)
    start = _cell_at(offsets, loc.column - 1) - shift
    width = max(1, _cell_at(offsets, end_char) - _cell_at(offsets, loc.column - 1))
    pad = " " * gutter
    frame = Text()
    frame.append(f"{pad} |\n", style="blue")
    frame.append(f"{loc.line:>{gutter}} | ", style="blue")
    frame.append(shown.rstrip())
    frame.append(f"\n{pad} | ", style="blue")
    frame.append(" " * start + "^" * width, style=_STYLE[diag.severity])
    return frame


def _window(offsets: list[int], start: int, end: int) -> tuple[int, int]:
    """Characters to show of a long line: up to CONTEXT cells either side of the span."""
    if offsets[-1] <= MAX_LINE:
        return 0, len(offsets) - 1
    left = _cell_at(offsets, start) - CONTEXT
    right = _cell_at(offsets, end) + CONTEXT
    first = next(i for i, cell in enumerate(offsets) if cell >= left) if left > 0 else 0
    last = max((i for i, cell in enumerate(offsets) if cell <= right), default=len(offsets) - 1)
    return min(first, start), max(min(last, len(offsets) - 1), min(end, len(offsets) - 1))


def display_line(raw: str) -> tuple[list[str], list[int]]:
    """Each character as shown (tabs expanded, control characters replaced) and its start cell."""
    from rich.cells import cell_len

    shown: list[str] = []
    offsets: list[int] = []
    cell = 0
    for ch in raw:
        offsets.append(cell)
        piece = " " * (TAB - cell % TAB) if ch == "\t" else sanitize(ch)
        shown.append(piece)
        cell += cell_len(piece)
    offsets.append(cell)
    return shown, offsets


def _cell_at(offsets: list[int], index: int) -> int:
    """Start cell of character ``index``; past the end, one cell per missing character."""
    if index < len(offsets):
        return offsets[max(index, 0)]
    return offsets[-1] + (index - len(offsets) + 1)


def sanitize(text: str) -> str:
    """Control characters (ESC and friends) from a report must never reach the terminal."""
    return "".join("\ufffd" if (ord(c) < 32 and c not in "\t\n") or 0x7F <= ord(c) < 0xA0 else c for c in text)


def _render_rule_counts(console: Console, summary: Summary, ctx: RenderContext) -> None:
    from rich.text import Text

    console.print(Text("按规则统计：", style="bold"))
    width = len(str(max(n for _, _, n in summary.per_rule)))
    for rule, severity, count in summary.per_rule:
        line = Text(f"  {count:>{width}}  ")
        line.append(SEVERITY_ZH[severity], style=_STYLE[severity])
        line.append(f"  {rule}", style="magenta")
        desc = short_description(ctx.rule(rule))
        if desc:
            line.append(f"  {sanitize(desc)}")
        console.print(line)
    console.print()


def summary_text(summary: Summary, ctx: RenderContext) -> Text:
    """The last line: how many files and rules, and what was found (or that nothing was)."""
    from rich.text import Text

    if not summary.per_rule:
        return Text(f"{summary.files} 个文件，{ctx.rule_count} 条规则，未发现问题", style="bold green")
    text = Text(f"检查了 {summary.files} 个文件，{ctx.rule_count} 条规则：", style="bold")
    text.append(f"{summary.errors} 个错误", style=_STYLE[Severity.ERROR] if summary.errors else "")
    text.append("，")
    text.append(f"{summary.warnings} 个警告", style=_STYLE[Severity.WARNING] if summary.warnings else "")
    text.append(f"，{summary.infos} 个提示")
    if summary.unreadable:
        text.append(f"；{summary.unreadable} 个文件未能检查", style="bold red")
    return text
