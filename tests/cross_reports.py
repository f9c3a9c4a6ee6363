"""Real-shaped report pairs for the cross-report tests: examples/clean-2023.txt and a 2024 edition of it.

``edition_2024`` writes the same agency's next report: its 表三 上年结转 is ``carried`` (2023's
结转下年度 is 2), the 本年新收 row and the prose figures move with it so the report stays
consistent on its own, 表二's 现行有效 follows from 2023's, and sections 一 and 五 are rewritten
(unless ``copy_section_five``: then section 五 is 2023's, word for word).
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLEAN_2023 = (ROOT / "examples" / "clean-2023.txt").read_text(encoding="utf-8")
AGENCY = "青山县市场监督管理局"

_S1_2023 = "（一）主动公开。2023年，本机关主动公开政府信息1420条，其中工作动态986条、行政许可信息312条、行政处罚信息96条、政策文件26条。"
_S1_2024 = "（一）主动公开。围绕食品安全、特种设备和价格监管，本年度新增“放心消费”专题，公开抽检结果和消费提示1588条，其中工作动态1012条、行政许可信息402条、行政处罚信息138条、政策文件36条。"
_S5_2024 = ("本年度发现的问题主要有：一是食品抽检结果公开的时效不够，部分结果超过二十个工作日才公开；"
            "二是基层所的信息报送不均衡。\n改进措施：建立抽检结果公开台账，实行周调度；把各所报送情况纳入月度通报。")


def section_five(text: str) -> str:
    """The body of section 五 (between its heading and section 六's)."""
    return text.split("五、存在的主要问题及改进情况\n\n", 1)[1].split("\n\n六、", 1)[0]


def edition_2024(carried: int = 2, copy_section_five: bool = False, agency: str = AGENCY) -> str:
    text = CLEAN_2023.replace("2024年1月18日", "2025年1月16日").replace("2022年报告", "2023年报告")
    s5_2023 = section_five(text)
    text = text.replace(_S1_2023, _S1_2024).replace("2023", "2024")
    text = text.replace("行政规范性文件\t3\t1\t15", "行政规范性文件\t3\t1\t17")
    received = 17 - carried
    text = text.replace("一、本年新收政府信息公开申请数量\t\t12\t3\t0\t0\t1\t0\t16",
                        f"一、本年新收政府信息公开申请数量\t\t{13 - carried}\t3\t0\t0\t1\t0\t{received}")
    text = text.replace("二、上年结转政府信息公开申请数量\t\t1\t0\t0\t0\t0\t0\t1",
                        f"二、上年结转政府信息公开申请数量\t\t{carried}\t0\t0\t0\t0\t0\t{carried}")
    text = text.replace("共收到政府信息公开申请16件，上年结转1件", f"共收到政府信息公开申请{received}件，上年结转{carried}件")
    text = text.replace(section_five(text), s5_2023 if copy_section_five else _S5_2024)
    return text.replace(AGENCY, agency)


def line_of(text: str, start: str) -> int:
    """The 1-based line of the first line that starts with ``start``."""
    return next(i for i, line in enumerate(text.split("\n"), 1) if line.startswith(start))
