"""The units pages: today's units by kind (or all, with the closed ones), a unit's page (its
history, lineage, groups, people and work) and a unit's own setting. The office's forms are in
admin_views, group_views and closed_people_views, on the same blueprint."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from tracker.core.permissions import requires
from tracker.core.timeutil import local_today
from tracker.units import queries, services

bp = Blueprint("units", __name__, url_prefix="/units")


@bp.route("/")
@requires("view")
def index():
    include_closed = request.args.get("closed") == "1"
    units = queries.units_on(local_today(), include_closed=include_closed)
    return render_template(
        "units/index.html",
        units_by_kind=queries.by_kind(units),
        groups=queries.groups_with_memberships(),
        include_closed=include_closed,
        today=local_today(),
    )


def unit_or_404(code: str):
    unit = services.get_unit(code)
    if unit is None:
        abort(404)
    return unit


@bp.route("/<code>")
@requires("view")
def detail(code: str):
    unit = unit_or_404(code)
    return render_template(
        "units/detail.html", unit=unit, history=queries.history_of(unit), today=local_today()
    )


@bp.route("/<code>/settings", methods=["POST"])
@requires("update_assignment")
def settings(code: str):
    unit = unit_or_404(code)
    services.set_member_reports_need_lead(
        current_user, unit, request.form.get("member_reports_need_lead") == "y"
    )
    flash(_("Settings saved."), "info")
    return redirect(url_for("units.detail", code=unit.code))
