"""Benchmark the batch runner's streaming: first output byte, total time and peak memory.

Not a test. Run: ``python3 bench/bench_stream.py [--count 30000] [--jobs 2] [--keep DIR]``.
For each output format it runs ``reportlint check -j N --format F FOLDER`` on ``--count``
small generated reports (copies of the examples with varied agencies and numbers,
``bench_check.generate``) and prints:

* the time to the first byte on stdout and to the end, as ratios to the floor: the
  wall time of ``reportlint check`` on one of the files, measured in the same run;
* the peak resident memory of the main process and of the workers together (polled
  from /proc every 20 ms), as a ratio to the main process's peak on one file.

The format ``runner`` is not a reporter: it drives ``checker.app.batch.results`` over the
folder and prints one line per result as it comes: the runner alone, without any reporter.

A runner that streams writes its first byte a few floors after the start, whatever
the count, and its main process stays near the one-file floor; one that collects
every result first writes only at the end and grows with the count.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_check import generate  # noqa: E402 - the bench folder is not a package

ROOT = Path(__file__).resolve().parent.parent


def _rss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            return next((int(line.split()[1]) for line in fh if line.startswith("VmRSS:")), 0)
    except OSError:
        return 0


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as fh:
            return [int(p) for p in fh.read().split()]
    except OSError:
        return []


class Peak:
    """Polls the peak RSS of a process and of its children (summed) until stopped."""

    def __init__(self, pid: int) -> None:
        self.pid, self.main, self.workers = pid, 0, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)
        self._thread.start()

    def _poll(self) -> None:
        while not self._stop.is_set():
            self.main = max(self.main, _rss_kib(self.pid))
            self.workers = max(self.workers, sum(_rss_kib(c) for c in _children(self.pid)))
            time.sleep(0.02)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


RUNNER = """
import sys
from checker.app.batch import results
from checker.app.check import Job, default_ruleset
from checker.app.walk import walk
fmt, jobs, *paths = sys.argv[1:]
job = Job(default_ruleset(), keep_lines=fmt == "text")
for r in results(walk(paths, print), job, int(jobs)):
    sys.stdout.write(f"{r.path} {r.status} {len(r.diagnostics)}\\n")
"""


def _command(args: list[str]) -> list[str]:
    """``reportlint ARGS``, or the runner script for ``--format runner``."""
    if "runner" not in args:
        return [sys.executable, "-m", "checker", *args]
    jobs = args[args.index("-j") + 1] if "-j" in args else "1"
    return [sys.executable, "-c", RUNNER, "runner", jobs, args[-1]]


def run_once(args: list[str]) -> tuple[float, float, int, int, int]:
    """(first byte s, total s, bytes out, peak main KiB, peak workers KiB) of one check."""
    start = time.perf_counter()
    proc = subprocess.Popen(_command(args), stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, cwd=ROOT)
    peak = Peak(proc.pid)
    assert proc.stdout is not None
    first = proc.stdout.read(1)
    first_at = time.perf_counter() - start
    size = len(first) + sum(len(chunk) for chunk in iter(lambda: proc.stdout.read(1 << 16), b""))
    proc.wait()
    total = time.perf_counter() - start
    peak.stop()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"exit {proc.returncode} for {args}")
    return first_at, total, size, peak.main, peak.workers


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=30000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--formats", nargs="+", default=["runner", "text", "json"])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="generate into this folder (reused when it holds reports)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp) / "reports"
        if not (folder.is_dir() and any(folder.iterdir())):
            generate(folder, args.count)
        one = str(next(folder.rglob("*.txt")))
        run_once(["check", one])  # warm the rule cache
        for fmt in args.formats:
            floor_s, floor_kib = _floor("text" if fmt == "runner" else fmt, one)
            for _ in range(args.repeat):
                first, total, size, main_kib, workers_kib = run_once(
                    ["check", "-j", str(args.jobs), "--format", fmt, str(folder)])
                print(f"{fmt:5} -j {args.jobs} {args.count} files: first byte {first:6.2f} s "
                      f"({first / floor_s:5.1f}× one-file), end {total:6.1f} s ({total / floor_s:6.1f}×), "
                      f"{size / 1e6:6.1f} MB out; peak RSS main {main_kib / 1024:6.1f} MiB "
                      f"({main_kib / floor_kib:4.1f}× one-file {floor_kib / 1024:.1f} MiB), "
                      f"workers {workers_kib / 1024:6.1f} MiB; floor {floor_s:.2f} s")


def _floor(fmt: str, one: str) -> tuple[float, int]:
    """The one-file floor: best wall time and smallest peak RSS (KiB) of three runs."""
    runs = [run_once(["check", "--format", fmt, one]) for _ in range(3)]
    return min(r[1] for r in runs), min(r[3] for r in runs)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
