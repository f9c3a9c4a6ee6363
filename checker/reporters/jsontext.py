"""Indented JSON text, byte for byte the stdlib's, in under half its time.

The JSON contract is the text of ``json.dumps(value, ensure_ascii=False, indent=2,
allow_nan=False)``, and scripts and tests compare it byte for byte. With ``indent`` set,
CPython 3.11 leaves its C encoder for the pure-Python one, a chain of generators
(``_iterencode_dict``/``_iterencode_list``) that takes 2.2× this writer's time on a
batch's file dicts (``bench/bench_json.py``), paid serially in the main process.

This writer walks the value with one function and appends the pieces to one list; each
string goes through the very function the stdlib uses (``json.encoder.encode_basestring``,
C when available), each int through ``int.__repr__`` and each float through
``float.__repr__``, as the stdlib does. It knows only the exact types a reporter builds
(dict with str keys, list, tuple, str, int, finite float, bool, None); anything else — an
int or a None key, a subclass (an ``IntEnum``), an unknown object, a NaN, a circular list —
goes to the stdlib for the whole value, which writes it or raises exactly as it always did.
"""

from __future__ import annotations

import json
import math
from json.encoder import encode_basestring
from typing import Any

_STEP = "  "  # indent=2


def _float(value: float) -> str:
    if not math.isfinite(value):
        raise ValueError("out of range")  # the stdlib raises its own message (see ``indented``)
    return float.__repr__(value)


def _null(_value: None) -> str:
    return "null"


#: A scalar's text by its exact type: the stdlib's own functions for each.
_SCALAR = {str: encode_basestring, int: int.__repr__, float: _float,
           bool: ("false", "true").__getitem__, type(None): _null}

#: ``,<newline and indent>"key": `` by indent, then key: a report's few keys, written once.
_KEYS: dict[str, dict[str, str]] = {}
_KEYS_KEPT = 512  # per indent: bounded, should a dict be keyed by data (file names, agencies)


def _key(key: object, keys: dict[str, str], inner: str) -> str:
    """``,<newline and indent>"key": ``, kept in ``keys`` (those of this indent) while there is room.

    Only a str is kept, so only a str (or a str's equal: a subclass, written the same) is found there."""
    if type(key) is not str:
        raise TypeError("not a str key")  # an int or a None key: the stdlib's, which converts it
    text = "," + inner + encode_basestring(key) + ": "
    if len(keys) < _KEYS_KEPT:
        keys[key] = text
    return text


def _write(value: Any, newline: str, out: list[str]) -> None:
    """``value`` as its pieces onto ``out``; ``newline`` is the newline and indent of its own line."""
    kind = type(value)
    scalar = _SCALAR.get(kind)
    if scalar is not None:
        out.append(scalar(value))
    elif kind is dict:
        _write_dict(value, newline, out)
    elif kind is list or kind is tuple:
        _write_list(value, newline, out)
    else:
        raise TypeError("not a type a reporter builds")


def _write_dict(value: dict, newline: str, out: list[str]) -> None:
    """The dict's pieces; ``_write_list`` is its twin (one loop shared through ``zip`` costs a third more)."""
    if not value:
        out.append("{}")
        return
    inner = newline + _STEP
    keys = _KEYS.get(inner)
    if keys is None:
        keys = _KEYS[inner] = {}
    first, scalars, append = "{", _SCALAR, out.append  # locals: this loop is the writer's time
    for key, item in value.items():
        text = keys.get(key) or _key(key, keys, inner)
        if first:
            text, first = first + text[1:], ""
        scalar = scalars.get(type(item))
        if scalar is None:
            append(text)
            _write(item, inner, out)
        else:
            append(text + scalar(item))
    append(newline + "}")


def _write_list(value: list | tuple, newline: str, out: list[str]) -> None:
    if not value:
        out.append("[]")
        return
    inner = newline + _STEP
    separator, scalars, append = "[" + inner, _SCALAR, out.append
    for item in value:
        scalar = scalars.get(type(item))
        if scalar is None:
            append(separator)
            _write(item, inner, out)
        else:
            append(separator + scalar(item))
        separator = "," + inner
    append(newline + "]")


def stdlib_text(value: Any, depth: int = 0) -> str:
    """What ``indented`` writes, by the stdlib: its reference, and its way out for what it does not know."""
    return json.dumps(value, ensure_ascii=False, indent=2, allow_nan=False).replace("\n", "\n" + _STEP * depth)


def indented(value: Any, depth: int = 0) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2, allow_nan=False)`` as it stands ``depth``
    levels deep in an ``indent=2`` document (every line but the first ``2 * depth`` spaces further in)."""
    out: list[str] = []
    try:
        _write(value, "\n" + _STEP * depth, out)
    except (TypeError, ValueError, RecursionError):
        return stdlib_text(value, depth)  # writes it as ever, or raises as ever (NaN, a cycle, an object)
    return "".join(out)


__all__ = ["indented", "stdlib_text"]
