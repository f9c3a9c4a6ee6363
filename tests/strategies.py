"""Consistent random reports and a renderer for the shapes real files come in.

``consistent_specs()`` (hypothesis) and ``random_spec(rng)`` (plain ``random``, for the
benchmark) build the same kind of ``ReportSpec``: tables that balance (表三 row totals,
outcome sum, r1 + r2 = r3.7 + r4 per column; 表四 block totals) and prose whose claims
agree with them. ``render(spec, shape, noise)`` writes it as PDF-style tab text
("tabs"), one cell per line ("lines"), markdown pipes ("markdown") or space-aligned
columns ("spaces"), with optional noise. Reading the text back must give the cells.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from hypothesis import strategies as st

from checker.read.layouts import load_layout
from checker.read.tables import row_cols

SHAPES = ("tabs", "lines", "markdown", "spaces")
APPLICANTS = ("natural", "commercial", "research", "nonprofit", "legal", "other")
OUTCOMES = tuple(load_layout().table("t3").group("outcomes") or ())
AGENCIES = (
    "青山县市场监督管理局",
    "赣县区行政审批局",
    "东关街道办事处",
    "绿水市自然资源局",
    "某某县人民政府办公室",
)
_FULL = str.maketrans("0123456789", "０１２３４５６７８９")

Cells = Mapping[tuple[str, str], Decimal]


@dataclass(frozen=True)
class ReportSpec:
    """What a generated report says: agency, year, the three tables' cells and a publication date."""

    agency: str
    year: int
    t2: Cells = field(hash=False)
    t3: Cells = field(hash=False)
    t4: Cells = field(hash=False)
    published: date

    def tables(self) -> dict[str, Cells]:
        return {"t2": self.t2, "t3": self.t3, "t4": self.t4}


@dataclass(frozen=True)
class Noise:
    """Defects of real text that must not change what is read."""

    seed: int = 0
    split_labels: bool = False  # "三、本年度办" … "理结果", labels over two lines
    label_spaces: bool = False  # "不予公 开"
    fullwidth_digits: bool = False
    ascii_brackets: bool = False  # "(一)" rather than "（一）"
    thousands: bool = False  # "1,286"


def build_spec(pick: Callable[[int, int], int], agency: str, year: int) -> ReportSpec:
    """A consistent spec from a source of integers ``pick(lo, hi)`` (hypothesis or random)."""
    t3: dict[tuple[str, str], Decimal] = {}
    for col in APPLICANTS:
        outcomes = {r: (pick(0, 9) if pick(0, 3) == 0 else 0) for r in OUTCOMES}
        carry = pick(0, 5)
        done = sum(outcomes.values())
        previous = pick(0, done + carry)
        values = {**outcomes, "r3.7": done, "r4": carry, "r2": previous, "r1": done + carry - previous}
        for row, v in values.items():
            t3[(row, col)] = Decimal(v)
    for row, _ in row_cols(load_layout().table("t3")):
        t3[(row, "total")] = sum((t3[(row, c)] for c in APPLICANTS), Decimal(0))
    t4: dict[tuple[str, str], Decimal] = {}
    for block in ("review", "direct", "after-review"):
        parts = [pick(0, 3) for _ in range(4)]
        for col, v in zip(("upheld", "corrected", "other", "pending"), parts, strict=True):
            t4[(block, col)] = Decimal(v)
        t4[(block, "total")] = Decimal(sum(parts))
    t2: dict[tuple[str, str], Decimal] = {}
    for r in ("regulation", "normative"):
        issued, repealed = pick(0, 40), pick(0, 40)
        # Documents made this year stay valid unless repealed: valid >= issued - repealed.
        valid = max(issued - repealed, 0) + pick(0, 40)
        t2.update({(r, "issued"): Decimal(issued), (r, "repealed"): Decimal(repealed), (r, "valid"): Decimal(valid)})
    t2 = {
        **t2,
        # 行政许可 and 行政处罚 are at least 1: an 审批局 or 市场监管局 with 0 is a plausibility warning.
        **{(r, "decisions"): Decimal(pick(1, 3000)) for r in ("license", "penalty")},
        ("coercion", "decisions"): Decimal(pick(0, 3000)),
        ("fee", "amount"): Decimal(pick(0, 5000)) / (100 if pick(0, 1) else 1),
    }
    published = date(year + 1, 1, pick(5, 31))
    return ReportSpec(agency, year, t2, t3, t4, published)


@st.composite
def consistent_specs(draw: st.DrawFn) -> ReportSpec:
    """Hypothesis strategy: a random consistent report spec."""
    agency = draw(st.sampled_from(AGENCIES))
    year = draw(st.integers(2021, 2025))
    return build_spec(lambda lo, hi: draw(st.integers(lo, hi)), agency, year)


def noises() -> st.SearchStrategy[Noise]:
    return st.builds(
        Noise,
        st.integers(0, 10**6),
        st.booleans(),
        st.booleans(),
        st.booleans(),
        st.booleans(),
        st.booleans(),
    )


