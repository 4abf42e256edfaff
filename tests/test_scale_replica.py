"""Read-only requests answered by a real PostgreSQL streaming replica (pg_basebackup -R, a second
postgres on a port of its own), while whoever has just written reads from the primary until the
replica has replayed their write. Replay is paused on the replica to hold it behind for sure."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import time
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from flask_migrate import upgrade
from sqlalchemy import event

from tests import replica_support as pg
from tests.conftest import PASSWORD, ApiClient, api_create_task, csrf_from, local_today
from tests.support import REDIS_TEST_URL, require_redis
from tracker import create_app
from tracker.accounts.api_tokens import create_token
from tracker.accounts.models import User
from tracker.accounts.passwords import hash_password
from tracker.core.timeutil import utcnow
from tracker.core.write_marks import SESSION_KEY, FallbackMarks, RedisMarks
from tracker.extensions import db
from tracker.feeds.services import create_feed
from tracker.plans.models import Plan
from tracker.units.models import Unit, UnitGroup

DATABASE = "tracker_test_replicas"
PLAN = "77/KH-UBND"
# What every request asks before its view runs: the replica's standing, the reader's login.
_BOOKKEEPING = re.compile(r"pg_is_in_recovery|api_tokens|login_sessions")


class Statements:
    """The statements each engine ran, in order, less the bookkeeping above."""

    def __init__(self, engines: dict) -> None:
        self.log: list[tuple[str, str]] = []
        self._listeners = []
        for name, engine in engines.items():

            def note(conn, cursor, statement, params, context, many, name=name):
                if not _BOOKKEEPING.search(statement):
                    self.log.append((name, statement))

            event.listen(engine, "before_cursor_execute", note)
            self._listeners.append((engine, note))

    def during(self, send):
        """The response of the request `send()` makes, and the statements it ran."""
        self.log.clear()
        response = send()
        return response, list(self.log)

    def served_by(self, send) -> tuple[str, object]:
        """Which engine answered the request `send()` makes, and its response."""
        response, log = self.during(send)
        busy = {name for name, _statement in log}
        assert len(busy) == 1, log[:5]
        return busy.pop(), response

    def close(self) -> None:
        for engine, note in self._listeners:
            event.remove(engine, "before_cursor_execute", note)


def _seed() -> dict[str, int]:
    units = [
        Unit(code=code, name=f"Sở thử {code}", short_name=code, kind="department", aliases=[])
        for code in ("SA", "SB")
    ]
    group = UnitGroup(code="NHOM", name="UBND các huyện thử", aliases=[])
    for unit in units:
        group.add_member(unit)
    hashed = hash_password(PASSWORD)
    people = {
        role: User(email=f"{role}@example.vn", full_name=role, role="office", active=True,
                   password_hash=hashed)
        for role in ("writer", "reader", "browser")
    }  # fmt: skip
    db.session.add_all([*units, group, Plan(code=PLAN, title="Kế hoạch CCHC", year=2026)])
    db.session.add_all(people.values())
    db.session.commit()
    return {role: user.id for role, user in people.items()}


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    redis_client = require_redis()
    local = os.environ.get("TEST_REPLICA_PRIMARY") == "local"
    folder = pg.temporary_folder(in_memory=not local)  # a copy of the local server may be big
    servers: list[pg.Server] = []
    app = statements = None
    ids: dict[str, int] = {}
    try:
        primary = pg.local_primary() if local else pg.own_primary(folder)
        servers.append(primary)
        with primary.connect() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
            conn.execute(f"CREATE DATABASE \"{DATABASE}\" ENCODING 'UTF8' TEMPLATE template0")
        replica = pg.replica_of(primary, folder)
        servers.append(replica)
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": primary.url(DATABASE),
                "DATABASE_REPLICA_URLS": (replica.url(DATABASE),),
                "DATABASE_REPLICA_MAX_LAG_SECONDS": 30,
                "REDIS_URL": REDIS_TEST_URL,
                "SERVER_NAME": "localhost",
            }
        )
        app.instance_path = str(tmp_path_factory.mktemp("instance"))
        with app.app_context():
            upgrade()  # on the primary: no request, no replica
            ids = _seed()
            tokens = {}
            for role, user_id in ids.items():
                row, tokens[role] = create_token(db.session.get(User, user_id), "t")
                # Past its once-a-minute bookkeeping write, which would mark its reader.
                row.last_used_at = utcnow() + timedelta(hours=1)
            db.session.commit()
            primary_engine = db.engine
        with app.test_request_context():
            writer = db.session.get(User, ids["writer"])
            feed_url = create_feed(writer, scope="plan", plan_code=PLAN)[1]
            db.session.remove()
        redis_client.delete(*(RedisMarks.key(user_id) for user_id in ids.values()))
        pg.wait_caught_up(primary, replica)
        statements = Statements(
            {"primary": primary_engine, "replica": app.extensions["replicas"].engines[0]}
        )
        yield {
            "app": app,
            "primary": primary,
            "replica": replica,
            "ids": ids,
            "api": {role: ApiClient(app.test_client(), tokens[role]) for role in tokens},
            "statements": statements,
            "feed_path": urlsplit(feed_url).path,
            "redis": redis_client,
        }
    finally:
        if statements is not None:
            statements.close()
        if app is not None:
            app.extensions["replicas"].dispose()
            with app.app_context():
                db.engine.dispose()
        if ids:
            redis_client.delete(*(RedisMarks.key(user_id) for user_id in ids.values()))
        for server in reversed(servers):
            with contextlib.suppress(Exception):
                server.stop()
        if servers and servers[0].data is None:  # the local server: drop the scratch database
            with contextlib.suppress(Exception), servers[0].connect() as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def replay_paused(world):
    pg.pause_replay(world["replica"])
    try:
        yield
    finally:
        pg.resume_replay(world["replica"])


def numbers(response) -> set[str]:
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return {item["task"]["number"] for item in response.json["items"]}


def listing(api):
    return lambda: api.get("/assignments", plan=PLAN)


def browser(world, settle: bool = True):
    """A signed-in browser; with `settle`, once the replica has replayed the sign-in's write."""
    client = world["app"].test_client()
    token = csrf_from(client, "/login")
    response = client.post(
        "/login", data={"email": "browser@example.vn", "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    if settle:
        pg.wait_caught_up(world["primary"], world["replica"])
    return client


def test_read_only_requests_are_answered_by_the_replica(world):
    served_by = world["statements"].served_by
    assert served_by(listing(world["api"]["reader"]))[0] == "replica"
    client = browser(world)
    for path in ("/status", "/tasks/", "/status.xlsx", f"/status/units?plan={PLAN}"):
        url = f"/api/v1{path}" if path.startswith("/status/units") else path
        engine, response = served_by(lambda url=url: client.get(url))
        assert response.status_code == 200, (url, response.status_code)
        assert engine == "replica", url
    # Not a read-only endpoint: the primary, though it only reads.
    assert served_by(lambda: client.get("/calendar"))[0] == "primary"


def test_the_writer_reads_their_write_from_the_primary_until_the_replica_replays_it(world):
    api, primary, replica = world["api"], world["primary"], world["replica"]
    served_by = world["statements"].served_by
    with replay_paused(world):
        response = api_create_task(
            api["writer"], local_today() + timedelta(days=10), number="R.1", title="Ghi rồi đọc"
        )
        assert response.status_code == 201, response.json
        started = time.perf_counter()
        # The replica really is behind: it has not the task yet.
        assert replica.value("SELECT count(*) FROM tasks WHERE number = 'R.1'", DATABASE) == 0
        engine, response = served_by(listing(api["writer"]))
        assert engine == "primary" and "R.1" in numbers(response)
        # Somebody who wrote nothing reads the replica, as it stands.
        engine, response = served_by(listing(api["reader"]))
        assert engine == "replica" and "R.1" not in numbers(response)
        # Their mark holds on every read-only endpoint.
        assert served_by(lambda: api["writer"].get("/status/units", plan=PLAN))[0] == "primary"
        mark = world["app"].extensions["written_lsn"].redis.get(world["ids"]["writer"])
        assert mark > pg.replayed(replica)
        assert world["redis"].ttl(RedisMarks.key(world["ids"]["writer"])) > 3000
    pg.wait_caught_up(primary, replica, mark)
    engine, response = served_by(listing(api["writer"]))
    assert engine == "replica" and "R.1" in numbers(response)
    assert served_by(listing(api["reader"]))[0] == "replica"
    assert time.perf_counter() - started < 10


def test_a_browser_keeps_its_mark_in_the_session_cookie(world):
    app, api, replica = world["app"], world["api"], world["replica"]
    served_by = world["statements"].served_by
    client = browser(world)
    assert served_by(lambda: client.get("/tasks/"))[0] == "replica"
    with replay_paused(world):
        token = csrf_from(client, "/calendar")
        due = (local_today() + timedelta(days=12)).isoformat()
        response = client.post(
            "/api/v1/tasks",
            headers={"X-CSRFToken": token},
            json={"plan_code": PLAN, "number": "R.2", "title": "Trình duyệt ghi",
                  "lead_units": ["UBND các huyện thử"], "due_date": due,
                  "expected_output": "Báo cáo"},
        )  # fmt: skip
        assert response.status_code == 201, response.json
        with client.session_transaction() as cookie:
            assert cookie[SESSION_KEY] > pg.replayed(replica)
        # Forget the user's mark in Redis and in memory: the cookie alone keeps them on the
        # primary (another web host, Redis flushed).
        world["redis"].delete(RedisMarks.key(world["ids"]["browser"]))
        app.extensions["written_lsn"] = FallbackMarks(REDIS_TEST_URL)
        engine, response = served_by(lambda: client.get("/tasks/"))
        assert engine == "primary" and "Trình duyệt ghi" in response.get_data(as_text=True)
        assert served_by(listing(api["reader"]))[0] == "replica"
    pg.wait_caught_up(world["primary"], replica)
    engine, response = served_by(lambda: client.get("/tasks/"))
    assert engine == "replica" and "Trình duyệt ghi" in response.get_data(as_text=True)


def test_a_replica_too_far_behind_is_not_read(world):
    app, api = world["app"], world["api"]
    served_by = world["statements"].served_by
    with replay_paused(world):
        assert api_create_task(api["writer"], local_today(), number="R.3").status_code == 201
        time.sleep(0.2)  # received, not replayed: the replica is behind by the pause's length
        app.config["DATABASE_REPLICA_MAX_LAG_SECONDS"] = 0
        try:
            engine, response = served_by(listing(api["reader"]))
        finally:
            app.config["DATABASE_REPLICA_MAX_LAG_SECONDS"] = 30
        assert engine == "primary" and "R.3" in numbers(response)
        assert served_by(listing(api["reader"]))[0] == "replica"
    pg.wait_caught_up(world["primary"], world["replica"])


def test_a_feed_reads_the_replica_and_writes_its_bookkeeping_to_the_primary(world):
    client, statements = world["app"].test_client(), world["statements"]
    # Its first fetch notes when it was used: reads on the replica until that write, then all
    # on the primary.
    response, log = statements.during(lambda: client.get(world["feed_path"]))
    assert response.status_code == 200 and b"BEGIN:VCALENDAR" in response.data
    engines = [name for name, _statement in log]
    write = next(i for i, (_name, sql) in enumerate(log) if sql.startswith("UPDATE calendar_feeds"))
    assert engines[0] == "replica" and set(engines[write:]) == {"primary"}
    pg.wait_caught_up(world["primary"], world["replica"])
    engine, response = statements.served_by(lambda: client.get(world["feed_path"]))
    assert engine == "replica" and b"BEGIN:VCALENDAR" in response.data


def test_reads_fall_back_to_the_primary_when_the_replica_is_down(world):
    api, served_by = world["api"], world["statements"].served_by
    assert served_by(listing(api["reader"]))[0] == "replica"
    world["replica"].stop()
    client = browser(world, settle=False)
    for send in (listing(api["reader"]), lambda: client.get("/status"), listing(api["reader"])):
        started = time.perf_counter()
        engine, response = served_by(send)
        assert engine == "primary" and response.status_code == 200
        assert time.perf_counter() - started < 3
    assert "R.1" in numbers(listing(api["reader"])())
