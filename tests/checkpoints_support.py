"""Checkpoints made directly in tests: a recurring task and N checkpoints of it for one unit,
each an ordinary Assignment row with its period, journaled as created (so that its periods of
history exist and every figure as of a day counts it). Shared by the checkpoint display, feed
and reminder tests; independent of how plans make their checkpoints (plans.checkpoints)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from tracker.assignments.journal import journal
from tracker.assignments.models import Assignment
from tracker.core.recurrence import Period, parse_period
from tracker.extensions import db
from tracker.plans.models import Task


def fifteenth_of_last_month(period: Period) -> date:
    """The plan's default rule: before day 15 of the period's last month."""
    return date(period.year, period.last_month, 15)


def recurring_task(
    plan,
    number: str = "II.3",
    title: str = "Báo cáo tình hình CCHC hằng quý",
    recurrence: str = "quarterly",
) -> Task:
    task = Task(
        plan=plan,
        number=number,
        title=title,
        recurrence=recurrence,
        deadline_text="Hằng quý, trước ngày 15 tháng cuối quý",
        needs_confirmation=False,
    )
    db.session.add(task)
    db.session.flush()
    return task


def make_checkpoints(
    actor,
    task: Task,
    unit,
    codes: list[str],
    role: str = "lead",
    due_of: Callable[[Period], date | None] = fifteenth_of_last_month,
    assigned_on: date | None = None,
) -> list[Assignment]:
    """One checkpoint of `task` for `unit` per period code ("2021-Q3"), committed."""
    made = []
    # Several rows of one task and unit: none may be flushed before its period is set.
    with db.session.no_autoflush:
        for code in codes:
            due = due_of(parse_period(code))
            fields = {"assigned_on": assigned_on} if assigned_on else {}
            assignment = Assignment(
                task=task,
                unit=unit,
                role=role,
                period=code,
                due_date=due,
                original_due_date=due,
                **fields,
            )
            db.session.add(assignment)
            journal(
                assignment,
                "created",
                actor,
                new_state="not_started",
                new_progress=0,
                new_due_date=due,
            )
            made.append(assignment)
    db.session.commit()
    return made
