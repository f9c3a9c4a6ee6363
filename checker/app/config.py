"""reportlint.yaml: which rules, at which severity, for which files, under which profile; and waivers.

A misspelt key or rule id would silently drop the guard it was meant to add,
so every unknown key and id is an error (exit 2) with a "did you mean" hint, and
so is every value of the wrong type (``profile: [a]``), never a TypeError.
The file is found upward from the working folder, or named with ``--config``;
it is read by ``yamlfile`` (no aliases, bounded size and nesting).
Paths in it (extra rule paths, per-path globs, waiver files) are relative to the file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from checker.app.check import Adjust
from checker.app.globs import path_matcher
from checker.app.waivers import Waiver, parse_waivers
from checker.app.yamlfile import ConfigError, Loaded, did_you_mean, load_yaml, shown, type_name
from checker.diagnostics import Severity
from checker.language.select import matches

CONFIG_NAME = "reportlint.yaml"
_CHOICE_KEYS = ("select", "ignore", "severity")
_SETTING_KEYS = (*_CHOICE_KEYS, "rule-paths", "fail-on", "overrides")
_TOP_KEYS = (*_SETTING_KEYS, "profiles", "profile", "waivers")
_OVERRIDE_KEYS = ("paths", *_CHOICE_KEYS)
_LEVELS = tuple(s.value for s in Severity)


__all__ = ["CONFIG_NAME", "STARTER", "ConfigError", "Settings", "did_you_mean", "find_config", "load_config",
           "resolve"]


@dataclass(frozen=True, slots=True)
class Choice:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: tuple[tuple[str, Severity], ...] = ()

    def merged(self, other: Choice) -> Choice:
        """``other`` on top: its select replaces, its ignore and severity add."""
        return Choice(
            other.select or self.select,
            self.ignore + other.ignore,
            tuple({**dict(self.severity), **dict(other.severity)}.items()),
        )

    def ids(self) -> tuple[str, ...]:
        return self.select + self.ignore + tuple(k for k, _ in self.severity)


@dataclass(frozen=True, slots=True)
class Override:
    """Per-path rule choice: globs (relative to the config file) and what changes for them."""

    patterns: tuple[str, ...]
    choice: Choice

    def applies(self, rel: str) -> bool:
        return any(path_matcher(p).fullmatch(rel) for p in self.patterns)


@dataclass(frozen=True, slots=True)
class Overrides:
    """All per-path overrides of a run; ``adjust_for`` is handed to the check workers."""

    base_dir: str
    items: tuple[Override, ...]

    def adjust_for(self, path: str) -> Adjust:
        rel = _relative(path, self.base_dir)
        choice = Choice()
        for item in self.items:
            if item.applies(rel):
                choice = choice.merged(item.choice)
        return Adjust(choice.select, choice.ignore, choice.severity)


@dataclass(frozen=True, slots=True)
class Settings:
    """The resolved settings of one run (base, then the chosen profile on top)."""

    path: str | None = None
    profile: str | None = None
    rule_paths: tuple[str, ...] = ()
    choice: Choice = field(default_factory=Choice)
    fail_on: Severity | None = None
    overrides: Overrides | None = None
    waivers: tuple[Waiver, ...] = ()  # written in the config itself
    waiver_files: tuple[str, ...] = ()  # named by it (relative paths made absolute)

    def unknown_ids(self, known: Sequence[str]) -> list[str]:
        """Errors for every id or prefix (global or per-path) that names no loaded rule."""
        ids = list(self.choice.ids())
        for item in self.overrides.items if self.overrides else ():
            ids.extend(item.choice.ids())
        return [
            f"{self.path or CONFIG_NAME}：未知的规则“{i}”{did_you_mean(i, known)}"
            for i in dict.fromkeys(ids)
            if not any(matches(k, (i,)) for k in known)
        ]


def find_config(start: Path) -> Path | None:
    """The nearest reportlint.yaml in ``start`` or a parent folder."""
    for folder in (start, *start.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


def load_config(path: Path, profile: str | None = None) -> Settings:
    """Read, validate and resolve a config file (raises ``ConfigError`` listing every problem)."""
    loaded = load_yaml(path, "配置文件")
    return resolve(loaded.data if loaded.data is not None else {}, path, profile, loaded)


def resolve(data: object, path: Path, profile: str | None, loaded: Loaded | None = None) -> Settings:
    """Validate the parsed YAML and merge the chosen (or default) profile over the base."""
    errors: list[str] = []
    where = str(path)
    if not isinstance(data, dict):
        raise ConfigError(f"{where}：配置文件的顶层应为键值映射，而不是{type_name(data)}")
    _check_keys(data, _TOP_KEYS, where, errors)
    profiles = _profiles(data, where, errors)
    name = profile if profile is not None else _profile_name(data, where, errors)
    base_dir = str(path.resolve().parent)
    settings = _settings(data, where, base_dir, errors)
    if name is not None:
        if name not in profiles:
            known = "、".join(profiles) or "（无）"
            errors.append(f"{where}：未知的配置方案“{shown(name)}”{did_you_mean(name, profiles)}（已定义：{known}）")
        else:
            _check_keys(profiles[name], _SETTING_KEYS, f"{where} profiles.{name}", errors)
            settings = _merge(settings, _settings(profiles[name], f"{where} profiles.{name}", base_dir, errors))
    waivers, files = _waivers(data, loaded or Loaded(where, data), base_dir, errors)
    if errors:
        raise ConfigError("\n".join(errors))
    return Settings(where, name, settings.rule_paths, settings.choice, settings.fail_on, settings.overrides,
                    waivers, files)


def _profiles(data: dict, where: str, errors: list[str]) -> dict[str, object]:
    profiles = data.get("profiles")
    if profiles is None:
        return {}
    if not isinstance(profiles, dict):
        errors.append(f"{where}：profiles 应为“名称: 设置”的映射，而不是{type_name(profiles)}")
        return {}
    return {str(k): v for k, v in profiles.items()}


def _profile_name(data: dict, where: str, errors: list[str]) -> str | None:
    name = data.get("profile")
    if name is None or isinstance(name, str):
        return name
    if isinstance(name, int) and not isinstance(name, bool):
        return str(name)
    errors.append(f"{where}：profile 应为配置方案的名称（文字），而不是{type_name(name)}")
    return None


def _waivers(data: dict, loaded: Loaded, base_dir: str, errors: list[str]) -> tuple[tuple[Waiver, ...], tuple[str, ...]]:
    """``waivers:`` is a list of waivers, or the name (or list of names) of waiver files."""
    value = data.get("waivers")
    if isinstance(value, str) or (isinstance(value, list) and value and all(isinstance(v, str) for v in value)):
        names = [value] if isinstance(value, str) else value
        return (), tuple(str(Path(base_dir, n)) for n in names)
    return tuple(parse_waivers(loaded, ("waivers",), value, base_dir, errors)), ()


def _merge(base: Settings, top: Settings) -> Settings:
    items = (base.overrides.items if base.overrides else ()) + (top.overrides.items if top.overrides else ())
    overrides = Overrides(base.overrides.base_dir, items) if base.overrides else top.overrides
    return Settings(
        rule_paths=base.rule_paths + top.rule_paths,
        choice=base.choice.merged(top.choice),
        fail_on=top.fail_on or base.fail_on,
        overrides=overrides,
    )


def _settings(data: object, where: str, base_dir: str, errors: list[str]) -> Settings:
    if not isinstance(data, dict):
        errors.append(f"{where}：应为键值映射，而不是{type_name(data)}")
        return Settings()
    fail_on = data.get("fail-on")
    if fail_on is not None and (not isinstance(fail_on, str) or fail_on not in _LEVELS):
        errors.append(f"{where}：fail-on 应为 {'、'.join(_LEVELS)} 之一，而不是“{shown(fail_on)}”")
        fail_on = None
    rule_paths = tuple(str(Path(base_dir, p)) for p in _strings(data, "rule-paths", where, errors))
    items = []
    for i, raw in enumerate(_list(data, "overrides", where, errors)):
        items.append(_override(raw, f"{where} overrides[{i}]", errors))
    return Settings(
        rule_paths=rule_paths,
        choice=_choice(data, where, errors),
        fail_on=Severity(fail_on) if fail_on else None,
        overrides=Overrides(base_dir, tuple(items)),
    )


def _override(raw: object, where: str, errors: list[str]) -> Override:
    if not isinstance(raw, dict):
        errors.append(f"{where}：应为含 paths 的键值映射，而不是{type_name(raw)}")
        return Override((), Choice())
    _check_keys(raw, _OVERRIDE_KEYS, where, errors)
    patterns = _strings(raw, "paths", where, errors)
    if not patterns:
        errors.append(f"{where}：缺少 paths（适用的路径模式）")
    return Override(patterns, _choice(raw, where, errors))


def _choice(data: dict, where: str, errors: list[str]) -> Choice:
    severity = data.get("severity") or {}
    if not isinstance(severity, dict):
        errors.append(f"{where}：severity 应为“规则: 级别”的映射，而不是{type_name(severity)}")
        severity = {}
    levels = []
    for rule, level in severity.items():
        if not isinstance(level, str) or level not in _LEVELS:
            errors.append(f"{where}：规则“{shown(rule)}”的级别应为 {'、'.join(_LEVELS)} 之一，而不是“{shown(level)}”"
                          f"{did_you_mean(str(level), _LEVELS)}")
        else:
            levels.append((str(rule), Severity(level)))
    return Choice(_strings(data, "select", where, errors), _strings(data, "ignore", where, errors), tuple(levels))


def _list(data: dict, key: str, where: str, errors: list[str]) -> list:
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        errors.append(f"{where}：{key} 应为列表，而不是{type_name(value)}")
        return []
    return value


def _strings(data: dict, key: str, where: str, errors: list[str]) -> tuple[str, ...]:
    value = data.get(key)
    if isinstance(value, str):
        return tuple(v.strip() for v in value.split(",") if v.strip())
    items = _list(data, key, where, errors)
    if any(not isinstance(v, str) for v in items):
        errors.append(f"{where}：{key} 的每一项都应为字符串")
    return tuple(v for v in items if isinstance(v, str))


def _check_keys(data: object, allowed: Sequence[str], where: str, errors: list[str]) -> None:
    if not isinstance(data, dict):
        return
    for key in data:
        if key not in allowed:
            errors.append(f"{where}：未知的键“{shown(key)}”{did_you_mean(str(key), allowed)}"
                          f"（可用的键：{'、'.join(allowed)}）")


def _relative(path: str, base_dir: str) -> str:
    p = Path(path).resolve()
    try:
        return p.relative_to(base_dir).as_posix()
    except ValueError:
        return Path(path).as_posix()


STARTER = """\
# reportlint.yaml — reportlint 的配置文件（由 reportlint init 生成）。
# 从当前文件夹向上查找；也可用 --config 指定。未知的键和规则编号都会报错。

