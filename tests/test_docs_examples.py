"""Every ```rule block of docs/rule-language.md loads, and the doc's names are the vocabulary's."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from checker.loader import parse_rules

DOC = Path(__file__).resolve().parent.parent / "docs" / "rule-language.md"
BLOCKS = re.findall(r"```rule\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


def test_the_doc_has_examples():
    assert len(BLOCKS) >= 9


@pytest.mark.parametrize("block", BLOCKS, ids=[f"block{i}" for i in range(len(BLOCKS))])
def test_doc_block_loads(block):
    rules = parse_rules(block, "docs/rule-language.md")
    assert rules and all(r.id.startswith(("doc-", "t3-balance-doc")) for r in rules)
