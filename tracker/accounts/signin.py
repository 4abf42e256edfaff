"""Signing in, in steps: the password; then, when the account has a second factor, the code
or a passkey; or, when its role requires one and it has none yet, enrolling one. Only then is
a login session opened.

Between the steps the signed session cookie holds who passed the password, when, and where to
go next; it is good for PENDING_SECONDS. A passwordless passkey sign-in skips the password and
the second step and calls finish_sign_in directly.
"""

from __future__ import annotations

import time

from flask import Response, current_app, redirect, request, session, url_for
from flask_login import login_user
from sqlalchemy import exists, select

from tracker.accounts import services
from tracker.accounts.models import PasskeyCredential, User
from tracker.core.hygiene import safe_next
from tracker.extensions import db

SESSION_TOKEN_KEY = "sid"
PENDING_KEY = "signin_pending"
PENDING_SECONDS = 5 * 60


def has_passkey(user: User) -> bool:
    return bool(db.session.scalar(select(exists().where(PasskeyCredential.user_id == user.id))))


def has_second_factor(user: User) -> bool:
    return user.totp_enabled_at is not None or has_passkey(user)


def second_factor_required(user: User) -> bool:
    """Whether the user's role must sign in with a second factor (TRACKER_REQUIRE_2FA_ROLES)."""
    return user.role in current_app.config["REQUIRE_2FA_ROLES"]


def must_enrol(user: User) -> bool:
    """Whether the user's role requires a second factor that they have not set up yet."""
    return second_factor_required(user) and not has_second_factor(user)


def _fresh_session() -> None:
    """A new session at each step of signing in: nothing carried over from before but the
    language."""
    locale = session.get("locale")
    session.clear()
    if locale:
        session["locale"] = locale


def start_pending(user: User, next_url: str | None) -> None:
    _fresh_session()
    session[PENDING_KEY] = {
        "user_id": user.id,
        "checked_at": time.time(),
        "next": safe_next(next_url),
    }


def _pending() -> dict | None:
    pending = session.get(PENDING_KEY)
    if not isinstance(pending, dict):
        return None
    age = time.time() - float(pending.get("checked_at", 0))
    if not 0 <= age <= PENDING_SECONDS:
        session.pop(PENDING_KEY, None)
        return None
    return pending


def pending_user() -> User | None:
    """The user whose password was checked less than PENDING_SECONDS ago in this browser and
    who has not finished signing in; None otherwise (also once the account is disabled)."""
    pending = _pending()
    if pending is None:
        return None
    user = db.session.get(User, pending.get("user_id"))
    if user is None or not user.active:
        session.pop(PENDING_KEY, None)
        return None
    return user


def clear_pending() -> None:
    session.pop(PENDING_KEY, None)


def after_password(user: User, next_url: str | None) -> Response:
    """Where a correct password leads: the second step, enrolment, or straight in."""
    if has_second_factor(user):
        start_pending(user, next_url)
        return redirect(url_for("accounts.login_verify"))
    if must_enrol(user):
        start_pending(user, next_url)
        return redirect(url_for("accounts.login_enrol"))
    return finish_sign_in(user, "password", next_url=next_url)


def open_session(user: User, method: str, next_url: str | None = None) -> str:
    """Open the login session of a user who passed every step; returns where to go next (the
    `next` stored when the password was checked, else `next_url`, else the home page)."""
    pending = _pending()
    target = safe_next(pending["next"] if pending else next_url)
    token = services.open_login_session(
        user, method, request.remote_addr, request.user_agent.string
    )
    _fresh_session()
    session[SESSION_TOKEN_KEY] = token
    login_user(user)
    return target


def finish_sign_in(user: User, method: str, next_url: str | None = None) -> Response:
    """Sign the user in ("password", "totp", "recovery_code", "passkey", …: the audit log's
    `method`) and redirect to where they were going."""
    return redirect(open_session(user, method, next_url))
