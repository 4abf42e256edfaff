"""`tracker seed-demo`: Quảng Trị's units and plans, idempotent; `tracker stats --json`. (What
happened in 2025 is tested in test_demo_reorganisation.py.) The tests of what the demo holds are
marked `seeded`: they read the demo seeded once per session (tests/databases.py); the first two
run the seed themselves."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date

import pytest
from sqlalchemy import func, select

REPORT_DATE = date(2021, 9, 30)


def table_counts(db_session) -> dict[str, int]:
    from tracker.extensions import db

    return {
        table.name: db_session.scalar(select(func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    }


def assigned_units(db_session) -> dict[int, int]:
    """Assignment id → the unit it was assigned to (before any transfer)."""
    from tracker.assignments.models import Assignment, AssignmentTransfer

    units = dict(db_session.execute(select(Assignment.id, Assignment.unit_id)).all())
    for assignment_id, from_unit_id in db_session.execute(
        select(AssignmentTransfer.assignment_id, AssignmentTransfer.from_unit_id).order_by(
            AssignmentTransfer.effective_date.desc()
        )
    ):
        units[assignment_id] = from_unit_id  # the earliest transfer's, written last
    return units


def seed(app):
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    return result.output


def stats(app) -> dict:
    result = app.test_cli_runner().invoke(args=["stats", "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_seed_is_idempotent(app, db_session):
    first = seed(app)
    assert "created" in first
    counts = table_counts(db_session)
    second = seed(app)
    assert "nothing changed" in second
    assert table_counts(db_session) == counts


def test_seed_prints_a_login_per_role(app, db_session):
    output = seed(app)
    for role in ("admin", "office", "unit_lead", "unit_member", "viewer"):
        assert role in output
    assert "lanhdao.donghoi@cchc.demo" in output  # the new ward's, since 2025


@pytest.mark.seeded
def test_stats_counts_quang_tri_units_groups_users_and_plans(app, db_session):
    numbers = stats(app)
    assert set(numbers) >= {"units", "groups", "users", "plans"}
    # Every unit that ever was: the report's 20 sở, ban, ngành (with the office) and the two
    # departments of 2025; Quảng Trị's 10 districts and Quảng Bình's 8; 119 + 145 communes
    # before 2025 and the special zone Cồn Cỏ.
    assert numbers["units"]["office"] == 1
    assert numbers["units"]["department"] == 19 + 2
    assert numbers["units"]["district"] == 10 + 8
    assert numbers["units"]["commune"] == 119 + 145 + 1
    assert numbers["groups"] >= 3
    assert all(
        numbers["users"][role] >= 1
        for role in ("admin", "office", "unit_lead", "unit_member", "viewer")
    )
    plans = {plan["code"]: plan for plan in numbers["plans"]}
    assert plans["5959/QĐ-UBND"]["tasks"] >= 25
    assert plans["NVTT-Q4/2021"]["tasks"] == 5
    assert plans["KH-CCHC-2026"]["tasks"] >= 15
    for plan in plans.values():
        assert set(plan) >= {"code", "tasks", "assignments"}
        assert plan["assignments"] >= plan["tasks"]


@pytest.mark.seeded
def test_units_carry_official_codes_names_and_aliases(app, db_session):
    from tracker.units.models import Unit

    dong_ha = db_session.scalar(select(Unit).where(Unit.code == "461"))
    assert dong_ha.kind == "district"
    assert "Đông Hà" in dong_ha.name
    # Its 9 wards: those that go on after 1/7/2025 keep it as the district they had.
    assert len(dong_ha.children) == 9
    sttt = db_session.scalar(select(Unit).where(Unit.code == "STTTT"))
    assert sttt.name == "Sở Thông tin và Truyền thông"
    assert "Sở TTTT" in sttt.aliases
    office = db_session.scalar(select(Unit).where(Unit.kind == "office"))
    assert "VP UBND tỉnh" in [office.short_name, *office.aliases]


@pytest.mark.seeded
def test_group_assignment_expands_to_one_assignment_per_member(app, db_session):
    from tracker.assignments.models import Assignment
    from tracker.plans.models import Task
    from tracker.units.models import UnitGroup

    districts = db_session.scalar(select(UnitGroup).where(UnitGroup.code == "HUYEN"))
    members = districts.members_on(REPORT_DATE)
    assert len(members) == 10
    district_ids = {u.id for u in members}
    # Counted by the unit each was assigned to: open ones have moved on since 2025.
    first_units = assigned_units(db_session)
    per_task = Counter(
        task_number
        for assignment_id, task_number in db_session.execute(
            select(Assignment.id, Task.number).join(Task).where(Assignment.role == "lead")
        )
        if first_units[assignment_id] in district_ids
    )
    assert 10 in per_task.values()


@pytest.mark.seeded
def test_every_deadline_class_occurs_as_of_the_report_date(app, db_session):
    from tracker.assignments.classes import classify
    from tracker.assignments.models import Assignment

    with app.app_context():
        assignments = list(db_session.scalars(select(Assignment)))
        classes = set(classify(assignments, REPORT_DATE).values())
    assert classes == {
        "done_on_time",
        "done_late",
        "overdue",
        "due_soon",
        "on_track",
        "no_deadline",
        "cancelled",
    }


@pytest.mark.seeded
def test_progress_is_journaled_with_evidence(app, db_session):
    from tracker.assignments.models import Assignment, ExtensionRequest, JournalEntry

    done = db_session.scalars(select(Assignment).where(Assignment.state == "done")).all()
    assert done
    assert all(
        a.completed_on and a.completed_on <= REPORT_DATE for a in done if a.task.plan.year == 2021
    )
    reported = db_session.scalars(
        select(JournalEntry).where(JournalEntry.kind == "reported_done")
    ).all()
    assert any(update.evidence_document_number for update in reported)
    decisions = set(db_session.scalars(select(ExtensionRequest.decision)))
    assert decisions >= {"approved", "rejected"}
    extended = db_session.scalars(
        select(Assignment).where(Assignment.due_date != Assignment.original_due_date)
    ).all()
    assert extended and all(a.due_date_revision >= 1 for a in extended)
