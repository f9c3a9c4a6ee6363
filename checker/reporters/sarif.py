"""SARIF 2.1.0 for code-scanning dashboards: rule metadata from the RuleSet, located results.

Columns are characters (``columnKind: unicodeCodePoints``), as in the model. An
unreadable file gives both a result (rule read-error) and a tool execution
notification, and the invocation is marked unsuccessful, so no SARIF consumer can
mistake an unchecked report for a clean one. A rule not assessed on a file is a
notification too (level warning when the gap is the file's fault, else note); a waived
finding carries an accepted external ``suppression`` with the waiver's reason.

The one JSON document is written as the results come: results first, then the
artifacts, invocations and the tool's rules (JSON members have no order), because the
rules a run reports (read-error, a rule id of a waiver) are known only at the end.
A ``uri`` is the path percent-encoded (RFC 3986).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TextIO

from checker.diagnostics import Diagnostic, FileResult, Severity
from checker.reporters.common import (
    RenderContext,
    Spool,
    Tally,
    message_with_place,
    rule_summary,
    summary_of,
)
from checker.reporters.escape import uri
from checker.reporters.json_out import nested

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def rule_descriptor(rule_id: str, ctx: RenderContext) -> dict[str, Any]:
    rule = ctx.rule(rule_id)
    if rule is None:
        text = rule_summary(ctx, rule_id) or rule_id
        return {"id": rule_id, "shortDescription": {"text": text},
                "defaultConfiguration": {"level": "error"}}
    desc = (getattr(rule, "description", "") or "").strip()
    out: dict[str, Any] = {
        "id": rule_id,
        "shortDescription": {"text": summary_of(rule) or rule_id},
        "fullDescription": {"text": desc or summary_of(rule) or rule_id},
        "defaultConfiguration": {"level": _LEVEL[Severity(rule.severity)]},
        "properties": {"messageTemplate": getattr(rule, "message", "")},
    }
    basis = getattr(rule, "basis", "")
    if basis:
        out["help"] = {"text": f"依据：{basis}"}
    return out


def _region(diag: Diagnostic) -> dict[str, int] | None:
    """The span in a text file; a finding with its own place (.docx/.pdf/.html) has no line
    of the file, so it points at line 1 and says its place in the message."""
    loc = diag.location
    if diag.place is not None:
        return {"startLine": 1}
    if loc is None:
        return None
    return {"startLine": loc.line, "startColumn": loc.column,
            "endLine": max(loc.end_line, loc.line), "endColumn": max(loc.end_column, 1)}


def _location(path: str, diag: Diagnostic | None = None) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": uri(path)}}
    region = _region(diag) if diag is not None else None
    if region:
        physical["region"] = region
    return {"physicalLocation": physical}


def result(path: str, diag: Diagnostic, index: int) -> dict[str, Any]:
    data = diag.to_dict()
    out: dict[str, Any] = {
        "ruleId": diag.rule,
        "ruleIndex": index,
        "level": _LEVEL[diag.severity],
        "message": {"text": message_with_place(diag)},
        "locations": [_location(path, diag)],
        "properties": {"cell": data["cell"], "values": data["values"], "place": data["place"],
                       "hint": data["hint"]},
    }
    if diag.waived is not None:
        out["suppressions"] = [{"kind": "external", "status": "accepted",
                                "justification": diag.waived.reason, "properties": diag.waived.to_dict()}]
    return out


def _notifications(result_: FileResult, index: RuleIndex) -> list[dict[str, Any]]:
    """An unreadable file's diagnostics (errors), and each rule that could not be assessed."""
    notes: list[dict[str, Any]] = []
    if result_.status == "unreadable":
        notes += [{"level": "error", "message": {"text": d.message}, "descriptor": {"id": d.rule},
                   "locations": [_location(result_.path, d)]} for d in result_.diagnostics]
    notes += [{"level": "warning" if n.fault else "note",
               "message": {"text": f"未评估 {n.rule}：{n.reason}"},
               "associatedRule": {"id": n.rule, "index": index.of(n.rule)},
               "locations": [_location(result_.path)],
               "properties": {"fault": n.fault, "count": n.count}} for n in result_.not_assessed]
    return notes


class RuleIndex:
    """Rule ids in ``tool.driver.rules`` order: the loaded rules, then others as they appear."""

    def __init__(self, ctx: RenderContext) -> None:
        ids = [r.id for r in ctx.ruleset.rules] if ctx.ruleset is not None else []
        self.index = {rid: i for i, rid in enumerate(dict.fromkeys(ids))}

    def of(self, rule_id: str) -> int:
        return self.index.setdefault(rule_id, len(self.index))


def render(results: Iterable[FileResult], out: TextIO, ctx: RenderContext) -> Tally:
    tally, index = ctx.tally(), RuleIndex(ctx)
    out.write(f'{{\n  "$schema": "{SCHEMA}",\n  "version": "2.1.0",\n  "runs": [\n    {{\n'
              '      "columnKind": "unicodeCodePoints",\n      "results": [')
    # one small artifact per file and the notifications: the only things kept until the end
    with Spool(",\n") as artifacts, Spool(",\n") as notes:
        _write_results(out, results, tally, index, artifacts, notes)
        _write_list(out, "artifacts", artifacts, 3)
        unsuccessful = tally.count("unreadable") > 0
        out.write(',\n      "invocations": [\n        {\n'
                  f'          "executionSuccessful": {"false" if unsuccessful else "true"},\n')
        _write_list(out, "toolExecutionNotifications", notes, 5, lead="")
    out.write("\n        }\n      ]")
    tool = {"driver": {"name": "reportlint", "version": ctx.version,
                       "rules": [rule_descriptor(rid, ctx) for rid in index.index]}}
    out.write(',\n      "properties": ' + nested({"summary": tally.summary_dict()}, 3))
    out.write(',\n      "tool": ' + nested(tool, 3) + "\n    }\n  ]\n}\n")
    return tally


def _write_results(out: TextIO, results: Iterable[FileResult], tally: Tally, index: RuleIndex,
                   artifacts: Spool, notes: Spool) -> None:
    """The ``results`` array, written as the files come; their artifacts and notifications spooled."""
    first = True
    for r in results:
        outcome = tally.add(r)
        for d in r.diagnostics:
            out.write(("\n        " if first else ",\n        ") + nested(result(r.path, d, index.of(d.rule)), 4))
            first = False
        for note in _notifications(r, index):
            notes.add("            " + nested(note, 6))
        artifacts.add("        " + nested({"location": {"uri": uri(r.path)}, "properties": {
            "verdict": outcome, "agency": r.agency, "year": r.year, "kind": r.kind}}, 4))
    out.write("]" if first else "\n      ]")


def _write_list(out: TextIO, name: str, items: Spool, depth: int, lead: str = ",\n") -> None:
    """``"name": [items]`` at ``depth`` of the document, items already serialized and indented."""
    pad = "  " * depth
    out.write(f'{lead}{pad}"{name}": [')
    if not items.count:
        out.write("]")
        return
    out.write("\n")
    items.copy_to(out)
    out.write(f"\n{pad}]")
