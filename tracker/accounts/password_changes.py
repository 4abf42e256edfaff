"""Choosing a password: through an invitation or a reset link (accounts.links), asking for a
reset, and changing one's own password. Every new password passes accounts.password_rules.

A link is used once even when two requests bring it at the same moment: the conditional UPDATE
that marks it used (WHERE used_at IS NULL) has exactly one winner; on PostgreSQL the second
waits for the first's row lock, then finds the row used."""

from __future__ import annotations

from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from tracker.accounts import throttle
from tracker.accounts.emails import normalized_email
from tracker.accounts.links import issue_link, open_link, void_all_links
from tracker.accounts.login_sessions import end_sessions
from tracker.accounts.models import AccountLink, User
from tracker.accounts.password_rules import password_problem
from tracker.accounts.passwords import hash_password, verify_password
from tracker.audit.models import AuditEvent
from tracker.audit.services import record
from tracker.core.exceptions import ServiceError, require
from tracker.core.problems import Problem
from tracker.core.timeutil import utcnow
from tracker.extensions import db

# Quiet limits of reset requests: beyond them the page answers the same and nothing is sent.
RESET_WINDOW = timedelta(minutes=15)
RESETS_PER_ADDRESS = 10  # requests from one client address within the window
RESET_LINKS_PER_ACCOUNT = 3  # mails to one account within an hour
# Wrong current passwords are counted like failed logins (accounts.throttle: the same limit
# and window, per account).

REQUEST_ACTION = "password_reset.request"
CHANGE_REFUSED_ACTION = "password.change_refused"


class LinkGone(ServiceError):
    """The link was used, replaced by a newer one, expired, or its account disabled: all
    answered alike (410), with what to do next."""

    status = 410
    code = "link_gone"

    def __init__(self, purpose: str) -> None:
        super().__init__(link_gone(purpose))
        self.purpose = purpose


class TooManyAttempts(ServiceError):
    status = 429
    code = "too_many_attempts"


def link_gone(purpose: str) -> Problem:
    if purpose == "invite":
        return Problem(
            "invitation_gone",
            _l(
                "This invitation link can no longer be used: it was used already, it expired "
                "(it is valid for 72 hours) or a newer invitation replaced it. Ask the "
                "provincial office or your unit's lead to send you a new invitation."
            ),
        )
    return Problem(
        "reset_link_gone",
        _l(
            "This password reset link can no longer be used: it was used already, it expired "
            "(it is valid for 1 hour) or a newer one replaced it. Ask for a new one."
        ),
    )


def passwords_differ() -> Problem:
    return Problem("passwords_differ", _l("The two passwords are not the same."))


def wrong_current_password() -> Problem:
    return Problem("wrong_current_password", _l("This is not your current password."))


def _new_password_errors(user: User, password: str, confirm: str) -> dict[str, Problem]:
    if problem := password_problem(password, user.email, user.full_name):
        return {"password": problem}
    if confirm != password:
        return {"confirm": passwords_differ()}
    return {}


def link_for(raw: str, purpose: str) -> AccountLink:
    """The open link of a token, or LinkGone."""
    link = open_link(raw, purpose)
    if link is None:
        raise LinkGone(purpose)
    return link


def choose_password(raw: str, purpose: str, password: str, confirm: str) -> User:
    """The person of an invitation or reset link chooses their password. Ends every login
    session the account has open and voids its other links; commits."""
    link = link_for(raw, purpose)
    user = link.user
    require(_new_password_errors(user, password, confirm))
    hashed = hash_password(password)  # the slow part, before the row is locked
    now = utcnow()
    claimed = db.session.execute(
        update(AccountLink)
        .where(
            AccountLink.id == link.id,
            AccountLink.used_at.is_(None),
            AccountLink.voided_at.is_(None),
            AccountLink.expires_at > now,
        )
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:  # another request used it first, or it was voided meanwhile
        db.session.rollback()
        raise LinkGone(purpose)
    user.password_hash = hashed
    user.password_changed_at = now
    void_all_links(user)
    ended = end_sessions(user)
    record(
        "password.set" if purpose == "invite" else "password.reset",
        actor=user,
        target=user,
        link_id=link.id,
        sessions_ended=ended,
    )
    db.session.commit()
    return user


def _recent(action: str, since, **where) -> int:
    query = select(func.count(AuditEvent.id)).where(
        AuditEvent.action == action, AuditEvent.created_at > since
    )
    for column, value in where.items():
        query = query.where(getattr(AuditEvent, column) == value)
    return db.session.scalar(query)


def request_password_reset(email: str, address: str | None) -> None:
    """Mails a reset link when `email` is an active account's, within the quiet limits. Says
    nothing either way: the page answers the same whether the account exists or not, and takes
    about as long (the mail is sent by the worker; here only rows are written)."""
    email = normalized_email(email)
    now = utcnow()
    crowded = _recent(REQUEST_ACTION, now - RESET_WINDOW, ip_address=address) >= RESETS_PER_ADDRESS
    user = db.session.scalar(select(User).where(User.email == email))
    record(REQUEST_ACTION, target=user, email=email[:254], limited=crowded)
    if user is not None and user.active and not crowded:
        recent_links = db.session.scalar(
            select(func.count(AccountLink.id)).where(
                AccountLink.user_id == user.id,
                AccountLink.purpose == "reset",
                AccountLink.created_at > now - timedelta(hours=1),
            )
        )
        if recent_links < RESET_LINKS_PER_ACCOUNT:
            issue_link(user, "reset")
    db.session.commit()


def change_own_password(
    user: User, current: str, password: str, confirm: str, this_token: str | None
) -> int:
    """The signed-in person changes their password: the current one is needed. Every other
    login session of theirs ends (this one stays) and their open links are voided; returns how
    many sessions ended. Commits."""
    # Counted before the check, atomically, so that parallel guesses cannot pass the limit.
    if not throttle.attempt_password_change(user.id):
        raise TooManyAttempts(
            Problem("password_change_locked", _l("Too many failed attempts. Try again later."))
        )
    if not verify_password(user.password_hash, current):
        record(CHANGE_REFUSED_ACTION, actor=user, target=user)
        db.session.commit()  # counted, though the request is refused
        require({"current_password": wrong_current_password()})
    throttle.password_change_succeeded(user.id)
    require(_new_password_errors(user, password, confirm))
    user.password_hash = hash_password(password)
    user.password_changed_at = utcnow()
    void_all_links(user)
    ended = end_sessions(user, except_token=this_token)
    record("password.change", actor=user, target=user, sessions_ended=ended)
    db.session.commit()
    return ended
