"""Regexes of rule files: RE2 only, compiled once per pattern.

The loader compiles every ``/…/`` of a rule file here, so a pattern RE2 rejects (look-around,
back-references) fails at load time with its file and line; the engine's searches use the
same compiled patterns.
"""

from __future__ import annotations

from functools import lru_cache

import re2


@lru_cache(maxsize=512)
def compile_regex(pattern: str) -> re2._Regexp:
    """Compile once per pattern; raises ``re2.error`` for a pattern RE2 does not accept."""
    options = re2.Options()
    options.log_errors = False
    return re2.compile(pattern, options)
