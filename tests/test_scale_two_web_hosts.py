"""Two web hosts, one database: each gunicorn instance keeps its own cache of the status
figures and list pages (tracker/core/datacache.py), keyed by the data version that lives in
PostgreSQL, so a write answered by one host is in the other host's very next read.

Two real gunicorn instances (the project's gunicorn.conf.py, `tracker.wsgi:app`, production
settings) on two ports stand for two hosts; one process each, since the processes of one host
are no different from two hosts here: each has a cache of its own.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import timedelta

import psycopg
import pytest
from flask_migrate import upgrade
from sqlalchemy import select

from tests.conftest import local_today, recreate_database, scratch_database_name
from tests.support import BIN, ROOT, app_env
from tracker import create_app
from tracker.accounts.api_tokens import create_token
from tracker.accounts.models import User
from tracker.extensions import db
from tracker.plans.models import Plan
from tracker.plans.services import TaskInput, create_task
from tracker.units.models import Unit

PLAN = "20/KH-UBND"
# What a request reads before it comes to the figures: who is asking, and the data version.
SIGN_IN_TABLES = {"api_tokens", "users", "data_version"}
STATUS = "/api/v1/status/units"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Host:
    name: str
    url: str
    process: subprocess.Popen
    log_path: object

    def request(self, method: str, path: str, token: str, body=None, timeout: float = 10):
        request = urllib.request.Request(
            self.url + path,
            method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")

    def get(self, path: str, token: str, timeout: float = 10) -> dict:
        code, body = self.request("GET", path, token, timeout=timeout)
        assert code == 200, (self.name, path, code, body)
        return body


def start_host(name: str, database_uri: str, log_path) -> Host:
    port = free_port()
    env = app_env(
        TRACKER_ENV="production",
        SECRET_KEY="two-hosts-secret-key-not-for-production-" + "x" * 20,
        DATABASE_URL=database_uri,
        TRACKER_BASE_URL=f"http://127.0.0.1:{port}",
        # One process per host: its cache is the host's.
        WEB_CONCURRENCY="1",
    )
    env.pop("REDIS_URL", None)
    log = log_path.open("w")
    process = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "-c",
            str(ROOT / "gunicorn.conf.py"),
            "--bind",
            f"127.0.0.1:{port}",
            "--error-logfile",
            "-",
            "tracker.wsgi:app",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    log.close()
    return Host(name, f"http://127.0.0.1:{port}", process, log_path)


def wait_healthy(host: Host) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(host.url + "/healthz", timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError):
            pass
        assert host.process.poll() is None, host.log_path.read_text()
        assert time.monotonic() < deadline, host.log_path.read_text()
        time.sleep(0.2)


def stop_host(host: Host) -> None:
    if host.process.poll() is None:
        os.killpg(host.process.pid, signal.SIGTERM)
        try:
            host.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(host.process.pid, signal.SIGKILL)
            host.process.wait(timeout=30)


def seed(database_uri: str, instance_path) -> dict:
    """Two units, the office, the lead of the first unit, a plan with one task given to the
    first unit, and a bearer token for each person; all committed."""
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_uri.replace(
                "postgresql://", "postgresql+psycopg://"
            ),
            "REDIS_URL": None,
            "NOTICE_MAILS": False,
        }
    )
    app.instance_path = str(instance_path)
    try:
        with app.test_request_context():
            upgrade()
            units = [
                Unit(code=code, name=f"Sở {code}", short_name=f"Sở {code}", kind="department")
                for code in ("SA", "SB")
            ]
            office = User(email="vp@example.vn", full_name="Văn phòng", role="office")
            lead = User(
                email="lead.a@example.vn", full_name="Lãnh đạo A", role="unit_lead", unit=units[0]
            )
            plan = Plan(code=PLAN, title="Kế hoạch thử", year=local_today().year)
            db.session.add_all([*units, office, lead, plan])
            db.session.commit()
            task = create_task(
                office,
                plan,
                TaskInput(
                    number="1",
                    title="Rà soát thủ tục hành chính",
                    lead_units=["SA"],
                    due_date=local_today() + timedelta(days=20),
                ),
            )
            assignment_id = task.assignments[0].id
            tokens = {}
            for user in db.session.scalars(select(User)):
                _row, tokens[user.role] = create_token(user, "two hosts")
            return {"tokens": tokens, "assignment": assignment_id}
    finally:
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(scope="module")
def hosts(tmp_path_factory):
    database_uri = recreate_database(scratch_database_name("_two_hosts"))
    folder = tmp_path_factory.mktemp("two-hosts")
    world = seed(database_uri, folder)
    started = [start_host(name, database_uri, folder / f"{name}.log") for name in ("A", "B")]
    try:
        for host in started:
            wait_healthy(host)
        yield {"A": started[0], "B": started[1], "database": database_uri, **world}
    finally:
        for host in started:
            stop_host(host)


def read_from_its_cache(host: Host, path: str, token: str, database_uri: str) -> dict:
    """Reads `path` twice (the first fills the host's cache), then once more while every
    table but the sign-in's and the data version's is locked against reading: only a host
    that answers from its cache can answer then. Returns the answer."""
    first = host.get(path, token)
    assert host.get(path, token) == first
    with psycopg.connect(database_uri) as locker:
        locker.execute("SET lock_timeout = '5s'")
        tables = [
            name
            for (name,) in locker.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            )
            if name not in SIGN_IN_TABLES
        ]
        locker.execute(f"LOCK TABLE {', '.join(tables)} IN ACCESS EXCLUSIVE MODE")
        try:
            cached = host.get(path, token, timeout=5)
        except TimeoutError:
            pytest.fail(f"host {host.name} built {path} again instead of answering from its cache")
        finally:
            locker.rollback()
    assert cached == first
    return first


def test_a_write_on_one_host_is_in_the_other_hosts_next_read(hosts):
    a, b, database = hosts["A"], hosts["B"], hosts["database"]
    office, lead = hosts["tokens"]["office"], hosts["tokens"]["unit_lead"]
    assignment_id = hosts["assignment"]
    listing = f"/api/v1/assignments?plan={PLAN}"

    before = read_from_its_cache(b, STATUS, office, database)["totals"]
    assert (before["total"], before["on_track"], before["done_on_time"]) == (1, 1, 0)
    assert before["awaiting_confirmation"] == 0
    (listed,) = read_from_its_cache(b, listing, office, database)["items"]
    assert (listed["id"], listed["state"]) == (assignment_id, "not_started")

    # The lead reports the task done on host A.
    code, body = a.request(
        "POST",
        f"/api/v1/assignments/{assignment_id}/updates",
        lead,
        {
            "state": "done",
            "note": "Đã xong",
            "evidence": {"document_number": "12/BC-SA", "document_date": local_today().isoformat()},
            "version": listed["version"],
        },
    )
    assert code == 200, body
    assert body["state"] == "awaiting_confirmation"

    # B's very next reads.
    reported = b.get(STATUS, office)["totals"]
    assert (reported["on_track"], reported["done_on_time"]) == (0, 1)
    assert reported["awaiting_confirmation"] == 1
    (relisted,) = b.get(listing, office)["items"]
    assert relisted["state"] == "awaiting_confirmation"
    assert relisted["version"] == body["version"] != listed["version"]

    # The other way: A has the figures cached, the office confirms on host B.
    assert read_from_its_cache(a, STATUS, office, database)["totals"] == reported
    code, body = b.request(
        "POST", f"/api/v1/assignments/{assignment_id}/confirmation", office, {"accept": True}
    )
    assert code == 200, body
    assert body["state"] == "done"

    confirmed = a.get(STATUS, office)["totals"]  # A's very next read
    assert (confirmed["done_on_time"], confirmed["awaiting_confirmation"]) == (1, 0)

    # A new task given on A counts on B at once.
    assert read_from_its_cache(b, STATUS, office, database)["totals"] == confirmed
    code, body = a.request(
        "POST",
        "/api/v1/tasks",
        office,
        {
            "plan_code": PLAN,
            "number": "2",
            "title": "Số hoá hồ sơ",
            "lead_units": ["SA", "SB"],
            "due_date": (local_today() + timedelta(days=30)).isoformat(),
        },
    )
    assert code == 201, body
    grown = b.get(STATUS, office)
    assert (grown["totals"]["total"], grown["totals"]["on_track"]) == (3, 2)
    assert {unit["unit_code"]: unit["total"] for unit in grown["units"]} == {"SA": 2, "SB": 1}
