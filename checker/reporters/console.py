"""Printing for the terminal formats, with or without rich: styled text that is never markup.

Report text is only ever appended as text (``Styled`` pieces, ``rich.text.Text`` on a
terminal), never parsed as markup, so a line containing "[bold]" or "[/]" prints as it
is. Colour only on a terminal, never with NO_COLOR or ``--color never``; no wrapping.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, TextIO

from checker.diagnostics import Severity
from checker.reporters.common import RenderContext

if TYPE_CHECKING:
    from rich.console import Console

STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "bold yellow", Severity.INFO: "bold cyan"}
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


def make_console(out: TextIO, ctx: RenderContext) -> Printer:
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


Printer = PlainConsole | RichConsole