# 默认使用的配置方案（可用 --profile 改选）。
profile: publish

# 附加的规则文件或文件夹（相对于本文件），与自带规则一起加载。
# rule-paths:
#   - rules/本单位.rule

# 只启用这些规则（编号或前缀）；不写则启用全部。
# select: [t3, t4]

# 停用的规则（编号或前缀）。
# ignore: []

# 改变规则的级别：error | warning | info。
# severity:
#   period-mismatch: warning

# 达到哪一级别即判为不通过（退出码 1）：error | warning | info。
fail-on: error

# 按路径调整（路径模式相对于本文件；** 跨文件夹）。
# overrides:
#   - paths: ["乡镇/**"]
#     ignore: [t2]

# 豁免：经核实、接受的问题（写明理由；错误级别须写 severity: error）。也可写豁免文件名。
# waivers:
#   - file: 南湖县/卫健委2024.docx
#     rule: text-table-mismatch
#     at: "表三[本年新收, 总计]"
#     reason: 正文 749 件含上年结转 36 件，经核实无误
#     by: 县政务公开办 李某
#     until: 2027-03-31

# 配置方案：draft 供起草时使用，publish 供发布前把关。
profiles:
  draft:
    fail-on: error
    # ignore: []
  publish:
    fail-on: warning
"""
