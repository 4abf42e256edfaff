"""The TOTP second factor (RFC 6238, as authenticator apps do it) and its recovery codes.

Enrolling keeps a new secret on the user, in force only once a code made from it is typed
back. A code is good for its 30-second step and one step either side (phone clocks drift),
and once only: the last step accepted is kept, and a code of that step or an earlier one is
refused. Ten recovery codes stand in for the phone when it is lost; each works once, and only
their SHA-256 is kept. Every code attempt is counted per account before it is checked
(throttle.attempt_second_factor), so codes cannot be tried by the thousand.
"""

from __future__ import annotations

import hmac
import re
import secrets
import time
from dataclasses import dataclass

import pyotp
import segno
from flask import current_app
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import delete, func, select, update

from tracker.accounts import throttle
from tracker.accounts.models import RecoveryCode, User
from tracker.accounts.passwords import verify_password
from tracker.accounts.signin import has_passkey, second_factor_required
from tracker.audit.services import record
from tracker.core.exceptions import Conflict, Forbidden, ServiceError, ValidationFailed
from tracker.core.problems import Problem, required
from tracker.core.timeutil import utcnow
from tracker.core.tokens import hash_token
from tracker.extensions import db

STEP_SECONDS = 30
DIGITS = 6
RECOVERY_CODE_COUNT = 10
# No 0/o, 1/l/i: a recovery code is read off paper.
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
RECOVERY_CODE_LENGTH = 10
TOTP_CODE = re.compile(r"[0-9]{6}")  # not \d, which takes other scripts' digits too

PROBLEMS = {
    "locked": Problem("second_factor_locked", _l("Too many wrong codes. Try again later.")),
    "wrong_code": Problem(
        "second_factor_refused", _l("The code is wrong, expired or was already used.")
    ),
    "wrong_proof": Problem("identity_not_confirmed", _l("The password or the code is wrong.")),
    "already_enabled": Problem(
        "totp_already_enabled", _l("An authenticator app is already set up for this account.")
    ),
    "not_enabled": Problem(
        "totp_not_enabled", _l("No authenticator app is set up for this account.")
    ),
    "required_by_role": Problem(
        "second_factor_required",
        _l(
            "Your role must sign in with a second factor: register a passkey before you turn "
            "off the authenticator app."
        ),
    ),
}


class SecondFactorRefused(ServiceError):
    status = 401
    code = "second_factor_refused"

    def __init__(self, reason: str, field: str = "code") -> None:
        super().__init__(PROBLEMS[reason], {field: PROBLEMS[reason]})
        self.reason = reason
        if reason == "locked":
            self.status = 429


@dataclass
class Enrolment:
    secret: str
    uri: str
    qr_svg: Markup

    @property
    def secret_groups(self) -> str:
        """The secret in groups of four, easier to type into an app by hand."""
        return " ".join(self.secret[i : i + 4] for i in range(0, len(self.secret), 4))


def issuer() -> str:
    return current_app.config["TOTP_ISSUER"]


def _enrolment(user: User) -> Enrolment:
    uri = pyotp.TOTP(user.totp_secret).provisioning_uri(name=user.email, issuer_name=issuer())
    svg = segno.make(uri, error="m").svg_inline(
        scale=4, border=4, dark="#000", light="#fff", title=issuer()
    )
    return Enrolment(secret=user.totp_secret, uri=uri, qr_svg=Markup(svg))


def begin_enrolment(user: User) -> Enrolment:
    """The secret to put into an authenticator app (the same one until it is confirmed, so
    that opening the page again keeps the code the app already shows)."""
    if user.totp_enabled_at is not None:
        raise Conflict(PROBLEMS["already_enabled"])
    if not user.totp_secret:
        user.totp_secret = pyotp.random_base32()
        db.session.commit()
    return _enrolment(user)


def _normalize(code: str) -> str:
    return re.sub(r"[\s-]", "", code or "").lower()


