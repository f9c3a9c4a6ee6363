"""Which rule ids a pattern names: the one matcher of ``--select``, ``--ignore``, config and overrides.

A pattern is ``ALL``, an exact id (``t3-balance``), or a prefix of ids: ``t3`` or ``t3-`` names
every id starting with ``t3-`` (and ``t3.`` every id starting with ``t3.``). A prefix never
matches inside a word: ``cell`` does not name ``cells-ambiguous``.
"""

from __future__ import annotations

from collections.abc import Iterable


def matches(rule_id: str, patterns: Iterable[str]) -> bool:
    """True when any of ``patterns`` names ``rule_id``."""
    return any(_names(p, rule_id) for p in patterns)


def _names(pattern: str, rule_id: str) -> bool:
    if pattern == "ALL" or pattern == rule_id:
        return True
    stem = pattern.rstrip("-.")
    return bool(stem) and (rule_id.startswith(stem + "-") or rule_id.startswith(stem + "."))
