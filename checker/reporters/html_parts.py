"""The pieces of the HTML page: count cards, the bar chart, the tables, each file's findings.

Every string from a report, a file name or a rule goes through ``text()`` (visible escapes
for control characters, then HTML escaping), so a report containing ``<script>`` shows
that text and nothing runs. Each function returns finished markup for one piece; the
page (``html_out``) only puts them in order.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from checker.diagnostics import Diagnostic, FileResult, Severity
from checker.reporters.common import (
    SEVERITY_ZH,
    VERDICT_ZH,
    GroupCounts,
    RenderContext,
    Tally,
    fails,
    kind_text,
    location_text,
    rule_summary,
)
from checker.reporters.escape import printable

CONTEXT = 40  # characters of a report line shown either side of the span at fault
CHART_RULES = 15  # bars in the chart; the rest are summed in one line under it


def text(value: object) -> str:
    """Any value as HTML text: control characters visible, markup escaped."""
    return html.escape(printable("" if value is None else str(value)), quote=True)


def cards(tally: Tally) -> str:
    """The four counts, each a button that filters the table of files by that verdict."""
    items = [("reports", "报告", tally.reports, "")] + [
        (v, VERDICT_ZH[v], tally.count(v), v) for v in ("passed", "failed", "unreadable")
    ]
    out = []
    for key, label, n, verdict in items:
        attr = f' data-filter-verdict="{verdict}"' if verdict else ' data-filter-verdict=""'
        out.append(f'<button type="button" class="card card-{key}"{attr}>'
                   f'<span class="card-n" id="count-{key}">{n}</span><span class="card-label">{label}</span></button>')
    waived = f'<p class="note">已豁免 <strong id="count-waived">{tally.waived}</strong> 条问题'
    skipped = tally.count("skipped")
    waived += f'；跳过 <strong id="count-skipped">{skipped}</strong> 个非报告文件' if skipped else ""
    return f'<div class="cards">{"".join(out)}</div>{share_bar(tally)}{waived}。</p>'


def share_bar(tally: Tally) -> str:
    """Passed, failed and unreadable as one bar of 100 %, with the pass rate."""
    if not tally.reports:
        return ""
    parts, x = [], 0.0
    for verdict in ("passed", "failed", "unreadable"):
        share = 100 * tally.count(verdict) / tally.reports
        if share:
            parts.append(f'<rect class="share-{verdict}" x="{x:.2f}%" y="0" width="{share:.2f}%" height="12">'
                         f"<title>{VERDICT_ZH[verdict]} {tally.count(verdict)} 份</title></rect>")
        x += share
    rate = 100 * tally.count("passed") / tally.reports
    return (f'<div class="share"><svg class="share-bar" width="100%" height="12" role="img" '
            f'aria-label="通过率 {rate:.0f}%">{"".join(parts)}</svg>'
            f'<span class="share-rate">通过率 <strong>{rate:.0f}%</strong></span></div>')


def chart(tally: Tally, ctx: RenderContext) -> str:
    """Findings by rule as horizontal bars (inline SVG), most severe and most frequent first."""
    per_rule = tally.per_rule()
    if not per_rule:
        return '<p class="empty">没有发现问题。</p>'
    shown = per_rule[:CHART_RULES]
    top = max(n for _, _, n in shown)
    row_h, label_w, bar_w = 36, 300, 700
    height = row_h * len(shown) + 6
    bars = []
    for i, (rule, sev, n) in enumerate(shown):
        y = i * row_h + 4
        width = max(2.0, bar_w * n / top)
        desc = rule_summary(ctx, rule, limit=22)
        bars.append(
            f'<g class="bar bar-{sev.value}"><title>{text(rule)}：{n} 个{SEVERITY_ZH[sev]}</title>'
            f'<text x="0" y="{y + 13}" class="rule-id">{text(rule)}</text>'
            f'<text x="0" y="{y + 28}" class="rule-desc">{text(desc)}</text>'
            f'<rect x="{label_w}" y="{y + 5}" width="{width:.1f}" height="20" rx="3"/>'
            f'<text x="{label_w + width + 8:.1f}" y="{y + 20}" class="bar-n">{n}</text></g>'
        )
    rest = sum(n for _, _, n in per_rule[CHART_RULES:])
    more = f'<p class="note">另有 {len(per_rule) - CHART_RULES} 条规则共 {rest} 个问题。</p>' if rest else ""
    legend = "".join(f'<span class="key key-{sev.value}">{SEVERITY_ZH[sev]}</span>'
                     for sev in Severity if any(s is sev for _, s, _ in shown))
    return (f'<p class="legend">{legend}</p><svg class="chart" role="img" aria-label="按规则统计的问题数" viewBox="0 0 {label_w + bar_w + 50} {height}" '
            f'width="{label_w + bar_w + 50}" height="{height}">{"".join(bars)}</svg>{more}')


def group_table(label: str, groups: dict[str, GroupCounts]) -> str:
    """Files, passed, failed, unreadable and the top failing rules of each agency (or folder)."""
    num = ' class="num"'
    head = "".join(f"<th{num if i in (1, 2, 3, 4) else ''}>{h}</th>"
                   for i, h in enumerate((label, "文件", "通过", "不通过", "无法检查", "主要问题")))
    rows = []
    for key, g in sorted(groups.items()):
        top = "、".join(f"{text(rule)} {n}" for rule, n in g.top_rules())
        rows.append(f"<tr><td>{text(key)}</td><td class=\"num\">{g.files}</td><td class=\"num\">{g.passed}</td>"
                    f"<td class=\"num{' bad' if g.failed else ''}\">{g.failed}</td>"
                    f"<td class=\"num{' warn' if g.unreadable else ''}\">{g.unreadable}</td><td>{top}</td></tr>")
    return f'<table class="groups"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


FILE_COLUMNS = (("文件", "text"), ("单位", "text"), ("年度", "number"), ("类型", "text"), ("结论", "text"),
                ("错误", "number"), ("警告", "number"), ("提示", "number"), ("已豁免", "number"), ("未评估", "number"))


def files_head() -> str:
    cells = "".join(f'<th data-type="{kind}" class="{"num" if kind == "number" else ""}" tabindex="0">{name}</th>'
                    for name, kind in FILE_COLUMNS)
    return f"<thead><tr>{cells}</tr></thead>"


def file_row(result: FileResult, outcome: str, anchor: str | None) -> str:
    """One row of the table of files; the name links to the file's findings when it has any."""
    levels = {s: sum(d.severity is s for d in result.diagnostics) for s in Severity}
    waived = sum(d.waived is not None for d in result.diagnostics)
    name = f'<a href="#{anchor}">{text(result.path)}</a>' if anchor else text(result.path)
    kind = " · ".join(v for v in (text(kind_text(result)), result.format and f"{text(result.format)} 版") if v)
    nums = (result.year, levels[Severity.ERROR], levels[Severity.WARNING], levels[Severity.INFO], waived,
            len(result.not_assessed))
    num_cells = [f'<td class="num{" zero" if n == 0 else ""}">{"" if n is None else n}</td>' for n in nums]
    return (f'<tr data-verdict="{outcome}"><td class="path">{name}</td><td>{text(result.agency or "")}</td>'
            f'{num_cells[0]}<td>{kind}</td><td data-sort="{outcome}">{badge(outcome)}</td>{"".join(num_cells[1:])}</tr>')


