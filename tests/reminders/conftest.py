"""Reminders run against committed data: a database of their own, a real SMTP server, real
Redis and, where a test needs it, a real Celery worker in a subprocess."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from contextlib import contextmanager
from datetime import date

import pytest
from sqlalchemy import text

from tests.conftest import recreate_database, scratch_database_name
from tests.reminders.smtp import start_server
from tests.support import BIN, ROOT, app_env, require_redis

BROKER = "redis://127.0.0.1:6379/13"


@pytest.fixture(scope="session")
def reminder_database_uri() -> str:
    return recreate_database(scratch_database_name("_reminders"))


@pytest.fixture
def smtp():
    controller, recorder = start_server()
    yield controller, recorder
    controller.stop()


@contextmanager
def reminder_app(database_uri: str, broker: str, smtp_port: int, instance_path, **config):
    """An app on a test database of its own, mailing the test's SMTP server, every table
    emptied; shared by the reminder tests and the worker-job tests."""
    from flask_migrate import upgrade

    from tracker import create_app
    from tracker.extensions import db

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_uri.replace(
                "postgresql://", "postgresql+psycopg://"
            ),
            "REDIS_URL": broker,
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": smtp_port,
            "TRACKER_BASE_URL": "https://cchc.example.vn",
            # These tests count the reminders in the log; a unit's notices of the changes
            # that build their world are tests/test_notice_mail.py's.
            "NOTICE_MAILS": False,
            **config,
        }
    )
    app.instance_path = str(instance_path)
    with app.app_context():
        upgrade()
        tables = [t.name for t in db.metadata.sorted_tables if t.name != "alembic_version"]
        db.session.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        db.session.commit()
    try:
        yield app
    finally:
        with app.app_context():
            db.engine.dispose()


@pytest.fixture
def rapp(reminder_database_uri, smtp, tmp_path):
    """An app on the reminders database, mailing the test's SMTP server; tables emptied."""
    controller, _recorder = smtp
    with reminder_app(
        reminder_database_uri,
        BROKER,
        controller.port,
        tmp_path,
        REMINDER_RETRY_BASE_SECONDS=1,
    ) as app:
        yield app


def worker_env(app) -> dict[str, str]:
    uri = app.config["SQLALCHEMY_DATABASE_URI"].replace("postgresql+psycopg://", "postgresql://")
    return app_env(
        DATABASE_URL=uri,
        REDIS_URL=BROKER,
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=str(app.config["MAIL_PORT"]),
        TRACKER_REMINDER_RETRY_BASE_SECONDS="1",
        TRACKER_BROKER_VISIBILITY_TIMEOUT="30",
        TRACKER_BASE_URL="https://cchc.example.vn",
    )


class Worker:
    """`celery -A worker worker` in its own process group, so a test can SIGKILL all of it."""

    def __init__(self, app, log_path) -> None:
        self.env = worker_env(app)
        self.log_path = log_path
        self.process = None

    def start(self) -> None:
        self.log = open(self.log_path, "a")  # noqa: SIM115  (closed in stop/kill)
        self.process = subprocess.Popen(
            [
                str(BIN / "celery"),
                "-A",
                "worker",
                "worker",
                "--pool",
                "prefork",
                "--concurrency",
                "2",
                "--loglevel",
                "INFO",
                "--without-gossip",
                "--without-mingle",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if "ready." in self.log_path.read_text():
                return
            assert self.process.poll() is None, self.log_path.read_text()
            time.sleep(0.3)
        raise AssertionError("the Celery worker did not start:\n" + self.log_path.read_text())

    def kill(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        self.log.close()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=30)
        if self.process:
            self.log.close()


@pytest.fixture
def celery_worker(rapp, tmp_path):
    redis = require_redis(BROKER)
    redis.flushdb()
    worker = Worker(rapp, tmp_path / "worker.log")
    worker.start()
    yield worker
    worker.stop()


def run_tracker(app, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / "tracker"), *args],
        cwd=ROOT,
        env=worker_env(app),
        capture_output=True,
        text=True,
        timeout=300,
    )


def wait_until(predicate, timeout: float = 60, interval: float = 0.3):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError("timed out waiting")


AS_OF = date(2026, 12, 2)  # a Wednesday with no holiday around it


@pytest.fixture
def office_world(rapp):
    """Two units with their people, the office, and assignments due around AS_OF."""
    from datetime import timedelta

    from tracker.accounts.models import User
    from tracker.accounts.passwords import hash_password
    from tracker.extensions import db
    from tracker.plans.models import Plan
    from tracker.plans.services import TaskInput, create_task
    from tracker.reminders.policy import get_policy
    from tracker.units.models import Unit

    with rapp.app_context():
        hashed = hash_password("mat-khau-thu-2026")
        unit_a = Unit(code="SA", name="Sở A", short_name="Sở A", kind="department", aliases=[])
        unit_b = Unit(code="SB", name="Sở B", short_name="Sở B", kind="department", aliases=[])
        db.session.add_all([unit_a, unit_b])
        people = {
            "office": User(email="vp@example.vn", full_name="Văn phòng", role="office"),
            "lead_a": User(
                email="lead.a@example.vn", full_name="Lãnh đạo A", role="unit_lead", unit=unit_a
            ),
            "member_a": User(
                email="cv.a@example.vn", full_name="Chuyên viên A", role="unit_member", unit=unit_a
            ),
            "gone_a": User(
                email="nghi.a@example.vn",
                full_name="Đã nghỉ",
                role="unit_member",
                unit=unit_a,
                active=False,
            ),
            "lead_b": User(
                email="lead.b@example.vn",
                full_name="Lãnh đạo B",
                role="unit_lead",
                unit=unit_b,
                locale="en",
            ),
        }
        for user in people.values():
            user.password_hash = hashed
        db.session.add_all(people.values())
        db.session.add(Plan(code="KH-TEST", title="Kế hoạch thử", year=2026))
        db.session.commit()
        policy = get_policy()
        policy.use_working_days = False
        policy.invites_since = policy.invites_since.replace(year=2000)
        db.session.commit()
        plan = db.session.query(Plan).filter_by(code="KH-TEST").one()
        office = people["office"]
        due = {
            "soon": AS_OF + timedelta(days=7),  # 7 days before: due soon
            "today": AS_OF,  # due today
            "late3": AS_OF - timedelta(days=3),  # 3 days late: every 3 days
            "late9": AS_OF - timedelta(days=9),  # 9 days late: escalated to the office
            "quiet": AS_OF + timedelta(days=5),  # no reminder today
        }
        tasks = {}
        for number, (name, day) in enumerate(due.items(), start=1):
            tasks[name] = create_task(
                office,
                plan,
                TaskInput(
                    number=str(number),
                    title=f"Nhiệm vụ {name} – “thử”, có dấu; \\ và emoji 🙂",
                    lead_units=["SA"],
                    cooperating_units=["SB"] if name == "today" else [],
                    due_date=day,
                ),
            )
        return {
            "people": {k: v.id for k, v in people.items()},
            "tasks": {k: v.id for k, v in tasks.items()},
            "due": due,
        }
