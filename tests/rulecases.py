"""Loading the rule fixtures (tests/rules/<rule-file-stem>.yaml) and running one case.

A case gives the input — builder keywords (see tests/builders.py) or ``text:`` read by the
reader, or ``example:`` a file of examples/ with ``replace:`` pairs applied, read by the reader — and
``expect``: the exact list of diagnostics, each ``{id, line, column}`` plus, when
given, ``message``, ``cell`` ("t3 r1 total"), ``hint`` (the exact hint, or null for none) and ``values`` (the keys given must match).
``published_option`` sets ``Options.published``. ``rules`` (optional) names the ids the case is
about; by default every rule of the file. ``pending`` (a reason) marks a case whose expectation is
right but needs another stage's work first: it runs as a strict xfail, so it fails once that work lands.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from builders import build_report, claim

from checker.engine.evaluate import Options, assess, evaluate
from checker.language.loader import load_rules
from checker.model import Location, Problem

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "rules"
RULES = ROOT / "rules"


def fixture_files() -> list[Path]:
    return sorted(FIXTURES.glob("*.yaml"))


def load_cases(path: Path) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]


@cache
def ruleset_for(stem: str):
    return load_rules([RULES / f"{stem}.rule"])


def _problem(spec: dict) -> Problem:
    loc = Location.point(spec["line"], spec.get("column", 1)) if "line" in spec else None
    return Problem(spec["kind"], spec.get("message", ""), loc, spec.get("values", {}))


def report_of(case: dict):
    if "text" in case or "example" in case:
        from checker.read.report import read_report

        text = case["text"] if "text" in case else (ROOT / "examples" / case["example"]).read_text(encoding="utf-8")
        for old, new in case.get("replace", ()):
            assert old in text, old
            text = text.replace(old, new)
        return read_report(text, "case.txt")
    keys = {"cells", "year", "agency", "title", "published", "texts", "order", "ordinals", "drop_tables",
            "format_markers"}
    kwargs: dict[str, Any] = {k: case[k] for k in keys if k in case}
    if "format" in case:
        kwargs["fmt"] = case["format"]
    if "period" in case:
        kwargs["period"] = None if case["period"] is None else tuple(case["period"])
    if "problems" in case:
        kwargs["problems"] = [_problem(p) for p in case["problems"]]
    if "claims" in case:
        kwargs["claims"] = [claim(c["subject"], c["number"], c["line"], c.get("column", 1)) for c in case["claims"]]
    return build_report(**kwargs)


def run_case(stem: str, case: dict):
    options = Options(published=case.get("published_option"))
    if "batch" in case:
        return assess_in_batch(ruleset_for(stem), case, options).diagnostics
    return evaluate(ruleset_for(stem), report_of(case), options)


def assess_in_batch(ruleset, case: dict, options: Options | None = None):
    """A case of several reports (``batch:``, each one a case's input plus ``identity:``, the agencies.yaml
    entry it matches), checked as one batch: the assessment of report ``subject`` (default: the last)."""
    from checker.engine.batchindex import BatchIndex
    from checker.engine.cross import Identity, needs_of, snapshot

    needs = needs_of(ruleset)
    members = []
    for i, entry in enumerate(case["batch"]):
        ident = entry.get("identity")
        report = replace(report_of(entry), path=entry.get("path", f"report-{i + 1}.txt"))
        members.append(snapshot(report, needs, Identity(**ident) if ident else None))
    index = BatchIndex(members)
    subject = case.get("subject", len(members) - 1)
    return assess(ruleset, members[subject].report, options or Options(), batch=index.neighbours(subject))


def _plain(v: Any) -> Any:
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() else float(v)
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, (list, tuple)):
        return [_plain(x) for x in v]
    return v


def actual_view(diag, expected: dict) -> dict:
    """The diagnostic in the shape of an expectation, limited to the keys the expectation gives."""
    view: dict[str, Any] = {"id": diag.rule, "line": diag.location.line if diag.location else None,
                            "column": diag.location.column if diag.location else None}
    if "message" in expected:
        view["message"] = diag.message
    if "severity" in expected:
        view["severity"] = diag.severity.value
    if "cell" in expected:
        view["cell"] = f"{diag.cell.table} {diag.cell.row} {diag.cell.col}" if diag.cell else None
    if "hint" in expected:
        view["hint"] = diag.hint
    if "values" in expected:
        view["values"] = {k: _plain(diag.values.get(k)) for k in expected["values"]}
    return view


def expected_view(exp: dict) -> dict:
    out = dict(exp)
    if "values" in out:
        out["values"] = {k: _plain(v) for k, v in out["values"].items()}
    return out
