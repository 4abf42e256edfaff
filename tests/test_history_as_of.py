"""An assignment as of a day (#14), over random histories made through the services.

Each example builds a small plan on PostgreSQL and lets the services change it on simulated
days, in increasing order: tasks created (some counted as assigned on an earlier day, with a
reason), progress, completions reported, confirmed or sent back, extensions requested and
decided, the office's re-dating and cancellations. Then, for many days T:

(a) the SQL side (list_assignments and the status figures as of T) and the Python side
    (as_of_day, classify) agree on which assignments exist, on their state, progress, due
    date, completion and cancellation, and on their class;
(b) what the list and the figures said of T right after the changes of day T is what they say
    after every later change (the past does not move), and it is what the rows held at the
    end of day T; only a task created later and counted as assigned on or before T joins T's
    figures, and the figures differ by exactly its assignments;
(c) rebuild_periods, replaying the journal, writes the periods that journal() wrote live.

The steps, the simulated clock and the world they change are in tests/history_support.py.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from hypothesis import HealthCheck, example, given, note, settings
from hypothesis import strategies as st

from tests.history_support import (
    FIRST_DAY,
    PLAN_CODE,
    Create,
    Progress,
    ReportDone,
    World,
    histories,
    own_transaction,
    set_up,
)
from tracker.assignments.classes import as_of_day, classify
from tracker.assignments.history import current_values, periods_of
from tracker.assignments.models import PERIOD_COLUMNS, Assignment
from tracker.assignments.replay import rebuild_periods
from tracker.extensions import db
from tracker.plans.filters import AssignmentFilters
from tracker.plans.queries import list_assignments
from tracker.status.services import CLASSES, unit_status

# ---- what is seen as of a day -------------------------------------------------------------


def seen_by_sql(as_of: date) -> dict[int, tuple]:
    """id → (period values, class) from the list, as of the day."""
    rows, total = list_assignments(AssignmentFilters(as_of=as_of, plan=PLAN_CODE, per_page=200))
    assert total == len(rows)
    return {
        seen.assignment.id: (tuple(getattr(seen, name) for name in PERIOD_COLUMNS), klass)
        for seen, klass in rows
    }


def seen_by_python(assignments: list[Assignment], as_of: date) -> dict[int, tuple]:
    return {
        i: (tuple(getattr(seen, name) for name in PERIOD_COLUMNS), klass)
        for i, (seen, klass) in as_of_day(assignments, as_of).items()
    }


def figures_by_sql(as_of: date) -> dict[str, dict]:
    """unit code → its row of the status table (and "*" → the totals), as of the day."""
    table = unit_status(AssignmentFilters(as_of=as_of, plan=PLAN_CODE))
    found = {row.unit.code: row.as_dict() for row in table.rows()}
    found["*"] = table.totals.as_dict()
    return found


def counts_of(figures: dict[str, dict]) -> dict[str, tuple]:
    """unit code → (class counts, awaiting confirmation), units with nothing counted left out."""
    counts = {}
    for code, row in figures.items():
        if code != "*" and row["total"]:
            counts[code] = (tuple(row[name] for name in CLASSES), row["awaiting_confirmation"])
    return counts


def counts_by_python(
    assignments: list[Assignment], as_of: date, leave_out: set[int] = frozenset()
) -> dict[str, tuple]:
    """What the status counts, from the Python side: per unit, the lead assignments' classes
    (cancelled left out) and the done ones still awaiting confirmation."""
    leads = [a for a in assignments if a.role == "lead" and a.id not in leave_out]
    seen = as_of_day(leads, as_of)
    classes: dict[str, Counter] = {}
    for assignment in leads:
        if assignment.id not in seen:
            continue
        as_seen, klass = seen[assignment.id]
        counter = classes.setdefault(assignment.unit.code, Counter())
        counter[klass] += 1
        if klass.startswith("done_") and as_seen.state == "awaiting_confirmation":
            counter["awaiting"] += 1
    counts = {}
    for code, counter in classes.items():
        if sum(counter[name] for name in CLASSES):
            counts[code] = (tuple(counter[name] for name in CLASSES), counter["awaiting"])
    return counts


def periods_now(ids: list[int]) -> dict[int, list[tuple]]:
    db.session.expire_all()
    return {
        i: [(p.valid_from, p.valid_to, p.values()) for p in found]
        for i, found in periods_of(ids).items()
    }


# ---- evenings -------- -------------------------------------------------------------------


@dataclass
class Snapshot:
    """What the app said of day `as_of`, on the day `taken` (after that day's changes)."""

    as_of: date
    taken: date
    listed: dict[int, tuple]
    figures: dict[str, dict]
    # The rows' own values at the end of `taken` (when as_of == taken: the truth of that day).
    rows: dict[int, tuple]


def evening(world: World, look_back: int, snapshots: list[Snapshot]) -> None:
    """Take what the app says of today, and of a day before, after today's changes."""
    rows = {a.id: current_values(a) for a in world.assignments()}
    for as_of in (world.today, world.today - timedelta(days=look_back)):
        snapshots.append(
            Snapshot(as_of, world.today, seen_by_sql(as_of), figures_by_sql(as_of), rows)
        )


# ---- the property -------------------------------------------------------------------------


def check_sql_and_python_agree(assignments: list[Assignment], as_of: date) -> None:
    listed = seen_by_sql(as_of)
    assert listed == seen_by_python(assignments, as_of), as_of
    assert {i: klass for i, (_values, klass) in listed.items()} == classify(assignments, as_of)
    assert {a.id for a in assignments if a.assigned_on <= as_of} == set(listed), as_of
    assert counts_of(figures_by_sql(as_of)) == counts_by_python(assignments, as_of), as_of


def check_the_past_stands(
    world: World, assignments: list[Assignment], snapshots: list[Snapshot]
) -> None:
    for snap in snapshots:
        # Tasks written after the snapshot yet counted as assigned on or before its day: the
        # one way a later change enters a past day (a back-dated correction, with its reason).
        later = {i for i, day in world.created_on.items() if day > snap.taken}
        listed_now = seen_by_sql(snap.as_of)
        days = (snap.as_of, snap.taken)
        assert {i: v for i, v in listed_now.items() if i not in later} == snap.listed, days
        if not later & set(listed_now):
            assert figures_by_sql(snap.as_of) == snap.figures, days
        else:
            # The figures differ by exactly those assignments.
            assert counts_by_python(assignments, snap.as_of, leave_out=later) == counts_of(
                snap.figures
            ), days
        if snap.as_of == snap.taken:
            # As of the day it was taken, each assignment is what its row held that evening.
            listed = {i: values for i, (values, _klass) in snap.listed.items()}
            assert listed == snap.rows, days


def days_to_check(
    world: World, assignments: list[Assignment], snapshots: list[Snapshot]
) -> set[date]:
    days = {s.as_of for s in snapshots} | {FIRST_DAY - timedelta(days=1)}
    days |= {world.today + timedelta(days=n) for n in (0, 1, 400)}
    for a in assignments:
        days |= {a.assigned_on - timedelta(days=1), a.assigned_on}
        if a.due_date:
            days |= {a.due_date, a.due_date + timedelta(days=1), a.due_date - timedelta(days=7)}
    return days


# Two histories that once told the journal apart from the periods written live.
BACKDATED_THEN_DONE_THE_SAME_DAY = [
    Create(gap=0, leads=(0,), cooperating=None, due_in=30, backdate=5, needs_confirmation=True),
    ReportDone(gap=0, pick=0, evidence="document"),
]
FILE_ALONE_AFTER_A_DOCUMENT = [
    Create(gap=0, leads=(1,), cooperating=2, due_in=None, backdate=0, needs_confirmation=False),
    Progress(gap=1, pick=0, state="in_progress", progress=40, evidence="document"),
    Progress(gap=1, pick=0, state="in_progress", progress=50, evidence="file"),
    Progress(gap=1, pick=0, state="paused", progress=50, evidence=None),
]


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(history=histories, look_backs=st.lists(st.integers(1, 40), min_size=1, max_size=8))
@example(history=BACKDATED_THEN_DONE_THE_SAME_DAY, look_backs=[3])
@example(history=FILE_ALONE_AFTER_A_DOCUMENT, look_backs=[1])
def test_sql_python_and_the_journal_tell_the_same_past(empty_app, history, look_backs):
    # empty_app: `app` itself is chosen per test (the seeded demo's or not), and Hypothesis
    # refuses a function-scoped fixture; this one is the session's.
    note(f"history: {history!r}, look backs: {look_backs!r}")
    with own_transaction(empty_app):
        world = set_up()
        snapshots: list[Snapshot] = []
        for step in history:
            if step.gap and world.changed_today:
                evening(world, look_backs[len(snapshots) % len(look_backs)], snapshots)
            world.play(step)
        evening(world, look_backs[0], snapshots)
        assignments = world.assignments()
        ids = [a.id for a in assignments]
        # (a)
        for as_of in sorted(days_to_check(world, assignments, snapshots)):
            check_sql_and_python_agree(assignments, as_of)
        # (b)
        check_the_past_stands(world, assignments, snapshots)
        # (c)
        live = periods_now(ids)
        rebuild_periods(db.session.connection(), ids)
        assert periods_now(ids) == live
