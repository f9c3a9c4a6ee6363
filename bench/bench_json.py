"""Benchmark the JSON reporter's writer: ``jsontext.indented`` against the stdlib's ``indent=2`` text.

Not a test. Run: ``python3 bench/bench_json.py [--count 300] [--repeat 5] [--keep DIR]``.
The folder is ``bench_cross.generate``'s (pairs of years, every report sharing the template's
prose, so each carries two long copied-from-other findings: the heaviest file dicts a batch
writes). Its ``check --format json -j 1`` output is parsed, and each of its ``files`` rendered
as ``json_out.render`` renders it (``nested(file, 2)``): by the stdlib (what the reporter did),
by ``indented``, and, as the floor, by the C encoder without indent (``json.dumps(file)``, not
the contract's text). Each repeat times the three in turn; the figures are µs per report, min
over the repeats, and the stdlib / indented ratio of each repeat, as a range.

Then the whole ``check --format json -j 1`` of the folder, alternately with the stdlib writing
every file (``json_out.nested`` replaced in the child) and as shipped: wall and CPU time per
run, as ranges, and whether the two outputs are the same bytes.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))
from bench_cross import generate  # noqa: E402 - the bench folder is not a package

from checker.reporters.jsontext import indented, stdlib_text  # noqa: E402

#: ``python -m checker`` in a child, with the stdlib writing every file when told ``stdlib``.
RUNNER = (
    "import sys\n"
    "from checker.reporters import json_out, jsontext\n"
    "from checker.reporters.escape import json_text\n"
    "if sys.argv[1] == 'stdlib':\n"
    "    json_out.nested = lambda value, depth: json_text(jsontext.stdlib_text(value, depth))\n"
    "from checker.app.cli import main\n"
    "sys.exit(main(sys.argv[2:]))\n"
)


def check(writer: str, folder: Path) -> tuple[float, float, str]:
    """(wall s, CPU s, output) of one ``check --format json -j 1`` of ``folder`` with ``writer``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", RUNNER, writer, "check", "--format", "json", "-j", "1",
                           str(folder)], capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        raise SystemExit(f"exit {done.returncode}: {done.stderr}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), done.stdout


def per_report(write: Callable[[Any], str], files: list[Any]) -> float:
    """µs per report of writing every file once."""
    start = time.perf_counter()
    for file in files:
        write(file)
    return (time.perf_counter() - start) / len(files) * 1e6


def time_rendering(files: list[Any], repeat: int) -> None:
    writers = {"stdlib": lambda f: stdlib_text(f, 2), "indented": lambda f: indented(f, 2),
               "C floor": lambda f: json.dumps(f, ensure_ascii=False)}
    best = dict.fromkeys(writers, float("inf"))
    ratios = []
    for _ in range(repeat):
        round_ = {name: min(per_report(w, files) for _ in range(3)) for name, w in writers.items()}
        best = {name: min(best[name], t) for name, t in round_.items()}
        ratios.append(round_["stdlib"] / round_["indented"])
    print(f"nested(file, 2) of {len(files)} reports, µs per report (min of {repeat}): "
          + ", ".join(f"{name} {t:.1f}" for name, t in best.items()))
    print(f"stdlib / indented per repeat: {min(ratios):.2f}–{max(ratios):.2f}×; "
          f"indented / C floor (best): {best['indented'] / best['C floor']:.2f}×")


def time_check(folder: Path, repeat: int) -> None:
    runs: dict[str, list[tuple[float, float]]] = {"stdlib": [], "indented": []}
    outputs = {}
    for _ in range(repeat):
        for writer in runs:
            wall, cpu, outputs[writer] = check(writer, folder)
            runs[writer].append((wall, cpu))
    for writer, times in runs.items():
        walls, cpus = [w for w, _ in times], [c for _, c in times]
        print(f"check --format json -j 1, {writer:8}: wall {min(walls):.2f}–{max(walls):.2f} s, "
              f"CPU {min(cpus):.2f}–{max(cpus):.2f} s over {repeat} alternated runs")
    print("outputs:", "the same bytes" if outputs["stdlib"] == outputs["indented"] else "DIFFERENT")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="generate into this folder (reused when it holds reports)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp) / "reports"
        if not (folder.is_dir() and any(folder.iterdir())):
            generate(folder, args.count)
        _, _, output = check("indented", folder)
        files = json.loads(output)["files"]
        assert all(indented(f, 2) == stdlib_text(f, 2) for f in files), "not the stdlib's text"
        time_rendering(files, args.repeat)
        time_check(folder, args.repeat)


if __name__ == "__main__":
    main()
