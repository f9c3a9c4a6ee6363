"""Reporters: each turns the run's ``FileResult``s into one output format.

Every reporter has the same interface, ``render(results, out, ctx) -> Tally``: it reads
``results`` (any iterable) once, writes as it goes, and returns the counts of the run
(verdicts by ``checker.diagnostics.verdict``), so a caller can print a summary elsewhere
or decide the exit code from the same stream. None may hide an unreadable file or stop
early. Only ``text`` uses rich, and it imports it lazily, so the machine formats start
fast. Each reporter module is imported only when its format is asked for (json,
xml.etree: ~10 ms that one ``reportlint check`` in text need not pay).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from importlib import import_module
from typing import TextIO

from checker.diagnostics import FileResult
from checker.reporters.common import RenderContext, Tally

#: ``render(results, out, ctx)`` reads ``results`` once, writing as it goes, and returns the run's counts.
Render = Callable[[Iterable[FileResult], TextIO, RenderContext], Tally]

#: Format name -> the module whose ``render`` writes it.
REPORTERS: dict[str, str] = {
    "text": "checker.reporters.text",
    "json": "checker.reporters.json_out",
    "sarif": "checker.reporters.sarif",
    "github": "checker.reporters.github",
    "junit": "checker.reporters.junit",
    "csv": "checker.reporters.csv_out",
    "html": "checker.reporters.html_out",
}


def get_reporter(name: str) -> Render:
    """The reporter called ``name``; an unknown name raises ValueError listing the known ones."""
    try:
        module = REPORTERS[name]
    except KeyError:
        raise ValueError(f"未知的输出格式“{name}”，可用：{', '.join(REPORTERS)}") from None
    return import_module(module).render


__all__ = ["REPORTERS", "RenderContext", "Tally", "get_reporter"]
