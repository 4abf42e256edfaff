"""The reform index's blueprints, commands and API routes."""

from __future__ import annotations

from flask import Flask

from tracker.reform_index import results_api  # noqa: F401  (routes on the API blueprint)
from tracker.reform_index.public_views import bp as public_index_bp
from tracker.reform_index.results_views import bp as index_results_bp
from tracker.reform_index.survey_cli import import_survey_command
from tracker.reform_index.survey_views import bp as index_survey_bp


def init_app(app: Flask) -> None:
    """The pages, the API and the commands."""
    app.register_blueprint(index_results_bp)
    app.register_blueprint(index_survey_bp)
    app.register_blueprint(public_index_bp)
    app.cli.add_command(import_survey_command)
