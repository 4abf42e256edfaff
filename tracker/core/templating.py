"""Jinja filters and globals shared by every page."""

from __future__ import annotations

from flask import Flask
from flask_babel import get_locale

from tracker.core.timeutil import format_date, format_datetime


def init_app(app: Flask) -> None:
    from tracker.accounts.models import ROLE_LABELS
    from tracker.core.permissions import can
    from tracker.plans.areas import REFORM_AREAS
    from tracker.plans.models import RECURRENCE_LABELS, STATE_LABELS
    from tracker.plans.models import ROLE_LABELS as ASSIGNMENT_ROLE_LABELS
    from tracker.reminders.models import DELIVERY_KIND_LABELS, DELIVERY_STATUS_LABELS
    from tracker.status.deadlines import DEADLINE_CLASSES
    from tracker.status.models import UPDATE_KIND_LABELS
    from tracker.units.models import UNIT_KIND_LABELS

    app.jinja_env.filters["vndate"] = format_date
    app.jinja_env.filters["vndatetime"] = format_datetime
    # Globals, not a context processor, so that imported macros see them too.
    app.jinja_env.globals.update(
        can=can,
        ROLE_LABELS=ROLE_LABELS,
        STATE_LABELS=STATE_LABELS,
        ASSIGNMENT_ROLE_LABELS=ASSIGNMENT_ROLE_LABELS,
        RECURRENCE_LABELS=RECURRENCE_LABELS,
        UPDATE_KIND_LABELS=UPDATE_KIND_LABELS,
        UNIT_KIND_LABELS=UNIT_KIND_LABELS,
        REFORM_AREAS=REFORM_AREAS,
        DEADLINE_CLASSES=DEADLINE_CLASSES,
        DELIVERY_KIND_LABELS=DELIVERY_KIND_LABELS,
        DELIVERY_STATUS_LABELS=DELIVERY_STATUS_LABELS,
    )

    @app.context_processor
    def inject_locale():
        return {"current_locale": str(get_locale())}
