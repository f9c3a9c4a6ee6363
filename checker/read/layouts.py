"""Table and section layouts, loaded from YAML (``checker/layouts/format-*.yaml``).

The official labels, their canonical ids and the aliases seen in the wild are
data, so another format or a province's variant is a new YAML file, not Python.
Both the reader (to recognise rows) and the rule loader (to resolve "本年新收"
to ``r1``) look labels up here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from checker.normalize import label_key
from checker.resources import layout_path


@dataclass(frozen=True, slots=True)
class Label:
    id: str
    label: str  # the official label
    short: str  # the short name used in messages ("本年新收")
    aliases: tuple[str, ...]
    group: str = ""  # the merged group label above it, e.g. "（三）不予公开"

    def match_keys(self) -> tuple[str, ...]:
        """Every normalised wording this label may be written as."""
        return tuple(dict.fromkeys(label_key(t) for t in (self.label, self.short, *self.aliases) if t))


@dataclass(frozen=True, slots=True)
class SubTable:
    caption: str
    rows: tuple[str, ...]
    cols: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Identity:
    """One of a table's own sums, named by the rule that checks it.

    The reader needs them to split glued digits ("713000074") back into cells, and must say
    which rule's identity a split consumed (``Cell.inferred``), so they are data here, beside
    the rows and columns they relate. ``kind`` is "row-sum" (in each row: ``total`` column =
    sum of the ``parts`` columns), "col-sum" (in each column: ``total`` row = sum of the
    ``parts`` rows) or "col-balance" (in each column: sum of ``left`` rows = sum of ``right`` rows).
    """

    rule: str
    kind: str
    parts: tuple[str, ...] = ()
    total: str = ""
    left: tuple[str, ...] = ()
    right: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TableLayout:
    id: str
    name: str
    section: str
    kind: str  # "grid" | "blocks"
    rows: tuple[Label, ...]
    cols: tuple[Label, ...]
    groups: tuple[tuple[str, tuple[str, ...]], ...] = ()
    subtables: tuple[SubTable, ...] = ()
    amounts: tuple[str, ...] = ()
    anchors: tuple[str, ...] = ()  # header labels that identify the table (blocks tables)
    signed: tuple[str, ...] = ()  # columns whose values may be negative (2019: 本年增/减)
    identities: tuple[Identity, ...] = ()  # the table's own arithmetic, by the rule that checks it

    def row(self, rid: str) -> Label:
        return next(r for r in self.rows if r.id == rid)

    def col(self, cid: str) -> Label:
        return next(c for c in self.cols if c.id == cid)

    def group(self, name: str) -> tuple[str, ...] | None:
        return dict(self.groups).get(name)

    def cell_ids(self) -> tuple[tuple[str, str], ...]:
        """Every (row, col) the format has a cell for, in reading order."""
        if self.subtables:
            return tuple((r, c) for st in self.subtables for r in st.rows for c in st.cols)
        return tuple((r.id, c.id) for r in self.rows for c in self.cols)

    def find_row(self, text: str) -> str | None:
        return _find(self.rows, text)

    def find_col(self, text: str) -> str | None:
        return _find(self.cols, text)


@dataclass(frozen=True, slots=True)
class SectionLayout:
    key: str
    number: int
    label: str
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Layout:
    format: str
    basis: str
    sections: tuple[SectionLayout, ...]
    tables: tuple[TableLayout, ...]

    def table(self, tid: str) -> TableLayout:
        return next(t for t in self.tables if t.id == tid)


def _find(labels: tuple[Label, ...], text: str) -> str | None:
    key = label_key(text)
    for lab in labels:
        if key in lab.match_keys():
            return lab.id
    return None


def _label(lid: str, spec: dict) -> Label:
    return Label(
        id=str(lid),
        label=spec["label"],
        short=spec.get("short", spec["label"]),
        aliases=tuple(spec.get("aliases", ())),
        group=spec.get("group", ""),
    )


def _table(tid: str, spec: dict) -> TableLayout:
    return TableLayout(
        id=tid,
        name=spec["name"],
        section=spec["section"],
        kind=spec.get("kind", "grid"),
        rows=tuple(_label(k, v) for k, v in spec["rows"].items()),
        cols=tuple(_label(k, v) for k, v in spec["cols"].items()),
        groups=tuple((k, tuple(v)) for k, v in spec.get("groups", {}).items()),
        subtables=tuple(
            SubTable(st["caption"], tuple(st["rows"]), tuple(st["cols"])) for st in spec.get("subtables", ())
        ),
        amounts=tuple(spec.get("amounts", ())),
        anchors=tuple(spec.get("anchors", ())),
        signed=tuple(spec.get("signed", ())),
        identities=tuple(_identity(rule, v, spec) for rule, v in spec.get("identities", {}).items()),
    )


def _identity(rule: str, spec: dict, table: dict) -> Identity:
    """An identity; ``parts`` may name a group of the table ("applicants") instead of listing ids."""
    parts = spec.get("parts", ())
    if isinstance(parts, str):
        parts = table.get("groups", {})[parts]
    return Identity(
        str(rule), spec["kind"], tuple(parts), str(spec.get("total", "")),
        tuple(spec.get("left", ())), tuple(spec.get("right", ())),
    )


def parse_layout(data: dict) -> Layout:
    return Layout(
        format=str(data["format"]),
        basis=data.get("basis", ""),
        sections=tuple(
            SectionLayout(s["key"], s["number"], s["label"], tuple(s.get("aliases", ())))
            for s in data["sections"]
        ),
        tables=tuple(_table(k, v) for k, v in data["tables"].items()),
    )


#: libyaml's loader reads the layout ~8× faster than the pure-Python one (one check starts in < 0.3 s).
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(stream: object) -> object:
    """``yaml.safe_load``, through libyaml when it is installed (the same data, faster)."""
    return yaml.load(stream, Loader=_SAFE_LOADER)  # noqa: S506 - a safe loader


DEFAULT_FORMAT = "2021"


def load_layout(path: Path | None = None) -> Layout:
    """Load (once per path) a layout file; the default is the 2021 national format."""
    return _default_layout() if path is None else _load(Path(path).resolve())


@lru_cache(maxsize=1)
def _default_layout() -> Layout:
    """The default, without resolving its path on every report (``resolve`` stats each folder
    of the path: a tenth of the time a report takes to read)."""
    return _load(Path(layout_path()).resolve())


@lru_cache(maxsize=8)
def _load(path: Path) -> Layout:
    with open(path, encoding="utf-8") as fh:
        return parse_layout(safe_load(fh))


@lru_cache(maxsize=16)
def layout_of(fmt: str) -> Layout | None:
    """The layout of a format by its name ("2021", "2019"), None when reportlint has none for it."""
    path = layout_path(fmt)
    return load_layout(path) if path.is_file() else None


def known_layouts() -> tuple[Layout, ...]:
    """Every format reportlint has a layout file for: the default (2021) first, then the others by name."""
    names = sorted(p.stem.removeprefix("format-") for p in layout_path().parent.glob("format-*.yaml"))
    names.sort(key=lambda n: n != DEFAULT_FORMAT)
    return tuple(layout for n in names if (layout := layout_of(n)) is not None)
