"""Counts of what the database holds, computed by grouping in SQL (`tracker stats`)."""

from __future__ import annotations

from sqlalchemy import func, select

from tracker.accounts.models import User
from tracker.core.permissions import USER_ROLES
from tracker.extensions import db
from tracker.plans.models import Plan
from tracker.plans.queries import plan_counts
from tracker.units.models import UNIT_KINDS, Unit, UnitGroup


def collect_stats() -> dict:
    units = dict(db.session.execute(select(Unit.kind, func.count()).group_by(Unit.kind)).all())
    users = dict(db.session.execute(select(User.role, func.count()).group_by(User.role)).all())
    counts = plan_counts()
    plans = [
        {
            "code": code,
            "tasks": counts.get(pid, (0, 0))[0],
            "assignments": counts.get(pid, (0, 0))[1],
        }
        for pid, code in db.session.execute(select(Plan.id, Plan.code).order_by(Plan.code))
    ]
    return {
        "units": {kind: units.get(kind, 0) for kind in UNIT_KINDS},
        "groups": db.session.scalar(select(func.count()).select_from(UnitGroup)),
        "users": {role: users.get(role, 0) for role in USER_ROLES},
        "plans": plans,
    }
