"""Files built to break the structured readers, mangled copies of good ones, and a guarded reader.

``hostile_files`` writes the known attacks (a zip bomb, rowspan="100000000", 10^5 nested tags,
an XML entity bomb, truncated and misnamed files); ``mangle`` damages a good file the ways disks,
uploads and editors do. ``read_guarded`` reads one file through ``read_path`` in a child process
under an address-space limit and a time limit, and says what came of it: "report", "unreadable",
or what went wrong ("crash: …", "timeout"). Used by tests/test_structured_hostile.py and by
bench/fuzz_formats.py (300 files).
"""

from __future__ import annotations

import io
import random
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 4_000_000 * 1024  # bytes: ``ulimit -v 4000000``
_CHILD = (
    "import sys\n"
    "from checker.read.files import Unreadable, read_path\n"
    "r = read_path(sys.argv[1])\n"
    "print('unreadable' if isinstance(r, Unreadable) else 'report')\n"
)


def read_guarded(path: Path, timeout: float = 120, limit: int = LIMIT) -> str:
    """What ``read_path`` made of ``path`` in a child limited to ``limit`` bytes of address space."""
    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    try:
        done = subprocess.run([sys.executable, "-c", _CHILD, str(path)], capture_output=True, text=True,
                              timeout=timeout, preexec_fn=cap, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return "timeout"
    out = done.stdout.strip()
    if done.returncode != 0 or "Traceback" in done.stderr or out not in ("report", "unreadable"):
        tail = (done.stderr.strip().splitlines() or ["?"])[-1]
        return f"crash: exit {done.returncode}: {tail}"
    return out


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def _docx_with(good_docx: Path, path: Path, document: bytes) -> Path:
    """``good_docx`` with its word/document.xml replaced."""
    with zipfile.ZipFile(good_docx) as archive:
        members = {i.filename: archive.read(i) for i in archive.infolist()}
    members["word/document.xml"] = document
    return _zip(path, members)


def hostile_files(out: Path, good_docx: Path, good_pdf: Path, good_html: Path) -> list[Path]:
    """The known attacks, written into ``out``."""
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    laughs = "".join(f"<!ENTITY l{i} \"{f'&l{i - 1};' * 10}\">" for i in range(1, 10))
    files = {
        "bomb.docx": lambda p: _zip(p, {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"\0" * (300 << 20)}),
        "entities.docx": lambda p: _docx_with(good_docx, p, (
            f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY l0 "ha">{laughs}]>'
            f'<w:document {w}><w:body><w:p><w:r><w:t>&l9;</w:t></w:r></w:p></w:body></w:document>').encode()),
        "nested-tables.docx": lambda p: _docx_with(good_docx, p, (
            f"<w:document {w}><w:body>" + "<w:tbl><w:tr><w:tc>" * 20000 + "<w:p/>"
            + "</w:tc></w:tr></w:tbl>" * 20000 + "</w:body></w:document>").encode()),
        "wide-span.docx": lambda p: _docx_with(good_docx, p, _wide_spans(w).encode()),
        "rowspan.html": lambda p: p.write_text("<table>" + ("<tr>" + "<td rowspan='100000000' colspan='100000000'>0</td>"
                                               * 100 + "</tr>") * 5000 + "</table>", encoding="utf-8"),
        "nested.html": lambda p: p.write_text("<div>" * 100_000 + "一、总体情况" + "</div>" * 100_000, encoding="utf-8"),
        "nested-tables.html": lambda p: p.write_text("<table><tr><td>" * 50_000, encoding="utf-8"),
        "truncated.docx": lambda p: p.write_bytes(good_docx.read_bytes()[: good_docx.stat().st_size // 2]),
        "truncated.pdf": lambda p: p.write_bytes(good_pdf.read_bytes()[: good_pdf.stat().st_size // 2]),
        "pdf-named.docx": lambda p: p.write_bytes(good_pdf.read_bytes()),
        "docx-named.pdf": lambda p: p.write_bytes(good_docx.read_bytes()),
        "html-named.pdf": lambda p: p.write_bytes(good_html.read_bytes()),
        "png-named.html": lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64),
        "empty.pdf": lambda p: p.write_bytes(b""),
        "empty.docx": lambda p: p.write_bytes(b""),
        "zeros.html": lambda p: p.write_bytes(b"\0" * 100_000),
    }
    paths = []
    for name, make in files.items():
        path = out / name
        make(path)
        paths.append(path)
    return paths


def _wide_spans(w: str) -> str:
    """A table of 3000 rows of 200 cells each claiming a huge gridSpan and a vMerge (varied: not a zip bomb)."""
    rng = random.Random(0)
    cell = '<w:tc><w:tcPr><w:gridSpan w:val="{}"/><w:vMerge/></w:tcPr><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:tc>'
    rows = ("<w:tr>" + "".join(cell.format(rng.randrange(10**9), rng.randrange(10**6)) for _ in range(200)) + "</w:tr>"
            for _ in range(3000))
    return f"<w:document {w}><w:body><w:tbl>{''.join(rows)}</w:tbl></w:body></w:document>"


def mangle(data: bytes, rng: random.Random) -> bytes:
    """``data`` damaged one of the ways files are: flipped bytes, a cut, a lost or doubled chunk."""
    data = bytearray(data)
    how = rng.choice(["flip", "cut", "drop", "double", "zero"])
    a = rng.randrange(len(data))
    b = min(len(data), a + rng.randint(1, 4096))
    if how == "flip":
        for _ in range(rng.randint(1, 50)):
            data[rng.randrange(len(data))] = rng.randrange(256)
    elif how == "cut":
        del data[a:]
    elif how == "drop":
        del data[a:b]
    elif how == "double":
        data[a:a] = data[a:b]
    else:
        data[a:b] = bytes(b - a)
    return bytes(data)


def mangle_docx_xml(good_docx: Path, rng: random.Random) -> bytes:
    """A well-formed zip whose document.xml is damaged: the XML parser, not zipfile, must cope."""
    with zipfile.ZipFile(good_docx) as archive:
        members = {i.filename: archive.read(i) for i in archive.infolist()}
    members["word/document.xml"] = mangle(members["word/document.xml"], rng)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()
