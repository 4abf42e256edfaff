"""Passkey pages and the JSON the browser's script (static/js/passkeys.js) talks to.

/profile/passkeys lists the signed-in user's passkeys, adds and removes them. Under /login/
passkey/… the login page signs in without a password, the second step (/login/verify) takes a
passkey instead of a code, and enrolment (/login/enrol) registers one. Each ceremony is two
posts: its options, then the browser's answer. Those posts carry the CSRF token in the
X-CSRFToken header and are answered in JSON, refusals included (the same body as the API's).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import flash, has_request_context, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from tracker.accounts import passkeys, passkeys_signin, signin
from tracker.accounts.passkeys_party import address_to_use, passkeys_usable_here
from tracker.accounts.views import bp
from tracker.core.errors import error_body, safe_rollback
from tracker.core.exceptions import ServiceError
from tracker.core.permissions import public, requires
from tracker.core.problems import Problem


def answers_json(view: Callable) -> Callable:
    """A refusal of this endpoint is JSON, as under /api/, since a script reads it."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        try:
            return view(*args, **kwargs)
        except ServiceError as error:
            safe_rollback()
            return jsonify(error_body(error.code, error.message, error.fields)), error.status

    wrapper.answers_json = True  # a script's endpoint, not a form's (the forms fuzz skips it)
    return wrapper


def posted_json() -> dict | None:
    body = request.get_json(silent=True)
    return body if isinstance(body, dict) else None


def sign_in_expired() -> Problem:
    return Problem("sign_in_expired", _l("Your sign-in has expired. Type your password again."))


def page_context() -> dict:
    return {"passkeys_usable": passkeys_usable_here(), "passkeys_address": address_to_use()}


@bp.app_context_processor
def passkey_page_context() -> dict:
    # The login, second-step and enrolment pages show the passkey option; so does the profile.
    # Mails are rendered by the worker with no request at all.
    if not has_request_context():
        return {}
    if request.endpoint in {"accounts.login", "accounts.login_verify", "accounts.login_enrol"}:
        return {**page_context(), "user_has_passkey": signin.has_passkey}
    return {}


@bp.route("/profile/passkeys")
@requires("view")
def passkeys_page(refusal=None, status: int = 200):
    return render_template(
        "accounts/passkeys.html",
        passkeys=passkeys.user_passkeys(current_user),
        refusal=refusal,
        **page_context(),
    ), status


@bp.route("/profile/passkeys/options", methods=["POST"])
@requires("view")
@answers_json
def passkey_registration_options():
    body = posted_json() or {}
    return jsonify(passkeys.registration_options(current_user, body.get("name")))


@bp.route("/profile/passkeys", methods=["POST"])
@requires("view")
@answers_json
def passkey_register():
    passkey = passkeys.register(current_user, posted_json())
    flash(_("The passkey “%(name)s” was added.", name=passkey.name), "info")
    return jsonify(
        {"id": passkey.id, "name": passkey.name, "redirect": url_for("accounts.passkeys_page")}
    ), 201


@bp.route("/profile/passkeys/<id:passkey_id>/remove", methods=["POST"])
@requires("view")
def passkey_remove(passkey_id: int):
    try:
        passkeys.remove(current_user, passkey_id)
    except passkeys.PasskeyRefused as refused:
        safe_rollback()
        return passkeys_page(refusal=refused.message, status=refused.status)
    flash(_("The passkey was removed."), "info")
    return redirect(url_for("accounts.passkeys_page"))


@bp.route("/login/passkey/options", methods=["POST"])
@public
@answers_json
def passkey_sign_in_options():
    body = posted_json() or {}
    pending = None
    if body.get("mode") == "second_factor":
        pending = signin.pending_user()
        if pending is None:
            raise passkeys_signin.PasskeySignInRefused(sign_in_expired())
    return jsonify(passkeys_signin.sign_in_options(pending))


@bp.route("/login/passkey", methods=["POST"])
@public
@answers_json
def passkey_sign_in():
    result = passkeys_signin.sign_in(posted_json(), signin.pending_user())
    if result.second_factor:
        method = "passkey"
    else:
        signin.clear_pending()  # a password typed earlier in this browser has no say now
        method = "passkey_passwordless"
    target = signin.open_session(result.user, method, next_url=request.args.get("next"))
    return jsonify({"redirect": target})


def enrolling_user():
    """The pending user who must set up a second factor. Only they may register a passkey
    before signing in: anyone else with a second factor must use it (a passkey registered
    here would be a way around it)."""
    pending = signin.pending_user()
    if pending is None or not signin.must_enrol(pending):
        raise passkeys_signin.PasskeySignInRefused(sign_in_expired())
    return pending


@bp.route("/login/enrol/passkey/options", methods=["POST"])
@public
@answers_json
def passkey_enrol_options():
    pending = enrolling_user()
    body = posted_json() or {}
    return jsonify(passkeys.registration_options(pending, body.get("name")))


@bp.route("/login/enrol/passkey", methods=["POST"])
@public
@answers_json
def passkey_enrol():
    pending = enrolling_user()
    passkeys.register(pending, posted_json())
    # The password, then a new passkey the device verified its holder for: both factors.
    target = signin.open_session(pending, "passkey_enrolled")
    return jsonify({"redirect": target}), 201
