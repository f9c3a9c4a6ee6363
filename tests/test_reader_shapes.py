"""The messes of real published text (issue 10; domain notes §2.11), each in a small input of its own.

Flattened pages, PDF layout text, PDF-to-markdown: every test gives the exact cells, sections,
facts or problems the reader must give for that mess.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from checker.model import CellState, Location
from checker.read.report import read_report

TITLE = "某某县审计局2023年政府信息公开工作年度报告"
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _values(report, tid: str, rid: str) -> list:
    table = report.tables[tid]
    return [table.cells[(rid, c)].value if (rid, c) in table.cells else None for c in table.cols]


# Flattened web text


FLAT = (
    "标题: 某某县审计局2023年政府信息公开工作年度报告\n发布时间: 2024-01-20 10:00\n==== 正文 ====\n"
    "本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。 一、总体情况 2023年，本机关收到政府信息公开申请15件。"
    "一是加强领导。 二、主动公开政府信息情况第二十条第（一）项 信息内容 本年制发件数 本年废止件数 现行有效件数 规章000"
    "行政规范性文件1011第二十条第（五）项信息内容本年处理决定数量行政许可12第二十条第（六）项信息内容本年处理决定数量"
    "行政处罚3行政强制0第二十条第（八）项信息内容本年收费金额（单位：万元）行政事业性收费0 三、收到和处理政府信息公开申请情况"
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） 申请人情况 自然人 法人或其他组织 总计 商业 企业 "
    "科研 机构 社会公益组织 法律服务机构 其他 一、本年新收政府信息公开申请数量 123000015二、上年结转政府信息公开申请数量 "
    "0000000三、本年度办理结果 （一）予以公开 123000015（二）部分公开（区分处理的，只计这一情形，不计其他情形） 0000000"
    "（三）不予公开 1.属于国家秘密00000002.其他法律行政法规禁止公开 00000003.危及“三安全一稳定” 0000000"
    "4.保护第三方合法权益 00000005.属于三类内部事务信息 00000006.属于四类过程性信息 00000007.属于行政执法案卷 0000000"
    "8.属于行政查询事项 0000000（四）无法提供 1.本机关不掌握相关政府信息 00000002.没有现成信息需要另行制作 0000000"
    "3.补正后申请内容仍不明确 0000000（五）不予处理 1.信访举报投诉类申请 00000002.重复申请 00000003.要求提供公开出版物 0000000"
    "4.无正当理由大量反复申请 00000005.要求行政机关确认或重新出具已获取信息 0000000（六）其他处理 "
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 00000002.申请人逾期未按收费通知要求缴纳费用、"
    "行政机关不再处理其政府信息公开申请 00000003.其他 0000000（七）总计 123000015四、结转下年度继续办理 0000000 "
    "四、政府信息公开行政法复议、行政诉讼情况行政复议 行政诉讼 结果维持结果纠正其他结果尚未审结总计 未经复议直接起诉 复议后起诉 "
    "结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计 1 0 0 0 1 0 0 0 0 0 0 0 0 0 0 "
    "五、存在的主要问题及改进情况 解读形式单一。下一步将丰富解读形式。 六、其他需要报告的事项 本机关未收取信息处理费。\n"
)


def test_flattened_headings_are_found_inline_where_they_stand() -> None:
    report = read_report(FLAT)
    assert [(s.key, s.loc.line, s.variant) for s in report.sections] == [
        ("s1", 4, False), ("s2", 4, False), ("s3", 4, False), ("s4", 4, True), ("s5", 4, False), ("s6", 4, False)]
    s4 = report.section("s4")
    assert s4.heading == "四、政府信息公开行政法复议、行政诉讼情况"  # a slip in the wording: still the fourth section
    assert report.lines[3][s4.loc.column - 1 : s4.loc.end_column - 1] == s4.heading
    assert report.section("s1").text == "2023年，本机关收到政府信息公开申请15件。一是加强领导。"
    assert report.title.agency == "某某县审计局"


def test_flattened_rows_found_by_their_labels_and_split() -> None:
    report = read_report(FLAT)
    assert _values(report, "t3", "r1") == [12, 3, 0, 0, 0, 0, 15]
    assert _values(report, "t3", "r3.3.2") == [0] * 7  # "00000002.其他法律…": the 2 is the next label's ordinal
    assert _values(report, "t3", "r3.7") == [12, 3, 0, 0, 0, 0, 15]
    assert report.tables["t3"].cell("r1", "total").inferred == "t3-row-total"
    assert report.tables["t3"].cell("r2", "total").inferred == ""  # 7 digits for 7 cells: nothing consumed
    assert _values(report, "t4", "review") == [1, 0, 0, 0, 1]
    assert _values(report, "t2", "regulation")[:3] == [0, 0, 0]
    assert [c.state for c in report.tables["t2"].cells.values() if c.row == "normative"] == [CellState.AMBIGUOUS] * 3
    assert {p.kind: p.values.get("row") for p in report.problems} == {"cells-ambiguous": "normative",
                                                                      "cells-inferred": None}
    (inferred,) = [p for p in report.problems if p.kind == "cells-inferred"]
    assert (inferred.values["count"], inferred.values["rows"]) == (21, 3)


def test_flattened_prose_keeps_its_claims_and_period() -> None:
    report = read_report(FLAT)
    (claim,) = [c for c in report.claims if "申请" in c.subject]
    assert (claim.subject, claim.number, claim.loc.line) == ("本机关收到政府信息公开申请", Decimal(15), 4)
    assert report.lines[3][claim.loc.column - 1 : claim.loc.end_column - 1] == "15"
    assert (report.period.start.isoformat(), report.period.end.isoformat()) == ("2023-01-01", "2023-12-31")
    assert report.published is None  # a crawler's 发布时间 is not the report's signature


def test_a_label_in_prose_is_no_table() -> None:
    report = read_report(f"{TITLE}\n二、主动公开政府信息情况\n2023年，主动公开政府信息530条，其中行政处罚信息58条、行政许可12条。\n")
    assert "t2" not in report.tables
    assert [p.kind for p in report.problems if p.kind == "table-missing"] == ["table-missing"] * 3
    assert [c.number for c in report.claims] == [530, 58, 12]


def test_digits_glued_to_a_row_label_on_its_own_line() -> None:
    text = (f"{TITLE}\n三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量640020470\n"
            "二、上年结转政府信息公开申请数量0000000\n四、结转下年度继续办理0000000\n四、政府信息公开行政复议、行政诉讼情况\n")
    report = read_report(text)
    assert _values(report, "t3", "r1") == [64, 0, 0, 2, 0, 4, 70]
    assert report.tables["t3"].cell("r1", "natural").loc == Location(3, 17, 3, 19)
    assert [s.key for s in report.sections] == ["s3", "s4"]  # "四、结转下年度继续办理…" is a row, not a heading


def test_a_flattened_2019_report_is_read_in_its_own_format() -> None:
    text = (
        "某某县审计局2020年政府信息公开工作年度报告\n二、主动公开政府信息情况 第二十条第（一）项 信息内容 本年新制作数量 "
        "本年新公开数量 对外公开总数量 规章000规范性文件000 三、收到和处理政府信息公开申请情况 一、本年新收政府信息公开申请数量 "
        "1000001二、上年结转政府信息公开申请数量0000000三、本年度办理结果 （一）予以公开 0000000（六）其他处理 1000001"
        "（七）总计 1000001四、结转下年度继续办理 0000000 四、政府信息公开行政复议、行政诉讼情况\n"
    )
    report = read_report(text)
    assert report.format == "2019"
    assert _values(report, "t3", "r3.6") == [1, 0, 0, 0, 0, 0, 1]
    assert "r3.6.1" not in report.tables["t3"].rows


def test_a_glued_negative_change_is_not_guessed() -> None:
    """2019's 本年增/减 may be negative: "6-241" is 6|-2|41 or 6|-24|1, and 表二 has no identity to choose by."""
    text = ("某某县审计局2020年政府信息公开工作年度报告\n二、主动公开政府信息情况 第二十条第（一）项 信息内容 本年新制作数量 "
            "本年新公开数量 对外公开总数量 规章0 0 0规范性文件1 1 9第二十条第（五）项 信息内容 上一年项目数量 "
            "本年增/减 处理决定数量 行政许可6-241其他对外管理服务事项3 0 12第二十条第（八）项 信息内容 上一年项目数量 "
            "本年增/减 行政事业性收费1-1\n")
    report = read_report(text)
    (problem,) = [p for p in report.problems if p.kind == "cells-ambiguous"]
    assert problem.message == "表二“行政许可6-241”可拆分为 6|-2|41、6|-24|1，请核对"
    assert _values(report, "t2", "other-services")[3:6] == [3, 0, 12]
    assert _values(report, "t2", "fee")[3:5] == [1, -1]  # one reading only: read, nothing consumed
    assert report.tables["t2"].cell("fee", "change").inferred == ""


