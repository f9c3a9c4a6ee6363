"""Make the project's .docx/.pdf/.html files from its own reports (not a test; its output is committed).

    python3 bench/make_examples.py   # examples/clean-2023.docx/.pdf, faulty-2023.docx, tests/fixtures/libreoffice/*

examples/clean-2023.docx (and faulty-2023.docx from faulty-2023.md) is the official template (tests/fixtures/format-2021-template.docx)
filled with examples/clean-2023.txt's title, paragraphs and cells by python-docx, as a clerk
types them in Word; examples/clean-2023.pdf is that .docx saved as PDF by LibreOffice, as an
office publishes it (reportlab draws it when LibreOffice is not installed, and says so).

tests/fixtures/libreoffice/ holds the template filled with numbers the tests never generate
(seeded specs), saved by LibreOffice as .pdf and .html: one clean report and one with each
fault a checker must find (a broken 表三 total, a blank cell, a broken 表四 total).
"""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from report_files import faults, from_report, from_spec, write_docx, write_pdf  # noqa: E402
from strategies import _prose, random_spec  # noqa: E402

from checker.read.files import read_path  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "libreoffice"


def libreoffice(docx: Path, fmt: str, out: Path) -> Path | None:
    """``docx`` saved as ``fmt`` by LibreOffice into ``out``, or None when it is not installed."""
    soffice = shutil.which("soffice")
    if soffice is None:
        return None
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([soffice, "--headless", f"-env:UserInstallation={Path(profile).as_uri()}",
                        "--convert-to", fmt, "--outdir", str(out), str(docx)], capture_output=True, timeout=300, check=True)
    return out / f"{docx.stem}.{fmt}"


def make_examples() -> None:
    faulty = read_path(ROOT / "examples" / "faulty-2023.md")
    write_docx(from_report(faulty), ROOT / "examples" / "faulty-2023.docx")  # type: ignore[arg-type]
    report = read_path(ROOT / "examples" / "clean-2023.txt")
    doc = from_report(report)  # type: ignore[arg-type]
    docx = ROOT / "examples" / "clean-2023.docx"
    write_docx(doc, docx)
    if libreoffice(docx, "pdf", docx.parent) is None:
        print("LibreOffice not installed: examples/clean-2023.pdf drawn by reportlab instead")
        write_pdf(doc, docx.with_suffix(".pdf"))


def make_fixtures(seed: int = 20211) -> None:
    spec = random_spec(random.Random(seed))
    FIXTURES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name, doc in faults(from_spec(spec, _prose(spec))).items():
            docx = Path(tmp) / f"{name}.docx"
            write_docx(doc, docx)
            for fmt in ("pdf", "html"):
                made = libreoffice(docx, fmt, Path(tmp))
                if made is None:
                    print("LibreOffice not installed: no fixtures made")
                    return
                shutil.copyfile(made, FIXTURES / made.name)


if __name__ == "__main__":
    make_examples()
    make_fixtures()
