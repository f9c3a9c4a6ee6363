"""Seconds per report for each structured format, against the bare library's own extraction (not a test).

    python3 bench/bench_formats.py [N] [REPEATS]    # default 20 generated reports per format, 3 repeats

The reports are generated (tests/strategies.py) and written as the official template filled in
(.docx), a site page (.html) and a reportlab PDF, plus the shared corpus's real PDF and page.
Pinned to one core. For each format it times ``read_path`` (reader + rendering + text reader)
and the floor — what the library alone takes to get the same text out:
  docx  python-docx: Document(), every paragraph's and every table cell's text
  pdf   pdfplumber: every page's extract_text() and extract_tables()
  html  lxml.html: parse, every paragraph's and every table cell's text_content()
and, for comparison, pypdfium2's text extraction of the same PDFs (fast, but finds no tables).
Figures are the best of the repeats, with the range; the ratio is to the floor of the same run.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from report_files import from_spec, write_docx, write_html, write_pdf  # noqa: E402
from strategies import _prose, random_spec  # noqa: E402

from checker.read.files import Unreadable, read_path  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"


def floor_docx(path: Path) -> None:
    import docx

    d = docx.Document(str(path))
    [p.text for p in d.paragraphs]
    [[c.text for c in row.cells] for t in d.tables for row in t.rows]


def floor_pdf(path: Path) -> None:
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.extract_tables()


def floor_html(path: Path) -> None:
    import lxml.html

    root = lxml.html.document_fromstring(path.read_bytes())
    [p.text_content() for p in root.iter("p", "h1", "h2", "h3", "li")]
    [[td.text_content() for td in tr.iter("td", "th")] for tr in root.iter("tr")]


def pdfium_text(path: Path) -> None:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(path))
    for page in pdf:
        page.get_textpage().get_text_range()
    pdf.close()


def ours(path: Path) -> None:
    if isinstance(read_path(path), Unreadable):
        raise SystemExit(f"{path} unreadable")


def timed(fn: Callable[[Path], None], files: list[Path], repeats: int) -> tuple[float, float]:
    """(best, worst) seconds per file over the repeats."""
    runs = []
    for _ in range(repeats):
        start = time.process_time()
        for f in files:
            fn(f)
        runs.append((time.process_time() - start) / len(files))
    return min(runs), max(runs)


def corpus(out: Path, n: int) -> dict[str, list[Path]]:
    rng = random.Random(2024)
    files: dict[str, list[Path]] = {"docx": [], "pdf": [], "html": []}
    for i in range(n):
        spec = random_spec(rng)
        doc = from_spec(spec, _prose(spec))
        for kind, write in (("docx", write_docx), ("pdf", write_pdf), ("html", write_html)):
            path = out / f"r{i}.{kind}"
            write(doc, path)
            files[kind].append(path)
    for name in ("huaian-szf-2024.pdf", "shuyang-fgj-2023.html"):
        if (CORPUS / name).is_file():
            files[name.rsplit(".", 1)[1]].append(CORPUS / name)
    return files


def main(argv: list[str]) -> int:
    n = int(argv[0]) if argv else 20
    repeats = int(argv[1]) if len(argv) > 1 else 3
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    floors = {"docx": floor_docx, "pdf": floor_pdf, "html": floor_html}
    with tempfile.TemporaryDirectory() as tmp:
        files = corpus(Path(tmp), n)
        for kind, fn in floors.items():
            fn(files[kind][0]), ours(files[kind][0])  # imports and caches out of the timings
        print(f"{n} generated reports per format (+ the corpus's real file), one core, best of {repeats}:")
        for kind, fn in floors.items():
            (a, a_hi), (b, b_hi) = timed(ours, files[kind], repeats), timed(fn, files[kind], repeats)
            print(f"  {kind:5} read_path {a * 1000:7.1f} ms ({a_hi * 1000:.1f})   floor {b * 1000:7.1f} ms "
                  f"({b_hi * 1000:.1f})   ratio {a / b:.2f}")
        try:
            pdfium_text(files["pdf"][0])
            c, c_hi = timed(pdfium_text, files["pdf"], repeats)
            print(f"  pdf   pypdfium2 text only {c * 1000:.1f} ms ({c_hi * 1000:.1f}): no table finder")
        except ImportError:
            print("  pypdfium2 not installed: its text extraction not measured")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
