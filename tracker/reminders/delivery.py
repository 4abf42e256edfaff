"""Sending one planned message over SMTP, exactly once.

The row is claimed with SELECT … FOR UPDATE SKIP LOCKED and stays locked while the message is
sent, so a duplicate queue message skips it; if the worker dies, its transaction rolls back
and the row is pending again. Just before DATA, an attempt row is committed on its own: a
worker killed after that leaves the attempt without an outcome, and the message is marked
"unknown" for the office to see instead of being sent a second time.
"""

from __future__ import annotations

import random
import smtplib
import ssl
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import insert, select, update

from tracker.core.timeutil import utcnow
from tracker.extensions import db
from tracker.reminders.messages import build_message
from tracker.reminders.models import DeliveryAttempt, ReminderDelivery

MAX_ATTEMPTS = 6


@dataclass
class Outcome:
    status: str  # sent, retry, failed, unknown, skipped
    retry_in: float | None = None
    error: str | None = None


class TemporaryFailure(Exception):
    """A 4xx reply or a connection problem before the message data: try again later."""


class PermanentFailure(Exception):
    """A 5xx reply: this message will not be accepted."""


class DataFate(Exception):
    """The connection broke after the message data was sent: it may have been delivered."""


def backoff_seconds(attempts: int) -> float:
    """Exponential with jitter: about 2, 4, 8, 16, 32 minutes (six tries over an hour)."""
    base = current_app.config.get("REMINDER_RETRY_BASE_SECONDS", 120)
    delay = base * (2 ** (attempts - 1))
    return delay * random.uniform(0.8, 1.2)


def _check(reply: tuple[int, bytes], stage: str) -> None:
    code, text = reply
    if 400 <= code < 500:
        raise TemporaryFailure(f"{stage}: {code} {text.decode(errors='replace')}")
    if code >= 500:
        raise PermanentFailure(f"{stage}: {code} {text.decode(errors='replace')}")


def _connect() -> smtplib.SMTP:
    config = current_app.config
    timeout = config.get("MAIL_TIMEOUT_SECONDS", 30)
    if config["MAIL_USE_SSL"]:
        smtp = smtplib.SMTP_SSL(
            config["MAIL_SERVER"],
            config["MAIL_PORT"],
            timeout=timeout,
            context=ssl.create_default_context(),
        )
    else:
        smtp = smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=timeout)
    smtp.ehlo()
    if config["MAIL_USE_TLS"]:
        smtp.starttls(context=ssl.create_default_context())
        smtp.ehlo()
    if config.get("MAIL_USERNAME"):
        smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
    return smtp


def _record_data_start(delivery_id: int) -> int:
    # Its own connection and transaction: it must survive a crash of the sending one.
    with db.engine.connect() as connection:
        attempt_id = connection.execute(
            insert(DeliveryAttempt).values(delivery_id=delivery_id).returning(DeliveryAttempt.id)
        ).scalar_one()
        connection.commit()
    return attempt_id


_open_connection: smtplib.SMTP | None = None


def _connection() -> smtplib.SMTP:
    """This process's SMTP connection, reused across messages (RSET between them)."""
    global _open_connection
    if _open_connection is not None:
        try:
            _check(_open_connection.rset(), "RSET")
            return _open_connection
        except (smtplib.SMTPException, OSError, TemporaryFailure, PermanentFailure):
            _drop_connection()
    try:
        _open_connection = _connect()
    except smtplib.SMTPResponseException as error:
        _check((error.smtp_code, error.smtp_error), "connect")
        raise TemporaryFailure(str(error)) from None
    except (OSError, smtplib.SMTPException) as error:
        raise TemporaryFailure(f"connect: {error}") from None
    return _open_connection


def _drop_connection() -> None:
    global _open_connection
    if _open_connection is not None:
        try:
            _open_connection.quit()
        except (smtplib.SMTPException, OSError):
            _open_connection.close()
    _open_connection = None


