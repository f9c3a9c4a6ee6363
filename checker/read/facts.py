"""Narrative facts in the prose: number claims, "其中" part sums, years, the period, the signature date.

Rules compare what the text says with the tables ("收到政府信息公开申请 3 件" vs 表三),
so each claim keeps the words before its number (its subject), its unit, its
sentence and the place of the number. Matching runs on folded lines, whose columns
are the raw lines' columns. PDF text wraps sentences at the page width ("…政府信息公开行政
复议 351" / "件，其中结果维持 72 件"), so prose lines that do not end a sentence are read
together with the next (``Chunk``), across empty lines and page numbers; the statistical
period may be wrapped the same way.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from checker.model import Dated, Location, NumberClaim, PartSum, Period, YearMention
from checker.normalize import CHINESE_NUMERAL_CHARS, chinese_number

UNITS = ("万元", "人次", "元", "条", "件", "个", "次", "篇", "期", "场", "名", "项", "人")
# At most 15 digits: a longer run is no count a report states (and must not become a huge number).
# A count in Chinese numerals ("十八件", normalize.chinese_number) is read before 件 only, and not after
# 第/每/逐 ("每一件"): elsewhere "一项""一次" are words, not counts.
_CLAIM = re.compile(r"(?<![\d.第])(\d{1,3}(?:,\d{3}){1,4}|\d{1,15})(?:\.(\d{1,6}))?\s*(" + "|".join(UNITS) + r")")
_NUMERAL_CLAIM = re.compile(r"(?<![第每逐" + CHINESE_NUMERAL_CHARS + r"])([" + CHINESE_NUMERAL_CHARS + r"]{1,8})件")
_NUMERAL_BEFORE_UNIT = re.compile("[" + CHINESE_NUMERAL_CHARS + "]件")  # a cheap test before the full search
_CLAUSE_CUT = re.compile(r"[,，;；:：。、!！?？()（）“”\"]|其中|\*\*")
_LIST_MARK = re.compile(r"^(?:\d{1,2}[.、]|\([一二三四五六七八九十\d]{1,2}\)|[一二三四五六七八九十]{1,2}[、是])+")
_SENTENCE_END = re.compile(r"[。！？!?]")
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_DASH_DATE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_YEAR = re.compile(r"(?<!\d)(\d{4})\s*年(?!\s*\d{1,2}\s*月)")
# Every unit ends with one of these characters: a line without any holds no claim (a cheap C-level prefilter).
_UNIT_END = re.compile("[" + "".join(sorted({re.escape(u[-1]) for u in UNITS})) + "]")
_ENDS = frozenset("。！？!?；;：:")  # a prose line ending with one of these ends its sentence
_PAGE_NUMBER = re.compile(r"^\s*[-—–－]\s*\d{1,3}\s*[-—–－]\s*$")
_SIGNATURE = re.compile(r"^\s*(?:(?:发布|印发|成文)?日期[:：]?\s*)?(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$")


def _date(y: str, m: str, d: str) -> date | None:
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        return None


def find_period(norm_lines: Sequence[str], lines: Sequence[str]) -> Period | None:
    """The 统计期限 sentence: the first line naming 统计 with two dates (else any 自…至… line).

    A line with the word and one date is read on with the next non-empty line: the period
    wrapped at the page width ("…统计期限自 2024 年 1 月 1 日" / "至 2024 年 12 月 31 日").
    """
    for want in ("统计", "至"):
        for i, line in enumerate(norm_lines):
            if want not in line:
                continue
            period = _period_in(Chunk.of_line(i + 1, line, lines[i]))
            if period is None and (want == "统计" or _DATE.search(line)):
                period = _period_in(_wrapped(norm_lines, lines, i))
            if period is not None:
                return period
    return None


def _period_in(chunk: Chunk) -> Period | None:
    dates = list(_DATE.finditer(chunk.norm))
    if len(dates) < 2:
        return None
    a, b = dates[0], dates[1]
    start, end = _date(*a.groups()), _date(*b.groups())
    if not (start and end):
        return None
    return Period(start, end, chunk.raw[a.start() : b.end()], chunk.loc(a.start(), b.end()))


def _wrapped(norm_lines: Sequence[str], lines: Sequence[str], i: int) -> Chunk:
    """Line ``i`` (0-based) and the next two non-empty lines, as one chunk (a sentence wrapped at the page width)."""
    parts = [(i + 1, norm_lines[i], lines[i])]
    for k in range(i + 1, min(i + 6, len(norm_lines))):
        if norm_lines[k].strip() and len(parts) < 3:
            parts.append((k + 1, norm_lines[k], lines[k]))
    return Chunk.join(parts)


def find_published(norm_lines: Sequence[str], lines: Sequence[str]) -> Dated | None:
    """The dated signature: a line holding only a date, among the last non-empty lines."""
    return _signature(norm_lines, lines)


def _signature(norm_lines: Sequence[str], lines: Sequence[str]) -> Dated | None:
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


@dataclass(frozen=True, slots=True)
class Chunk:
    """Prose lines read as one text (a sentence wrapped over line breaks), with the place of each offset."""

    norm: str
    raw: str
    lines: tuple[int, ...]  # the line numbers joined
    starts: tuple[int, ...]  # where each line begins in ``norm``

    @classmethod
    def of_line(cls, n: int, norm: str, raw: str) -> Chunk:
        return cls(norm, raw, (n,), (0,))

    @classmethod
    def join(cls, parts: Sequence[tuple[int, str, str]]) -> Chunk:
        starts, pos = [], 0
        for _, norm, _ in parts:
            starts.append(pos)
            pos += len(norm)
        return cls("".join(p[1] for p in parts), "".join(p[2] for p in parts), tuple(p[0] for p in parts), tuple(starts))

    def place(self, offset: int) -> tuple[int, int]:
        i = bisect_right(self.starts, offset) - 1
        return self.lines[i], offset - self.starts[i] + 1

    def loc(self, start: int, end: int) -> Location:
        if len(self.lines) == 1:  # the common case: one line
            return Location(self.lines[0], start + 1, self.lines[0], end + 1 if end > start else start + 1)
        line, column = self.place(start)
        end_line, end_column = self.place(max(end - 1, start))
        return Location(line, column, end_line, end_column + (end > start))


def prose_chunks(norm_lines: Sequence[str], lines: Sequence[str], prose: Iterable[int]) -> list[Chunk]:
    """The prose lines (1-based numbers) that may hold a claim, each joined with the next while its sentence goes on.

    A line is read on only when it is long enough to have been wrapped (a short line is a
    heading, a signature or a table's leftover) and does not end its sentence; only empty
    lines and page numbers may stand between it and the next.
    """
    out: list[Chunk] = []
    pending: list[int] = []  # a wrapped sentence's lines, while it goes on
    previous = 0
    for n in prose:
        line = norm_lines[n - 1]
        if len(line) < 16 and _PAGE_NUMBER.match(line):
            continue
        if pending:
            if n == previous + 1 or _only_gaps(norm_lines, previous, n):
                pending.append(n)
                previous = n
                if not _wrapped_at(line):
                    out.append(_joined(pending, norm_lines, lines))
                    pending = []
                continue
            out.append(_joined(pending, norm_lines, lines))
            pending = []
        previous = n
        if _wrapped_at(line):
            pending = [n]
        elif _UNIT_END.search(line):  # no unit, no claim: most lines build nothing
            out.append(Chunk.of_line(n, line, lines[n - 1]))
    if pending:
        out.append(_joined(pending, norm_lines, lines))
    return out


def _joined(parts: list[int], norm_lines: Sequence[str], lines: Sequence[str]) -> Chunk:
    if len(parts) == 1:
        return Chunk.of_line(parts[0], norm_lines[parts[0] - 1], lines[parts[0] - 1])
    return Chunk.join([(n, norm_lines[n - 1], lines[n - 1]) for n in parts])


def _wrapped_at(line: str) -> bool:
    """Whether a prose line stops mid-sentence at the page width: long, and not ending its sentence."""
    return len(line) >= 10 and line[-1] not in _ENDS and (line[-1] != " " or len(line.rstrip()) >= 10 and line.rstrip()[-1] not in _ENDS)


def _only_gaps(norm_lines: Sequence[str], a: int, b: int) -> bool:
    """Whether only empty lines and page numbers (at most three lines) stand between lines ``a`` and ``b``."""
    return b - a <= 4 and all(not norm_lines[k - 1].strip() or _PAGE_NUMBER.match(norm_lines[k - 1]) for k in range(a + 1, b))


def find_claims(chunks: Sequence[Chunk]) -> tuple[tuple[NumberClaim, ...], tuple[PartSum, ...]]:
    """Every "<words> N <unit>" of the prose, and the "其中" part sums among them."""
    claims: list[NumberClaim] = []
    sums: list[PartSum] = []
    for chunk in chunks:
        text = chunk.norm
        if not _UNIT_END.search(text):
            continue
        matches = list(_CLAIM.finditer(text))
        if _NUMERAL_BEFORE_UNIT.search(text):
            matches = sorted(matches + list(_NUMERAL_CLAIM.finditer(text)), key=lambda m: m.start())
        if not matches:
            continue
        cuts = [c.end() for c in _CLAUSE_CUT.finditer(text)]
        found = [(m, claim) for m in matches if (claim := _claim(m, chunk, cuts)) is not None]
        claims.extend(c for _, c in found)
        if "其中" in text:
            sums.extend(_part_sums(found, text))
    return tuple(claims), tuple(sums)


def _claim(m: re.Match, chunk: Chunk, cuts: list[int]) -> NumberClaim | None:
    """The claim of one match; None for a run of numeral characters that is no number ("一二件")."""
    if m.re is _NUMERAL_CLAIM:
        value = chinese_number(m.group(1))
        if value is None:
            return None
        number, unit, end = Decimal(value), "件", m.end(1)
    else:
        whole, frac, unit = m.groups()
        number, end = Decimal(whole.replace(",", "") + (f".{frac}" if frac else "")), m.end(2) if frac else m.end(1)
    i = bisect_right(cuts, m.start())
    clause = chunk.norm[cuts[i - 1] if i else 0 : m.start()]
    subject = _LIST_MARK.sub("", re.sub(r"\s+", "", clause).strip("*"))
    s, e = _sentence_span(chunk.norm, m.start())
    loc = chunk.loc(m.start(), end)
    return NumberClaim(subject, number, unit, chunk.raw[s:e].replace("\f", "").strip(), loc)


def _sentence_span(line: str, at: int) -> tuple[int, int]:
    start = 0
    for m in _SENTENCE_END.finditer(line, 0, at):
        start = m.end()
    end = _SENTENCE_END.search(line, at)
    return start, end.end() if end else len(line)


def _part_sums(found: list[tuple[re.Match, NumberClaim]], text: str) -> list[PartSum]:
    """"N 条，其中 A a 条、B b 条": the claim right before 其中 and the claims after it, up to the clause's end (；。)."""
    out = []
    for i, (m, total) in enumerate(found):
        s, e = _sentence_span(text, m.start())
        marker = text.find("其中", m.end(), e)
        if marker < 0 or _CLAIM.search(text, m.end(), marker):
            continue
        stop = min((x for x in (text.find("；", marker, e), text.find(";", marker, e)) if x >= 0), default=e)
        parts = tuple(c for n, c in found[i + 1 :] if marker < n.start() < stop)
        if parts:
            out.append(PartSum(total, parts))
    return out


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
