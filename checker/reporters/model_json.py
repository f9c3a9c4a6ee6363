"""The document model as JSON (``reportlint parse FILE``), so a user sees exactly what was read."""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from typing import Any, TextIO

from checker.diagnostics import Diagnostic
from checker.model import Cell, Location, NumberClaim, Report
from checker.read.decode import read_file
from checker.read.report import read_report


def _num(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _loc(loc: Location | None) -> dict[str, int] | None:
    if loc is None:
        return None
    return {"line": loc.line, "column": loc.column, "end_line": loc.end_line, "end_column": loc.end_column}


def _cell(c: Cell) -> dict[str, Any]:
    return {
        "table": c.table,
        "row": c.row,
        "col": c.col,
        "value": _num(c.value),
        "raw": c.raw,
        "state": c.state.value,
        "line": c.loc.line,
        "column": c.loc.column,
        "end_column": c.loc.end_column,
    }


def _claim(c: NumberClaim) -> dict[str, Any]:
    return {
        "subject": c.subject,
        "number": _num(c.number),
        "unit": c.unit,
        "sentence": c.sentence,
        **_loc(c.loc),
    }


def report_to_dict(report: Report) -> dict[str, Any]:
    """A JSON-able dict of everything read: cells in layout order, sections, facts, problems."""
    r = report
    return {
        "path": r.path,
        "encoding": r.encoding,
        "format": r.format,
        "format_markers": list(r.format_markers),
        "title": r.title
        and {"text": r.title.text, "agency": r.title.agency, "year": r.title.year, **_loc(r.title.loc)},
        "year": r.year,
        "period": r.period
        and {
            "start": r.period.start.isoformat(),
            "end": r.period.end.isoformat(),
            "text": r.period.text,
            **_loc(r.period.loc),
        },
        "published": r.published
        and {"date": r.published.value.isoformat(), "text": r.published.text, **_loc(r.published.loc)},
        "headings": [{"ordinal": h.ordinal, "text": h.text, **_loc(h.loc)} for h in r.headings],
        "sections": [
            {
                "key": s.key,
                "number": s.number,
                "heading": s.heading,
                "canonical": s.canonical,
                "variant": s.variant,
                "line": s.loc.line,
                "start_line": s.start_line,
                "end_line": s.end_line,
            }
            for s in r.sections
        ],
        "tables": {
            tid: {
                "name": t.name,
                "loc": _loc(t.loc),
                "rows": list(t.rows),
                "cols": list(t.cols),
                "cells": [_cell(c) for c in t.cells.values()],
            }
            for tid, t in r.tables.items()
        },
        "claims": [_claim(c) for c in r.claims],
        "part_sums": [{"total": _claim(p.total), "parts": [_claim(c) for c in p.parts]} for p in r.part_sums],
        "years": [{"year": y.year, "context": y.context, **_loc(y.loc)} for y in r.years],
        "problems": [
            {"kind": p.kind, "message": p.message, "loc": _loc(p.loc), "values": dict(p.values)}
            for p in r.problems
        ],
    }


def parse_main(path: str, out: TextIO | None = None) -> int:
    """``reportlint parse FILE``: print the model as JSON; 2 when the file cannot be read."""
    out = out or sys.stdout
    decoded = read_file(path)
    if isinstance(decoded, Diagnostic):
        print(json.dumps(decoded.to_dict(), ensure_ascii=False, indent=2), file=out)
        return 2
    report = read_report(decoded.text, str(path), decoded.encoding)
    print(json.dumps(report_to_dict(report), ensure_ascii=False, indent=2), file=out)
    return 0
