"""The document model as JSON (``reportlint parse FILE``), so a user sees exactly what was read."""

from __future__ import annotations

import sys
from decimal import Decimal
from typing import Any, TextIO

from checker.diagnostics import Diagnostic, json_number, json_value
from checker.model import Cell, Location, NumberClaim, Report
from checker.read.decode import read_file
from checker.read.report import read_report
from checker.reporters.escape import valid_unicode
from checker.reporters.json_out import dumps


def _num(value: Decimal | None) -> int | float | str | None:
    """Exact, never ``Infinity`` nor a crash on a 4,400-digit number (see ``json_number``)."""
    return None if value is None else json_number(value)


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
        "path": valid_unicode(r.path),
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
            {"kind": p.kind, "message": p.message, "loc": _loc(p.loc), "values": {k: json_value(v) for k, v in p.values.items()}}
            for p in r.problems
        ],
    }


def write_model(report: Report, out: TextIO) -> None:
    """The model as strict JSON: exact numbers, valid UTF-8 whatever the file name."""
    out.write(dumps(report_to_dict(report)) + "\n")


def parse_main(path: str, out: TextIO | None = None) -> int:
    """``reportlint parse FILE``: print the model as JSON; 2 when the file cannot be read."""
    out = out or sys.stdout
    decoded = read_file(path)
    if isinstance(decoded, Diagnostic):
        out.write(dumps(decoded.to_dict()) + "\n")
        return 2
    write_model(read_report(decoded.text, str(path), decoded.encoding), out)
    return 0
