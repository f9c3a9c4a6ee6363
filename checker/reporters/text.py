"""Terminal output for the person who wrote the report: where, what, and a code frame.

Report text is only ever appended as text (``Styled`` pieces, ``rich.text.Text`` on a
terminal), never parsed as markup, so a line containing "[bold]" or "[/]" prints as it is. Colour only on a terminal,
never with NO_COLOR or ``--color never``; no wrapping, so ``path:line:col`` stays
parsable. Columns are characters in the model; only here do CJK characters count
two cells wide.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TextIO

from checker.diagnostics import Diagnostic, FileResult, Severity
from checker.reporters.common import SEVERITY_ZH, RenderContext, Summary, short_description

if TYPE_CHECKING:
    from rich.console import Console

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "bold yellow", Severity.INFO: "bold cyan"}
TAB = 4
MAX_LINE = 120  # cells; longer report lines are shown as a window around the span
CONTEXT = 40
RICH_TAB = 8  # rich expands tabs left in a printed text to this many cells


class Styled:
    """Text with styled pieces (rich style names): what the reporter prints, with or without rich.

    Building plain pieces instead of ``rich.text.Text`` lets the common case, output to
    a file or a pipe, skip importing rich's console (~30 ms of a 0.3 s start); the same
    pieces become a ``Text`` when colour may be wanted.
    """

    __slots__ = ("style", "pieces")

    def __init__(self, text: str = "", style: str = "") -> None:
        self.style = style  # the style of the whole text, under the pieces' own
        self.pieces: list[tuple[str, str]] = [(text, "")] if text else []

    def append(self, text: str, style: str = "") -> None:
        self.pieces.append((text, style))

    @property
    def plain(self) -> str:
        return "".join(text for text, _ in self.pieces)

    def to_rich(self) -> Any:
        """The same text as a ``rich.text.Text`` (report text stays text, never markup)."""
        from rich.text import Text

        text = Text(style=self.style)
        for piece, style in self.pieces:
            text.append(piece, style=style or None)
        return text


class PlainConsole:
    """Writes exactly what rich writes when it emits no escape codes (no colour, soft wrap)."""

    def __init__(self, out: TextIO) -> None:
        self.out = out

    def print(self, text: Styled | None = None) -> None:
        if text is None:
            self.out.write("\n")
            return
        self.out.write("\n".join(expand_tabs(line) for line in text.plain.split("\n")) + "\n")


class RichConsole:
    """Prints through a rich console: colour on a terminal or when asked for."""

    def __init__(self, console: Console) -> None:
        self.console = console

    def print(self, text: Styled | None = None) -> None:
        if text is None:
            self.console.print()
        else:
            self.console.print(text.to_rich())


def expand_tabs(line: str) -> str:
    """Tabs to the next multiple of RICH_TAB cells, as ``rich.text.Text.expand_tabs`` does."""
    if "\t" not in line:
        return line
    from rich.cells import cell_len

    out: list[str] = []
    cell = 0
    for i, part in enumerate(line.split("\t")):
        if i:
            pad = RICH_TAB - cell % RICH_TAB
            out.append(" " * pad)
            cell += pad
        out.append(part)
        cell += cell_len(part)
    return "".join(out)


def make_console(out: TextIO, ctx: RenderContext) -> PlainConsole | RichConsole:
    """Plain text when no colour can result; else a rich console that never reads markup,
    never highlights, never wraps, with colour as decided."""
    no_color = ctx.color == "never" or (ctx.color == "auto" and "NO_COLOR" in ctx.env)
    if no_color or (ctx.color == "auto" and not _may_be_terminal(out)):
        return PlainConsole(out)
    from rich.console import Console

    kwargs: dict[str, Any] = {"force_terminal": True} if ctx.color == "always" else {}
    return RichConsole(Console(file=out, highlight=False, markup=False, emoji=False, soft_wrap=True, **kwargs))


def _may_be_terminal(out: TextIO) -> bool:
    """Whether rich could take ``out`` for a terminal (a tty, or its FORCE_COLOR/TTY_COMPATIBLE)."""
    if os.environ.get("FORCE_COLOR") is not None or os.environ.get("TTY_COMPATIBLE") == "1":
        return True
    isatty = getattr(out, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # closed
        return False


def render(results: Sequence[FileResult], out: TextIO, ctx: RenderContext) -> None:
    console = make_console(out, ctx)
    if not ctx.statistics:
        for result in results:
            _render_file(console, result)
    summary = Summary.of(results)
    if summary.per_rule:
        _render_rule_counts(console, summary, ctx)
    console.print(summary_text(summary, ctx))


def _render_file(console: PlainConsole | RichConsole, result: FileResult) -> None:
    gutter = len(str(max((d.location.line for d in result.diagnostics if d.location), default=1)))
    for diag in result.diagnostics:
        console.print(header(result.path, diag))
        frame = code_frame(result.lines, diag, gutter)
        if frame is not None:
            console.print(frame)
        console.print()


def header(path: str, diag: Diagnostic) -> Styled:
    """``path:line:column: 错误 [rule-id] message`` — one line, parsable."""
    loc = diag.location
    where = f"{path}:{loc.line}:{loc.column}" if loc else path
    text = Styled()
    text.append(where, style="bold")
    text.append(": ")
    text.append(SEVERITY_ZH[diag.severity], style=_STYLE[diag.severity])
    text.append(" [")
    text.append(diag.rule, style="magenta")
    text.append("] ")
    text.append(sanitize(diag.message))
    return text


def code_frame(lines: Sequence[str], diag: Diagnostic, gutter: int) -> Styled | None:
    """The report line under a gutter, and ``^^^`` under the span at fault (cells, not chars)."""
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
    frame = Styled()
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


def _render_rule_counts(console: PlainConsole | RichConsole, summary: Summary, ctx: RenderContext) -> None:
    console.print(Styled("按规则统计：", style="bold"))
    width = len(str(max(n for _, _, n in summary.per_rule)))
    for rule, severity, count in summary.per_rule:
        line = Styled(f"  {count:>{width}}  ")
        line.append(SEVERITY_ZH[severity], style=_STYLE[severity])
        line.append(f"  {rule}", style="magenta")
        desc = short_description(ctx.rule(rule))
        if desc:
            line.append(f"  {sanitize(desc)}")
        console.print(line)
    console.print()


def summary_text(summary: Summary, ctx: RenderContext) -> Styled:
    """The last line: how many files and rules, and what was found (or that nothing was)."""
    if not summary.per_rule:
        return Styled(f"{summary.files} 个文件，{ctx.rule_count} 条规则，未发现问题", style="bold green")
    text = Styled(f"检查了 {summary.files} 个文件，{ctx.rule_count} 条规则：", style="bold")
    text.append(f"{summary.errors} 个错误", style=_STYLE[Severity.ERROR] if summary.errors else "")
    text.append("，")
    text.append(f"{summary.warnings} 个警告", style=_STYLE[Severity.WARNING] if summary.warnings else "")
    text.append(f"，{summary.infos} 个提示")
    if summary.unreadable:
        text.append(f"；{summary.unreadable} 个文件未能检查", style="bold red")
    return text
