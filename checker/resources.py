"""Where the grammar, the shipped rules and the layouts are, installed or in the source tree.

A wheel carries ``grammar/`` and ``rules/`` as ``checker/_data/…`` (see pyproject's
force-include); an editable install or a source checkout has them beside the package.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _data_dir(name: str) -> Path:
    installed = _PACKAGE / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name


def grammar_path() -> Path:
    return _data_dir("grammar") / "rules.lark"


def rules_dir() -> Path:
    return _data_dir("rules")


def layout_path(fmt: str = "2021") -> Path:
    return _PACKAGE / "read" / "formats" / f"format-{fmt}.yaml"


def regions_path() -> Path:
    """China's provinces, cities and counties (name, adcode, parent), from the cpca package (MIT):
    see checker/data/regions.LICENSE.txt."""
    return _PACKAGE / "data" / "regions.csv"
