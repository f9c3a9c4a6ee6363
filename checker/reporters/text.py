"""Terminal output for the person who wrote the report: where, what, and a code frame.

Each finding is one parsable line ``path:line:col: 错误 [rule] message``, then the report's
line with ``^^^`` under the span at fault; a finding in a .docx/.pdf/.html shows that
file's own place instead ("第3页 第2个表格 第5行第4列：“16”"), then the hint and the waiver.
Columns are characters in the model; only here do CJK characters count two cells wide.
Control characters of report text and file names are printed as visible escapes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TextIO

from checker.diagnostics import Diagnostic, FileResult, Waived
from checker.reporters.common import SEVERITY_ZH, RenderContext, Tally, not_assessed_text, place_text
from checker.reporters.console import STYLE as _STYLE
from checker.reporters.console import Printer, Styled, make_console
from checker.reporters.escape import one_line, printable
from checker.reporters.text_summary import print_summary

TAB = 4
MAX_LINE = 120  # cells; longer report lines are shown as a window around the span
CONTEXT = 40


def render(results: Iterable[FileResult], out: TextIO, ctx: RenderContext) -> Tally:
    """Each file's findings as it comes (none with ``--statistics``), then the summary.

    Reads ``results`` once and keeps only the ``Tally``, which it returns (the caller may
    print the same summary elsewhere, e.g. to stderr, with ``render_summary``).
    """
    console = make_console(out, ctx)
    tally = ctx.tally()
    for result in results:
        tally.add(result)
        if not ctx.statistics:
            _render_file(console, result)
    print_summary(console, tally, ctx)
    return tally


def render_summary(tally: Tally, out: TextIO, ctx: RenderContext) -> None:
    """Only the summary of a run already counted: rule counts, tables, the closing lines."""
    print_summary(make_console(out, ctx), tally, ctx)


def _render_file(console: Printer, result: FileResult) -> None:
    framed = (d.location.line for d in result.diagnostics if d.location and d.place is None)
    gutter = len(str(max(framed, default=1)))
    for diag in result.diagnostics:
        console.print(header(result.path, diag))
        if diag.place is not None:
            console.print(note(gutter, "位置", place_text(diag.place)))
        else:
            frame = code_frame(result.lines, diag, gutter)
            if frame is not None:
                console.print(frame)
        if diag.hint:
            console.print(note(gutter, "建议", diag.hint))
        if diag.waived is not None:
            console.print(note(gutter, "已豁免", waiver_text(diag.waived), style="green"))
        console.print()
    gaps = file_gaps(result)
    for line in gaps:
        console.print(line)
    if gaps:
        console.print()


def header(path: str, diag: Diagnostic) -> Styled:
    """``path:line:column: 错误 [rule-id] message`` — one line, parsable. A finding with a place of
    its own (.docx/.pdf/.html) has no line and column: they would be those of a text rendering."""
    loc = diag.location
    where = f"{one_line(path)}:{loc.line}:{loc.column}" if loc and diag.place is None else one_line(path)
    text = Styled()
    text.append(where, style="bold")
    text.append(": ")
    text.append(SEVERITY_ZH[diag.severity], style=_STYLE[diag.severity])
    if diag.waived is not None:
        text.append("（已豁免）", style="green")
    text.append(" [")
    text.append(diag.rule, style="magenta")
    text.append("] ")
    text.append(one_line(diag.message))
    return text


def note(gutter: int, label: str, body: str, style: str = "") -> Styled:
    """A line under a finding, in the gutter: ``  = 建议：…``."""
    text = Styled(" " * gutter + " = ", style="")
    text.append(f"{label}：", style=style or "bold")
    text.append(one_line(body))
    return text


def waiver_text(waived: Waived) -> str:
    """The reason, then who gave the waiver, until when, and where it is written."""
    extra = [part for part in (waived.by, waived.until and f"至 {waived.until}", waived.source) if part]
    return waived.reason + (f"（{'，'.join(extra)}）" if extra else "")


def file_gaps(result: FileResult) -> list[Styled]:
    """What was not checked in a file: rules not assessed (those that fail the file apart),
    or why the file could not be read when no diagnostic says it."""
    path = one_line(result.path)
    lines = []
    if result.status == "unreadable" and not result.diagnostics:
        lines.append(Styled(f"{path}: 无法检查：{one_line(result.reason or '')}", style="bold red"))
    fault = replace(result, not_assessed=tuple(n for n in result.not_assessed if n.fault))
    other = replace(result, not_assessed=tuple(n for n in result.not_assessed if not n.fault))
    if fault.not_assessed:
        line = Styled(f"{path}: ")
        line.append("未评估（文件缺项，不通过）", style="bold red")
        line.append(f"：{one_line(not_assessed_text(fault))}")
        lines.append(line)
    if other.not_assessed:
        line = Styled(f"{path}: ")
        line.append("未评估", style="bold yellow")
        line.append(f"：{one_line(not_assessed_text(other))}")
        lines.append(line)
    return lines


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
        piece = " " * (TAB - cell % TAB) if ch == "\t" else printable(ch)
        shown.append(piece)
        cell += cell_len(piece)
    offsets.append(cell)
    return shown, offsets


def _cell_at(offsets: list[int], index: int) -> int:
    """Start cell of character ``index``; past the end, one cell per missing character."""
    if index < len(offsets):
        return offsets[max(index, 0)]
    return offsets[-1] + (index - len(offsets) + 1)
