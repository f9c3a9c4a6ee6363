"""The end of the text output: counts by rule, tables by agency and folder, and the lines to read aloud.

The last line is the gate's answer an office can read out ("共 300 份：通过 187 份，不通过 113 份，
无法检查 0 份；已豁免 4 条"), from the same verdicts as every other format
(``checker.diagnostics.verdict``, counted in the ``Tally``).
"""

from __future__ import annotations

from collections.abc import Sequence

from checker.diagnostics import Severity
from checker.reporters.common import SEVERITY_ZH, GroupCounts, RenderContext, Tally, rule_summary
from checker.reporters.console import STYLE, Printer, Styled
from checker.reporters.escape import one_line, printable


def print_summary(console: Printer, tally: Tally, ctx: RenderContext) -> None:
    per_rule = tally.per_rule()
    if per_rule:
        _rule_counts(console, per_rule, ctx)
    if ctx.statistics or tally.reports > 1:
        _group_table(console, "按单位统计：", "单位", tally.agencies)
        if len(tally.folders) > 1:
            _group_table(console, "按文件夹统计：", "文件夹", tally.folders)
    if tally.count("skipped"):
        console.print(skipped_text(tally))
    console.print(findings_text(tally, ctx))
    console.print(verdict_text(tally, ctx))


def _rule_counts(console: Printer, per_rule: list[tuple[str, Severity, int]], ctx: RenderContext) -> None:
    console.print(Styled("按规则统计：", style="bold"))
    width = len(str(max(n for _, _, n in per_rule)))
    for rule, severity, count in per_rule:
        line = Styled(f"  {count:>{width}}  ")
        line.append(SEVERITY_ZH[severity], style=STYLE[severity])
        line.append(f"  {rule}", style="magenta")
        desc = rule_summary(ctx, rule)
        if desc:
            line.append(f"  {printable(desc)}")
        console.print(line)
    console.print()


def _group_table(console: Printer, title: str, label: str, groups: dict[str, GroupCounts]) -> None:
    """Files, passed, failed, unreadable and the top failing rules of each agency (or folder)."""
    head = [label, "文件", "通过", "不通过", "无法检查", "主要问题"]
    rows = [
        [one_line(key), str(g.files), str(g.passed), str(g.failed), str(g.unreadable),
         "、".join(f"{rule} {n}" for rule, n in g.top_rules())]
        for key, g in sorted(groups.items())
    ]
    console.print(Styled(title, style="bold"))
    for line in aligned([head, *rows], right=(1, 2, 3, 4)):
        console.print(Styled("  " + line))
    console.print()


def aligned(rows: Sequence[Sequence[str]], right: tuple[int, ...] = ()) -> list[str]:
    """Rows as lines of columns two cells apart, CJK characters counted two cells wide."""
    from rich.cells import cell_len  # start-up: rich only when a table is printed

    widths = [max(cell_len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = []
        for i, value in enumerate(row):
            pad = " " * (widths[i] - cell_len(value))
            cells.append(pad + value if i in right else value + pad)
        lines.append("  ".join(cells).rstrip())
    return lines


def skipped_text(tally: Tally) -> Styled:
    """``跳过 1 个非报告文件：a.png（不是报告格式）``; past ``Tally.SKIPPED_SHOWN`` only counted."""
    named = "、".join(one_line(path) + (f"（{one_line(reason)}）" if reason else "") for path, reason in tally.skipped)
    more = tally.count("skipped") - len(tally.skipped)
    return Styled(f"跳过 {tally.count('skipped')} 个非报告文件：{named}" + (f" 等（另有 {more} 个）" if more else ""))


def findings_text(tally: Tally, ctx: RenderContext) -> Styled:
    """How many files and rules, and what was found (or that nothing was)."""
    errors, warnings, infos = (tally.levels[s] for s in (Severity.ERROR, Severity.WARNING, Severity.INFO))
    if not (errors or warnings or infos):
        return Styled(f"{tally.reports} 个文件，{ctx.rule_count} 条规则，未发现问题", style="bold green")
    text = Styled(f"检查了 {tally.reports} 个文件，{ctx.rule_count} 条规则：", style="bold")
    text.append(f"{errors} 个错误", style=STYLE[Severity.ERROR] if errors else "")
    text.append("，")
    text.append(f"{warnings} 个警告", style=STYLE[Severity.WARNING] if warnings else "")
    text.append(f"，{infos} 个提示")
    if tally.count("unreadable"):
        text.append(f"；{tally.count('unreadable')} 个文件未能检查", style="bold red")
    return text


def verdict_text(tally: Tally, ctx: RenderContext | None = None) -> Styled:
    """``共 300 份：通过 187 份，不通过 113 份，无法检查 0 份；已豁免 4 条``, and the fail level and who
    set it when it is not 错误 (a profile that raises it must not change the verdict unsaid)."""
    failed, unreadable = tally.count("failed"), tally.count("unreadable")
    text = Styled(f"共 {tally.reports} 份：", style="bold")
    text.append(f"通过 {tally.count('passed')} 份", style="bold green")
    text.append("，")
    text.append(f"不通过 {failed} 份", style="bold red" if failed else "")
    text.append("，")
    text.append(f"无法检查 {unreadable} 份", style="bold red" if unreadable else "")
    text.append(f"；已豁免 {tally.waived} 条")
    if tally.fail_on is not Severity.ERROR and ctx is not None and ctx.fail_on_source:
        text.append(f"；有{SEVERITY_ZH[tally.fail_on]}及以上即不通过（{ctx.fail_on_source}）")
    return text
