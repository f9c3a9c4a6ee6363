"""The JSON contract, version 1 (schema: docs/json-schema.json).

Scripts of the supervision office parse this, so its shape only changes with a new
``version``. Unreadable files are listed with status "unreadable" and their read-error
diagnostic, never dropped. The document is written as the results come, one file at a
time (the bytes are those of ``json.dump(..., indent=2)`` of the whole document, written by
``jsontext.indented``, the stdlib's text in under half its time), so a
run of 30,000 files holds one file's dict at a time. Numbers are exact
(``checker.diagnostics.json_number``), never ``Infinity``; a file name with bytes that
are not UTF-8 is written with ``\\xff`` escapes, so the output is always valid UTF-8.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TextIO

from checker.diagnostics import FileResult
from checker.reporters.common import RenderContext, Tally, rule_summary
from checker.reporters.escape import json_text
from checker.reporters.jsontext import indented

VERSION = 1


def file_dict(result: FileResult, outcome: str) -> dict[str, Any]:
    """One file as JSON; ``verdict`` is ``checker.diagnostics.verdict`` of it."""
    return {
        "path": result.path,
        "status": result.status,
        "format": result.format,
        "year": result.year,
        "agency": result.agency,
        "diagnostics": [d.to_dict() for d in result.diagnostics],
        "not_assessed": [n.to_dict() for n in result.not_assessed],
        "reason": result.reason,
        "kind": result.kind,
        "verdict": outcome,
    }


def dumps(value: Any) -> str:
    """Strict JSON, ``indent=2`` (a NaN or an infinity raises, never printed), valid UTF-8 whatever the strings."""
    return json_text(indented(value))


def nested(value: Any, depth: int) -> str:
    """``value`` as it stands ``depth`` levels deep in an ``indent=2`` document (``dumps`` with every line
    but the first ``2 * depth`` spaces further in)."""
    return json_text(indented(value, depth))


def render(results: Iterable[FileResult], out: TextIO, ctx: RenderContext) -> Tally:
    tally = ctx.tally()
    out.write(f'{{\n  "version": {VERSION},\n  "files": [')
    first = True
    for result in results:
        outcome = tally.add(result)
        out.write(("\n    " if first else ",\n    ") + nested(file_dict(result, outcome), 2))
        first = False
    out.write("]" if first else "\n  ]")
    out.write(',\n  "summary": ' + nested(tally.summary_dict(), 1))
    if ctx.statistics:
        stats = [{"rule": rule, "severity": sev.value, "count": n, "summary": rule_summary(ctx, rule)}
                 for rule, sev, n in tally.per_rule()]
        out.write(',\n  "statistics": ' + nested(stats, 1))
    out.write("\n}\n")
    return tally


__all__ = ["VERSION", "dumps", "file_dict", "render"]
