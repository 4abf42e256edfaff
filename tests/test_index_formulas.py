"""The formulas' registry, the check the criteria import makes of a formula as written, how a
share meets a criterion's levels, and the refresh of a draft's computed items."""

from __future__ import annotations

from datetime import date

import pytest
from flask_babel import force_locale

from tests.index_formulas_support import WorkYear
from tests.index_support import LEVELS, make_criteria_set
from tracker.reform_index.formula_common import day_of_year, level_floor, level_for
from tracker.reform_index.formulas import FORMULAS, formula_problem, is_computed, refresh_computed
from tracker.reform_index.sets import assessment_for, item_by_number


def test_the_three_formulas_of_the_issue_are_registered():
    assert set(FORMULAS) == {"plan_done", "periodic_reports_on_time", "reminders_answered"}
    assert [p.name for p in FORMULAS["plan_done"].parameters if p.required] == ["plan"]


@pytest.mark.parametrize(
    ("formula", "parameters", "code"),
    [
        ("plan_done", {"plan": "5959"}, None),
        ("plan_done", {"plan": "5959", "as_of": "30/09"}, None),
        ("periodic_reports_on_time", {"set": "MOT_CUA", "task": "5959:II.3"}, None),
        ("reminders_answered", {}, None),
        ("plan_finished", {"plan": "5959"}, "formula_unknown"),
        (None, {}, "formula_unknown"),
        ("plan_done", {}, "formula_parameter_missing"),
        ("plan_done", {"plan": " "}, "formula_parameter_missing"),
        ("plan_done", {"plan": "5959", "unit": "SNV"}, "formula_parameter_unknown"),
        ("reminders_answered", {"as_of": "31/13"}, "formula_not_a_day"),
        ("reminders_answered", {"as_of": "cuối năm"}, "formula_not_a_day"),
    ],
)
def test_the_import_is_told_what_is_wrong_with_a_formula(app_ctx, formula, parameters, code):
    problem = formula_problem(formula, parameters)

    assert (problem and problem.code) == code
    if problem is not None:
        assert problem.text  # a sentence, in Vietnamese by default


def test_a_day_of_the_year_reads_day_first():
    assert day_of_year(None, 2021) == date(2021, 12, 31)
    assert day_of_year("30/9", 2021) == date(2021, 9, 30)
    assert day_of_year("15/01/2022", 2021) == date(2022, 1, 15)


@pytest.mark.parametrize(
    ("label", "floor"),
    [
        ("Hoàn thành 100 %", (100, True)),
        ("Từ 80 % đến dưới 100 %", (80, True)),
        ("80 – dưới 100 %", (80, True)),
        ("Dưới 80 %", (0, True)),
        ("Trên 90%", (90, False)),
        ("≥ 95,5 %", (95.5, True)),
        ("Không thực hiện", None),
    ],
)
def test_a_levels_label_gives_its_lowest_percent(label, floor):
    assert level_floor(label) == floor


@pytest.mark.parametrize(
    ("share", "points"), [(1, 1), (0.999, 0.5), (0.8, 0.5), (0.7999, 0), (0, 0)]
)
def test_a_share_reaches_the_level_of_the_highest_floor_under_it(share, points):
    assert level_for(LEVELS, share)["points"] == points


def test_levels_without_percents_leave_the_share_to_the_maximum():
    assert level_for([{"label": "Có", "points": 1}, {"label": "Không", "points": 0}], 1) is None


@pytest.fixture
def draft(app_ctx, make_unit, make_user, make_plan):
    """The small set's draft of a unit whose plan 5959 holds one task done on time and one
    overdue: 1.3 (plan_done, 3 points) computes 1 / 2 = 50 % → none."""
    unit = make_unit()
    year = WorkYear(make_user(role="office"), make_plan(code="5959/QĐ-UBND", year=2021))
    year.task(unit, due=date(2021, 6, 30), done_on=date(2021, 6, 1))
    year.task(unit, due=date(2021, 6, 30))
    year.finish()
    return assessment_for(make_criteria_set(year=2021), unit)


def test_refresh_fills_the_computed_items_of_a_draft(draft):
    computed = item_by_number(draft, "1.3")

    changed = refresh_computed(draft)

    assert changed == [computed]
    assert computed.self_points == 0
    assert "5959/QĐ-UBND" in computed.working
    others = [item for item in draft.items if item is not computed]
    assert all(item.self_points is None and item.working == "" for item in others)
    assert refresh_computed(draft) == []  # nothing new: nothing changed


def test_the_working_is_kept_in_vietnamese_whoever_refreshes(draft):
    with force_locale("en"):
        refresh_computed(draft)

    assert "hoàn thành đúng hạn" in item_by_number(draft, "1.3").working


def test_a_submitted_assessment_keeps_its_computed_points(draft):
    refresh_computed(draft)
    item = item_by_number(draft, "1.3")
    draft.state = "submitted"
    item.self_points, item.working = 3, "as submitted"

    assert refresh_computed(draft) == []
    assert (item.self_points, item.working) == (3, "as submitted")


def test_only_computed_criteria_are_computed(app_ctx):
    criteria = {c.number: c for c in make_criteria_set(year=2021).criteria}

    assert [n for n, c in criteria.items() if is_computed(c)] == ["1.3"]
