from flask import Flask

from tracker.core.templating import register_globals
from tracker.reminders.cli import remind_command
from tracker.reminders.log_views import bp as log_bp
from tracker.reminders.models import DELIVERY_KIND_LABELS, DELIVERY_STATUS_LABELS
from tracker.reminders.views import bp


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.register_blueprint(log_bp)
    app.cli.add_command(remind_command)
    register_globals(
        app,
        DELIVERY_KIND_LABELS=DELIVERY_KIND_LABELS,
        DELIVERY_STATUS_LABELS=DELIVERY_STATUS_LABELS,
    )
