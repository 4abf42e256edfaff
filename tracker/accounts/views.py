from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from tracker.accounts import api_tokens as tokens
from tracker.accounts import services, signin, totp
from tracker.accounts.forms import LoginForm, TokenForm
from tracker.accounts.second_factor_forms import CodeForm
from tracker.accounts.signin import SESSION_TOKEN_KEY
from tracker.core.hygiene import safe_next
from tracker.core.permissions import public, requires
from tracker.core.tokens import bearer_token
from tracker.extensions import login_manager

bp = Blueprint("accounts", __name__)


@login_manager.user_loader
def load_user(user_id: str):
    if bearer_token(request) is not None:
        return None  # a bearer request speaks for its token alone, never for a cookie session
    return services.user_for_session(user_id, session.get(SESSION_TOKEN_KEY))


@login_manager.request_loader
def load_user_from_bearer_token(req):
    raw = bearer_token(req)
    # Tokens are for the JSON API: a token never opens the HTML pages (the profile could
    # mint further tokens that outlive its own revocation).
    if raw is None or not req.path.startswith("/api/"):
        return None
    return tokens.user_for_token(raw)


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    if current_user.is_authenticated:
        return redirect(url_for("plans.home"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        try:
            user = services.check_password(form.email.data, form.password.data, request.remote_addr)
        except services.LoginRefused as refused:
            field = form.email if refused.reason == "locked" else form.password
            field.errors.append(str(refused.message))
            status = refused.status
        else:
            return signin.after_password(user, request.args.get("next"))
    elif request.method == "POST":
        status = 400
    return render_template("accounts/login.html", form=form), status


def _pending_or_back_to_login():
    """The user between the password and the second factor, or a redirect to the login page
    when there is none (never signed in here, or more than five minutes ago)."""
    user = signin.pending_user()
    if user is None:
        flash(_("Your sign-in has expired. Type your password again."), "info")
        return None, redirect(url_for("accounts.login"))
    return user, None


@bp.route("/login/verify", methods=["GET", "POST"])
@public
def login_verify():
    if current_user.is_authenticated:
        return redirect(url_for("plans.home"))
    user, back = _pending_or_back_to_login()
    if back:
        return back
    if signin.must_enrol(user):
        return redirect(url_for("accounts.login_enrol"))
    form = CodeForm()
    status = 200
    if form.validate_on_submit():
        try:
            method = totp.verify_code(user, form.code.data)
        except totp.SecondFactorRefused as refused:
            form.code.errors.append(str(refused.message))
            status = refused.status
        else:
            return signin.finish_sign_in(user, method)
    elif request.method == "POST":
        status = 400
    return render_template(
        "accounts/verify.html", form=form, user=user, signin_step="verify"
    ), status


@bp.route("/login/enrol", methods=["GET", "POST"])
@public
def login_enrol():
    if current_user.is_authenticated:
        return redirect(url_for("plans.home"))
    user, back = _pending_or_back_to_login()
    if back:
        return back
    if signin.has_second_factor(user):
        return redirect(url_for("accounts.login_verify"))
    enrolment = totp.begin_enrolment(user)
    form = CodeForm()
    status = 200
    if form.validate_on_submit():
        try:
            codes = totp.confirm_enrolment(user, form.code.data)
        except totp.SecondFactorRefused as refused:
            form.code.errors.append(str(refused.message))
            status = refused.status
        else:
            next_url = signin.open_session(user, "totp")
            return render_template(
                "accounts/recovery_codes.html", codes=codes, next_url=next_url, enrolled=True
            )
    elif request.method == "POST":
        status = 400
    return render_template(
        "accounts/enrol.html", form=form, enrolment=enrolment, user=user, signin_step="enrol"
    ), status


@bp.route("/logout", methods=["POST"])
@public
def logout():
    services.log_out(
        current_user if current_user.is_authenticated else None, session.get(SESSION_TOKEN_KEY)
    )
    logout_user()
    session.clear()
    flash(_("You have logged out."), "info")
    return redirect(url_for("accounts.login"))


@bp.route("/language/<code>", methods=["POST"])
@public
def set_language(code: str):
    if code not in ("vi", "en"):
        abort(404)
    session["locale"] = code
    if current_user.is_authenticated:
        services.set_locale(current_user, code)
    return redirect(safe_next(request.form.get("next")))


@bp.route("/profile")
@requires("view")
def profile(new_token: str | None = None, status: int = 200, token_form=None):
    return render_template(
        "accounts/profile.html",
        tokens=tokens.user_tokens(current_user),
        new_token=new_token,
        token_form=token_form or TokenForm(),
    ), status


@bp.route("/profile/tokens", methods=["POST"])
@requires("view")
def create_token():
    form = TokenForm()
    if not form.validate_on_submit():
        return profile(status=422, token_form=form)  # with the field's message
    _token, raw = tokens.create_token(current_user, form.name.data)
    # Shown in this response only; it is never stored or shown again.
    return profile(new_token=raw)


@bp.route("/profile/tokens/<id:token_id>/revoke", methods=["POST"])
@requires("view")
def revoke_token(token_id: int):
    tokens.revoke_token(current_user, token_id)
    flash(_("The token was revoked."), "info")
    return redirect(url_for("accounts.profile"))
