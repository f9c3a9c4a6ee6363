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
