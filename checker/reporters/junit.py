"""JUnit XML: one test case per report file, so CI dashboards show each report's verdict.

The verdict is ``checker.diagnostics.verdict``'s: a failed file is a ``<failure>`` whose
message counts exactly what it lists (the findings that fail it, and the rules not
assessed for a gap of the file's own); every other finding (below the fail level, or
waived, marked so) and every other unassessed rule goes to ``<system-out>``. An
unreadable file is an ``<error>`` (it was not checked, so it cannot pass); a skipped
one is ``<skipped>``. Text that XML cannot hold (control characters, undecodable bytes
of a file name) is written as visible escapes.

The suite's counts come first in the document, so each case is kept as its XML text
(a few lines; never a report's lines; on disk past 1 MiB) until the end.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO
from xml.etree import ElementTree as ET

from checker.diagnostics import Diagnostic, FileResult, NotAssessed
from checker.reporters.common import SEVERITY_ZH, RenderContext, Spool, Tally, fails, location_text
from checker.reporters.escape import printable


def _describe(path: str, d: Diagnostic) -> str:
    loc = d.location
    if d.place is not None:
        where = f"{path}（{location_text(d)}）"
    else:
        where = f"{path}:{loc.line}:{loc.column}" if loc else path
    waived = f"（已豁免：{d.waived.reason}）" if d.waived is not None else ""
    return printable(f"{where}: {SEVERITY_ZH[d.severity]}{waived} [{d.rule}] {d.message}")


def _gap(path: str, n: NotAssessed) -> str:
    count = f" ×{n.count}" if n.count > 1 else ""
    return printable(f"{path}: 未评估 [{n.rule}]{count} {n.reason}")


def testcase(result: FileResult, outcome: str, ctx: RenderContext) -> ET.Element:
    name = printable(result.path)
    case = ET.Element("testcase", classname="reportlint", name=name, file=name)
    if outcome == "skipped":
        ET.SubElement(case, "skipped", message=printable(result.reason or "不是报告文件"))
        return case
    listing = [_describe(result.path, d) for d in result.diagnostics]
    if outcome == "unreadable":
        node = ET.SubElement(case, "error", message="文件未能检查", type=result.diagnostics[0].rule
                             if result.diagnostics else "read-error")
        node.text = "\n".join(listing + [printable(result.reason or "")] * (not result.diagnostics))
        return case
    failing = [i for i, d in enumerate(result.diagnostics) if fails(d, ctx.fail_on)]
    gaps = [n for n in result.not_assessed if n.fault]
    others = [line for i, line in enumerate(listing) if i not in frozenset(failing)]
    others += [_gap(result.path, n) for n in result.not_assessed if not n.fault]
    if outcome == "failed":
        counted = [f"{len(failing)} 个问题"] * bool(failing) + [f"{len(gaps)} 条规则未能评估"] * bool(gaps)
        first = result.diagnostics[failing[0]].rule if failing else gaps[0].rule
        node = ET.SubElement(case, "failure", message="，".join(counted), type=first)
        node.text = "\n".join([listing[i] for i in failing] + [_gap(result.path, n) for n in gaps])
    if others:
        ET.SubElement(case, "system-out").text = "\n".join(others)
    return case


def render(results: Iterable[FileResult], out: TextIO, ctx: RenderContext) -> Tally:
    tally = ctx.tally()
    with Spool() as cases:
        for r in results:
            case = testcase(r, tally.add(r), ctx)
            ET.indent(case, level=2)
            cases.add(f"    {ET.tostring(case, encoding='unicode').rstrip()}\n")
        counts = {"tests": str(tally.files), "failures": str(tally.count("failed")),
                  "errors": str(tally.count("unreadable")), "skipped": str(tally.count("skipped"))}
        attrs = " ".join(f'{k}="{v}"' for k, v in counts.items())
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        out.write(f'<testsuites name="reportlint" {attrs}>\n  <testsuite name="reportlint" {attrs}>\n')
        cases.copy_to(out)
    out.write("  </testsuite>\n</testsuites>\n")
    return tally
