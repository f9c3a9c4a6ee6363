"""Benchmark ``reportlint check``: throughput over ≥5,000 generated reports, and start-up on one file.

Not a test. Run: ``python3 bench/bench_check.py [--count 5000] [--keep DIR]``.
Reports are rendered by ``tests/strategies.py``'s ``render`` when it exists (four in
five), the rest copied from ``examples/`` with varied agencies and numbers (so some
have findings).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ("clean-2023.txt", "ganxian-xzspj-2023.txt", "faulty-2023.md")


def _templates() -> list[tuple[str, str]]:
    return [(name, (ROOT / "examples" / name).read_text(encoding="utf-8"))
            for name in EXAMPLES if (ROOT / "examples" / name).is_file()]


def _vary(text: str, rng: random.Random, i: int) -> str:
    """A copy with another agency name and, one time in three, one number changed."""
    text = text.replace("市场监督管理局", f"第{i}市场监督管理局", 2)
    if rng.random() < 1 / 3:
        numbers = list(re.finditer(r"(?<=\t)\d+(?=\t|$)", text, re.M))
        if numbers:
            m = rng.choice(numbers)
            text = text[: m.start()] + str(int(m.group()) + rng.randint(1, 9)) + text[m.end():]
    return text


def _renderer():
    """``tests/strategies.py``'s random consistent reports, when that module exists."""
    sys.path.insert(0, str(ROOT / "tests"))
    try:
        from strategies import SHAPES, random_noise, random_spec, render
    except ImportError:
        return None
    return lambda rng, i: render(random_spec(rng), SHAPES[i % len(SHAPES)], random_noise(rng))


def generate(folder: Path, count: int, seed: int = 5) -> None:
    """Four in five reports from the test renderer (if any), the rest varied copies of the examples."""
    rng = random.Random(seed)
    templates = _templates()
    renderer = _renderer()
    for i in range(count):
        name, text = templates[i % len(templates)]
        text = _vary(text, rng, i)
        if renderer is not None and i % 5:
            name, text = "generated.txt", renderer(rng, i)
        sub = folder / f"d{i // 500:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"r{i:05d}{Path(name).suffix}").write_text(text, encoding="utf-8")


def _run(args: list[str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "checker", *args], capture_output=True, text=True, cwd=ROOT)
    return time.perf_counter() - start, proc


def bench_batch(folder: Path, count: int, jobs: int) -> float:
    seconds, proc = _run(["check", "--format", "json", "-j", str(jobs), str(folder)])
    if proc.returncode not in (0, 1):
        raise SystemExit(f"exit {proc.returncode}: {proc.stderr[:2000]}")
    summary = json.loads(proc.stdout)["summary"]
    assert summary["files"] == count, summary
    print(f"-j {jobs}: {count} reports in {seconds:.2f} s = {count / seconds:,.0f} reports/s  {summary}")
    return seconds


def bench_startup(file: Path, repeat: int = 10) -> float:
    """Wall time of one ``reportlint check FILE`` (text output to a pipe), after one warm-up run.

    The warm-up fills the rule cache. With PYTHONDONTWRITEBYTECODE set every run also
    compiles each imported module from source, which an installed wheel never does.
    """
    _run(["check", str(file)])
    times = sorted(_run(["check", str(file)])[0] for _ in range(repeat))
    median = (times[(repeat - 1) // 2] + times[repeat // 2]) / 2
    note = "  (PYTHONDONTWRITEBYTECODE is set: no .pyc, slower than installed)" if sys.dont_write_bytecode else ""
    print(f"one file: best {times[0]:.3f} s, median {median:.3f} s (of {repeat}){note}")
    return median


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp) / "reports"
        start = time.perf_counter()
        generate(folder, args.count)
        print(f"generated {args.count} reports in {time.perf_counter() - start:.1f} s")
        bench_startup(next(folder.rglob("*.txt")))
        for jobs in (1, 2):
            bench_batch(folder, args.count, jobs)


if __name__ == "__main__":
    main()
