"""The shortcuts of the engine give what the general paths give.

The index of cells by state (``for c in cells where c is S``) walks the same cells as the
plain loop; the text index (folded text, line and sentence ends) gives what scanning gives.
(These tests used to look at the old compiler's internals; they now check the same
behaviour at the public seams: ``evaluate`` with and without ``optimise``, and ``textmatch``.)
"""

from __future__ import annotations

import random

import pytest
from builders import build_report

from checker.engine.evaluate import Options, evaluate
from checker.language import textmatch
from checker.language.ast import RuleSet
from checker.language.loader import parse_rules
from checker.language.regex import compile_regex
from checker.normalize import fold

STATE_LOOPS = '''
rule a info "{c.raw}" { summary "测"  for c in cells where c is blank or c is placeholder { flag at c } }
rule b info "{c.raw}" { summary "测"  for c in cells where c is text or c is number and c.value > 2 { flag at c } }
rule d info "{n}" { summary "测"  let n = count(c for c in cells where c is number and c.value != 0) flag }
rule e info "{i}" { summary "测"  for i, c in cells where c is blank { flag at c } }
'''


def test_state_filtered_loops_walk_the_same_cells():
    report = build_report({"t3 r1 natural": "", "t3 r2 natural": "/", "t4 review upheld": "约5", "t2 fee amount": ""})
    rules = RuleSet(parse_rules(STATE_LOOPS, "s.rule"))
    optimised = evaluate(rules, report)
    assert optimised == evaluate(RuleSet(rules.rules), report, Options(optimise=False))
    assert [d.rule for d in optimised].count("a") == 3 and [d.rule for d in optimised].count("e") == 2


def _texts(seed: int) -> list[str]:
    rng = random.Random(seed)
    alpha = "ab中文x１２3٣.,，。（）\u3000\n 申请未没有行政复议件起"
    return ["".join(rng.choice(alpha) for _ in range(rng.randint(0, 300))) for _ in range(300)]


def test_the_index_folds_as_fold():
    for text in _texts(1):
        assert textmatch.indexed(text).norm == fold(text)


@pytest.mark.parametrize("pattern", [r"a*", r"(中)(文)?|b", r"\d+", r"(x)|(\d)", r"", r"中*",
                                     r"(行政复议|行政诉讼)(案件)?(\d+)(件|起)", r"[^a]{0,3}"])
def test_search_on_bytes_matches_search_on_str(pattern):
    compiled = compile_regex(pattern)
    for text in _texts(2):
        one_line = text.replace("\n", "。")  # one line: a match's column is then its offset + 1
        norm = fold(one_line)
        want = [(m.start(), m.end()) for m in compiled.finditer(norm) if m.start() != m.end()]
        found = textmatch.search(pattern, one_line, 1)
        assert [(m.text, m.loc.column - 1) for m in found] == [(one_line[a:b], a) for a, b in want]
        assert textmatch.matches(one_line, pattern) == (compiled.search(norm) is not None)


def _scan_position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _scan_sentence(text: str, start: int, end: int) -> str:
    ends = "。；;！!？?\n"
    left = max(text.rfind(t, 0, start) for t in ends) + 1
    rights = [i for i in (text.find(t, end) for t in ends) if i != -1]
    right = min(rights) + 1 if rights else len(text)
    return text[max(left, start - textmatch.SENTENCE_MAX):min(right, end + textmatch.SENTENCE_MAX)].strip()


@pytest.mark.parametrize("pattern", [r"\d+", r"申请|复议", r"[a-z]+"])
def test_lines_and_sentences_by_index_are_those_by_scanning(pattern):
    for text in _texts(3):
        for m in textmatch.search(pattern, text, 1):
            start = m._spans[0][0]
            assert (m.loc.line, m.loc.column) == _scan_position(text, start)
            assert m.sentence == _scan_sentence(text, *m._spans[0])
