"""The mails of one-time links, through a real Celery worker (`celery -A worker worker`) on Redis
to a real SMTP server (aiosmtpd): an invitation is delivered once however often the jobs run,
in the person's language, and the link it carries opens the page where the password is chosen;
a link that died before its mail left (replaced by a newer one) is not sent."""

from __future__ import annotations

import os
import re

import pytest
from sqlalchemy import select

from tests.conftest import csrf_from, recreate_database, scratch_database_name
from tests.reminders.conftest import Worker, reminder_app, wait_until
from tests.reminders.smtp import start_server
from tests.support import require_redis
from tracker.accounts.links import issue_link
from tracker.accounts.models import AccountLink, User
from tracker.accounts.passwords import hash_password, verify_password
from tracker.core.timeutil import format_datetime
from tracker.extensions import db
from tracker.people.services import create_person
from tracker.reminders.models import ReminderDelivery
from tracker.units.models import Unit

BROKER = os.environ.get("TEST_ACCOUNT_MAILS_REDIS_URL", "redis://127.0.0.1:6379/12")
DISPATCHED = re.compile(r"Task worker\.jobs\.dispatch_pending\[[^\]]+\] succeeded")
LINK = re.compile(r"https://cchc\.example\.vn(/(?:set-password|password-reset)/[A-Za-z0-9_-]+)")
CHOSEN = "cát trắng Cửa Tùng buổi sớm"


@pytest.fixture(scope="module")
def mails_database_uri() -> str:
    return recreate_database(scratch_database_name("_account_mails"))


@pytest.fixture
def smtp():
    controller, recorder = start_server()
    yield controller, recorder
    controller.stop()


@pytest.fixture
def mapp(mails_database_uri, smtp, tmp_path):
    controller, _recorder = smtp
    with reminder_app(mails_database_uri, BROKER, controller.port, tmp_path) as app:
        yield app


@pytest.fixture
def worker(mapp, tmp_path):
    require_redis(BROKER).flushdb()
    started = Worker(mapp, tmp_path / "worker.log")
    started.env["REDIS_URL"] = BROKER
    started.start()
    yield started
    started.stop()


def deliveries(app) -> list[ReminderDelivery]:
    with app.app_context():
        rows = list(db.session.scalars(select(ReminderDelivery).order_by(ReminderDelivery.id)))
        db.session.expunge_all()
        db.session.rollback()
    return rows


def build_world(app) -> dict:
    """The office invites a unit's staff member (Vietnamese); an English-speaking viewer asks
    for a reset twice, so that the first link is void before its mail leaves."""
    with app.test_request_context():
        unit = Unit(code="SNV", name="Sở Nội vụ", short_name="Sở Nội vụ", kind="department")
        unit.aliases = []
        office = User(
            email="vp@quangtri.gov.vn",
            full_name="Nguyễn Thị Hương",
            role="office",
            password_hash=hash_password("mật khẩu của văn phòng"),
        )
        reader = User(
            email="reader@quangtri.gov.vn",
            full_name="Jane Reader",
            role="viewer",
            locale="en",
            password_hash=hash_password("the reader's old password"),
        )
        db.session.add_all([unit, office, reader])
        db.session.commit()
        invited = create_person(
            office,
            email="le.lan@quangtri.gov.vn",
            full_name="Lê Thị Lan",
            role="unit_member",
            unit=unit,
            position="Chuyên viên",
        )
        db.session.commit()
        first = issue_link(reader, "reset")
        db.session.commit()
        second = issue_link(reader, "reset")
        db.session.commit()
        invite = db.session.scalar(select(AccountLink).where(AccountLink.user_id == invited.id))
        return {
            "invited": invited.id,
            "reader": reader.id,
            "invite_until": format_datetime(invite.expires_at),
            "dead": first.id,
            "reset": second.id,
        }


def run_jobs_twice(app, planned) -> None:
    celery = app.extensions["celery"]
    for _ in range(2):  # two dispatcher passes at once, and each message queued twice more
        celery.send_task("worker.jobs.dispatch_pending")
    for delivery in planned:
        for _ in range(2):
            celery.send_task("worker.jobs.send_delivery", args=[delivery.id])


