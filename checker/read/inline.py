"""Section headings inside running text, and headings with a typo.

A web page flattened to one paragraph keeps its headings inline: "…工作质效。 二、主动公开政府
信息情况 第二十条第（一）项…". Only a section's own wording (or a known variant, or either
with a one- or two-character slip such as "行政法复议") after a Chinese ordinal counts, so
"三、本年度办理结果" (a 表三 row) or "一是…" in the prose never open a section. Such a heading
is located where it stands in the line, and its section's body starts right after it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from checker.model import Heading, Location
from checker.normalize import label_key
from checker.read.fields import ById
from checker.read.layouts import Layout

#: Lines this short hold at most a heading of their own (read by ``sections.find_headings``).
LONG_LINE = 12
_ORDINAL = re.compile(r"([一二三四五六七八九十]{1,2})[ \t\u3000]*、[ \t\u3000]*")
# A heading starts a line, or follows a space, a sentence's end, a closing bracket or quote, a digit
# (a table row's last number) or markdown.
_BEFORE = frozenset(" \t\u3000\f。；;！!？?)）」”\"0123456789*#")
_CN = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def slips(label: str) -> int:
    """How many slips (characters added, dropped or changed) a heading of this length may have."""
    return 0 if len(label) < 6 else 1 if len(label) < 12 else 2


def distance(a: str, b: str, bound: int) -> int:
    """Edit distance of ``a`` and ``b``, or ``bound + 1`` once it is known to exceed ``bound``."""
    if abs(len(a) - len(b)) > bound:
        return bound + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i]
        for j, cb in enumerate(b, 1):
            row.append(min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(row) > bound:
            return bound + 1
        previous = row
    return previous[-1]


def near(key: str, label: str) -> bool:
    """Whether a heading's key is the label but for a slip or two (never for short labels; the first four agree)."""
    bound = slips(label)
    return bound > 0 and key[:4] == label[:4] and distance(key, label, bound) <= bound


def find_inline(norm_lines: tuple[str, ...], layout: Layout, taken: set[int]) -> list[tuple[Heading, str]]:
    """(heading, key) for each section heading standing inside a line (lines in ``taken`` have one already).

    One search of the whole text for an ordinal followed by the start of a section's wording
    finds the candidates (a report without inline headings costs that one pass); only those
    are matched against the wordings, where they stand.
    """
    text = "\n".join(norm_lines)
    heads = _heads(ById(layout))
    candidates = list(heads.finditer(text))
    if not candidates:
        return []
    wordings = _wordings(ById(layout))
    out = []
    for c in candidates:
        begin = text.rfind("\n", 0, c.start()) + 1
        index = text.count("\n", 0, begin)
        line, comma = norm_lines[index], c.start() - begin
        at = comma
        while at and line[at - 1] in " \t\u3000":
            at -= 1
        while at and line[at - 1] in _CN and comma - at < 6:
            at -= 1
        if len(line) <= LONG_LINE or index + 1 in taken or at == comma:
            continue
        m = _ORDINAL.match(line, at)
        hit = _match_at(line, m.end(), wordings) if m else None
        # After a word (no space or sentence end: a crawler dropped the line break), only a whole wording counts.
        if hit and at and line[at - 1] not in _BEFORE and (not hit[2] or len(hit[1]) < 8):
            continue
        if hit:
            end, key, _ = hit
            loc = Location.point(index + 1, at + 1, end - at)
            out.append((Heading(_ordinal(m.group(1)), line[at:end], loc), key))
    return out


@lru_cache(maxsize=8)
def _heads(key: ById) -> re.Pattern[str]:
    """"、" followed by the first two characters of a section's wording (a literal start: a fast scan)."""
    starts = sorted({w[:2] for w, _ in _wordings(key)})
    return re.compile(r"、[ \t\u3000]*(?:" + "|".join(map(re.escape, starts)) + ")")


def _ordinal(text: str) -> int:
    return _CN[text] if len(text) == 1 else 10 + _CN.get(text[1], 0) if text[0] == "十" else _CN[text[0]] * 10


@lru_cache(maxsize=8)
def _wordings(key: ById) -> tuple[tuple[str, str], ...]:
    """(wording key, label key) of every section label and alias, longest first."""
    layout: Layout = key.obj  # type: ignore[assignment]
    pairs = {(label_key(w), label_key(s.label)) for s in layout.sections for w in (s.label, *s.aliases)}
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


def _match_at(line: str, pos: int, wordings: tuple[tuple[str, str], ...]) -> tuple[int, str, bool] | None:
    """(end of the heading in the line, its key, whether exactly) when a section's wording starts at ``pos``.

    Every wording is tried exactly before any is tried with a slip, and a slip is looked for
    only where the first four characters agree: a cheap test first, the edit distance last.
    """
    head = line[pos : pos + 2]
    for wording, _ in wordings:
        if wording[:2] == head and line.startswith(wording, pos):
            return pos + len(wording), wording, True
    start = line[pos : pos + 4]
    for wording, _ in wordings:
        bound = slips(wording)
        if not bound or wording[:4] != start:
            continue
        best = None
        for width in range(len(wording) - bound, len(wording) + bound + 1):
            d = distance(wording, line[pos : pos + width], bound)
            if d <= bound and (best is None or d < best[0]):
                best = (d, width)
        if best is not None:
            return pos + best[1], label_key(line[pos : pos + best[1]]), False
    return None
