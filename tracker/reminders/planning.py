"""Which reminders are due on a day, worked out from the database state alone.

The sweep asks "what is due by now and not yet sent", so a missed or doubled beat tick, a
lost or flushed queue loses nothing and duplicates nothing: every planned message is a row
whose unique key says what it is (a digest for this person on this day, an invite for this
revision of this assignment), inserted with ON CONFLICT DO NOTHING.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import and_, or_, select

from tracker.accounts.models import User
from tracker.assignments.deadlines import deadline_class
from tracker.assignments.models import Assignment
from tracker.core.db import aware
from tracker.core.permissions import UNIT_ROLES
from tracker.core.timeutil import local_today
from tracker.extensions import db
from tracker.reminders.models import ReminderPolicy
from tracker.reminders.recipients import reminded_units
from tracker.reminders.workcalendar import (
    days_late,
    load_calendar,
    overdue_reminder_day,
    reminder_days_before,
)


@dataclass
class PlannedMessage:
    kind: str
    dedupe_key: str
    recipient: User
    assignment_ids: list[int]
    payload: dict
    planned_for: date
    message_id: str


@dataclass
class SweepPlan:
    as_of: date
    messages: list[PlannedMessage] = field(default_factory=list)


# The headings of a reminder, in order: the deadline classes of open assignments, with the
# due day itself apart from the rest of "due soon".
REMINDER_GROUPS = ("overdue", "due_today", "due_soon", "on_track")
# Reminders planned before the deadline class replaced their own "urgency" keep it in their
# stored payload; this is what it meant.
LEGACY_URGENCY = {"overdue": "overdue", "due_today": "due_soon", "due_soon": "due_soon"}


def reminder_group(item: dict) -> str:
    cls = item.get("deadline_class") or LEGACY_URGENCY[item["urgency"]]
    if cls == "due_soon" and item.get("days_left") == 0:
        return "due_today"
    return cls


def reminder_item(assignment_id: int, due: date, as_of: date) -> dict:
    """What a reminder says of one open assignment: its deadline class (the one rule of
    DOMAIN.md, with the office's due-soon setting) and the days left or late."""
    item = {
        "id": assignment_id,
        "deadline_class": deadline_class(
            due=due,
            completed_on=None,
            cancelled_on=None,
            as_of=as_of,
            due_soon_days=current_app.config["DUE_SOON_DAYS"],
        ),
        "due_date": due.isoformat(),
    }
    if due < as_of:
        item["days_late"] = (as_of - due).days
    else:
        item["days_left"] = (due - as_of).days
    return item


def mail_host() -> str:
    return urlsplit(current_app.config["TRACKER_BASE_URL"]).hostname or "localhost"


def not_finished_on(as_of: date):
    """Still open on that day: not completed and not cancelled by then (as-of semantics)."""
    return and_(
        or_(Assignment.completed_on.is_(None), Assignment.completed_on > as_of),
        or_(Assignment.cancelled_on.is_(None), Assignment.cancelled_on > as_of),
    )


def triggering_due_dates(as_of: date, policy: ReminderPolicy, cal) -> tuple[dict, dict]:
    """Due dates whose reminder falls on as_of: {due: offset} before, {due: days late} after."""
    offsets = sorted(set(policy.offsets_before or []))
    before: dict[date, int] = {}
    if offsets:
        # A reminder k working days ahead can reach back past weekends and Tết: look far enough.
        horizon = max(offsets) * 2 + 21
        for n in range(horizon + 1):
            due = as_of + timedelta(days=n)
            offset = reminder_days_before(due, offsets, cal, policy.use_working_days).get(as_of)
            if offset is not None:
                before[due] = offset
    past_dues = db.session.scalars(
        select(Assignment.due_date)
        .distinct()
        .where(Assignment.due_date < as_of, not_finished_on(as_of))
    )
    overdue: dict[date, int] = {}
    for due in past_dues:
        late = overdue_reminder_day(
            due, as_of, policy.overdue_every_days, cal, policy.use_working_days
        )
        if late is not None:
            overdue[due] = late
    return before, overdue


def unit_recipients(
    unit_ids: set[int], policy: ReminderPolicy, day: date | None = None
) -> dict[int, list[User]]:
    """unit id → who is reminded of the work it holds on `day` (today when not given): the
    people of the unit, or of the unit a closed one became (reminders.recipients)."""
    roles = list(UNIT_ROLES) if policy.notify_members else ["unit_lead"]
    reminded = reminded_units(unit_ids, day or local_today())
    by_unit: dict[int, list[User]] = defaultdict(list)
    if reminded:
        for user in db.session.scalars(
            select(User)
            .where(
                User.unit_id.in_(set(reminded.values())),
                User.active.is_(True),
                User.role.in_(roles),
            )
            .order_by(User.id)
        ):
            by_unit[user.unit_id].append(user)
    people: dict[int, list[User]] = defaultdict(list)
    for unit_id, heir in reminded.items():
        people[unit_id] = by_unit.get(heir, [])
    return people


def plan_digests(as_of: date, policy: ReminderPolicy) -> SweepPlan:
    cal = load_calendar(as_of)
    plan = SweepPlan(as_of=as_of)
    before, overdue = triggering_due_dates(as_of, policy, cal)
    dues = set(before) | set(overdue)
    if not dues:
        return plan
    rows = db.session.execute(
        select(Assignment.id, Assignment.unit_id, Assignment.role, Assignment.due_date)
        .where(Assignment.due_date.in_(dues), not_finished_on(as_of))
        .order_by(Assignment.due_date, Assignment.id)
    ).all()
    people = unit_recipients({unit_id for _, unit_id, _, _ in rows}, policy, as_of)
    office = []
    if policy.notify_office_on_escalation:
        office = list(
            db.session.scalars(
                select(User).where(User.role == "office", User.active.is_(True)).order_by(User.id)
            )
        )
    items: dict[int, list[dict]] = defaultdict(list)
    # Each person's assignments so far: a set, as a busy office's digest holds thousands.
    listed: dict[int, set[int]] = defaultdict(set)
    users: dict[int, User] = {}
    for assignment_id, unit_id, role, due in rows:
        if due in before:
            offset = before[due]
            if role == "cooperating" and offset != 0:
                continue  # cooperating units hear only on the due date itself
            item = reminder_item(assignment_id, due, as_of)
            escalated = False
        else:
            if role == "cooperating":
                continue
            # Days late as the policy counts them (working days when it says so).
            item = reminder_item(assignment_id, due, as_of) | {"days_late": overdue[due]}
            escalated = (
                days_late(due, as_of, cal, policy.use_working_days) > policy.escalate_after_days
            )
        recipients = list(people.get(unit_id, []))
        if escalated:
            recipients += office
        for user in recipients:
            if assignment_id not in listed[user.id]:
                listed[user.id].add(assignment_id)
                items[user.id].append(item | {"escalated": escalated})
                users[user.id] = user
    host = mail_host()
    for user_id, user_items in items.items():
        user_items.sort(
            key=lambda i: (REMINDER_GROUPS.index(reminder_group(i)), i["due_date"], i["id"])
        )
        plan.messages.append(
            PlannedMessage(
                kind="digest",
                dedupe_key=f"digest:{user_id}:{as_of.isoformat()}",
                recipient=users[user_id],
                assignment_ids=[i["id"] for i in user_items],
                payload={"items": user_items},
                planned_for=as_of,
                message_id=f"<digest-{user_id}-{as_of.isoformat()}@{host}>",
            )
        )
    return plan


def plan_invites(today: date, policy: ReminderPolicy, since) -> list[PlannedMessage]:
    """Calendar invites for assignments created, re-dated or cancelled since `since`."""
    if not policy.send_invites:
        return []
    since = max(since, aware(policy.invites_since))
    rows = list(
        db.session.scalars(
            select(Assignment)
            .where(
                Assignment.updated_at >= since,
                Assignment.due_date.is_not(None),
                or_(
                    Assignment.state == "cancelled",
                    and_(Assignment.due_date >= today, Assignment.is_open),
                ),
            )
            .order_by(Assignment.id)
        )
    )
    people = unit_recipients({a.unit_id for a in rows}, policy, today)
    host = mail_host()
    messages = []
    for assignment in rows:
        method = "CANCEL" if assignment.state == "cancelled" else "REQUEST"
        # A cooperating unit is told when it is given the task, not of every change.
        if assignment.role == "cooperating" and (
            method == "CANCEL" or assignment.due_date_revision > 0
        ):
            continue
        revision = assignment.due_date_revision
        for user in people.get(assignment.unit_id, []):
            key = f"invite:{user.id}:{assignment.id}:{revision}:{method}"
            messages.append(
                PlannedMessage(
                    kind="invite",
                    dedupe_key=key,
                    recipient=user,
                    assignment_ids=[assignment.id],
                    payload={
                        "method": method,
                        "sequence": revision,
                        "due_date": assignment.due_date.isoformat(),
                    },
                    planned_for=today,
                    message_id=f"<invite-{user.id}-{assignment.id}-{revision}-{method.lower()}@{host}>",
                )
            )
    return messages
