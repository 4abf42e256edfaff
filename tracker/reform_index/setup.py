"""The reform index's blueprints, commands and API routes."""

from __future__ import annotations

from flask import Flask

from tracker.core.templating import register_globals
from tracker.reform_index import (  # noqa: F401  (routes on the API blueprint)
    appraisal_api,
    criteria_api,
    results_api,
    self_api,
)
from tracker.reform_index.appraisal_views import bp as index_appraisal_bp
from tracker.reform_index.criteria_cli import import_criteria_command
from tracker.reform_index.criteria_results import ACTION_LABELS as CRITERIA_ACTION_LABELS
from tracker.reform_index.criteria_views import bp as index_criteria_bp
from tracker.reform_index.criteria_words import rule_text
from tracker.reform_index.models import (
    ASSESSMENT_STATE_LABELS,
    INDEX_KIND_LABELS,
    SET_STATE_LABELS,
)
from tracker.reform_index.public_views import bp as public_index_bp
from tracker.reform_index.results_views import bp as index_results_bp
from tracker.reform_index.scoring import shown_points
from tracker.reform_index.self_views import bp as index_self_bp
from tracker.reform_index.survey_cli import import_survey_command
from tracker.reform_index.survey_views import bp as index_survey_bp
from tracker.reform_index.unsent import did_not_self_assess, may_close


def init_app(app: Flask) -> None:
    """The pages, the API and the commands."""
    app.register_blueprint(index_criteria_bp)
    app.cli.add_command(import_criteria_command)
    register_globals(
        app,
        INDEX_KIND_LABELS=INDEX_KIND_LABELS,
        INDEX_SET_STATE_LABELS=SET_STATE_LABELS,
        INDEX_STATE_LABELS=ASSESSMENT_STATE_LABELS,
        INDEX_CRITERIA_ACTION_LABELS=CRITERIA_ACTION_LABELS,
        index_rule_text=rule_text,
        index_points=shown_points,
    )
    register_globals(app, index_may_close=may_close, index_did_not_self_assess=did_not_self_assess)
    app.register_blueprint(index_appraisal_bp)
    app.register_blueprint(index_results_bp)
    app.register_blueprint(index_survey_bp)
    app.register_blueprint(public_index_bp)
    app.register_blueprint(index_self_bp)
    app.cli.add_command(import_survey_command)
