"""A disk cache of loaded rule sets, so one ``reportlint check`` starts in well under a second.

Building the LALR parser and parsing the rule files costs ~0.3 s, more than the
check of one report. The loaded ``RuleSet`` is pickled under the user's cache
folder, keyed by the reportlint version, the grammar and the exact bytes of every
rule file; any change, or any problem with the cache, simply means loading
afresh. Broken rule files are never cached: ``load_rules`` raises before.
Set ``REPORTLINT_NO_CACHE=1`` to bypass it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from checker import __version__


def cache_dir(env: Mapping[str, str]) -> Path:
    base = env.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "reportlint"


def _rule_files(paths: Sequence[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        out.extend(sorted(p.glob("*.rule")) if p.is_dir() else [p])
    return out


def cache_key(paths: Sequence[Path]) -> str | None:
    """A digest of everything the loaded rules depend on; None when a file cannot be read."""
    from checker.resources import grammar_path, layout_path

    digest = hashlib.sha256(__version__.encode())
    try:
        for extra in (grammar_path(), layout_path(), *_rule_files(paths)):
            digest.update(str(extra.resolve()).encode() + b"\0")
            digest.update(extra.read_bytes() + b"\0")
        for source in sorted(Path(__file__).parent.glob("*.py")):  # any code change: reload
            digest.update(source.read_bytes())
    except OSError:
        return None  # let load_rules report it properly
    return digest.hexdigest()[:32]


def load_cached(paths: Sequence[Path], env: Mapping[str, str] | None = None) -> Any:
    """``checker.loader.load_rules(paths)``, through the cache when possible."""
    env = os.environ if env is None else env
    key = None if env.get("REPORTLINT_NO_CACHE") else cache_key(paths)
    if key is None:
        return _load(paths)
    target = cache_dir(env) / f"rules-{key}.pickle"
    try:
        with open(target, "rb") as fh:
            return pickle.load(fh)
    except Exception:  # missing, stale format, truncated: load afresh
        pass
    ruleset = _load(paths)
    _store(target, ruleset)
    return ruleset


def _load(paths: Sequence[Path]) -> Any:
    from checker.loader import load_rules  # lark is imported only on a cache miss

    return load_rules(paths)


def _store(target: Path, ruleset: Any) -> None:
    tmp = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(ruleset, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, target)
    except Exception:  # read-only home, unpicklable rules: the cache is only an optimisation
        if tmp:
            Path(tmp).unlink(missing_ok=True)
