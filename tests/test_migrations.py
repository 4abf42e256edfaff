"""The migrations build the schema on PostgreSQL and SQLite, and agree with the models; the
migration that gave assignments their assigned day and periods fills them from the data."""

from __future__ import annotations

from datetime import date

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import select

from tests.conftest import recreate_database, scratch_database_name
from tests.databases import copy_of_demo
from tracker.accounts.models import User
from tracker.assignments.changes import revise_assignment
from tracker.assignments.models import Assignment, AssignmentPeriod
from tracker.assignments.workflow import Evidence, confirm_completion, report_progress
from tracker.core.timeutil import local_today
from tracker.extensions import db
from tracker.plans.models import Plan, Task
from tracker.plans.services import TaskInput, create_task

# The revision before assignments had an assigned day and periods (7b2f4c9e1a05).
BEFORE_PERIODS = "dc758ccc2fc7"


def build_app(uri: str, tmp_path):
    from tracker import create_app

    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": uri.replace("postgresql://", "postgresql+psycopg://")}
    )
    app.instance_path = str(tmp_path)
    return app


def assert_models_match_database(app) -> None:
    from tracker.extensions import db

    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "render_as_batch": True}
        )
        diff = compare_metadata(context, db.metadata)
    assert diff == [], f"models and migrations differ: {diff}"


def assert_version_triggers_match_the_list(db) -> None:
    """The cache's table list (Python) and the triggers the migrations made agree."""
    from sqlalchemy import text

    from tracker.core.version_triggers import TRIGGER, TRIGGERS_IN_DATABASE, VERSIONED_TABLES

    with db.engine.connect() as connection:
        found = set(connection.execute(text(TRIGGERS_IN_DATABASE)).all())
    wanted = {
        (table, name) for table in VERSIONED_TABLES for name in (TRIGGER, f"{TRIGGER}_truncate")
    }
    assert found == wanted


@pytest.mark.parametrize("backend", ["postgresql", "sqlite"])
def test_migrations_upgrade_empty_database_to_head_and_match_models(backend, tmp_path):
    if backend == "postgresql":
        uri = recreate_database(scratch_database_name("_migrations"))
    else:
        uri = f"sqlite:///{tmp_path / 'tracker.db'}"
    app = build_app(uri, tmp_path)
    with app.app_context():
        upgrade()
        assert_models_match_database(app)
        downgrade(revision="base")
        upgrade()
        assert_models_match_database(app)
        from tracker.extensions import db

        if backend == "postgresql":
            assert_version_triggers_match_the_list(db)
        else:
            # SQLite has no now(): a default written as text("now()") (what autogenerate copies
            # from PostgreSQL) fails at the first insert under `make run`; func.now() does not.
            with db.engine.connect() as connection:
                broken = connection.exec_driver_sql(
                    "SELECT name FROM sqlite_master WHERE lower(sql) LIKE '%now()%'"
                ).all()
            assert not broken, f"defaults SQLite cannot evaluate: {broken}"

        db.engine.dispose()


def test_there_is_exactly_one_head(app):
    with app.app_context():
        config = app.extensions["migrate"].migrate.get_config()
    heads = ScriptDirectory.from_config(config).get_heads()
    assert len(heads) == 1, f"several Alembic heads: {heads}"


def change_a_few_today() -> None:
    """Changes made through the services today, on top of the demo's back-dated story: their
    periods are written live by journal(), the demo's were replayed from its journal. One is a
    task added today to the 2021 plan, counted as assigned on its issue date, and started."""
    office = db.session.scalar(select(User).where(User.email == "vanphong@cchc.demo"))
    lead = db.session.scalar(select(User).where(User.email == "lanhdao.snv@cchc.demo"))
    plan = db.session.scalar(select(Plan).where(Plan.code == "5959/QĐ-UBND"))

    def first(*where) -> Assignment:
        return db.session.scalars(select(Assignment).where(*where).order_by(Assignment.id)).first()

    open_states = Assignment.state.in_(("not_started", "in_progress"))
    task = create_task(
        office,
        plan,
        TaskInput(
            number="VI.9",
            title="Rà soát bổ sung thủ tục hành chính",
            lead_units=["SNV"],
            due_date=date(2021, 12, 31),
            assigned_on=plan.issued_on,
            assigned_on_reason="Giao tại Quyết định 5959/QĐ-UBND, nhập bổ sung",
        ),
    )
    added = task.assignments[0]
    report_progress(lead, added, version=added.version, state="in_progress", progress=30)
    moved = first(open_states, Assignment.due_date.is_not(None), Assignment.id != added.id)
    revise_assignment(office, moved, "Lùi hạn theo chỉ đạo", due_date=date(2027, 6, 30))
    own = first(open_states, Assignment.unit_id == lead.unit_id, Assignment.id != added.id)
    report_progress(
        lead,
        own,
        version=own.version,
        state="done",
        progress=100,
        evidence=Evidence(document_number="99/BC-SNV", url="https://example.vn/bc"),
    )
    awaiting = first(Assignment.state == "awaiting_confirmation", Assignment.id != own.id)
    confirm_completion(office, awaiting, accept=False, note="Bổ sung sản phẩm")
    cancelled = first(open_states, Assignment.id.not_in((moved.id, added.id)))
    revise_assignment(office, cancelled, "Không còn phù hợp", cancel=True)


def periods_and_assigned_days() -> tuple[dict, dict]:
    """Of the one-off assignments: a downgrade below 96a3eed3b0d8 drops the checkpoints."""
    periods: dict[int, list[tuple]] = {}
    for period in db.session.scalars(
        select(AssignmentPeriod)
        .join(Assignment, Assignment.id == AssignmentPeriod.assignment_id)
        .where(Assignment.period.is_(None))
        .order_by(AssignmentPeriod.assignment_id, AssignmentPeriod.valid_from)
    ):
        periods.setdefault(period.assignment_id, []).append(
            (period.valid_from, period.valid_to, period.values())
        )
    one_off = select(Assignment.id, Assignment.assigned_on).where(Assignment.period.is_(None))
    assigned = dict(db.session.execute(one_off).all())
    return periods, assigned


def test_migrating_the_demo_down_and_up_again_gives_the_same_periods(tmp_path):
    """The periods the demo replayed from its journal, and the live ones of today's changes,
    are what the migration makes again from the journal; every assignment counts as assigned
    on its plan's issue date."""
    # Up to 2025: the reorganisation's transfers live in tables that a downgrade below
    # b7c0e3dbb385 drops, so the periods they shaped cannot come back from the journal. A copy
    # of the demo seeded once per session, `seed_demo(reorganisation=False)` at today's head.
    uri = copy_of_demo(scratch_database_name("_migrated_history"), "before_2025")
    app = build_app(uri, tmp_path)
    with app.app_context():
        change_a_few_today()
        periods, assigned = periods_and_assigned_days()
        assert sum(found[-1][0] == local_today() for found in periods.values()) == 5
        db.session.remove()
        downgrade(revision=BEFORE_PERIODS)
        upgrade()

        issued = dict(
            db.session.execute(
                select(Assignment.id, Plan.issued_on)
                .join(Task, Task.id == Assignment.task_id)
                .join(Plan, Plan.id == Task.plan_id)
            ).all()
        )
        assert None not in issued.values()
        assert periods_and_assigned_days() == (periods, issued)
        assert assigned == issued
        # Every assignment has periods, the first from the day it was assigned.
        assert {i: found[0][0] for i, found in periods.items()} == issued
        db.session.remove()
        db.engine.dispose()
