"""Checkpoints through the real sweep, SMTP and (for the run twice) a Celery worker: each open
checkpoint reminded once in its unit's digest, named with its period; a calendar invite per
checkpoint with a UID of its own."""

from __future__ import annotations

import time
from datetime import timedelta

from icalendar import Calendar

from tests.conftest import local_today
from tests.reminders.conftest import AS_OF, run_tracker, wait_until
from tests.reminders.test_reminders_delivery import settled

ISO = AS_OF.isoformat()


def checkpoints(app, office_id, dues: dict[str, object], recurrence="monthly") -> dict[str, int]:
    from tests.checkpoints_support import make_checkpoints, recurring_task
    from tracker.accounts.models import User
    from tracker.extensions import db
    from tracker.plans.models import Plan
    from tracker.units.models import Unit

    with app.test_request_context():
        office = db.session.get(User, office_id)
        plan = db.session.query(Plan).filter_by(code="KH-TEST").one()
        unit = db.session.query(Unit).filter_by(code="SA").one()
        task = recurring_task(plan, number="II.3", title="Báo cáo tháng", recurrence=recurrence)
        made = make_checkpoints(office, task, unit, list(dues), due_of=lambda p: dues[p.code])
        return {a.period: a.id for a in made}


def test_each_open_checkpoint_is_reminded_once_with_its_period(
    rapp, smtp, office_world, celery_worker
):
    _controller, recorder = smtp
    ids = checkpoints(
        rapp,
        office_world["people"]["office"],
        {
            "2026-11": AS_OF - timedelta(days=3),  # 3 days late: reminded
            "2026-12": AS_OF + timedelta(days=7),  # 7 days ahead: reminded
            "2027-01": AS_OF + timedelta(days=60),  # not yet
        },
    )
    for _ in range(2):  # a sweep run twice reminds once
        result = run_tracker(rapp, "remind", "--as-of", ISO, "--no-invites")
        assert result.returncode == 0, result.stderr
    wait_until(settled(rapp, 4))
    time.sleep(2)  # anything doubled would arrive now
    assert sorted(recorder.by_message_id().values()) == [1, 1, 1, 1]
    lead_a = next(r.message for r in recorder.received if r.recipients[0] == "lead.a@example.vn")
    text = lead_a.get_body(preferencelist=("plain",)).get_content()
    html = lead_a.get_body(preferencelist=("html",)).get_content()
    for label in ("Tháng 11/2026", "Tháng 12/2026"):
        assert text.count(f"KH-TEST · II.3 · {label}. Báo cáo tháng") == 1
        assert f"KH-TEST · II.3 · {label}" in html
    assert "Tháng 1/2027" not in text
    for code in ("2026-11", "2026-12"):
        assert f"#a{ids[code]}" in text


def test_a_calendar_invite_per_checkpoint_with_its_own_uid_and_period(rapp, smtp, office_world):
    _controller, recorder = smtp
    today = local_today()
    ids = checkpoints(
        rapp,
        office_world["people"]["office"],
        {"2030-Q1": today + timedelta(days=30), "2030-Q2": today + timedelta(days=60)},
        recurrence="quarterly",
    )
    assert run_tracker(rapp, "remind", "--as-of", ISO, "--sync").returncode == 0
    assert run_tracker(rapp, "remind", "--as-of", ISO, "--sync").returncode == 0
    invites = {}
    for received in recorder.received:
        if received.recipients[0] != "lead.a@example.vn" or "invite" not in received.message_id:
            continue
        for code, assignment_id in ids.items():
            if f"-{assignment_id}-" in received.message_id:
                invites.setdefault(code, []).append(received.message)
    assert sorted(invites) == ["2030-Q1", "2030-Q2"]
    assert all(len(messages) == 1 for messages in invites.values())  # the second run: none
    uids = set()
    for code, label in (("2030-Q1", "Quý I/2030"), ("2030-Q2", "Quý II/2030")):
        message = invites[code][0]
        assert f"II.3 · {label}" in str(message["Subject"])
        attachment = next(p for p in message.iter_attachments())
        event = Calendar.from_ical(attachment.get_content()).walk("VEVENT")[0]
        assert str(event["SUMMARY"]) == f"[CCHC] II.3 · {label}. Báo cáo tháng"
        uids.add(str(event["UID"]))
    assert uids == {f"invite-assignment-{i}@cchc.example.vn" for i in ids.values()}
