"""The periodic figures' blueprint, commands and API routes."""

from __future__ import annotations

from flask import Flask

from tracker.core.templating import register_globals
from tracker.indicators import (  # noqa: F401  (routes on the blueprints)
    board_views,
    reports_api,
    sets_api,
)
from tracker.indicators.cli import import_indicators_command
from tracker.indicators.models import INDICATOR_KIND_LABELS, REPORT_STATE_LABELS
from tracker.indicators.report_views import bp as reports_bp
from tracker.indicators.sets_results import ACTION_LABELS
from tracker.indicators.views_sets import bp as sets_bp


def init_app(app: Flask) -> None:
    """The pages, the API and the import command."""
    app.register_blueprint(reports_bp)
    app.register_blueprint(sets_bp)
    app.cli.add_command(import_indicators_command)
    register_globals(
        app, INDICATOR_KIND_LABELS=INDICATOR_KIND_LABELS, SET_ACTION_LABELS=ACTION_LABELS
    )
    register_globals(app, REPORT_STATE_LABELS=REPORT_STATE_LABELS)
