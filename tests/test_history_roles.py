"""A change of role (the office makes a cooperating unit the lead) leaves earlier days as they
were: the role is kept by period, like the state, and figures of a past day read it there."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from tests.conftest import local_today
from tracker.assignments.models import Assignment, AssignmentPeriod
from tracker.extensions import db
from tracker.plans.filters import AssignmentFilters
from tracker.plans.queries import list_assignments
from tracker.plans.revisions import reassign_units
from tracker.plans.services import TaskInput, create_task
from tracker.status.services import unit_status


def test_a_switch_of_roles_today_leaves_yesterday_as_it_was(
    app_ctx, make_unit, make_user, make_plan
):
    first, second = (make_unit(kind="department", code=code) for code in ("RA", "RB"))
    office = make_user(role="office")
    plan = make_plan(code="88/KH-UBND")
    today = local_today()
    yesterday = today - timedelta(days=1)
    task = create_task(
        office,
        plan,
        TaskInput(
            number="1",
            title="Rà soát quy chế",
            lead_units=["RA"],
            cooperating_units=["RB"],
            due_date=today + timedelta(days=30),
            assigned_on=today - timedelta(days=5),
            assigned_on_reason="Giao từ văn bản trước",
        ),
    )

    reassign_units(office, task, leads=[second], cooperating=[first], reason="Đổi chủ trì")

    def lead_units(day):
        table = unit_status(AssignmentFilters(as_of=day, plan=plan.code))
        return {row.unit.code for row in table.rows() if row.figures.total}

    assert lead_units(yesterday) == {"RA"}
    assert lead_units(today) == {"RB"}
    rows, _total = list_assignments(AssignmentFilters(as_of=yesterday, plan=plan.code))
    assert {seen.unit.code: seen.role for seen, _klass in rows} == {
        "RA": "lead",
        "RB": "cooperating",
    }
    # The periods carry the unit and task of their assignment.
    for period in db.session.scalars(select(AssignmentPeriod)):
        assignment = db.session.get(Assignment, period.assignment_id)
        assert (period.unit_id, period.task_id) == (assignment.unit_id, assignment.task_id)
