"""The .docx/.pdf examples say what the reports they were made from say (bench/make_examples.py),
and the official template filled with held-out numbers and saved by LibreOffice as .pdf and .html
(tests/fixtures/libreoffice/) is read cell for cell: the clean one passes, each fault is found."""

from __future__ import annotations

import random
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from report_files import faults, from_spec, write_docx
from strategies import _prose, random_spec

from checker.engine.evaluate import evaluate
from checker.language.loader import default_rule_paths, load_rules
from checker.model import Report
from checker.read.files import read_path

pytest.importorskip("docx")
ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
FIXTURES = ROOT / "tests" / "fixtures" / "libreoffice"
RULES = load_rules(default_rule_paths())
SEED = 20211  # bench/make_examples.py made the fixtures from this spec
FAULTS = {
    "clean": set(),
    "t3-total": {("t3-row-total", "t3", "r3.1", "total"), ("t3-outcome-total", "t3", "r3.7", "total")},
    "blank-cell": {("cell-blank", "t3", "r2", "legal")},
    "t4-total": {("t4-block-total", "t4", "review", "total")},
}


def _read(path: Path) -> Report:
    report = read_path(path)
    assert isinstance(report, Report), report
    return report


def _findings(report: Report) -> Counter:
    return Counter((d.rule, d.severity.value, d.message) for d in evaluate(RULES, report))


@pytest.mark.parametrize("made, source", [
    ("clean-2023.docx", "clean-2023.txt"), ("clean-2023.pdf", "clean-2023.txt"), ("faulty-2023.docx", "faulty-2023.md"),
])
def test_an_example_file_says_what_its_text_says(made, source):
    file, text = _read(EXAMPLES / made), _read(EXAMPLES / source)
    assert _findings(file) == _findings(text)
    cells = {k: {c: cell.raw for c, cell in t.cells.items()} for k, t in text.tables.items()}
    assert {k: {c: cell.raw for c, cell in t.cells.items()} for k, t in file.tables.items()} == cells


@pytest.mark.parametrize("kind", ["pdf", "html"])
@pytest.mark.parametrize("fault", list(FAULTS))
def test_libreoffice_files_read_cell_for_cell_and_their_faults_are_found(kind, fault):
    spec = random_spec(random.Random(SEED))
    doc = faults(from_spec(spec, _prose(spec)))[fault]
    report = _read(FIXTURES / f"{fault}.{kind}")
    got = {(t.id, r, c): cell.raw for t in report.tables.values() for (r, c), cell in t.cells.items()}
    assert got == dict(doc.cells)
    diagnostics = evaluate(RULES, report)
    # The prose states 表三's and 表四's totals: a changed total also disagrees with the text (text rules).
    found = {(d.rule, d.cell.table, d.cell.row, d.cell.col) for d in diagnostics
             if d.rule not in ("zero-consistency", "text-table-mismatch")}
    assert found == FAULTS[fault]
    if fault == "clean":
        assert diagnostics == ()


def test_an_old_word_file_is_converted_by_libreoffice(tmp_path):
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed: .doc files cannot be converted here")
    spec = random_spec(random.Random(SEED))
    doc = from_spec(spec, _prose(spec))
    write_docx(doc, tmp_path / "r.docx")
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation={(tmp_path / 'p').as_uri()}", "--convert-to",
                    "doc", "--outdir", str(tmp_path / "out"), str(tmp_path / "r.docx")], capture_output=True, timeout=300)
    report = _read(tmp_path / "out" / "r.doc")
    assert report.encoding == "doc"
    assert {(t.id, r, c): cell.raw for t in report.tables.values() for (r, c), cell in t.cells.items()} == dict(doc.cells)
