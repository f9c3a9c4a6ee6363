"""The one diagnostic type every stage produces, and how diagnostics are ordered.

A diagnostic is complete when it is built: rule id, severity, Chinese message,
the place in the report, the cell it is about (if any) and the values involved.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import Any

from checker.model import Location, Place


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Higher is more severe; used for --fail-on and sorting."""
        return {"error": 3, "warning": 2, "info": 1}[self.value]


@dataclass(frozen=True, slots=True)
class CellRef:
    table: str
    row: str
    col: str


@dataclass(frozen=True, slots=True)
class Waived:
    """Why a finding was accepted: a waiver of the office, with its reason (required) and who gave it."""

    reason: str
    by: str | None = None
    until: str | None = None  # ISO date, when the waiver has an end
    source: str | None = None  # "waivers.yaml:12": where the waiver is written

    def to_dict(self) -> dict[str, Any]:
        return {"reason": self.reason, "by": self.by, "until": self.until, "source": self.source}


@dataclass(frozen=True, slots=True)
class NotAssessed:
    """A rule that could not be assessed on a file, and why: never a silent pass.

    ``fault`` says whose the gap is: True when the file lacks what the rule needs (a table
    or row not found, a cell unread), False when only the context does (no publication
    date given, last year's report not in the batch, cells inferred from the rule's own
    identity). A file with a gap that is its fault does not pass.
    """

    rule: str
    reason: str  # Chinese, e.g. "未找到表三，表三的勾稽关系无法核对"
    fault: bool
    count: int = 1  # how many checks of the rule it concerns

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "reason": self.reason, "fault": self.fault, "count": self.count}


@dataclass(frozen=True, slots=True)
class Diagnostic:
    rule: str
    severity: Severity
    message: str
    location: Location | None
    cell: CellRef | None = None
    values: Mapping[str, Any] = field(default_factory=dict, hash=False)
    place: Place | None = None  # the file's own place (page, paragraph, table/row/column) for .docx/.pdf/.html
    hint: str | None = None  # what to change, where the numbers tell ("（七）总计 应为 12（现为 11）")
    waived: Waived | None = None  # set by the gate when a waiver accepts this finding

    def sort_key(self) -> tuple:
        """By place, then rule id; a stable sort keeps a rule's own order at one place
        (e.g. the missing rows of a cut-off table in the table's order)."""
        loc = self.location
        return (loc.line if loc else 0, loc.column if loc else 0, self.rule)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of a diagnostic (contract: docs/json-schema.json, version 1)."""
        loc = self.location
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
            "line": loc.line if loc else None,
            "column": loc.column if loc else None,
            "end_line": loc.end_line if loc else None,
            "end_column": loc.end_column if loc else None,
            "cell": (
                {"table": self.cell.table, "row": self.cell.row, "col": self.cell.col}
                if self.cell
                else None
            ),
            "values": {k: json_value(v) for k, v in self.values.items()},
            "place": _place_dict(self.place),
            "hint": self.hint,
            "waived": self.waived.to_dict() if self.waived else None,
        }


def _place_dict(place: Place | None) -> dict[str, Any] | None:
    if place is None:
        return None
    return {"page": place.page, "paragraph": place.paragraph, "table": place.table, "row": place.row,
            "column": place.column, "text": place.text, "description": place.describe()}


def json_value(value: Any) -> Any:
    """Numbers exactly (``json_number``), dates ISO strings; everything else as is."""
    from datetime import date

    if isinstance(value, (Decimal, float)) or (isinstance(value, int) and not isinstance(value, bool)):
        return json_number(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [json_value(v) for v in value]
    return value


_EXACT_DIGITS = 1000  # beyond this exponent a string keeps its exponent ("1E+4400"), not 4,400 zeros


def json_number(value: Decimal | int | float) -> int | float | str:
    """A number for JSON, never ``Infinity``, never a crash: a JSON number when it reads back as
    exactly this value (through an IEEE double, what every JSON parser carries), else a string
    holding the exact decimal (docs/json-schema.json, "values")."""
    number = value if isinstance(value, Decimal) else Decimal(value)
    if not number.is_finite():
        return str(number)  # "Infinity", "NaN": a string, never a bare token strict parsers reject
    as_float = float(number)
    if Decimal(repr(as_float)) != number:  # too large, too small or too precise for a double
        return format(number, "f") if abs(number.adjusted()) <= _EXACT_DIGITS else str(number)
    return int(number) if number == number.to_integral_value() else as_float


def sorted_diagnostics(diags: list[Diagnostic] | tuple[Diagnostic, ...]) -> tuple[Diagnostic, ...]:
    return tuple(sorted(diags, key=Diagnostic.sort_key))


@dataclass(frozen=True, slots=True)
class FileResult:
    """What checking one file produced; ``lines`` feed the code frames of the text reporter."""

    path: str
    status: str  # "checked" | "unreadable" | "skipped" (not a report format: an image, an archive)
    format: str | None
    year: int | None
    agency: str | None
    diagnostics: tuple[Diagnostic, ...]
    lines: tuple[str, ...] = ()
    not_assessed: tuple[NotAssessed, ...] = ()
    reason: str | None = None  # why a file was skipped or unreadable, in Chinese
    kind: str | None = None  # what the file was read as: "text" | "docx" | "pdf" | "html"


#: Diagnostics about the checking itself: the file (or a rule on it) was not checked, so it cannot pass.
NOT_CHECKED = frozenset({"read-error", "internal-error", "rule-budget"})


def verdict(result: FileResult, fail_on: Severity = Severity.ERROR) -> str:
    """"passed" | "failed" | "unreadable" | "skipped": the one place a file's pass or fail is decided.

    A file passes only when it was read and checked, no finding that is not waived reaches
    ``fail_on``, and no rule went unassessed for a gap that is the file's own (``fault``).
    """
    if result.status == "skipped":
        return "skipped"
    if result.status == "unreadable" or any(d.rule in NOT_CHECKED for d in result.diagnostics):
        return "unreadable"
    if any(d.waived is None and d.severity.rank >= fail_on.rank for d in result.diagnostics):
        return "failed"
    if any(n.fault for n in result.not_assessed):
        return "failed"
    return "passed"
