"""A unit's notices by mail, through a real Celery worker (`celery -A worker worker`) on Redis to
a real SMTP server (aiosmtpd): the rows a change wrote in its transaction are sent after the
commit, each once, however many times the jobs run; a rolled-back change sends nothing."""

from __future__ import annotations

import os
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.conftest import local_today, recreate_database, scratch_database_name
from tests.reminders.conftest import Worker, reminder_app, wait_until
from tests.reminders.smtp import start_server
from tests.support import require_redis
from tracker.accounts.models import User
from tracker.accounts.passwords import hash_password
from tracker.assignments.workflow import Evidence, confirm_completion, report_progress
from tracker.extensions import db
from tracker.plans.models import Plan
from tracker.plans.services import TaskInput, create_task
from tracker.reminders.models import ReminderDelivery
from tracker.units.models import Unit

DISPATCHED = re.compile(r"Task worker\.jobs\.dispatch_pending\[[^\]]+\] succeeded")
BROKER = os.environ.get("TEST_NOTICES_REDIS_URL", "redis://127.0.0.1:6379/12")


@pytest.fixture(scope="module")
def notices_database_uri() -> str:
    return recreate_database(scratch_database_name("_notices"))


@pytest.fixture
def smtp():
    controller, recorder = start_server()
    yield controller, recorder
    controller.stop()


@pytest.fixture
def napp(notices_database_uri, smtp, tmp_path):
    controller, _recorder = smtp
    with reminder_app(
        notices_database_uri, BROKER, controller.port, tmp_path, NOTICE_MAILS=True
    ) as app:
        yield app


@pytest.fixture
def worker(napp, tmp_path):
    require_redis(BROKER).flushdb()
    started = Worker(napp, tmp_path / "worker.log")
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


def build_world(app) -> dict[str, int]:
    with app.test_request_context():
        unit = Unit(code="SNV", name="Sở Nội vụ", short_name="Sở Nội vụ", kind="department")
        unit.aliases = []
        hashed = hash_password("mat-khau-thu-2026")
        people = {
            "office": User(email="vp@example.vn", full_name="Nguyễn Thị Hương", role="office"),
            "lead": User(
                email="lead@example.vn", full_name="Trần Văn Minh", role="unit_lead", unit=unit
            ),
            "member": User(
                email="cv@example.vn",
                full_name="Lê Thị Lan",
                role="unit_member",
                unit=unit,
                locale="en",
            ),
        }
        for person in people.values():
            person.password_hash = hashed
        plan = Plan(code="5959/QĐ-UBND", title="Kế hoạch CCHC", year=2026)
        db.session.add_all([unit, plan, *people.values()])
        db.session.commit()
        # Not committed: a change rolled back after it told the unit leaves no trace.
        create_task(
            people["office"],
            plan,
            TaskInput(number="I.9", title="Việc bỏ dở", lead_units=["SNV"]),
            commit=False,
        )
        db.session.rollback()
        task = create_task(
            people["office"],
            plan,
            TaskInput(
                number="II.3",
                title="Rà soát thủ tục hành chính",
                lead_units=["SNV"],
                due_date=local_today() + timedelta(days=30),
            ),
        )
        assignment = task.assignments[0]
        report_progress(
            people["lead"],
            assignment,
            version=assignment.version,
            state="done",
            progress=100,
            evidence=Evidence(document_number="12/BC-SNV"),
        )
        confirm_completion(
            people["office"],
            assignment,
            accept=False,
            note="Thiếu phụ lục số liệu",
            version=assignment.version,
        )
        return {"task": task.id, "assignment": assignment.id}


def test_each_notice_is_mailed_once_however_often_the_jobs_run(napp, smtp, worker):
    _controller, recorder = smtp
    world = build_world(napp)
    planned = deliveries(napp)
    # The task given, then its completion sent back: each to the unit's lead and member (the
    # office, who acted, is not told); the task rolled back is told to nobody.
    assert [(d.kind, d.recipient_email, d.status) for d in planned] == [
        ("notice", "lead@example.vn", "pending"),
        ("notice", "cv@example.vn", "pending"),
        ("notice", "lead@example.vn", "pending"),
        ("notice", "cv@example.vn", "pending"),
    ]
    celery = napp.extensions["celery"]
    # Two dispatcher passes at once (two beats), and each message queued twice more.
    for _ in range(2):
        celery.send_task("worker.jobs.dispatch_pending")
    for delivery in planned:
        for _ in range(2):
            celery.send_task("worker.jobs.send_delivery", args=[delivery.id])
    wait_until(lambda: all(d.status == "sent" for d in deliveries(napp)), timeout=90)
    celery.send_task("worker.jobs.dispatch_pending")  # and once more after: nothing is left
    wait_until(lambda: len(DISPATCHED.findall(worker.log_path.read_text())) == 3, timeout=30)
    assert sorted(recorder.by_message_id().values()) == [1, 1, 1, 1]
    assert {(d.status, d.attempts) for d in deliveries(napp)} == {("sent", 1)}

    by_id = {item.message_id: item for item in recorder.received}
    sent_back = by_id[planned[2].message_id].message
    assert sent_back["Subject"] == (
        "[CCHC] Trả lại báo cáo hoàn thành: II.3 Rà soát thủ tục hành chính"
    )
    assert sent_back["To"] == "Trần Văn Minh <lead@example.vn>"
    text = sent_back.get_body(preferencelist=("plain",)).get_content()
    assert "Kính gửi Trần Văn Minh," in text
    assert "5959/QĐ-UBND · II.3. Rà soát thủ tục hành chính" in text
    assert "Nguyễn Thị Hương đã trả lại báo cáo hoàn thành của đơn vị" in text
    assert "Lý do: Thiếu phụ lục số liệu" in text
    assert f"https://cchc.example.vn/tasks/{world['task']}#a{world['assignment']}" in text
    html = sent_back.get_body(preferencelist=("html",)).get_content()
    assert "Mở nhiệm vụ" in html and "Việc bỏ dở" not in html
    english = by_id[planned[1].message_id].message
    assert english["Subject"] == "[CCHC] New assignment: II.3 Rà soát thủ tục hành chính"
    assert (
        "assigned this task to your unit as the lead unit"
        in english.get_body(preferencelist=("plain",)).get_content()
    )
