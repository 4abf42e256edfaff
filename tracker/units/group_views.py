"""The groups pages: a new group (the office's), and a group's page: its members with the days
they belonged from and to; the office renames the group (or changes its other spellings), adds
a unit from a day and ends a membership on a day (units.groups)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from tracker.core.errors import on_failure
from tracker.core.forms import form_again, show_service_errors
from tracker.core.permissions import can, requires
from tracker.core.timeutil import local_today
from tracker.extensions import db
from tracker.units import groups, queries
from tracker.units.forms import (
    EndMembershipForm,
    GroupForm,
    MembershipForm,
    NewGroupForm,
    unit_choices,
)
from tracker.units.models import UnitGroup, UnitGroupMembership
from tracker.units.views import bp


def _group_or_404(code: str) -> UnitGroup:
    group = groups.get_group(code)
    if group is None:
        abort(404)
    return group


def _group_data(group: UnitGroup) -> dict:
    return {"name": group.name, "aliases": "\n".join(group.aliases or [])}


def _page(group: UnitGroup, form=None, ending=None, status: int = 200, edit_form=None):
    """The group's page; `ending`: (membership id, the refused form) to show by its row;
    `edit_form`: a refused rename, with what was typed."""
    today = local_today()
    office = can(current_user, "manage_units")
    return render_template(
        "units/group.html",
        group=group,
        memberships=groups.memberships_of(group),
        members_today=group.members_on(today),
        form=form or MembershipForm(formdata=None, data={"valid_from": ""}),
        ending=ending,
        end_form=EndMembershipForm(formdata=None),
        edit_form=edit_form or GroupForm(formdata=None, data=_group_data(group)),
        unit_options=unit_choices(queries.units_on(today)) if office else {},
        today=today,
    ), status


def _refused(code: str, form, membership_id: int | None = None):
    def render(error):
        for message in show_service_errors(form, error):
            flash(message, "error")
        ending = (membership_id, form) if membership_id is not None else None
        return _page(_group_or_404(code), None if ending else form, ending)[0]

    return render


@bp.route("/groups/new", methods=["GET", "POST"])
@requires("manage_units")
def new_group():
    form = NewGroupForm()
    if form.validate_on_submit():
        on_failure(form_again(form, "units/new_group.html"))
        created = groups.create_group(
            current_user,
            code=form.code.data or "",
            name=form.name.data or "",
            aliases=form.aliases.data or "",
        )
        flash(_("The group %(name)s is created: add its units.", name=created.name), "info")
        return redirect(url_for("units.group", code=created.code))
    status = 422 if form.errors else 200
    return render_template("units/new_group.html", form=form), status


@bp.route("/groups/<code>/edit", methods=["POST"])
@requires("manage_units")
def edit_group(code: str):
    found = _group_or_404(code)
    form = GroupForm()
    if not form.validate_on_submit():
        return _page(found, edit_form=form, status=422)

    def refused(error):
        for message in show_service_errors(form, error):
            flash(message, "error")
        return _page(_group_or_404(code), edit_form=form)[0]

    on_failure(refused)
    changes = groups.update_group(
        current_user, found, name=form.name.data or "", aliases=form.aliases.data or ""
    )
    flash(_("Changes saved.") if changes else _("Nothing was changed."), "info")
    return redirect(url_for("units.group", code=found.code))


@bp.route("/groups/<code>")
@requires("view")
def group(code: str):
    return _page(_group_or_404(code))


@bp.route("/groups/<code>/members", methods=["POST"])
@requires("manage_units")
def add_member(code: str):
    found = _group_or_404(code)
    form = MembershipForm()
    if not form.validate_on_submit():
        return _page(found, form, status=422)
    on_failure(_refused(code, form))
    membership = groups.add_membership(
        current_user, found, form.unit.data or "", form.valid_from.date
    )
    flash(
        _(
            "%(unit)s belongs to the group from %(day)s.",
            unit=membership.unit.name,
            day=membership.valid_from.strftime("%d/%m/%Y"),
        ),
        "info",
    )
    return redirect(url_for("units.group", code=found.code))


@bp.route("/groups/<code>/members/<id:membership_id>/end", methods=["POST"])
@requires("manage_units")
def end_member(code: str, membership_id: int):
    found = _group_or_404(code)
    membership = db.session.get(UnitGroupMembership, membership_id)
    if membership is None or membership.group_id != found.id:
        abort(404)
    form = EndMembershipForm()
    if not form.validate_on_submit():
        return _page(found, ending=(membership_id, form), status=422)
    on_failure(_refused(code, form, membership_id))
    groups.end_membership(current_user, membership, form.effective_date.date)
    flash(
        _(
            "%(unit)s no longer belongs to the group from %(day)s.",
            unit=membership.unit.name,
            day=form.effective_date.date.strftime("%d/%m/%Y"),
        ),
        "info",
    )
    return redirect(url_for("units.group", code=found.code))