# PDF layout text (pdftotext -layout)


LAYOUT = """            某某县审计局
     2023 年政府信息公开工作年度报告
   本报告所列数据的统计期限自 2023 年 1 月 1 日
至 2023 年 12 月 31 日。2023 年共受理政府信息公开申请 5
件；政府信息公开行政复议 1
件。
      三、收到和处理政府信息公开申请情况
一、本年新收政府信息公开申请数量                3        2       0        0    0       0   5

二、上年结转政府信息公开申请数量                0          0        0        0        0    0    0
三、
本     （一）予以公开                   3        2       0        0    0       0   5
               1、申请人无正当理由逾期不补

               正、行政机关不再处理其政府信           0        0        0         0        0         0    0
               息公开申请
                                                                                             -4-
\f     （六）其
               2、申请人逾期未按收费通知要
     他处理
               求缴纳费用、行政机关不再处理           0         0        0         0        0         0    0
               其政府信息公开申请
     （七）总计                           3        2        0         0        0        0   5
四、结转下年度继续办理                          0          0        0         0        0         0    0
     四、政府信息公开行政复议、行政诉讼情况
"""


def test_layout_rows_with_their_numbers_on_the_middle_line() -> None:
    report = read_report(LAYOUT)
    assert _values(report, "t3", "r3.6.1") == [0] * 7
    assert _values(report, "t3", "r3.6.2") == [0] * 7  # "他处理" is a piece of （六）其他处理, never a cell
    assert report.tables["t3"].cell("r3.6.2", "natural").loc.line == 21
    assert _values(report, "t3", "r3.7") == [3, 2, 0, 0, 0, 0, 5]
    assert _values(report, "t3", "r4") == [0] * 7
    assert [s.key for s in report.sections] == ["s3", "s4"]


