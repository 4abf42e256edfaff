"""Sweeps through a real Celery worker on Redis to a real SMTP server: each reminder once."""

from __future__ import annotations

import threading
from datetime import timedelta

from icalendar import Calendar
from sqlalchemy import func, select

from tests.reminders.conftest import AS_OF, run_tracker, wait_until

ISO = AS_OF.isoformat()


def statuses(app) -> dict[str, int]:
    from tracker.extensions import db
    from tracker.reminders.models import ReminderDelivery

    with app.app_context():
        rows = db.session.execute(
            select(ReminderDelivery.status, func.count()).group_by(ReminderDelivery.status)
        ).all()
        db.session.rollback()
    return dict(rows)


def settled(app, expected: int):
    def check():
        counts = statuses(app)
        return sum(counts.values()) == expected and not counts.get("pending")

    return check


def digests_by_recipient(recorder) -> dict[str, object]:
    return {item.recipients[0]: item.message for item in recorder.received}


def test_sweep_sends_the_expected_digests(rapp, smtp, office_world, celery_worker):
    _controller, recorder = smtp
    result = run_tracker(rapp, "remind", "--as-of", ISO, "--no-invites")
    assert result.returncode == 0, result.stderr
    wait_until(lambda: len(recorder.received) >= 4)
    wait_until(settled(rapp, 4))
    assert statuses(rapp) == {"sent": 4}
    mails = digests_by_recipient(recorder)
    assert set(mails) == {
        "lead.a@example.vn",
        "cv.a@example.vn",
        "lead.b@example.vn",
        "vp@example.vn",
    }  # not the deactivated user
    lead_a = mails["lead.a@example.vn"]
    assert lead_a["Subject"] == "[CCHC] 2 quá hạn, 1 đến hạn hôm nay, 1 sắp đến hạn"
    text = lead_a.get_body(preferencelist=("plain",)).get_content()
    html = lead_a.get_body(preferencelist=("html",)).get_content()
    for name in ("late9", "late3", "today", "soon"):
        assert f"Nhiệm vụ {name}" in text
    assert "Nhiệm vụ quiet" not in text
    assert "9 ngày quá hạn" in text and "https://cchc.example.vn/tasks/" in text
    assert "Quá hạn" in html and "&lt;" not in html.split("<body")[0]
    # The cooperating unit hears on the due date only; the office only of the escalated one.
    assert "Nhiệm vụ today" in mails["lead.b@example.vn"].get_body(("plain",)).get_content()
    assert "due today" in mails["lead.b@example.vn"]["Subject"]  # English for this user
    office_text = mails["vp@example.vn"].get_body(("plain",)).get_content()
    assert "Nhiệm vụ late9" in office_text and "Nhiệm vụ late3" not in office_text


