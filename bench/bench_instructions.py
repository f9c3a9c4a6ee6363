"""Count the instructions ``reportlint check`` spends per report: a measure the machine's load cannot move.

Not a test. Run: ``python3 bench/bench_instructions.py [--count 100] [--against OTHER_TREE] [--select IDS]``.
Needs valgrind (Debian: ``apt-get install valgrind``). On a shared machine, times of the same run
vary by a factor of two; valgrind's instruction count (cachegrind, no cache simulation) of
the same work varies by well under 1 %. ``check --format json -j 1`` is run on one generated
report and on ``--count`` of them (``bench_check.generate``); the difference over ``count - 1``
is the instructions per report, the one-report run the start-up. ``--against`` runs another
checkout (e.g. a ``git worktree`` of an older commit) on the same files, alternately, and
prints the ratio; an instruction is not a fixed time, but the same code paths in the same
interpreter give ratios close to those of CPU time on a quiet machine.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_check import generate  # noqa: E402 - the bench folder is not a package

ROOT = Path(__file__).resolve().parent.parent


def instructions(tree: Path, folder: Path, extra: list[str]) -> int:
    """Instructions of one ``check --format json -j 1`` of ``folder`` run from ``tree``."""
    cmd = ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
           sys.executable, "-m", "checker", "check", "--format", "json", "-j", "1", *extra, str(folder)]
    p = subprocess.run(cmd, cwd=tree, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    found = re.search(r"I\s+refs:\s+([\d,]+)", p.stderr)
    if found is None:
        raise SystemExit(f"valgrind gave no count for {tree}:\n{p.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def measure(trees: list[Path], one: Path, many: Path, count: int, extra: list[str],
            own: dict[Path, list[str]]) -> dict[Path, tuple[float, float]]:
    """Per tree: (instructions per report, start-up instructions), two valgrinds at a time."""
    for tree in trees:  # warm the rule cache of each tree, so no run pays for writing it
        subprocess.run([sys.executable, "-m", "checker", "check", *extra, str(one)], cwd=tree,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    runs = [(tree, folder) for tree in trees for folder in (one, many)]
    with ThreadPoolExecutor(2) as pool:
        counts = dict(zip(runs, pool.map(lambda r: instructions(r[0], r[1], extra + own.get(r[0], [])), runs),
                          strict=True))
    return {t: ((counts[(t, many)] - counts[(t, one)]) / (count - 1), counts[(t, one)]) for t in trees}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--against", type=Path, help="another checkout to compare with")
    parser.add_argument("--select", help="rule ids, as for check --select (e.g. the older tree's rules)")
    parser.add_argument("--ignore", help="rule ids, as for check --ignore (this tree only)")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        print("valgrind is not installed (apt-get install valgrind)")
        return 2
    extra = ["--select", args.select] if args.select else []
    trees = [ROOT] + ([args.against.resolve()] if args.against else [])
    own = {ROOT: ["--ignore", args.ignore]} if args.ignore else {}
    with tempfile.TemporaryDirectory() as tmp:
        many, one = Path(tmp) / "many", Path(tmp) / "one"
        generate(many, args.count)
        one.mkdir()
        first = sorted(p for p in many.rglob("*") if p.is_file())[0]
        shutil.copy(first, one / first.name)
        found = measure(trees, one, many, args.count, extra, own)
    floor = found[trees[-1]][0]
    for tree in trees:
        per, start = found[tree]
        print(f"{tree}: {per / 1e6:.2f} M instructions per report ({per / floor:.3f}× {trees[-1].name}), "
              f"start-up {start / 1e6:,.0f} M")
    return 0


if __name__ == "__main__":
    sys.exit(main())