def test_layout_period_and_claims_wrapped_over_line_breaks() -> None:
    report = read_report(LAYOUT)
    assert (report.period.start.isoformat(), report.period.end.isoformat()) == ("2023-01-01", "2023-12-31")
    assert (report.period.loc.line, report.period.loc.end_line) == (3, 4)
    claims = {c.subject: (c.number, c.loc.line) for c in report.claims}
    assert claims["2023年共受理政府信息公开申请"] == (Decimal(5), 4)
    assert claims["政府信息公开行政复议"] == (Decimal(1), 5)


def test_the_missing_rows_of_a_cut_table_are_said_at_its_heading() -> None:
    report = read_report(LAYOUT)
    missing = [p for p in report.problems if p.kind == "row-missing"]
    assert [p.values["row"] for p in missing][:2] == ["r3.2", "r3.3.1"]
    assert missing[0].message == "表三缺少行「（二）部分公开（区分处理的，只计这一情形，不计其他情形）」"
    assert missing[1].values["label"] == "（三）不予公开 1.属于国家秘密"
    assert {p.loc.line for p in missing} == {13, 22}  # the line where the row should stand (not empty here)


# PDF-to-markdown


MD = """# 某某县审计局 2023 年 政府信息公开工作年度报告

## 三、收到和处理政府信息公开申请情况

### 申请人情况 (法人或其他组织)
| 商业企业 | 科研机构 | 社会公益 | 法律服务机构 | 其他 |
|---|---|---|---|---|
| - | - | - | - | - |

### 一、本年新收政府信息公开申请数量
| 类别 | 数据1 | 数据2 | 数据3 | 数据4 | 数据5 | 数据6 | 总计 |
|---|---|---|---|---|---|---|---|
| 本年新收政府信息公开申请数量 | 3 | 2 | 0 | 0 | 0 | 0 | 5 |

### (四) 无法提供
| 类别 | 数据1 | 数据2 | 数据3 | 数据4 | 数据5 | 数据6 | 总计 |
|---|---|---|---|---|---|---|---|
| 1. 本机关不掌握相关政府信息 |
| 2. 没有现成信息需要另行制作 |
| 3. 补正后申请内容仍不明确 |
| 1 | 0 | 0 | 0 | 0 | 0 | 1 |
| 2 | 0 | 0 | 0 | 0 | 0 | 2 |
| 3 | 0 | 0 | 0 | 0 | 0 | 3 |

### (六) 其他
| 类别 | 数据1 | 数据2 | 数据3 | 数据4 | 数据5 | 数据6 | 总计 |
|---|---|---|---|---|---|---|---|
| 1. 申请人无正当理由逾期不补正, 行政机关不再处理其政府信息公开申请 | 9 | 0 | 0 | 0 | 0 | 0 | 9 |

| 项目 | 本年新收件数 | 上年结转件数 | 予以公开 | 部分公开 | 不予公开 | 结转下年度 | 总计 |
|---|---|---|---|---|---|---|---|
| 2. 申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 | 7 | 0 | 0 | 0 | 0 | 0 | 7 |
| 四、结转下年度继续办理 | 31 | 0 | 0 | 0 | 0 | 0 | 31 |

## 四、政府信息公开行政复议、行政诉讼情况

### 行政复议
| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |
|----------|----------|----------|----------|------|
| 2 | 1 | 0 | 0 | 3 |

### 行政诉讼（未经复议直接起诉）
| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |
|----------|----------|----------|----------|------|
| 0 | 0 | 0 | 0 | 0 |

### 行政诉讼（复议后起诉）
| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |
|----------|----------|----------|----------|------|
| 1 | 0 | 0 | 1 | 2 |
"""


