"""Jinja filters and globals shared by every page."""

from __future__ import annotations

from flask import Flask
from flask_babel import get_locale

from tracker.core.timeutil import format_date, format_datetime


def init_app(app: Flask) -> None:
    app.jinja_env.filters["vndate"] = format_date
    app.jinja_env.filters["vndatetime"] = format_datetime

    @app.context_processor
    def inject_globals():
        from tracker.accounts.models import ROLE_LABELS
        from tracker.core.permissions import can
        from tracker.plans.areas import REFORM_AREAS
        from tracker.plans.models import STATE_LABELS
        from tracker.status.deadlines import DEADLINE_CLASSES
        from tracker.units.models import UNIT_KIND_LABELS

        return {
            "can": can,
            "ROLE_LABELS": ROLE_LABELS,
            "STATE_LABELS": STATE_LABELS,
            "UNIT_KIND_LABELS": UNIT_KIND_LABELS,
            "current_locale": str(get_locale()),
            "REFORM_AREAS": REFORM_AREAS,
            "DEADLINE_CLASSES": DEADLINE_CLASSES,
        }
