"""The compiled engine gives exactly the interpreter's diagnostics, and a compiled RuleSet still pickles."""

from __future__ import annotations

import datetime as dt
import pickle
import random
import re

import pytest
from strategies import SHAPES, random_noise, random_spec, render

from checker.engine import evaluate as engine
from checker.engine.evaluate import Options, evaluate
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


def _interpreted(ruleset: RuleSet, report, options: Options, monkeypatch) -> tuple:
    with monkeypatch.context() as m:
        m.setattr(engine, "compile_rule", lambda rule, layout, check: None)
        return evaluate(RuleSet(ruleset.rules), report, options)


@pytest.mark.parametrize("seed", range(24))
def test_compiled_equals_interpreted(ruleset, seed, monkeypatch):
    report = read_report(_damaged(seed), f"r{seed}.txt")
    options = Options(published=None if seed % 2 else dt.date(2024, 5, 1))
    compiled = evaluate(ruleset, report, options)
    interpreted = _interpreted(ruleset, report, options, monkeypatch)
    assert compiled == interpreted
    assert repr(compiled) == repr(interpreted)  # the values too, in the same order


def test_compiled_ruleset_pickles(ruleset):
    report = read_report(_damaged(3), "r.txt")
    before = evaluate(ruleset, report)
    copy = pickle.loads(pickle.dumps(ruleset))
    assert copy == ruleset and copy.get("t3-balance") is not None
    assert evaluate(copy, report) == before