def test_markdown_value_rows_after_their_labels_are_reattached_in_order() -> None:
    report = read_report(MD)
    assert [_values(report, "t3", r)[0] for r in ("r3.4.1", "r3.4.2", "r3.4.3")] == [1, 2, 3]
    assert report.tables["t3"].cell("r3.4.3", "total").loc.line == 23


def test_markdown_wrong_header_is_not_a_row() -> None:
    report = read_report(MD)
    assert _values(report, "t3", "r3.6.1") == [9, 0, 0, 0, 0, 0, 9]  # ", " for "、"
    assert _values(report, "t3", "r3.6.2") == [7, 0, 0, 0, 0, 0, 7]
    assert _values(report, "t3", "r4") == [31, 0, 0, 0, 0, 0, 31]  # not the header's "结转下年度 | 总计"
    assert _values(report, "t3", "r1") == [3, 2, 0, 0, 0, 0, 5]  # the "-" of 申请人情况 are no row


def test_markdown_table_four_in_three_tables() -> None:
    report = read_report(MD)
    assert [_values(report, "t4", b) for b in ("review", "direct", "after-review")] == [
        [2, 1, 0, 0, 3], [0, 0, 0, 0, 0], [1, 0, 0, 1, 2]]


def test_a_heading_glued_to_the_paragraph_before_and_a_short_row_label() -> None:
    """A crawler dropped the line break ("…取得新成效二、主动公开…"): a whole section wording still opens a
    section; "（二）部分公开" without its note is the row."""
    text = (f"{TITLE}\n一、总体情况 本机关政府信息公开工作取得新成效二、主动公开政府信息情况 三、收到和处理政府信息公开申请情况 "
            "一、本年新收政府信息公开申请数量 1000001二、上年结转政府信息公开申请数量 0000000三、本年度办理结果 "
            "（一）予以公开 1000001（二）部分公开 0000000（七）总计 1000001四、结转下年度继续办理 0000000\n")
    report = read_report(text)
    assert [(s.key, s.loc.column) for s in report.sections] == [("s1", 1), ("s2", 24), ("s3", 37)]
    assert _values(report, "t3", "r3.2") == [0] * 7
    assert "r3.2" not in {p.values.get("row") for p in report.problems}


