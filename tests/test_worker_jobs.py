"""Every job of worker/jobs.py run by a real Celery worker (`celery -A worker worker`, prefork)
on Redis, against PostgreSQL and a real SMTP server; and the beat schedule the README promises.

A job's return value is read from the worker's log ("Task … succeeded in …s: 4"): results are
not stored (task_ignore_result), and a job is checked by what it left in the database anyway.
The database and the Redis database are this module's own, so that these tests and the
reminder tests can run side by side.
"""

from __future__ import annotations

import ast
import os
import pickle
import re
import subprocess
import sys
from datetime import timedelta

import pytest
from celery.schedules import crontab
from sqlalchemy import select, update

from tests.conftest import local_today, recreate_database, scratch_database_name
from tests.reminders import conftest as reminders
from tests.reminders.conftest import AS_OF, Worker, wait_until
from tests.reminders.smtp import start_server
from tests.support import ROOT, app_env, require_redis
from tracker.accounts.models import User
from tracker.assignments.changes import change_due_date
from tracker.assignments.models import Assignment
from tracker.core.timeutil import utcnow
from tracker.extensions import db
from tracker.plans.models import Plan
from tracker.plans.services import TaskInput, create_task
from tracker.reminders import services
from tracker.reminders.models import DeliveryAttempt, ReminderDelivery

# Units, people and tasks due around AS_OF, built on this module's `rapp`.
office_world = reminders.office_world

BROKER = os.environ.get("TEST_JOBS_REDIS_URL", "redis://127.0.0.1:6379/11")
JOBS = ("send_delivery", "morning_sweep", "invite_sweep", "dispatch_pending")


@pytest.fixture(scope="session")
def jobs_database_uri() -> str:
    return recreate_database(scratch_database_name("_worker_jobs"))


@pytest.fixture
def smtp():
    controller, recorder = start_server()
    yield controller, recorder
    controller.stop()


@pytest.fixture
def rapp(jobs_database_uri, smtp, tmp_path):
    """An app on this module's database, mailing the test's SMTP server; tables emptied.
    (Named as in tests/reminders, whose `office_world` builds on it.)"""
    controller, _recorder = smtp
    with reminders.reminder_app(jobs_database_uri, BROKER, controller.port, tmp_path) as app:
        yield app


@pytest.fixture
def worker(rapp, tmp_path):
    require_redis(BROKER).flushdb()
    started = Worker(rapp, tmp_path / "worker.log")
    started.env["REDIS_URL"] = BROKER
    started.start()
    yield started
    started.stop()


def run_job(app, worker, name: str, *args):
    """Queue a job as beat or a page would, wait until the worker has run it, and return
    what it returned."""
    task_id = app.extensions["celery"].send_task(f"worker.jobs.{name}", args=list(args)).id
    ended = re.compile(
        rf"Task worker\.jobs\.{name}\[{task_id}\] (?:succeeded in \S+: (?P<value>.*)|raised .*)"
    )
    match = wait_until(lambda: ended.search(worker.log_path.read_text()), timeout=90)
    assert match["value"] is not None, match[0]
    return ast.literal_eval(match["value"])


def deliveries(app, **where) -> list[ReminderDelivery]:
    with app.app_context():
        rows = list(db.session.scalars(select(ReminderDelivery).filter_by(**where).order_by("id")))
        db.session.expunge_all()
        db.session.rollback()
    return rows


def attempt_outcomes(app, delivery_id: int) -> list[str]:
    with app.app_context():
        outcomes = list(
            db.session.scalars(
                select(DeliveryAttempt.outcome)
                .where(DeliveryAttempt.delivery_id == delivery_id)
                .order_by(DeliveryAttempt.id)
            )
        )
        db.session.rollback()
    return outcomes


def all_settled(app):
    return lambda: (rows := deliveries(app)) and all(r.status != "pending" for r in rows)


def add_task(app, world, number: str, unit_code: str, due) -> int:
    """A task for one unit, created by the office now; returns its assignment's id."""
    with app.test_request_context():
        office = db.session.get(User, world["people"]["office"])
        plan = db.session.scalar(select(Plan).where(Plan.code == "KH-TEST"))
        task = create_task(
            office,
            plan,
            TaskInput(number=number, title=f"Việc {number}", lead_units=[unit_code], due_date=due),
        )
        return task.assignments[0].id


