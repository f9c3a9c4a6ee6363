"""Reading throughput: decode + read_report over a generated corpus (not a test).

    python3 bench/bench_read.py [N]      # default 5000 reports, seed 2024

Reports are generated with the test renderer (tests/strategies.py) from a seeded
``random.Random``, in all four shapes with noise, a quarter of them as GB18030 bytes.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from strategies import SHAPES, random_noise, random_spec, render  # noqa: E402

from checker.read.decode import Decoded, decode_bytes  # noqa: E402
from checker.read.report import read_report  # noqa: E402


def corpus(n: int, seed: int = 2024) -> list[bytes]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        text = render(random_spec(rng), SHAPES[i % len(SHAPES)], random_noise(rng))
        out.append(text.encode("gb18030" if i % 4 == 3 else "utf-8"))
    return out


def main(argv: list[str]) -> int:
    n = int(argv[0]) if argv else 5000
    data = corpus(n)
    cells = 0
    start, cpu = time.perf_counter(), time.process_time()
    for i, raw in enumerate(data):
        decoded = decode_bytes(raw, f"r{i}.txt")
        assert isinstance(decoded, Decoded)
        report = read_report(decoded.text, f"r{i}.txt", decoded.encoding)
        cells += sum(len(t.cells) for t in report.tables.values())
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    size = sum(len(r) for r in data) / n
    print(f"{n} reports ({size:.0f} bytes avg), {cells} cells read in {elapsed:.2f} s wall, {cpu:.2f} s CPU")
    print(f"{n / elapsed:.0f} reports/s wall, {n / cpu:.0f} reports/s CPU (one core)")
    return 0 if cells == 200 * n else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
