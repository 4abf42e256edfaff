"""Public pages of a password: choosing it through an invitation (/set-password/<token>) or a
reset link (/password-reset/<token>), and asking for a reset (/password-reset)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from tracker.accounts import password_changes
from tracker.accounts.forms import NewPasswordForm, ResetRequestForm
from tracker.accounts.password_changes import LinkGone
from tracker.accounts.password_rules import RULES
from tracker.core.errors import safe_rollback
from tracker.core.exceptions import ValidationFailed
from tracker.core.forms import show_service_errors
from tracker.core.permissions import public

bp = Blueprint("passwords", __name__)


@bp.after_request
def _keep_the_token_in_this_page(response):
    # The token is in the address: not cached, and not sent on as a Referer.
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _gone_page(gone: LinkGone):
    return render_template("accounts/link_gone.html", purpose=gone.purpose, message=gone), 410


def _choose(token: str, purpose: str):
    try:
        link = password_changes.link_for(token, purpose)
    except LinkGone as gone:
        return _gone_page(gone)
    form = NewPasswordForm()
    status = 200
    if form.validate_on_submit():
        try:
            password_changes.choose_password(token, purpose, form.password.data, form.confirm.data)
        except LinkGone as gone:  # used meanwhile by another request
            return _gone_page(gone)
        except ValidationFailed as refused:
            safe_rollback()
            show_service_errors(form, refused)
            status = refused.status
        else:
            flash(
                _("Your password is set. Log in with your email address and your new password."),
                "info",
            )
            return redirect(url_for("accounts.login"))
    elif request.method == "POST":
        status = 422
    return render_template(
        "accounts/set_password.html", form=form, person=link.user, purpose=purpose, rules=RULES
    ), status


@bp.route("/set-password/<token>", methods=["GET", "POST"])
@public
def set_password(token: str):
    return _choose(token, "invite")


@bp.route("/password-reset/<token>", methods=["GET", "POST"])
@public
def reset_password(token: str):
    return _choose(token, "reset")


@bp.route("/password-reset", methods=["GET", "POST"])
@public
def request_reset():
    form = ResetRequestForm()
    if form.validate_on_submit():
        password_changes.request_password_reset(form.email.data, request.remote_addr)
        # The same page whether the account exists, is disabled or is unknown.
        return render_template("accounts/password_reset_sent.html", email=form.email.data)
    status = 422 if request.method == "POST" else 200
    return render_template("accounts/password_reset.html", form=form), status
