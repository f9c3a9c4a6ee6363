"""The rule cache is never reached through a link, nor below a folder someone else controls (issue 14.13)."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from checker.language.cache import cache_dir, cache_key, load_cached, safe_folder

RULE = 'rule c-one error "m" { summary "测" \n  require 1 == 1\n}\n'
pytestmark = pytest.mark.skipif(not hasattr(os, "getuid"), reason="file owners are a POSIX notion")


class Poison:
    def __reduce__(self) -> tuple:
        return (pytest.fail, ("a cache file behind a link was unpickled",))


def test_cache_folder_behind_a_link_is_neither_read_nor_written(tmp_path: Path) -> None:
    rule = tmp_path / "a.rule"
    rule.write_text(RULE, encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    (tmp_path / "cache").mkdir()
    cache_dir(env).symlink_to(elsewhere)  # ~/.cache/reportlint -> a folder of the link's choosing
    (elsewhere / f"rules-{cache_key([rule])}.pickle").write_bytes(pickle.dumps(Poison()))
    os.chmod(elsewhere / f"rules-{cache_key([rule])}.pickle", 0o600)
    assert load_cached([rule], env).ids() == ("c-one",)
    assert [p.name for p in elsewhere.iterdir()] == [f"rules-{cache_key([rule])}.pickle"]  # nothing written there
    assert not safe_folder(cache_dir(env))


def test_cache_below_a_folder_others_may_write_is_not_used(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)  # others could swap the cache folder (not sticky like /tmp)
    (shared / "reportlint").mkdir(mode=0o700)
    assert not safe_folder(shared / "reportlint")
    shared.chmod(0o1777)
    assert safe_folder(shared / "reportlint")
