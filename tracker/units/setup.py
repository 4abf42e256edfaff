from flask import Flask

from tracker.core.templating import register_globals
from tracker.units.models import UNIT_KIND_LABELS
from tracker.units.names import unit_label
from tracker.units.views import bp


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    register_globals(app, UNIT_KIND_LABELS=UNIT_KIND_LABELS, unit_label=unit_label)
