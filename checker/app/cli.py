"""The ``reportlint`` command: check, parse, rules, explain, init.

Exit codes are the gate's contract: 0 nothing at or above the fail level, 1
findings at or above it, 2 a usage error, a broken rule file or configuration,
a missing path or a file that could not be checked. Heavy modules (rich, lark,
the reader) are imported only by the commands that need them, so one small
check starts fast.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from checker import __version__

FORMATS = ("text", "json", "sarif", "github", "junit", "csv", "html")
LEVELS = ("error", "warning", "info")


class UsageError(Exception):
    """Something the user must fix before anything can be checked (exit 2)."""


def _ids(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应写作 YYYY-MM-DD，而不是“{value}”") from None


def _jobs(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"-j 应为正整数，而不是“{value}”")
    return n


def _rule_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--rules", action="append", default=[], metavar="PATH",
                   help="附加的规则文件或文件夹（可重复）")
    p.add_argument("--config", metavar="FILE", help="配置文件（默认从当前文件夹向上查找 reportlint.yaml）")
    p.add_argument("--profile", metavar="NAME", help="配置文件中的配置方案，如 draft、publish")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="reportlint", description="政府信息公开工作年度报告检查工具")
    parser.add_argument("--version", action="version", version=f"reportlint {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _check_parser(sub.add_parser("check", help="检查报告文件或文件夹"))
    p = sub.add_parser("parse", help="以 JSON 显示从报告中读出的内容")
    p.add_argument("file")
    p = sub.add_parser("rules", help="列出已加载的规则")
    _rule_options(p)
    p = sub.add_parser("explain", help="说明一条规则")
    p.add_argument("rule_id", metavar="ID")
    _rule_options(p)
    p = sub.add_parser("init", help="在当前文件夹写一个带注释的 reportlint.yaml")
    return parser


def _check_parser(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help="文件、文件夹（递归）或通配符")
    _rule_options(p)
    p.add_argument("--select", action="append", type=_ids, default=[], metavar="IDS",
                   help="只启用这些规则（编号或前缀，逗号分隔，可重复）")
    p.add_argument("--ignore", action="append", type=_ids, default=[], metavar="IDS",
                   help="停用这些规则（编号或前缀，逗号分隔，可重复）")
    p.add_argument("--format", choices=FORMATS, default="text")
    p.add_argument("--per-file", action="store_true", help="csv：每个文件一行（结论、问题数、未评估的规则），而不是每个问题一行")
    p.add_argument("--output", "-o", metavar="FILE", help="把结果写入文件")
    p.add_argument("--fail-on", choices=LEVELS, help="达到此级别即退出码 1（默认 error）")
    p.add_argument("--exit-zero", action="store_true", help="有问题也以 0 退出（无法读取的文件仍为 2）")
    p.add_argument("--statistics", action="store_true", help="按规则统计问题数")
    p.add_argument("--published", type=_date, metavar="YYYY-MM-DD", help="报告的发布日期")
    p.add_argument("-j", "--jobs", type=_jobs, default=os.cpu_count() or 1, metavar="N", help="并行进程数")
    p.add_argument("--color", choices=("auto", "always", "never"), default="auto")


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    command = {"check": cmd_check, "parse": cmd_parse, "rules": cmd_rules,
               "explain": cmd_explain, "init": cmd_init}[args.command]
    try:
        return command(args)
    except UsageError as exc:
        _err(str(exc))
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # e.g. piped into head: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def _err(message: str) -> None:
    sys.stderr.write(f"reportlint: {message}\n")


# ---------------------------------------------------------------- rules and settings


def load_settings(args: argparse.Namespace) -> Any:
    """The config file's settings (named, or found upward), or empty settings."""
    from checker.app.config import ConfigError, Settings, find_config, load_config

    path = Path(args.config) if args.config else find_config(Path.cwd())
    if path is None:
        if args.profile:
            raise UsageError(f"未找到配置文件 reportlint.yaml，无法使用配置方案“{args.profile}”")
        return Settings()
    if not path.is_file():
        raise UsageError(f"配置文件不存在：{path}")
    try:
        return load_config(path, args.profile)
    except ConfigError as exc:
        raise UsageError(f"配置错误：\n{exc}") from None


def load_ruleset(settings: Any, extra: Sequence[str]) -> Any:
    """Shipped rules plus the config's and the command line's; a broken file stops everything."""
    from checker.language.cache import load_cached
    from checker.language.resolve import RuleFileError  # light: the loader (and lark) only on a cache miss
    from checker.resources import rules_dir  # = loader.default_rule_paths(), without importing lark

    for p in extra:
        if not Path(p).exists():
            raise UsageError(f"规则路径不存在：{p}")
    paths = [rules_dir(), *map(Path, settings.rule_paths), *map(Path, extra)]
    try:
        return load_cached(paths)
    except RuleFileError as exc:
        raise UsageError(str(exc)) from None


def choose_rules(ruleset: Any, settings: Any, select: list[str], ignore: list[str]) -> Any:
    """Apply select/ignore/severity from config and command line; unknown ids are usage errors."""
    from checker.app.config import did_you_mean
    from checker.language.select import matches

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


# ---------------------------------------------------------------- check


