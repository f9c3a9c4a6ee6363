"""The optimised engine gives exactly the plain engine's diagnostics on damaged generated reports, and a
compiled RuleSet still pickles. (It compared the old compiler with the interpreter; both are gone: the
same behaviour, one semantics evaluated with and without the optimisations, is checked here and, on
generated rules, in test_engine_differential.py.)"""

from __future__ import annotations

import datetime as dt
import pickle
import random
import re

import pytest
from strategies import SHAPES, random_noise, random_spec, render

from checker.engine.evaluate import Options, assess, evaluate
from checker.language.ast import RuleSet
from checker.language.loader import default_rule_paths, load_rules
from checker.read.report import read_report

_CHANGES = ("", "/", "—", "约5", "-1", "2.5", "0", "7", "12")


def _damaged(seed: int) -> str:
    rng = random.Random(seed)
    text = render(random_spec(rng), SHAPES[seed % len(SHAPES)], random_noise(rng))
    for _ in range(seed % 4):
        numbers = list(re.finditer(r"\d+", text))
        m = rng.choice(numbers)
        text = text[: m.start()] + rng.choice(_CHANGES) + text[m.end():]
    return text


@pytest.fixture(scope="module")
def ruleset() -> RuleSet:
    return load_rules(default_rule_paths())


@pytest.mark.parametrize("seed", range(24))
def test_optimised_equals_plain(ruleset, seed):
    report = read_report(_damaged(seed), f"r{seed}.txt")
    options = Options(published=None if seed % 2 else dt.date(2024, 5, 1))
    optimised = assess(ruleset, report, options)
    plain = assess(RuleSet(ruleset.rules), report, Options(options.published, optimise=False))
    assert optimised == plain
    assert repr(optimised) == repr(plain)  # the values too, in the same order


def test_compiled_ruleset_pickles(ruleset):
    report = read_report(_damaged(3), "r.txt")
    before = evaluate(ruleset, report)
    copy = pickle.loads(pickle.dumps(ruleset))
    assert copy == ruleset and copy.get("t3-balance") is not None
    assert evaluate(copy, report) == before
