"""Narrative facts: number claims with subject and place, 其中 part sums, years, period, signature date."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from checker.model import Dated, Location, Period, YearMention
from checker.read.report import read_report

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _real():
    return read_report((EXAMPLES / "ganxian-xzspj-2023.txt").read_text(encoding="utf-8"))


def test_claims_in_the_real_example() -> None:
    claims = _real().claims
    assert [(c.subject, c.number, c.unit) for c in claims[:7]] == [
        ("本机关公开信息", Decimal(766), "条"),
        ("主动公开工作动态", Decimal(743), "条"),
        ("及时公开财经信息", Decimal(5), "条"),
        ("概况信息", Decimal(2), "条"),
        ("人事信息", Decimal(2), "条"),
        ("发布政策文件", Decimal(12), "条"),
        ("计划总结", Decimal(2), "条"),
    ]
    assert claims[0].loc == Location(9, 30, 9, 33)
    assert claims[0].sentence.startswith("**2023 年，本机关公开信息 766 条，其中")


def test_part_sum_of_the_real_example() -> None:
    (part_sum,) = _real().part_sums
    assert part_sum.total.number == Decimal(766)
    assert [p.number for p in part_sum.parts] == [Decimal(n) for n in (743, 5, 2, 2, 12, 2)]


def test_claims_skip_tables_dates_and_ordinals() -> None:
    text = (
        "某局2023年政府信息公开工作年度报告\n"
        "统计期限自2023年1月1日起至2023年12月31日止。\n"
        "一、总体情况\n"
        "1. 本年度共收到政府信息公开申请３件，办结2件；依据第二十条第1项，收费1.5万元。\n"
        "规章\t0\t0\t0\n"
    )
    report = read_report(text)
    assert [(c.subject, c.number, c.unit, c.loc) for c in report.claims] == [
        ("本年度共收到政府信息公开申请", Decimal(3), "件", Location(4, 18, 4, 19)),
        ("办结", Decimal(2), "件", Location(4, 23, 4, 24)),
        ("收费", Decimal("1.5"), "万元", Location(4, 38, 4, 41)),
    ]


def test_years_in_prose() -> None:
    years = _real().years
    assert years == (
        YearMention(2023, "，本机关公开信息 7", Location(9, 15, 9, 21)),
        YearMention(2023, "，区行政审批局信息公", Location(81, 1, 81, 6)),
        YearMention(2023, "，无收取信息处理情况", Location(87, 1, 87, 6)),
    )


def test_period_sentence() -> None:
    assert _real().period == Period(
        date(2023, 1, 1),
        date(2023, 12, 31),
        "2023 年 1 月 1 日起至 2023 年 12 月 31 日",
        Location(5, 88, 5, 121),
    )


def test_published_signature() -> None:
    clean = read_report((EXAMPLES / "clean-2023.txt").read_text(encoding="utf-8"))
    assert clean.published == Dated(date(2024, 1, 18), "2024年1月18日", Location(78, 1, 78, 11))
    assert _real().published is None


def test_published_date_after_agency_with_spaces() -> None:
    report = read_report("正文。\n\n某某局\n  2024 年 1 月 20 日  \n")
    assert report.published == Dated(date(2024, 1, 20), "2024 年 1 月 20 日", Location(4, 3, 4, 18))


def test_impossible_dates_are_ignored() -> None:
    report = read_report("统计期限自2023年2月30日起至2023年12月31日止。\n2024年13月1日\n")
    assert (report.period, report.published) == (None, None)
