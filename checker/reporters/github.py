"""GitHub Actions workflow commands: one ``::error``/``::warning``/``::notice`` line per diagnostic.

Annotations are informative only; the gate is the exit code. Values are escaped as the
runner expects, so a message with ":" or "," or a newline cannot break the command, and
control characters (a terminal escape in a file name) are written as visible escapes. A
finding with a place of its own (.docx/.pdf/.html) points at line 1 and names its place
in the message; a waived finding is a notice that says so; a rule not assessed is a notice (a warning
when the gap fails the file).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from checker.diagnostics import Diagnostic, FileResult, NotAssessed, Severity
from checker.reporters.common import SEVERITY_ZH, RenderContext, Tally, message_with_place
from checker.reporters.escape import printable

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return printable(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def line(path: str, diag: Diagnostic) -> str:
    props = [f"file={escape_property(path)}"]
    loc = diag.location
    if diag.place is not None:
        props.append("line=1")
    elif loc is not None:
        props += [f"line={loc.line}", f"col={loc.column}"]
        if loc.end_line >= loc.line:
            props += [f"endLine={loc.end_line}", f"endColumn={loc.end_column}"]
    props.append(f"title={escape_property(diag.rule)}")
    text = message_with_place(diag)
    command = _COMMAND[diag.severity]
    if diag.waived is not None:  # accepted: shown, but not as an error of the run
        text, command = f"（{SEVERITY_ZH[diag.severity]}，已豁免：{diag.waived.reason}）{text}", "notice"
    return f"::{command} {','.join(props)}::{escape_data(text)}"


def gap_line(path: str, gap: NotAssessed) -> str:
    command = "warning" if gap.fault else "notice"
    props = f"file={escape_property(path)},title={escape_property(gap.rule)}"
    return f"::{command} {props}::{escape_data(f'未评估：{gap.reason}')}"


def render(results: Iterable[FileResult], out: TextIO, ctx: RenderContext) -> Tally:
    tally = ctx.tally()
    for result in results:
        tally.add(result)
        for diag in result.diagnostics:
            out.write(line(result.path, diag) + "\n")
        for gap in result.not_assessed:
            out.write(gap_line(result.path, gap) + "\n")
    return tally