def _send(delivery: ReminderDelivery) -> int | None:
    """SMTP conversation; returns the attempt id once DATA has started."""
    message = build_message(delivery)
    sender = current_app.config["MAIL_DEFAULT_SENDER"]
    smtp = _connection()
    attempt_id = None
    try:
        _check(smtp.mail(sender), "MAIL FROM")
        _check(smtp.rcpt(delivery.recipient_email), "RCPT TO")
        attempt_id = _record_data_start(delivery.id)
        try:
            # A str: smtplib turns its line ends into CRLF (it leaves bytes alone).
            reply = smtp.data(message.as_string())
        except smtplib.SMTPDataError as error:  # DATA itself refused: nothing was sent
            reply = (error.smtp_code, error.smtp_error)
        # A refusal after the data means the server did not take the message.
        _check(reply, "DATA")
        return attempt_id
    except (smtplib.SMTPServerDisconnected, OSError) as error:
        _drop_connection()
        if attempt_id is not None:
            raise DataFate(f"connection lost during DATA: {error}") from None
        raise TemporaryFailure(f"connection lost: {error}") from None
    except (TemporaryFailure, PermanentFailure):
        try:
            smtp.rset()  # the connection stays usable for the next message
        except (smtplib.SMTPException, OSError):
            _drop_connection()
        raise


def _finish_attempt(attempt_id: int | None, outcome: str) -> None:
    if attempt_id is not None:
        db.session.execute(
            update(DeliveryAttempt).where(DeliveryAttempt.id == attempt_id).values(outcome=outcome)
        )


def deliver(delivery_id: int) -> Outcome:
    now = utcnow()
    delivery = db.session.scalar(
        select(ReminderDelivery)
        .where(
            ReminderDelivery.id == delivery_id,
            ReminderDelivery.status == "pending",
            ReminderDelivery.next_attempt_at <= now,
        )
        # NO KEY UPDATE: the attempt row's foreign key check (another connection) must not
        # wait for this lock.
        .with_for_update(skip_locked=True, key_share=True)
    )
    if delivery is None:
        db.session.rollback()
        return Outcome("skipped")
    interrupted = db.session.scalar(
        select(DeliveryAttempt.id).where(
            DeliveryAttempt.delivery_id == delivery_id, DeliveryAttempt.outcome.is_(None)
        )
    )
    if interrupted is not None:
        delivery.status = "unknown"
        delivery.last_error = "the worker stopped after the message data was sent"
        _finish_attempt(interrupted, "unknown")
        db.session.commit()
        return Outcome("unknown", error=delivery.last_error)

    attempt_id = None
    try:
        # Nothing is written in this transaction before the attempt mark is committed on its
        # own connection (SQLite would otherwise lock that write out).
        attempt_id = _send(delivery)
    except PermanentFailure as error:
        delivery.attempts += 1
        return _close(delivery, "failed", str(error), _open_attempt(delivery_id))
    except DataFate as error:
        delivery.attempts += 1
        return _close(delivery, "unknown", str(error), _open_attempt(delivery_id))
    except Exception as error:  # noqa: BLE001  (a bug must not loop forever: count it)
        if not isinstance(error, TemporaryFailure):
            current_app.logger.exception("building or sending delivery %s failed", delivery_id)
            error = TemporaryFailure(f"{type(error).__name__}: {error}")
        delivery.attempts += 1
        _finish_attempt(_open_attempt(delivery_id), "temporary")
        if delivery.attempts >= MAX_ATTEMPTS:
            return _close(
                delivery, "failed", f"gave up after {delivery.attempts} tries: {error}", None
            )
        delay = backoff_seconds(delivery.attempts)
        delivery.last_error = str(error)
        delivery.next_attempt_at = now + timedelta(seconds=delay)
        db.session.commit()
        return Outcome("retry", retry_in=delay, error=str(error))
    delivery.attempts += 1
    delivery.status = "sent"
    delivery.sent_at = utcnow()
    delivery.last_error = None
    _finish_attempt(attempt_id, "sent")
    db.session.commit()
    return Outcome("sent")


def _open_attempt(delivery_id: int) -> int | None:
    return db.session.scalar(
        select(DeliveryAttempt.id)
        .where(DeliveryAttempt.delivery_id == delivery_id, DeliveryAttempt.outcome.is_(None))
        .order_by(DeliveryAttempt.id.desc())
        .limit(1)
    )


def _close(delivery, status: str, error: str, attempt_id: int | None) -> Outcome:
    delivery.status = status
    delivery.last_error = error
    _finish_attempt(attempt_id, status)
    db.session.commit()
    return Outcome(status, error=error)