def cmd_check(args: argparse.Namespace) -> int:
    from checker.app.batch import Job, expand_paths
    from checker.diagnostics import Severity
    from checker.engine.evaluate import Options

    settings = load_settings(args)
    ruleset = load_ruleset(settings, args.rules)
    ruleset = choose_rules(ruleset, settings, _flat(args.select), _flat(args.ignore))
    expanded = expand_paths(args.paths)
    for missing in expanded.missing:
        _err(f"路径不存在：{missing}")
    if not expanded.files:
        if not expanded.missing:
            _err("未找到可检查的文件（.txt、.md）")
        return 2
    overrides = settings.overrides if settings.overrides and settings.overrides.items else None
    job = Job(rule_paths=(), options=Options(published=args.published), ruleset=ruleset,
              keep_lines=args.format in ("text", "html"), adjust_for=overrides.adjust_for if overrides else None)
    results = _collect(expanded.files, job, args.jobs)
    fail_on = Severity(args.fail_on) if args.fail_on else settings.fail_on or Severity.ERROR
    _write(results, args, ruleset, fail_on)
    code = exit_code(results, fail_on, args.exit_zero)
    return 2 if expanded.missing else code


def _flat(groups: list[list[str]]) -> list[str]:
    return [i for group in groups for i in group]


def exit_code(results: Sequence[Any], fail_on: Any, exit_zero: bool) -> int:
    """2 if any file could not be checked (even with --exit-zero), else 1 on findings at fail level."""
    if any(r.status != "checked" for r in results):
        return 2
    if exit_zero:
        return 0
    return int(any(d.severity.rank >= fail_on.rank for r in results for d in r.diagnostics))


def _collect(files: Sequence[str], job: Any, jobs: int) -> list[Any]:
    """Run the batch; a progress bar on stderr only when it is a terminal and the batch is large."""
    from checker.app.batch import run

    if len(files) < 20 or not sys.stderr.isatty():
        return list(run(files, job, jobs))
    from rich.console import Console
    from rich.progress import Progress

    results = []
    console = Console(stderr=True, highlight=False)
    with Progress(console=console, transient=True, auto_refresh=False) as progress:
        task = progress.add_task("检查中", total=len(files))
        for result in run(files, job, jobs):
            results.append(result)
            progress.update(task, advance=1, refresh=len(results) % 25 == 0)
    return results


def _write(results: Sequence[Any], args: argparse.Namespace, ruleset: Any, fail_on: Any) -> None:
    from checker.reporters import RenderContext, get_reporter

    ctx = RenderContext(ruleset=ruleset, fail_on=fail_on, statistics=args.statistics,
                        color=args.color, version=__version__, env=dict(os.environ), per_file=args.per_file)
    render = get_reporter(args.format)
    if args.output:
        try:
            with open(args.output, "w", encoding="utf-8") as out:
                render(results, out, ctx)
        except OSError as exc:
            raise UsageError(f"无法写入 {args.output}：{exc.strerror}") from None
    else:
        render(results, sys.stdout, ctx)
        sys.stdout.flush()
    if args.statistics and args.format not in ("text", "json"):
        from checker.reporters.text import render as render_text

        render_text(results, sys.stderr, ctx)


# ---------------------------------------------------------------- parse, rules, explain, init


def cmd_parse(args: argparse.Namespace) -> int:
    import json

    from checker.read.files import Unreadable, read_path  # start-up: the reader only for parse
    from checker.reporters.model_json import report_to_dict

    if not Path(args.file).is_file():
        raise UsageError(f"路径不存在：{args.file}")
    report = read_path(args.file)  # any kind: text, .docx, .pdf, .html, .doc
    if isinstance(report, Unreadable):
        raise UsageError(f"{args.file}：{report.diagnostic.message}")
    json.dump(report_to_dict(report), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


def cmd_rules(args: argparse.Namespace) -> int:
    from checker.reporters.common import short_description

    settings = load_settings(args)
    ruleset = load_ruleset(settings, args.rules)
    width = max((len(r.id) for r in ruleset.rules), default=0)
    for rule in ruleset.rules:
        sys.stdout.write(f"{rule.id:<{width}}  {_severity(rule):<7}  {short_description(rule)}\n")
    sys.stdout.write(f"共 {len(ruleset.rules)} 条规则\n")
    return 0


def _severity(rule: Any) -> str:
    sev = rule.severity
    return getattr(sev, "value", str(sev))


def cmd_explain(args: argparse.Namespace) -> int:
    from checker.app.config import did_you_mean

    settings = load_settings(args)
    ruleset = load_ruleset(settings, args.rules)
    known = list(ruleset.ids())
    if args.rule_id not in known:
        raise UsageError(f"未知的规则“{args.rule_id}”{did_you_mean(args.rule_id, known)}")
    sys.stdout.write(explain_text(ruleset.get(args.rule_id)))
    return 0


def explain_text(rule: Any) -> str:
    """A rule's documentation: description, basis, message template, and its two examples."""
    parts = [f"{rule.id}（{_severity(rule)}）", ""]
    for label, value in (("说明", rule.description), ("依据", rule.basis), ("消息", rule.message)):
        if value:
            parts.append(f"{label}：{str(value).strip()}")
    for label, value in (("通过的例子", rule.example_pass), ("不通过的例子", rule.example_fail)):
        if value:
            parts += ["", f"{label}："]
            parts += ["    " + line for line in str(value).strip("\n").splitlines()]
    source = getattr(rule, "source", None)
    if source:
        where = f"{source.path}:{source.line}" if hasattr(source, "path") else str(source)
        parts += ["", f"定义于：{where}"]
    return "\n".join(parts) + "\n"


def cmd_init(args: argparse.Namespace) -> int:
    from checker.app.config import CONFIG_NAME, STARTER

    target = Path.cwd() / CONFIG_NAME
    if target.exists():
        raise UsageError(f"{CONFIG_NAME} 已存在，不覆盖")
    target.write_text(STARTER, encoding="utf-8")
    sys.stdout.write(f"已写入 {CONFIG_NAME}\n")
    return 0
