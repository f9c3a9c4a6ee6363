"""The JSON contract, version 1 (schema: docs/json-schema.json).

Scripts of the supervision office parse this, so its shape only changes with a
new ``version``. Unreadable files are listed with status "unreadable" and their
read-error diagnostic, never dropped.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, TextIO

from checker.diagnostics import FileResult
from checker.reporters.common import RenderContext, Summary

VERSION = 1


def file_dict(result: FileResult) -> dict[str, Any]:
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
    }


def document(results: Sequence[FileResult], ctx: RenderContext) -> dict[str, Any]:
    summary = Summary.of(results)
    doc: dict[str, Any] = {
        "version": VERSION,
        "files": [file_dict(r) for r in results],
        "summary": summary.to_dict(),
    }
    if ctx.statistics:
        doc["statistics"] = [
            {"rule": rule, "severity": sev.value, "count": n} for rule, sev, n in summary.per_rule
        ]
    return doc


def render(results: Sequence[FileResult], out: TextIO, ctx: RenderContext) -> None:
    json.dump(document(results, ctx), out, ensure_ascii=False, indent=2)
    out.write("\n")