def test_each_link_is_mailed_once_and_opens_its_page(mapp, smtp, worker):
    _controller, recorder = smtp
    world = build_world(mapp)
    planned = deliveries(mapp)
    assert [(d.kind, d.recipient_email, d.payload["purpose"]) for d in planned] == [
        ("account", "le.lan@quangtri.gov.vn", "invite"),
        ("account", "reader@quangtri.gov.vn", "reset"),
        ("account", "reader@quangtri.gov.vn", "reset"),
    ]
    run_jobs_twice(mapp, planned)
    wait_until(lambda: all(d.status != "pending" for d in deliveries(mapp)), timeout=90)
    mapp.extensions["celery"].send_task("worker.jobs.dispatch_pending")  # nothing left after
    wait_until(lambda: len(DISPATCHED.findall(worker.log_path.read_text())) == 3, timeout=30)

    by_link = {d.payload["link_id"]: d for d in deliveries(mapp)}
    dead = by_link[world["dead"]]
    assert (dead.status, dead.attempts) == ("failed", 1)
    assert "newer link replaced" in dead.last_error
    assert {(by_link[i].status, by_link[i].attempts) for i in by_link if i != world["dead"]} == {
        ("sent", 1)
    }
    assert sorted(recorder.by_message_id().values()) == [1, 1]

    received = {item.message["To"]: item.message for item in recorder.received}
    invitation = received["Lê Thị Lan <le.lan@quangtri.gov.vn>"]
    assert invitation["Subject"] == "Lời mời sử dụng hệ thống theo dõi CCHC"
    text = invitation.get_body(preferencelist=("plain",)).get_content()
    assert "Kính gửi Lê Thị Lan," in text
    assert (
        "Nguyễn Thị Hương mời bạn sử dụng hệ thống theo dõi nhiệm vụ cải cách hành chính của "
        "tỉnh Quảng Trị, với vai trò Chuyên viên của Sở Nội vụ." in text
    )
    assert f"có hiệu lực đến {world['invite_until']} và chỉ dùng được một lần" in text
    assert re.search(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}", world["invite_until"])
    html = invitation.get_body(preferencelist=("html",)).get_content()
    assert "Chọn mật khẩu của tôi" in html
    [path] = set(LINK.findall(text))
    assert path in html and path.startswith("/set-password/")

    reset = received["Jane Reader <reader@quangtri.gov.vn>"]
    assert reset["Subject"] == "Reset your password for the administrative reform tracker"
    reset_text = reset.get_body(preferencelist=("plain",)).get_content()
    assert "If you did not ask for this, ignore this message" in reset_text
    [reset_path] = set(LINK.findall(reset_text))
    assert reset_path.startswith("/password-reset/")

    # The link in the mail opens the page, and the password chosen there signs the person in.
    client = mapp.test_client()
    page = client.get(path)
    assert page.status_code == 200 and "Lê Thị Lan" in page.get_data(as_text=True)
    chosen = client.post(
        path, data={"password": CHOSEN, "confirm": CHOSEN, "csrf_token": csrf_from(client, path)}
    )
    assert chosen.status_code == 302
    signed_in = client.post(
        "/login",
        data={
            "email": "le.lan@quangtri.gov.vn",
            "password": CHOSEN,
            "csrf_token": csrf_from(client, "/login"),
        },
    )
    assert signed_in.status_code == 302 and "/login" not in signed_in.headers["Location"]
    assert client.get(path).status_code == 410  # once
    other = mapp.test_client()
    assert other.get(reset_path).status_code == 200
    with mapp.app_context():
        assert verify_password(db.session.get(User, world["invited"]).password_hash, CHOSEN)


def test_a_mail_whose_link_was_used_is_not_sent(mapp, smtp):
    """Without a worker: deliver() itself, as the worker calls it."""
    from tracker.reminders.delivery import deliver

    _controller, recorder = smtp
    world = build_world(mapp)
    with mapp.app_context():
        link = db.session.get(AccountLink, world["reset"])
        link.used_at = link.created_at
        db.session.commit()
        delivery_id = db.session.scalar(
            select(ReminderDelivery.id).where(
                ReminderDelivery.dedupe_key == f"account:reset:{world['reset']}"
            )
        )
        outcome = deliver(delivery_id)
    assert outcome.status == "failed" and "used" in outcome.error
    assert recorder.received == []
