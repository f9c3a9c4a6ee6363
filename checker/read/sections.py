"""Top-level headings, the six sections and the title, found on the folded lines.

A heading is a short line "N、…" with a Chinese ordinal. Table 三 has row labels of
the same shape ("三、本年度办理结果", "四、结转下年度继续办理"), and one-cell-per-line
copies put them on lines of their own, so a line whose wording is (the start of) a
table row or group label is never a heading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from checker.model import Heading, Location, Section, Title
from checker.normalize import label_key
from checker.read.fields import ById, key_of
from checker.read.inline import find_inline, near
from checker.read.layouts import Layout
from checker.read.runs import Span

CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_CN_NAMES = "零一二三四五六七八九十"

_HEADING = re.compile(
    r"^(?P<lead>\s*(?:#{1,6}\s*)?(?:\*\*)?\s*)(?P<ord>[一二三四五六七八九十]{1,3})\s*[、.]\s*(?P<rest>.*?)\s*(?:\*\*)?\s*$"
)
_ORDINAL_KEY = re.compile(r"^(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|\(?\d{1,2}[.、)])+")
_CN_ORDINAL = re.compile(r"^\s*[一二三四五六七八九十]{1,3}、")
_TITLE_YEAR = re.compile(r"(\d{4})年")
_MD_LEAD = re.compile(r"^\s*(?:#{1,6}\s*)?(?:\*\*)?(?:(?:标题|题目|文章标题)\s*[:：]\s*)?")  # markdown; a crawler's "标题:"
_LABEL = re.compile(r"^(?:标题|题目|文章标题):")


@dataclass(frozen=True, slots=True)
class HeadingHit:
    """A heading with the key of its wording (ordinal dropped), for matching."""

    heading: Heading
    key: str
    inline: bool = False  # inside running text: the body starts right after it, on its line


@dataclass(frozen=True, slots=True)
class Sections:
    """The sections found, and where each one's body is (a span: inline sections share lines)."""

    sections: tuple[Section, ...]
    bodies: dict[str, Span]


