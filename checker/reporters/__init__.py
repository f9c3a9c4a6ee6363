"""Reporters: each turns the run's ``FileResult``s into one output format.

Every reporter has the same interface, ``render(results, out, ctx)``, and none
may hide an unreadable file or stop early. Only ``text`` uses rich, and it
imports it lazily, so the machine formats start fast. Each reporter module is
imported only when its format is asked for (json, xml.etree: ~10 ms that one
``reportlint check`` in text need not pay).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from importlib import import_module
from typing import TextIO

from checker.diagnostics import FileResult
from checker.reporters.common import RenderContext

Render = Callable[[Sequence[FileResult], TextIO, RenderContext], None]

#: Format name -> the module whose ``render`` writes it.
REPORTERS: dict[str, str] = {
    "text": "checker.reporters.text",
    "json": "checker.reporters.json_out",
    "sarif": "checker.reporters.sarif",
    "github": "checker.reporters.github",
    "junit": "checker.reporters.junit",
}


def get_reporter(name: str) -> Render:
    """The reporter called ``name``; an unknown name raises ValueError listing the known ones."""
    try:
        module = REPORTERS[name]
    except KeyError:
        raise ValueError(f"未知的输出格式“{name}”，可用：{', '.join(REPORTERS)}") from None
    return import_module(module).render


__all__ = ["REPORTERS", "RenderContext", "get_reporter"]
