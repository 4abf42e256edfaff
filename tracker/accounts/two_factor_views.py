"""The signed-in user's own second factor: /profile/two-factor (set up the authenticator app,
see how many recovery codes are left, make new ones, turn it off)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from tracker.accounts import signin, totp
from tracker.accounts.second_factor_forms import CodeForm, ConfirmIdentityForm
from tracker.accounts.views import bp
from tracker.core.exceptions import ServiceError
from tracker.core.permissions import requires


def _page(status: int = 200, **forms):
    user = current_user
    enrolment = None if user.totp_enabled_at else totp.begin_enrolment(user)
    return render_template(
        "accounts/two_factor.html",
        enrolment=enrolment,
        codes_left=totp.recovery_codes_left(user) if user.totp_enabled_at else 0,
        required=signin.second_factor_required(user),
        has_passkey=signin.has_passkey(user),
        enable_form=forms.get("enable_form") or CodeForm(prefix="enable"),
        regenerate_form=forms.get("regenerate_form") or ConfirmIdentityForm(prefix="regenerate"),
        disable_form=forms.get("disable_form") or ConfirmIdentityForm(prefix="disable"),
    ), status


def _refused(form, field: str, error: ServiceError, **forms):
    for message in error.fields.values() or [error.message]:
        getattr(form, field).errors.append(str(message))
    return _page(error.status, **forms)


@bp.route("/profile/two-factor")
@requires("view")
def two_factor():
    return _page()


@bp.route("/profile/two-factor/enable", methods=["POST"])
@requires("view")
def enable_two_factor():
    form = CodeForm(prefix="enable")
    if not form.validate_on_submit():
        return _page(400, enable_form=form)
    try:
        codes = totp.confirm_enrolment(current_user, form.code.data)
    except ServiceError as error:
        return _refused(form, "code", error, enable_form=form)
    return render_template(
        "accounts/recovery_codes.html",
        codes=codes,
        next_url=url_for("accounts.two_factor"),
        enrolled=True,
    )


@bp.route("/profile/two-factor/recovery-codes", methods=["POST"])
@requires("view")
def regenerate_recovery_codes():
    form = ConfirmIdentityForm(prefix="regenerate")
    if not form.validate_on_submit():
        return _page(400, regenerate_form=form)
    try:
        codes = totp.regenerate_recovery_codes(current_user, form.password.data, form.code.data)
    except ServiceError as error:
        return _refused(form, "password", error, regenerate_form=form)
    return render_template(
        "accounts/recovery_codes.html", codes=codes, next_url=url_for("accounts.two_factor")
    )


@bp.route("/profile/two-factor/disable", methods=["POST"])
@requires("view")
def disable_two_factor():
    form = ConfirmIdentityForm(prefix="disable")
    if not form.validate_on_submit():
        return _page(400, disable_form=form)
    try:
        totp.disable(current_user, form.password.data, form.code.data)
    except ServiceError as error:
        return _refused(form, "password", error, disable_form=form)
    flash(_("The authenticator app is off for your account."), "info")
    return redirect(url_for("accounts.two_factor"))
