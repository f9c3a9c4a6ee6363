"""The batch as the context of each report: last year's report, the children's, and look-alikes.

Built once in phase 2 from the members of the batch (``engine.cross``): reports by agency and
year, agencies by parent, and the buckets of the section sketches' bands. Each lookup is a
dictionary read or one bucket walk of bounded length, so checking the cross-report rules of a
batch grows with the batch, not with its square: ``lookalikes`` takes at most ``BUCKET`` members
of each bucket it shares and measures at most ``CANDIDATES`` of them exactly
(``language.similarity``), those that share the most bands first. When many reports share one
text, a report is told of a few of them, not of all.
"""

from __future__ import annotations

from collections import Counter, OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import chain
from operator import itemgetter
from typing import Any

from checker.engine.cross import Member, Packed, pack
from checker.language.regions import regions
from checker.language.similarity import similarity
from checker.model import Location, Report, Section

CANDIDATES = 8  # reports measured exactly per lookup, at most
BUCKET = 24  # members of one bucket taken as candidates, at most (so a lookup is bounded, whatever the batch)
SHOWN = 3  # look-alikes given per section, at most


@dataclass(frozen=True, slots=True)
class Lookalike:
    """Another agency's report whose same section is nearly this one's."""

    agency: str
    path: str
    year: int | None
    similarity: Decimal  # percent


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A county or city of another province named in a section: ``where`` it is, and the agency's ``home``."""

    name: str
    where: str
    home: str
    loc: Location


class Shelf(Sequence[Member]):
    """The members of a batch kept packed (``cross.Packed``: 3–3.5 KB each, a fraction of the objects'
    size), unpacked when read; the last ``KEPT`` read stay unpacked (a report is read as itself,
    then as its neighbours' previous year or child, or as a look-alike of many)."""

    KEPT = 128

    def __init__(self, members: Iterable[Member | Packed] = ()) -> None:
        self.heads: list[Packed] = []
        self._recent: OrderedDict[int, Member] = OrderedDict()
        for m in members:
            self.append(m)

    def append(self, member: Member | Packed) -> None:
        self.heads.append(member if isinstance(member, Packed) else pack(member))

    def __len__(self) -> int:
        return len(self.heads)

    def __getitem__(self, i: int) -> Member:  # type: ignore[override]  # by index only
        hit = self._recent.get(i)
        if hit is None:
            hit = self._recent[i] = self.heads[i].unpack()
            if len(self._recent) > self.KEPT:
                self._recent.popitem(last=False)
        else:
            self._recent.move_to_end(i)
        return hit


class BatchIndex:
    """The members of one batch, indexed by agency and year, by parent, and by sketch bands."""

    def __init__(self, members: Shelf | Sequence[Member]) -> None:
        self.members = members if isinstance(members, Shelf) else Shelf(members)
        self.by_key: dict[tuple[str, int | None], int] = {}
        self.children: dict[str, list[int]] = {}
        self.buckets: dict[int, int | list[int]] = {}  # hash of (section key, band) → member(s)
        for i, m in enumerate(self.members.heads):  # the heads: nothing is unpacked to index the batch
            self.by_key.setdefault((m.key, m.year), i)
            if m.parent:
                self.children.setdefault(m.parent, []).append(i)
            for key, keys in m.sketches:
                for band in keys:
                    self._add(hash((key, band)), i)

    def _add(self, bucket: int, i: int) -> None:
        """A bucket of one member is the member's index (most are), of more a list."""
        held = self.buckets.get(bucket)
        if held is None:
            self.buckets[bucket] = i
        elif isinstance(held, int):
            self.buckets[bucket] = [held, i]
        else:
            held.append(i)

    def neighbours(self, i: int) -> Neighbours:
        """The context of member ``i``: what ``previous``, ``children`` and the batch functions see."""
        m = self.members.heads[i]
        prev = self.by_key.get((m.key, m.year - 1)) if m.year is not None else None
        kids = tuple(self.members[j].report for j in self.children.get(m.key, ())
                     if self.members.heads[j].year == m.year)
        return Neighbours(self, i, self.members[prev].report if prev is not None else None, kids)

    def lookalikes(self, i: int, section: Section, threshold: Decimal, charge: Any) -> tuple[Lookalike, ...]:
        """Members of other agencies whose section ``section.key`` is at least ``threshold`` % like member i's."""
        me = self.members.heads[i]
        mine = dict(me.sketches).get(section.key)
        if mine is None:
            return ()
        key, get = section.key, self.buckets.get
        held = [h for band in mine if (h := get(hash((key, band)))) is not None and h != i]  # a list, or another's index
        if not held:  # the common case: each band's bucket holds this member alone
            return ()
        # a bucket of many is boilerplate many share: its first BUCKET are enough (one count, in C)
        shared = Counter(chain.from_iterable((h,) if type(h) is int else h[:BUCKET + 1] for h in held))
        shared.pop(i, None)  # itself: the others keep their counts and their order (ties: the first met first)
        found = []
        for j, _ in sorted(shared.items(), key=itemgetter(1), reverse=True)[:CANDIDATES]:  # ``most_common``, in C
            if self.members.heads[j].key == me.key:  # the same agency (its other year): not unpacked
                continue
            other = self.members[j]
            theirs = other.report.section(key)
            if theirs is None:
                continue
            charge(1 + len(theirs.text) // 1024)
            pct = similarity(section.text, theirs.text)
            if pct is not None and pct >= threshold:
                found.append(Lookalike(other.identity.agency, other.report.path, other.year, pct))
        found.sort(key=lambda x: (-x.similarity, x.path))
        return tuple(found[:SHOWN])


@dataclass(frozen=True, slots=True)
class Neighbours:
    """One report's context in its batch (``Facts.batch``): its previous year's report and its children's."""

    index: BatchIndex
    member: int
    previous: Report | None
    children: tuple[Report, ...]

    @property
    def agency(self) -> str:
        return self.index.members.heads[self.member].agency

    def lookalikes(self, ctx: Any, section: Section, threshold: Decimal) -> tuple[Lookalike, ...]:
        return self.index.lookalikes(self.member, section, threshold, ctx.charge)

    def foreign_places(self, section: Section) -> tuple[PlaceMention, ...] | None:
        """Counties and cities named in the section that lie in another province than the agency's
        (a name that also names a region of the agency's own province is not counted); None when
        the agency's region is not known."""
        code = self.index.members[self.member].identity.region
        if code is None:
            return None
        names = regions()
        home = names.by_code[code]
        out = []
        for offset, name in names.found_in(section.text):
            places = names.by_name[name]
            if any(p.province == home.province for p in places):
                continue
            far = [p for p in places if p.level != "province"]
            if not far:
                continue
            out.append(PlaceMention(name, _full_name(far[0]), names.name(home.province) or home.name,
                                    _location(section, offset, len(name))))
        return tuple(out)


def _full_name(region: Any) -> str:
    """"浙江省湖州市安吉县": the region with its parents."""
    names = regions()
    parts = [region.name]
    code = region.parent
    while code:
        parent = names.by_code.get(code)
        if parent is None:
            break
        if parent.name not in ("市辖区", "县"):
            parts.append(parent.name)
        code = parent.parent
    return "".join(reversed(parts))


def single(member: Member) -> Neighbours:
    """The context of a report checked alone: a batch of one."""
    return BatchIndex([member]).neighbours(0)


def _location(section: Section, offset: int, width: int) -> Location:
    before = section.text[:offset]
    line = section.start_line + before.count("\n")
    column = offset - (before.rfind("\n") + 1) + 1
    return Location.point(line, column, width)
