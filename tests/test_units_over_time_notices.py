"""A notice of the office's change to work a closed unit still holds goes to the people of the
unit it became, not to the closed unit's people; when it became no unit, to nobody."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.units_over_time_support import build_reorganised
from tracker.assignments.changes import change_due_date
from tracker.extensions import db
from tracker.notifications.models import Notification
from tracker.reminders.recipients import reminded_units


@pytest.fixture
def reorganised(app, db_session, make_unit, make_user, make_plan):
    return build_reorganised(app, make_unit, make_user, make_plan)


def told(assignment_id: int) -> set[int]:
    """Who was told of a due date changed (the notices of its creation are older)."""
    return set(
        db.session.scalars(
            select(Notification.user_id).where(
                Notification.assignment_id == assignment_id, Notification.kind == "due_changed"
            )
        )
    )


def redate(world, number: str, days: int) -> None:
    assignment = world.assignment(number)
    change_due_date(
        world.person("office"),
        assignment,
        assignment.due_date + timedelta(days=days),
        "Điều chỉnh thời hạn",
        version=assignment.version,
    )


def test_work_left_with_a_dissolved_unit_is_told_to_no_unit(reorganised, app_ctx):
    redate(reorganised, "T4", 5)  # held by HCL, dissolved without a successor
    assert told(reorganised.assignment_ids["T4"]) == set()


def test_once_it_has_a_successor_its_people_are_told(reorganised, app_ctx):
    hcl = reorganised.unit("HCL")
    hcl.successor = reorganised.unit("STC")
    db.session.commit()
    redate(reorganised, "T4", 5)
    assert told(reorganised.assignment_ids["T4"]) == {reorganised.person("stc_lead").id}


def test_the_one_rule_of_whose_people_hear(reorganised, app_ctx):
    ids = {code: reorganised.unit(code).id for code in ("SKH", "STC", "HCL", "SNN")}
    today = reorganised.today
    assert reminded_units(ids.values(), today) == {
        ids["SKH"]: ids["STC"],  # merged: its successor's people
        ids["STC"]: ids["STC"],
        ids["SNN"]: ids["SNN"],  # renamed, the same unit
    }  # HCL: dissolved without a successor, nobody's
    before = reorganised.days(-31)  # the day before the changes: each its own
    assert reminded_units(ids.values(), before) == {i: i for i in ids.values()}
