"""Narrative facts in the prose: number claims, "其中" part sums, years, the period, the signature date.

Rules compare what the text says with the tables ("收到政府信息公开申请 3 件" vs 表三),
so each claim keeps the words before its number (its subject), its unit, its
sentence and the place of the number. Matching runs on folded lines, whose columns
are the raw lines' columns.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal

from checker.model import Dated, Location, NumberClaim, PartSum, Period, YearMention

UNITS = ("万元", "人次", "元", "条", "件", "个", "次", "篇", "期", "场", "名", "项", "人")
_CLAIM = re.compile(r"(?<![\d.第])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?\s*(" + "|".join(UNITS) + r")")
_CLAUSE_CUT = re.compile(r"[,，;；:：。、!！?？()（）“”\"]|其中|\*\*")
_LIST_MARK = re.compile(r"^(?:\d{1,2}[.、]|\([一二三四五六七八九十\d]{1,2}\)|[一二三四五六七八九十]{1,2}[、是])+")
_SENTENCE_END = re.compile(r"[。！？!?]")
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_DASH_DATE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_YEAR = re.compile(r"(?<!\d)(\d{4})\s*年(?!\s*\d{1,2}\s*月)")
# Every unit ends with one of these characters: a line without any holds no claim (a cheap C-level prefilter).
_UNIT_END = re.compile("[" + "".join(sorted({re.escape(u[-1]) for u in UNITS})) + "]")
_SIGNATURE = re.compile(r"^\s*(?:(?:发布|印发|成文)?日期[:：]?\s*)?(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$")


def _date(y: str, m: str, d: str) -> date | None:
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        return None


def find_period(norm_lines: Sequence[str], lines: Sequence[str]) -> Period | None:
    """The 统计期限 sentence: the first line naming 统计 with two dates (else any 自…至… line)."""
    for want in ("统计", "至"):
        for i, line in enumerate(norm_lines):
            if want not in line:
                continue
            dates = list(_DATE.finditer(line))
            if len(dates) >= 2:
                a, b = dates[0], dates[1]
                start, end = _date(*a.groups()), _date(*b.groups())
                if start and end:
                    loc = Location(i + 1, a.start() + 1, i + 1, b.end() + 1)
                    return Period(start, end, lines[i][a.start() : b.end()], loc)
    return None


def find_published(norm_lines: Sequence[str], lines: Sequence[str]) -> Dated | None:
    """The dated signature: a line holding only a date, among the last non-empty lines."""
    seen = 0
    for i in range(len(norm_lines) - 1, -1, -1):
        line = norm_lines[i]
        if not line.strip():
            continue
        seen += 1
        if seen > 6:
            break
        m = _SIGNATURE.match(line) or _DASH_DATE.fullmatch(line.strip())
        if m:
            value = _date(*m.groups()[-3:])
            if value:
                s, e = (m.start(1), len(line[: m.end()].rstrip())) if m.re is _SIGNATURE else _strip_span(line)
                return Dated(value, lines[i][s:e].strip(), Location(i + 1, s + 1, i + 1, e + 1))
    return None


def _strip_span(line: str) -> tuple[int, int]:
    s = len(line) - len(line.lstrip())
    return s, len(line.rstrip())


def find_claims(norm_lines: Sequence[str], lines: Sequence[str], prose: Iterable[int]) -> tuple[NumberClaim, ...]:
    """Every "<words> N <unit>" in the prose lines (1-based numbers in ``prose``)."""
    out: list[NumberClaim] = []
    for n in prose:
        line = norm_lines[n - 1]
        if not _UNIT_END.search(line):
            continue
        cuts = None
        for m in _CLAIM.finditer(line):
            cuts = cuts if cuts is not None else [c.end() for c in _CLAUSE_CUT.finditer(line)]
            out.append(_claim(m, n, line, lines[n - 1], cuts))
    return tuple(out)


def _claim(m: re.Match, n: int, line: str, raw: str, cuts: list[int]) -> NumberClaim:
    whole, frac, unit = m.groups()
    number = Decimal(whole.replace(",", "") + (f".{frac}" if frac else ""))
    i = bisect_right(cuts, m.start())
    clause = line[cuts[i - 1] if i else 0 : m.start()]
    subject = _LIST_MARK.sub("", re.sub(r"\s+", "", clause).strip("*"))
    s, e = _sentence_span(line, m.start())
    loc = Location(n, m.start() + 1, n, m.end(2) + 1 if frac else m.end(1) + 1)
    return NumberClaim(subject, number, unit, raw[s:e].strip(), loc)


def _sentence_span(line: str, at: int) -> tuple[int, int]:
    start = 0
    for m in _SENTENCE_END.finditer(line, 0, at):
        start = m.end()
    end = _SENTENCE_END.search(line, at)
    return start, end.end() if end else len(line)


def find_part_sums(claims: Sequence[NumberClaim], norm_lines: Sequence[str]) -> tuple[PartSum, ...]:
    """"N 条，其中 A a 条、B b 条": the claim right before 其中 and the claims after it, same sentence."""
    out = []
    for i, total in enumerate(claims):
        line = norm_lines[total.loc.line - 1]
        s, e = _sentence_span(line, total.loc.column - 1)
        following = line[total.loc.end_column - 1 : e]
        marker = following.find("其中")
        if marker < 0 or _CLAIM.search(following[:marker]):
            continue
        cut = total.loc.end_column - 1 + marker
        parts = tuple(
            c for c in claims[i + 1 :] if c.loc.line == total.loc.line and cut < c.loc.column - 1 < e
        )
        if parts:
            out.append(PartSum(total, parts))
    return tuple(out)


def find_years(norm_lines: Sequence[str], lines: Sequence[str], prose: Iterable[int]) -> tuple[YearMention, ...]:
    """"2022年，我局…": every year in the prose that is not the start of a full date."""
    out = []
    for n in prose:
        line = norm_lines[n - 1]
        if "年" not in line:
            continue
        for m in _YEAR.finditer(line):
            year = int(m.group(1))
            if 1990 <= year <= 2100:
                context = lines[n - 1][m.end() : m.end() + 10]
                out.append(YearMention(year, context, Location(n, m.start() + 1, n, m.end() + 1)))
    return tuple(out)
