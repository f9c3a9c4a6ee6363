"""The cross-report rules at the engine's seam: generated consistent batches give no finding, one
injected fault gives exactly its diagnostic at its cell, an absent report is a gap (never a
finding), optimised and plain evaluation agree, and the look-alike index is bounded."""

from __future__ import annotations

from dataclasses import replace

from builders import LAYOUT, build_report, cell_loc
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rulecases import RULES
from rulegen import rules

from checker.engine.batchindex import CANDIDATES, BatchIndex
from checker.engine.cross import Identity, needs_of, snapshot
from checker.engine.evaluate import Options, assess
from checker.language.ast import RuleSet
from checker.language.loader import load_rules, parse_rules
from checker.language.regions import regions
from checker.language.similarity import shingles, similarity

CROSS = load_rules([RULES / "cross.rule"])
COLS = [c.id for c in LAYOUT.table("t3").cols]
APPLICANTS = COLS[:-1]


def _members(reports):
    needs = needs_of(CROSS)
    return [snapshot(replace(r, path=f"r{i}.txt"), needs) for i, r in enumerate(reports)]


def _assess(reports, subject: int, optimise: bool = True):
    members = _members(reports)
    index = BatchIndex(members)
    return assess(CROSS, members[subject].report, Options(optimise=optimise), batch=index.neighbours(subject))


@st.composite
def carried_pairs(draw):
    """A 2023 report whose 结转下年度 row is ``carried`` and a 2024 one whose 上年结转 row equals it."""
    carried = {c: draw(st.integers(0, 30)) for c in APPLICANTS}
    row = {**carried, "total": sum(carried.values())}
    last = build_report({f"t3 r4 {c}": v for c, v in row.items()}, year=2023)
    this = build_report({f"t3 r2 {c}": v for c, v in row.items()}, year=2024)
    return last, this, row


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(carried_pairs(), st.data())
def test_a_consistent_pair_gives_nothing_and_one_fault_exactly_its_carry_over(pair, data):
    last, this, row = pair
    assert _assess([last, this], 1).diagnostics == ()
    col = data.draw(st.sampled_from(COLS))
    wrong = row[col] + data.draw(st.integers(1, 9))
    faulty = build_report({**{f"t3 r2 {c}": v for c, v in row.items()}, f"t3 r2 {col}": wrong}, year=2024)
    diags = _assess([last, faulty], 1).diagnostics
    label = LAYOUT.table("t3").col(col).short
    assert [(d.rule, d.location, d.message) for d in diags] == [
        ("carry-over", cell_loc("t3", "r2", col, str(wrong)),
         f"表三“{label}”列：上年结转 {wrong} ≠ 上一年度报告（r0.txt）的结转下年度继续办理 {row[col]}")]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(carried_pairs(), st.booleans())
def test_optimised_and_plain_agree_on_batches(pair, swap):
    last, this, _ = pair
    reports = [this, last] if swap else [last, this]
    for subject in (0, 1):
        assert repr(_assess(reports, subject)) == repr(_assess(reports, subject, optimise=False))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rules(), carried_pairs(), st.booleans())
def test_optimised_and_plain_agree_on_generated_rules_over_a_batch(text, pair, swap):
    last, this, _ = pair
    members = _members([this, last] if swap else [last, this])
    index = BatchIndex(members)
    rs = RuleSet(parse_rules(text, "gen.rule"))
    for i in (0, 1):
        optimised = assess(rs, members[i].report, Options(budget=300_000), batch=index.neighbours(i))
        plain = assess(RuleSet(rs.rules), members[i].report, Options(budget=300_000, optimise=False),
                       batch=index.neighbours(i))
        assert repr(optimised) == repr(plain)


def test_an_absent_previous_report_is_a_gap_of_the_context_not_a_finding():
    found = _assess([build_report({"t3 r2 natural": 5}, year=2024)], 0)
    assert found.diagnostics == ()
    gaps = {g.rule: g for g in found.not_assessed}
    assert (gaps["carry-over"].reason, gaps["carry-over"].fault, gaps["carry-over"].count) == (
        "批次中没有某某县审计局2023年的报告，与上一年度的核对未进行", False, len(COLS))


def test_a_missing_cell_of_last_years_report_is_said_as_that_reports():
    last = build_report({"t3 r4 natural": 1}, year=2023, drop_tables=["t3"])
    found = _assess([last, build_report({"t3 r2 natural": 1}, year=2024)], 1)
    gaps = {g.rule: g for g in found.not_assessed}
    assert (gaps["carry-over"].reason, gaps["carry-over"].fault) == ("r0.txt：未找到表三", False)


def test_the_snapshot_keeps_only_what_the_cross_rules_read():
    member = _members([build_report({"t3 r3.1 natural": 2, "t3 r2 natural": 1}, year=2024)])[0]
    kept = set(member.report.tables["t3"].cells)
    assert ("r2", "natural") in kept and ("r4", "total") in kept and ("r1", "total") in kept
    assert ("r3.1", "natural") not in kept and ("r1", "natural") not in kept
    assert member.report.text == "" and member.report.lines == ()
    assert member.report.section("s2") is None and member.report.section("s5").text != ""
    assert set(member.report.tables) == {"t2", "t3"}  # 表四: no cross rule names it


def test_similarity_is_the_jaccard_index_of_three_character_runs():
    assert shingles("一二 三四") == frozenset({"一二三", "二三四"})
    assert similarity("一二三四", "一二三四") == 100
    assert str(similarity("一二三四五", "一二三四六")) == "50"  # {一二三 二三四 三四五} vs {… 三四六}: 2 / 4
    assert str(similarity("甲乙丙丁", "子丑寅卯")) == "0"


def test_the_lookalike_index_measures_a_bounded_number_of_candidates():
    text = "本机关认真贯彻落实政府信息公开条例，主动公开政府信息，依法办理依申请公开，加强平台建设和监督保障，全年工作平稳有序。"
    reports = [build_report(year=2024, agency=f"某某县第{i}局", texts={"s1": text}) for i in range(300)]
    members = _members(reports)
    index = BatchIndex(members)
    measured = []
    found = index.lookalikes(0, members[0].report.section("s1"), 90, measured.append)
    assert len(found) == 3 and all(f.similarity == 100 for f in found)
    assert len(measured) <= CANDIDATES


def test_regions_place_an_agency_by_the_most_local_name_in_it():
    names = regions()
    assert names.of_agency("宿迁市沭阳县财政局").code == "321322"
    assert names.of_agency("某某县审计局") is None
    assert names.found_in("学习浙江省安吉县经验，城区") == [(2, "浙江省"), (5, "安吉县")]


def test_an_identity_from_agencies_yaml_wins_over_the_title():
    report = build_report(year=2024, agency="区政府办")
    member = snapshot(report, needs_of(CROSS), Identity("某某区人民政府", "某某市人民政府", "321322"))
    assert (member.key, member.identity.parent, member.identity.region) == ("某某区人民政府", "某某市人民政府", "321322")
