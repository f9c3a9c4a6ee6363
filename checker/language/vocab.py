"""The names of the report facts and attributes, shared by the loader (to validate) and the engine.

Kept as plain literal data so "did you mean …?" and the docs can list it.
"""

from __future__ import annotations

# Facts of the report a rule can name directly.
BUILTINS: tuple[str, ...] = (
    "report",  # the whole report (for search(), and report.<fact>)
    "title",  # the title line: .text .agency .year
    "agency",  # the agency named in the title ("" when unknown)
    "year",  # the report year (the title's, else the period's)
    "period",  # the statistical period: .start .end .text
    "published",  # the publication date (--published, else the dated signature): .date
    "format",  # "2021" | "2019" | "unknown"
    "format_markers",  # old-format markers found (strings)
    "sections",  # the sections found, in file order
    "expected_sections",  # the six sections of the format: .key .number .label
    "headings",  # every top-level heading "N、…": .ordinal .text
    "claims",  # numbers stated in the prose: .subject .number .unit .sentence
    "part_sums",  # "N 条，其中 A a 条…": .total .parts
    "years",  # four-digit years in the prose: .year .context
    "tables",  # the three tables 表二 表三 表四
    "cells",  # every cell found in the three tables
    "text",  # the whole report text
    # the batch (docs/rule-language.md "Cross-report references"): other reports of the same run
    "previous",  # the same agency's report of the year before, in the batch (a report: .表三[…], .sections …)
    "children",  # the reports of the agencies whose parent (agencies.yaml) is this agency
)

#: The facts that name other reports of the batch: a rule that uses one is a cross-report rule.
BATCH_BUILTINS: frozenset[str] = frozenset({"previous", "children"})

# Operators, tests, predicates and functions, with their meanings: ``checker.language.meanings``.

# Every attribute any value has (per-type lists live in the engine); used to catch typos at load.
ATTRIBUTES: tuple[str, ...] = (
    # cells and tables
    "table", "row", "col", "raw", "value", "state",
    "id", "name", "rows", "columns", "cols", "cells", "amounts", "present",
    # rows, columns, sections
    "label", "short", "group",
    "number", "key", "heading", "canonical", "variant", "text", "order", "start_line", "end_line",
    # prose facts
    "ordinal", "numeral", "agency", "year", "month", "day", "start", "end", "date",
    "subject", "unit", "sentence", "total", "parts", "context", "groups",
    # anything located
    "line", "column",
    # report
    "format", "format_markers", "title", "period", "published", "sections", "headings",
    "claims", "part_sums", "years", "tables", "path",
    # the batch's look-alikes and place names (``lookalikes``, ``foreign_places``)
    "similarity", "where", "home",
)
