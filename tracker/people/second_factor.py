"""The office clears a person's second factor: for someone who lost both their phone (and its
recovery codes) or their passkey device, and so cannot sign in. Afterwards they sign in with
their password alone; if their role requires a second factor, the sign-in makes them set up a
new one (accounts.signin.must_enrol). Like the other people services, this does not commit."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select

from tracker.accounts import fields
from tracker.accounts.models import PasskeyCredential, RecoveryCode, User
from tracker.audit.services import record
from tracker.core.exceptions import Conflict, ValidationFailed, require
from tracker.core.problems import Problem
from tracker.extensions import db
from tracker.people.rules import check_may_manage
from tracker.people.services import end_sessions


def own_second_factor() -> Problem:
    return Problem(
        "own_second_factor",
        _l("You cannot reset your own second factor: change it on your security page."),
    )


def no_second_factor() -> Problem:
    return Problem("no_second_factor", _l("This person has no second factor to reset."))


@dataclass(frozen=True)
class SecondFactor:
    """What a person signs in with besides their password, as their page tells it."""

    app: bool
    passkeys: int

    @property
    def any(self) -> bool:
        return self.app or self.passkeys > 0


def second_factor_of(user: User) -> SecondFactor:
    passkeys = db.session.scalar(
        select(func.count())
        .select_from(PasskeyCredential)
        .where(PasskeyCredential.user_id == user.id)
    )
    return SecondFactor(app=user.totp_enabled_at is not None, passkeys=passkeys or 0)


def reset_second_factor(actor, user: User, reason: str) -> None:
    """Turn off the person's authenticator app, void its recovery codes, remove their passkeys
    and sign them out everywhere. A reason is required; nobody resets their own (they have
    their security page, and a stolen session must not strip the factor that guards it)."""
    check_may_manage(actor, user.role, user.unit_id)
    errors: dict[str, Problem] = {}
    reason = fields.checked_reason(reason, errors, required=True)
    if user.id == actor.id:
        problem = own_second_factor()
        raise ValidationFailed(problem, {"second_factor": problem})
    require(errors)
    if not second_factor_of(user).any:
        problem = no_second_factor()
        raise Conflict(problem, {"second_factor": problem})
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    db.session.execute(delete(PasskeyCredential).where(PasskeyCredential.user_id == user.id))
    end_sessions(user)
    record("user.second_factor_reset", actor=actor, target=user, reason=reason)
