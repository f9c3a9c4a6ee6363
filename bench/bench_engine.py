"""Benchmark the engine alone: ``evaluate`` throughput over generated reports (reading is not timed).

Not a test. Run: ``python3 bench/bench_engine.py [--count 1000] [--seed 1] [--plain] [--per-rule]``.
Reports come from ``tests/strategies.py`` (consistent reports in the four shapes, with noise);
one in three gets a few cells changed, blanked or replaced by placeholders or text, so the
failing and not-assessed paths (diagnostics, places, reasons) are timed too. ``--plain`` runs
every node by its general path (``Options(optimise=False)``), for comparison.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from strategies import SHAPES, random_noise, random_spec, render  # noqa: E402

from checker.engine.evaluate import Options, assess, evaluate  # noqa: E402
from checker.language.ast import RuleSet  # noqa: E402
from checker.language.loader import default_rule_paths, load_rules  # noqa: E402
from checker.read.report import read_report  # noqa: E402

_CHANGES = ("", "/", "—", "约5", "-1", "2.5", "0", "7", "12")


def _damage(text: str, rng: random.Random) -> str:
    """Change one to three numbers of the text (most of them table cells)."""
    for _ in range(rng.randint(1, 3)):
        numbers = list(re.finditer(r"(?<=[\t| ])\d+(?=[\t| ]|$)", text, re.M))
        if numbers:
            m = rng.choice(numbers)
            text = text[: m.start()] + rng.choice(_CHANGES) + text[m.end():]
    return text


def reports(count: int, seed: int) -> list:
    rng = random.Random(seed)
    out = []
    for i in range(count):
        text = render(random_spec(rng), SHAPES[i % len(SHAPES)], random_noise(rng))
        if i % 3 == 0:
            text = _damage(text, rng)
        out.append(read_report(text, f"bench-{i}.txt"))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--plain", action="store_true", help="time the plain (unoptimised) evaluation instead")
    parser.add_argument("--per-rule", action="store_true", help="also time each rule alone (CPU ms/report)")
    args = parser.parse_args(argv)
    ruleset = load_rules(default_rule_paths())
    reps = reports(args.count, args.seed)
    options = Options(optimise=not args.plain)
    evaluate(ruleset, reps[0], options)  # compile outside the timing, as a long run would
    start = time.process_time()
    results = [assess(ruleset, r, options) for r in reps]
    cpu = time.process_time() - start
    found = sum(len(a.diagnostics) for a in results)
    gaps = sum(len(a.not_assessed) for a in results)
    mode = "plain" if args.plain else "optimised"
    print(f"{mode}: {len(reps)} reports, {len(ruleset)} rules, {found} diagnostics, {gaps} not assessed")
    print(f"CPU {cpu:.3f} s  = {cpu / len(reps) * 1e3:.3f} ms/report  = {len(reps) / cpu:,.0f} reports/s")
    if args.per_rule:
        _per_rule(ruleset, reps, options)
    return 0


def _per_rule(ruleset: RuleSet, reps: list, options: Options) -> None:
    """Each rule alone, in a one-rule RuleSet (so compiled once per rule), slowest first."""
    times = []
    for rule in ruleset.rules:
        one = RuleSet((rule,))
        evaluate(one, reps[0], options)
        start = time.process_time()
        for r in reps:
            evaluate(one, r, options)
        times.append(((time.process_time() - start) / len(reps) * 1e3, rule.id))
    empty = RuleSet(())
    start = time.process_time()
    for r in reps:
        evaluate(empty, r, options)
    base = (time.process_time() - start) / len(reps) * 1e3
    print(f"per rule (ms/report, minus {base:.3f} ms of evaluate() overhead):")
    for ms, rid in sorted(times, reverse=True):
        print(f"  {ms - base:7.3f}  {rid}")


if __name__ == "__main__":
    sys.exit(main())
