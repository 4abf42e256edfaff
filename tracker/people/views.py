"""The people pages under /admin/users: the list (search, filters, pages), a new account, an
account's page (its fields, disable/enable, invite again, reset the second factor, its
journal). Thin: each parses the request, calls people.services and commits; a refusal shows
the form again with the problem next to its field, or the 403 page when the account is out of
the actor's reach."""

from __future__ import annotations

import re
from types import SimpleNamespace

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from tracker.accounts.models import User
from tracker.core.errors import on_failure
from tracker.core.forms import flash_and_redirect, show_service_errors
from tracker.core.permissions import requires
from tracker.extensions import db
from tracker.people import labels, queries, second_factor, services
from tracker.people.forms import (
    FIELD_NAMES,
    NewPersonForm,
    PersonForm,
    StatusForm,
    role_choices,
    unit_options,
)
from tracker.people.rules import may_manage
from tracker.units.picker import owner_choices

bp = Blueprint("people", __name__, url_prefix="/admin/users")

PER_PAGE = 50
LIST_ADDRESS = re.compile(r"/admin/users(\?[\w=&%.+\-]*)?")
FILTERS = ("unit", "role", "state", "last_login", "q")


def _filters() -> SimpleNamespace:
    args = request.args
    page = (args.get("page") or "1").strip()
    values = {name: (args.get(name) or "").strip() for name in FILTERS}
    if current_user.role == "unit_lead":
        values["unit"] = ""  # a lead's list is their unit's, whatever the address says
    return SimpleNamespace(
        **values, page=int(page) if re.fullmatch(r"[0-9]{1,6}", page) else 0, per_page=PER_PAGE
    )


def _list_page(filters: SimpleNamespace, error=None):
    if error is None:
        users, total = services.search_people(
            current_user,
            unit=filters.unit or None,
            role=filters.role or None,
            state=filters.state or None,
            last_login=filters.last_login or None,
            q=filters.q or None,
            page=filters.page,
            per_page=filters.per_page,
        )
    else:
        users, total = [], 0
    return render_template(
        "people/users.html",
        users=users,
        total=total,
        filters=filters,
        error=error,
        states={user.id: services.account_state(user) for user in users},
        manageable={user.id: may_manage(current_user, user.role, user.unit_id) for user in users},
        unit_options=owner_choices(with_groups=False) if current_user.role != "unit_lead" else {},
        STATE_LABELS=services.STATE_LABELS,
        LAST_LOGIN_LABELS=queries.LAST_LOGIN_LABELS,
        FILTER_LABELS=queries.FILTER_LABELS,
    )


@bp.route("")
@requires("manage_people")
def users():
    filters = _filters()
    on_failure(lambda error: _list_page(filters, error))
    return _list_page(filters)


def _form_page(template: str, form, status: int = 200, **context):
    return render_template(
        template,
        form=form,
        unit_options=unit_options(current_user, owner_choices(with_groups=False)),
        **context,
    ), status


def _shown_again(template: str, form, **context):
    """A refused save: the same form, what was typed kept, each problem by its field."""

    def render(error):
        for message in show_service_errors(form, error, FIELD_NAMES):
            flash(message, "error")
        return _form_page(template, form, **context)[0]

    return render


def _typed(form: PersonForm) -> dict:
    return {
        "email": form.email.data or "",
        "full_name": form.full_name.data or "",
        "role": form.role.data or "",
        "unit": form.unit.data or "",
        "position": form.position.data or "",
        "phone": form.phone.data or "",
        "locale": form.locale.data or "",
    }


@bp.route("/new", methods=["GET", "POST"])
@requires("manage_people")
def new():
    defaults = {"role": "unit_member", "unit": ""}
    if current_user.role == "unit_lead" and current_user.unit is not None:
        defaults["unit"] = current_user.unit.code
    form = NewPersonForm(data=defaults)
    form.role.choices = role_choices(current_user)
    if form.validate_on_submit():
        on_failure(_shown_again("people/new.html", form))
        user = services.create_person(
            current_user,
            **_typed(form),
            send_invite=form.send_invite.data,
            reason=form.reason.data or "",
        )
        services.commit()
        if form.send_invite.data:
            flash(_("Account created; an invitation is on its way to %(email)s.", email=user.email))
        else:
            flash(_("Account created. No invitation was sent yet."), "info")
        return redirect(url_for("people.edit", user_id=user.id))
    return _form_page("people/new.html", form, 422 if form.errors else 200)


