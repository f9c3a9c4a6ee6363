"""The real reports of examples/ in the shapes of issues 9 and 10 read cell-exactly against their hand-read values.

huaian-szf-2024.pdf (WPS-made PDF, 表三 cut by a page break) and shuyang-fgj-2023.html (a Word export in a
site template, the 法人或其他组织 cells blank) are read by their structured readers.

pingtan-2022-flattened.txt (a crawled page, 表三 glued), shuyang-xzf-2025.md (PDF-to-markdown: small
tables, "数据1…数据6", a wrong header row, "-" placeholders), huaian-szf-2024-layout.txt (pdftotext
-layout: page breaks inside 表三, labels over three lines, the vertical label), and ganxian (PDF text).
tests/real_gold.json holds every cell of 表三 and 表四 as printed (null = blank).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checker.model import CellState
from checker.read.files import read_path

ROOT = Path(__file__).resolve().parent.parent
GOLD = json.loads((ROOT / "tests" / "real_gold.json").read_text(encoding="utf-8"))
FILES = sorted(k for k in GOLD if not k.startswith("_"))


@pytest.mark.parametrize("name", FILES)
def test_every_cell_reads_as_printed(name: str) -> None:
    report = read_path(ROOT / "examples" / name)
    wrong = []
    for tid, rows in GOLD[name].items():
        for rid, values in rows.items():
            for col, want in zip(GOLD["_columns"][tid], values, strict=True):
                cell = report.tables[tid].cell(rid, col)
                got = None if cell is None else ("blank" if cell.state is CellState.BLANK else cell.value)
                if got != ("blank" if want is None else want):
                    wrong.append((tid, rid, col, want, cell and cell.raw))
    assert wrong == []


@pytest.mark.parametrize("name", FILES)
def test_nothing_structural_is_missing(name: str) -> None:
    report = read_path(ROOT / "examples" / name)
    assert [s.key for s in report.sections] == ["s1", "s2", "s3", "s4", "s5", "s6"]
    assert {p.kind for p in report.problems} <= {"cells-inferred", "cells-ambiguous"}
    assert report.format == "2021"
