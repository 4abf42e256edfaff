"""Đôn đốc: the office's reminder to one unit, about what the office is looking at.

The status page links here with its plan, area, period and day. What the office means is
"these tasks, which the page showed overdue or due soon on that day, are still to be done": the
tasks are chosen as of that day, and the mail speaks of each one as it stands today (its due
date now, the days late today). Those done, reported done or cancelled since are left out and
the preview says so. The preview shows who will receive the mail before anything is sent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from tracker.accounts.models import User
from tracker.assignments.models import Assignment
from tracker.audit.services import record
from tracker.core.exceptions import Conflict, Forbidden, require
from tracker.core.permissions import can
from tracker.core.problems import Problem, too_long
from tracker.core.recurrence import parse_period
from tracker.core.text import text_problem
from tracker.core.timeutil import local_today
from tracker.extensions import db
from tracker.plans.areas import REFORM_AREAS
from tracker.plans.filters import AssignmentFilters
from tracker.plans.models import Task
from tracker.plans.queries import as_of_select
from tracker.reminders.models import AdhocReminder, ReminderDelivery
from tracker.reminders.planning import (
    REMINDER_GROUPS,
    PlannedMessage,
    mail_host,
    reminder_group,
    reminder_item,
    unit_recipients,
)
from tracker.reminders.policy import get_policy
from tracker.reminders.services import store
from tracker.units.models import Unit

# What the status page counts as needing the unit's attention.
REMINDED_CLASSES = ("overdue", "due_soon")
NOTE_MAX = 2000
# The preview's one-time key: the same preview sent twice (a double click) mails once.
SEND_KEY = re.compile(r"[A-Za-z0-9_-]{16,64}")


@dataclass(frozen=True)
class AdhocScope:
    """What the office was looking at: the status page's plan, area, period and day."""

    as_of: date
    plan: str | None = None
    area: str | None = None
    period: str | None = None
    period_start: date | None = None
    period_end: date | None = None
    checkpoint: str | None = None  # a recurring task's checkpoints of one period ("2021-Q3")

    @classmethod
    def of(cls, filters: AssignmentFilters) -> AdhocScope:
        return cls(
            filters.as_of,
            filters.plan,
            filters.area,
            filters.period,
            filters.period_start,
            filters.period_end,
            filters.checkpoint,
        )

    def filters_for(self, unit: Unit) -> AssignmentFilters:
        return AssignmentFilters(
            as_of=self.as_of,
            plan=self.plan,
            area=self.area,
            period=self.period,
            period_start=self.period_start,
            period_end=self.period_end,
            checkpoint=self.checkpoint,
            unit=unit.code,
            role="lead",
        )

    def args(self) -> dict[str, str]:
        """As the link, the form and the stored message carry it."""
        values = {
            "plan": self.plan,
            "area": self.area,
            "period": self.period,
            "checkpoint": self.checkpoint,
        }
        return {k: v for k, v in values.items() if v} | {"as_of": self.as_of.isoformat()}


def scope_parts(scope: dict) -> list[str]:
    """The plan, area and period of a scope (AdhocScope.args()), in the current language."""
    parts = []
    if scope.get("plan"):
        parts.append(_("Plan %(code)s", code=scope["plan"]))
    if scope.get("area") in REFORM_AREAS:
        parts.append(_("Reform area: %(area)s", area=REFORM_AREAS[scope["area"]]))
    if scope.get("period"):
        parts.append(_("Due within %(period)s", period=scope["period"]))
    if scope.get("checkpoint"):
        try:
            label = parse_period(scope["checkpoint"]).label
        except ValueError:
            label = scope["checkpoint"]
        parts.append(_("Checkpoints of %(period)s", period=label))
    return parts


@dataclass
class Preview:
    unit: Unit
    scope: AdhocScope
    today: date
    recipients: list[User]
    # What the mail says of each task (planning.reminder_item), as of today, in mail order.
    items: list[dict]
    assignments: dict[int, Assignment]
    # Chosen as of the scope's day, no longer open today (or with no due date now): left out.
    left_out: list[Assignment]

    @property
    def rows(self) -> list[tuple[dict, Assignment]]:
        return [(item, self.assignments[item["id"]]) for item in self.items]

    @property
    def problems(self) -> dict[str, Problem]:
        """Why it cannot be sent, by what is missing."""
        found = {}
        if not self.recipients:
            found["recipients"] = Problem(
                "no_recipients",
                _l(
                    "%(unit)s has no active account that receives reminders, so nobody would "
                    "get this one."
                ),
                unit=self.unit.name,
            )
        if not self.items:
            found["tasks"] = Problem(
                "nothing_to_remind",
                _l(
                    "%(unit)s has nothing to be reminded of here: none of these tasks was overdue "
                    "or due soon, or all of them have been done since."
                ),
                unit=self.unit.name,
            )
        return found