def badge(outcome: str) -> str:
    return f'<span class="badge badge-{outcome}">{VERDICT_ZH[outcome]}</span>'


def has_details(result: FileResult) -> bool:
    return bool(result.diagnostics or result.not_assessed or result.reason)


def file_details(result: FileResult, outcome: str, anchor: str, ctx: RenderContext) -> str:
    """A file's findings (with the quoted cell or line, hint and waiver) and its unassessed rules."""
    open_ = " open" if outcome in ("failed", "unreadable") else ""
    meta = " · ".join(text(v) for v in (result.agency, result.year and f"{result.year} 年度", kind_text(result)) if v)
    parts = [f'<details class="file" id="{anchor}"{open_}><summary>{badge(outcome)}'
             f'<span class="path">{text(result.path)}</span><span class="meta">{meta}</span></summary>']
    if result.reason:
        parts.append(f'<p class="reason">{text(result.reason)}</p>')
    parts.extend(finding(result.lines, d, ctx) for d in result.diagnostics)
    if result.not_assessed:
        items = "".join(
            f'<li class="{"gap-fault" if n.fault else "gap"}"><code>{text(n.rule)}</code>'
            f'{f" ×{n.count}" if n.count > 1 else ""}：{text(n.reason)}'
            f'{"（文件缺项，本文件不通过）" if n.fault else ""}</li>' for n in result.not_assessed)
        parts.append(f'<div class="gaps"><h4>未评估的规则</h4><ul>{items}</ul></div>')
    parts.append("</details>")
    return "".join(parts)


def finding(lines: Sequence[str], diag: Diagnostic, ctx: RenderContext) -> str:
    sev = diag.severity
    waived = diag.waived
    classes = f"finding finding-{sev.value}" + (" waived" if waived else "") + (" failing" if fails(diag, ctx.fail_on) else "")
    out = [f'<div class="{classes}"><div class="finding-head"><span class="sev sev-{sev.value}">{SEVERITY_ZH[sev]}</span>'
           f'<code class="rule">{text(diag.rule)}</code><span class="where">{text(location_text(diag))}</span></div>'
           f'<p class="message">{text(diag.message)}</p>']
    quote = quoted(lines, diag)
    if quote:
        out.append(f'<blockquote class="quote">{quote}</blockquote>')
    if diag.hint:
        out.append(f'<p class="hint"><strong>建议：</strong>{text(diag.hint)}</p>')
    if waived is not None:
        extra = "，".join(text(v) for v in (waived.by, waived.until and f"至 {waived.until}", waived.source) if v)
        out.append(f'<p class="waiver"><strong>已豁免：</strong>{text(waived.reason)}{f"（{extra}）" if extra else ""}</p>')
    out.append("</div>")
    return "".join(out)


def quoted(lines: Sequence[str], diag: Diagnostic) -> str:
    """The cell or sentence at fault: a structured file's own quote, else the report's line with
    the span marked (a window of CONTEXT characters either side of a long line)."""
    if diag.place is not None:
        return text(diag.place.text) if diag.place.text else ""
    loc = diag.location
    if loc is None or not 1 <= loc.line <= len(lines):
        return ""
    raw = lines[loc.line - 1]
    start = min(max(loc.column - 1, 0), len(raw))
    end = min(max(loc.end_column - 1 if loc.end_line == loc.line else len(raw), start), len(raw))
    first, last = max(0, start - CONTEXT), min(len(raw), end + CONTEXT)
    return (f'<span class="line-no">{loc.line}</span>' + ("…" if first else "") + text(raw[first:start]) + f"<mark>{text(raw[start:end])}</mark>"
            + text(raw[end:last]) + ("…" if last < len(raw) else ""))