def test_a_sweep_run_twice_or_twice_at_once_sends_each_reminder_once(
    rapp, smtp, office_world, celery_worker
):
    _controller, recorder = smtp
    assert run_tracker(rapp, "remind", "--as-of", ISO, "--no-invites").returncode == 0
    threads = [
        threading.Thread(target=run_tracker, args=(rapp, "remind", "--as-of", ISO, "--no-invites"))
        for _ in range(2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wait_until(settled(rapp, 4))
    wait_until(lambda: len(recorder.received) >= 4)
    import time

    time.sleep(2)  # anything doubled would arrive now
    assert sorted(recorder.by_message_id().values()) == [1, 1, 1, 1]


def test_temporary_smtp_failures_are_retried_and_delivered_once(
    rapp, smtp, office_world, celery_worker
):
    _controller, recorder = smtp
    recorder.behaviour.temporary_failures = 3
    assert run_tracker(rapp, "remind", "--as-of", ISO, "--no-invites").returncode == 0
    wait_until(settled(rapp, 4), timeout=90)
    assert statuses(rapp) == {"sent": 4}
    assert sorted(recorder.by_message_id().values()) == [1, 1, 1, 1]

    from tracker.extensions import db
    from tracker.reminders.models import ReminderDelivery

    with rapp.app_context():
        attempts = sorted(db.session.scalars(select(ReminderDelivery.attempts)))
    assert sum(attempts) == 4 + 3


def test_a_permanent_refusal_fails_that_message_only(rapp, smtp, office_world, celery_worker):
    _controller, recorder = smtp
    recorder.behaviour.reject = {"cv.a@example.vn"}
    assert run_tracker(rapp, "remind", "--as-of", ISO, "--no-invites").returncode == 0
    wait_until(settled(rapp, 4))
    assert statuses(rapp) == {"sent": 3, "failed": 1}
    assert "cv.a@example.vn" not in digests_by_recipient(recorder)

    from tracker.extensions import db
    from tracker.reminders.models import ReminderDelivery

    with rapp.app_context():
        failed = db.session.scalar(
            select(ReminderDelivery).where(ReminderDelivery.status == "failed")
        )
        assert failed.recipient_email == "cv.a@example.vn"
        assert failed.attempts == 1 and "550" in failed.last_error


def test_calendar_invites_parse_and_carry_method_uid_sequence(rapp, smtp, office_world):
    from tracker.accounts.models import User
    from tracker.assignments.changes import cancel_assignment, change_due_date
    from tracker.assignments.models import Assignment
    from tracker.core.timeutil import local_today
    from tracker.extensions import db
    from tracker.plans.models import Plan
    from tracker.plans.services import TaskInput, create_task

    _controller, recorder = smtp
    with rapp.test_request_context():
        office = db.session.get(User, office_world["people"]["office"])
        plan = db.session.query(Plan).filter_by(code="KH-TEST").one()
        due = local_today() + timedelta(days=30)
        task = create_task(
            office,
            plan,
            TaskInput(number="9", title="Họp giao ban; “CCHC”", lead_units=["SB"], due_date=due),
        )
        assignment_id = task.assignments[0].id
    result = run_tracker(rapp, "remind", "--as-of", ISO, "--sync")
    assert result.returncode == 0, result.stderr
    invites = [
        r
        for r in recorder.received
        if r.message.get_content_type() == "multipart/mixed"
        and "invite" in r.message_id
        and f"-{assignment_id}-" in r.message_id
    ]
    assert len(invites) == 1
    message = invites[0].message
    alternative = next(
        p for p in message.iter_parts() if p.get_content_type() == "multipart/alternative"
    )
    kinds = [p.get_content_type() for p in alternative.iter_parts()]
    assert kinds == ["text/plain", "text/html", "text/calendar"]
    calendar_part = list(alternative.iter_parts())[2]
    assert calendar_part.get_param("method") == "REQUEST"
    attachment = next(p for p in message.iter_attachments())
    assert attachment.get_filename() == "invite.ics"
    first = Calendar.from_ical(calendar_part.get_content())
    assert first["METHOD"] == "REQUEST"
    event = first.walk("VEVENT")[0]
    assert event["UID"] == f"invite-assignment-{assignment_id}@cchc.example.vn"
    assert event["SEQUENCE"] == 0
    assert event.decoded("DTSTART") == due
    assert str(event["ORGANIZER"]).startswith("mailto:")
    assert str(event["ATTENDEE"]) == "mailto:lead.b@example.vn"

    with rapp.test_request_context():
        office = db.session.get(User, office_world["people"]["office"])
        assignment = db.session.get(Assignment, assignment_id)
        change_due_date(office, assignment, due + timedelta(days=7), "Lùi họp")
        assignment = db.session.get(Assignment, assignment_id)
        cancel_assignment(office, assignment, "Không họp nữa")
    assert run_tracker(rapp, "remind", "--as-of", ISO, "--sync").returncode == 0
    later = [r.message for r in recorder.received if f"-{assignment_id}-" in r.message_id]
    calendars = [
        Calendar.from_ical(next(p for p in m.iter_attachments()).get_content()) for m in later
    ]
    methods = [(c["METHOD"], c.walk("VEVENT")[0]["SEQUENCE"]) for c in calendars]
    assert methods == [("REQUEST", 0), ("CANCEL", 2)] or methods == [
        ("REQUEST", 0),
        ("REQUEST", 1),
        ("CANCEL", 2),
    ]
    cancel = calendars[-1].walk("VEVENT")[0]
    assert cancel["STATUS"] == "CANCELLED"
    assert cancel["UID"] == f"invite-assignment-{assignment_id}@cchc.example.vn"
