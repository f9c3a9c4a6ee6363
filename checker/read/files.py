"""Any report file → Report: the one entry point of the read stage for files on disk.

A report comes as text (.txt/.md, PDF text, web text), as Word (.docx, old .doc/.wps), as
PDF or as a web page (.html/.htm). ``kind_of`` says what a file name is read as, so a
folder walk can list what is not a report (images, archives) as skipped instead of
dropping it; ``read_path`` reads any of them into the one document model, or says why
it could not (an ``Unreadable`` with its read-error), never raising for a bad file.

Structured files (.docx, .pdf, .html) are read by their own readers into a text rendering
whose lines keep their place in the file (``model.SourceMap``); the text reader then maps
that rendering onto the format's tables, so every rule works unchanged on every kind.
"""

from __future__ import annotations

import stat
from dataclasses import dataclass
from pathlib import Path

from checker.diagnostics import Diagnostic
from checker.model import Report
from checker.read.decode import read_error, read_file, unreadable
from checker.read.grid import Block, render
from checker.read.layouts import Layout
from checker.read.report import read_report

#: File suffix → the kind of reader that reads it.
REPORT_KINDS: dict[str, str] = {
    ".txt": "text", ".text": "text", ".md": "text", ".markdown": "text",
    ".docx": "docx", ".doc": "doc", ".wps": "doc",
    ".pdf": "pdf",
    ".html": "html", ".htm": "html",
}


@dataclass(frozen=True, slots=True)
class Unreadable:
    """A report file that could not be read: its read-error diagnostic and what it was read as."""

    diagnostic: Diagnostic
    kind: str


def kind_of(path: str | Path) -> str | None:
    """The reader for a file name ("text", "docx", "doc", "pdf", "html"), None when it is not a report format."""
    return REPORT_KINDS.get(Path(path).suffix.lower())


#: Files larger than this are not read (a report is a few hundred KB; a PDF with images a few MB).
MAX_BYTES = 64 * 1024 * 1024


def read_path(path: str | Path, layout: Layout | None = None, max_bytes: int = MAX_BYTES) -> Report | Unreadable:
    """Read one report file of any kind; a file of an unknown suffix is read as text.

    Only regular files are opened (a FIFO would block, a device never end), and none
    larger than ``max_bytes``: each such file is an ``Unreadable`` that says why.
    """
    kind = kind_of(path) or "text"
    refused = _refused(Path(path), max_bytes)
    if refused is not None:
        return Unreadable(read_error(path, refused), kind)
    kind = _content_kind(Path(path), kind)
    if kind in _FORMAT_NAMES and Path(path).stat().st_size > 0:  # an empty file says "空文件" below
        return Unreadable(unreadable(path, f"文件已损坏，或不是有效的{_FORMAT_NAMES[kind]}文件"), kind.rstrip("?"))
    if kind != "text":
        return _read_structured(Path(path), kind.rstrip("?"), layout)
    decoded = read_file(path)
    if isinstance(decoded, Diagnostic):
        return Unreadable(decoded, kind)
    return read_report(decoded.text, str(path), decoded.encoding, layout)


def _read_structured(path: Path, kind: str, layout: Layout | None) -> Report | Unreadable:
    """A .docx/.pdf/.html/.doc file through its reader, its rendering and the text reader."""
    if path.stat().st_size == 0:
        return Unreadable(read_error(path, "empty"), kind)
    try:
        blocks = _READERS[kind](path)
    except (MemoryError, RecursionError):  # a hostile file the bounds did not foresee: said, not raised
        blocks = TOO_COMPLEX
    if isinstance(blocks, str):
        return Unreadable(unreadable(path, blocks), kind)
    text, source = render(blocks, kind)
    return read_report(text, str(path), kind, layout, source)


TOO_COMPLEX = "文件结构过于复杂，无法读取"


def _docx(path: Path) -> list[Block] | str:
    from checker.read.docx import read_docx  # start-up: lxml and python-docx only when a .docx is read

    return read_docx(path)


def _pdf(path: Path) -> list[Block] | str:
    from checker.read.pdf import read_pdf  # start-up: pdfplumber (~95 ms) only when a .pdf is read

    return read_pdf(path)


def _html(path: Path) -> list[Block] | str:
    from checker.read.html import read_html  # start-up: lxml only when a web page is read

    return read_html(path)


def _doc(path: Path) -> list[Block] | str:
    from checker.read.legacy import read_legacy  # start-up: as _docx (it converts, then reads a .docx)

    return read_legacy(path)


_READERS = {"docx": _docx, "pdf": _pdf, "html": _html, "doc": _doc}

# What the first bytes say a file is, whatever its name: web sites serve HTML as "年报.doc",
# and a PDF renamed .docx is still a PDF. (signature, kind), tried in order.
_SIGNATURES = ((b"%PDF-", "pdf"), (b"PK\x03\x04", "docx"), (b"\xd0\xcf\x11\xe0", "doc"), (b"{\\rtf", "doc"))
_HTML_MARKS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<table", b"<div", b"<p")


#: A structured suffix whose content has none of the signatures: the file is damaged or misnamed.
#: (LibreOffice would "convert" any bytes named .doc as plain text, so this is decided here.)
_FORMAT_NAMES = {"docx?": " Word（.docx）", "pdf?": " PDF ", "doc?": " Word（.doc/.wps）"}


def _content_kind(path: Path, kind: str) -> str:
    """The reader the content calls for: the suffix's, unless the first bytes say otherwise.

    A text file is read as text unless it is binary of a known kind; a structured suffix
    whose content is HTML is read as a web page; a .docx/.pdf/.doc whose first bytes are
    none of these is "<kind>?" (damaged or not what its name says).
    """
    try:
        with open(path, "rb") as fh:
            head = fh.read(2048)
    except OSError:
        return kind
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    for signature, found in _SIGNATURES:
        if start.startswith(signature) or (found == "pdf" and signature in head[:1024]):
            return found
    if kind != "text" and start.lower().startswith(_HTML_MARKS):
        return "html"
    return kind + "?" if kind + "?" in _FORMAT_NAMES else kind


def _refused(path: Path, max_bytes: int) -> str | None:
    """Why a path is not opened (a key of ``decode.REASONS``), or None."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return "missing"
    except OSError:
        return "unreadable"
    if not stat.S_ISREG(st.st_mode):
        return "not-regular"
    return "too-large" if st.st_size > max_bytes else None