def test_a_word_then_a_numeral_is_no_heading_unless_a_whole_wording_follows() -> None:
    report = read_report(f"{TITLE}\n2023年本机关开展了第三、四季度的检查工作，其他需要报告的事项较少，特此说明情况如下。\n")
    assert report.sections == ()


def test_an_old_heading_wording_as_a_sub_heading_is_no_old_format() -> None:
    """2021 reports head a part of 一 "（二）依申请公开政府信息情况"; only "三、依申请公开…" marks the 2008 format."""
    text = (EXAMPLES / "clean-2023.txt").read_text(encoding="utf-8").replace(
        "一、总体情况\n", "一、总体情况\n（二）依申请公开政府信息情况\n", 1)
    report = read_report(text)
    assert (report.format, report.format_markers) == ("2021", ())


def test_a_fifth_section_on_rectification_is_the_fifth_section() -> None:
    report = read_report(f"{TITLE}\n五、存在的主要问题及整改措施\n一是解读不够。下一步加强解读。\n")
    (section,) = report.sections
    assert (section.key, section.variant, section.canonical) == ("s5", True, "五、存在的主要问题及改进情况")


def test_column_identities_decide_between_splits_and_are_named() -> None:
    """"101000011" is 10|1|0|0|0|0|11 or 1|0|10|0|0|0|11; only the first lets 一 + 二 = 三 + 四 hold."""
    zeros = "0000000"
    rows = [("一、本年新收政府信息公开申请数量", "91000010"), ("二、上年结转政府信息公开申请数量", "1000001"),
            ("三、本年度办理结果 （一）予以公开", "101000011")]
    labels = ["（二）部分公开（区分处理的，只计这一情形，不计其他情形）"] + [
        f"{g}{n}.{x}" for g, n, x in (
            ("（三）不予公开 ", 1, "属于国家秘密"), ("", 2, "其他法律行政法规禁止公开"), ("", 3, "危及“三安全一稳定”"),
            ("", 4, "保护第三方合法权益"), ("", 5, "属于三类内部事务信息"), ("", 6, "属于四类过程性信息"),
            ("", 7, "属于行政执法案卷"), ("", 8, "属于行政查询事项"), ("（四）无法提供 ", 1, "本机关不掌握相关政府信息"),
            ("", 2, "没有现成信息需要另行制作"), ("", 3, "补正后申请内容仍不明确"), ("（五）不予处理 ", 1, "信访举报投诉类申请"),
            ("", 2, "重复申请"), ("", 3, "要求提供公开出版物"), ("", 4, "无正当理由大量反复申请"),
            ("", 5, "要求行政机关确认或重新出具已获取信息"),
            ("（六）其他处理 ", 1, "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
            ("", 2, "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"), ("", 3, "其他"))]
    rows += [(label, zeros) for label in labels] + [("（七）总计", "101000011"), ("四、结转下年度继续办理", zeros)]
    text = f"{TITLE}\n三、收到和处理政府信息公开申请情况 " + "".join(f"{a} {b}" for a, b in rows) + "\n"
    report = read_report(text)
    t3 = report.tables["t3"]
    assert _values(report, "t3", "r3.1") == _values(report, "t3", "r3.7") == [10, 1, 0, 0, 0, 0, 11]
    assert t3.cell("r3.1", "natural").inferred == "t3-row-total,t3-balance,t3-outcome-total"
    assert t3.cell("r1", "natural").inferred == "t3-row-total"
    assert [p.kind for p in report.problems if p.values.get("table") == "t3"] == ["cells-inferred"]
