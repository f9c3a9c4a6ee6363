"""Benchmark the reporters' memory: peak RSS while rendering many synthetic results, per format.

Not a test. Run: ``python3 bench/bench_reporters.py [--count 30000] [--formats text,json,csv]``.
Each measurement runs in a fresh process: results are generated lazily (each with 300
report lines of its own and three findings, like a real text report) and rendered to a
sink that only counts characters. The floor is the same stream iterated without a
reporter; "all kept" is the stream held in a list first (what a non-streaming reporter
pays). A streaming reporter stays near the floor whatever ``--count`` is.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checker.diagnostics import CellRef, Diagnostic, FileResult, Severity  # noqa: E402
from checker.model import Location  # noqa: E402
from checker.reporters import REPORTERS, RenderContext, get_reporter  # noqa: E402

AGENCIES = 300  # an office's agencies: the per-agency counts are the only thing that grows


class Sink:
    """A text stream that keeps nothing: how much was written, no more."""

    def __init__(self) -> None:
        self.chars = 0

    def write(self, text: str) -> int:
        self.chars += len(text)
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


def results(count: int) -> Iterator[FileResult]:
    for i in range(count):
        lines = tuple(f"第{i}份报告第{n}行\t{n}\t{i % 97}\t{n * 3}" for n in range(300))
        diags = tuple(
            Diagnostic(f"rule-{k}", Severity.ERROR if k == 0 else Severity.WARNING, f"第{i}份：合计 {i} ≠ {i + k}",
                       Location(10 * k + 5, 3, 10 * k + 5, 6), CellRef("t3", "r1", "total"),
                       {"expected": Decimal(i), "actual": Decimal(i + k)})
            for k in range(3) if (i + k) % 2)
        yield FileResult(f"区{i % 10}/报告{i}.txt", "checked", "2021", 2024, f"第{i % AGENCIES}局", diags, lines)


def peak_rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def measure(mode: str, count: int) -> None:
    """In this process: render (or only iterate, or keep all then render) and print peak RSS."""
    sink = Sink()
    ctx = RenderContext(color="never")
    if mode == "floor":
        for _ in results(count):
            pass
    elif mode.startswith("kept:"):
        get_reporter(mode[5:])(list(results(count)), sink, ctx)  # type: ignore[arg-type]
    else:
        get_reporter(mode)(results(count), sink, ctx)  # type: ignore[arg-type]
    print(peak_rss_kib(), sink.chars)


def run(mode: str, count: int) -> tuple[int, int]:
    out = subprocess.run([sys.executable, __file__, "--measure", mode, "--count", str(count)],
                         capture_output=True, text=True, check=True).stdout.split()
    return int(out[0]), int(out[1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=30000)
    parser.add_argument("--formats", default=",".join(REPORTERS))
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args.measure, args.count)
        return
    small = max(1, args.count // 10)
    print(f"peak RSS (MiB), {small:,} and {args.count:,} results; floor = the same stream, no reporter")
    for mode in ["floor", *args.formats.split(","), "kept:json"]:
        rss_small, _ = run(mode, small)
        rss_big, chars = run(mode, args.count)
        print(f"  {mode:<10} {rss_small / 1024:7.1f} {rss_big / 1024:7.1f}   output {chars / 2**20:8.1f} M chars")


if __name__ == "__main__":
    main()
