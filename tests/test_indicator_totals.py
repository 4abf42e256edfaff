"""The province's figures of a period as of a day: sums and ratios of the units' submitted
values, who submitted, late, missing; and a missing submission chased by the reminder sweep."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.conftest import local_today
from tests.indicator_reports_support import (
    GOOD,
    PERIOD,
    make_checkpoint,
    make_report_task,
    make_set,
)
from tracker.extensions import db
from tracker.indicators import reports
from tracker.indicators.totals import period_totals, unit_rows


@pytest.fixture
def world(app_ctx, make_unit, make_user, make_plan):
    plan = make_plan(year=2021)
    task = make_report_task(plan)
    indicator_set = make_set(task=task)
    units = [make_unit(), make_unit(), make_unit()]
    people = [make_user("unit_lead", unit=unit) for unit in units]
    return indicator_set, task, units, people


def send(person, indicator_set, unit, values):
    report = reports.save_values(person, indicator_set, unit, PERIOD, values, "")
    return reports.submit(person, report, report.version)


def test_totals_sum_the_counts_and_divide_the_sums_for_a_ratio(world):
    indicator_set, _task, units, people = world
    today = local_today()
    send(people[0], indicator_set, units[0], GOOD)  # 88 / 90 on time
    send(
        people[1],
        indicator_set,
        units[1],
        {"TIEP_NHAN": 10, "DA_GQ": 10, "GQ_DUNG_HAN": 5, "GQ_QUA_HAN": 5},
    )
    figures = period_totals(indicator_set, PERIOD, today)
    assert figures["period"] == PERIOD
    assert figures["totals"]["TIEP_NHAN"] == 110
    assert figures["totals"]["DA_GQ"] == 100
    # The ratio of the sums (93 / 100), not the mean of the units' ratios (97.78 and 50).
    assert figures["totals"]["TY_LE_DUNG_HAN"] == 93.0
    # Without a checkpoint, the units that sent their figures are counted.
    assert figures["units"] == {"submitted": 2, "late": 0, "missing": 0}


def test_as_of_leaves_out_the_submissions_made_later(world):
    indicator_set, task, units, people = world
    today = local_today()
    for unit in units[:2]:
        make_checkpoint(task, unit, due=today, assigned_on=today - timedelta(days=30))
    early = send(people[0], indicator_set, units[0], GOOD)
    early.submitted_on = today - timedelta(days=10)
    db.session.commit()
    send(people[1], indicator_set, units[1], GOOD)
    before = period_totals(indicator_set, PERIOD, today - timedelta(days=5))
    assert before["totals"]["TIEP_NHAN"] == 100
    assert before["units"] == {"submitted": 1, "late": 0, "missing": 1}
    now = period_totals(indicator_set, PERIOD)
    assert now["totals"]["TIEP_NHAN"] == 200
    assert now["units"]["submitted"] == 2


def test_late_and_missing_are_counted_against_the_checkpoints(world):
    indicator_set, task, units, people = world
    today = local_today()
    long_ago = today - timedelta(days=60)
    make_checkpoint(task, units[0], due=today + timedelta(days=3), assigned_on=long_ago)
    make_checkpoint(task, units[1], due=today - timedelta(days=2), assigned_on=long_ago)
    make_checkpoint(task, units[2], due=today - timedelta(days=2), assigned_on=long_ago)
    send(people[0], indicator_set, units[0], GOOD)
    send(people[1], indicator_set, units[1], GOOD)
    figures = period_totals(indicator_set, PERIOD, today)
    assert figures["units"] == {"submitted": 2, "late": 1, "missing": 1}
    rows = {row.unit.id: row for row in unit_rows(indicator_set, PERIOD, today)}
    assert rows[units[0].id].deadline_class == "done_on_time"
    assert rows[units[1].id].deadline_class == "done_late"
    assert rows[units[2].id].deadline_class == "overdue"
    # A draft is not a submission: its values are left out of the totals.
    reports.save_values(people[2], indicator_set, units[2], PERIOD, GOOD, "")
    assert period_totals(indicator_set, PERIOD, today)["totals"]["TIEP_NHAN"] == 200


def test_a_missing_submission_is_an_overdue_checkpoint_that_the_sweep_chases(world):
    from tracker.reminders.services import sweep

    indicator_set, task, units, people = world
    today = local_today()
    due = today - timedelta(days=1)
    sent = make_checkpoint(task, units[0], due=due, assigned_on=today - timedelta(days=60))
    missing = make_checkpoint(task, units[1], due=due, assigned_on=today - timedelta(days=60))
    send(people[0], indicator_set, units[0], GOOD)
    chased = {}
    for days in range(0, 15):
        messages, _ids = sweep(today + timedelta(days=days), dry_run=True)
        chased = {m.recipient.id: set(m.assignment_ids) for m in messages}
        if chased:
            break
    assert chased.get(people[1].id) == {missing.id}
    assert people[0].id not in chased
    assert all(sent.id not in ids for ids in chased.values())
