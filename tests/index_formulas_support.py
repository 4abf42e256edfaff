"""A year of a unit's work written as it happened, for the computed criteria's tests: tasks of a
plan assigned, reported done (on time or late) or left undone on given days, checkpoints of a
recurring report task, and reminders sent to the unit. The journal is back-dated and the
periods replayed from it (as the demo does), so that every figure as of a past day counts it.

    year = WorkYear(office, plan)
    year.task(unit, due=date(2021, 6, 30), done_on=date(2021, 6, 20))
    year.finish()  # replays the periods and commits
"""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from tracker.assignments.journal import journal
from tracker.assignments.models import Assignment
from tracker.assignments.replay import rebuild_periods
from tracker.extensions import db
from tracker.plans.models import Task
from tracker.reminders.models import ReminderDelivery

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
_numbers = itertools.count(1)


def moment(day: date, hour: int = 9) -> datetime:
    """A working hour of that day in the province, as the journal stores it."""
    return datetime.combine(day, time(hour), ZONE).astimezone(UTC)


class WorkYear:
    def __init__(self, office, plan, assigned_on: date | None = None) -> None:
        self.office = office
        self.plan = plan
        self.assigned_on = assigned_on or date(plan.year, 1, 15)
        self.assignments: list[Assignment] = []

    def new_task(self, recurrence: str | None = None, number: str | None = None) -> Task:
        n = next(_numbers)
        task = Task(
            plan=self.plan,
            number=number or f"T{n}",
            title=f"Nhiệm vụ thử {n}",
            recurrence=recurrence,
            deadline_text="Hằng quý" if recurrence else "",
            needs_confirmation=False,
        )
        db.session.add(task)
        return task

    def task(
        self,
        unit,
        due: date,
        done_on: date | None = None,
        *,
        role: str = "lead",
        cancelled_on: date | None = None,
        updated_on: list[date] = (),
        task: Task | None = None,
        period: str | None = None,
        assigned_on: date | None = None,
    ) -> Assignment:
        """The unit's assignment of a new task (or of `task`), with its story."""
        assigned_on = assigned_on or self.assigned_on
        assignment = Assignment(
            task=task or self.new_task(),
            unit=unit,
            role=role,
            period=period,
            due_date=due,
            original_due_date=due,
            assigned_on=assigned_on,
        )
        db.session.add(assignment)
        created = moment(assigned_on, 8)
        journal(
            assignment,
            "created",
            self.office,
            new_state="not_started",
            new_progress=0,
            new_due_date=due,
            created_at=created,
        )
        for day in updated_on:
            journal(
                assignment,
                "progress",
                self.office,
                new_state="in_progress",
                new_progress=50,
                created_at=moment(day),
            )
            assignment.state, assignment.progress = "in_progress", 50
        if done_on is not None:
            journal(
                assignment,
                "reported_done",
                self.office,
                new_state="done",
                new_progress=100,
                created_at=moment(done_on, 10),
            )
            assignment.state, assignment.progress = "done", 100
            assignment.completed_on = done_on
        if cancelled_on is not None:
            journal(
                assignment,
                "cancelled",
                self.office,
                new_state="cancelled",
                created_at=moment(cancelled_on),
            )
            assignment.state, assignment.cancelled_on = "cancelled", cancelled_on
        self.assignments.append(assignment)
        return assignment

    def finish(self) -> None:
        db.session.flush()
        rebuild_periods(db.session.connection(), [a.id for a in self.assignments])
        db.session.commit()


def remind(
    recipient, day: date, assignments, *, kind: str = "digest", status: str = "sent"
) -> ReminderDelivery:
    """A reminder that went out to one person on `day` about these assignments."""
    n = next(_numbers)
    items = [{"id": a.id, "due_date": a.due_date.isoformat()} for a in assignments]
    delivery = ReminderDelivery(
        kind=kind,
        dedupe_key=f"test-{kind}:{recipient.id}:{day.isoformat()}:{n}",
        recipient_id=recipient.id,
        recipient_email=recipient.email,
        assignment_ids=[a.id for a in assignments],
        payload={"items": items},
        planned_for=day,
        status=status,
        message_id=f"<test-{n}@example.vn>",
    )
    db.session.add(delivery)
    db.session.commit()
    return delivery
