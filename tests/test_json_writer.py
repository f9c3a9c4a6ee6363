"""The JSON writer (reporters/jsontext.py) writes the stdlib's bytes, and the JSON output stays what it was.

The contract is the text of ``json.dumps(value, ensure_ascii=False, indent=2, allow_nan=False)``:
every value a reporter builds, generated, gives exactly that text, at every depth of the
document; what the stdlib refuses (NaN, a cycle, an object) is refused with its error; and
``reportlint check --format json`` (and sarif) of a folder is the same, byte for byte, as
with the stdlib writing every file.
"""

from __future__ import annotations

import enum
import json
import shutil
from collections import OrderedDict
from pathlib import Path

import pytest
from cross_reports import CLEAN_2023, edition_2024
from hypothesis import given
from hypothesis import strategies as st

from checker.app.cli import main
from checker.reporters import json_out, sarif
from checker.reporters.escape import json_text
from checker.reporters.jsontext import indented

ROOT = Path(__file__).resolve().parent.parent


def stdlib(value: object, depth: int = 0) -> str:
    """The reference: what the JSON reporter wrote with the stdlib alone."""
    return json.dumps(value, ensure_ascii=False, indent=2, allow_nan=False).replace("\n", "\n" + "  " * depth)


#: What JSON escapes, what escape.json_text escapes after it, and what is written as is.
SPECIAL = '"\\/\n\r\t\b\f\x00\x1f\x7f\x85\u2028\u2029\u202e\ud800\udbff\udc80\udcff\ufeff\U0001f600'
#: Some of them, in any order (a sampled_from would favour the first few).
specials = st.permutations(SPECIAL).flatmap(lambda chars: st.integers(0, len(chars)).map(lambda n: "".join(chars[:n])))
texts = st.text(st.characters(exclude_categories=()), max_size=12) | st.tuples(st.text(max_size=3), specials).map("".join)
floats = st.floats(allow_nan=False, allow_infinity=False) | st.sampled_from(
    [-0.0, 0.0, 1e16, 1e-7, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 0.1, 123456789.123])
ints = st.integers() | st.sampled_from([2**63, -(2**64), 10**40, -1, 0])
scalars = st.none() | st.booleans() | ints | floats | texts
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.lists(inner, max_size=4).map(tuple)
    | st.dictionaries(texts, inner, max_size=4),
    max_leaves=24,
)


@given(values, st.integers(0, 3))
def test_any_value_at_any_depth_is_the_stdlib_text(value: object, depth: int) -> None:
    assert indented(value, depth) == stdlib(value, depth)


@given(values, st.integers(1, 2))
def test_dumps_and_nested_write_what_they_wrote_with_the_stdlib(value: object, depth: int) -> None:
    assert json_out.dumps(value) == json_text(stdlib(value))
    assert json_out.nested(value, depth) == json_text(stdlib(value, depth))


@pytest.mark.parametrize("value", [
    {}, [], (), {"a": {}}, {"a": []}, [[]], [{}], [[], {}, [[]]], {"": ""}, [None, True, False],
    {"a": [1, {"b": []}], "c": {"d": [{}]}},
])
def test_empty_containers_and_their_neighbours(value: object) -> None:
    for depth in (0, 1, 2):
        assert indented(value, depth) == stdlib(value, depth)


@pytest.mark.parametrize("key", [1, -2, 10**30, 1.5, -0.0, 1e16, True, False, None])
def test_keys_that_are_not_str_are_written_as_the_stdlib_writes_them(key: object) -> None:
    value = {"a": 1, key: [key], "z": {key: None}}
    assert indented(value, 1) == stdlib(value, 1)


def test_a_dict_keyed_by_data_is_written_right_past_the_keys_the_writer_keeps() -> None:
    many = {f"机关{i}": {f"机关{i}": i} for i in range(1500)}
    assert indented(many, 1) == stdlib(many, 1)
    assert indented(many, 1) == stdlib(many, 1)


class Level(enum.IntEnum):
    HIGH = 3


class Colour(str, enum.Enum):
    RED = "red"


