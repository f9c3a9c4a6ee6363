"""Normalised forms of report text, for matching only; the raw text is kept for display.

``fold`` maps one character to one character, so a column found in a folded line
is the same column in the raw line. It is the one text fold of reportlint: the reader
folds a report's lines with it and the rule language folds text before matching.
``label_key`` goes further (drops spaces and trailing punctuation) and is used to
compare labels such as "不予公 开" with "不予公开".
"""

from __future__ import annotations

import re
from functools import lru_cache

_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}  # full-width ASCII → ASCII
_FOLD.update({0x3000: 0x20, 0x00A0: 0x20, 0x2002: 0x20, 0x2003: 0x20, 0x2009: 0x20, 0x200B: 0x20})
_FOLD.update({0xFE59: ord("("), 0xFE5A: ord(")")})
_FOLD_TABLE = str.maketrans({k: chr(v) for k, v in _FOLD.items()})
# Runs of foldable characters (one group, so ``split`` keeps them as the odd items).
_FOLDABLE = re.compile("([" + "".join(re.escape(chr(k)) for k in sorted(_FOLD)) + "]+)")

_SPACES = re.compile(r"\s+")
_TRAIL = re.compile(r"[\s:：。.,，;；]+$")


def fold(text: str) -> str:
    """Full-width ASCII (digits, brackets, letters) and odd spaces → plain ASCII, 1:1.

    ``str.translate`` is slow on the CJK characters it leaves alone, so only the runs of
    foldable characters are translated (most runs are a lone "０" or bracket, met again
    and again: their folds are remembered).
    """
    parts = _FOLDABLE.split(text)
    if len(parts) == 1:
        return text
    parts[1::2] = map(_fold_run, parts[1::2])
    return "".join(parts)


@lru_cache(maxsize=4096)
def _fold_run(run: str) -> str:
    return run.translate(_FOLD_TABLE)


def label_key(text: str) -> str:
    """The comparison key of a label: folded, no spaces, no trailing punctuation, no markdown bold."""
    return _label_key(text)


@lru_cache(maxsize=8192)
def _label_key(text: str) -> str:
    """``label_key`` of one text, remembered: rules compare the same few labels on every report."""
    key = _SPACES.sub("", fold(text)).replace("*", "")
    return _TRAIL.sub("", key)


#: The characters of a Chinese numeral as reports write counts (十八、一百二十、两千零五、〇).
CHINESE_NUMERAL_CHARS = "〇零一二两三四五六七八九十百千万"
_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}


def chinese_number(text: str) -> int | None:
    """The value of a Chinese numeral ("十八" 18, "一百二十" 120, "两千零五" 2005, "三万零一" 30001),
    None for anything else. The one reading of Chinese numerals: the reader's claims use it, and the
    rule language's ``m.number`` of a match. Digit strings ("一二三") are not counts and are refused."""
    if not text or any(ch not in CHINESE_NUMERAL_CHARS for ch in text):
        return None
    if "万" in text:
        high, _, low = text.partition("万")
        head = chinese_number(high) if high else None
        tail = (_DIGITS[low] * 1000 if low in _DIGITS else chinese_number(low)) if low else 0  # 一万二 = 12000
        return None if head is None or tail is None or "万" in low else head * 10000 + tail
    return _below_10000(text)


def _below_10000(text: str) -> int | None:
    """A numeral without 万; a last digit right after 百 or 千 counts that unit's tenth (一百二 = 120,
    一百零二 = 102)."""
    total, digit, last_unit, zero = 0, None, 10000, False
    for ch in text:
        if ch in _DIGITS:
            if digit is not None and digit != 0:  # two digits in a row ("一二") is no numeral
                return None
            zero = zero or _DIGITS[ch] == 0
            digit = _DIGITS[ch]
            continue
        unit = _UNITS[ch]
        if unit >= last_unit:
            return None
        total += (1 if digit is None else digit) * unit
        digit, last_unit, zero = None, unit, False
    if digit and not zero and last_unit in (100, 1000):
        return total + digit * last_unit // 10
    return total + (digit or 0)