def _managed(user_id: int) -> User:
    """The account, if the actor may manage it (else the 403 page that says why)."""
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    services.check_may_manage(current_user, user.role, user.unit_id)
    return user


def _person_data(user: User) -> dict:
    return {
        "email": user.email,
        "full_name": user.full_name,
        "role": user.role,
        "unit": user.unit.code if user.unit else "",
        "position": user.position,
        "phone": user.phone,
        "locale": user.locale,
    }


def _edit_context(
    user: User, status_form: StatusForm | None = None, reset_form: StatusForm | None = None
) -> dict:
    return {
        "person": user,
        "state": services.account_state(user),
        "status_form": status_form or StatusForm(formdata=None),
        "second_factor": second_factor.second_factor_of(user),
        "reset_form": reset_form or StatusForm(formdata=None),
        "history": queries.person_history(user),
        "STATE_LABELS": services.STATE_LABELS,
        "HISTORY_LABELS": labels.HISTORY_LABELS,
        "CHANGE_LABELS": labels.CHANGE_LABELS,
        "change_value": labels.change_value,
    }


@bp.route("/<id:user_id>", methods=["GET", "POST"])
@requires("manage_people")
def edit(user_id: int):
    user = _managed(user_id)
    form = PersonForm(data=_person_data(user))
    form.role.choices = role_choices(current_user)
    if form.validate_on_submit():
        on_failure(_shown_again("people/edit.html", form, **_edit_context(user)))
        changes = services.update_person(
            current_user, user, reason=form.reason.data or "", **_typed(form)
        )
        services.commit()
        flash(_("Changes saved.") if changes else _("Nothing was changed."), "info")
        return redirect(url_for("people.edit", user_id=user.id))
    return _form_page("people/edit.html", form, 422 if form.errors else 200, **_edit_context(user))


def _status_refused(user: User, status_form: StatusForm, reset_form: StatusForm | None = None):
    """The person's page again, the refused form's problems next to its reason (what was typed
    kept); `reset_form` when the refused form is the second factor's reset."""

    def render(error):
        user_again = db.session.get(User, user.id)
        for message in show_service_errors(reset_form or status_form, error):
            flash(message, "error")
        form = PersonForm(formdata=None, data=_person_data(user_again))
        form.role.choices = role_choices(current_user)
        context = _edit_context(user_again, status_form, reset_form)
        return _form_page("people/edit.html", form, **context)[0]

    return render


@bp.route("/<id:user_id>/disable", methods=["POST"])
@requires("manage_people")
def disable(user_id: int):
    return _set_active(user_id, False)


@bp.route("/<id:user_id>/enable", methods=["POST"])
@requires("manage_people")
def enable(user_id: int):
    return _set_active(user_id, True)


def _set_active(user_id: int, active: bool):
    user = _managed(user_id)
    status_form = StatusForm()  # its reason is checked by the service (CSRF by CSRFProtect)
    on_failure(_status_refused(user, status_form))
    if services.set_active(current_user, user, active, status_form.reason.data or ""):
        services.commit()
        flash(_("The account is enabled.") if active else _("The account is disabled."), "info")
    return redirect(url_for("people.edit", user_id=user.id))


@bp.route("/<id:user_id>/second-factor/reset", methods=["POST"])
@requires("manage_people")
def reset_second_factor(user_id: int):
    user = _managed(user_id)
    reset_form = StatusForm()  # its reason is checked by the service (CSRF by CSRFProtect)
    on_failure(_status_refused(user, StatusForm(formdata=None), reset_form))
    second_factor.reset_second_factor(current_user, user, reset_form.reason.data or "")
    services.commit()
    flash(
        _(
            "The second factor of %(name)s is reset: they sign in with their password next time.",
            name=user.full_name,
        ),
        "info",
    )
    return redirect(url_for("people.edit", user_id=user.id))


@bp.route("/<id:user_id>/invite", methods=["POST"])
@requires("manage_people")
def invite(user_id: int):
    user = _managed(user_id)
    # From the list, back to the list as it was filtered; else to the person's page.
    back = request.form.get("back", "")
    if not LIST_ADDRESS.fullmatch(back):
        back = url_for("people.edit", user_id=user.id)
    on_failure(flash_and_redirect(back))
    services.send_invitation(current_user, user)
    services.commit()
    flash(_("A new invitation is on its way to %(email)s.", email=user.email), "info")
    return redirect(back)
