"""Reading throughput: decode + read_report over a generated corpus (not a test).

    python3 bench/bench_read.py [N] [--real]     # default 5000 reports, seed 2024
    python3 bench/bench_read.py --glued          # the split search on its worst inputs

Reports are generated with the test renderer (tests/strategies.py) from a seeded
``random.Random``, in all four clean shapes with noise, a quarter of them as GB18030 bytes;
``--real`` renders them instead as published text comes (tests/text_shapes.py: flattened web
pages with glued digits, ``pdftotext -layout``, PDF-to-markdown). Speed is also given as a
ratio to a floor measured in the same run (fold, split and strip every line of the same
texts), because the machine is shared: compare ratios, not reports per second.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from strategies import SHAPES, random_noise, random_spec, render  # noqa: E402
from text_shapes import flattened, layout, pdf_markdown  # noqa: E402

from checker.normalize import fold  # noqa: E402
from checker.read.decode import Decoded, decode_bytes  # noqa: E402
from checker.read.glued import Group, split_digits  # noqa: E402
from checker.read.report import read_report  # noqa: E402

REAL = (flattened, layout, pdf_markdown)


def corpus(n: int, seed: int = 2024, real: bool = False) -> list[bytes]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        spec = random_spec(rng)
        text = REAL[i % 3](spec, i) if real else render(spec, SHAPES[i % len(SHAPES)], random_noise(rng))
        out.append(text.encode("gb18030" if i % 4 == 3 else "utf-8"))
    return out


def floor(texts: list[str]) -> float:
    """CPU seconds for the least any reader does: fold, split and strip every line."""
    start = time.process_time()
    n = 0
    for text in texts:
        for line in fold(text).split("\n"):
            n += len(line.strip().split("\t"))
    return time.process_time() - start


def glued() -> int:
    """The split search's cost per run: typical glued rows, and random digits that no table prints."""
    rng = random.Random(2024)
    cases = {
        "a 表三 row (7 cells, its identity), as generated": [
            "".join(map(str, parts)) + str(sum(parts))
            for parts in ([rng.randint(0, 10 ** rng.randint(0, 3)) for _ in range(6)] for _ in range(500))],
        "30 random digits as a 表三 row": ["".join(rng.choice("123456789") for _ in range(30)) for _ in range(100)],
        "30 random digits as 表四 (3 × 5 cells)": ["".join(rng.choice("123456789") for _ in range(30)) for _ in range(100)],
        "400 ones as a 表三 row": ["1" * 400],
    }
    for name, runs in cases.items():
        groups = [Group(5, True)] * 3 if "表四" in name else [Group(7, True)]
        times, bounded = [], 0
        for digits in runs:
            start = time.process_time()
            bounded += split_digits(digits, [], groups).bounded
            times.append(time.process_time() - start)
        print(f"{name}: mean {sum(times) / len(times) * 1000:.2f} ms, worst {max(times) * 1000:.1f} ms, "
              f"{bounded} of {len(runs)} stopped at the budget")
    return 0


def main(argv: list[str]) -> int:
    if "--glued" in argv:
        return glued()
    real = "--real" in argv
    args = [a for a in argv if a != "--real"]
    n = int(args[0]) if args else 5000
    data = corpus(n, real=real)
    cells = 0
    start, cpu = time.perf_counter(), time.process_time()
    texts = []
    for i, raw in enumerate(data):
        decoded = decode_bytes(raw, f"r{i}.txt")
        assert isinstance(decoded, Decoded)
        texts.append(decoded.text)
        report = read_report(decoded.text, f"r{i}.txt", decoded.encoding)
        cells += sum(len(t.cells) for t in report.tables.values())
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    size = sum(len(r) for r in data) / n
    low = min(floor(texts) for _ in range(3))
    print(f"{n} {'real-shaped' if real else 'clean-shaped'} reports ({size:.0f} bytes avg), {cells} cells read "
          f"in {elapsed:.2f} s wall, {cpu:.2f} s CPU")
    print(f"{n / elapsed:.0f} reports/s wall, {n / cpu:.0f} reports/s CPU (one core); {cpu / low:.1f} × the floor")
    return 0 if cells == 200 * n else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
