"""plan_done: a computed criterion equals the status view's figures for the same plan and day,
and scores them as DOMAIN.md says (100 % → full, 80–<100 % → half, < 80 % → none, a late
completion counting half of an on-time one)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.index_formulas_support import WorkYear
from tests.index_support import LEVELS, make_criteria_set
from tracker.extensions import db
from tracker.plans.filters import AssignmentFilters
from tracker.reform_index.formulas import compute
from tracker.status.scoring import current_bands, score
from tracker.status.services import unit_status
from tracker.units.models import Unit

YEAR = 2021
PLAN = "5959/QĐ-UBND"
CLASSES = ("done_on_time", "done_late", "overdue", "due_soon", "on_track", "no_deadline")


def plan_criterion(max_points=3, levels=None, **parameters):
    extra = {"rule": "computed", "formula": "plan_done", "parameters": {"plan": "5959"}}
    extra["parameters"].update(parameters)
    if levels:
        extra["levels"] = levels
    criteria_set = make_criteria_set(
        year=YEAR,
        rows=[
            ("1", "Công tác chỉ đạo, điều hành", max_points),
            ("1.1", "Mức độ thực hiện kế hoạch CCHC năm", max_points, extra),
        ],
    )
    return criteria_set.criteria[1]


def build_year(make_unit, make_user, make_plan):
    """Sở thử's year in plan 5959: 10 tasks done on time, 1 late, 1 overdue, 1 done only
    after the year, 1 cancelled, 1 as cooperating unit, 1 due next year, 1 assigned next year;
    another unit's overdue task beside it."""
    unit, other = make_unit(kind="department"), make_unit(kind="department")
    plan = make_plan(code=PLAN, year=YEAR)
    year = WorkYear(make_user(role="office"), plan)
    for _ in range(10):
        year.task(unit, due=date(2021, 6, 30), done_on=date(2021, 6, 20))
    year.task(unit, due=date(2021, 3, 31), done_on=date(2021, 4, 10))
    year.task(unit, due=date(2021, 9, 30))
    year.task(unit, due=date(2021, 11, 30), done_on=date(2022, 1, 10))
    year.task(unit, due=date(2021, 6, 30), cancelled_on=date(2021, 5, 1))
    year.task(unit, due=date(2021, 3, 31), done_on=date(2021, 5, 1), role="cooperating")
    year.task(unit, due=date(2022, 3, 31))
    year.task(unit, due=date(2022, 1, 31), assigned_on=date(2022, 1, 5))
    year.task(other, due=date(2021, 6, 30))
    year.finish()
    return unit, plan


@pytest.fixture
def unit_year(app_ctx, make_unit, make_user, make_plan):
    return build_year(make_unit, make_user, make_plan)


def status_row(api, plan_code: str, unit_code: str, as_of: date) -> dict:
    response = api.get("/status/units", plan=plan_code, as_of=as_of.isoformat())
    assert response.status_code == 200, response.json
    answer = response.json
    return next(row for row in answer["units"] if row["unit_code"] == unit_code)


@pytest.mark.parametrize("as_of", [None, "30/09", "30/06/2021"])
def test_plan_done_equals_the_status_view_for_the_same_plan_and_day(
    app, make_unit, make_user, make_plan, api_as, as_of
):
    # The API's requests push contexts of their own: the test holds one only around its calls.
    with app.test_request_context():
        unit, plan = build_year(make_unit, make_user, make_plan)
        unit_id, unit_code, plan_code = unit.id, unit.code, plan.code
        api = api_as(make_user(role="office"))
    day = {None: date(2021, 12, 31), "30/09": date(2021, 9, 30)}.get(as_of, date(2021, 6, 30))

    row = status_row(api, plan_code, unit_code, day)

    with app.test_request_context():
        criterion = plan_criterion(**({"as_of": as_of} if as_of else {}))
        computed = compute(criterion, db.session.get(Unit, unit_id), YEAR)
        table = unit_status(AssignmentFilters(as_of=day, plan=plan_code))
        (figures,) = [r.figures for r in table.rows() if r.unit.id == unit_id]
    assert {name: row[name] for name in CLASSES} == {n: computed.counts[n] for n in CLASSES}
    assert computed.counts == figures.counts
    assert computed.points == 3 * row["score"] / 100


def test_plan_done_scores_the_weighted_share_by_the_status_bands(unit_year):
    unit, _plan = unit_year

    computed = compute(plan_criterion(), unit, YEAR)

    # As of 31/12/2021: 10 on time, 1 late (counts half), 2 overdue → 10,5 / 13 = 80,8 %.
    assert (computed.counts["done_on_time"], computed.counts["done_late"]) == (10, 1)
    assert computed.counts["overdue"] == 2
    assert computed.share == pytest.approx(10.5 / 13)
    assert score(10, 1, 2, current_bands()) == 50
    assert computed.points == 1.5
    assert "5959/QĐ-UBND" in computed.working
    assert "31/12/2021" in computed.working
    assert "đúng hạn" in computed.working  # Vietnamese, the default language


@pytest.mark.parametrize("named", ["5959", PLAN, "id"])
def test_the_plan_is_named_by_its_number_its_code_or_its_id(unit_year, named):
    unit, plan = unit_year
    criterion = plan_criterion(plan=str(plan.id) if named == "id" else named)

    assert compute(criterion, unit, YEAR).points == 1.5


def test_every_task_done_on_time_gives_full_points(app_ctx, make_unit, make_user, make_plan):
    unit = make_unit()
    year = WorkYear(make_user(role="office"), make_plan(code=PLAN, year=YEAR))
    year.task(unit, due=date(2021, 6, 30), done_on=date(2021, 6, 30))
    year.task(unit, due=date(2021, 12, 31), done_on=date(2021, 12, 1))
    year.finish()

    assert compute(plan_criterion(), unit, YEAR).points == 3


def test_under_80_percent_weighted_gives_nothing(app_ctx, make_unit, make_user, make_plan):
    unit = make_unit()
    year = WorkYear(make_user(role="office"), make_plan(code=PLAN, year=YEAR))
    for _ in range(3):
        year.task(unit, due=date(2021, 6, 30), done_on=date(2021, 6, 1))
    year.task(unit, due=date(2021, 6, 30), done_on=date(2021, 7, 1))  # 3,5 / 4 = 87,5 %
    year.task(unit, due=date(2021, 6, 30))  # 3,5 / 5 = 70 %
    year.finish()

    computed = compute(plan_criterion(), unit, YEAR)

    assert computed.share == pytest.approx(0.7)
    assert computed.points == 0


def test_a_unit_with_nothing_due_gets_full_points(app_ctx, make_unit, make_user, make_plan):
    unit = make_unit()
    year = WorkYear(make_user(role="office"), make_plan(code=PLAN, year=YEAR))
    year.task(unit, due=date(2022, 6, 30))
    year.finish()

    computed = compute(plan_criterion(), unit, YEAR)

    assert (computed.points, computed.share) == (3, None)
    assert "điểm tối đa" in computed.working


def test_the_criterions_own_levels_score_the_weighted_share(unit_year):
    unit, _plan = unit_year

    computed = compute(plan_criterion(max_points=1, levels=LEVELS), unit, YEAR)

    assert computed.points == 0.5  # 80,8 %: "Từ 80 % đến dưới 100 %"
    assert "Từ 80 % đến dưới 100 %" in computed.working


def test_a_plan_that_does_not_exist_computes_nothing_and_says_why(app_ctx, make_unit):
    computed = compute(plan_criterion(plan="9999"), make_unit(), YEAR)

    assert computed.points is None
    assert "9999" in computed.working
