"""The mail that tells a person what happened to their unit's tasks: built when it is sent, in
the recipient's language, from the notifications it carries (all that one commit told them)."""

from __future__ import annotations

from datetime import datetime
from email.header import Header
from email.message import Message
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime, formataddr

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from tracker.core.db import aware
from tracker.extensions import db
from tracker.notifications.models import NOTICE_KIND_LABELS, Notification
from tracker.notifications.services import note_label, sentence, with_their_tasks
from tracker.reminders.delivery import PermanentFailure
from tracker.reminders.messages import OFFICE_NAME, UTF8_QP
from tracker.reminders.models import ReminderDelivery


def told_in(delivery: ReminderDelivery) -> list[Notification]:
    return list(
        db.session.scalars(
            with_their_tasks(select(Notification))
            .where(Notification.delivery_id == delivery.id)
            .order_by(Notification.id)
        )
    )


def _subject(notices: list[Notification]) -> str:
    if len(notices) == 1:
        assignment = notices[0].assignment
        task = assignment.task
        return _(
            "[CCHC] %(what)s: %(number)s %(title)s",
            what=NOTICE_KIND_LABELS[notices[0].kind],
            number=assignment.numbered,
            title=task.title[:80],
        )
    return _("[CCHC] %(n)d changes to your unit's tasks", n=len(notices))


def notice_message(delivery: ReminderDelivery) -> Message:
    notices = told_in(delivery)
    if not notices:  # the assignments were deleted since: there is nothing left to tell
        raise PermanentFailure("nothing to tell: its notifications no longer exist")
    with force_locale(delivery.recipient.locale):
        subject = _subject(notices)
        items = [
            {
                "notice": notice,
                "label": NOTICE_KIND_LABELS[notice.kind],
                "sentence": sentence(notice.kind, notice.params),
                "note_label": note_label(notice.kind),
                "task": notice.assignment.task,
            }
            for notice in notices
        ]
        context = {
            "delivery": delivery,
            "items": items,
            "base_url": current_app.config["TRACKER_BASE_URL"],
        }
        text = render_template("emails/notice.txt", **context)
        html = render_template("emails/notice.html", **context)
    message = MIMEMultipart("alternative")
    message.attach(MIMEText(text, "plain", _charset=UTF8_QP))
    message.attach(MIMEText(html, "html", _charset=UTF8_QP))
    config = current_app.config
    message["Subject"] = Header(subject, "utf-8")
    message["From"] = formataddr((OFFICE_NAME, config["MAIL_DEFAULT_SENDER"]), "utf-8")
    message["To"] = formataddr((delivery.recipient.full_name, delivery.recipient_email), "utf-8")
    message["Message-ID"] = delivery.message_id
    message["Date"] = format_datetime(aware(delivery.planned_at) or datetime.now().astimezone())
    message["Auto-Submitted"] = "auto-generated"
    return message
