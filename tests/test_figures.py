"""The status figures kept by deltas (tracker/figures): the SQL class is deadline_class, the
kept figures of every day equal a count from scratch and the class of every period in force,
after committed writes of every kind (inserts, changes, unit moves, deletions, a plan
deleted), and `tracker check-figures` finds and repairs a difference.

The figures are applied when a transaction commits, so these tests commit, on a database of
their own (the other tests' transactions are rolled back and read the rows instead)."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta

import pytest
from sqlalchemy import select, text

from tests.conftest import recreate_database, scratch_database_name
from tracker import create_app
from tracker.assignments.deadlines import deadline_class
from tracker.assignments.history import period_as_of
from tracker.assignments.models import AssignmentPeriod
from tracker.extensions import db
from tracker.figures.check import compare_session
from tracker.figures.services import counts_as_of, figures_usable
from tracker.plans.filters import AssignmentFilters
from tracker.plans.models import Plan, Task
from tracker.status.services import grouped_statement, unit_status

DEMO = ["demo-data", "--units", "160", "--plans", "3", "--assignments", "900"]
DEMO += ["--updates", "4000", "--seed", "11"]
DONE = ("done_on_time", "done_late")


@pytest.fixture(scope="module")
def fapp():
    from flask_migrate import upgrade

    url = recreate_database(scratch_database_name("_figures"))
    url = url.replace("postgresql://", "postgresql+psycopg://", 1)
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": url, "REDIS_URL": None, "SERVER_NAME": "localhost"}
    )
    with app.app_context():
        upgrade()
    result = app.test_cli_runner().invoke(args=DEMO)
    assert result.exit_code == 0, result.output
    yield app
    with app.app_context():
        db.engine.dispose()


def python_counts(day: date, plan_id: int | None = None) -> Counter:
    """(unit, class, awaiting) → count, from deadline_class over each period in force."""
    periods = db.session.scalars(select(AssignmentPeriod).order_by(AssignmentPeriod.valid_from))
    plans = dict(db.session.execute(select(Task.id, Task.plan_id)).tuples().all())
    by_assignment: dict[int, list] = {}
    for period in periods:
        by_assignment.setdefault(period.assignment_id, []).append(period)
    counts: Counter = Counter()
    for periods in by_assignment.values():
        held = period_as_of(periods, day)
        if held is None or held.role != "lead":
            continue
        if plan_id is not None and plans[held.task_id] != plan_id:
            continue
        klass = deadline_class(
            due=held.due_date,
            completed_on=held.completed_on,
            cancelled_on=held.cancelled_on,
            as_of=day,
            due_soon_days=7,
        )
        counts[(held.unit_id, klass, held.state == "awaiting_confirmation" and klass in DONE)] += 1
    return counts


def kept_counts(day: date, plan_id: int | None = None) -> Counter:
    return Counter({(u, c, a): n for u, c, a, n in counts_as_of(day, plan_id)})


def days_to_check() -> list[date]:
    low, high = db.session.execute(
        text("SELECT min(valid_from), max(coalesce(valid_to, valid_from)) FROM assignment_periods")
    ).one()
    rng = random.Random(3)
    span = (high - low).days + 60
    days = {low - timedelta(days=1), low, high, high + timedelta(days=30)}
    days |= {low + timedelta(days=rng.randrange(span)) for _ in range(25)}
    return sorted(days)


def assert_figures_right():
    assert figures_usable()
    plans = db.session.scalars(select(Plan.id)).all()
    for day in days_to_check():
        assert kept_counts(day) == python_counts(day), day
        plan = plans[day.toordinal() % len(plans)]
        assert kept_counts(day, plan) == python_counts(day, plan), (day, plan)
    assert compare_session(db.session, 7).equal
    db.session.rollback()


def test_sql_class_is_deadline_class(fapp):
    base = date(2026, 3, 10)
    offsets = [None, -9, -8, -7, -1, 0, 1, 6, 7, 8]
    cases = []
    for due in offsets:
        for completed in offsets:
            for cancelled in (None, -1, 0, 1):
                for k in (0, 7):
                    cases.append((due, completed, cancelled, k))

    def day(offset):
        return None if offset is None else base + timedelta(days=offset)

    with fapp.app_context():
        for due, completed, cancelled, k in cases:
            found = db.session.scalar(
                text("SELECT figure_class(:due, :completed, :cancelled, :t, :k)"),
                {
                    "due": day(due),
                    "completed": day(completed),
                    "cancelled": day(cancelled),
                    "t": base,
                    "k": k,
                },
            )
            expected = deadline_class(
                due=day(due),
                completed_on=day(completed),
                cancelled_on=day(cancelled),
                as_of=base,
                due_soon_days=k,
            )
            assert found == expected, (due, completed, cancelled, k)


def test_kept_figures_equal_every_count_after_the_demo(fapp):
    with fapp.app_context():
        assert_figures_right()


def test_committed_changes_of_every_kind_keep_them_equal(fapp):
    """Random committed writes straight to the periods, the way every writer's statements
    reach them: values changed, periods cut and moved to another unit, rows deleted and added,
    several in one transaction, and a whole plan deleted."""
    rng = random.Random(20)
    with fapp.app_context():
        units = db.session.scalars(text("SELECT DISTINCT unit_id FROM assignment_periods")).all()
        for _round in range(12):
            ids = db.session.scalars(
                text("SELECT id FROM assignment_periods ORDER BY random() LIMIT 6")
            ).all()
            for period_id in ids:
                change = rng.choice(["values", "unit", "cut", "delete", "role"])
                shift = rng.randrange(-40, 40)
                if change == "values":
                    db.session.execute(
                        text(
                            "UPDATE assignment_periods SET due_date = due_date + :s, "
                            "completed_on = CASE WHEN completed_on IS NULL THEN NULL "
                            "ELSE completed_on + :s END, state = :state WHERE id = :id"
                        ),
                        {
                            "s": shift,
                            "id": period_id,
                            "state": rng.choice(["in_progress", "awaiting_confirmation", "done"]),
                        },
                    )
                elif change == "unit":
                    db.session.execute(
                        text("UPDATE assignment_periods SET unit_id = :u WHERE id = :id"),
                        {"u": rng.choice(units), "id": period_id},
                    )
                elif change == "cut":
                    db.session.execute(
                        text(
                            "UPDATE assignment_periods SET valid_to = valid_from + :n "
                            "WHERE id = :id AND valid_to IS NULL"
                        ),
                        {"n": abs(shift), "id": period_id},
                    )
                elif change == "role":
                    db.session.execute(
                        text("UPDATE assignment_periods SET role = 'cooperating' WHERE id = :id"),
                        {"id": period_id},
                    )
                else:
                    db.session.execute(
                        text("DELETE FROM assignment_periods WHERE id = :id"), {"id": period_id}
                    )
            db.session.commit()
        plan = db.session.scalars(select(Plan.id).order_by(Plan.id)).first()
        db.session.execute(
            text(
                "DELETE FROM assignments WHERE task_id IN (SELECT id FROM tasks WHERE plan_id = :p)"
            ),
            {"p": plan},
        )
        db.session.commit()
        assert_figures_right()


def test_the_status_view_reads_them_and_agrees_with_the_rows(fapp):
    with fapp.app_context(), fapp.test_request_context():
        plan = db.session.scalars(select(Plan.code).order_by(Plan.code.desc())).first()
        for day in days_to_check()[::5]:
            for plan_code in (None, plan):
                filters = AssignmentFilters(as_of=day, plan=plan_code, role="lead")
                table = unit_status(filters)
                rows = Counter()
                for unit_id, klass, _awaiting, count in db.session.execute(
                    grouped_statement(filters)
                ):
                    rows[(unit_id, klass)] += count
                shown = Counter()
                for row in table.rows():
                    for klass, count in row.figures.counts.items():
                        if count:
                            shown[(row.unit.id, klass)] = count
                expected = Counter({k: n for k, n in rows.items() if k[1] != "cancelled"})
                assert shown == +expected, (day, plan_code)


def test_check_figures_finds_and_repairs_a_difference(fapp):
    runner = fapp.test_cli_runner()
    with fapp.app_context():
        db.session.execute(text("SET LOCAL session_replication_role = replica"))
        db.session.execute(
            text(
                "UPDATE figure_totals SET count = count + 5 WHERE ctid IN "
                "(SELECT ctid FROM figure_totals LIMIT 1)"
            )
        )
        db.session.commit()
    result = runner.invoke(args=["check-figures"])
    assert result.exit_code == 1, result.output
    assert "figure_totals" in result.output
    result = runner.invoke(args=["check-figures", "--repair"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["check-figures"])
    assert result.exit_code == 0, result.output
    with fapp.app_context():
        assert_figures_right()


def test_another_due_soon_window_reads_the_rows_until_repaired(fapp):
    with fapp.app_context():
        fapp.config["DUE_SOON_DAYS"] = 5
        try:
            assert not figures_usable()
        finally:
            fapp.config["DUE_SOON_DAYS"] = 7
        assert figures_usable()
