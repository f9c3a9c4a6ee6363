"""SARIF 2.1.0 for code-scanning dashboards: rule metadata from the RuleSet, located results.

Columns are characters (``columnKind: unicodeCodePoints``), as in the model. An
unreadable file gives both a result (rule read-error) and a tool execution
notification, and the invocation is marked unsuccessful, so no SARIF consumer
can mistake an unchecked report for a clean one.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import PurePath
from typing import Any, TextIO

from checker.diagnostics import Diagnostic, FileResult, Severity
from checker.reporters.common import RenderContext, short_description

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_BUILTIN = {
    "read-error": "文件无法读取或解码",
    "internal-error": "检查本文件时内部出错",
}


def uri(path: str) -> str:
    return PurePath(path).as_posix()


def rule_descriptor(rule_id: str, ctx: RenderContext) -> dict[str, Any]:
    rule = ctx.rule(rule_id)
    if rule is None:
        text = _BUILTIN.get(rule_id, rule_id)
        return {"id": rule_id, "shortDescription": {"text": text},
                "defaultConfiguration": {"level": "error"}}
    desc = (getattr(rule, "description", "") or "").strip()
    out: dict[str, Any] = {
        "id": rule_id,
        "shortDescription": {"text": short_description(rule) or rule_id},
        "fullDescription": {"text": desc or short_description(rule) or rule_id},
        "defaultConfiguration": {"level": _LEVEL[Severity(rule.severity)]},
        "properties": {"messageTemplate": getattr(rule, "message", "")},
    }
    basis = getattr(rule, "basis", "")
    if basis:
        out["help"] = {"text": f"依据：{basis}"}
    return out


def _region(diag: Diagnostic) -> dict[str, int] | None:
    loc = diag.location
    if loc is None:
        return None
    return {"startLine": loc.line, "startColumn": loc.column,
            "endLine": max(loc.end_line, loc.line), "endColumn": max(loc.end_column, 1)}


def _location(path: str, diag: Diagnostic) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": uri(path)}}
    region = _region(diag)
    if region:
        physical["region"] = region
    return {"physicalLocation": physical}


def result(path: str, diag: Diagnostic, index: int) -> dict[str, Any]:
    data = diag.to_dict()
    return {
        "ruleId": diag.rule,
        "ruleIndex": index,
        "level": _LEVEL[diag.severity],
        "message": {"text": diag.message},
        "locations": [_location(path, diag)],
        "properties": {"cell": data["cell"], "values": data["values"]},
    }


def _rule_ids(results: Sequence[FileResult], ctx: RenderContext) -> list[str]:
    ids = [r.id for r in ctx.ruleset.rules] if ctx.ruleset is not None else []
    seen = dict.fromkeys(ids)
    for r in results:
        for d in r.diagnostics:
            seen.setdefault(d.rule, None)
    return list(seen)


def _notifications(results: Sequence[FileResult]) -> list[dict[str, Any]]:
    return [
        {"level": "error", "message": {"text": d.message}, "descriptor": {"id": d.rule},
         "locations": [_location(r.path, d)]}
        for r in results if r.status != "checked" for d in r.diagnostics
    ]


def document(results: Sequence[FileResult], ctx: RenderContext) -> dict[str, Any]:
    ids = _rule_ids(results, ctx)
    index = {rid: i for i, rid in enumerate(ids)}
    notes = _notifications(results)
    run = {
        "tool": {"driver": {
            "name": "reportlint", "version": ctx.version,
            "rules": [rule_descriptor(rid, ctx) for rid in ids],
        }},
        "columnKind": "unicodeCodePoints",
        "invocations": [{"executionSuccessful": not notes, "toolExecutionNotifications": notes}],
        "artifacts": [{"location": {"uri": uri(r.path)}} for r in results],
        "results": [result(r.path, d, index[d.rule]) for r in results for d in r.diagnostics],
    }
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def render(results: Sequence[FileResult], out: TextIO, ctx: RenderContext) -> None:
    json.dump(document(results, ctx), out, ensure_ascii=False, indent=2)
    out.write("\n")
