"""Chinese numerals in one place (``normalize.chinese_number``): the reader's claims and ``m.number`` (issue 13, item 6)."""

from __future__ import annotations

import pytest

from checker.language.textmatch import search
from checker.normalize import chinese_number


@pytest.mark.parametrize(("text", "value"), [
    ("十八", 18), ("一十八", 18), ("一百二十", 120), ("两千零五", 2005), ("十", 10), ("零", 0), ("〇", 0),
    ("一百零二", 102), ("一百二", 120), ("一千二", 1200), ("三万零一", 30001), ("一万二", 12000),
    ("九千九百九十九", 9999), ("一千零一十", 1010),
])
def test_numerals_read(text: str, value: int) -> None:
    assert chinese_number(text) == value


@pytest.mark.parametrize("text", ["", "一二", "十十", "百千", "十八件", "18", "万万"])
def test_what_is_no_numeral(text: str) -> None:
    assert chinese_number(text) is None


def test_a_match_reads_its_numeral_group() -> None:
    (m,) = search(r"申请([一二两三四五六七八九十百千万零〇]+)件", "共收到申请一百二十件。", None)
    assert m.number == 120
