"""The office's list of people whose unit is closed, each with the unit that took over
suggested and a form to move them there (or elsewhere)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from tracker.accounts.models import User
from tracker.core.errors import on_failure
from tracker.core.forms import show_service_errors
from tracker.core.permissions import requires
from tracker.core.timeutil import local_today
from tracker.extensions import db
from tracker.units import closed_people, queries
from tracker.units.forms import MovePersonForm, unit_choices
from tracker.units.views import bp

DEFAULT_REASON = _l("The unit was closed by the reorganisation.")


def _page(refused: tuple[int, MovePersonForm] | None = None, status: int = 200):
    people = closed_people.people_of_closed_units()
    forms = {}
    for person in people:
        suggested = person.suggested.code if person.suggested else ""
        forms[person.user.id] = MovePersonForm(
            formdata=None, data={"unit": suggested, "reason": str(DEFAULT_REASON)}
        )
    if refused is not None and refused[0] in forms:
        forms[refused[0]] = refused[1]
    return render_template(
        "units/closed_people.html",
        people=people,
        forms=forms,
        unit_options=unit_choices(queries.units_on(local_today())),
    ), status


@bp.route("/closed-people")
@requires("manage_units")
def closed_people_page():
    return _page()


@bp.route("/closed-people/<id:user_id>", methods=["POST"])
@requires("manage_units")
def move_person(user_id: int):
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    form = MovePersonForm()
    if not form.validate_on_submit():
        return _page((user_id, form), 422)

    def refused(error):
        for message in show_service_errors(form, error):
            flash(message, "error")
        return _page((user_id, form))[0]

    on_failure(refused)
    closed_people.move_person(current_user, user, form.unit.data or "", form.reason.data or "")
    flash(_("%(name)s now belongs to %(unit)s.", name=user.full_name, unit=user.unit.name), "info")
    return redirect(url_for("units.closed_people_page"))
