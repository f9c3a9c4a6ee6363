"""The rule cache trusts only its own private files, and anything odd in it means loading afresh."""

from __future__ import annotations

import os
import pickle
import stat
from pathlib import Path

import pytest

from checker.language import cache as rulecache
from checker.language.cache import cache_dir, cache_key, load_cached

RULE = 'rule c-one error "m" { summary "测" \n  require 1 == 1\n}\n'
posix_only = pytest.mark.skipif(not hasattr(os, "getuid"), reason="file owners are a POSIX notion")


@pytest.fixture
def setup(tmp_path: Path) -> tuple[list[Path], dict[str, str], Path]:
    rule = tmp_path / "a.rule"
    rule.write_text(RULE, encoding="utf-8")
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    return [rule], env, cache_dir(env) / f"rules-{cache_key([rule])}.pickle"


class Poison:
    """Unpickling it would be code execution; the test fails if that ever happens."""

    def __reduce__(self) -> tuple:
        return (pytest.fail, ("a foreign cache file was unpickled",))


@posix_only
def test_cache_folder_is_private(setup: tuple[list[Path], dict[str, str], Path]) -> None:
    paths, env, target = setup
    load_cached(paths, env)
    assert stat.S_IMODE(target.parent.stat().st_mode) & 0o077 == 0
    assert stat.S_IMODE(target.stat().st_mode) & 0o077 == 0


@posix_only
@pytest.mark.parametrize("mode", [0o620, 0o602, 0o666])
def test_cache_file_writable_by_others_is_ignored(setup: tuple[list[Path], dict[str, str], Path], mode: int) -> None:
    paths, env, target = setup
    load_cached(paths, env)
    target.write_bytes(pickle.dumps(Poison()))
    target.chmod(mode)
    assert load_cached(paths, env).ids() == ("c-one",)


@posix_only
def test_cache_folder_writable_by_others_is_neither_read_nor_written(
    setup: tuple[list[Path], dict[str, str], Path],
) -> None:
    paths, env, target = setup
    target.parent.mkdir(parents=True)
    target.parent.chmod(0o777)
    target.write_bytes(pickle.dumps(Poison()))
    target.chmod(0o600)
    assert load_cached(paths, env).ids() == ("c-one",)
    assert target.read_bytes() == pickle.dumps(Poison())  # not replaced either


@posix_only
def test_cache_file_of_another_user_is_ignored(
    setup: tuple[list[Path], dict[str, str], Path], monkeypatch: pytest.MonkeyPatch,
) -> None:
    paths, env, target = setup
    load_cached(paths, env)
    target.write_bytes(pickle.dumps(Poison()))
    target.chmod(0o600)
    monkeypatch.setattr(rulecache.os, "getuid", lambda: os.stat(target).st_uid + 1)
    assert load_cached(paths, env).ids() == ("c-one",)


@pytest.mark.parametrize("content", [b"", b"garbage", b"\x80\x05N.", pickle.dumps({"rules": ()})])
def test_corrupt_cache_file_falls_back_to_loading(
    setup: tuple[list[Path], dict[str, str], Path], content: bytes,
) -> None:
    paths, env, target = setup
    first = load_cached(paths, env)
    target.write_bytes(content)
    assert load_cached(paths, env) == first
    assert pickle.loads(target.read_bytes()) == first  # and the entry is written afresh


def test_truncated_cache_file_falls_back_to_loading(setup: tuple[list[Path], dict[str, str], Path]) -> None:
    paths, env, target = setup
    first = load_cached(paths, env)
    target.write_bytes(target.read_bytes()[: len(target.read_bytes()) // 2])
    assert load_cached(paths, env) == first


def test_key_covers_every_module_of_the_package(setup: tuple[list[Path], dict[str, str], Path]) -> None:
    package = Path(rulecache.__file__).parent.parent  # checker/, after the move into checker/language/
    names = {p.relative_to(package).as_posix() for p in rulecache._code_files()}
    assert {"language/ast.py", "model.py", "read/layouts.py", "diagnostics.py", "language/resolve.py",
            "reporters/text.py"} <= names
    assert any(n.startswith("read/formats/") and n.endswith(".yaml") for n in names)
