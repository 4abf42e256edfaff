"""The mails as people get them, through a real SMTP server: a đôn đốc comes from the office with
one clean sender name and its sender to reply to, lists what the office chose, and every mail
reads in Vietnamese (with its diacritics) unless its reader chose English."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

from babel.messages.extract import extract_from_dir

from tests.reminders.conftest import AS_OF
from tests.support import ROOT

OFFICE_NAME = "Nguyễn Thị Hương (Văn phòng UBND tỉnh)"  # as the demo names the office's user


def add_task(office, number: str, title: str, lead: str, due, assigned_on=None) -> int:
    """A task of KH-TEST led by `lead`; the id of its lead assignment."""
    from tracker.extensions import db
    from tracker.plans.models import Plan
    from tracker.plans.services import TaskInput, create_task

    plan = db.session.query(Plan).filter_by(code="KH-TEST").one()
    given = TaskInput(number=number, title=title, lead_units=[lead], due_date=due)
    if assigned_on is not None:
        given.assigned_on, given.assigned_on_reason = assigned_on, "Giao theo kế hoạch"
    return create_task(office, plan, given).assignments[0].id


def plain_text(message) -> str:
    return message.get_body(("plain",)).get_content().replace("\r\n", "\n")


def send_adhoc(app, unit_code: str, note: str, **scope) -> list[int]:
    from tracker.accounts.models import User
    from tracker.extensions import db
    from tracker.reminders.adhoc import AdhocScope, send_adhoc
    from tracker.reminders.delivery import _drop_connection, deliver
    from tracker.units.services import get_unit

    with app.test_request_context():
        office = db.session.query(User).filter_by(email="vp@example.vn").one()
        _adhoc, ids = send_adhoc(office, get_unit(unit_code), note, AdhocScope(**scope))
        outcomes = [deliver(i).status for i in ids]
        _drop_connection()  # the process keeps its SMTP connection; the test server stops
    assert outcomes == ["sent"] * len(ids)
    return ids


def test_a_reminder_comes_from_the_office_once_named_and_lists_what_was_chosen(
    rapp, smtp, office_world
):
    from tracker.accounts.models import User
    from tracker.core.timeutil import local_today
    from tracker.extensions import db

    _controller, recorder = smtp
    with rapp.test_request_context():
        today = local_today()
        office = db.session.query(User).filter_by(email="vp@example.vn").one()
        office.full_name = OFFICE_NAME
        db.session.commit()
        add_task(office, "10", "Nhiệm vụ đôn đốc – “khẩn”", "SA", today - timedelta(days=1980))
        add_task(office, "11", "Nhiệm vụ chưa đến hạn", "SA", today + timedelta(days=40))
        add_task(office, "12", "Báo cáo tuần", "SB", today - timedelta(days=2))

    send_adhoc(rapp, "SA", "Đề nghị hoàn thành\ntrước ngày 15.", as_of=today, plan="KH-TEST")
    mails = {r.recipients[0]: r.message for r in recorder.received}
    assert set(mails) == {"lead.a@example.vn", "cv.a@example.vn"}  # not the disabled account
    mail = mails["lead.a@example.vn"]
    sender = mail["From"].addresses[0]
    assert sender.display_name == "Văn phòng UBND tỉnh"
    assert sender.addr_spec == rapp.config["MAIL_DEFAULT_SENDER"]
    reply_to = mail["Reply-To"].addresses[0]
    assert (reply_to.display_name, reply_to.addr_spec) == (OFFICE_NAME, "vp@example.vn")
    assert mail["Subject"].startswith("[CCHC] Văn phòng UBND tỉnh đôn đốc: ")
    text = plain_text(mail)
    html = mail.get_body(("html",)).get_content()
    assert text.startswith("Kính gửi Lãnh đạo A,")
    assert (
        "Văn phòng UBND tỉnh đôn đốc đơn vị thực hiện các nhiệm vụ dưới đây, đã quá hạn hoặc "
        "sắp đến hạn." in text
    )
    assert "Kế hoạch KH-TEST" in text
    assert "Lời nhắn của Văn phòng:\nĐề nghị hoàn thành\ntrước ngày 15." in text
    assert "Nhiệm vụ đôn đốc – “khẩn”" in text and "1.980 ngày quá hạn" in text
    assert "Nhiệm vụ chưa đến hạn" not in text and "Báo cáo tuần" not in text
    assert f"Người gửi: {OFFICE_NAME}" in text
    assert "(Nguyễn Thị Hương (" not in text + html  # the sender's name once, not nested
    assert "Nhiệm vụ đôn đốc – “khẩn”" in html and "1.980 ngày quá hạn" in html

    # The unit's reader who chose English reads it in English.
    recorder.received.clear()
    send_adhoc(rapp, "SB", "", as_of=today)
    english = recorder.received[0].message
    assert recorder.received[0].recipients == ["lead.b@example.vn"]
    assert english["Subject"] == "[CCHC] Reminder from the provincial office: 1 tasks"
    body = plain_text(english)
    assert body.startswith("Dear Lãnh đạo B,")
    assert "The provincial office reminds your unit of the tasks below" in body
    assert "Báo cáo tuần" in body and "2 days late" in body
    assert "Kính gửi" not in body and "quá hạn" not in body


def test_a_reminder_of_a_past_day_lists_what_was_late_then_as_it_stands_today(
    rapp, smtp, office_world
):
    from tracker.accounts.models import User
    from tracker.core.timeutil import local_today
    from tracker.extensions import db
    from tracker.reminders.models import ReminderDelivery

    _controller, recorder = smtp
    with rapp.test_request_context():
        today = local_today()
        then = today - timedelta(days=20)
        office = db.session.query(User).filter_by(email="vp@example.vn").one()
        given = today - timedelta(days=40)
        late = add_task(office, "20", "Late then", "SA", today - timedelta(days=30), given)
        add_task(office, "21", "On track then", "SA", today - timedelta(days=5), given)
    ids = send_adhoc(rapp, "SA", "", as_of=then, plan="KH-TEST")
    with rapp.app_context():
        delivery = db.session.get(ReminderDelivery, ids[0])
        assert delivery.assignment_ids == [late]
        assert delivery.payload["scope"] == {"plan": "KH-TEST", "as_of": then.isoformat()}
    text = plain_text(recorder.received[0].message)
    assert f"đã quá hạn hoặc sắp đến hạn tính đến ngày {then:%d/%m/%Y}." in text
    assert f"Tình trạng các nhiệm vụ được nêu tính đến ngày {today:%d/%m/%Y}." in text
    assert "Late then" in text and "30 ngày quá hạn" in text and "On track then" not in text


def english_sentences_of_the_mails() -> set[str]:
    """The sentences the mail templates put into words (those of more than two words)."""
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        Path(ROOT) / "templates" / "emails",
        method_map=[("**.html", "jinja2"), ("**.txt", "jinja2")],
    ):
        text = message if isinstance(message, str) else message[0]
        fixed = re.split(r"%\(\w+\)[sd]", text)
        found.update(part.strip() for part in fixed if len(part.split()) > 2)
    return found


def test_every_mail_is_vietnamese_by_default_and_english_when_chosen(rapp, smtp, office_world):
    from tracker.accounts.models import User
    from tracker.core.timeutil import local_today
    from tracker.extensions import db
    from tracker.reminders.adhoc import AdhocScope, send_adhoc
    from tracker.reminders.messages import build_message
    from tracker.reminders.models import ReminderDelivery
    from tracker.reminders.services import invite_sweep, sweep
    from tracker.units.services import get_unit

    english_sentences = english_sentences_of_the_mails()
    assert "These tasks of your unit need attention:" in english_sentences
    with rapp.test_request_context():
        today = local_today()
        office = db.session.query(User).filter_by(email="vp@example.vn").one()
        add_task(office, "30", "Việc của Sở A", "SA", today - timedelta(days=1))
        add_task(office, "31", "Việc của Sở B", "SB", today - timedelta(days=1))
        add_task(office, "32", "Việc sắp tới", "SB", today + timedelta(days=30))
        sweep(AS_OF)
        invite_sweep()
        for code in ("SA", "SB"):
            send_adhoc(office, get_unit(code), "Ghi chú", AdhocScope(today))
        deliveries = list(
            db.session.query(ReminderDelivery).filter(
                ReminderDelivery.kind.in_(("digest", "invite", "adhoc"))
            )
        )
        read = set()
        for delivery in deliveries:
            message = build_message(delivery)
            parts = [
                p for p in message.walk() if p.get_content_type() in ("text/plain", "text/html")
            ]
            text = "\n".join(p.get_payload(decode=True).decode("utf-8") for p in parts)
            read.add((delivery.kind, delivery.recipient.locale))
            if delivery.recipient.locale == "en":
                assert "Dear " in text and "Kính gửi" not in text, delivery.kind
                continue
            assert "Kính gửi" in text and "Dear " not in text, delivery.kind
            left = [s for s in english_sentences if s in text]
            assert left == [], (delivery.kind, left)
    assert read == {
        (kind, locale) for kind in ("digest", "invite", "adhoc") for locale in ("vi", "en")
    }
