"""A disk cache of loaded rule sets, so one ``reportlint check`` starts in well under a second.

Building the LALR parser and parsing the rule files costs ~0.3 s, more than the
check of one report. The loaded ``RuleSet`` is pickled under the user's cache
folder, keyed by the reportlint version, the Python version, the grammar, the
layouts, the exact bytes of every rule file and the source of every module of
the ``checker`` package (the code that gives the pickled objects their meaning);
any change, or any problem with the cache, simply means loading afresh. Broken
rule files are never cached: ``load_rules`` raises before.

Unpickling runs code named in the file, so a cache entry is trusted only when it
sits in a folder that the current user owns and nobody else may write, and the
file itself is owned by the user and writable by nobody else; anything else is
ignored as if it were missing. The cache folder is never reached through a link:
it must be a real folder, and every folder above it must belong to the user or to
root and be writable by no one else (or be sticky, like /tmp) — otherwise root,
run with another user's HOME, would read and write pickles wherever that user's
``~/.cache/reportlint`` link points. Set ``REPORTLINT_NO_CACHE=1`` to bypass the cache.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from checker import __version__
from checker.language.ast import RuleSet
from checker.resources import grammar_path

_PACKAGE = Path(__file__).resolve().parent.parent  # the checker package


def cache_dir(env: Mapping[str, str]) -> Path:
    base = env.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "reportlint"


def _rule_files(paths: Sequence[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        out.extend(sorted(p.glob("*.rule")) if p.is_dir() else [p])
    return out


def _code_files() -> list[Path]:
    """Every module and layout of the package: any of them may change what a pickled rule means."""
    return sorted([*_PACKAGE.rglob("*.py"), *_PACKAGE.rglob("*.yaml")])


def cache_key(paths: Sequence[Path]) -> str | None:
    """A digest of everything the loaded rules depend on; None when a file cannot be read."""
    digest = hashlib.sha256(f"{__version__}\0{sys.implementation.cache_tag}\0".encode())
    try:
        for extra in (grammar_path(), *_rule_files(paths)):
            if not extra.is_file():
                return None  # a FIFO would block, a device never end: let load_rules refuse it
            # the path as given too: the rules keep it (``explain`` prints it), so a/b.rule and /x/a/b.rule differ
            digest.update(str(extra.resolve()).encode() + b"\0" + str(extra).encode() + b"\0")
            digest.update(extra.read_bytes() + b"\0")
        for source in _code_files():
            digest.update(source.relative_to(_PACKAGE).as_posix().encode() + b"\0")
            digest.update(source.read_bytes() + b"\0")
    except OSError:
        return None  # let load_rules report it properly
    return digest.hexdigest()[:32]


def trusted(st: os.stat_result) -> bool:
    """Owned by the current user and writable by no one else (where the OS has owners at all)."""
    if not hasattr(os, "getuid"):
        return True
    return st.st_uid == os.getuid() and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def safe_folder(folder: Path) -> bool:
    """A real folder (not a link) that is ours and private, below folders no one else can change."""
    if not hasattr(os, "getuid"):
        return True
    try:
        st = os.lstat(folder)
        if stat.S_ISLNK(st.st_mode) or not stat.S_ISDIR(st.st_mode) or not trusted(st):
            return False
        real = Path(os.path.realpath(folder.parent))
        if not all(_owned_and_closed(os.stat(p)) for p in (real, *real.parents)):
            return False
        links = (os.lstat(p) for p in Path(os.path.abspath(folder)).parents)
        return all(lst.st_uid in (0, os.getuid()) for lst in links if stat.S_ISLNK(lst.st_mode))
    except OSError:
        return False


def _owned_and_closed(st: os.stat_result) -> bool:
    """Owned by us or root; others cannot rename entries in it (not writable by them, or sticky like /tmp)."""
    closed = not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH) or bool(st.st_mode & stat.S_ISVTX)
    return st.st_uid in (0, os.getuid()) and closed


def load_cached(paths: Sequence[Path], env: Mapping[str, str] | None = None) -> RuleSet:
    """``checker.loader.load_rules(paths)``, through the cache when possible."""
    env = os.environ if env is None else env
    key = None if env.get("REPORTLINT_NO_CACHE") else cache_key(paths)
    if key is None:
        return _load(paths)
    target = cache_dir(env) / f"rules-{key}.pickle"
    cached = _read(target)
    if cached is not None:
        return cached
    ruleset = _load(paths)
    _store(target, ruleset)
    return ruleset


def _read(target: Path) -> RuleSet | None:
    """The cached RuleSet, or None when it is missing, foreign, corrupt or of another shape."""
    try:
        if not safe_folder(target.parent):
            return None
        with open(os.open(target, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)), "rb") as fh:
            if not (stat.S_ISREG(os.fstat(fh.fileno()).st_mode) and trusted(os.fstat(fh.fileno()))):
                return None
            ruleset = pickle.load(fh)
    except Exception:  # missing, stale format, truncated, garbage: load afresh
        return None
    return ruleset if isinstance(ruleset, RuleSet) else None


def _load(paths: Sequence[Path]) -> RuleSet:
    # start-up: importing the loader (lark, the resolver) takes 0.1–0.25 s (python -X importtime); a cache hit needs neither
    from checker.language.loader import load_rules

    return load_rules(paths)


def _store(target: Path, ruleset: RuleSet) -> None:
    """Write atomically (0o600 in a 0o700 folder); never into a folder someone else could write."""
    tmp = None
    try:
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not safe_folder(target.parent):
            return
        fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(ruleset, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, target)
    except Exception:  # read-only home, unpicklable rules: the cache is only an optimisation
        if tmp:
            Path(tmp).unlink(missing_ok=True)
