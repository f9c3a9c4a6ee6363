"""agencies.yaml: which agency wrote which report, its parent agency and its region.

The batch keys each report by agency and year from its title, but titles vary ("区政府办" and
"区人民政府" are one agency) and say nothing of parents, so an office may write, for files
matching ``paths`` (globs relative to the file) or reports whose title names one of ``names``::

    agencies:
      - agency: 沭阳县人民政府           # the name the batch knows it by
        names: [沭阳县政府办公室]          # other spellings in titles (optional)
        paths: ["沭阳县/县政府/**"]        # files of this agency (optional)
        region: 沭阳县                     # a province, city or county, or its 6-digit code (optional)
      - agency: 沭阳县财政局
        paths: ["沭阳县/财政局/**"]
        parent: 沭阳县人民政府             # hierarchy-sum adds this agency to its parent's sum

The file is read by ``yamlfile`` (no aliases, bounded); every problem is a ``file:line`` error
(exit 2), never a traceback, and an entry that would silently match nothing is an error too.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from checker.app.config import _relative
from checker.app.globs import path_matcher
from checker.app.yamlfile import ConfigError, Key, Loaded, did_you_mean, load_yaml, shown, type_name
from checker.engine.cross import Identity, agency_key
from checker.language.regions import regions

KEYS = ("agency", "names", "paths", "parent", "region")


@dataclass(frozen=True, slots=True)
class Entry:
    identity: Identity
    names: frozenset[str]  # agency keys of the title spellings
    paths: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Agencies:
    """The entries of an agencies.yaml; ``identify`` is handed to the check workers (picklable)."""

    base_dir: str
    entries: tuple[Entry, ...]

    def identify(self, path: str, title_agency: str) -> Identity | None:
        """The identity of the first entry whose paths match ``path``, else whose names the title's agency."""
        rel = _relative(path, self.base_dir)
        for e in self.entries:
            if any(path_matcher(p).fullmatch(rel) for p in e.paths):
                return e.identity
        key = agency_key(title_agency)
        return next((e.identity for e in self.entries if key in e.names), None)


def load_agencies(path: Path) -> Agencies:
    """Read an agencies.yaml; raises ``ConfigError`` listing every problem, one per line."""
    loaded = load_yaml(path, "机关对照文件")
    data, errors = loaded.data, []
    if not isinstance(data, dict) or set(data) - {"agencies"}:
        keys = [k for k in data if k != "agencies"] if isinstance(data, dict) else []
        errors += [f"{loaded.where((k,))}：未知的键“{shown(k)}”（机关对照文件只有 agencies）" for k in keys]
        if not isinstance(data, dict):
            errors.append(f"{loaded.where()}：机关对照文件应为含 agencies 列表的映射，而不是{type_name(data)}")
    items = data.get("agencies") if isinstance(data, dict) else None
    if items is not None and not isinstance(items, list):
        errors.append(f"{loaded.where(('agencies',))}：agencies 应为列表，而不是{type_name(items)}")
        items = None
    entries = [e for i, raw in enumerate(items or ()) if (e := _entry(loaded, ("agencies", i), raw, errors))]
    if errors:
        raise ConfigError("\n".join(errors))
    return Agencies(str(path.resolve().parent), tuple(entries))


def _entry(loaded: Loaded, key: Key, raw: object, errors: list[str]) -> Entry | None:
    where, before = loaded.where(key), len(errors)
    if not isinstance(raw, dict):
        errors.append(f"{where}：每一项应为含 agency 的映射，而不是{type_name(raw)}")
        return None
    for k in raw:
        if k not in KEYS:
            errors.append(f"{loaded.where((*key, k))}：未知的键“{shown(k)}”{did_you_mean(str(k), KEYS)}"
                          f"（可用的键：{'、'.join(KEYS)}）")
    agency, parent = _text(loaded, key, raw, "agency", errors), _text(loaded, key, raw, "parent", errors)
    names, paths = _texts(loaded, key, raw, "names", errors), _texts(loaded, key, raw, "paths", errors)
    if not agency and "agency" not in raw:
        errors.append(f"{where}：缺少 agency（机关名称）")
    region = _region(loaded, key, _text(loaded, key, raw, "region", errors), errors)
    if len(errors) > before:
        return None
    keys = frozenset(agency_key(n) for n in (agency, *names))
    return Entry(Identity(agency, parent or None, region), keys, paths)


def _text(loaded: Loaded, key: Key, raw: dict, name: str, errors: list[str]) -> str:
    value = raw.get(name)
    if isinstance(value, int) and not isinstance(value, bool) and name == "region":
        return str(value)
    if value is None:
        return ""
    if not isinstance(value, str) or not value.strip():
        errors.append(f"{loaded.where((*key, name))}：{name} 应为非空的文字，而不是{type_name(value)}")
        return ""
    return value.strip()


def _texts(loaded: Loaded, key: Key, raw: dict, name: str, errors: list[str]) -> tuple[str, ...]:
    value = raw.get(name)
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(v, str) and v.strip() for v in items):
        errors.append(f"{loaded.where((*key, name))}：{name} 应为文字的列表")
        return ()
    return tuple(v.strip() for v in items)


def _region(loaded: Loaded, key: Key, text: str, errors: list[str]) -> str | None:
    """A region's adcode, from its code or its (unambiguous) name."""
    if not text:
        return None
    names = regions()
    if text in names.by_code:
        return text
    found = names.by_name.get(text, ())
    if len(found) == 1:
        return found[0].code
    where = loaded.where((*key, "region"))
    if found:
        codes = "、".join(f"{r.code}（{names.name(r.parent)}）" for r in found)
        errors.append(f"{where}：地区“{shown(text)}”有重名，请写地区代码：{codes}")
    else:
        errors.append(f"{where}：未知的地区“{shown(text)}”{did_you_mean(text, names.by_name)}"
                      f"（写省、市、县的全称，如“沭阳县”，或 6 位地区代码）")
    return None
