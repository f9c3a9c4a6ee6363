"""What a command needs before it checks anything: settings, rules, waivers — or a usage error.

Everything here fails before the first file is read: a broken config, rule or waiver
file stops the run with exit 2 and a located message, so a gate never runs on rules
it did not mean.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from checker.app.agencies import load_agencies
from checker.app.config import ConfigError, Settings, did_you_mean, find_config, load_config
from checker.app.waivers import Waiver, Waivers, load_waivers, text_lines
from checker.engine.cross import Identity
from checker.language.ast import RuleSet
from checker.language.cache import load_cached
from checker.language.resolve import RuleFileError
from checker.language.select import matches
from checker.resources import rules_dir


class UsageError(Exception):
    """Something the user must fix before anything can be checked (exit 2)."""


#: A rule file is a few KB; anything near this is not one (``--rules /dev/zero``, a log given by mistake).
MAX_RULE_BYTES = 16 * 1024 * 1024


def load_settings(args: argparse.Namespace) -> Settings:
    """The config file's settings (named, or found upward), or empty settings."""
    path = Path(args.config) if args.config else find_config(Path.cwd())
    if path is None:
        if args.profile:
            raise UsageError(f"未找到配置文件 reportlint.yaml，无法使用配置方案“{args.profile}”")
        return Settings()
    if not path.exists():
        raise UsageError(f"配置文件不存在：{path}")
    try:
        return load_config(path, args.profile)
    except ConfigError as exc:
        raise UsageError(f"配置错误：\n{exc}") from None


def load_ruleset(settings: Settings, extra: Sequence[str]) -> RuleSet:
    """Shipped rules plus the config's and the command line's; a broken file stops everything."""
    paths = [rules_dir(), *map(Path, settings.rule_paths), *map(Path, extra)]
    for p in paths[1:]:
        _check_rule_path(p)
    try:
        return load_cached(paths)
    except RuleFileError as exc:
        raise UsageError(str(exc)) from None


def _check_rule_path(path: Path) -> None:
    """A rule path is a folder or a regular file of a sane size: never a FIFO (it blocks) or a device."""
    try:
        st = path.stat()
    except FileNotFoundError:
        raise UsageError(f"规则路径不存在：{path}") from None
    except OSError as exc:
        raise UsageError(f"无法读取规则路径 {path}：{exc.strerror}") from None
    if path.is_dir():
        return
    if not path.is_file():
        raise UsageError(f"规则路径不是普通文件（管道、设备或套接字），不读取：{path}")
    if st.st_size > MAX_RULE_BYTES:
        raise UsageError(f"规则文件过大（超过 {MAX_RULE_BYTES // (1024 * 1024)} MB），不读取：{path}")


def choose_rules(ruleset: RuleSet, settings: Settings, select: list[str], ignore: list[str]) -> RuleSet:
    """Apply select/ignore/severity from config and command line; unknown ids are usage errors."""
    known = list(ruleset.ids())
    errors = settings.unknown_ids(known)
    errors += [f"未知的规则“{i}”{did_you_mean(i, known)}" for i in dict.fromkeys(select + ignore)
               if not any(matches(k, (i,)) for k in known)]
    if errors:
        raise UsageError("\n".join(errors))
    chosen_select = select or list(settings.choice.select)
    chosen_ignore = [*settings.choice.ignore, *ignore]
    keep = [k for k in known if (not chosen_select or matches(k, chosen_select)) and not matches(k, chosen_ignore)]
    if len(keep) != len(known):
        ruleset = ruleset.select(keep, [])
    levels = {k: sev for pattern, sev in settings.choice.severity for k in known if matches(k, (pattern,))}
    return ruleset.with_severities(levels) if levels else ruleset


def load_run_waivers(args: argparse.Namespace, settings: Settings, known: Sequence[str]) -> Waivers | None:
    """The config's waivers and those of ``--waivers`` files, checked against the loaded rule ids."""
    if args.no_waivers:
        return None
    items: list[Waiver] = list(settings.waivers)
    texts = [(settings.path, text_lines(Path(settings.path)))] if settings.waivers and settings.path else []
    for name in [*settings.waiver_files, *args.waivers]:
        try:
            found, text = load_waivers(Path(name))
        except ConfigError as exc:
            raise UsageError(f"豁免文件有误：\n{exc}") from None
        items += found
        texts.append(text)
    unknown = [f"{w.source}：未知的规则“{w.rule}”{did_you_mean(w.rule, known)}" for w in items
               if not any(matches(k, (w.rule,)) for k in known)]
    if unknown:
        raise UsageError("豁免文件有误：\n" + "\n".join(unknown))
    return Waivers.of(items, date.today(), texts) if items else None


def load_run_agencies(name: str | None) -> Callable[[str, str], Identity | None] | None:
    """``--agencies``: who wrote which report, for the cross-report rules; a broken file is a usage error."""
    if not name:
        return None
    try:
        return load_agencies(Path(name)).identify
    except ConfigError as exc:
        raise UsageError(f"机关对照文件有误：\n{exc}") from None
