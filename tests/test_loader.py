"""Loading rule files: all or none, names resolved at load time, "did you mean", RuleSet operations."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from checker.diagnostics import Severity
from checker.language import ast as ast
from checker.language.loader import _parser, default_rule_paths, load_rules, parse_rules
from checker.language.resolve import RuleFileError
from checker.resources import rules_dir

GOOD = 'rule a-one error "m" { summary "测" \n  require 表三[r1, total] >= 0\n}\n'


def _error(text: str) -> RuleFileError:
    with pytest.raises(RuleFileError) as info:
        parse_rules(text, "x.rule")
    return info.value


def test_default_paths_are_the_shipped_rules():
    assert default_rule_paths() == [rules_dir()]


def test_folder_loads_every_rule_file_sorted(tmp_path):
    (tmp_path / "b.rule").write_text('rule b-rule info "b" { summary "测"  flag }', encoding="utf-8")
    (tmp_path / "a.rule").write_text(GOOD, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a rule file", encoding="utf-8")
    rs = load_rules([tmp_path])
    assert rs.ids() == ("a-one", "b-rule")
    assert rs.get("a-one").source == ast.Source(str(tmp_path / "a.rule"), 1)


def test_one_broken_file_loads_nothing(tmp_path):
    (tmp_path / "a.rule").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.rule").write_text('rule b error "m" { summary "测" \n  require 1 = 1\n}', encoding="utf-8")
    with pytest.raises(RuleFileError) as info:
        load_rules([tmp_path])
    assert (info.value.path, info.value.line, info.value.column) == (str(tmp_path / "b.rule"), 2, 13)


def test_duplicate_ids_across_files(tmp_path):
    (tmp_path / "a.rule").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.rule").write_text("\n\n" + GOOD, encoding="utf-8")
    with pytest.raises(RuleFileError) as info:
        load_rules([tmp_path])
    err = info.value
    assert (err.path, err.line, err.column) == (str(tmp_path / "b.rule"), 3, 1)
    assert err.expected.startswith(f"规则 id a-one 重复（先前定义于 {tmp_path / 'a.rule'}:1）")


def test_missing_file_is_a_rule_file_error(tmp_path):
    with pytest.raises(RuleFileError) as info:
        load_rules([tmp_path / "nope.rule"])
    assert info.value.expected.startswith("无法读取规则文件")


def test_the_grammar_is_built_once():
    assert _parser() is _parser()


def test_metadata_is_parsed():
    (rule,) = parse_rules(
        'rule t-x warning "提示" "续" { summary "测" \n basis "依据"\n description """两\n行"""\n example pass "好"\n'
        ' example fail "坏"\n applies format "2021", "2019"\n applies year 2021..2030\n flag\n}', "m.rule")
    assert (rule.id, rule.severity, rule.message, rule.basis) == ("t-x", Severity.WARNING, "提示续", "依据")
    assert (rule.description, rule.example_pass, rule.example_fail) == ("两\n行", "好", "坏")
    assert rule.applies == ast.Applies(("2021", "2019"), (2021, 2030))
    assert rule.body == (ast.Check("flag", None, None, ast.Pos(9, 2)),)


@pytest.mark.parametrize(("years", "bounds"), [("2023", (2023, 2023)), ("..2020", (None, 2020)),
                                               ("2021..", (2021, None))])
def test_year_ranges(years, bounds):
    (rule,) = parse_rules(f'rule y info "m" {{ summary "测"  applies year {years} flag }}')
    assert rule.applies.years == bounds


def test_names_are_resolved_at_load_time():
    (rule,) = parse_rules(
        'rule r info "{x}" { summary "测"  for x in 表三.rows { require 表三[x, 总计] == 表三["（七）总计", natural] + year } }')
    # (columns are 13 more than before the rule had its summary "测")
    loop = rule.body[0]
    check = loop.body[0]
    assert loop.iterable == ast.Attr(ast.TableConst("t3", ast.Pos(1, 43)), "rows", ast.Pos(1, 43))
    left, right = check.cond.left, check.cond.right
    assert left == ast.CellAt("t3", ast.Var("x", ast.Pos(1, 64)), ast.Sym("t3", "col", "total", ast.Pos(1, 67)),
                              ast.Pos(1, 61))
    assert right.left.row == ast.Sym("t3", "row", "r3.7", ast.Pos(1, 77))
    assert right.left.col.id == "natural"
    assert right.right == ast.Builtin("year", ast.Pos(1, 97))


@pytest.mark.parametrize(("text", "start", "suggestion"), [
    ('rule r info "m" { summary "测"  require 表叁[r1, total] == 0 }', "未知的表 / unknown table 表叁", "表三"),
    ('rule r info "m" { summary "测"  require 表三[本年心收, total] == 0 }', "表三 没有行 / row 本年心收", "本年新收"),
    ('rule r info "m" { summary "测"  require 表三[r1, totl] == 0 }', "表三 没有列 / column totl", "total"),
    ('rule r info "m" { summary "测"  require 表四[行政复议, 结果维护] == 0 }', "表四 没有列 / column 结果维护", "结果维持"),
    ('rule r info "m" { summary "测"  require summ([1]) == 0 }', "未知的函数 / unknown function summ()", "sum"),
    ('rule r info "m" { summary "测"  require title.agencyy == "" }', "未知的属性 / unknown attribute .agencyy", "agency"),
    ('rule r info "m" { summary "测"  require 表三[r1, total] is blnk }', "未知的判断 / unknown predicate 'is blnk'", "blank"),
    ('rule r info "m" { summary "测"  require section(总体情形).text contains "x" }', "未知的部分 / unknown section 总体情形",
     "总体情况"),
    ('rule r info "m" { summary "测"  require perod.start == 2023-01-01 }', "未知的名字 / unknown name perod", "period"),
    ('rule r info "{totl}" { summary "测"  let total = 1 flag }', "提示信息中的 {totl} 没有定义", "total"),
])
def test_unknown_names_get_did_you_mean(text, start, suggestion):
    err = _error(text)
    assert err.expected.startswith(start)
    assert "did you mean" in err.expected and suggestion in err.expected.split("did you mean")[1]


def test_unknown_name_error_points_at_the_name():
    err = _error('rule r info "m" { summary "测" \n  require 表三[r1, totl] == 0\n}')
    assert (err.line, err.column) == (2, 18)
    assert err.context == "  require 表三[r1, totl] == 0\n                 ^"


@pytest.mark.parametrize(("text", "start"), [
    ('rule r info "m" { summary "测"  require text matches /(?<=a)b/ }', "正则表达式无效 / invalid regex /(?<=a)b/"),
    ('rule r info "m" { summary "测"  require year == 2023-02-30 }', "日期无效 / not a valid date: 2023-02-30"),
    ('rule Bad-Id info "m" { flag }', "规则 id 要用小写字母、数字和连字符"),
    ('rule r info "m" { summary "测"  require 表三[r1] == 0 }', "单元格要写成 表[行, 列]"),
    ('rule r info "m" { summary "测"  require date(2023, 1) == 0 }', "date() 需要 3–3 个参数"),
    ('rule r info "m" { summary "测"  require __import__("os") == 0 }', "未知的函数 / unknown function __import__()"),
])
def test_other_semantic_errors(text, start):
    assert _error(text).expected.startswith(start)


def test_loading_the_shipped_rules_twice_gives_equal_rulesets():
    assert load_rules(default_rule_paths()) == load_rules(default_rule_paths())


def test_ruleset_pickles_for_the_cache():
    rs = load_rules(default_rule_paths())
    again = pickle.loads(pickle.dumps(rs))
    assert again == rs and again.get("t3-balance") == rs.get("t3-balance")


def _rules(*ids: str) -> ast.RuleSet:
    return ast.RuleSet(tuple(ast.Rule(i, Severity.ERROR, "m") for i in ids))


def test_select_and_ignore_by_id_and_prefix():
    rs = _rules("t3-row-total", "t3-balance", "t4-block-total", "t30-x", "period-mismatch")
    assert rs.select(["t3-"]).ids() == ("t3-row-total", "t3-balance")
    assert rs.select(["t3"]).ids() == ("t3-row-total", "t3-balance")
    assert rs.select(["t3-balance", "period"]).ids() == ("t3-balance", "period-mismatch")
    assert rs.select([], ["t3", "t4-block-total"]).ids() == ("t30-x", "period-mismatch")
    assert rs.select(["t3"], ["t3-balance"]).ids() == ("t3-row-total",)
    assert rs.select(["nothing"]).ids() == ()


def test_with_severities_longest_pattern_wins():
    rs = _rules("t3-row-total", "t3-balance", "period-mismatch").with_severities(
        {"t3": Severity.INFO, "t3-balance": Severity.WARNING})
    assert [(r.id, r.severity) for r in rs] == [
        ("t3-row-total", Severity.INFO), ("t3-balance", Severity.WARNING), ("period-mismatch", Severity.ERROR)]


def test_get_and_len():
    rs = _rules("a", "b")
    assert rs.get("b").id == "b" and rs.get("c") is None and len(rs) == 2


def test_docs_examples_and_township_example_load():
    root = Path(__file__).resolve().parent.parent
    assert load_rules([root / "examples" / "rules"]).ids()
