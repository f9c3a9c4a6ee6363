"""Property tests: generated consistent reports read back exactly, in every shape; mutations never raise."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import SHAPES, Noise, ReportSpec, consistent_specs, noises, render

from checker.model import CellState, Report
from checker.read.decode import Decoded, decode_bytes
from checker.read.report import read_report

REAL = (Path(__file__).resolve().parent.parent / "examples" / "ganxian-xzspj-2023.txt").read_text(
    encoding="utf-8"
)
# Every kind of problem the reader may state (each declared by a ``from reader`` rule).
READER_PROBLEMS = {"table-missing", "row-missing", "not-a-report", "cells-inferred", "cells-ambiguous",
                   "cells-unsplittable", "format-predates"}
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _assert_reads_back(report: Report, spec: ReportSpec) -> None:
    assert report.problems == ()
    assert report.format == "2021"
    for tid, cells in spec.tables().items():
        table = report.tables[tid]
        got = {key: cell.value for key, cell in table.cells.items()}
        assert got == dict(cells), tid
        assert all(c.state is CellState.NUMBER for c in table.cells.values())
    assert (report.title.agency, report.title.year) == (spec.agency, spec.year)
    assert [s.key for s in report.sections] == ["s1", "s2", "s3", "s4", "s5", "s6"]
    assert (report.period.start.year, report.period.end.isoformat()) == (spec.year, f"{spec.year}-12-31")
    assert report.published.value == spec.published


@SETTINGS
@given(consistent_specs(), st.sampled_from(SHAPES), noises())
def test_every_shape_reads_back_exactly(spec: ReportSpec, shape: str, noise: Noise) -> None:
    _assert_reads_back(read_report(render(spec, shape, noise)), spec)


@SETTINGS
@given(consistent_specs(), st.sampled_from(SHAPES), noises())
def test_gb18030_bytes_read_back_exactly(spec: ReportSpec, shape: str, noise: Noise) -> None:
    decoded = decode_bytes(render(spec, shape, noise).encode("gb18030"), "r.txt")
    assert isinstance(decoded, Decoded) and decoded.encoding == "gb18030"
    _assert_reads_back(read_report(decoded.text, "r.txt", decoded.encoding), spec)


@SETTINGS
@given(consistent_specs())
def test_claims_agree_with_the_tables(spec: ReportSpec) -> None:
    report = read_report(render(spec))
    claims = {c.subject: c.number for c in report.claims}
    assert claims["本年度共收到政府信息公开申请"] == spec.t3[("r1", "total")]
    assert claims["全年发生政府信息公开行政复议"] == spec.t4[("review", "total")]
    (part_sum,) = report.part_sums
    assert part_sum.total.number == sum(p.number for p in part_sum.parts)


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_mutations_of_the_real_example_never_raise(data: st.DataObject) -> None:
    lines = REAL.split("\n")
    kind = data.draw(st.sampled_from(["delete", "shuffle", "cut", "truncate", "bytes"]))
    if kind == "delete":
        a = data.draw(st.integers(0, len(REAL)))
        text = REAL[:a] + REAL[a + data.draw(st.integers(1, 200)) :]
    elif kind == "shuffle":
        text = "\n".join(data.draw(st.permutations(lines)))
    elif kind == "cut":
        keep = data.draw(st.lists(st.booleans(), min_size=len(lines), max_size=len(lines)))
        text = "\n".join(line for line, k in zip(lines, keep, strict=True) if k)
    elif kind == "truncate":
        text = REAL[: data.draw(st.integers(0, len(REAL)))]
    else:
        raw = bytearray(REAL.encode("utf-8"))
        for _ in range(data.draw(st.integers(1, 20))):
            raw[data.draw(st.integers(0, len(raw) - 1))] = data.draw(st.integers(0, 255))
        decoded = decode_bytes(bytes(raw), "m.txt")
        text = decoded.text if isinstance(decoded, Decoded) else ""
    report = read_report(text, "m.txt")
    assert isinstance(report, Report)
    assert all(p.kind in READER_PROBLEMS for p in report.problems)


@settings(max_examples=100, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            list("一二三四五、\t|  \n0123456789/—（）()．.年月日条件其中总计本年新收规章行政复议结果维持")
        )
    )
)
def test_arbitrary_text_never_raises(text: str) -> None:
    assert isinstance(read_report(text), Report)


def test_every_problem_kind_the_reader_states_has_a_rule() -> None:
    from checker.language.loader import default_rule_paths, load_rules

    rules = load_rules(default_rule_paths())
    assert {r.id for r in rules if r.from_reader} == READER_PROBLEMS


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789 一、二、三、本年新收政府信息公开申请数量（一）予以公开总计2.")), max_size=400))
def test_arbitrary_running_text_never_raises(text: str) -> None:
    """Glued digits and labels in any order: the flattened reader says what it found, never raises."""
    report = read_report("某局2023年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况 " + text)
    assert all(p.kind in READER_PROBLEMS for p in report.problems)
