"""Jinja filters and globals shared by every page."""

from __future__ import annotations

from flask import Flask
from flask_babel import get_locale

from tracker.core.numbers import format_number, format_percent
from tracker.core.permissions import can
from tracker.core.timeutil import format_date, format_datetime


def register_globals(app: Flask, **values) -> None:
    """Labels and helpers that a domain offers every template. Globals, not a context
    processor, so that imported macros see them too."""
    app.jinja_env.globals.update(values)


def init_app(app: Flask) -> None:
    app.jinja_env.filters["vndate"] = format_date
    app.jinja_env.filters["vndatetime"] = format_datetime
    app.jinja_env.filters["number"] = format_number
    app.jinja_env.filters["percent"] = format_percent
    register_globals(app, can=can)

    @app.context_processor
    def inject_locale():
        return {"current_locale": str(get_locale())}
