"""Every report in examples/ against the whole shipped rule set: the exact diagnostics (id, line, column).

* clean-2023.txt, township-2023-gb18030.txt (GB18030, one cell per line): nothing at all.
  clean-2023 mentions "2022年报告中指出的…问题已整改完毕": another year named, not reported on — no year-mismatch.
* faulty-2023.md: the deliberate faults, each once, where it stands. Its "主动公开政府信息530条，其中…58条、
  …410条、…80条" also lists parts adding up to 548, so part-sum fires too.
* old-format-2022.txt (2019 format, a 2022 report): format-outdated only. The reader does not read the tables
  of a report in an old format (mapping 2019 columns onto 2021 cells would invent numbers), so there is no
  table-missing / cell / sum noise: format-outdated says it all.
* ganxian-xzspj-2023.txt: see tests/test_real_example.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.app.check import check_file
from checker.language.loader import default_rule_paths, load_rules

ROOT = Path(__file__).resolve().parent.parent
RULES = load_rules(default_rule_paths())

FAULTY = [
    ("period-mismatch", 3, 45),
    ("year-mismatch", 3, 45),
    ("placeholder-text", 3, 81),  # XX科
    ("placeholder-text", 3, 90),  # XXXX-XXXXXXX
    ("part-sum", 7, 33),  # 530 < 58 + 410 + 80
    ("text-table-mismatch", 7, 86),  # 收到申请18件 vs 表三 本年新收 总计 16
    ("zero-consistency", 7, 99),  # 全年未发生…行政复议 vs 表四
    ("cell-placeholder", 15, 8),  # 表二 规章 "/" × 3
    ("cell-placeholder", 15, 12),
    ("cell-placeholder", 15, 16),
    ("t2-valid-count", 16, 21),  # 行政规范性文件 现行有效 1 < 2 − 0
    ("cell-blank", 44, 52),  # 表三 部分公开 / 法律服务机构
    ("t3-outcome-total", 64, 14),  # 自然人
    ("t3-outcome-total", 64, 39),  # 总计
    ("t4-block-total", 72, 19),  # 行政复议 总计 2 ≠ 1
    ("section-empty", 74, 4),  # 五、… "无。"
    ("fee-statement-missing", 78, 4),  # 六、… nothing on fees
    ("publish-late", 83, 1),  # 2024年3月5日
]

EXPECTED = {
    "clean-2023.txt": [],
    "township-2023-gb18030.txt": [],
    "old-format-2022.txt": [("format-outdated", 1, 1)],
    "faulty-2023.md": FAULTY,
    "ganxian-xzspj-2023.txt": [("all-zero", 3, 1), ("core-function-zero", 28, 6)]
    + [("cell-blank", 77, c) for c in range(1, 6)],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_gives_exactly_its_diagnostics(name):
    result = check_file(ROOT / "examples" / name, RULES)
    assert result.status == "checked"
    got = [(d.rule, d.location.line, d.location.column) for d in result.diagnostics]
    assert sorted(got) == sorted(EXPECTED[name])


def test_every_example_file_is_covered():
    files = {p.name for p in (ROOT / "examples").iterdir() if p.suffix in (".txt", ".md")}
    assert files <= set(EXPECTED)


def test_faulty_messages_show_the_numbers():
    result = check_file(ROOT / "examples" / "faulty-2023.md", RULES)
    messages = {(d.rule, d.location.line): d.message for d in result.diagnostics}
    assert messages[("text-table-mismatch", 7)] == (
        "正文“2023年，我局共收到政府信息公开申请18件，均已按期答复。”称收到政府信息公开申请 18 件，"
        "与表三“本年新收”行“总计”列（16）不一致"
    )
    assert messages[("t2-valid-count", 16)] == (
        "表二第二十条第（一）项“行政规范性文件”：现行有效件数 1 小于本年制发件数 2 减本年废止件数 0（2）"
    )
    assert messages[("publish-late", 83)] == (
        "发布日期 2024年3月5日 晚于法定期限 2024年1月31日：2023年度报告应于2024年1月31日前公布"
    )
    assert messages[("year-mismatch", 3)].startswith("统计期限写的是 2022 年，与标题中的报告年度 2023 年不一致")


def test_old_format_names_the_markers():
    result = check_file(ROOT / "examples" / "old-format-2022.txt", RULES)
    (diag,) = result.diagnostics
    assert "本年新制作数量" in diag.message and "政府集中采购" in diag.message
