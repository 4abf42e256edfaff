"""Two hosts' Celery workers and two beats started by mistake: every reminder is mailed once.

Real processes: two `celery -A worker worker` (-n w1@hostA, -n w2@hostB) and two beats
(tests/fast_beat.py: the project's schedule with each job every BEAT_SECONDS), on Redis,
against one PostgreSQL database and a real SMTP server. The server answers slowly, so rows are
still pending while the other beat's dispatcher queues them again: the workers see duplicate
messages, and the delivery log (unique keys, the row lock) turns each into a no-op. Both
layouts: the two hosts on one queue, and each host on a broker of its own (they then share
nothing but PostgreSQL). Each beat fires the morning sweep five times or more (8 to 10 here).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.conftest import local_today, recreate_database, scratch_database_name
from tests.reminders import conftest as reminders
from tests.reminders.conftest import wait_until, worker_env
from tests.reminders.smtp import start_server
from tests.support import BIN, ROOT, require_redis
from tracker.accounts.models import User
from tracker.extensions import db
from tracker.plans.models import Plan
from tracker.plans.services import TaskInput, create_task
from tracker.reminders import services
from tracker.reminders.models import DeliveryAttempt, ReminderDelivery
from tracker.reminders.policy import get_policy
from tracker.units.models import Unit

BROKERS = ("redis://127.0.0.1:6379/7", "redis://127.0.0.1:6379/8")
BEAT_SECONDS = "1.5"
SWEEPS_AFTER_SETTLED = 3  # each beat fires the morning sweep this many times more at the end
SENDING = re.compile(r"Sending due task morning-sweep")
FINISHED = re.compile(r"Task worker\.jobs\.(\w+)\[[^\]]+\] succeeded in \S+: (.*)")


@pytest.fixture(scope="module")
def database_uri() -> str:
    return recreate_database(scratch_database_name("_two_workers"))


@pytest.fixture
def smtp():
    controller, recorder = start_server()
    yield controller, recorder
    controller.stop()


@pytest.fixture
def rapp(database_uri, smtp, tmp_path):
    controller, _recorder = smtp
    with reminders.reminder_app(database_uri, BROKERS[0], controller.port, tmp_path) as app:
        yield app


def build_world(app) -> None:
    """Two units, the office and a dozen people; tasks due today, soon, 3 and 9 days ago (a
    digest for each of the people of their units, the office told of the late ones), and
    one due later that only invites."""
    today = local_today()
    with app.test_request_context():
        units = [
            Unit(code=code, name=f"Sở {code}", short_name=f"Sở {code}", kind="department")
            for code in ("SA", "SB")
        ]
        office = User(email="vp@example.vn", full_name="Văn phòng", role="office")
        people = [office]
        for unit in units:
            people.append(
                User(
                    email=f"lead.{unit.code.lower()}@example.vn",
                    full_name=f"Lãnh đạo {unit.code}",
                    role="unit_lead",
                    unit=unit,
                )
            )
            people += [
                User(
                    email=f"cv{n}.{unit.code.lower()}@example.vn",
                    full_name=f"Chuyên viên {n}",
                    role="unit_member",
                    unit=unit,
                )
                for n in range(6)
            ]
        for person in people:
            person.password_hash = "x"
        plan = Plan(code="KH-SCALE", title="Kế hoạch thử", year=today.year)
        db.session.add_all([*units, *people, plan])
        db.session.commit()
        policy = get_policy()
        policy.use_working_days = False
        db.session.commit()
        for number, (days, lead, cooperating) in enumerate(
            [(0, "SA", ["SB"]), (7, "SB", []), (-3, "SA", []), (-9, "SB", []), (20, "SA", [])],
            start=1,
        ):
            create_task(
                office,
                plan,
                TaskInput(
                    number=str(number),
                    title=f"Nhiệm vụ {number}",
                    lead_units=[lead],
                    cooperating_units=cooperating,
                    due_date=today + timedelta(days=days),
                ),
            )


def planned_keys(app) -> set[str]:
    """What one sweep and one invite sweep would plan now (nothing is written)."""
    with app.test_request_context():
        digests, _ = services.sweep(dry_run=True)
        invites, _ = services.invite_sweep(dry_run=True)
    return {m.dedupe_key for m in digests + invites}


class Process:
    """A Celery process in a process group of its own, its output in a log file."""

    def __init__(self, args: list[str], env: dict[str, str], log_path) -> None:
        self.log_path = log_path
        with log_path.open("w") as log:
            self.process = subprocess.Popen(
                [str(BIN / "celery"), *args, "--loglevel", "INFO"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def log(self) -> str:
        return self.log_path.read_text()

    def wait_for(self, text: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.log():
            assert self.process.poll() is None, self.log()
            assert time.monotonic() < deadline, f"no {text!r} in:\n{self.log()}"
            time.sleep(0.2)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=30)


def start_host(app, number: int, broker: str, folder) -> tuple[Process, Process]:
    name = "hostA" if number == 1 else "hostB"
    env = worker_env(app) | {"REDIS_URL": broker, "FAST_BEAT_SECONDS": BEAT_SECONDS}
    worker = Process(
        [
            "-A",
            "worker",
            "worker",
            "-n",
            f"w{number}@{name}",
            "--pool",
            "prefork",
            "--concurrency",
            "2",
            "--without-gossip",
            "--without-mingle",
        ],
        env,
        folder / f"worker-{name}.log",
    )
    beat = Process(
        ["-A", "tests.fast_beat", "beat", "--schedule", str(folder / f"beat-{name}")],
        env,
        folder / f"beat-{name}.log",
    )
    return worker, beat


def rows(app) -> list[ReminderDelivery]:
    with app.app_context():
        found = list(db.session.scalars(select(ReminderDelivery).order_by(ReminderDelivery.id)))
        db.session.expunge_all()
        db.session.rollback()
    return found


def finished(worker: Process) -> list[tuple[str, str]]:
    return FINISHED.findall(worker.log())


@pytest.mark.parametrize("layout", ["one queue", "a broker per host"])
def test_two_workers_and_two_beats_mail_each_reminder_once(rapp, smtp, tmp_path, layout):
    _controller, recorder = smtp
    build_world(rapp)
    expected = planned_keys(rapp)
    kinds = Counter(key.split(":")[0] for key in expected)
    assert kinds["digest"] >= 10 and kinds["invite"] >= 1, kinds
    brokers = BROKERS if layout == "a broker per host" else (BROKERS[0], BROKERS[0])
    for broker in BROKERS:
        require_redis(broker).flushdb()
    # A slow relay: rows stay pending while both beats' dispatchers queue them again.
    recorder.behaviour.delay = 0.1

    hosts = [
        start_host(rapp, number, broker, tmp_path) for number, broker in enumerate(brokers, start=1)
    ]
    processes = [process for host in hosts for process in host]
    workers, beats = [host[0] for host in hosts], [host[1] for host in hosts]
    try:
        for worker in workers:
            worker.wait_for("ready.")
        for beat in beats:
            beat.wait_for("beat: Starting...")

        def settled():
            found = rows(rapp)
            return {r.dedupe_key for r in found} == expected and all(
                r.status == "sent" for r in found
            )

        wait_until(settled, timeout=60, interval=0.5)
        # Both beats go on firing; nothing more may be planned or sent.
        marks = [len(SENDING.findall(beat.log())) for beat in beats]
        wait_until(
            lambda: all(
                len(SENDING.findall(beat.log())) >= mark + SWEEPS_AFTER_SETTLED
                for beat, mark in zip(beats, marks, strict=True)
            ),
            timeout=30,
        )
        wait_until(lambda: all(require_redis(b).llen("celery") == 0 for b in brokers), timeout=30)
    finally:
        for process in processes:
            process.stop()
        for broker in BROKERS:
            require_redis(broker).flushdb()

    # Each beat fired the morning sweep many times; each reminder was planned once.
    assert all(len(SENDING.findall(beat.log())) >= 5 for beat in beats)
    outcomes = [outcome for worker in workers for outcome in finished(worker)]
    assert all(finished(worker) for worker in workers), "a worker ran nothing"
    planned = sum(int(value) for job, value in outcomes if job in ("morning_sweep", "invite_sweep"))
    assert planned == len(expected)
    assert sum(1 for job, _ in outcomes if job == "morning_sweep") >= 8
    sends = Counter(value for job, value in outcomes if job == "send_delivery")
    assert sends["'sent'"] == len(expected)
    assert sends["'skipped'"] >= 1, "no delivery was queued twice: the test raced nothing"
    assert set(sends) <= {"'sent'", "'skipped'"}, sends

    # The delivery log: one row per reminder, sent at the first try, one attempt each.
    log = rows(rapp)
    assert sorted(r.dedupe_key for r in log) == sorted(expected)
    assert {(r.status, r.attempts) for r in log} == {("sent", 1)}
    with rapp.app_context():
        attempts = dict(
            db.session.execute(
                select(DeliveryAttempt.delivery_id, func.count())
                .where(DeliveryAttempt.outcome == "sent")
                .group_by(DeliveryAttempt.delivery_id)
            ).all()
        )
        assert db.session.scalar(select(func.count()).select_from(DeliveryAttempt)) == len(log)
    assert attempts == {r.id: 1 for r in log}

    # The mail server: one message per row, to that row's recipient; nobody got a digest twice.
    assert recorder.by_message_id() == {r.message_id: 1 for r in log}
    to = {item.message_id: item.recipients for item in recorder.received}
    assert all(to[r.message_id] == [r.recipient_email] for r in log)
    digests_to = Counter(r.recipient_email for r in log if r.kind == "digest")
    assert set(digests_to.values()) == {1}
