"""JUnit XML: one test case per report file, so CI dashboards show each report's verdict.

A file with diagnostics at or above the fail level is a failure listing them; an
unreadable file is an error (it was not checked, so it cannot pass); lower
diagnostics go to system-out of a passing case.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TextIO
from xml.etree import ElementTree as ET

from checker.diagnostics import Diagnostic, FileResult
from checker.reporters.common import SEVERITY_ZH, RenderContext, fails

_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _describe(path: str, d: Diagnostic) -> str:
    loc = d.location
    where = f"{path}:{loc.line}:{loc.column}" if loc else path
    return _XML_BAD.sub("\ufffd", f"{where}: {SEVERITY_ZH[d.severity]} [{d.rule}] {d.message}")


def testcase(result: FileResult, ctx: RenderContext) -> ET.Element:
    case = ET.Element("testcase", classname="reportlint", name=_XML_BAD.sub("\ufffd", result.path), file=_XML_BAD.sub("\ufffd", result.path))
    listing = "\n".join(_describe(result.path, d) for d in result.diagnostics)
    if result.status != "checked":
        node = ET.SubElement(case, "error", message="文件未能检查", type=result.diagnostics[0].rule
                             if result.diagnostics else "read-error")
        node.text = listing
        return case
    failing = [d for d in result.diagnostics if fails(d, ctx.fail_on)]
    if failing:
        node = ET.SubElement(case, "failure", message=f"{len(failing)} 个问题", type=failing[0].rule)
        node.text = listing
    elif listing:
        ET.SubElement(case, "system-out").text = listing
    return case


def render(results: Sequence[FileResult], out: TextIO, ctx: RenderContext) -> None:
    cases = [testcase(r, ctx) for r in results]
    counts = {
        "tests": str(len(cases)),
        "failures": str(sum(c.find("failure") is not None for c in cases)),
        "errors": str(sum(c.find("error") is not None for c in cases)),
    }
    suites = ET.Element("testsuites", name="reportlint", **counts)
    suite = ET.SubElement(suites, "testsuite", name="reportlint", **counts)
    suite.extend(cases)
    ET.indent(suites)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(suites, encoding="unicode"))
    out.write("\n")
