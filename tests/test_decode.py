"""Decoding: the encodings offices use, and a read-error naming the file and why for the rest."""

from __future__ import annotations

import pytest

from checker.diagnostics import Diagnostic, Severity
from checker.read.decode import Decoded, decode_bytes, read_file

TEXT = "赣县区行政审批局 2023 年政府信息公开工作年度报告\n一、总体情况（１２）\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8"),
        (TEXT.encode("gb18030"), "gb18030"),
        (TEXT.encode("gbk"), "gb18030"),
        (TEXT.encode("utf-16"), "utf-16"),
        (b"\xfe\xff" + TEXT.encode("utf-16-be"), "utf-16"),
    ],
    ids=["utf8", "utf8-bom", "gb18030", "gbk", "utf16-le-bom", "utf16-be-bom"],
)
def test_decodes_the_encodings_offices_use(data: bytes, encoding: str) -> None:
    assert decode_bytes(data, "a.txt") == Decoded(TEXT, encoding)


def test_line_endings_become_newlines() -> None:
    assert decode_bytes("一\r\n二\r三\n".encode("gb18030")) == Decoded("一\n二\n三\n", "gb18030")


def _error(path: str, reason: str) -> Diagnostic:
    return Diagnostic(
        rule="read-error",
        severity=Severity.ERROR,
        message=f"无法读取文件 {path}：{reason}",
        location=None,
        values={"path": path, "reason": reason},
    )


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "空文件"),
        (b"  \n\t\n", "空文件"),
        (b"\xef\xbb\xbf", "空文件"),
        (b"abc\x00def", "二进制文件"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "二进制文件"),
        (b"PK\x03\x04\x14\x00", "二进制文件"),
        (bytes(range(1, 9)) * 20, "二进制文件"),
        (b"abc\x80", "无法识别的编码"),
    ],
    ids=["empty", "blank", "bom-only", "nul", "pdf", "zip", "controls", "undecodable"],
)
def test_bad_bytes_give_a_read_error_saying_why(data: bytes, reason: str) -> None:
    result = decode_bytes(data, "bad.txt")
    assert result == _error("bad.txt", reason)
    assert result.values == {"path": "bad.txt", "reason": reason}


def test_read_file_reads_gb18030(tmp_path) -> None:
    path = tmp_path / "r.txt"
    path.write_bytes(TEXT.encode("gb18030"))
    assert read_file(path) == Decoded(TEXT, "gb18030")


def test_missing_file(tmp_path) -> None:
    path = tmp_path / "nope.txt"
    result = read_file(path)
    assert result == _error(str(path), "文件不存在")
    assert result.values["path"] == str(path)


def test_directory_is_unreadable(tmp_path) -> None:
    assert read_file(tmp_path) == _error(str(tmp_path), "无法读取")
