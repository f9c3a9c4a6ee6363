"""Every ```rule block of docs/rule-language.md loads, and the doc's names are the vocabulary's."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from checker.language.loader import parse_rules

DOC = Path(__file__).resolve().parent.parent / "docs" / "rule-language.md"
BLOCKS = re.findall(r"```rule\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


def test_the_doc_has_examples():
    assert len(BLOCKS) >= 9


@pytest.mark.parametrize("block", BLOCKS, ids=[f"block{i}" for i in range(len(BLOCKS))])
def test_doc_block_loads(block):
    rules = parse_rules(block, "docs/rule-language.md")
    assert rules and all(r.id.startswith(("doc-", "t3-balance-doc")) for r in rules)


def test_doc_rules_run_on_a_clean_and_a_faulty_report():
    import datetime as dt

    from builders import build_report

    from checker.engine.evaluate import evaluate
    from checker.language.ast import RuleSet

    rs = RuleSet(tuple(r for b in BLOCKS for r in parse_rules(b, "docs/rule-language.md")))
    assert evaluate(rs, build_report()) == ()
    faulty = build_report(
        {"t3 r1 total": 4, "t3 r1 natural": "/", "t2 normative valid": 0, "t2 normative issued": 2},
        agency="某县行政审批局", order=["s1", "s3", "s2", "s4", "s5"], published=dt.date(2024, 2, 3),
        texts={"s1": "本年度共收到政府信息公开申请5件。", "s5": "无"}, period=(dt.date(2022, 1, 1), dt.date(2022, 12, 31)))
    assert [(d.rule, d.location.line, d.location.column, d.message) for d in evaluate(rs, faulty)] == [
        ("doc-sections", 1, 1, "缺少第六部分“其他需要报告的事项”"),
        ("doc-period", 2, 1, "统计期限 2022年1月1日 至 2022年12月31日 不是 2023 年全年"),
        # added (issue 13): the example of `covered by`; doc-period-end-year, covered here, is not reported
        ("doc-period-end", 2, 1, "统计期限止于 2022年12月31日，应为 2023年12月31日"),
        ("doc-claim", 5, 5, "正文“本年度共收到政府信息公开申请5件。”称收到申请 5 件，表三“本年新收”总计为 4"),
        ("doc-order", 10, 1, "部分“二、收到和处理政府信息公开申请情况”应是第三部分"),
        ("doc-valid", 21, 7, "表二“行政规范性文件”：现行有效件数 0 小于本年制发件数减本年废止件数"),
        ("doc-core-function", 22, 10, "单位名称含“审批”，但表二“行政许可”本年处理决定数量为 0"),
        ("doc-order", 30, 1, "部分“三、主动公开政府信息情况”应是第二部分"),
        ("t3-balance-doc", 40, 19, "表三“总计”列：本年新收 4 + 上年结转 0 ≠ 办理结果总计 2 + 结转下年度 1"),
        ("doc-s5", 80, 1, "第五部分没有写改进措施（下一步、改进、措施）"),
        ("doc-statements", 80, 1, "第五部分“五、存在的主要问题及改进情况”过短（4 个字）"),
        ("doc-deadline", 89, 1, "发布日期 2024年2月3日 晚于 2024年1月31日"),
    ]