def _matching_step(secret: str, code: str, now: float) -> int | None:
    totp = pyotp.TOTP(secret)
    current = int(now // STEP_SECONDS)
    for step in (current - 1, current, current + 1):
        if hmac.compare_digest(totp.at(step * STEP_SECONDS), code):
            return step
    return None


def _locked_user(user: User) -> User:
    """The user's row, locked until the commit: two requests with the same code cannot both
    see its step as unused."""
    return db.session.scalars(
        select(User)
        .where(User.id == user.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()


def _accept_totp(user: User, code: str) -> bool:
    step = _matching_step(user.totp_secret, code, time.time())
    if step is None or (user.totp_last_step is not None and step <= user.totp_last_step):
        return False
    user.totp_last_step = step
    return True


def _use_recovery_code(user: User, code: str) -> bool:
    result = db.session.execute(
        update(RecoveryCode)
        .where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == hash_token(code),
            RecoveryCode.used_at.is_(None),
        )
        .values(used_at=utcnow())
    )
    return result.rowcount == 1


def _check_code(user: User, typed: str) -> str | None:
    """The method a good code is ("totp" or "recovery_code"), used up; None for a bad one."""
    code = _normalize(typed)
    if user.totp_enabled_at is None or not code:
        return None
    if TOTP_CODE.fullmatch(code):
        return "totp" if _accept_totp(user, code) else None
    return "recovery_code" if _use_recovery_code(user, code) else None


def _count_attempt(user: User, field: str = "code") -> None:
    if not throttle.attempt_second_factor(user.id):
        record("second_factor_locked", actor=user)
        db.session.commit()
        raise SecondFactorRefused("locked", field)


def verify_code(user: User, typed: str) -> str:
    """The second step of signing in: a TOTP code or a recovery code. Returns the method
    ("totp" or "recovery_code"); raises SecondFactorRefused. Commits either way."""
    _count_attempt(user)
    user = _locked_user(user)
    method = _check_code(user, typed)
    if method is None:
        record("second_factor_failed", actor=user)
        db.session.commit()
        raise SecondFactorRefused("wrong_code")
    throttle.second_factor_succeeded(user.id)
    if method == "recovery_code":
        record("recovery_code.used", actor=user, target=user, left=recovery_codes_left(user))
    db.session.commit()
    return method


def _void_recovery_codes(user: User) -> None:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))


def _new_recovery_codes(user: User) -> list[str]:
    _void_recovery_codes(user)
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_CODE_LENGTH))
        db.session.add(RecoveryCode(user_id=user.id, code_hash=hash_token(raw)))
        codes.append(f"{raw[:5]}-{raw[5:]}")
    return codes


def confirm_enrolment(user: User, typed: str) -> list[str]:
    """Turn the app on with a code made from the new secret; returns the recovery codes, to be
    shown this once."""
    if user.totp_enabled_at is not None:
        raise Conflict(PROBLEMS["already_enabled"])
    if not user.totp_secret:
        raise Conflict(PROBLEMS["not_enabled"])
    _count_attempt(user)
    user = _locked_user(user)
    code = _normalize(typed)
    step = (
        _matching_step(user.totp_secret, code, time.time()) if TOTP_CODE.fullmatch(code) else None
    )
    if step is None:
        record("second_factor_failed", actor=user, during="enrolment")
        db.session.commit()
        raise SecondFactorRefused("wrong_code")
    throttle.second_factor_succeeded(user.id)
    user.totp_enabled_at = utcnow()
    user.totp_last_step = step
    codes = _new_recovery_codes(user)
    record("totp.enable", actor=user, target=user)
    db.session.commit()
    return codes


def confirm_identity(user: User, password: str | None, code: str | None) -> None:
    """Before a change to the second factor: the current password or a code (TOTP or
    recovery), counted like a code attempt."""
    if not (password or code):
        raise ValidationFailed(required(), {"password": required()})
    _count_attempt(user, "password")
    user = _locked_user(user)
    if code:
        confirmed = _check_code(user, code) is not None
    else:
        confirmed = verify_password(user.password_hash, password)
    if not confirmed:
        record("second_factor_failed", actor=user, during="confirm_identity")
        db.session.commit()
        raise SecondFactorRefused("wrong_proof", "password")
    throttle.second_factor_succeeded(user.id)


def regenerate_recovery_codes(user: User, password: str | None, code: str | None) -> list[str]:
    """New recovery codes; the old ones stop working."""
    if user.totp_enabled_at is None:
        raise Conflict(PROBLEMS["not_enabled"])
    confirm_identity(user, password, code)
    codes = _new_recovery_codes(user)
    record("totp.recovery_codes", actor=user, target=user)
    db.session.commit()
    return codes


def disable(user: User, password: str | None, code: str | None) -> None:
    """Turn the app off (and its recovery codes with it). Refused when the role requires a
    second factor and no passkey would remain."""
    if user.totp_enabled_at is None:
        raise Conflict(PROBLEMS["not_enabled"])
    if second_factor_required(user) and not has_passkey(user):
        raise Forbidden(PROBLEMS["required_by_role"])
    confirm_identity(user, password, code)
    _void_recovery_codes(user)
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    record("totp.disable", actor=user, target=user)
    db.session.commit()


def recovery_codes_left(user: User) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(RecoveryCode)
        .where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    )
