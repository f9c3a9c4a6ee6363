"""Build frozen slotted dataclasses without their ``__init__``.

A frozen dataclass's generated ``__init__`` assigns each field through
``object.__setattr__`` (a Python-level call per field), which makes the 200 Cells and
their Locations of every report the single largest cost of reading. Writing the slots
through their C-level descriptors builds the identical object several times faster.
Only classes without ``__post_init__`` qualify, so nothing the generated ``__init__``
would do is skipped; ``builder`` checks that once per class. No code is generated or
executed: the builders are plain closures, unrolled for the arities the model uses.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def builder(cls: type[T]) -> Callable[..., T]:
    """A function taking the fields without a default positionally, in declaration order, returning a
    ``cls`` whose defaulted fields (plain values only) hold their defaults."""
    if not dataclasses.is_dataclass(cls) or "__slots__" not in cls.__dict__ or hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__}: not a slotted dataclass without __post_init__")
    fields = dataclasses.fields(cls)
    required = [f for f in fields if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING]
    if fields[: len(required)] != tuple(required) or any(f.default_factory is not dataclasses.MISSING for f in fields):
        raise TypeError(f"{cls.__name__}: defaults must be plain values after the required fields")
    setters = tuple(cls.__dict__[f.name].__set__ for f in required)
    defaults = tuple((cls.__dict__[f.name].__set__, f.default) for f in fields[len(required):])
    if len(setters) == 7 and len(defaults) == 1:
        return _build7(cls, setters, defaults[0])  # Cell: 200 a report, one call each
    unrolled = {4: _build4}.get(len(setters), _build_any)
    build = unrolled(cls, setters)
    return build if not defaults else _with_defaults(build, defaults)


def _with_defaults(build: Callable[..., T], defaults: tuple[tuple[Callable[[Any, Any], None], Any], ...]) -> Callable[..., T]:
    """``build``, then the defaulted slots set to their defaults (Cell.inferred = "")."""
    if len(defaults) == 1:
        (setter, value), = defaults

        def build_one(*args: Any) -> T:
            o = build(*args)
            setter(o, value)
            return o

        return build_one

    def build_all(*args: Any) -> T:
        o = build(*args)
        for setter, value in defaults:
            setter(o, value)
        return o

    return build_all


def _build4(cls: type[T], setters: tuple[Callable[[Any, Any], None], ...]) -> Callable[..., T]:
    """Location(line, column, end_line, end_column)."""
    new = object.__new__
    s0, s1, s2, s3 = setters

    def build(a0: Any, a1: Any, a2: Any, a3: Any) -> T:
        o = new(cls)
        s0(o, a0)
        s1(o, a1)
        s2(o, a2)
        s3(o, a3)
        return o

    return build


def _build7(
    cls: type[T], setters: tuple[Callable[[Any, Any], None], ...], default: tuple[Callable[[Any, Any], None], Any]
) -> Callable[..., T]:
    """Cell(table, row, col, raw, value, state, loc) with ``inferred`` at its default, in one function."""
    new = object.__new__
    s0, s1, s2, s3, s4, s5, s6 = setters
    s7, d7 = default

    def build(a0: Any, a1: Any, a2: Any, a3: Any, a4: Any, a5: Any, a6: Any) -> T:
        o = new(cls)
        s0(o, a0)
        s1(o, a1)
        s2(o, a2)
        s3(o, a3)
        s4(o, a4)
        s5(o, a5)
        s6(o, a6)
        s7(o, d7)
        return o

    return build


def _build_any(cls: type[T], setters: tuple[Callable[[Any, Any], None], ...]) -> Callable[..., T]:
    new = object.__new__

    def build(*args: Any) -> T:
        if len(args) != len(setters):
            raise TypeError(f"{cls.__name__} takes {len(setters)} fields, got {len(args)}")
        o = new(cls)
        for setter, value in zip(setters, args):  # noqa: B905 - lengths checked above
            setter(o, value)
        return o

    return build
