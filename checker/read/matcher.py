"""Which row of a table a label field names: wording, start of it, or the same words with other commas.

Labels may be split over lines, carry ordinals in either bracket width, be preceded by a
merged group label, or come with other punctuation ("逾期不补正, 行政机关…" for "逾期不补正、
行政机关…" in PDF-to-markdown text). PDF layout text also scatters pieces of merged labels
between the rows ("（六）其" … "他处理", the vertical "三、本年度办理结果" one character per
line): ``is_fragment`` knows those pieces, so they are never taken for cells.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from checker.normalize import label_key
from checker.read.layouts import TableLayout
from checker.read.sections import strip_ordinals

GROUP = "#group"
_SUFFIX_OPEN = ("(", ":", "（", "：", "[")
_PUNCT = str.maketrans("", "", ",.;:、，。；：()（）“”\"")


def bare(key: str) -> str:
    """A label key without punctuation, for joining pieces split at a comma and comparing commas."""
    return key.translate(_PUNCT)


@dataclass(frozen=True, eq=False)
class Matcher:
    """Which row (or group label) a label field names, for one table."""

    exact: dict[str, str]
    labels: tuple[tuple[str, str], ...]  # (full label key, target) for prefix matching
    groups: tuple[str, ...]
    bares: tuple[tuple[str, str], ...]  # (bare label key, target): the same, punctuation dropped
    pieces: frozenset[str]  # bare keys of the group labels, whose fragments stand between rows
    heads: frozenset[str]  # keys of the column labels

    @classmethod
    def of(cls, table: TableLayout) -> Matcher:
        exact: dict[str, str] = {}
        labels = []
        for row in table.rows:
            for text in (row.label, row.short, *row.aliases):
                key = strip_ordinals(label_key(text))
                exact.setdefault(key, row.id)
                labels.append((key, row.id))
        groups = tuple(sorted({strip_ordinals(label_key(r.group)) for r in table.rows if r.group}, key=len))
        for g in groups:
            exact[g] = GROUP  # a group label wins over a row's short name ("其他处理")
            labels.append((g, GROUP))
        bares = tuple((bare(k), t) for k, t in labels if bare(k))
        pieces = frozenset(bare(g) for g in groups) | {bare(label_key(r.group)) for r in table.rows if r.group}
        heads = frozenset(k for c in table.cols for k in c.match_keys())
        return cls(exact, tuple(labels), groups[::-1], bares, pieces, heads)

    @lru_cache(maxsize=16384)  # noqa: B019
    def core(self, key: str) -> str:
        """The key without ordinals and without a leading group label."""
        k = strip_ordinals(key)
        for g in self.groups:
            if k.startswith(g) and len(k) > len(g):
                return strip_ordinals(k[len(g) :])
        return k

    @lru_cache(maxsize=16384)  # noqa: B019 - matchers live as long as their layout
    def could_be(self, key: str, rid: str) -> bool:
        """Whether a label field may name ``rid``: its wording, or the start of it (≥ 4 chars)."""
        k = self.core(key)
        if not k or self.exact.get(k, rid) != rid:
            return False
        for full, target in self.labels:
            if target == rid and (
                k == full or (len(k) >= 4 and full.startswith(k)) or (k.startswith(full) and k[len(full)] in _SUFFIX_OPEN)
            ):
                return True
        b = bare(k)
        return len(b) >= 4 and any(t == rid and (b == f or f.startswith(b)) for f, t in self.bares)

    @lru_cache(maxsize=1024)  # noqa: B019
    def bare_labels(self, rid: str) -> tuple[str, ...]:
        """The wordings of row ``rid`` without punctuation, for joining label pieces below a label."""
        return tuple(bare(full) for full, target in self.labels if target == rid)

    @lru_cache(maxsize=16384)  # noqa: B019
    def classify(self, key: str) -> tuple[str | None, bool]:
        """(row id, GROUP or None; strong) — strong matches are long enough to stop a search."""
        k = self.core(key)
        if not k:
            return None, False
        hit = self.exact.get(k)
        if hit:
            return hit, len(k) >= 4
        best, score = None, 0
        for full, target in self.labels:
            if len(k) >= 4 and full.startswith(k) and len(k) > score:
                best, score = target, len(k)
            elif k.startswith(full) and k[len(full)] in _SUFFIX_OPEN and len(full) > score:
                best, score = target, len(full)
        if best is None and len(bare(k)) >= 4:
            b = bare(k)
            best = next((t for f, t in self.bares if f == b or f.startswith(b)), None)
            score = len(b) if best else 0
        return best, score >= 4

    @lru_cache(maxsize=4096)  # noqa: B019
    def is_label(self, key: str) -> bool:
        """A row, group or column label of the table (what a header line is made of)."""
        return key in self.heads or self.classify(key)[0] is not None

    @lru_cache(maxsize=4096)  # noqa: B019
    def is_fragment(self, key: str) -> bool:
        """A piece of a merged group label ("他处理", "予公开", "本"): text between rows, never a cell."""
        b = bare(strip_ordinals(key)) or bare(key)
        return bool(b) and len(b) <= 6 and any(b in p for p in self.pieces)
