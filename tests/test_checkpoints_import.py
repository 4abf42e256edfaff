"""An imported plan's recurring duties (#18): the phrase's rule is stored on the task, its
checkpoints follow it, and a corrected file re-dates them."""

from __future__ import annotations

from datetime import date

import pytest

from tests.imports_support import edited_sample, load_units
from tracker.imports.services import import_plan
from tracker.plans.models import Task

CODE = "4800/KH-UBND"


@pytest.fixture
def office(make_user):
    return make_user(role="office")


def task(db_session, number: str) -> Task:
    return next(t for t in db_session.query(Task).all() if t.number == number)


def test_an_imported_quarterly_duty_keeps_its_rule_and_its_checkpoints(app_ctx, db_session, office):
    load_units(db_session)
    phrase = "Hằng quý, trong 5 ngày làm việc sau khi kết thúc quý"
    result = import_plan(office, edited_sample(r16c5=phrase), "ke-hoach.csv", CODE)
    assert result.errors == [] and result.written
    duty = task(db_session, "III.2")
    assert (duty.recurrence, duty.due_rule, duty.due_day, duty.due_in_working_days) == (
        "quarterly",
        "days_after_end",
        5,
        True,
    )
    first = duty.assignments[0]
    held = {a.period: a.due_date for a in duty.assignments if a.unit_id == first.unit_id}
    assert held == {
        "2022-Q1": date(2022, 4, 7),
        "2022-Q2": date(2022, 7, 7),
        "2022-Q3": date(2022, 10, 7),
        "2022-Q4": date(2023, 1, 9),  # 2/1/2023 is off (1/1 was a Sunday)
    }
    # The same file again changes nothing; a plain "Hằng quý" takes the plan's default rule.
    again = import_plan(office, edited_sample(r16c5=phrase), "ke-hoach.csv", CODE)
    assert [c.number for c in again.items if c.action == "update"] == []
    corrected = import_plan(office, edited_sample(r16c5="Hằng quý"), "ke-hoach.csv", CODE)
    assert [c.number for c in corrected.items if c.action == "update"] == ["III.2"]
    db_session.expire_all()
    duty = task(db_session, "III.2")
    assert duty.due_rule is None
    held = {a.period: a.due_date for a in duty.assignments if a.unit_id == first.unit_id}
    assert held["2022-Q3"] == date(2022, 9, 15)
