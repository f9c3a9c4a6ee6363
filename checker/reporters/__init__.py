"""Reporters: each turns the run's ``FileResult``s into one output format.

Every reporter has the same interface, ``render(results, out, ctx)``, and none
may hide an unreadable file or stop early. Only ``text`` uses rich, and it
imports it lazily, so the machine formats start fast.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TextIO

from checker.check import FileResult
from checker.reporters import github, json_out, junit, sarif, text
from checker.reporters.common import RenderContext

Render = Callable[[Sequence[FileResult], TextIO, RenderContext], None]

REPORTERS: dict[str, Render] = {
    "text": text.render,
    "json": json_out.render,
    "sarif": sarif.render,
    "github": github.render,
    "junit": junit.render,
}


def get_reporter(name: str) -> Render:
    """The reporter called ``name``; an unknown name raises ValueError listing the known ones."""
    try:
        return REPORTERS[name]
    except KeyError:
        raise ValueError(f"未知的输出格式“{name}”，可用：{', '.join(REPORTERS)}") from None


__all__ = ["REPORTERS", "RenderContext", "get_reporter"]
