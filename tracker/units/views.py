from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

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


@bp.route("/<code>/settings", methods=["POST"])
@requires("update_assignment")
def settings(code: str):
    unit = services.get_unit(code)
    if unit is None:
        abort(404)
    services.set_member_reports_need_lead(
        current_user, unit, request.form.get("member_reports_need_lead") == "y"
    )
    flash(_("Settings saved."), "info")
    return redirect(url_for("units.detail", code=unit.code))
