"""The mails that carry a one-time link (delivery kind "account", planned by accounts.links):
an invitation to choose a password, and a password reset. Built by the worker when it sends,
in the recipient's language; the token is derived again from the link's row (only its hash is
stored). A link used, replaced, expired or whose account was disabled before the mail left is
not sent: a dead link in a mail would only confuse."""

from __future__ import annotations

from datetime import datetime
from email.header import Header
from email.message import Message
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime as mail_date
from email.utils import formataddr

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from tracker.accounts.links import link_token
from tracker.accounts.models import USER_ROLE_LABELS, AccountLink, User
from tracker.core.db import aware
from tracker.core.timeutil import format_datetime, utcnow
from tracker.extensions import db
from tracker.reminders.delivery import PermanentFailure
from tracker.reminders.messages import OFFICE_NAME, UTF8_QP
from tracker.reminders.models import ReminderDelivery

# Where each purpose's link leads (the pages of accounts.password_views).
LINK_PATHS = {"invite": "/set-password/", "reset": "/password-reset/"}


def link_url(link: AccountLink) -> str:
    return (
        current_app.config["TRACKER_BASE_URL"].rstrip("/")
        + LINK_PATHS[link.purpose]
        + (link_token(link))
    )


def live_link(delivery: ReminderDelivery) -> AccountLink:
    """The delivery's link, still usable; otherwise PermanentFailure (the mail is not sent)."""
    link = db.session.get(AccountLink, delivery.payload.get("link_id"))
    if link is None:
        raise PermanentFailure("the link no longer exists")
    if link.used_at is not None:
        raise PermanentFailure("the link was used before its mail was sent")
    if link.voided_at is not None:
        raise PermanentFailure("a newer link replaced this one before its mail was sent")
    if aware(link.expires_at) <= utcnow():
        raise PermanentFailure("the link expired before its mail was sent")
    if not link.user.active:
        raise PermanentFailure("the account was disabled before the mail was sent")
    return link


def _subject(purpose: str) -> str:
    if purpose == "invite":
        return _("Invitation to use the administrative reform tracker")
    return _("Reset your password for the administrative reform tracker")


def _inviter(link: AccountLink) -> str:
    inviter = db.session.get(User, link.created_by_id) if link.created_by_id else None
    return inviter.full_name if inviter is not None else OFFICE_NAME


def account_message(delivery: ReminderDelivery) -> Message:
    link = live_link(delivery)
    user = link.user
    template = "account_invite" if link.purpose == "invite" else "account_reset"
    with force_locale(user.locale):
        context = {
            "name": user.full_name,
            "email": user.email,
            "url": link_url(link),
            "valid_until": format_datetime(link.expires_at),
            "inviter": _inviter(link),
            "role": str(USER_ROLE_LABELS[user.role]),
            "unit": user.unit.name if user.unit else "",
            "position": user.position,
            "base_url": current_app.config["TRACKER_BASE_URL"].rstrip("/"),
            "locale": user.locale,
        }
        subject = _subject(link.purpose)
        text = render_template(f"emails/{template}.txt", **context)
        html = render_template(f"emails/{template}.html", **context)
    message = MIMEMultipart("alternative")
    message.attach(MIMEText(text, "plain", _charset=UTF8_QP))
    message.attach(MIMEText(html, "html", _charset=UTF8_QP))
    config = current_app.config
    message["Subject"] = Header(subject, "utf-8")
    message["From"] = formataddr((OFFICE_NAME, config["MAIL_DEFAULT_SENDER"]), "utf-8")
    message["To"] = formataddr((user.full_name, delivery.recipient_email), "utf-8")
    message["Message-ID"] = delivery.message_id
    message["Date"] = mail_date(aware(delivery.planned_at) or datetime.now().astimezone())
    message["Auto-Submitted"] = "auto-generated"
    return message
