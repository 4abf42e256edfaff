from flask import Blueprint, abort, render_template

from tracker.core.permissions import requires
from tracker.units import services

bp = Blueprint("units", __name__, url_prefix="/units")


@bp.route("/")
@requires("view")
def index():
    return render_template(
        "units/index.html", units_by_kind=services.units_by_kind(), groups=services.all_groups()
    )


@bp.route("/<code>")
@requires("view")
def detail(code: str):
    unit = services.get_unit(code)
    if unit is None:
        abort(404)
    return render_template("units/detail.html", unit=unit)
