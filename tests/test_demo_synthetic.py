"""`tracker demo-data`: synthetic plans over the real units, exact counts, every deadline class
on each check date, extensions that keep the original date, and a guarded re-run."""

from __future__ import annotations

from sqlalchemy import func, select

from tests.support import app_env, run_tracker

ARGS = ["demo-data", "--units", "155", "--plans", "2", "--assignments", "600"]
ARGS += ["--updates", "2000", "--seed", "7"]
CLASSES = {
    "done_on_time",
    "done_late",
    "overdue",
    "due_soon",
    "on_track",
    "no_deadline",
    "cancelled",
}


def run(app, *extra: str):
    return app.test_cli_runner().invoke(args=[*ARGS, *extra])


def generate(app):
    result = run(app)
    assert result.exit_code == 0, result.output
    return result.output


def synthetic_assignments(db_session):
    from tracker.assignments.models import Assignment
    from tracker.plans.models import Plan, Task

    return list(
        db_session.scalars(
            select(Assignment)
            .join(Task)
            .join(Plan)
            .where(Plan.code.like("SYN-KH-%"))
            .order_by(Assignment.id)
        )
    )


def counts(db_session) -> dict[str, int]:
    from tracker.assignments.models import Assignment, ExtensionRequest, JournalEntry
    from tracker.plans.models import Plan, Task
    from tracker.units.models import Unit

    plans = select(Plan.id).where(Plan.code.like("SYN-KH-%"))
    assignments = select(Assignment.id).join(Task).where(Task.plan_id.in_(plans))

    def count(model, *conditions) -> int:
        return db_session.scalar(select(func.count()).select_from(model).where(*conditions))

    return {
        "units": count(Unit),
        "plans": count(Plan, Plan.id.in_(plans)),
        "tasks": count(Task, Task.plan_id.in_(plans)),
        "assignments": count(Assignment, Assignment.id.in_(assignments)),
        "lead": count(Assignment, Assignment.id.in_(assignments), Assignment.role == "lead"),
        "updates": count(JournalEntry, JournalEntry.assignment_id.in_(assignments)),
        "extensions": count(ExtensionRequest, ExtensionRequest.assignment_id.in_(assignments)),
    }


