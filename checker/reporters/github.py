"""GitHub Actions workflow commands: one ``::error``/``::warning``/``::notice`` line per diagnostic.

Annotations are informative only; the gate is the exit code. Values are escaped
as the runner expects, so a message with ":" or "," or a newline cannot break
the command.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from checker.diagnostics import Diagnostic, FileResult, Severity
from checker.reporters.common import RenderContext

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def line(path: str, diag: Diagnostic) -> str:
    props = [f"file={escape_property(path)}"]
    loc = diag.location
    if loc is not None:
        props += [f"line={loc.line}", f"col={loc.column}"]
        if loc.end_line >= loc.line:
            props += [f"endLine={loc.end_line}", f"endColumn={loc.end_column}"]
    props.append(f"title={escape_property(diag.rule)}")
    return f"::{_COMMAND[diag.severity]} {','.join(props)}::{escape_data(diag.message)}"


def render(results: Sequence[FileResult], out: TextIO, ctx: RenderContext) -> None:
    for result in results:
        for diag in result.diagnostics:
            out.write(line(result.path, diag) + "\n")
