"""periodic_reports_on_time and reminders_answered: the share of the year's report checkpoints
done on time, and of the reminders the unit answered by its due date, on PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest

from tests.index_formulas_support import WorkYear, remind
from tests.index_support import LEVELS, make_criteria_set
from tracker.extensions import db
from tracker.indicators.models import IndicatorSet
from tracker.reform_index.formulas import compute

YEAR = 2021


def computed_criterion(formula: str, parameters: dict, max_points=2, levels=None):
    extra = {"rule": "computed", "formula": formula, "parameters": parameters}
    if levels:
        extra["levels"] = levels
    criteria_set = make_criteria_set(
        year=YEAR,
        rows=[("1", "Lĩnh vực", max_points), ("1.1", "Tiêu chí tự động", max_points, extra)],
    )
    return criteria_set.criteria[1]


# ---- periodic reports ---------------------------------------------------------------------


@pytest.fixture
def reports_year(app_ctx, make_unit, make_user, make_plan):
    """The unit's quarterly report of 2021 (task 5959:II.3, set MOT_CUA): Q1 on time, Q2 late,
    Q3 never sent, Q4 on its due day; a 2020 checkpoint, another unit's, a one-off overdue task
    and another recurring task's checkpoint (sent on time) beside them."""
    unit, other = make_unit(), make_unit()
    plan = make_plan(code="5959/QĐ-UBND", year=YEAR)
    year = WorkYear(make_user(role="office"), plan)
    task = year.new_task(recurrence="quarterly", number="II.3")
    year.task(unit, due=date(2021, 3, 15), done_on=date(2021, 3, 10), task=task, period="2021-Q1")
    year.task(unit, due=date(2021, 6, 15), done_on=date(2021, 6, 20), task=task, period="2021-Q2")
    year.task(unit, due=date(2021, 9, 15), task=task, period="2021-Q3")
    year.task(unit, due=date(2021, 12, 15), done_on=date(2021, 12, 15), task=task, period="2021-Q4")
    year.task(
        unit,
        due=date(2020, 12, 15),
        done_on=date(2021, 1, 20),
        task=task,
        period="2020-Q4",
        assigned_on=date(2020, 10, 1),
    )
    year.task(other, due=date(2021, 3, 15), task=task, period="2021-Q1")
    year.task(unit, due=date(2021, 5, 31))
    other_task = year.new_task(recurrence="six_monthly", number="III.1")
    year.task(
        unit, due=date(2021, 6, 25), done_on=date(2021, 6, 1), task=other_task, period="2021-H1"
    )
    year.finish()
    db.session.add(IndicatorSet(code="MOT_CUA", year=YEAR, name="Một cửa", task=task))
    db.session.commit()
    return unit


@pytest.mark.parametrize("parameters", [{"set": "MOT_CUA"}, {"task": "5959:II.3"}])
def test_reports_on_time_share_of_the_years_checkpoints(reports_year, parameters):
    computed = compute(
        computed_criterion("periodic_reports_on_time", parameters), reports_year, YEAR
    )

    assert computed.counts == {"done_on_time": 2, "done_late": 1, "overdue": 1}
    assert computed.share == 0.5
    assert computed.points == 1  # 2 × 50 %
    assert "2/4" in computed.working


def test_reports_on_time_by_the_criterions_levels(reports_year):
    criterion = computed_criterion(
        "periodic_reports_on_time", {"set": "MOT_CUA"}, max_points=1, levels=LEVELS
    )

    computed = compute(criterion, reports_year, YEAR)

    assert computed.points == 0  # 50 %: "Dưới 80 %"
    assert "Dưới 80 %" in computed.working


def test_without_a_set_or_task_every_recurring_tasks_checkpoints_count(reports_year):
    computed = compute(computed_criterion("periodic_reports_on_time", {}), reports_year, YEAR)

    assert computed.counts == {"done_on_time": 3, "done_late": 1, "overdue": 1}
    assert computed.points == 1.2


def test_reports_as_of_a_day_count_what_was_due_by_then(reports_year):
    parameters = {"set": "MOT_CUA", "as_of": "30/06"}

    computed = compute(
        computed_criterion("periodic_reports_on_time", parameters), reports_year, YEAR
    )

    assert computed.counts == {"done_on_time": 1, "done_late": 1, "overdue": 0}


def test_an_indicator_set_of_another_year_is_not_found(reports_year):
    computed = compute(
        computed_criterion("periodic_reports_on_time", {"set": "KHAC"}), reports_year, YEAR
    )

    assert computed.points is None
    assert "KHAC" in computed.working


def test_a_unit_with_no_report_due_gets_full_points(app_ctx, make_unit):
    computed = compute(computed_criterion("periodic_reports_on_time", {}), make_unit(), YEAR)

    assert (computed.points, computed.share) == (2, None)


# ---- reminders ----------------------------------------------------------------------------


@pytest.fixture
def reminded_year(app_ctx, make_unit, make_user, make_plan):
    """Seven reminders of 2021 about six of the unit's tasks, four answered in time."""
    unit, other = make_unit(), make_unit()
    lead = make_user(role="unit_lead", unit=unit)
    member = make_user(role="unit_member", unit=unit)
    office = make_user(role="office")
    year = WorkYear(office, make_plan(code="5959/QĐ-UBND", year=YEAR))
    june = date(2021, 6, 30)
    updated = year.task(unit, due=june, updated_on=[date(2021, 6, 25)])
    done = year.task(unit, due=june, done_on=date(2021, 6, 29))
    ignored = year.task(unit, due=june)
    late = year.task(unit, due=date(2021, 3, 31), done_on=date(2021, 4, 10))
    too_early = year.task(unit, due=june, updated_on=[date(2021, 6, 10)])
    chased = year.task(unit, due=date(2021, 9, 30), updated_on=[date(2021, 9, 2)])
    elsewhere = year.task(other, due=june)
    year.finish()
    for person in (lead, member):  # one reminder, however many of the unit's people got it
        remind(person, date(2021, 6, 23), [updated, done, ignored, too_early, elsewhere])
    remind(lead, date(2021, 6, 29), [done])  # answered that very day
    remind(lead, date(2021, 4, 5), [late])  # overdue already: cannot be answered in time
    remind(lead, date(2021, 6, 24), [ignored], status="failed")  # never received
    remind(lead, date(2020, 12, 20), [ignored])  # another year
    remind(lead, date(2021, 9, 1), [chased], kind="adhoc")  # the office's đôn đốc
    return unit


def test_reminders_answered_by_an_update_by_the_due_date(reminded_year):
    computed = compute(computed_criterion("reminders_answered", {}), reminded_year, YEAR)

    assert computed.counts == {"reminders": 7, "tasks": 6, "answered": 4}
    assert computed.share == pytest.approx(4 / 7)
    assert computed.points == 1.14  # 2 × 4/7
    assert "4/7" in computed.working


def test_reminders_until_a_day(reminded_year):
    parameters = {"as_of": "30/06"}

    computed = compute(computed_criterion("reminders_answered", parameters), reminded_year, YEAR)

    assert computed.counts == {"reminders": 6, "tasks": 5, "answered": 3}


def test_a_unit_never_reminded_gets_full_points(app_ctx, make_unit):
    computed = compute(computed_criterion("reminders_answered", {}), make_unit(), YEAR)

    assert (computed.points, computed.share) == (2, None)
    assert "điểm tối đa" in computed.working
