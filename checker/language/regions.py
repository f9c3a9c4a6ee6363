"""China's provinces, cities and counties by name, for finding another region's place names in a report.

The list is ``checker/data/regions.csv`` (adcode, name, parent), derived from the cpca package's
``adcodes.csv`` (MIT; checker/data/regions.LICENSE.txt). Only full names are looked for
("沭阳县", not "沭阳"), and generic names that many counties share ("城区", "矿区", "市辖区") never,
so a mention is a name, not a word that happens to look like one.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache

from checker.resources import regions_path

#: Names that are placeholders of the code list or shared by many regions: never a place mention.
GENERIC = frozenset({"市辖区", "县", "城区", "矿区", "郊区", "省直辖县级行政区划", "自治区直辖县级行政区划", "新区"})


@dataclass(frozen=True, slots=True)
class Region:
    code: str  # 6-digit adcode
    name: str
    parent: str  # the parent's adcode, "" for a province

    @property
    def province(self) -> str:
        return self.code[:2] + "0000"

    @property
    def level(self) -> str:
        """"province" | "city" | "county"."""
        if self.code.endswith("0000"):
            return "province"
        return "city" if self.code.endswith("00") else "county"


@dataclass(frozen=True, slots=True)
class Regions:
    by_code: dict[str, Region]
    by_name: dict[str, tuple[Region, ...]]
    lengths: tuple[int, ...]  # the lengths of the names, longest first
    ends: re.Pattern[str]  # the last characters of the names

    def name(self, code: str) -> str:
        region = self.by_code.get(code)
        return region.name if region else ""

    def found_in(self, text: str) -> list[tuple[int, str]]:
        """(offset, name) of every region name in ``text``, not overlapping, the longest at each end.

        Every name ends in one of a few characters (县 区 市 旗 州 省 …): only the places of
        those are tried, so a text is read once, however many names the list has.
        """
        out: list[tuple[int, str]] = []
        after = 0  # where the last name found ends
        for m in self.ends.finditer(text):
            end = m.end()
            for k in self.lengths:
                start = end - k
                if start >= after and text[start:end] in self.by_name:
                    out.append((start, text[start:end]))
                    after = end
                    break
        return out

    def of_agency(self, agency: str) -> Region | None:
        """The region an agency's name places it in: the most local region named in it ("宿迁市沭阳县…" → 沭阳县)."""
        best: Region | None = None
        for _, name in self.found_in(agency):
            candidates = self.by_name[name]
            if best is not None:  # a name under the region already found ("宿迁市" then "沭阳县")
                candidates = tuple(r for r in candidates if r.parent == best.code or r.province == best.province) \
                    or candidates
            if len(candidates) == 1 or best is not None:
                best = candidates[0]
        return best


@lru_cache(maxsize=1)
def regions() -> Regions:
    """The list, read once per process."""
    by_code: dict[str, Region] = {}
    with regions_path().open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            by_code[row["adcode"]] = Region(row["adcode"], row["name"], row["parent"])
    by_name: dict[str, list[Region]] = {}
    for region in by_code.values():
        if region.name not in GENERIC and len(region.name) >= 2:
            by_name.setdefault(region.name, []).append(region)
    lengths = tuple(sorted({len(k) for k in by_name}, reverse=True))
    ends = re.compile("[" + re.escape("".join(sorted({k[-1] for k in by_name}))) + "]")
    return Regions(by_code, {k: tuple(v) for k, v in by_name.items()}, lengths, ends)
