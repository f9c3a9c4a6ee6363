"""Hand-built results for the reporter tests: one of each thing a format must show.

A .docx finding with its own place and a hint, a waived finding, a rule not assessed
(the file's fault, and not), a skipped file, an unreadable one, and file names no
format may print raw (undecodable bytes, a terminal escape).
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable
from decimal import Decimal

from checker.diagnostics import CellRef, Diagnostic, FileResult, NotAssessed, Severity, Waived
from checker.model import Location, Place
from checker.reporters import RenderContext, get_reporter


class FakeRule:
    def __init__(self, rid: str, severity: Severity, description: str, summary: str) -> None:
        self.id, self.severity, self.description, self.summary = rid, severity, description, summary
        self.message, self.basis = "模板", "《条例》第五十条"


class FakeRules:
    rules = (FakeRule("t3-total", Severity.ERROR, "表三各行合计等于各列之和。详", "表三各行合计等于各列之和。"),
             FakeRule("text-table-mismatch", Severity.ERROR, "正文与表格一致", "正文与表格一致"),
             FakeRule("publish-late", Severity.WARNING, "按时发布", "按时发布"))

    def get(self, rid: str) -> FakeRule | None:
        return next((r for r in self.rules if r.id == rid), None)


CTX = RenderContext(ruleset=FakeRules(), color="never")

PLACED = Diagnostic(
    "t3-total", Severity.ERROR, "表三“本年新收”合计应为 15，实为 16", Location(40, 8, 40, 10),
    cell=CellRef("t3", "r1", "total"), values={"expected": Decimal(15), "actual": Decimal(16)},
    place=Place(page=3, table=2, row=5, column=4, text="16"), hint="（七）总计 应为 15（现为 16）",
)
WAIVED = Diagnostic(
    "text-table-mismatch", Severity.ERROR, "正文 749 件与表三 713 件不同", Location(2, 3, 2, 6),
    waived=Waived("正文 749 件含上年结转 36 件，经核实无误", by="县政务公开办 李某", until="2027-03-31",
                  source="waivers.yaml:3"),
)
DOCX = FileResult("南湖县/卫健委2024.docx", "checked", "2021", 2024, "南湖县卫健委", (PLACED,), kind="docx")
TEXT_WAIVED = FileResult(
    "南湖县/教育局2024.txt", "checked", "2021", 2024, "南湖县教育局", (WAIVED,),
    lines=("标题", "共收到749件申请"), kind="text",
    not_assessed=(NotAssessed("publish-late", "没有发布日期", False),),
)
GAP = FileResult(
    "北山区/财政局2024.txt", "checked", "2021", 2024, "北山区财政局", (), kind="text",
    not_assessed=(NotAssessed("t3-total", "未找到表三", True, 3),),
)
SKIPPED = FileResult("北山区/照片.png", "skipped", None, None, None, (), reason="不是报告格式（图片）")
READ_ERROR = Diagnostic("read-error", Severity.ERROR, "无法读取文件：二进制文件", Location.point(1))
UNREADABLE = FileResult("北山区/坏.txt", "unreadable", None, None, None, (READ_ERROR,))

#: Undecodable bytes (as os.fsdecode gives them) and an escape sequence in file names.
BAD_BYTES = os.fsdecode(b"bad\xff\xfe.txt")
ESCAPE_NAME = "evil\x1b]0;pwn\x07\x1b[31m.txt"
HOSTILE = (
    FileResult(BAD_BYTES, "checked", "2021", 2024, "某局", (Diagnostic("x", Severity.ERROR, "m\x1b[2J", None),)),
    FileResult(ESCAPE_NAME, "unreadable", None, None, None, (READ_ERROR,)),
)

ALL = [DOCX, TEXT_WAIVED, GAP, SKIPPED, UNREADABLE]


def rendered(name: str, results: Iterable[FileResult], ctx: RenderContext = CTX) -> str:
    out = io.StringIO()
    get_reporter(name)(results, out, ctx)
    return out.getvalue()