def random_spec(rng: random.Random) -> ReportSpec:
    """The same distribution as ``consistent_specs`` from a plain ``random.Random`` (fast, for benchmarks)."""
    return build_spec(rng.randint, rng.choice(AGENCIES), rng.randint(2021, 2025))


def random_noise(rng: random.Random) -> Noise:
    return Noise(rng.randint(0, 10**6), *(rng.random() < 0.5 for _ in range(5)))


# Rendering

_T3_HEAD = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
_APPLICANT_HEADS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
_T4_HEADS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
_T2_CAPTIONS = (
    ("第二十条第（一）项", ("本年制发件数", "本年废止件数", "现行有效件数"), ("regulation", "normative")),
    ("第二十条第（五）项", ("本年处理决定数量",), ("license",)),
    ("第二十条第（六）项", ("本年处理决定数量",), ("penalty", "coercion")),
    ("第二十条第（八）项", ("本年收费金额（单位：万元）",), ("fee",)),
)


class _Style:
    """Noise decisions, reproducible from the noise seed."""

    def __init__(self, noise) -> None:
        self.noise = noise
        self.rng = random.Random(noise.seed)

    def num(self, value: Decimal) -> str:
        text = f"{value:,}" if self.noise.thousands and value >= 1000 else str(value)
        return text.translate(_FULL) if self.noise.fullwidth_digits else text

    def label(self, text: str) -> str:
        if self.noise.ascii_brackets and text.startswith("（"):
            close = text.find("）")
            text = "(" + text[1:close] + ") " + text[close + 1 :] if close > 0 else text
        if self.noise.label_spaces and len(text) > 3 and self.rng.random() < 0.4:
            at = self.rng.randint(2, len(text) - 1)
            text = text[:at] + " " + text[at:]
        return text


def _t3_rows(style: _Style, spec) -> list[tuple[str, str, list[str]]]:
    """(group label or "", row label, 7 values) in order; group only on its first row."""
    t3 = load_layout().table("t3")
    out, seen = [], set()
    for rid, cols in row_cols(t3):
        row = t3.row(rid)
        group = row.group if row.group and row.group not in seen else ""
        seen.add(row.group)
        values = [style.num(spec.t3[(rid, c)]) for c in cols]
        out.append((style.label(group) if group else "", style.label(row.label), values))
    return out


def _t4_values(style: _Style, spec) -> list[str]:
    return [
        style.num(spec.t4[(b, c)])
        for b in ("review", "direct", "after-review")
        for c in ("upheld", "corrected", "other", "pending", "total")
    ]


def _t2_parts(style: _Style, spec):
    t2 = load_layout().table("t2")
    for caption, heads, rows in _T2_CAPTIONS:
        body = []
        for rid in rows:
            cols = dict(row_cols(t2))[rid]
            body.append((style.label(t2.row(rid).label), [style.num(spec.t2[(rid, c)]) for c in cols]))
        yield caption, heads, body


def _tabs(style: _Style, spec) -> tuple[str, str, str]:
    t2 = []
    for caption, heads, body in _t2_parts(style, spec):
        t2 += [caption + "\t" * len(heads), "信息内容\t" + "\t".join(heads)]
        t2 += [label + "\t" + "\t".join(v) for label, v in body]
    t3 = [
        _T3_HEAD + "\t\t申请人情况\t\t\t\t\t\t总计",
        "\t\t自然人\t法人或其他组织\t\t\t\t\t",
        "\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t",
    ]
    split = style.noise.split_labels
    for i, (group, label, values) in enumerate(_t3_rows(style, spec)):
        cells = "\t".join(values)
        if i in (0, 1, 24):
            t3.append(f"{label}\t\t{cells}")
        elif i == 2 and split:
            t3.append(f"三、本年度办\t{label}\t{cells}")
        elif i == 3 and split:
            cut = label.find("只计这") + 3 if "只计这" in label else len(label) // 2
            t3 += [f"\t{label[:cut]}\t{cells}", "", f"理结果\t{label[cut:]}" + "\t" * 8]
        else:
            t3.append(
                f"\t{group}\t{label}\t{cells}"
                if group
                else f"\t\t{label}\t{cells}"
                if i < 21
                else f"\t{label}\t{cells}"
            )
    heads = "\t".join(_T4_HEADS)
    t4 = [
        "行政复议" + "\t" * 5 + "行政诉讼" + "\t" * 9,
        f"{heads}\t未经复议直接起诉\t\t\t\t\t复议后起诉\t\t\t\t",
        "\t" * 5 + heads + "\t" + heads,
        "\t".join(_t4_values(style, spec)),
    ]
    return "\n".join(t2), "\n".join(t3), "\n".join(t4)


def _split(style: _Style, label: str) -> list[str]:
    if style.noise.split_labels and len(label) > 10:
        cut = style.rng.randint(5, len(label) - 3)
        return [label[:cut], label[cut:]]
    return [label]