def require_office(actor) -> None:
    if not can(actor, "manage_plans"):
        raise Forbidden(Problem("office_only", _l("Only the provincial office sends reminders.")))


def chosen_ids(unit: Unit, scope: AdhocScope) -> list[int]:
    """The unit's lead assignments that matched the scope and were overdue or due soon on its
    day: the ones the status page counted in those columns."""
    query, source, cls = as_of_select(scope.filters_for(unit))
    return list(db.session.scalars(query.add_columns(source.id).where(cls.in_(REMINDED_CLASSES))))


def preview_adhoc(actor, unit: Unit, scope: AdhocScope) -> Preview:
    require_office(actor)
    today = local_today()
    ids = chosen_ids(unit, scope)
    assignments = {}
    if ids:
        assignments = {
            a.id: a
            for a in db.session.scalars(
                select(Assignment)
                .where(Assignment.id.in_(ids))
                .options(joinedload(Assignment.task).joinedload(Task.plan))
            )
        }
    items, left_out = [], []
    for assignment in sorted(assignments.values(), key=lambda a: (a.task.plan_id, a.task.position)):
        if assignment.is_open and assignment.due_date is not None:
            items.append(reminder_item(assignment.id, assignment.due_date, today))
        else:
            left_out.append(assignment)
    items.sort(key=lambda i: (REMINDER_GROUPS.index(reminder_group(i)), i["due_date"], i["id"]))
    recipients = unit_recipients({unit.id}, get_policy()).get(unit.id, [])
    return Preview(unit, scope, today, recipients, items, assignments, left_out)


def _already_sent(send_key: str, recipients: list[User]) -> bool:
    keys = [f"adhoc:{send_key}:{user.id}" for user in recipients]
    return bool(
        keys
        and db.session.scalar(
            select(ReminderDelivery.id).where(ReminderDelivery.dedupe_key.in_(keys)).limit(1)
        )
    )


def already_sent() -> Problem:
    return Problem("already_sent", _l("This reminder was sent already."))


def send_adhoc(
    actor, unit: Unit, note: str, scope: AdhocScope | None = None, send_key: str | None = None
) -> tuple[AdhocReminder, list[int]]:
    """Plan the đôn đốc of `unit` (its preview's tasks, with the office's note) in the delivery
    log and commit; the caller queues the returned ids. `send_key` (from the preview) makes a
    second send of the same preview a Conflict."""
    require_office(actor)
    note = (note or "").strip()
    problem = text_problem(note) or (too_long(NOTE_MAX) if len(note) > NOTE_MAX else None)
    require({"note": problem} if problem else {})
    preview = preview_adhoc(actor, unit, scope or AdhocScope(local_today()))
    require(preview.problems)
    send_key = send_key if send_key and SEND_KEY.fullmatch(send_key) else None
    if send_key and _already_sent(send_key, preview.recipients):
        raise Conflict(already_sent())
    adhoc = AdhocReminder(unit_id=unit.id, note=note, created_by_id=actor.id)
    db.session.add(adhoc)
    db.session.flush()
    key = send_key or str(adhoc.id)
    host = mail_host()
    payload = {
        "items": preview.items,
        "note": note,
        "from": actor.full_name,
        "reply_to": actor.email,
        "scope": preview.scope.args(),
    }
    new_ids = store(
        [
            PlannedMessage(
                kind="adhoc",
                dedupe_key=f"adhoc:{key}:{user.id}",
                recipient=user,
                assignment_ids=[i["id"] for i in preview.items],
                payload=payload,
                planned_for=preview.today,
                message_id=f"<adhoc-{adhoc.id}-{user.id}@{host}>",
            )
            for user in preview.recipients
        ]
    )
    if not new_ids:  # the same preview, sent at the same moment by a second request
        raise Conflict(already_sent())
    record(
        "reminder.adhoc",
        actor=actor,
        target=unit,
        note=note,
        recipients=len(new_ids),
        assignment_ids=[i["id"] for i in preview.items],
        **preview.scope.args(),
    )
    db.session.commit()
    return adhoc, new_ids


def mail_context(payload: dict) -> dict:
    """What the đôn đốc mail says of its scope, in the current language."""
    scope = payload.get("scope") or {}
    return {
        "scope_parts": scope_parts(scope),
        "as_of": date.fromisoformat(scope["as_of"]) if scope.get("as_of") else None,
        "note": payload.get("note"),
        "sender": payload.get("from"),
    }