def table_counts(db_session) -> dict[str, int]:
    from tracker.extensions import db

    return {
        table.name: db_session.scalar(select(func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    }


def test_creates_exact_counts_over_the_real_units(app, db_session):
    from tracker.core.timeutil import local_today
    from tracker.plans.areas import AREA_CODES
    from tracker.plans.models import Plan, PlanSection
    from tracker.units.models import Unit

    output = generate(app)
    assert "600 assignments" in output and "2000 progress_updates" in output
    assert " s" in output.splitlines()[-1]
    numbers = counts(db_session)
    assert numbers["units"] == 155
    assert numbers["assignments"] == 600
    assert numbers["updates"] == 2000
    assert 0.7 <= numbers["lead"] / numbers["assignments"] <= 0.9
    assert db_session.scalar(select(Unit).where(Unit.code == "461")).kind == "district"
    extra = db_session.scalars(select(Unit).where(Unit.code.like("SYN-U%"))).all()
    assert len(extra) == 6 and all(unit.kind == "department" for unit in extra)
    with app.app_context():
        year = local_today().year
    plans = db_session.scalars(select(Plan).where(Plan.code.like("SYN-KH-%"))).all()
    assert sorted(plan.code for plan in plans) == [f"SYN-KH-{year - 1}", f"SYN-KH-{year}"]
    for plan in plans:
        areas = db_session.scalars(select(PlanSection.reform_area).where(PlanSection.plan == plan))
        assert sorted(areas) == sorted(AREA_CODES)


def test_every_deadline_class_occurs_today_and_on_past_dates(app, db_session):
    from tracker.assignments.classes import classify
    from tracker.core.timeutil import local_today
    from tracker.demo.synthetic_rows import check_dates

    generate(app)
    assignments = synthetic_assignments(db_session)
    with app.app_context():
        today = local_today()
        dates = check_dates([today.year - 1, today.year], today)
        assert len(dates) >= 5 and dates[-1] == today
        for as_of in dates:
            assert set(classify(assignments, as_of).values()) == CLASSES, as_of
    assert not any(a.completed_on and a.completed_on > today for a in assignments)
    recurring = [a for a in assignments if a.task.recurrence]
    assert recurring and all(a.due_date is None for a in recurring)
    cancelled = [a for a in assignments if a.state == "cancelled"]
    assert cancelled and all(a.cancelled_on for a in cancelled)


def test_extensions_keep_the_original_due_date_and_the_journal_tells_the_state(app, db_session):
    from tracker.assignments.models import ExtensionRequest, JournalEntry

    generate(app)
    assignments = {a.id: a for a in synthetic_assignments(db_session)}
    approved = db_session.scalars(
        select(ExtensionRequest).where(ExtensionRequest.decision == "approved")
    ).all()
    assert approved
    for extension in approved:
        assignment = assignments[extension.assignment_id]
        assert assignment.due_date == extension.requested_date
        assert assignment.original_due_date < assignment.due_date
        assert assignment.due_date_revision >= 1
        assert extension.decided_on is not None
    updates = db_session.scalars(
        select(JournalEntry).order_by(JournalEntry.created_at, JournalEntry.id)
    ).all()
    last_state = {}
    for update in updates:
        if update.new_state:
            last_state[update.assignment_id] = update.new_state
    assert {i: a.state for i, a in assignments.items()} == last_state
    kinds = {update.kind for update in updates}
    assert kinds >= {"created", "progress", "reported_done", "confirmed", "cancelled"}
    done = [a for a in assignments.values() if a.state in ("done", "awaiting_confirmation")]
    assert done and all(a.completed_on and a.evidence_document_number for a in done)


def test_rerun_refuses_without_replace_and_replaces_with_it(app, db_session):
    generate(app)
    before, synthetic = table_counts(db_session), counts(db_session)
    refused = run(app)
    assert refused.exit_code == 1
    assert "--replace" in refused.output
    assert table_counts(db_session) == before
    replaced = run(app, "--replace")
    assert replaced.exit_code == 0, replaced.output
    assert counts(db_session) == synthetic
    assert table_counts(db_session)["units"] == before["units"]


def test_works_on_sqlite_with_small_numbers(tmp_path):
    env = app_env(DATABASE_URL=f"sqlite:///{tmp_path / 'synthetic.db'}")
    assert run_tracker("db", "upgrade", env=env).returncode == 0
    args = ["demo-data", "--units", "152", "--plans", "2", "--assignments", "300"]
    result = run_tracker(*args, "--updates", "900", env=env)
    assert result.returncode == 0, result.stderr
    assert "300 assignments" in result.stdout and "900 progress_updates" in result.stdout
    again = run_tracker(*args, "--updates", "900", "--replace", env=env)
    assert again.returncode == 0, again.stderr
    assert "removed 2 earlier synthetic plans" in again.stdout


def test_periods_are_those_the_journal_replays_to(app, db_session):
    from tracker.assignments.models import PERIOD_COLUMNS, AssignmentPeriod
    from tracker.assignments.replay import rebuild_periods
    from tracker.extensions import db

    generate(app)
    ids = [assignment.id for assignment in synthetic_assignments(db_session)]
    columns = [getattr(AssignmentPeriod, name) for name in PERIOD_COLUMNS]
    query = (
        select(
            AssignmentPeriod.assignment_id,
            AssignmentPeriod.unit_id,
            AssignmentPeriod.task_id,
            AssignmentPeriod.valid_from,
            AssignmentPeriod.valid_to,
            *columns,
        )
        .where(AssignmentPeriod.assignment_id.in_(ids))
        .order_by(AssignmentPeriod.assignment_id, AssignmentPeriod.valid_from)
    )
    written = db_session.execute(query).all()
    assert {row.assignment_id for row in written} == set(ids)
    in_ids = AssignmentPeriod.assignment_id.in_(ids)
    last_id = db_session.scalar(select(func.max(AssignmentPeriod.id)).where(in_ids))
    assert len(written) > 2 * len(ids)
    with app.app_context():  # (the replay reads the app's time zone)
        assert rebuild_periods(db.session.connection(), ids) == len(written)
        db.session.commit()  # (the app context's end would roll its session back)
    replayed = db_session.execute(query).all()
    assert db_session.scalar(select(func.min(AssignmentPeriod.id)).where(in_ids)) > last_id
    assert replayed == written


CATALOGUE = """
SELECT 'index', indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index
WHERE indrelid = ANY(:tables ::regclass[])
UNION ALL
SELECT 'constraint', conname, pg_get_constraintdef(oid) || condeferred || convalidated
FROM pg_constraint WHERE conrelid = ANY(:tables ::regclass[])
UNION ALL
SELECT 'trigger', tgname || ' on ' || tgrelid::regclass::text, tgenabled::text FROM pg_trigger
WHERE tgrelid = ANY(:tables ::regclass[]) AND NOT tgisinternal
ORDER BY 1, 2, 3
"""


def test_the_bulk_load_leaves_indexes_constraints_and_triggers_as_they_were(app, db_session):
    from sqlalchemy import text

    from tracker.demo.synthetic import BULK

    def catalogue():
        rows = db_session.execute(text(CATALOGUE), {"tables": list(BULK)}).all()
        return [tuple(row) for row in rows]

    before = catalogue()
    assert {kind for kind, _name, _definition in before} == {"index", "constraint", "trigger"}
    version = db_session.execute(text("SELECT version FROM data_version")).scalar()
    generate(app)
    assert catalogue() == before
    # The big tables' triggers were off during the load; the plans' rows moved the version.
    assert db_session.execute(text("SELECT version FROM data_version")).scalar() > version
