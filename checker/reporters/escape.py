"""What any output must do to a string it did not write itself: report text, rule text, file names.

Every format stays valid whatever the input: a file name with bytes that are not UTF-8
(``os.fsdecode`` turns them into lone surrogates, U+DC80–U+DCFF) would make the output
unencodable, and a control character (ESC, BEL, a bidi override) in a path or a report
line would reach the terminal. Both are written as visible escapes (``\\xff``, ``\\x1b``,
``\\u202e``), so the reader can still find the file or the line, and the output
encodes as UTF-8 without error.
"""

from __future__ import annotations

import os
import re
from urllib.parse import quote

#: Lone surrogates: from ``os.fsdecode`` of undecodable bytes (U+DC80–U+DCFF) or malformed input.
_SURROGATE = re.compile("[\ud800-\udfff]")
#: What a terminal, an XML or HTML document must not receive raw: C0 controls (tab and newline
#: kept), DEL, C1 controls, line/paragraph separators, bidi embeddings, overrides and isolates.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _escape_char(ch: str) -> str:
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # the byte os.fsdecode could not decode
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` with every control character and lone surrogate as a visible escape; tabs and
    newlines kept. For what a person reads: the terminal, HTML, CSV, JUnit XML, GitHub."""
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(lambda m: _escape_char(m.group()), text)


def one_line(text: str) -> str:
    """``printable`` and newlines escaped too: for a value that must stay on its line (a path)."""
    return printable(text).replace("\n", "\\n")


def valid_unicode(text: str) -> str:
    """Only the lone surrogates escaped: for JSON, which escapes control characters itself."""
    if not _SURROGATE.search(text):
        return text
    return _SURROGATE.sub(lambda m: _escape_char(m.group()), text)


def json_text(serialized: str) -> str:
    """Serialized JSON with its lone surrogates escaped as JSON text (``\\\\xff`` reads back ``\\xff``).

    A surrogate can stand only inside a JSON string, so doubling the backslash keeps the
    document valid and reads back as ``valid_unicode`` of the original string.
    """
    if not _SURROGATE.search(serialized):
        return serialized
    return _SURROGATE.sub(lambda m: "\\" + _escape_char(m.group()), serialized)


def uri(path: str) -> str:
    """A file path as an RFC 3986 URI reference: slashes for separators, the original bytes of
    every other character percent-encoded (``报告 #1 100%?.md`` → ``%E6%8A%A5%E5%91%8A%20%231%20100%25%3F.md``)."""
    posix = path.replace(os.sep, "/") if os.sep != "/" else path
    return quote(os.fsencode(posix), safe="/")