class Ratio(float):
    pass


@pytest.mark.parametrize("value", [
    [Level.HIGH], {"k": Colour.RED}, {Colour.RED: 1}, [Ratio(0.5)], OrderedDict(a=[1]), {"a": OrderedDict()},
])
def test_subclasses_are_written_as_the_stdlib_writes_them(value: object) -> None:
    assert indented(value, 2) == stdlib(value, 2)


def _error(write, value: object) -> tuple[type, str]:
    with pytest.raises((TypeError, ValueError)) as caught:
        write(value)
    return caught.type, str(caught.value)


@pytest.mark.parametrize("value", [
    float("nan"), float("inf"), -float("inf"), [1, float("nan")], {"a": {"b": float("inf")}},
    {float("nan"): 1}, {(1, 2): 1}, [object()], {"a": {1, 2}}, [b"bytes"], {"a": [1j]},
])
def test_what_the_stdlib_refuses_is_refused_with_its_error(value: object) -> None:
    error = _error(stdlib, value)
    assert _error(indented, value) == error
    assert _error(json_out.dumps, value) == error


def test_a_value_that_contains_itself_is_refused_as_the_stdlib_refuses_it() -> None:
    loop: list[object] = [1]
    loop.append({"again": loop})
    assert _error(indented, loop) == _error(stdlib, loop) == (ValueError, "Circular reference detected")


@pytest.mark.parametrize("levels", [300, 600])
def test_deep_nesting_is_written_as_the_stdlib_writes_it(levels: int) -> None:
    value: object = []
    for _ in range(levels):  # 600: deeper than the writer's recursion goes, not the stdlib's
        value = [value, {"k": 1}]
    assert indented(value, 1) == stdlib(value, 1)


def test_nesting_too_deep_for_the_stdlib_fails_as_it_fails() -> None:
    value: object = []
    for _ in range(5000):
        value = [value]
    with pytest.raises(RecursionError):
        stdlib(value)
    with pytest.raises(RecursionError):
        indented(value)


def test_a_file_name_with_bytes_that_are_not_utf8_stays_valid_json_text() -> None:
    name = "bad\udcff\udcfe.txt"
    assert json_out.nested({"path": name}, 2) == '{\n      "path": "bad\\\\xff\\\\xfe.txt"\n    }'


# ---------------------------------------------------------------- the whole output of a folder


def _folder(tmp_path: Path) -> Path:
    """The examples (every input format), a pair of one agency's years and a look-alike of another
    (cross-report findings and not-assessed rules), an unreadable file and names no output may print raw."""
    folder = tmp_path / "reports"
    shutil.copytree(ROOT / "examples", folder, ignore=shutil.ignore_patterns("rules"))
    (folder / "a-2023.txt").write_text(CLEAN_2023, encoding="utf-8")
    (folder / "a-2024.txt").write_text(edition_2024(), encoding="utf-8")
    (folder / "bad\udcff.txt").write_text(CLEAN_2023.replace("2023", "2022"), encoding="utf-8",
                                           errors="surrogateescape")
    (folder / "evil\x1b[31m.txt").write_bytes(b"\x00\x01binary\xff")
    return folder


def _check(folder: Path, out: Path, fmt: str) -> str:
    main(["check", "--format", fmt, "--statistics", "-j", "1", "--exit-zero", "-o", str(out), str(folder)])
    return out.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_the_output_of_a_folder_is_byte_for_byte_the_stdlib_one(fmt: str, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _folder(tmp_path)
    fast = _check(folder, tmp_path / "fast", fmt)
    with monkeypatch.context() as patch:
        for module in (json_out, sarif):
            patch.setattr(module, "nested", lambda value, depth: json_text(stdlib(value, depth)))
        before = _check(folder, tmp_path / "before", fmt)
    assert fast == before
    assert fast == stdlib(json.loads(fast)) + "\n"  # and it is the stdlib's text of the whole document
    if fmt == "json":  # the folder held what it was built to hold
        assert '"rule": "copied-from-other"' in fast and '"status": "unreadable"' in fast and "\\\\xff" in fast
