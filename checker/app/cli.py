"""The ``reportlint`` command: check, parse, rules, explain, init.

Exit codes are the gate's contract (``diagnostics.verdict`` decides each file):
0 every file passed, 1 a file failed, 2 a usage error, a broken rule, config or
waiver file, a missing path, a walk error, or a file that could not be checked
(``--exit-zero`` never hides a 2). Results are streamed: each file's result goes
to the reporter as it completes, and the exit code is tallied from the same
stream. rich (for the progress bar) and the process pool are imported only when
they are used, so one small check starts fast.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import sys
from collections.abc import Iterator, Sequence
from datetime import date
from itertools import chain
from pathlib import Path

from checker import __version__
from checker.app import argparse_zh
from checker.app.batch import results
from checker.app.check import Job, cross_plan
from checker.app.config import CONFIG_NAME, STARTER, Settings
from checker.app.setup import (
    UsageError,
    choose_rules,
    load_ruleset,
    load_run_agencies,
    load_run_waivers,
    load_settings,
)
from checker.app.walk import walk
from checker.diagnostics import FileResult, Severity
from checker.engine.evaluate import Options
from checker.language.ast import Rule, RuleSet
from checker.language.select import matches
from checker.read.files import MAX_BYTES, Unreadable, read_path
from checker.reporters import RenderContext, Tally, get_reporter
from checker.reporters.common import SEVERITY_ZH, summary_of
from checker.reporters.model_json import report_to_dict

FORMATS = ("text", "json", "sarif", "github", "junit", "csv", "html")
LEVELS = ("error", "warning", "info")
#: The severity words a person types or reads, with the ids that machine formats and configs use.
LEVEL_WORDS = {"错误": "error", "警告": "warning", "提示": "info"} | {level: level for level in LEVELS}
COMMANDS = ("check", "parse", "rules", "explain", "init")

EXIT_CODES = """退出码：
  0    每个文件都通过
  1    有文件不通过（有未豁免的、达到 --fail-on 级别的问题）
  2    用法错误；规则文件、配置文件或豁免文件有误；路径不存在；有文件无法读取或未能检查；
       没有找到可检查的报告（--exit-zero 不会掩盖 2）
  130  被中断（Ctrl-C）"""


def _ids(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应写作 YYYY-MM-DD，而不是“{value}”") from None


def _level(value: str) -> str:
    """--fail-on: a severity id (error, warning, info) or its Chinese word (错误, 警告, 提示)."""
    try:
        return LEVEL_WORDS[value.strip()]
    except KeyError:
        raise argparse.ArgumentTypeError(f"级别应为 错误/警告/提示（error/warning/info），而不是“{value}”") from None


def _jobs(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"-j 应为正整数，而不是“{value}”")
    return n


def _megabytes(value: str) -> int:
    try:
        mb = float(value)
    except ValueError:
        mb = 0
    if not 0 < mb <= 16 * 1024:
        raise argparse.ArgumentTypeError(f"--max-size 应为 0 到 16384 之间的兆字节数，而不是“{value}”")
    return int(mb * 2**20)


def _rule_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--rules", action="append", default=[], metavar="路径",
                   help="附加的规则文件或文件夹（可重复）")
    p.add_argument("--config", metavar="文件", help="配置文件（默认从当前文件夹向上查找 reportlint.yaml）")
    p.add_argument("--profile", metavar="名称", help="配置文件中的配置方案，如 draft、publish")


def build_parser() -> argparse.ArgumentParser:
    """The whole command line, help and errors in Chinese (argparse's own words via ``argparse_zh``)."""
    argparse_zh.install()
    parser = _parser(None, prog="reportlint", description="政府信息公开工作年度报告检查工具")
    parser.add_argument("--version", action="version", version=f"reportlint {__version__}", help="显示版本号并退出")
    sub = parser.add_subparsers(dest="command", metavar="命令", title="命令")
    _check_parser(_parser(sub, "check", help="检查报告文件或文件夹", description="检查报告文件或文件夹"))
    p = _parser(sub, "parse", help="以 JSON 显示从报告中读出的内容", description="以 JSON 显示从报告中读出的内容")
    p.add_argument("file", metavar="文件", help="一份报告")
    p = _parser(sub, "rules", help="列出已加载的规则", description="列出已加载的规则：编号、级别、简述")
    _rule_options(p)
    p = _parser(sub, "explain", help="说明一条规则", description="说明一条规则；给出前缀（如 t3）时列出以它开头的规则")
    p.add_argument("rule_id", metavar="编号", help="规则编号或前缀")
    _rule_options(p)
    _parser(sub, "init", help="在当前文件夹写一个带注释的 reportlint.yaml",
            description="在当前文件夹写一个带注释的 reportlint.yaml（已存在则不覆盖）")
    return parser


def _parser(sub: argparse._SubParsersAction | None, name: str = "", **kw: str) -> argparse.ArgumentParser:
    """A parser (or sub-command) whose help is Chinese; the top level and ``check`` list the exit codes."""
    common = {"formatter_class": argparse_zh.HelpFormatter, "add_help": False}
    if name in ("", "check"):
        common["epilog"] = EXIT_CODES
    p = argparse.ArgumentParser(**kw, **common) if sub is None else sub.add_parser(name, **kw, **common)
    p.add_argument("-h", "--help", action="help", help="显示本帮助并退出")
    return p


def _check_parser(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="路径", help="文件、文件夹（递归）或通配符")
    _rule_options(p)
    p.add_argument("--select", action="append", type=_ids, default=[], metavar="编号",
                   help="只启用这些规则（编号或前缀，逗号分隔，可重复）")
    p.add_argument("--ignore", action="append", type=_ids, default=[], metavar="编号",
                   help="停用这些规则（编号或前缀，逗号分隔，可重复）")
    p.add_argument("--format", choices=FORMATS, default="text", metavar="格式",
                   help="输出格式：text（默认，供阅读）、json、sarif、github、junit、csv、html")
    p.add_argument("--per-file", action="store_true", help="csv：每个文件一行（结论、问题数、未评估的规则），而不是每个问题一行")
    p.add_argument("--output", "-o", metavar="文件", help="把结果写入文件")
    p.add_argument("--fail-on", type=_level, metavar="级别",
                   help="有达到此级别的问题即退出码 1：错误（error，默认）、警告（warning）或提示（info）")
    p.add_argument("--exit-zero", action="store_true", help="有问题也以 0 退出（无法读取的文件仍为 2）")
    p.add_argument("--statistics", action="store_true", help="按规则统计问题数")
    p.add_argument("--published", type=_date, metavar="YYYY-MM-DD", help="报告的发布日期")
    p.add_argument("-j", "--jobs", type=_jobs, default=os.cpu_count() or 1, metavar="N", help="并行进程数（默认为 CPU 核数）")
    p.add_argument("--color", choices=("auto", "always", "never"), default="auto", metavar="颜色",
                   help="着色：auto（默认，仅在终端且未设 NO_COLOR 时）、always、never")
    p.add_argument("--max-size", type=_megabytes, default=MAX_BYTES, metavar="MB",
                   help=f"单个文件的读取上限（MB，默认 {MAX_BYTES // 2**20}）；超过为 read-error“文件过大”")
    p.add_argument("--waivers", action="append", default=[], metavar="文件",
                   help="豁免文件（可重复），与配置文件中的 waivers 一起使用")
    p.add_argument("--no-waivers", action="store_true", help="不使用任何豁免，显示全部问题（供审计）")
    p.add_argument("--agencies", metavar="FILE", help="机关对照文件 agencies.yaml：文件所属机关、上级机关、地区（跨报告的规则用）")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:  # bare ``reportlint``: the help, and a usage error
        parser.print_help(sys.stderr)
        _err(f"请指定一个命令：{'、'.join(COMMANDS)}")
        return 2
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


# ---------------------------------------------------------------- check


def exit_code(tally: Tally, missing: bool, exit_zero: bool) -> int:
    """From the verdicts the reporter counted: 2 when a path was missing or a file not checked (even with
    --exit-zero), or when no report was found at all; else 1 when a file failed."""
    if missing or tally.verdicts["unreadable"] or not tally.reports:
        return 2
    if exit_zero:
        return 0
    return int(tally.verdicts["failed"] > 0 or tally.stale_waivers_fail)


def cmd_check(args: argparse.Namespace) -> int:
    settings = load_settings(args)
    loaded = load_ruleset(settings, args.rules)
    ruleset = choose_rules(loaded, settings, _flat(args.select), _flat(args.ignore))
    waivers = load_run_waivers(args, settings, list(loaded.ids()))
    missing: list[str] = []

    def on_missing(arg: str) -> None:
        missing.append(arg)
        _err(f"路径不存在：{arg}")

    overrides = settings.overrides if settings.overrides and settings.overrides.items else None
    job = Job(ruleset, Options(published=args.published), keep_lines=args.format in ("text", "html"),
              adjust_for=overrides.adjust_for if overrides else None, waivers=waivers, max_bytes=args.max_size,
              cross=cross_plan(ruleset, load_run_agencies(args.agencies)))
    fail_on = Severity(args.fail_on) if args.fail_on else settings.fail_on or Severity.ERROR
    stream = results(walk(args.paths, on_missing), job, args.jobs)
    first = next(stream, None)
    if first is None:
        if not missing:
            _err("未找到可检查的文件")
        return 2
    tally = _write(_progress(chain([first], stream), args), args, ruleset, fail_on, settings)
    if not tally.reports:
        _err("未找到可检查的报告文件（只有被跳过的文件）")
    return exit_code(tally, bool(missing), args.exit_zero)


def fail_on_source(args: argparse.Namespace, settings: Settings) -> str:
    """Who set the fail level, as the verdict line names it: the option, else the config (and its profile)."""
    if args.fail_on:
        return "--fail-on"
    if settings.fail_on is None:
        return ""
    return f"配置文件 {CONFIG_NAME}，配置方案 {settings.profile}" if settings.profile else f"配置文件 {CONFIG_NAME}"


def _flat(groups: list[list[str]]) -> list[str]:
    return [i for group in groups for i in group]


def _progress(stream: Iterator[FileResult], args: argparse.Namespace) -> Iterator[FileResult]:
    """A progress count on stderr when it is a terminal and the results do not go to that terminal."""
    if not sys.stderr.isatty() or (sys.stdout.isatty() and not args.output):
        yield from stream
        return
    # start-up: rich costs ~75 ms, only paid for a progress bar on a terminal
    from rich.console import Console
    from rich.progress import Progress  # start-up: as above

    with Progress(console=Console(stderr=True, highlight=False), transient=True, auto_refresh=False) as progress:
        task = progress.add_task("检查中", total=None)
        for n, result in enumerate(stream, 1):
            progress.update(task, completed=n, refresh=n % 25 == 0)
            yield result


def _write(stream: Iterator[FileResult], args: argparse.Namespace, ruleset: RuleSet, fail_on: Severity,
           settings: Settings) -> Tally:
    """Stream the results into the reporter; its count of verdicts decides the exit code."""
    ctx = RenderContext(ruleset=ruleset, fail_on=fail_on, statistics=args.statistics,
                        color=args.color, version=__version__, env=dict(os.environ), per_file=args.per_file,
                        fail_on_source=fail_on_source(args, settings))
    render = get_reporter(args.format)
    if args.output:
        try:
            # Names that are not UTF-8 reach here as lone surrogates: never a crash, always valid UTF-8 out.
            with open(args.output, "w", encoding="utf-8", errors="backslashreplace") as out:
                tally = render(stream, out, ctx)
        except OSError as exc:
            raise UsageError(f"无法写入 {args.output}：{exc.strerror}") from None
    else:
        if hasattr(sys.stdout, "reconfigure"):
            sys.stdout.reconfigure(errors="backslashreplace")
        tally = render(stream, sys.stdout, ctx)
        sys.stdout.flush()
    if args.statistics and args.format not in ("text", "json"):  # the statistics go to stderr after the output
        # start-up: the text reporter (~10 ms) is imported only for this, like every reporter (get_reporter)
        from checker.reporters.text import render_summary

        render_summary(tally, sys.stderr, ctx)
    return tally


# ---------------------------------------------------------------- parse, rules, explain, init


def cmd_parse(args: argparse.Namespace) -> int:
    report = read_path(args.file)
    if isinstance(report, Unreadable):
        raise UsageError(report.diagnostic.message)
    json.dump(report_to_dict(report), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


def cmd_rules(args: argparse.Namespace) -> int:
    settings = load_settings(args)
    ruleset = load_ruleset(settings, args.rules)
    width = max((len(r.id) for r in ruleset.rules), default=0)
    for rule in ruleset.rules:
        sys.stdout.write(f"{rule.id:<{width}}  {_severity(rule)}  {summary_of(rule)}\n")
    sys.stdout.write(f"共 {len(ruleset.rules)} 条规则\n")
    return 0


def _severity(rule: Rule) -> str:
    """The level as ``check`` prints it (错误/警告/提示): one set of words for the person reading."""
    return SEVERITY_ZH[Severity(rule.severity)]


def cmd_explain(args: argparse.Namespace) -> int:
    settings = load_settings(args)
    ruleset = load_ruleset(settings, args.rules)
    rule = ruleset.get(args.rule_id)
    if rule is not None:
        sys.stdout.write(explain_text(rule))
        return 0
    family = [r for r in ruleset.rules if matches(r.id, [args.rule_id])]
    if not family:
        raise UsageError(unknown_rule(args.rule_id, list(ruleset.ids())))
    sys.stdout.write(prefix_text(args.rule_id, family))
    return 0


def unknown_rule(word: str, known: list[str]) -> str:
    """``未知的规则“x”``, with the nearest ids (those about as near as the nearest), else where to find them all."""
    close = nearest(word, known)
    if close:
        quoted = [f"“{c}”" for c in close]
        listed = f"{'、'.join(quoted[:-1])}或{quoted[-1]}" if len(quoted) > 1 else quoted[0]
        return f"未知的规则“{word}”，是否想写{listed}？"
    return f"未知的规则“{word}”：reportlint rules 列出全部 {len(known)} 条规则"


def nearest(word: str, known: list[str], most: int = 3) -> list[str]:
    """The ids nearest to ``word`` (difflib's ratio ≥ 0.55), keeping only those within 0.1 of the best."""
    scored = sorted(((difflib.SequenceMatcher(None, word, k).ratio(), k) for k in known), reverse=True)
    scored = [(r, k) for r, k in scored if r >= 0.55]
    return [k for r, k in scored[:most] if r >= scored[0][0] - 0.1]


def prefix_text(prefix: str, family: list[Rule]) -> str:
    """The rules a prefix names (as ``--select`` reads it), one line each, for ``explain t3``."""
    width = max(len(r.id) for r in family)
    head = "全部规则" if prefix == "ALL" else f"以“{prefix.rstrip('-.')}”开头的规则"
    lines = [f"{head}共 {len(family)} 条：", ""]
    lines += [f"  {r.id:<{width}}  {_severity(r)}  {summary_of(r)}" for r in family]
    lines += ["", f"用 reportlint explain {family[0].id} 查看其中一条的说明"]
    return "\n".join(lines) + "\n"


def explain_text(rule: Rule) -> str:
    """A rule's documentation: summary, description, basis, message template, and its two examples."""
    parts = [f"{rule.id}（{_severity(rule)}）", ""]
    for label, value in (("简述", rule.summary), ("说明", rule.description), ("依据", rule.basis),
                         ("消息", rule.message)):
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
    target = Path.cwd() / CONFIG_NAME
    if target.exists():
        raise UsageError(f"{CONFIG_NAME} 已存在，不覆盖")
    target.write_text(STARTER, encoding="utf-8")
    sys.stdout.write(f"已写入 {CONFIG_NAME}\n")
    return 0
