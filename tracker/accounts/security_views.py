"""/profile/security: the signed-in person's password, login sessions and API tokens (the
second factor's own pages add their part through the template's slots)."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from tracker.accounts import api_tokens, login_sessions, password_changes
from tracker.accounts.forms import ChangePasswordForm
from tracker.accounts.password_rules import RULES
from tracker.accounts.signin import SESSION_TOKEN_KEY
from tracker.core.errors import on_failure
from tracker.core.forms import form_again
from tracker.core.permissions import requires

bp = Blueprint("security", __name__)

# The pages of the second factor (helpers of their own), linked from this page when present.
SECOND_FACTOR_PAGES = ("/profile/two-factor", "/profile/passkeys")


def _second_factor_pages() -> list[str]:
    rules = {rule.rule for rule in current_app.url_map.iter_rules()}
    return [path for path in SECOND_FACTOR_PAGES if path in rules]


def _context() -> dict:
    return {
        "rules": RULES,
        "sessions": login_sessions.open_sessions(current_user, session.get(SESSION_TOKEN_KEY)),
        "tokens": [t for t in api_tokens.user_tokens(current_user) if t.revoked_at is None],
        "second_factor_pages": _second_factor_pages(),
    }


@bp.route("/profile/security")
@requires("view")
def page():
    return render_template("accounts/security.html", form=ChangePasswordForm(), **_context())


@bp.route("/profile/security/password", methods=["POST"])
@requires("view")
def change_password():
    form = ChangePasswordForm()
    if not form.validate_on_submit():
        return render_template("accounts/security.html", form=form, **_context()), 422
    on_failure(form_again(form, "accounts/security.html", **_context()))
    ended = password_changes.change_own_password(
        current_user,
        form.current_password.data,
        form.password.data,
        form.confirm.data,
        session.get(SESSION_TOKEN_KEY),
    )
    if ended:
        flash(
            _(
                "Your password was changed. %(n)d other sessions were ended: sign in again "
                "there with the new password.",
                n=ended,
            ),
            "info",
        )
    else:
        flash(_("Your password was changed."), "info")
    return redirect(url_for("security.page"))


@bp.route("/profile/security/sessions/<id:session_id>/end", methods=["POST"])
@requires("view")
def end_session(session_id: int):
    login_sessions.end_session(current_user, session_id)
    flash(_("The session was ended."), "info")
    return redirect(url_for("security.page"))


@bp.route("/profile/security/sessions/end-others", methods=["POST"])
@requires("view")
def end_other_sessions():
    ended = login_sessions.end_other_sessions(current_user, session.get(SESSION_TOKEN_KEY))
    flash(_("%(n)d other sessions were ended.", n=ended), "info")
    return redirect(url_for("security.page"))


@bp.route("/profile/security/tokens/<id:token_id>/revoke", methods=["POST"])
@requires("view")
def revoke_token(token_id: int):
    api_tokens.revoke_token(current_user, token_id)
    flash(_("The token was revoked."), "info")
    return redirect(url_for("security.page"))
