from flask import Flask

from tracker.assignments.deadlines import DEADLINE_CLASSES
from tracker.assignments.models import (
    ASSIGNMENT_ROLE_LABELS,
    JOURNAL_KIND_LABELS,
    STATE_LABELS,
)
from tracker.assignments.views import bp
from tracker.core.templating import register_globals


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    register_globals(
        app,
        STATE_LABELS=STATE_LABELS,
        ASSIGNMENT_ROLE_LABELS=ASSIGNMENT_ROLE_LABELS,
        JOURNAL_KIND_LABELS=JOURNAL_KIND_LABELS,
        DEADLINE_CLASSES=DEADLINE_CLASSES,
    )
