"""Bytes → text: the encodings Chinese offices really use, or a read-error saying why not.

Reports arrive as UTF-8 (with or without BOM), GB18030/GBK (Windows defaults in
Chinese offices) and sometimes UTF-16 with a BOM (Word's "Unicode text"). Anything
else — a PDF or DOCX given by mistake, an empty file — must become a ``read-error``
diagnostic naming the file and the reason, so a batch run carries on with the next file.

GB18030 decodes almost any byte string, so a Big5 (traditional Chinese) or Shift-JIS
(Japanese) file "decodes" into rare characters and private-use code points, and a
UTF-7 file is plain ASCII: read as they are, each would come out "checked, not a
report". Such text is told apart by what it decodes to, and refused with its likely
encoding named. Only regular files are opened, never a FIFO or a device, and never
more than ``max_bytes`` of them.
"""

from __future__ import annotations

import os
import re
import stat
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
    "big5": "编码疑似 Big5（繁体中文），不是 UTF-8 或 GB18030，请另存为 UTF-8 后再检查",
    "shift-jis": "编码疑似 Shift-JIS（日文），不是 UTF-8 或 GB18030，请另存为 UTF-8 后再检查",
    "utf-7": "编码为 UTF-7，请另存为 UTF-8 后再检查",
    "foreign": "无法识别的编码（按 GB18030 读出的大多是生僻字或私用区字符），请另存为 UTF-8 后再检查",
}

#: Real GB18030 reports have ~0 characters outside GB2312 per thousand; Big5 read as GB18030 ~690.
_FOREIGN_SHARE = 0.05
_SAMPLE = 20_000  # characters of a decoded text looked at for that
_WIDE = re.compile(r"[\x00-\u2e7f]+")  # what is removed to keep the CJK-range characters
_UTF7_RUN = re.compile(rb"\+[A-Za-z0-9+/]{4,}-?")


class Refused(Exception):
    """A file that is not read; ``reason`` is a key of ``REASONS``."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Decoded:
    """A report's text with "\\n" line endings, and the encoding it was read in."""

    text: str
    encoding: str


def read_error(path: str | Path, reason: str) -> Diagnostic:
    """The read-error diagnostic for ``path``; ``reason`` is a key of ``REASONS``."""
    return unreadable(path, REASONS[reason])


def unreadable(path: str | Path, why: str) -> Diagnostic:
    """The read-error diagnostic for ``path`` with ``why`` in words (the structured readers' reasons too)."""
    return Diagnostic(
        rule="read-error",
        severity=Severity.ERROR,
        message=f"无法读取文件 {path}：{why}",
        location=None,
        values={"path": str(path), "reason": why},
    )


def read_bytes(path: str | Path, max_bytes: int | None = None) -> bytes:
    """The bytes of a regular file, at most ``max_bytes``; raises ``Refused`` saying why not.

    The file is opened without blocking and checked after opening (no race between a
    check and the open): a FIFO, a device or a socket is never read from.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise Refused("missing") from None
    except OSError:
        raise Refused("unreadable") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise Refused("unreadable" if stat.S_ISDIR(mode) else "not-regular")
    with os.fdopen(fd, "rb") as fh:
        try:
            data = fh.read() if max_bytes is None else fh.read(max_bytes + 1)
        except OSError:
            raise Refused("unreadable") from None
    if max_bytes is not None and len(data) > max_bytes:
        raise Refused("too-large")
    return data


def read_file(path: str | Path, max_bytes: int | None = None) -> Decoded | Diagnostic:
    """Read and decode one report file; never raises for a bad file."""
    try:
        data = read_bytes(path, max_bytes)
    except Refused as refused:
        return read_error(path, refused.reason)
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
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return read_error(path, "utf-7") if _is_utf7(data) else Decoded(_newlines(text), "utf-8")
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return read_error(path, "encoding")
    foreign = _foreign(text, data)
    return read_error(path, foreign) if foreign else Decoded(_newlines(text), "gb18030")


def _is_utf7(data: bytes) -> bool:
    """ASCII whose ``+…-`` runs decode, as UTF-7, into Chinese: no report is written in plain ASCII."""
    if not data.isascii() or not _UTF7_RUN.search(data):
        return False
    try:
        text = data.decode("utf-7")
    except UnicodeDecodeError:
        return False
    return len(_WIDE.sub("", text[:_SAMPLE])) >= 10


def _foreign(text: str, data: bytes) -> str | None:
    """A ``REASONS`` key when GB18030 "decoded" another encoding into rare characters, else None."""
    wide = _WIDE.sub("", text[:_SAMPLE])
    outside = len(wide) - len(wide.encode("gb2312", "ignore")) // 2
    if outside < 3 or outside < _FOREIGN_SHARE * len(wide):
        return None
    for codec, reason in (("big5", "big5"), ("shift_jis", "shift-jis")):
        try:
            data.decode(codec)
        except UnicodeDecodeError:
            continue
        return reason
    return "foreign"


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
