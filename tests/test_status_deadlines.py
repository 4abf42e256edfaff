"""The deadline class of DOMAIN.md, on its boundaries."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.assignments.deadlines import deadline_class, effective_due_date

DUE = date(2021, 6, 30)


def classify(as_of, completed_on=None, cancelled_on=None, due=DUE):
    return deadline_class(
        due=due, completed_on=completed_on, cancelled_on=cancelled_on, as_of=as_of
    )


def test_completed_on_the_due_date_is_on_time():
    assert classify(date(2021, 7, 10), completed_on=DUE) == "done_on_time"


def test_completed_the_day_after_is_late():
    assert classify(date(2021, 7, 10), completed_on=date(2021, 7, 1)) == "done_late"


def test_due_today_is_due_soon_not_overdue():
    assert classify(DUE) == "due_soon"


def test_the_day_after_the_due_date_is_overdue():
    assert classify(date(2021, 7, 1)) == "overdue"


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (date(2021, 6, 23), "due_soon"),  # exactly N = 7 days before
        (date(2021, 6, 22), "on_track"),  # N + 1 days before
    ],
)
def test_due_soon_window_is_inclusive(as_of, expected):
    assert classify(as_of) == expected


def test_due_soon_window_is_configurable():
    assert (
        deadline_class(
            due=DUE, completed_on=None, cancelled_on=None, as_of=date(2021, 6, 16), due_soon_days=14
        )
        == "due_soon"
    )


def test_completion_reported_after_the_as_of_date_does_not_exist_yet():
    assert classify(date(2021, 7, 5), completed_on=date(2021, 7, 8)) == "overdue"
    assert classify(date(2021, 6, 20), completed_on=date(2021, 6, 25)) == "on_track"


def test_no_due_date_is_no_deadline():
    assert classify(date(2021, 7, 1), due=None) == "no_deadline"


def test_cancelled_wins_from_its_day_on():
    assert classify(date(2021, 7, 5), cancelled_on=date(2021, 7, 1)) == "cancelled"
    assert classify(date(2021, 6, 29), cancelled_on=date(2021, 7, 1)) == "due_soon"


def test_extension_approved_after_the_as_of_date_does_not_count_yet():
    approvals = [(date(2021, 7, 10), date(2021, 8, 31))]
    assert effective_due_date(DUE, approvals, date(2021, 7, 5)) == DUE
    assert effective_due_date(DUE, approvals, date(2021, 7, 10)) == date(2021, 8, 31)


def test_latest_approved_extension_is_in_force():
    approvals = [(date(2021, 6, 1), date(2021, 7, 31)), (date(2021, 7, 20), date(2021, 9, 30))]
    assert effective_due_date(DUE, approvals, date(2021, 7, 1)) == date(2021, 7, 31)
    assert effective_due_date(DUE, approvals, date(2021, 8, 1)) == date(2021, 9, 30)


def test_on_time_is_judged_against_the_approved_date():
    due = effective_due_date(DUE, [(date(2021, 6, 25), date(2021, 7, 31))], date(2021, 8, 5))
    assert classify(date(2021, 8, 5), completed_on=date(2021, 7, 20), due=due) == "done_on_time"
