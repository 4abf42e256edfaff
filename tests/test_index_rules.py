"""Each scoring rule read from a sub-criterion's guidance (#19): levels with decimal commas,
a free number with its step, a computed formula with its parameters, and what is refused."""

from __future__ import annotations

import pytest

from tracker.reform_index.rules import DEFAULT_STEP, RuleError, RuleSpec, parse_rule, read_points


def test_levels_separated_by_semicolons_with_decimal_commas():
    spec = parse_rule("Hoàn thành 100 % = 1; 80 – dưới 100 % = 0,5; dưới 80 % = 0", 1)
    assert spec == RuleSpec(
        "levels",
        None,
        [
            {"label": "Hoàn thành 100 %", "points": 1.0},
            {"label": "80 – dưới 100 %", "points": 0.5},
            {"label": "dưới 80 %", "points": 0.0},
        ],
    )


def test_levels_one_a_line_with_bullets_and_the_word_diem():
    text = "- Ban hành kịp thời: 0,5 điểm\n- Ban hành chậm: 0,25 điểm\n+ Không ban hành: 0 điểm"
    spec = parse_rule(text, 0.5)
    assert spec.rule == "levels"
    assert [(level["label"], level["points"]) for level in spec.levels] == [
        ("Ban hành kịp thời", 0.5),
        ("Ban hành chậm", 0.25),
        ("Không ban hành", 0.0),
    ]


def test_a_free_number_with_its_step_or_the_default():
    assert parse_rule("Chấm theo mức độ thực hiện, bước 0,5", 2) == RuleSpec("number", 0.5)
    assert parse_rule("Bước chấm: 1", 2) == RuleSpec("number", 1.0)
    assert parse_rule("Chấm theo mức độ thực hiện", 2) == RuleSpec("number", DEFAULT_STEP)
    assert parse_rule("", 1) == RuleSpec("number", DEFAULT_STEP)
    # one sentence with "=" is no choice of levels
    assert parse_rule("Điểm tối đa = 1", 1).rule == "number"
    # a maximum the default step misses takes any points of two decimals
    assert parse_rule("", 1.3) == RuleSpec("number", None)


def test_computed_with_parameters_keeps_its_levels():
    text = (
        "Tỷ lệ nhiệm vụ hoàn thành. Tự động: plan_done(plan=5959/QĐ-UBND, as_of=31/12)\n"
        "100 % = 3; 80 - dưới 100 % = 1,5; dưới 80 % = 0"
    )
    spec = parse_rule(text, 3)
    assert (spec.rule, spec.formula, spec.step) == ("computed", "plan_done", None)
    assert spec.parameters == {"plan": "5959/QĐ-UBND", "as_of": "31/12"}
    assert [level["points"] for level in spec.levels] == [3.0, 1.5, 0.0]


def test_computed_without_parameters_or_levels():
    spec = parse_rule("tự động: reminders_answered()", 1)
    assert spec == RuleSpec("computed", None, None, "reminders_answered", {})
    quoted = parse_rule('Tự động: periodic_reports_on_time(set="MOT_CUA")', 1)
    assert quoted.parameters == {"set": "MOT_CUA"}


@pytest.mark.parametrize(
    ("guidance", "max_points", "code"),
    [
        ("Tự động: doan_mo()", 1, "formula_unknown"),
        ("Tự động: plan_done(5959)", 1, "index_formula_parameter"),
        ("Tự động: plan_done(plan=5959, nam=2021)", 1, "formula_parameter_unknown"),
        ("Tự động: plan_done()", 1, "formula_parameter_missing"),
        ("Tự động: plan_done(plan=" + "9" * 101 + ")", 1, "index_formula_parameter_long"),
        ("Đạt = 2; Không đạt = 0", 1, "index_level_above_max"),
        ("bước 0,3", 1, "index_step_misses_max"),
        ("bước 2", 1, "index_step_range"),
    ],
)
def test_what_cannot_be_used_is_named(app, guidance, max_points, code):
    with pytest.raises(RuleError) as refused:
        parse_rule(guidance, max_points)
    assert refused.value.problem.code == code


def test_points_read_with_a_comma_or_a_dot():
    assert (read_points("0,25"), read_points("0.5"), read_points("3")) == (0.25, 0.5, 3.0)
    assert (read_points("một"), read_points(""), read_points("1,2,3")) == (None, None, None)