def test_morning_sweep_run_twice_plans_and_sends_each_digest_once(rapp, smtp, office_world, worker):
    _controller, recorder = smtp
    assert run_job(rapp, worker, "morning_sweep", AS_OF.isoformat()) == 4
    wait_until(all_settled(rapp))
    digests = deliveries(rapp)
    expected = {"lead.a@example.vn", "cv.a@example.vn", "lead.b@example.vn", "vp@example.vn"}
    assert {d.recipient_email for d in digests} == expected  # not the deactivated member
    assert {(d.kind, d.status, d.attempts, d.planned_for) for d in digests} == {
        ("digest", "sent", 1, AS_OF)
    }
    assert {d.dedupe_key for d in digests} == {
        f"digest:{d.recipient_id}:{AS_OF.isoformat()}" for d in digests
    }
    assert sorted(recorder.by_message_id()) == sorted(d.message_id for d in digests)

    # Beat firing twice (or a second beat) plans nothing new, so nothing more is sent.
    assert run_job(rapp, worker, "morning_sweep", AS_OF.isoformat()) == 0
    again = deliveries(rapp)
    assert [(d.id, d.status, d.attempts) for d in again] == [(d.id, "sent", 1) for d in digests]
    assert sorted(recorder.by_message_id().values()) == [1, 1, 1, 1]


def test_morning_sweep_without_a_date_plans_for_today_in_the_province(
    rapp, smtp, office_world, worker
):
    """Beat sends no arguments: the sweep is for the province's today."""
    _controller, recorder = smtp
    today = local_today()
    assignment_id = add_task(rapp, office_world, "30", "SB", today)  # due today: a reminder
    planned = run_job(rapp, worker, "morning_sweep")
    wait_until(all_settled(rapp))
    digests = deliveries(rapp)
    assert planned == len(digests) >= 1
    assert {d.planned_for for d in digests} == {today}
    lead_b = office_world["people"]["lead_b"]
    (mine,) = [d for d in digests if d.recipient_id == lead_b]
    assert mine.dedupe_key == f"digest:{lead_b}:{today.isoformat()}"
    assert assignment_id in mine.assignment_ids and mine.status == "sent"
    assert recorder.by_message_id()[mine.message_id] == 1


def test_invite_sweep_invites_once_per_due_date_revision(rapp, smtp, office_world, worker):
    _controller, recorder = smtp
    due = local_today() + timedelta(days=30)
    assignment_id = add_task(rapp, office_world, "31", "SB", due)
    lead_b = office_world["people"]["lead_b"]

    def mine() -> list[ReminderDelivery]:
        return [d for d in deliveries(rapp, kind="invite") if assignment_id in d.assignment_ids]

    planned = run_job(rapp, worker, "invite_sweep")
    wait_until(all_settled(rapp))
    # Other assignments of the world may be invited too, depending on today's date.
    assert planned == len(deliveries(rapp, kind="invite"))
    (first,) = mine()
    assert first.recipient_id == lead_b and first.status == "sent"
    assert first.dedupe_key == f"invite:{lead_b}:{assignment_id}:0:REQUEST"
    assert first.payload == {"method": "REQUEST", "sequence": 0, "due_date": due.isoformat()}

    assert run_job(rapp, worker, "invite_sweep") == 0  # the hour after: nothing new

    with rapp.test_request_context():
        office = db.session.get(User, office_world["people"]["office"])
        assignment = db.session.get(Assignment, assignment_id)
        change_due_date(office, assignment, due + timedelta(days=7), "Lùi hạn")
    assert run_job(rapp, worker, "invite_sweep") == 1
    wait_until(all_settled(rapp))
    first_again, second = mine()
    assert (first_again.id, first_again.status) == (first.id, "sent")
    assert second.dedupe_key == f"invite:{lead_b}:{assignment_id}:1:REQUEST"
    assert second.payload["sequence"] == 1 and second.status == "sent"
    assert set(recorder.by_message_id().values()) == {1}
    assert {first.message_id, second.message_id} <= set(recorder.by_message_id())


