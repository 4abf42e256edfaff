"""One-time links sent by mail: an invitation to choose a password (72 hours) and a password
reset (1 hour). Single use; a new link of the same purpose voids the older ones.

The token is an HMAC of the row's nonce under the server's secret: the mail is built by the
worker after the commit (through the reminders' exactly-once delivery log), which can derive
the token again, while the database keeps only its SHA-256 — a copy of the database does not
open any link."""

from __future__ import annotations

import base64
import hmac
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import event, select, update

from tracker.accounts.models import AccountLink, User
from tracker.core.db import aware
from tracker.core.timeutil import local_today, utcnow
from tracker.core.tokens import hash_token
from tracker.extensions import db
from tracker.reminders.models import ReminderDelivery
from tracker.reminders.planning import mail_host

DELIVERY_KIND = "account"
DISPATCH_TASK = "worker.jobs.dispatch_pending"
_DISPATCH_ASKED = "account_links_dispatch_asked"
LIFETIMES = {"invite": timedelta(hours=72), "reset": timedelta(hours=1)}


def link_token(link: AccountLink) -> str:
    """The token of the link's URL, derived again whenever needed (it is never stored)."""
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, f"account-link:{link.purpose}:{link.nonce}".encode(), "sha256")
    return base64.urlsafe_b64encode(digest.digest()).rstrip(b"=").decode()


def _void_open_links(user: User, purpose: str) -> None:
    db.session.execute(
        update(AccountLink)
        .where(
            AccountLink.user_id == user.id,
            AccountLink.purpose == purpose,
            AccountLink.used_at.is_(None),
            AccountLink.voided_at.is_(None),
        )
        .values(voided_at=utcnow())
    )


def void_all_links(user: User) -> None:
    """When an account is disabled: no link it was sent opens any more."""
    for purpose in LIFETIMES:
        _void_open_links(user, purpose)


def issue_link(user: User, purpose: str, actor: User | None = None) -> AccountLink:
    """A new link for the user, and the mail that carries it, in the caller's transaction: the
    worker sends the mail after the commit, exactly once; a rollback sends nothing."""
    db.session.flush()  # the user's id
    _void_open_links(user, purpose)
    nonce = secrets.token_hex(16)
    link = AccountLink(
        user=user,
        purpose=purpose,
        nonce=nonce,
        token_hash="",
        expires_at=utcnow() + LIFETIMES[purpose],
        created_by_id=getattr(actor, "id", None),
    )
    link.token_hash = hash_token(link_token(link))
    db.session.add(link)
    db.session.flush()
    db.session.add(
        ReminderDelivery(
            kind=DELIVERY_KIND,
            dedupe_key=f"account:{purpose}:{link.id}",
            recipient=user,
            recipient_email=user.email,
            assignment_ids=[],
            payload={"link_id": link.id, "purpose": purpose},
            planned_for=local_today(),
            message_id=f"<account-{purpose}-{link.id}-{nonce[:8]}@{mail_host()}>",
            status="pending",
            attempts=0,
        )
    )
    _dispatch_after_commit()
    return link


def _ask_the_worker(session) -> None:
    session.info.pop(_DISPATCH_ASKED, None)
    try:
        current_app.extensions["celery"].send_task(DISPATCH_TASK)
    except Exception as error:  # noqa: BLE001  (kombu raises several kinds)
        # The dispatcher's next round (a minute) sends it anyway.
        current_app.logger.warning("broker unavailable, account mail left to the round: %s", error)


def _forget(session, _rolled_back_transaction=None) -> None:
    session.info.pop(_DISPATCH_ASKED, None)


def _dispatch_after_commit() -> None:
    """Someone is waiting for this mail (an invitation, a reset link): once the transaction
    commits, the worker is asked to send what is pending now rather than at the dispatcher's
    next round. One request per transaction, however many links it issued."""
    session = db.session()
    if session.info.get(_DISPATCH_ASKED):
        return
    session.info[_DISPATCH_ASKED] = True
    event.listen(session, "after_commit", _ask_the_worker, once=True)
    event.listen(session, "after_soft_rollback", _forget, once=True)


def open_link(raw: str, purpose: str) -> AccountLink | None:
    """The link a token opens, if it is of that purpose, unused, not voided and not expired."""
    link = db.session.scalar(select(AccountLink).where(AccountLink.token_hash == hash_token(raw)))
    if (
        link is None
        or link.purpose != purpose
        or link.used_at is not None
        or link.voided_at is not None
        or aware(link.expires_at) <= utcnow()
        or not link.user.active
    ):
        return None
    return link
