"""The issue's check of bulk onboarding, end to end on committed data: a file of 300 people with
one bad row writes nothing and sends nothing; the file corrected makes 300 accounts and 300
invitations, each delivered exactly once by a real Celery worker (`celery -A worker worker`) on
Redis to a real SMTP server (aiosmtpd), however often the jobs run; the same file uploaded again
changes nothing and sends nothing."""

from __future__ import annotations

import os
import re
from collections import Counter

import pytest
from sqlalchemy import func, select

from tests.conftest import recreate_database, scratch_database_name
from tests.imports_support import load_units
from tests.people_support import people_rows, people_xlsx
from tests.reminders.conftest import Worker, reminder_app, wait_until
from tests.reminders.smtp import start_server
from tests.support import require_redis
from tracker.accounts.models import AccountLink, User
from tracker.accounts.passwords import hash_password
from tracker.extensions import db
from tracker.people.onboarding import import_people
from tracker.reminders.models import ReminderDelivery

BROKER = os.environ.get("TEST_ONBOARDING_REDIS_URL", "redis://127.0.0.1:6379/9")
DISPATCHED = re.compile(r"Task worker\.jobs\.dispatch_pending\[[^\]]+\] succeeded")
LINK = re.compile(r"https://cchc\.example\.vn/set-password/[A-Za-z0-9_-]{20,}")
PEOPLE = 300
# Units written as offices write them: a name, a code, a short name, an alias.
UNITS = ("Sở Nội vụ", "STP", "Sở Tài chính", "Sở Y tế", "Sở GD&ĐT", "TP Đông Hà")


@pytest.fixture(scope="module")
def onboarding_database_uri() -> str:
    return recreate_database(scratch_database_name("_onboarding_mail"))


@pytest.fixture
def smtp():
    controller, recorder = start_server()
    yield controller, recorder
    controller.stop()


@pytest.fixture
def oapp(onboarding_database_uri, smtp, tmp_path):
    controller, _recorder = smtp
    with reminder_app(onboarding_database_uri, BROKER, controller.port, tmp_path) as app:
        yield app


@pytest.fixture
def worker(oapp, tmp_path):
    require_redis(BROKER).flushdb()
    started = Worker(oapp, tmp_path / "worker.log")
    started.env["REDIS_URL"] = BROKER
    started.start()
    yield started
    started.stop()


def the_file(bad_row: bool) -> bytes:
    """300 people of six units, 50 each: every unit's lead and its staff."""
    rows = []
    for n, code in enumerate(UNITS):
        rows += people_rows(PEOPLE // len(UNITS), unit=code, start=1 + n * 50)
    if bad_row:
        rows[149][2] = "Sở Nội Vụu"  # row 153: a title, an empty row and the header above
    return people_xlsx(rows, title="DANH SÁCH CÁN BỘ, CÔNG CHỨC SỬ DỤNG PHẦN MỀM")


def counts(app) -> dict[str, int]:
    with app.app_context():
        found = {
            model.__name__: db.session.scalar(select(func.count()).select_from(model))
            for model in (User, AccountLink, ReminderDelivery)
        }
        db.session.rollback()
    return found


def deliveries(app) -> list[ReminderDelivery]:
    with app.app_context():
        rows = list(db.session.scalars(select(ReminderDelivery).order_by(ReminderDelivery.id)))
        db.session.expunge_all()
        db.session.rollback()
    return rows


def upload(app, data: bytes):
    """The office imports the file, as the import page's confirmation does."""
    with app.test_request_context():
        office = db.session.scalar(select(User).where(User.role == "office"))
        result = import_people(office, data, "danh-sach-can-bo.xlsx")
        return result.status, [str(problem) for problem in result.problems], result.as_dict()


def test_300_people_one_bad_row_then_fixed_each_invited_exactly_once(oapp, smtp, worker):
    _controller, recorder = smtp
    with oapp.app_context():
        load_units(db.session)
        db.session.add(
            User(
                email="vanphong@quangtri.gov.vn",
                full_name="Nguyễn Thị Hương",
                role="office",
                password_hash=hash_password("mật khẩu của văn phòng tỉnh"),
            )
        )
        db.session.commit()
    before = counts(oapp)

    status, problems, _ = upload(oapp, the_file(bad_row=True))
    assert status == "problems"
    assert problems == ["Dòng 153, cột C: Không có đơn vị “Sở Nội Vụu”; có phải “Sở Nội vụ”?"]
    assert counts(oapp) == before  # nothing written: no account, no link, no mail

    status, problems, report = upload(oapp, the_file(bad_row=False))
    assert (status, problems) == ("imported", [])
    assert (report["created"], report["updated"], report["unchanged"]) == (PEOPLE, 0, 0)
    after = counts(oapp)
    assert {name: after[name] - before[name] for name in after} == {
        "User": PEOPLE,
        "AccountLink": PEOPLE,
        "ReminderDelivery": PEOPLE,
    }
    planned = deliveries(oapp)
    assert {(d.kind, d.status) for d in planned} == {("account", "pending")}

    # The import asked the dispatcher to send them after its commit; two more dispatcher passes
    # at once (two beats) and each message queued once more must not send any twice.
    celery = oapp.extensions["celery"]
    for _ in range(2):
        celery.send_task("worker.jobs.dispatch_pending")
    for delivery in planned:
        celery.send_task("worker.jobs.send_delivery", args=[delivery.id])
    try:
        wait_until(lambda: all(d.status == "sent" for d in deliveries(oapp)), timeout=240)
    except AssertionError:
        states = Counter((d.status, d.attempts, d.last_error) for d in deliveries(oapp))
        raise AssertionError(f"{states}\n{worker.log_path.read_text()[-6000:]}") from None
    celery.send_task("worker.jobs.dispatch_pending")  # and once more after: nothing is left
    wait_until(lambda: len(DISPATCHED.findall(worker.log_path.read_text())) == 4, timeout=60)

    assert len(recorder.received) == PEOPLE
    assert set(recorder.by_message_id().values()) == {1}
    assert {d.message_id for d in planned} == set(recorder.by_message_id())
    assert {(d.status, d.attempts) for d in deliveries(oapp)} == {("sent", 1)}
    recipients = sorted(r for item in recorder.received for r in item.recipients)
    assert recipients == sorted(f"nguoi{i}@quangtri.gov.vn" for i in range(1, PEOPLE + 1))
    links = set()
    for item in recorder.received:
        text = item.message.get_body(preferencelist=("plain",)).get_content()
        (link,) = LINK.findall(text)
        links.add(link)
    assert len(links) == PEOPLE  # one link of its own each
    first = next(i for i in recorder.received if i.recipients == ["nguoi1@quangtri.gov.vn"])
    assert first.message["To"] == "Nguyễn Văn Thử 1 <nguoi1@quangtri.gov.vn>"
    assert "Nguyễn Thị Hương" in first.message.get_body(preferencelist=("plain",)).get_content()

    # The same file again: every person unchanged, nothing written, nothing sent.
    settled = counts(oapp)
    status, problems, report = upload(oapp, the_file(bad_row=False))
    assert (status, report["unchanged"], report["created"]) == ("unchanged", PEOPLE, 0)
    assert counts(oapp) == settled
    celery.send_task("worker.jobs.dispatch_pending")
    wait_until(lambda: len(DISPATCHED.findall(worker.log_path.read_text())) == 5, timeout=60)
    assert len(recorder.received) == PEOPLE