def test_dispatch_pending_sends_the_rows_whose_time_has_come_once(rapp, smtp, office_world, worker):
    _controller, recorder = smtp
    with rapp.app_context():
        _messages, ids = services.sweep(AS_OF)  # planned and committed, never queued
        waiting = ids[-1]  # a retry whose time has not come
        db.session.execute(
            update(ReminderDelivery)
            .where(ReminderDelivery.id == waiting)
            .values(next_attempt_at=utcnow() + timedelta(hours=1))
        )
        db.session.commit()
    assert len(ids) == 4

    assert run_job(rapp, worker, "dispatch_pending") == 3
    wait_until(lambda: len(deliveries(rapp, status="sent")) == 3)
    held = deliveries(rapp, id=waiting)[0]
    assert (held.status, held.attempts) == ("pending", 0)
    assert len(recorder.received) == 3

    with rapp.app_context():
        db.session.execute(
            update(ReminderDelivery)
            .where(ReminderDelivery.id == waiting)
            .values(next_attempt_at=utcnow())
        )
        db.session.commit()
    # Two dispatchers at once (two beats) may both queue the row; it is sent once.
    celery = rapp.extensions["celery"]
    for _ in range(2):
        celery.send_task("worker.jobs.dispatch_pending")
    wait_until(all_settled(rapp))
    assert run_job(rapp, worker, "dispatch_pending") == 0
    rows = deliveries(rapp)
    assert {(d.status, d.attempts) for d in rows} == {("sent", 1)}
    assert sorted(recorder.by_message_id().values()) == [1, 1, 1, 1]


def test_send_delivery_sends_once_and_retries_a_temporary_failure(rapp, smtp, office_world, worker):
    _controller, recorder = smtp
    with rapp.app_context():
        _messages, ids = services.sweep(AS_OF)
    first, second = ids[:2]

    assert run_job(rapp, worker, "send_delivery", first) == "sent"
    assert run_job(rapp, worker, "send_delivery", first) == "skipped"  # a duplicate message
    sent = deliveries(rapp, id=first)[0]
    assert (sent.status, sent.attempts, sent.last_error) == ("sent", 1, None)
    assert recorder.by_message_id() == {sent.message_id: 1}

    recorder.behaviour.temporary_failures = 1
    assert run_job(rapp, worker, "send_delivery", second) == "retry"
    # The job queued itself again with a countdown (about a second in these tests).
    wait_until(lambda: deliveries(rapp, id=second)[0].status == "sent", timeout=60)
    retried = deliveries(rapp, id=second)[0]
    assert (retried.attempts, retried.last_error) == (2, None)
    assert attempt_outcomes(rapp, second) == ["temporary", "sent"]
    assert recorder.by_message_id() == {sent.message_id: 1, retried.message_id: 1}
    assert [d.status for d in deliveries(rapp) if d.id not in (first, second)] == [
        "pending",
        "pending",
    ]


DUMP_BEAT = (
    "import pickle, sys\n"
    "from worker.celery import app\n"
    "sys.stdout.buffer.write(pickle.dumps((str(app.conf.timezone), app.conf.beat_schedule)))\n"
)


def test_beat_schedule_names_registered_jobs_at_the_promised_times(rapp, worker):
    # The schedule as `celery -A worker beat` loads it, in a process of its own.
    loaded = subprocess.run(
        [sys.executable, "-c", DUMP_BEAT],
        cwd=ROOT,
        env=app_env(REDIS_URL=BROKER),
        capture_output=True,
        timeout=120,
    )
    assert loaded.returncode == 0, loaded.stderr.decode()
    timezone, schedule = pickle.loads(loaded.stdout)  # noqa: S301  (our own subprocess)

    # README: the digest daily at 07:30 in the province's time, invites checked every hour,
    # pending rows re-queued every minute.
    assert timezone == "Asia/Ho_Chi_Minh"
    assert schedule == {
        "morning-sweep": {
            "task": "worker.jobs.morning_sweep",
            "schedule": crontab(hour=7, minute=30),
        },
        "hourly-invites": {"task": "worker.jobs.invite_sweep", "schedule": crontab(minute=5)},
        "dispatch-pending": {"task": "worker.jobs.dispatch_pending", "schedule": 60.0},
    }
    # Beat sends no arguments: each periodic job must run without any.
    assert all("args" not in entry and "kwargs" not in entry for entry in schedule.values())

    answers = rapp.extensions["celery"].control.inspect(timeout=5).registered()
    assert answers, "the worker did not answer"
    for registered in answers.values():
        names = {name.split(" ")[0] for name in registered}
        assert {entry["task"] for entry in schedule.values()} <= names
        assert {f"worker.jobs.{job}" for job in JOBS} <= names
