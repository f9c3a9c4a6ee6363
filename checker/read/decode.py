"""Bytes → text: the encodings Chinese offices really use, or a read-error saying why not.

Reports arrive as UTF-8 (with or without BOM), GB18030/GBK (Windows defaults in
Chinese offices) and sometimes UTF-16 with a BOM (Word's "Unicode text"). Anything
else — a PDF or DOCX given by mistake, an empty file — must become a ``read-error``
diagnostic naming the file and the reason, so a batch run carries on with the next file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from checker.diagnostics import Diagnostic, Severity

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig", "utf-8"),
    (b"\xff\xfe", "utf-16", "utf-16"),
    (b"\xfe\xff", "utf-16", "utf-16"),
)
# File signatures of formats people mistake for text (PDF, zip/DOCX, OLE/DOC, PNG, JPEG).
_MAGIC = (b"%PDF-", b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"\x89PNG", b"\xff\xd8\xff")
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27))

REASONS = {
    "missing": "文件不存在",
    "unreadable": "无法读取",
    "empty": "空文件",
    "binary": "二进制文件",
    "encoding": "无法识别的编码",
    "not-regular": "不是普通文件（管道、设备或套接字），不读取",
    "too-large": "文件过大，超过读取上限",
}


@dataclass(frozen=True, slots=True)
class Decoded:
    """A report's text with "\\n" line endings, and the encoding it was read in."""

    text: str
    encoding: str


def read_error(path: str | Path, reason: str) -> Diagnostic:
    """The read-error diagnostic for ``path``; ``reason`` is a key of ``REASONS``."""
    why = REASONS[reason]
    return Diagnostic(
        rule="read-error",
        severity=Severity.ERROR,
        message=f"无法读取文件 {path}：{why}",
        location=None,
        values={"path": str(path), "reason": why},
    )


def read_file(path: str | Path) -> Decoded | Diagnostic:
    """Read and decode one report file; never raises for a bad file."""
    p = Path(path)
    if not p.exists():
        return read_error(path, "missing")
    try:
        data = p.read_bytes()
    except OSError:
        return read_error(path, "unreadable")
    return decode_bytes(data, path)


def decode_bytes(data: bytes, path: str | Path = "<bytes>") -> Decoded | Diagnostic:
    """Decode a report: BOM first, then strict UTF-8, then GB18030; binary data is refused."""
    if not data.strip():
        return read_error(path, "empty")
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            return _decode(data, codec, name, path)
    if _looks_binary(data):
        return read_error(path, "binary")
    for codec in ("utf-8", "gb18030"):
        try:
            return Decoded(_newlines(data.decode(codec)), codec)
        except UnicodeDecodeError:
            continue
    return read_error(path, "encoding")


def _decode(data: bytes, codec: str, name: str, path: str | Path) -> Decoded | Diagnostic:
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return read_error(path, "encoding")
    text = text.lstrip("\ufeff")
    if not text.strip():
        return read_error(path, "empty")
    if "\x00" in text:
        return read_error(path, "binary")
    return Decoded(_newlines(text), name)


def _looks_binary(data: bytes) -> bool:
    """NUL bytes, a known binary signature, or many control characters mean "not a text file"."""
    if b"\x00" in data or data.startswith(_MAGIC):
        return True
    sample = data[:4096]
    controls = len(sample) - len(sample.translate(None, _CONTROL))
    return controls * 100 > len(sample)


def _newlines(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text
