"""How alike two texts are: character shingles, their Jaccard similarity, and sketches for an index.

The measure (docs/rule-language.md, "Cross-report references"): a text's whitespace is removed
and the text cut into overlapping runs of ``SHINGLE`` characters; the similarity of two texts is
the Jaccard index of their sets of runs, |A ∩ B| / |A ∪ B|, as a percentage. Chinese has no spaces
between words, so characters (not words) are the unit; three characters are long enough that
two unrelated reports share few runs and short enough that an edited number or name changes
only the runs around it.

Comparing every report with every other is quadratic in the batch, so reports are found by a
sketch first: one-permutation MinHash (each shingle's CRC-32, of its UTF-32 bytes, falls into one of ``BINS`` bins and
each bin keeps its least value), cut into bands of ``BAND`` bins. Two texts of similarity s share
a band with probability 1 − (1 − s^BAND)^(BINS/BAND): above 0.99999 at s = 0.9, about 0.64 at
s = 0.5 and 0.1 at s = 0.3. Candidates that share a band are then measured exactly.
"""

from __future__ import annotations

import zlib
from decimal import Decimal
from functools import lru_cache

SHINGLE = 3
BINS = 64
BAND = 4
_EMPTY = 0xFFFFFFFF  # a bin no shingle fell into
_TENTH = Decimal("0.1")
_ONE = Decimal(1)
_WHOLE = Decimal(100)


def shingles(text: str) -> frozenset[str]:
    """The set of ``SHINGLE``-character runs of ``text`` without its whitespace."""
    compact = _compact(text)
    if len(compact) < SHINGLE:
        return frozenset((compact,)) if compact else frozenset()
    return frozenset(compact[i:i + SHINGLE] for i in range(len(compact) - SHINGLE + 1))


def jaccard(a: frozenset[str], b: frozenset[str]) -> Decimal | None:
    """|a ∩ b| / |a ∪ b| as a percentage with one decimal, none when whole (None when both are empty)."""
    # a text measured against itself (``remembered`` gives an equal text's set back) shares all its runs
    shared = len(a) if a is b else len(a & b) if len(a) <= len(b) else len(b & a)
    union = len(a) + len(b) - shared
    if not union:
        return None
    pct = (Decimal(100 * shared) / Decimal(union)).quantize(_TENTH)
    return pct.quantize(_ONE) if pct == pct.to_integral_value() else pct


def similarity(x: str, y: str) -> Decimal | None:
    """The similarity of two texts (the module's measure), a percentage. Two texts equal but for their
    whitespace have the same runs, all shared: 100 %, known without cutting them (in a batch copied
    from one template the same text is compared with itself report after report)."""
    if x == y:
        return _WHOLE if x and not x.isspace() else None  # ``str.split``'s whitespace is ``isspace``'s
    compact = _compact(x)
    if compact == _compact(y):
        return _WHOLE if compact else None
    return jaccard(remembered(x), remembered(y))


def _compact(text: str) -> str:
    return "".join(text.split())


@lru_cache(maxsize=256)
def remembered(text: str) -> frozenset[str]:
    """``shingles``, kept for the few texts measured again (a report's section as itself, then as
    its next year's previous or another's look-alike): bounded, not the batch's."""
    return shingles(text)


@lru_cache(maxsize=64)
def bucket_keys(text: str, least: int) -> tuple[int, ...] | None:
    """The keys of the buckets a text falls in: its sketch's bands and, last, its digest; None when it has
    fewer than ``least`` runs. Remembered for the texts a process meets again (in a batch copied from one
    template, the same section in report after report)."""
    runs = coded_runs(text)
    if len(runs) < least:
        return None
    return (*bands(sketch(runs)), digest(text))


def coded_runs(text: str) -> frozenset[bytes]:
    """``shingles`` as the UTF-32 bytes of each run (four a character, so a run of three is twelve):
    one run for one run, so as many, and the CRC-32 of a sketch reads them as they are, without
    encoding each run on its own (a lone surrogate passes as its code unit)."""
    coded = _compact(text).encode("utf-32-le", "surrogatepass")
    width, last = 4 * SHINGLE, len(coded) - 4 * SHINGLE
    if last < 0:
        return frozenset((coded,)) if coded else frozenset()
    return frozenset(coded[i:i + width] for i in range(0, last + 1, 4))


def sketch(runs: frozenset[bytes]) -> tuple[int, ...]:
    """The one-permutation MinHash of a set of coded runs (``coded_runs``): ``BINS`` least hash values,
    one per bin."""
    bins = [_EMPTY] * BINS
    for h in map(zlib.crc32, runs):  # the CRC-32 of each run's bytes (a map: twice as fast as a loop's call)
        i = h % BINS
        if (v := h // BINS) < bins[i]:
            bins[i] = v
    return tuple(bins)


def bands(signature: tuple[int, ...]) -> tuple[int, ...]:
    """The keys of the sketch's bands (band number and its bins hashed together), for buckets."""
    return tuple(hash((i, signature[i:i + BAND])) for i in range(0, len(signature), BAND))


def digest(text: str) -> int:
    """A key of the text without its whitespace, the same in every process: a bucket of exact copies."""
    return zlib.crc32(_compact(text).encode("utf-8", "surrogatepass"))
