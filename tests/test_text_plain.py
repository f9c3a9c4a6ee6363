"""The text reporter's plain output (no rich console) is byte for byte what rich writes without colour."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from checker.reporters.console import PlainConsole, RichConsole, Styled

TEXTS = [
    "", "plain", "表三合计\t12\t3", "a\tb\n\tc表\t", "[bold]x[/] 说明", "line\n\n", "  trailing  ", "😀\t1",
    "e\u0301\tz", "\t", "ａｂ\tｃ",
]


@pytest.mark.parametrize("text", TEXTS)
def test_plain_console_writes_what_rich_writes_without_colour(text: str) -> None:
    styled = Styled(text[:3], style="bold")
    styled.append(text[3:], style="red")
    plain, rich = io.StringIO(), io.StringIO()
    for console in (PlainConsole(plain), RichConsole(Console(
            file=rich, color_system=None, highlight=False, markup=False, emoji=False, soft_wrap=True))):
        console.print(styled)
        console.print()
    assert plain.getvalue() == rich.getvalue()
