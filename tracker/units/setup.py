from flask import Flask

from tracker.core.templating import register_globals
from tracker.units import (  # noqa: F401  (routes on the units and API blueprints)
    admin_views,
    api,
    closed_people_views,
    group_api,
    group_views,
)
from tracker.units.districts import district_on
from tracker.units.models import DIVISION_TYPE_LABELS, UNIT_KIND_LABELS
from tracker.units.names import unit_label
from tracker.units.views import bp


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    register_globals(
        app,
        UNIT_KIND_LABELS=UNIT_KIND_LABELS,
        DIVISION_TYPE_LABELS=DIVISION_TYPE_LABELS,
        unit_label=unit_label,
        district_on=district_on,
    )
