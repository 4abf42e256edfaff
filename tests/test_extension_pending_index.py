"""At most one extension request waits per assignment. The service checks it under the
assignment's row lock; a writer that got past the check anyway is refused by the partial
unique index with the same 422; and the upgrade that makes the index closes the duplicates
that the old race left behind."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from flask_migrate import upgrade
from sqlalchemy import column, func, insert, select, table

from tests.conftest import local_today, recreate_database, scratch_database_name
from tests.test_migrations import build_app

PLAN_COLUMNS = ("id", "code", "title", "issuing_body", "year", "description")
TASK_COLUMNS = (
    "id",
    "plan_id",
    "position",
    "number",
    "title",
    "description",
    "expected_output",
    "deadline_text",
)


@pytest.fixture
def assignment(db_session, make_unit, make_user, make_plan):
    from tracker.plans.services import TaskInput, create_task

    unit = make_unit(code="PX")
    data = TaskInput(
        number="1",
        title="Rà soát quy trình nội bộ",
        lead_units=["PX"],
        due_date=local_today() + timedelta(days=30),
    )
    task = create_task(make_user(role="office"), make_plan(), data)
    return task.assignments[0], make_user(role="unit_lead", unit=unit)


def test_a_request_past_the_check_is_refused_by_the_index_with_the_same_422(
    app_ctx, db_session, assignment, monkeypatch
):
    from tracker.assignments import extension_requests
    from tracker.assignments.models import ExtensionRequest
    from tracker.core.exceptions import ValidationFailed

    row, lead = assignment
    extension_requests.request_extension(
        lead, row, due_date=row.due_date + timedelta(days=10), reason="Chờ số liệu"
    )
    # As a writer that checked before the first request was committed would see it.
    monkeypatch.setattr(extension_requests, "pending_request", lambda _assignment: None)
    with pytest.raises(ValidationFailed) as refused:
        extension_requests.request_extension(
            lead, row, due_date=row.due_date + timedelta(days=20), reason="Lần nữa"
        )
    assert refused.value.fields == {"due_date": extension_requests.already_pending()}
    assert refused.value.fields["due_date"].code == "extension_pending"
    waiting = select(func.count()).where(
        ExtensionRequest.assignment_id == row.id, ExtensionRequest.decision == "pending"
    )
    assert db_session.scalar(waiting) == 1


def test_the_upgrade_closes_duplicate_pending_requests_before_making_the_index(tmp_path):
    from tracker.assignments.models import Assignment, ExtensionRequest
    from tracker.extensions import db
    from tracker.units.models import Unit

    app = build_app(recreate_database(scratch_database_name("_onepending")), tmp_path)
    with app.app_context():
        upgrade(revision="db7419dd820e")  # the head before the index
        # Rows written as that schema has them (the assignments had no assigned_on yet, the
        # plans and tasks no due rules).
        plans = table("plans", *(column(c) for c in PLAN_COLUMNS))
        plan_id = db.session.execute(
            insert(plans)
            .values(code="P/1", title="Kế hoạch", issuing_body="UBND", year=2026, description="")
            .returning(plans.c.id)
        ).scalar_one()
        tasks = table("tasks", *(column(c) for c in TASK_COLUMNS))
        task = db.session.execute(
            insert(tasks)
            .values(
                plan_id=plan_id,
                position=0,
                number="1",
                title="T",
                description="",
                expected_output="",
                deadline_text="",
            )
            .returning(tasks.c.id)
        ).one()
        # The units as that schema has them too (later columns do not exist yet).
        unit_ids = [
            db.session.execute(
                insert(Unit.__table__)
                .values(code=code, name=code, short_name=code, kind="department", aliases=[])
                .returning(Unit.__table__.c.id)
            ).scalar_one()
            for code in ("U1", "U2")
        ]
        due = date(2026, 12, 31)
        raced, alone = (
            db.session.execute(
                insert(Assignment.__table__)
                .values(
                    task_id=task.id,
                    unit_id=unit_id,
                    role="lead",
                    due_date=due,
                    original_due_date=due,
                    due_date_revision=0,
                    version=1,
                )
                .returning(Assignment.__table__.c.id)
            ).scalar_one()
            for unit_id in unit_ids
        )
        for n, assignment_id in enumerate([raced, raced, raced, alone], start=1):
            db.session.execute(
                insert(ExtensionRequest.__table__).values(
                    assignment_id=assignment_id,
                    requested_date=date(2027, 1, n),
                    reason=f"Lần {n}",
                    decision="pending",
                    decision_note="",
                )
            )
        db.session.commit()
        ids = raced, alone
        upgrade()
        rows = db.session.execute(
            select(ExtensionRequest.assignment_id, ExtensionRequest.decision).order_by(
                ExtensionRequest.id
            )
        ).all()
        assert [tuple(r) for r in rows] == [
            (ids[0], "pending"),
            (ids[0], "rejected"),
            (ids[0], "rejected"),
            (ids[1], "pending"),
        ]
        notes = db.session.scalars(
            select(ExtensionRequest.decision_note).where(ExtensionRequest.decision == "rejected")
        ).all()
        assert all(note.startswith("Trùng") for note in notes)
        db.session.remove()
        db.engine.dispose()