def cn_number(text: str) -> int | None:
    """一 … 九十九 → int; None when it is not a Chinese ordinal."""
    if not text or any(c not in CN_DIGITS for c in text):
        return None
    if len(text) == 1:
        return CN_DIGITS[text]
    tens, _, units = text.partition("十")
    if "十" not in text or len(text) > 3:
        return None
    return (CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (CN_DIGITS[units] if units else 0)


def cn_name(number: int) -> str:
    if number <= 10:
        return _CN_NAMES[number]
    tens, units = divmod(number, 10)
    return (_CN_NAMES[tens] if tens > 1 else "") + "十" + (_CN_NAMES[units] if units else "")


def strip_ordinals(key: str) -> str:
    """Drop leading ordinals such as "三、", "(一)", "1." from a label key."""
    return _ORDINAL_KEY.sub("", key)


def table_label_keys(layout: Layout) -> tuple[str, ...]:
    """Keys (ordinal dropped) of the table labels written like headings ("三、本年度办理结果")."""
    return _table_label_keys(ById(layout))


@lru_cache(maxsize=8)
def _table_label_keys(key: ById) -> tuple[str, ...]:
    layout: Layout = key.obj  # type: ignore[assignment]
    keys: set[str] = set()
    for table in layout.tables:
        for row in table.rows:
            labels = (row.label, *row.aliases, row.group)
            keys.update(strip_ordinals(label_key(t)) for t in labels if _CN_ORDINAL.match(t))
    return tuple(sorted(k for k in keys if len(k) >= 2))


def find_headings(norm_lines: tuple[str, ...], layout: Layout) -> tuple[HeadingHit, ...]:
    """Every top-level "N、…" heading line, except table row labels that look like one."""
    key = ById(layout)
    hits = []
    for index, line in enumerate(norm_lines):
        if line.lstrip("# *")[:1] not in CN_DIGITS:  # most lines: skip the call (``_heading`` checks it too)
            continue
        hit = _heading_at_1(line, key)
        if hit:
            h = hit.heading
            loc = Location.point(index + 1, h.loc.column, h.loc.end_column - h.loc.column)
            hits.append(HeadingHit(Heading(h.ordinal, h.text, loc), hit.key))
    inline = find_inline(norm_lines, layout, {h.heading.loc.line for h in hits})
    if inline:
        hits.extend(HeadingHit(h, key, True) for h, key in inline)
        hits.sort(key=lambda h: (h.heading.loc.line, h.heading.loc.column))
    return tuple(hits)


@lru_cache(maxsize=4096)
def _heading_at_1(line: str, key: ById) -> HeadingHit | None:
    """``_heading`` of a line as if it were line 1, memoised: headings and row labels recur in every report."""
    layout: Layout = key.obj  # type: ignore[assignment]
    section_keys = {label for _, _, label, _ in _section_keys(layout)}
    return _heading(1, line, table_label_keys(layout), section_keys)


def _heading(lineno: int, line: str, row_keys: tuple[str, ...], section_keys: set[str]) -> HeadingHit | None:
    if "\t" in line or "|" in line or len(line) > 60 or line.lstrip("# *")[:1] not in CN_DIGITS:
        return None
    m = _HEADING.match(line)
    if not m or not m.group("rest"):
        return None
    rest = m.group("rest")
    if "。" in rest.rstrip("。") or "  " in rest:
        return None
    ordinal = cn_number(m.group("ord"))
    key = label_key(rest)
    if ordinal is None or not key:
        return None
    if key not in section_keys and any(k.startswith(key) or key.startswith(k) for k in row_keys):
        return None  # a table row label ("四、结转下年度继续办理", also with its digits glued on)
    start = len(m.group("lead"))
    loc = Location.point(lineno, start + 1, m.end("rest") - start)
    text = line[start : m.end("rest")]
    return HeadingHit(Heading(ordinal, text, loc), key)


def match_sections(hits: tuple[HeadingHit, ...], lines: tuple[str, ...], layout: Layout) -> Sections:
    """The six sections: headings whose wording is a section's label or a known variant."""
    matched: list[tuple[HeadingHit, str, str, bool]] = []
    seen: set[str] = set()
    for hit in hits:
        found = _match_section(hit.key, layout)
        if found and found[0] not in seen:
            seen.add(found[0])
            matched.append((hit, *found))
    boundaries = {(h.heading.loc.line, h.heading.loc.column) for h, *_ in matched}
    sections, bodies = [], {}
    for hit, key, canonical, variant in matched:
        body = _body(hit, _boundary(hit, hits, boundaries), lines)
        h = hit.heading
        raw = lines[h.loc.line - 1][h.loc.column - 1 : h.loc.end_column - 1]
        text = _text(body, lines)
        start, end = (body.line, body.end_line) if hit.inline else (h.loc.line + 1, max(body.end_line, h.loc.line))
        sections.append(Section(h.ordinal, key, raw, canonical, variant, h.loc, start, end, text))
        bodies[key] = body
    return Sections(tuple(sections), bodies)


def _boundary(hit: HeadingHit, hits: tuple[HeadingHit, ...], sections: set[tuple[int, int]]) -> HeadingHit | None:
    """The heading that ends a section: the next section heading, or the next with a higher ordinal (七、…)."""
    here = (hit.heading.loc.line, hit.heading.loc.column)
    for other in hits:
        there = (other.heading.loc.line, other.heading.loc.column)
        if there > here and (there in sections or other.heading.ordinal > hit.heading.ordinal):
            return other
    return None


def _body(hit: HeadingHit, boundary: HeadingHit | None, lines: tuple[str, ...]) -> Span:
    """The span of a section's body: after its heading (on its line when inline) up to the boundary.

    A body that ends at a line-start heading loses its trailing empty lines, as a reader sees it.
    """
    h = hit.heading.loc
    line, column = (h.line, h.end_column) if hit.inline else (h.line + 1, 1)
    if boundary is not None and boundary.inline:
        b = boundary.heading.loc
        return Span(line, column, b.line, b.column)
    end = boundary.heading.loc.line - 1 if boundary is not None else len(lines)
    while end >= line and not lines[end - 1].strip():
        end -= 1
    if end < line:
        return Span(line, column, line - 1, 1)  # empty
    return Span(line, column, end, len(lines[end - 1]) + 1)


def _text(body: Span, lines: tuple[str, ...]) -> str:
    """The raw text of a body span (inline bodies without the spaces around them)."""
    if body.end_line < body.line:
        return ""
    last = len(lines[body.end_line - 1])
    if body.column == 1 and body.end_column > last:
        return "\n".join(lines[body.line - 1 : body.end_line])  # whole lines: the common case
    parts = []
    for n in range(body.line, body.end_line + 1):
        a = body.column - 1 if n == body.line else 0
        b = body.end_column - 1 if n == body.end_line else len(lines[n - 1])
        parts.append(lines[n - 1][a:b])
    return "\n".join(parts).strip()


def _section_keys(layout: Layout) -> tuple[tuple[str, str, str, frozenset[str]], ...]:
    """(section key, canonical heading, label key, alias keys) per section of the layout."""
    return _section_keys_of(ById(layout))


@lru_cache(maxsize=8)
def _section_keys_of(key: ById) -> tuple[tuple[str, str, str, frozenset[str]], ...]:
    layout: Layout = key.obj  # type: ignore[assignment]
    return tuple(
        (s.key, f"{cn_name(s.number)}、{s.label}", label_key(s.label), frozenset(label_key(a) for a in s.aliases))
        for s in layout.sections
    )


def _match_section(key: str, layout: Layout) -> tuple[str, str, bool] | None:
    sections = _section_keys(layout)
    for skey, canonical, label, aliases in sections:
        if key == label:
            return skey, canonical, False
        if key in aliases:
            return skey, canonical, True
    for skey, canonical, label, _ in sections:
        if len(key) >= 4 and (label in key or key in label):
            return skey, canonical, True
    for skey, canonical, label, aliases in sections:
        if any(near(key, w) for w in (label, *aliases)):
            return skey, canonical, True  # a slip in the wording ("行政法复议"): the section, as a variant
    return None


def find_title(norm_lines: tuple[str, ...], lines: tuple[str, ...], before: int) -> Title | None:
    """The title: an early line naming a 政府信息公开 … 报告, with agency and year."""
    limit = min(before - 1, len(norm_lines)) if before else min(15, len(norm_lines))
    for index in range(limit):
        key = key_of(norm_lines[index])  # memoised label_key: the title's lines recur
        if "报告" in key and ("政府信息公开" in key or "年度报告" in key):
            return _title(index, norm_lines, lines, key)
    return None


def _title(index: int, norm_lines: tuple[str, ...], lines: tuple[str, ...], key: str) -> Title:
    key = _LABEL.sub("", key.lstrip("#"))
    m = _TITLE_YEAR.search(key)
    year = int(m.group(1)) if m and 1990 <= int(m.group(1)) <= 2100 else None
    cut = m.start() if m else key.find("政府信息公开")
    agency = key[: max(cut, 0)]
    if not agency and index > 0 and norm_lines[index - 1].strip():
        agency = label_key(norm_lines[index - 1]).lstrip("#")
    line = lines[index]
    lead = len(_MD_LEAD.match(norm_lines[index]).group(0))
    text = line[lead:].rstrip().rstrip("*").rstrip()
    return Title(text, agency, year, Location.point(index + 1, lead + 1, len(text)))
