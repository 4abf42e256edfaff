"""Accounts: creating users, logging in and out, and the server-side login sessions."""

from __future__ import annotations

import secrets

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from tracker.accounts import fields, throttle
from tracker.accounts.models import LOCALES, LoginSession, User
from tracker.accounts.password_rules import password_problem
from tracker.accounts.passwords import hash_password, needs_rehash, verify_password
from tracker.audit.services import record
from tracker.core.exceptions import ServiceError, ValidationFailed
from tracker.core.problems import Problem, one_of
from tracker.core.timeutil import utcnow
from tracker.core.tokens import hash_token
from tracker.extensions import db


class AccountError(ValidationFailed):
    """Bad input for an account; `field` names what to fix, `problem` what is wrong with it."""

    def __init__(self, field: str, problem: Problem) -> None:
        super().__init__(problem, {field: problem})
        self.field = field
        self.problem = problem


LOGIN_PROBLEMS = {
    "locked": Problem("login_locked", _l("Too many failed attempts. Try again later.")),
    # A wrong password and a disabled account read alike: the page confirms no account.
    "bad_credentials": Problem(
        "login_refused", _l("Wrong email or password, or the account is disabled.")
    ),
    "inactive": Problem(
        "login_refused", _l("Wrong email or password, or the account is disabled.")
    ),
}


class LoginRefused(ServiceError):
    status = 401
    code = "login_refused"

    def __init__(self, reason: str) -> None:
        super().__init__(LOGIN_PROBLEMS[reason])
        self.reason = reason  # "bad_credentials", "inactive" or "locked", for the audit log
        if reason == "locked":
            self.status = 429


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email.strip().lower()))


def no_account(email: str) -> Problem:
    return Problem("no_account", _l("No account has the email %(email)s."), email=email)


# The order in which `tracker create-user` names a refused option, one at a time.
CREATE_FIELDS = ("email", "role", "locale", "name", "password", "position", "phone", "unit")


def create_user(
    *,
    email: str,
    full_name: str,
    role: str,
    password: str | None,
    unit_code: str | None = None,
    locale: str = "vi",
    position: str = "",
    phone: str = "",
) -> User:
    """A new account, checked by the same field rules as the people pages (accounts.fields).
    With no password (None) it has none until the person chooses one through an invitation
    link (accounts.links.issue_link), which the caller sends."""
    errors: dict[str, Problem] = {}
    email = fields.checked_email(email, errors)  # THE email rule: what is created can sign in
    full_name = fields.checked_name(full_name, errors)
    role = fields.checked_role(role, errors)
    locale = fields.checked_locale(locale, errors)
    position = fields.checked_position(position, errors)
    phone = fields.checked_phone(phone, errors)
    unit = fields.unit_to_join(unit_code, errors)
    fields.check_unit_for_role(role, unit, errors)
    if password is not None and (problem := password_problem(password, email, full_name)):
        errors["password"] = problem
    for field in CREATE_FIELDS:
        if field in errors:
            raise AccountError(field, errors[field])
    user = User(
        email=email,
        full_name=full_name,
        role=role,
        unit=unit,
        locale=locale,
        position=position,
        phone=phone,
        password_hash=hash_password(password) if password is not None else None,
    )
    db.session.add(user)
    return user


def check_password(email: str, password: str, address: str | None) -> User:
    """The first step of signing in: the user whose password this is, or LoginRefused.
    Commits either way, so that a failed attempt is counted and audited.

    The attempt is counted before the password is checked (see throttle), and an unknown
    account or one without a password yet is checked against a dummy hash: the answer takes
    as long as for a real account, so its time does not tell whether the account exists."""
    email = email.strip().lower()
    if not throttle.attempt_password(email, address):
        record("login_locked", email=email)
        db.session.commit()
        raise LoginRefused("locked")
    user = find_user_by_email(email)
    if not verify_password(user.password_hash if user else None, password):
        record("login_failed", actor=user, email=email)
        db.session.commit()
        raise LoginRefused("bad_credentials")
    if not user.active:
        record("login_failed", actor=user, reason="inactive")
        db.session.commit()
        raise LoginRefused("inactive")
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    throttle.password_succeeded(email, address)
    db.session.commit()
    return user


def open_login_session(user: User, method: str, address: str | None, user_agent: str | None) -> str:
    """The last step of signing in, once every factor the account needs was checked: a login
    session on the server; returns the token the cookie carries."""
    token = secrets.token_urlsafe(32)
    db.session.add(
        LoginSession(
            user=user,
            token_hash=hash_token(token),
            ip_address=address,
            user_agent=(user_agent or "")[:255],
        )
    )
    user.last_login_at = utcnow()
    record("login", actor=user, method=method)
    db.session.commit()
    return token


def user_for_session(user_id: str, token: str | None) -> User | None:
    """The user of a live login session, or None once it was ended or the user disabled."""
    if not token or not user_id.isdigit():
        return None
    row = db.session.scalar(
        select(LoginSession)
        .where(LoginSession.token_hash == hash_token(token), LoginSession.ended_at.is_(None))
        .options(joinedload(LoginSession.user))  # every page: one query, not two
    )
    if row is None or row.user_id != int(user_id) or not row.user.active:
        return None
    return row.user


def log_out(user: User | None, token: str | None) -> None:
    if token:
        row = db.session.scalar(
            select(LoginSession).where(LoginSession.token_hash == hash_token(token))
        )
        if row is not None and row.ended_at is None:
            row.ended_at = utcnow()
    if user is not None:
        record("logout", actor=user)
    db.session.commit()


def set_locale(user: User, locale: str) -> None:
    if locale not in LOCALES:
        raise AccountError("locale", one_of(LOCALES))
    user.locale = locale
    db.session.commit()
