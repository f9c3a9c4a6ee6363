"""Benchmark the rule language's text search on long reports (issue 14, item 5): linear, not quadratic.

Not a test. Run: ``python3 bench/bench_textmatch.py [--sizes 388000 1300000]``. A report of the
given size (in characters) is made by repeating the prose of a generated report; the shipped
rules that search the text (``zero-consistency``, ``placeholder-text``) and a search for every
number in it are timed, as CPU seconds, with the time to fold the text once as the floor.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from strategies import random_noise, random_spec, render  # noqa: E402

from checker.engine import evaluate as engine  # noqa: E402
from checker.language.ast import RuleSet  # noqa: E402
from checker.language.loader import default_rule_paths, load_rules, parse_rules  # noqa: E402
from checker.normalize import fold  # noqa: E402
from checker.read.report import read_report  # noqa: E402

EVERY_NUMBER = 'rule numbers info "{n}" { summary "测"  let n = count(m for m in search(/\\d+/) where m.line > 0) flag }'


def long_report(size: int) -> str:
    """A generated report whose first section repeats the prose until the text has ``size`` characters."""
    rng = random.Random(7)
    text = render(random_spec(rng), "tabs", random_noise(rng))
    head, _, tail = text.partition("一、总体情况")
    prose = "本年度共收到政府信息公开申请5件，其中依申请公开2件；全年未发生行政复议。\n"
    return head + "一、总体情况\n" + prose * (size // len(prose)) + tail


def cpu(fn) -> float:
    start = time.process_time()
    fn()
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="*", default=[388_000, 1_300_000])
    args = parser.parse_args()
    shipped = load_rules(default_rule_paths())
    searching = RuleSet(tuple(r for r in shipped.rules if r.id in ("zero-consistency", "placeholder-text")))
    numbers = RuleSet(parse_rules(EVERY_NUMBER, "bench.rule"))
    for size in args.sizes:
        text = long_report(size)
        report = read_report(text, "long.txt")
        floor = cpu(lambda: fold(text))  # noqa: B023
        big = engine.Options(budget=10**9) if "budget" in engine.Options.__dataclass_fields__ else engine.Options()
        t_rules = cpu(lambda: engine.evaluate(searching, report))  # noqa: B023
        found: list = []
        t_numbers = cpu(lambda: found.extend(engine.evaluate(numbers, report, big)))  # noqa: B023
        print(f"{len(text):>9,} chars: fold {floor * 1e3:6.1f} ms | zero-consistency + placeholder-text "
              f"{t_rules:6.2f} s ({t_rules / floor:,.0f}× fold) | count every number ({found[0].message}) "
              f"{t_numbers:6.2f} s ({t_numbers / floor:,.0f}× fold)")


if __name__ == "__main__":
    main()
