"""Benchmark the cross-report rules: a batch of ≥5,000 reports with and without them.

Not a test. Run: ``python3 bench/bench_cross.py [--count 5000] [--jobs 2] [--repeat 3] [--keep DIR]``,
or ``--count 300 --instructions`` for valgrind's instruction counts per report with and without them.
The reports are pairs (2023 and 2024) of one agency each: ``examples/clean-2023.txt`` and its
2024 edition (``tests/cross_reports.py``), under an agency named after a real county, one number
in three changed (``bench_check._vary``), so carry-over, t2-valid-carry and text-copied compare
real pairs, foreign_places knows each agency's region, and — every report sharing the template's
prose — every section lands in the same sketch buckets: the worst case of the look-alike index,
which then measures ``batchindex.CANDIDATES`` reports per section and no more. ``--distinct``
gives each report its own sections 一 and 五 instead (the common case: few look-alikes).

Each repeat runs ``reportlint check --format json -j N`` on the folder with the shipped rules and
with the cross-report rules ignored, alternately, and prints both wall times, their ratio (the
issue's target is ≤ 1.5×), the CPU times of the run and its workers and their ratio (less
disturbed by other loads on a shared machine), and the main process's peak RSS; the ranges over
the repeats at the end.

Where the cross rules' time goes (valgrind instruction counts per report, 100 reports, ``-j 1``, each
stage run alone; a report without them costs ~17–19 M): the snapshot and its packing in the phase-1
workers 0.8 M with the shared template (its sketches are remembered per text) and 1.9 M with own
prose (the sketch of two new sections is half of it); spooling the results 0.2 M; the index 0.1 M;
phase 2 2.5–3.7 M: unpacking ~0.7 M, copied-from-other ~1.5 M with the shared template (look-alikes,
their message and finding) and ~0.4 M without, carry-over, t2-valid-carry and text-copied 0.3–0.4 M
each; and in the main process the JSON of the findings (one per copied section: the rule names its
look-alikes in one finding). Instructions, not times, because the machine's load moves the times
of one run by up to 2× and the counts by under 1 %.
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import shutil
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from bench_check import _vary  # noqa: E402 - the bench folder is not a package
from bench_instructions import ROOT, instructions  # noqa: E402
from bench_stream import run_once  # noqa: E402
from cross_reports import AGENCY, CLEAN_2023, edition_2024  # noqa: E402

from checker.language.regions import regions  # noqa: E402

CROSS = "carry-over,t2-valid-carry,text-copied,copied-from-other,hierarchy-sum"


def generate(folder: Path, count: int, seed: int = 12, distinct: bool = False) -> None:
    """``count`` reports: pairs of years of ``count / 2`` agencies, each placed in a real county; with
    ``distinct``, sections 一 and 五 of each report are its own (clauses drawn at random)."""
    rng = random.Random(seed)
    counties = sorted(r.name for r in regions().by_code.values() if r.level == "county" and len(r.name) >= 3)
    editions = (CLEAN_2023, edition_2024())
    for i in range(count):
        k = i // 2
        agency = f"{counties[k % len(counties)]}第{k}市场监督管理局"
        # varied by k, not i: both years of a pair keep one agency's name (varied by i, every report was
        # its own agency, and carry-over, t2-valid-carry and text-copied had no previous year to compare)
        text = _vary(editions[i % 2].replace(AGENCY, agency), rng, k)
        if distinct:
            text = _own_prose(text, rng)
        sub = folder / f"d{k // 250:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"a{k:05d}-{2023 + i % 2}.txt").write_text(text, encoding="utf-8")


_CHARS = sorted({c for c in CLEAN_2023 if "\u4e00" <= c <= "\u9fff"})  # the template's Chinese characters
_BODIES = re.compile(r"(一、总体情况\n\n|五、存在的主要问题及改进情况\n\n)(.*?)(\n\n[二六]、)", re.S)


def _own_prose(text: str, rng: random.Random) -> str:
    """Sections 一 and 五 rewritten as eight clauses of the template's characters drawn at random: as
    unlike another report's as two agencies' own words (similarity a few per cent)."""
    def body(m: re.Match[str]) -> str:
        clauses = ("".join(rng.choices(_CHARS, k=rng.randint(8, 16))) for _ in range(8))
        return m.group(1) + "，".join(clauses) + "。" + m.group(3)

    return _BODIES.sub(body, text)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--distinct", action="store_true", help="each report's sections 一 and 五 its own")
    parser.add_argument("--keep", type=Path, help="generate into this folder (reused when it holds reports)")
    parser.add_argument("--instructions", action="store_true",
                        help="count instructions per report with valgrind (-j 1) instead of timing (try --count 300)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp) / "reports"
        if not (folder.is_dir() and any(folder.iterdir())):
            generate(folder, args.count, distinct=args.distinct)
        if args.instructions:
            _instructions(folder, Path(tmp) / "one")
            return
        run_once(["check", str(next(folder.rglob("*.txt")))])  # warm the rule cache
        walls, cpus, rss = [], [], []
        for n in range(args.repeat):
            base = ["check", "-j", str(args.jobs), "--format", "json"]
            without, cpu_without, main_without = _measured([*base, "--ignore", CROSS, str(folder)])
            with_cross, cpu_with, main_with = _measured([*base, str(folder)])
            walls.append(with_cross / without)
            cpus.append(cpu_with / cpu_without)
            rss.append(main_with / main_without)
            print(f"run {n + 1}: {args.count} reports -j {args.jobs}: without cross rules {without:6.1f} s "
                  f"(CPU {cpu_without:6.1f} s), with {with_cross:6.1f} s (CPU {cpu_with:6.1f} s) = "
                  f"{walls[-1]:.2f}× wall, {cpus[-1]:.2f}× CPU; peak RSS main "
                  f"{main_without / 1024:.0f} → {main_with / 1024:.0f} MiB ({rss[-1]:.2f}×)")
        print(f"with / without over {args.repeat} runs: wall {min(walls):.2f}–{max(walls):.2f}×, "
              f"CPU {min(cpus):.2f}–{max(cpus):.2f}×, main RSS {min(rss):.2f}–{max(rss):.2f}×")


def _instructions(folder: Path, one: Path) -> None:
    """Instructions per report of ``check --format json -j 1`` with and without the cross-report rules:
    the folder's run less a one-report run (the start-up), over the other reports."""
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (apt-get install valgrind)")
    files = sorted(folder.rglob("*.txt"))
    one.mkdir()
    shutil.copy(files[0], one / files[0].name)
    runs = [(f, extra) for extra in ([], ["--ignore", CROSS]) for f in (one, folder)]
    with ThreadPoolExecutor(2) as pool:
        on_one, on_all, off_one, off_all = pool.map(lambda r: instructions(ROOT, r[0], r[1]), runs)
    on, off = (on_all - on_one) / (len(files) - 1), (off_all - off_one) / (len(files) - 1)
    print(f"{len(files)} reports, -j 1: {on / 1e6:.2f} M instructions per report with the cross-report rules, "
          f"{off / 1e6:.2f} M without = {on / off:.3f}×")


def _measured(args: list[str]) -> tuple[float, float, int]:
    """(wall s, CPU s of the run and its workers, peak RSS KiB of the main process). The CPU time is
    what the machine's other loads disturb least: the wall time of a shared machine varies 2×."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    _, wall, _, main_kib, _ = run_once(args)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, main_kib


if __name__ == "__main__":
    main()
