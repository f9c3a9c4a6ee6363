"""Why a check could not be assessed: the first unknown input of its condition, said in Chinese.

A check whose condition is unknown gives no finding, so the engine says why instead
(``checker.diagnostics.NotAssessed``): a table, row or cell the reader did not find, a cell
that holds no usable number, or a fact the report lacks. ``fault`` says whose gap it is
(docs/rule-language.md §4): the file's (it lacks what the format asks for) or only the
context's (no publication date given; a cell the reader inferred from this very rule).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from checker.model import Cell, CellState, Report, Title
from checker.read.layouts import Layout


@dataclass(frozen=True, slots=True)
class Reason:
    text: str
    fault: bool


#: The reason for a report fact that is unknown, by the fact's rule-language name.
FACTS: dict[str, Reason] = {
    "published": Reason("没有发布日期（报告末尾没有落款日期，也没有用 --published 指定），发布时限未核对", False),
    "title": Reason("没有找到报告标题", True),
    "agency": Reason("标题中没有机关名称", True),
    "year": Reason("没有报告年度（标题和统计期限都没有年份）", True),
    "period": Reason("没有找到统计期限", True),
}
TITLE_YEAR = Reason("标题中没有年份", True)
UNDECIDED = Reason("条件无法判断：规则中的运算没有结果（如除以 0、无效的日期、类型不符的比较）", False)


def _table_name(layout: Layout, tid: str) -> str:
    return next((t.name.split()[0] for t in layout.tables if t.id == tid), tid)


def _label(layout: Layout, tid: str, axis: str, rid: str, attr: str = "short") -> str:
    table = next((t for t in layout.tables if t.id == tid), None)
    labels = () if table is None else (table.rows if axis == "row" else table.cols)
    return next((getattr(lab, attr) for lab in labels if lab.id == rid), rid)


def cell_name(layout: Layout, cell: Cell) -> str:
    """The cell as the format names it: 表三“本年新收”行“自然人”列."""
    return (f"{_table_name(layout, cell.table)}“{_label(layout, cell.table, 'row', cell.row)}”行"
            f"“{_label(layout, cell.table, 'col', cell.col)}”列")


def of_value(value: Any, layout: Layout) -> Reason | None:
    """Why a value stands for nothing in arithmetic, when that is the value's own doing (a cell)."""
    if type(value) is not Cell or value.value is not None and value.state is CellState.NUMBER:
        return None
    name = cell_name(layout, value)
    if value.state is CellState.NUMBER:  # a number the reader inferred from this rule's own identity
        rules = "、".join(value.inferred.split(","))
        return Reason(f"{name}的数字是阅读器按规则 {rules} 所核对的关系拆分粘连的数字推断出来的，"
                      f"不能再用来核对这一关系", False)
    if value.state is CellState.BLANK:
        return Reason(f"{name}未填写", True)
    if value.state is CellState.PLACEHOLDER:
        return Reason(f"{name}填的是“{value.raw}”，不是数字", True)
    if value.state is CellState.AMBIGUOUS:
        return Reason(f"{name}的数字与相邻单元格粘连，无法确定地拆分（“{value.raw}”）", True)
    return Reason(f"{name}不是数字：“{value.raw}”", True)


def missing_cell(layout: Layout, tables: Any, tid: str, row: str | None, col: str | None) -> Reason:
    """Why ``TABLE[row, col]`` found no cell."""
    table = tables.get(tid)
    name = _table_name(layout, tid)
    if table is None:
        return Reason(f"未找到{name}", True)
    if not row or not col:
        return Reason(f"{name}没有规则所指的行或列", False)
    if not any(r == row for r, _ in table.cells):
        return Reason(f"{name}缺少行“{_label(layout, tid, 'row', row, 'label')}”", True)
    if not any(c == col for _, c in table.cells):
        return Reason(f"{name}缺少列“{_label(layout, tid, 'col', col, 'label')}”", True)
    return Reason(f"{name}“{_label(layout, tid, 'row', row)}”行“{_label(layout, tid, 'col', col)}”列没有读到", True)


def missing_section(layout: Layout, key: str) -> Reason:
    s = next((s for s in layout.sections if s.key == key), None)
    if s is None:
        return Reason(f"格式中没有部分 {key}", False)
    return Reason(f"没有第{'一二三四五六七八九十'[s.number - 1]}部分“{s.label}”", True)


def of_attribute(base: Any, name: str) -> Reason | None:
    if isinstance(base, Title) and name == "year":
        return TITLE_YEAR
    if isinstance(base, Title) and name == "agency":
        return FACTS["agency"]
    return None


def of_batch(name: str, facts: Any) -> Reason:
    """Why ``previous`` or ``children`` names no report: the batch lacks it (the context's gap, not the file's)."""
    report = facts.report
    if name == "foreign_places":
        return Reason("无法确定本机关所在的地区（标题中的机关名称没有地名，agencies.yaml 也没有给出 region），"
                      "其他地区地名的核对未进行", False)
    if name == "lookalikes":
        return Reason("本报告不在批次中检查，与其他机关报告的比对未进行", False)
    if name == "children":
        return Reason("批次中没有本机关下级机关的报告（agencies.yaml 中没有以本机关为上级的机关，"
                      "或它们的报告不在本次检查的文件中），与下级机关的汇总核对未进行", False)
    if report.year is None:
        return FACTS["year"]
    agency = facts.batch.agency if facts.batch is not None else (report.title.agency if report.title else "")
    return Reason(f"批次中没有{agency or '同一机关'}{report.year - 1}年的报告，与上一年度的核对未进行", False)


def of_other(other: Report, reason: Reason) -> Reason:
    """A gap in another report of the batch, said as that report's: the context's, not this file's."""
    return Reason(f"{other.path}：{reason.text}", False)