def _lines(style: _Style, spec) -> tuple[str, str, str]:
    t2 = []
    for caption, heads, body in _t2_parts(style, spec):
        t2 += [caption, "信息内容", *heads]
        for label, values in body:
            t2 += [label, *values]
    t3 = [_T3_HEAD, "申请人情况", "自然人", "法人或其他组织", *_APPLICANT_HEADS[1:]]
    for group, label, values in _t3_rows(style, spec):
        t3 += ([group] if group else []) + _split(style, label) + values
    t4 = ["行政复议", *_T4_HEADS, "行政诉讼", "未经复议直接起诉", *_T4_HEADS, "复议后起诉", *_T4_HEADS]
    t4 += _t4_values(style, spec)
    return "\n".join(t2), "\n".join(t3), "\n".join(t4)


def _md_row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _markdown(style: _Style, spec) -> tuple[str, str, str]:
    t2 = []
    for caption, heads, body in _t2_parts(style, spec):
        t2 += [caption, "", _md_row(["信息内容", *heads]), _md_row(["---"] * (len(heads) + 1))]
        t2 += [_md_row([label, *values]) for label, values in body] + [""]
    t3 = [_md_row([_T3_HEAD, "", *_APPLICANT_HEADS]), _md_row(["---"] * 9)]
    for group, label, values in _t3_rows(style, spec):
        first = group or ("" if "、" not in label[:3] else label)
        second = "" if first == label else label
        t3.append(_md_row([first, second, *values]))
    t4 = [
        _md_row(
            [
                "行政复议",
                "",
                "",
                "",
                "",
                "行政诉讼（未经复议直接起诉）",
                "",
                "",
                "",
                "",
                "行政诉讼（复议后起诉）",
                "",
                "",
                "",
                "",
            ]
        ),
        _md_row(list(_T4_HEADS) * 3),
        _md_row(["---"] * 15),
        _md_row(_t4_values(style, spec)),
    ]
    return "\n".join(t2), "\n".join(t3), "\n".join(t4)


def _spaces(style: _Style, spec) -> tuple[str, str, str]:
    gap = "    "
    t2 = []
    for caption, heads, body in _t2_parts(style, spec):
        t2 += [caption, gap.join(["信息内容", *heads])]
        t2 += [gap.join([label, *values]) for label, values in body]
    t3 = [gap.join([_T3_HEAD, *_APPLICANT_HEADS])]
    for group, label, values in _t3_rows(style, spec):
        t3.append(gap.join([f"{group} {label}" if group else label, *values]))
    t4 = [
        gap.join(["行政复议", "行政诉讼"]),
        gap.join([*_T4_HEADS, "未经复议直接起诉", "复议后起诉"]),
        gap.join(_t4_values(style, spec)),
    ]
    return "\n".join(t2), "\n".join(t3), "\n".join(t4)


_SHAPES = {"tabs": _tabs, "lines": _lines, "markdown": _markdown, "spaces": _spaces}


def _prose(spec) -> dict[str, str]:
    y = spec.year
    r1 = spec.t3[("r1", "total")]
    r4 = spec.t3[("r4", "total")]
    review = spec.t4[("review", "total")]
    a, b = r1 * 3 + 7, spec.t2[("penalty", "decisions")]
    return {
        "preamble": "本报告依据《中华人民共和国政府信息公开条例》和《中华人民共和国政府信息公开工作年度报告格式》"
        f"（国办公开办函〔2021〕30号）要求编制。本年度报告中所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。",
        "s1": f"{y}年，本机关主动公开政府信息{a + b}条，其中工作动态{a}条、行政处罚信息{b}条。"
        f"本年度共收到政府信息公开申请{r1}件，结转下年度继续办理{r4}件。全年发生政府信息公开行政复议{review}件。",
        "s5": f"{y}年，本机关政府信息公开工作仍存在解读形式单一等问题。下一步将丰富解读形式，加强业务培训。",
        "s6": f"本机关{y}年未收取信息处理费。",
    }


def render(spec: ReportSpec, shape: str = "tabs", noise: Noise | None = None) -> str:
    """The report as text in ``shape`` ("tabs" | "lines" | "markdown" | "spaces")."""
    style = _Style(noise or Noise())
    t2, t3, t4 = _SHAPES[shape](style, spec)
    prose = _prose(spec)
    h = "## " if shape == "markdown" else ""
    parts = [
        f"{h}{spec.agency}{spec.year}年政府信息公开工作年度报告",
        prose["preamble"],
        f"{h}一、总体情况",
        prose["s1"],
        f"{h}二、主动公开政府信息情况",
        t2,
        f"{h}三、收到和处理政府信息公开申请情况",
        t3,
        f"{h}四、政府信息公开行政复议、行政诉讼情况",
        t4,
        f"{h}五、存在的主要问题及改进情况",
        prose["s5"],
        f"{h}六、其他需要报告的事项",
        prose["s6"],
        f"{spec.agency}\n{spec.published.year}年{spec.published.month}月{spec.published.day}日",
    ]
    return "\n\n".join(parts) + "\n"
