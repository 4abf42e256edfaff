from flask import Flask

from tracker.core.templating import register_globals
from tracker.plans import edit_views  # noqa: F401  (routes of the blueprint)
from tracker.plans.areas import REFORM_AREAS
from tracker.plans.filters import FILTER_LABELS
from tracker.plans.models import RECURRENCE_LABELS
from tracker.plans.views import bp


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    register_globals(
        app,
        REFORM_AREAS=REFORM_AREAS,
        RECURRENCE_LABELS=RECURRENCE_LABELS,
        FILTER_LABELS=FILTER_LABELS,
    )
