"""The emails: digests and đôn đốc in the recipient's language (HTML and plain text), and
calendar invites whose MIME layout Outlook and Gmail recognise."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from email import encoders
from email.charset import QP, Charset
from email.header import Header
from email.message import Message
from email.mime.base import MIMEBase
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime, formataddr

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from tracker.assignments.models import Assignment
from tracker.core.db import aware
from tracker.extensions import db
from tracker.plans.models import Task
from tracker.reminders.adhoc import mail_context as adhoc_mail_context
from tracker.reminders.models import ReminderDelivery
from tracker.reminders.planning import REMINDER_GROUPS, mail_host, reminder_group

OFFICE_NAME = "Văn phòng UBND tỉnh"

# The messages of other kinds of delivery, each built by its own domain (registered by its
# setup), so that they go through the same exactly-once log and sending.
BUILDERS: dict[str, Callable[[ReminderDelivery], Message]] = {}


def register_message(kind: str, build: Callable[[ReminderDelivery], Message]) -> None:
    BUILDERS[kind] = build


def _assignments(ids: list[int]) -> dict[int, Assignment]:
    rows = db.session.scalars(
        select(Assignment)
        .where(Assignment.id.in_(ids))
        .options(joinedload(Assignment.task).joinedload(Task.plan), joinedload(Assignment.unit))
    )
    return {a.id: a for a in rows}


# The classic email API: the modern one refolds every header through a parser, which cost
# about 13 ms a message, a third of the whole delivery. Bodies are quoted-printable (short
# lines, readable Vietnamese through any relay).
UTF8_QP = Charset("utf-8")
UTF8_QP.body_encoding = QP


def _text_part(body: str, subtype: str) -> MIMEText:
    return MIMEText(body, subtype, _charset=UTF8_QP)


def _headers(message: Message, delivery: ReminderDelivery, subject: str) -> Message:
    config = current_app.config
    message["Subject"] = Header(subject, "utf-8")
    message["From"] = formataddr((OFFICE_NAME, config["MAIL_DEFAULT_SENDER"]), "utf-8")
    message["To"] = formataddr((delivery.recipient.full_name, delivery.recipient_email), "utf-8")
    if reply_to := delivery.payload.get("reply_to"):  # a đôn đốc: answers go to its sender
        message["Reply-To"] = formataddr((delivery.payload.get("from") or "", reply_to), "utf-8")
    message["Message-ID"] = delivery.message_id
    message["Date"] = format_datetime(aware(delivery.planned_at) or datetime.now().astimezone())
    message["Auto-Submitted"] = "auto-generated"
    return message


def digest_message(delivery: ReminderDelivery) -> Message:
    items = delivery.payload.get("items", [])
    found = _assignments([i["id"] for i in items])
    base_url = current_app.config["TRACKER_BASE_URL"]
    groups = {group: [] for group in REMINDER_GROUPS}
    for item in items:
        if item["id"] in found:
            # The due date as it was when the reminder was planned, not as it is now.
            item = item | {"due": date.fromisoformat(item["due_date"])}
            groups[reminder_group(item)].append((item, found[item["id"]]))
    for rows in groups.values():
        rows.sort(key=lambda row: (row[0]["due"], row[0]["id"]))
    with force_locale(delivery.recipient.locale):
        if delivery.kind == "adhoc":
            subject = _("[CCHC] Reminder from the provincial office: %(n)d tasks", n=len(items))
        elif groups["on_track"]:  # a policy that reminds earlier than "due soon" begins
            subject = _(
                "[CCHC] %(overdue)d overdue, %(today)d due today, %(soon)d due soon, "
                "%(later)d on track",
                overdue=len(groups["overdue"]),
                today=len(groups["due_today"]),
                soon=len(groups["due_soon"]),
                later=len(groups["on_track"]),
            )
        else:
            subject = _(
                "[CCHC] %(overdue)d overdue, %(today)d due today, %(soon)d due soon",
                overdue=len(groups["overdue"]),
                today=len(groups["due_today"]),
                soon=len(groups["due_soon"]),
            )
        context = {"delivery": delivery, "groups": groups, "base_url": base_url}
        template = "digest"
        if delivery.kind == "adhoc":
            context |= adhoc_mail_context(delivery.payload)
            template = "adhoc"
        text = render_template(f"emails/{template}.txt", **context)
        html = render_template(f"emails/{template}.html", **context)
    message = MIMEMultipart("alternative")
    message.attach(_text_part(text, "plain"))
    message.attach(_text_part(html, "html"))
    return _headers(message, delivery, subject)


def invite_calendar(delivery: ReminderDelivery, assignment: Assignment) -> bytes:
    method = delivery.payload["method"]
    due = date.fromisoformat(delivery.payload["due_date"])
    host = mail_host()
    calendar = Calendar()
    calendar.add("prodid", "-//UBND tinh Quang Tri//Theo doi CCHC//VI")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    event = Event()
    event.add("uid", f"invite-assignment-{assignment.id}@{host}")
    event.add("sequence", delivery.payload["sequence"])
    event.add("dtstamp", aware(delivery.planned_at))
    event.add("dtstart", due)
    event.add("dtend", due + timedelta(days=1))
    task = assignment.task
    with force_locale(delivery.recipient.locale):
        event.add("summary", f"[CCHC] {assignment.numbered}. {task.title}"[:250])
    event.add(
        "description",
        f"{task.plan.code} · {assignment.unit.name}\n"
        f"{current_app.config['TRACKER_BASE_URL']}/tasks/{task.id}",
    )
    event.add("url", f"{current_app.config['TRACKER_BASE_URL']}/tasks/{task.id}")
    event.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    event.add("transp", "TRANSPARENT")
    organizer = vCalAddress(f"mailto:{current_app.config['MAIL_DEFAULT_SENDER']}")
    organizer.params["cn"] = vText(OFFICE_NAME)
    event.add("organizer", organizer)
    attendee = vCalAddress(f"mailto:{delivery.recipient_email}")
    attendee.params["cn"] = vText(delivery.recipient.full_name)
    attendee.params["role"] = vText("REQ-PARTICIPANT")
    attendee.params["partstat"] = vText("NEEDS-ACTION")
    event.add("attendee", attendee)
    calendar.add_component(event)
    return calendar.to_ical()


def invite_message(delivery: ReminderDelivery) -> Message:
    assignment = _assignments(delivery.assignment_ids)[delivery.assignment_ids[0]]
    method = delivery.payload["method"]
    # The due date the invite is about, as planned (it may have moved again since).
    due = date.fromisoformat(delivery.payload["due_date"])
    ics = invite_calendar(delivery, assignment)
    task = assignment.task
    with force_locale(delivery.recipient.locale):
        if method == "CANCEL":
            subject = _(
                "[CCHC] Cancelled: %(number)s %(title)s",
                number=assignment.numbered,
                title=task.title[:80],
            )
        else:
            subject = _(
                "[CCHC] Deadline %(day)s: %(number)s %(title)s",
                day=due.strftime("%d/%m/%Y"),
                number=assignment.numbered,
                title=task.title[:80],
            )
        context = {
            "delivery": delivery,
            "assignment": assignment,
            "method": method,
            "due": due,
            "base_url": current_app.config["TRACKER_BASE_URL"],
        }
        text = render_template("emails/invite.txt", **context)
        html = render_template("emails/invite.html", **context)
    # The layout Outlook and Gmail recognise: the event inside the alternatives, with its
    # method, and the same calendar again as an .ics attachment.
    alternative = MIMEMultipart("alternative")
    alternative.attach(_text_part(text, "plain"))
    alternative.attach(_text_part(html, "html"))
    calendar_part = _text_part(ics.decode("utf-8"), "calendar")
    calendar_part.set_param("method", method)
    alternative.attach(calendar_part)
    attachment = MIMEBase("application", "ics", name="invite.ics")
    attachment.set_payload(ics)
    encoders.encode_base64(attachment)
    attachment.add_header("Content-Disposition", "attachment", filename="invite.ics")
    message = MIMEMultipart("mixed")
    message.attach(alternative)
    message.attach(attachment)
    return _headers(message, delivery, subject)


def build_message(delivery: ReminderDelivery) -> Message:
    if delivery.kind in BUILDERS:
        return BUILDERS[delivery.kind](delivery)
    if delivery.kind == "invite":
        return invite_message(delivery)
    return digest_message(delivery)
