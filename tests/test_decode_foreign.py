"""Encodings that GB18030 would "decode" into garbage are read-errors naming the likely encoding."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from checker.read.decode import Decoded, decode_bytes, read_file

ROOT = Path(__file__).resolve().parent.parent
TEXT = (ROOT / "examples" / "clean-2023.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(("codec", "reason"), [
    ("big5", "编码疑似 Big5（繁体中文），不是 UTF-8 或 GB18030，请另存为 UTF-8 后再检查"),
    ("shift_jis", "编码疑似 Shift-JIS（日文），不是 UTF-8 或 GB18030，请另存为 UTF-8 后再检查"),
    ("utf-7", "编码为 UTF-7，请另存为 UTF-8 后再检查"),
])
def test_foreign_encodings(codec: str, reason: str) -> None:
    result = decode_bytes(TEXT.encode(codec, errors="replace"), "r.txt")
    assert not isinstance(result, Decoded)
    assert (result.rule, result.values) == ("read-error", {"path": "r.txt", "reason": reason})


def test_rare_characters_of_a_real_gb_report_still_decode() -> None:
    text = TEXT.replace("青山县", "喆堃县", 1)  # two characters outside GB2312, as in some place names
    assert decode_bytes(text.encode("gb18030"), "r.txt") == Decoded(text, "gb18030")
    japanese = "政府情報公開年次報告書。ひらがなとカタカナ。" * 5
    assert decode_bytes(japanese.encode("utf-8"), "r.txt") == Decoded(japanese, "utf-8")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_or_device_is_never_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    reason = "不是普通文件（管道、设备或套接字），不读取"
    for path in (tmp_path / "pipe.txt", Path("/dev/zero")):  # would block / never end
        assert read_file(path).values == {"path": str(path), "reason": reason}
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 100)
    assert read_file(big, max_bytes=99).values["reason"] == "文件过大，超过读取上限"
